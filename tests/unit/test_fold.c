/* test_fold.c: conditions the status alone decides (sl_rule_fold_status) and what the plan
 * and packing make of them. A decided `when` must agree with the evaluator on every record of
 * that status; a regex that runs before the decision keeps the condition evaluated (its
 * give-ups count); a plan leaves out the rules a status makes false and marks those it makes
 * true; and the payloads aggregate rules pack with the per-line caches (shared `by` prefixes,
 * hashes of one value for several rules, folded counters) are those a lone rule packs. The
 * condition a rule gets for one status (sl_rule_status_roots: the parts the status decides
 * taken out) gives what the whole condition gives, and still runs a regex the whole one runs. */
#include "rule/rule_int.h"
#include "test_rules_fixture.h"
#include "tinytest.h"
#include <stdlib.h>

static const char *const YML =
    "rules:\n"
    "  - id: f.ge\n    when: status >= 500\n    message: m\n"
    "  - id: f.regex-first\n    when: user_agent =~ \"bot\" or status >= 500\n    message: m\n"
    "  - id: f.regex-after\n    when: status == 500 and user_agent =~ \"bot\"\n    message: m\n"
    "  - id: f.registered\n    when: not registered(status) and status not in (444, 499)\n    message: m\n"
    "  - id: f.mixed\n    when: status >= 400 or (status in (301, 302) and method in (\"POST\", \"PUT\"))\n"
    "    message: m\n"
    "  - id: f.codes\n    codes: [410, 200, 204]\n    when: status == 410 or status in 200..299\n"
    "    message: m\n"
    "  - id: f.fields\n    when: exists(client) and method != \"HEAD\"\n    message: m\n"
    "  - id: f.creds\n    when: (exists(client) and status != 403) or"
    " (status == 403 and not exists(client) and method != \"OPTIONS\")\n    message: m\n"
    "  - id: f.regex-mid\n    when: status != 404 and user_agent =~ \"bot\" and status == 500\n"
    "    message: m\n"
    "  - id: a.route\n    when: status >= 100\n"
    "    aggregate: {by: [host, route], window: 60s, count: {e: status >= 500 and status <= 599},"
    " having: e >= 2}\n"
    "  - id: a.top\n    codes: [200, 503]\n    when: exists(client)\n"
    "    aggregate:\n      by: [host, route]\n      window: 60s\n      count: {limited: status == 503}\n"
    "      top: {field: client, of: limited}\n      having: limited >= 2\n"
    "    message: '{top} {route}'\n"
    "  - id: a.client\n    when: status >= 200\n"
    "    aggregate: {by: [host, client, path], window: 60s, distinct: client,"
    " learn: {from: status == 404, value: client}, having: count >= 2}\n"
    "    message: '{client} {user_agent}'\n"
    "  - id: a.seq\n    codes: [410, 200]\n    when: status == 410 or status == 200\n"
    "    sequence: {by: [host], within: 1h, first: status == 410, then: status == 200}\n"
    "    message: '{first.client} {count}'\n";

static size_t rule_id(const char *id)
{
    long i = sl_ruleset_find(rs, id);
    CHECK(i >= 0);
    return i < 0 ? 0 : (size_t)i;
}

static int fold_of(const char *id, int status)
{
    const uint8_t *f = rs->rules[rule_id(id)].sfold;
    return f ? f[status] : 0;
}

TEST(fold_tables)
{
    INT_EQ(fold_of("f.ge", 503), SL_FOLD_TRUE);
    INT_EQ(fold_of("f.ge", 200), SL_FOLD_FALSE);
    INT_EQ(fold_of("f.ge", 0), SL_FOLD_FALSE);
    /* the regex runs first: its give-ups count, so the condition is always evaluated */
    INT_EQ(fold_of("f.regex-first", 503), 0);
    INT_EQ(fold_of("f.regex-first", 200), 0);
    /* decided before the regex is reached */
    INT_EQ(fold_of("f.regex-after", 200), SL_FOLD_FALSE);
    INT_EQ(fold_of("f.regex-after", 500), 0);
    INT_EQ(fold_of("f.registered", 200), SL_FOLD_FALSE);
    INT_EQ(fold_of("f.registered", 299), SL_FOLD_TRUE);
    INT_EQ(fold_of("f.registered", 499), SL_FOLD_FALSE);
    INT_EQ(fold_of("f.mixed", 404), SL_FOLD_TRUE);
    INT_EQ(fold_of("f.mixed", 302), 0);
    INT_EQ(fold_of("f.mixed", 200), SL_FOLD_FALSE);
    INT_EQ(fold_of("f.codes", 410), SL_FOLD_TRUE);
    INT_EQ(fold_of("f.codes", 204), SL_FOLD_TRUE);
    CHECK(rs->rules[rule_id("f.fields")].sfold == NULL); /* nothing the status decides */
    const aggspec *a = rs->rules[rule_id("a.route")].agg;
    CHECK(a->ctr_fold[0] != NULL);
    INT_EQ(a->ctr_fold[0][502], SL_FOLD_TRUE);
    INT_EQ(a->ctr_fold[0][200], SL_FOLD_FALSE);
}

/* A record "k=v k=v" (fields by name). */
static void make(sl_record *rec, char *store, const char *spec)
{
    sl_record_clear(rec);
    strcpy(store, spec);
    for (char *tok = strtok(store, " "); tok; tok = strtok(NULL, " ")) {
        char *eq = strchr(tok, '=');
        *eq = 0;
        rec->v[sl_fields_find(ft, tok, strlen(tok))] = sl_slice_cstr(eq + 1);
    }
    sl_record_set_status(rec);
}

static bool dispatched(const rule *r, int status)
{
    if (r->anystatus) return true;
    for (size_t k = 0; k < r->ndisp; k++)
        if (r->disp[k] == status) return true;
    return false;
}

static const char *const OTHERS[] = {
    "method=GET user_agent=Mozilla client=192.0.2.1 host=a.example path=/users/12",
    "method=POST user_agent=googlebot client=192.0.2.2 host=a.example path=/users/13",
    "method=HEAD host=b.example path=/x",
};

/* Every status, a few records each: a decided condition is what the evaluator says, and the
 * plan's list for the status holds exactly the rules that may hold, marked when they do. */
TEST(fold_agrees_with_evaluator)
{
    sl_evaluator *ev = sl_evaluator_new(rs);
    sl_record rec;
    char store[512], spec[600];
    int wrong = 0, badplan = 0;
    for (int c = 0; c < SL_RULE_NCODES; c++) {
        size_t n;
        const uint32_t *list = sl_rule_plan_list(plan, c, &n);
        for (size_t ri = 0; ri < rs->nrules; ri++) {
            const rule *r = &rs->rules[ri];
            uint8_t f = r->sfold ? r->sfold[c] : 0;
            bool listed = false, marked = false;
            for (size_t k = 0; k < n; k++)
                if ((list[k] & ~SL_PLAN_WHEN_TRUE) == ri)
                    listed = true, marked = (list[k] & SL_PLAN_WHEN_TRUE) != 0;
            if (listed != (dispatched(r, c) && f != SL_FOLD_FALSE) || marked != (listed && f == SL_FOLD_TRUE))
                badplan++;
            for (size_t o = 0; o < sizeof OTHERS / sizeof *OTHERS; o++) {
                snprintf(spec, sizeof spec, "status=%d %s", c, OTHERS[o]);
                make(&rec, store, spec);
                bool got = sl_rule_run(ev, ri, &rec);
                if (f && got != (f == SL_FOLD_TRUE)) wrong++;
            }
        }
    }
    INT_EQ(wrong, 0);
    INT_EQ(badplan, 0);
    sl_evaluator_free(ev);
}

static const cnode *node(uint32_t ni) { return &rs->nodes[ni]; }

/* What the residuals of two conditions are made of. */
TEST(status_roots_shape)
{
    const rule *r = &rs->rules[rule_id("f.creds")];
    CHECK(r->sroot != NULL);
    if (!r->sroot) return;
    /* a 200: `exists(client)` alone */
    const cnode *n = node(r->sroot[200]);
    INT_EQ(n->kind, C_CALL);
    INT_EQ(n->op, SL_CALL_EXISTS);
    /* a 403: `not exists(client) and method != "OPTIONS"` */
    n = node(r->sroot[403]);
    INT_EQ(n->kind, C_AND);
    INT_EQ(n->b, 2);
    INT_EQ(node(rs->kids[n->a])->kind, C_NOT);
    /* the regex of f.regex-mid runs before `status == 500` decides a 200: it stays, then false */
    r = &rs->rules[rule_id("f.regex-mid")];
    CHECK(r->sroot != NULL);
    if (!r->sroot) return;
    n = node(r->sroot[200]);
    INT_EQ(n->kind, C_AND);
    INT_EQ(n->b, 2);
    INT_EQ(node(rs->kids[n->a])->kind, C_MATCH);
    INT_EQ(node(rs->kids[n->a + 1])->kind, C_FALSE);
    CHECK(r->sroot[500] != r->root); /* a 500: the regex alone */
    INT_EQ(node(r->sroot[500])->kind, C_MATCH);
    CHECK(rs->rules[rule_id("f.fields")].sroot == NULL); /* nothing to take out */
}

static void on_hit_bits(void *ctx, size_t ri, sl_severity sev, const char *msg, size_t len)
{
    (void)sev, (void)msg, (void)len;
    ((bool *)ctx)[ri] = true;
}

static void on_agg_bits(void *ctx, size_t ri, const void *p, size_t len)
{
    (void)p, (void)len;
    ((bool *)ctx)[ri] = true;
}

/* Every status and record: the rules sl_evaluate takes (through the plan and the residuals)
 * are those whose whole condition holds, and each residual gives what the whole condition
 * gives. */
TEST(status_roots_agree)
{
    static const char *const MORE[] = {
        "method=GET user_agent=Mozilla client=192.0.2.1 host=a.example path=/users/12",
        "method=OPTIONS user_agent=googlebot host=a.example path=/x",
        "method=POST user_agent=googlebot client=192.0.2.2 host=a.example path=/users/13",
        "method=HEAD user_agent=curl host=b.example path=/x",
    };
    sl_evaluator *ev = sl_evaluator_new(rs);
    bool took[64] = {false};
    CHECK(rs->nrules <= 64);
    sl_evaluator_on_aggregate(ev, on_agg_bits, took);
    sl_record rec;
    char store[512], spec[600];
    int wrong = 0, differ = 0, residuals = 0;
    for (int c = 0; c < SL_RULE_NCODES; c++)
        for (size_t o = 0; o < sizeof MORE / sizeof *MORE; o++) {
            snprintf(spec, sizeof spec, "status=%d %s", c, MORE[o]);
            make(&rec, store, spec);
            memset(took, 0, sizeof took);
            sl_evaluate(ev, plan, &rec, on_hit_bits, took);
            for (size_t ri = 0; ri < rs->nrules && ri < 64; ri++) {
                const rule *r = &rs->rules[ri];
                bool whole = sl_rule_run(ev, ri, &rec);
                if (took[ri] != (dispatched(r, c) && whole)) wrong++;
                if (r->sroot && r->sroot[c] != r->root) {
                    residuals++;
                    if (sl_rule_eval_node(ev, &rec, r->sroot[c]) != whole) differ++;
                }
            }
        }
    INT_EQ(wrong, 0);
    INT_EQ(differ, 0);
    CHECK(residuals > 1000);
    sl_evaluator_free(ev);
}

typedef struct got {
    struct { char payload[SL_AGG_PAYLOAD_MAX]; size_t len, rule; } e[16];
    size_t n;
} got;

static void on_agg(void *ctx, size_t ri, const void *p, size_t len)
{
    got *g = ctx;
    if (g->n == 16) return;
    memcpy(g->e[g->n].payload, p, len);
    g->e[g->n].len = len, g->e[g->n++].rule = ri;
}

/* Several aggregate rules of one record share what they hash; each payload is what the rule
 * packs alone on a fresh evaluator. */
TEST(shared_packing_is_exact)
{
    static const char *const LINES[] = {
        "status=503 method=GET client=192.0.2.9 host=a.example path=/users/12",
        "status=200 method=GET client=192.0.2.9 host=a.example path=/users/12",
        "status=404 method=GET client=192.0.2.7 host=a.example path=/users/99/orders",
        "status=410 method=GET client=192.0.2.5 host=b.example path=/gone",
        "status=200 method=GET host=b.example path=/gone",
        "status=502 method=GET client=192.0.2.9 path=/users/12",
    };
    sl_evaluator *ev = sl_evaluator_new(rs);
    got g;
    sl_evaluator_on_aggregate(ev, on_agg, &g);
    sl_record rec;
    char store[512], alone[SL_AGG_PAYLOAD_MAX];
    size_t packed = 0;
    for (int round = 0; round < 2; round++) /* the second round: the caches are warm */
        for (size_t i = 0; i < sizeof LINES / sizeof *LINES; i++) {
            make(&rec, store, LINES[i]);
            g.n = 0;
            sl_evaluate(ev, plan, &rec, NULL, NULL);
            for (size_t k = 0; k < g.n; k++) {
                sl_evaluator *fresh = sl_evaluator_new(rs);
                const rule *r = &rs->rules[g.e[k].rule];
                CHECK(sl_rule_run(fresh, g.e[k].rule, &rec));
                size_t len = sl_rule_agg_pack(fresh, r, &rec, alone);
                INT_EQ(len, g.e[k].len);
                CHECK(len == g.e[k].len && memcmp(alone, g.e[k].payload, len) == 0);
                sl_evaluator_free(fresh);
                packed++;
            }
        }
    CHECK(packed >= 20);
    sl_evaluator_free(ev);
}

int main(void)
{
    rules_load(YML);
    RUN(fold_tables);
    RUN(fold_agrees_with_evaluator);
    RUN(status_roots_shape);
    RUN(status_roots_agree);
    RUN(shared_packing_is_exact);
    rules_free();
    return tt_report();
}
