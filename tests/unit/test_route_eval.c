/* test_route_eval.c: the `route` field in the rule engine: conditions, messages, exists(),
 * suppressions and `routes:` settings read it; it is derived from the path of the record
 * being evaluated (never stale from the record before, never taken from the log), and it
 * is supplied whenever path is. */
#include "rule/rule_int.h"
#include "tinytest.h"
#include <stdlib.h>
#include <unistd.h>

static sl_fields *ft;
static char dir[] = "/tmp/sl_route_XXXXXX";

static const char *rules_yml =
    "rules:\n"
    "  - id: r.users\n    severity: warning\n    codes: [404]\n"
    "    when: route == \"/users/{int}\"\n    message: \"{path} is {route}\"\n"
    "  - id: r.named\n    severity: info\n    codes: [404]\n"
    "    when: route startswith \"/users/{id}\"\n    message: \"named {route}\"\n"
    "  - id: r.noroute\n    severity: info\n    codes: [410]\n"
    "    when: not exists(route)\n    message: \"none: {route}\"\n";

static sl_ruleset *ruleset(const char *settings)
{
    sl_diags d;
    sl_diags_init(&d);
    sl_ruleset *rs = sl_ruleset_new(ft);
    sl_ruleset_add_buffer(rs, "r.yml", rules_yml, strlen(rules_yml), &d);
    INT_EQ(sl_ruleset_finish(rs, &d), SL_OK);
    if (settings) {
        char path[300];
        snprintf(path, sizeof path, "%s/.statuslint.yml", dir);
        FILE *f = fopen(path, "w");
        fputs(settings, f);
        fclose(f);
        sl_config cfg;
        INT_EQ(sl_config_load(path, &cfg, &d), SL_OK);
        INT_EQ(sl_config_apply(&cfg, rs, 0, &d), SL_OK);
        sl_config_fini(&cfg);
        unlink(path);
    }
    INT_EQ(d.errors, 0);
    sl_diags_fini(&d);
    return rs;
}

static char got[4][256];
static size_t ngot;

static void on_hit(void *ctx, size_t r, sl_severity s, const char *m, size_t n)
{
    (void)ctx, (void)r, (void)s;
    if (ngot < 4) snprintf(got[ngot++], sizeof got[0], "%.*s", (int)n, m);
}

static size_t eval(sl_evaluator *ev, const sl_plan *p, sl_record *rec, const char *path, int status)
{
    char st[8];
    snprintf(st, sizeof st, "%d", status);
    rec->v[SL_F_PATH] = path ? sl_slice_cstr(path) : SL_SLICE_NULL;
    rec->v[SL_F_STATUS] = sl_slice_cstr(st);
    sl_record_set_status(rec);
    ngot = 0;
    return sl_evaluate(ev, p, rec, on_hit, NULL);
}

TEST(route_in_conditions_and_messages)
{
    sl_ruleset *rs = ruleset(NULL);
    sl_plan *p = sl_plan_new(rs, NULL, NULL, NULL);
    sl_evaluator *ev = sl_evaluator_new(rs);
    sl_record rec;
    sl_record_clear(&rec);
    INT_EQ(eval(ev, p, &rec, "/users/42", 404), 1);
    STR_EQ(got[0], "/users/42 is /users/{int}");
    /* the next record's route is its own, not the one computed for the record before */
    INT_EQ(eval(ev, p, &rec, "/users/me", 404), 0);
    INT_EQ(eval(ev, p, &rec, "/users/7", 404), 1);
    STR_EQ(got[0], "/users/7 is /users/{int}");
    /* a route a log writes itself is ignored: it is the path's */
    rec.v[SL_F_ROUTE] = SL_SLICE_LIT("/users/{int}");
    INT_EQ(eval(ev, p, &rec, "/orders/7", 404), 0);
    rec.v[SL_F_ROUTE] = SL_SLICE_NULL;
    /* no path, no route */
    INT_EQ(eval(ev, p, &rec, NULL, 410), 1);
    STR_EQ(got[0], "none: -");
    INT_EQ(eval(ev, p, &rec, "/x", 410), 0);
    SLICE_EQ(sl_evaluator_route(ev, &rec), "/x");
    sl_evaluator_free(ev);
    sl_plan_free(p);
    sl_ruleset_free(rs);
}

TEST(route_from_settings_patterns)
{
    sl_ruleset *rs = ruleset("routes:\n  - /users/{id}\n  - /users/me\n");
    INT_EQ(sl_routes_count(sl_ruleset_routes(rs)), 2);
    sl_plan *p = sl_plan_new(rs, NULL, NULL, NULL);
    sl_evaluator *ev = sl_evaluator_new(rs);
    sl_record rec;
    sl_record_clear(&rec);
    INT_EQ(eval(ev, p, &rec, "/users/42", 404), 1); /* the pattern names it: r.users is off */
    STR_EQ(got[0], "named /users/{id}");
    INT_EQ(eval(ev, p, &rec, "/users/me", 404), 0); /* the literal pattern wins */
    SLICE_EQ(sl_evaluator_route(ev, &rec), "/users/me");
    sl_evaluator_free(ev);
    sl_plan_free(p);
    sl_ruleset_free(rs);
}

TEST(route_in_suppressions)
{
    sl_ruleset *rs = ruleset("suppress:\n  - rule: r.users\n    when: route == \"/users/{int}\"\n"
                             "    reason: known\n");
    sl_plan *p = sl_plan_new(rs, NULL, NULL, NULL);
    sl_evaluator *ev = sl_evaluator_new(rs);
    sl_record rec;
    sl_record_clear(&rec);
    INT_EQ(eval(ev, p, &rec, "/users/42", 404), 0);
    INT_EQ(sl_evaluator_stats(ev)->suppressed, 1);
    sl_evaluator_free(ev);
    sl_plan_free(p);
    sl_ruleset_free(rs);
}

/* The evaluator keeps the routes of recent paths: over many paths that collide in its cache,
 * paths seen again, paths too long for it, with and without patterns, each route is what
 * sl_route gives that path. */
TEST(route_cache_matches_sl_route)
{
    sl_ruleset *rs[2] = {ruleset(NULL), ruleset("routes:\n  - /users/{id}/orders\n")};
    for (int k = 0; k < 2; k++) {
        sl_plan *p = sl_plan_new(rs[k], NULL, NULL, NULL);
        sl_evaluator *ev = sl_evaluator_new(rs[k]);
        sl_record rec;
        sl_record_clear(&rec);
        char path[400], want[3000];
        int bad = 0;
        for (int round = 0; round < 3; round++)
            for (int i = 0; i < 5000; i++) {
                int kind = i % 5;
                if (kind == 0) snprintf(path, sizeof path, "/users/%d/orders", i);
                else if (kind == 1) snprintf(path, sizeof path, "/static/v%d/app-%x.js", i % 37, i * 2654435761u);
                else if (kind == 2) snprintf(path, sizeof path, "/p/%d", i % 50); /* repeats */
                else if (kind == 3) snprintf(path, sizeof path, "/a%0*d", 150 + i % 100, i); /* long */
                else snprintf(path, sizeof path, "/%c", 'a' + i % 26);
                eval(ev, p, &rec, path, 404);
                sl_slice got_r = sl_evaluator_route(ev, &rec);
                size_t n = sl_route(sl_ruleset_routes(rs[k]), sl_slice_cstr(path), want, sizeof want);
                if (got_r.n != n || memcmp(got_r.p, want, n) != 0) bad++;
            }
        INT_EQ(bad, 0);
        sl_evaluator_free(ev);
        sl_plan_free(p);
        sl_ruleset_free(rs[k]);
    }
}

TEST(route_supplied_with_path)
{
    sl_fieldset s = {0};
    CHECK(!sl_fieldset_has(&s, SL_F_ROUTE));
    sl_fieldset_add(&s, SL_F_PATH);
    CHECK(sl_fieldset_has(&s, SL_F_ROUTE));
    STR_EQ(sl_fields_name(ft, SL_F_ROUTE), "route");
}

int main(void)
{
    if (!mkdtemp(dir)) return 1;
    ft = sl_fields_new();
    RUN(route_in_conditions_and_messages);
    RUN(route_from_settings_patterns);
    RUN(route_in_suppressions);
    RUN(route_cache_matches_sl_route);
    RUN(route_supplied_with_path);
    sl_fields_free(ft);
    rmdir(dir);
    return tt_report();
}
