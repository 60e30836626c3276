/* test_config.c: project settings (.statuslint.yml): schema errors with did-you-mean,
 * rule paths relative to the settings file, disable / severity overrides, suppressions
 * with `when`, and expiry (an expired suppression warns and stops applying). */
#include "rule/rule_int.h"
#include "tinytest.h"
#include <stdlib.h>
#include <unistd.h>

static sl_fields *ft;
static char dir[] = "/tmp/sl_cfg_XXXXXX";

static const char *rules_yml =
    "rules:\n"
    "  - id: dav.207-get\n    severity: warning\n    codes: [207]\n    when: method == \"GET\"\n"
    "  - id: body.204\n    severity: error\n    codes: [204]\n    when: bytes > 0\n";

static char *write_cfg(const char *text)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/.statuslint.yml", dir);
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

static sl_ruleset *ruleset(void)
{
    sl_diags d;
    sl_diags_init(&d);
    sl_ruleset *rs = sl_ruleset_new(ft);
    sl_ruleset_add_buffer(rs, "r.yml", rules_yml, strlen(rules_yml), &d);
    sl_ruleset_finish(rs, &d);
    sl_diags_fini(&d);
    return rs;
}

static char *printed(const sl_diags *d, char *out, size_t n)
{
    FILE *f = fmemopen(out, n, "w");
    sl_diags_print(d, f, false);
    fclose(f);
    /* drop the temporary directory from file names */
    for (char *p; (p = strstr(out, dir));) memmove(p, p + strlen(dir) + 1, strlen(p + strlen(dir) + 1) + 1);
    return out;
}

TEST(unknown_keys)
{
    sl_config cfg;
    sl_diags d;
    char out[2048];
    sl_diags_init(&d);
    INT_EQ(sl_config_load(write_cfg("disabel: [x]\nfail_on: sometimes\n"), &cfg, &d), SL_ERULE);
    printed(&d, out, sizeof out);
    STR_EQ(out, ".statuslint.yml:1:1: error: unknown key 'disabel' in settings; did you mean 'disable'?\n"
                "  disabel: [x]\n"
                "  ^~~~~~~\n"
                ".statuslint.yml:2:10: error: `fail_on` must be error, warning, info or none\n"
                "  fail_on: sometimes\n"
                "           ^~~~~~~~~\n");
    sl_config_fini(&cfg);
    sl_diags_fini(&d);
}

TEST(paths_and_levels)
{
    sl_config cfg;
    sl_diags d;
    char want[300];
    sl_diags_init(&d);
    /* an absolute path is outside the settings file's tree: allowed under --config-root / */
    INT_EQ(sl_config_load_within(write_cfg("rules: [extra, /abs/x.yml]\nlog_format: combined\nfail_on: warning\n"
                                           "disable: [body.204]\nseverity: {dav.207-get: error}\n"),
                                 "/", &cfg, &d), SL_OK);
    INT_EQ(cfg.nrule_paths, 2);
    snprintf(want, sizeof want, "%s/extra", dir);
    STR_EQ(cfg.rule_paths[0], want);
    STR_EQ(cfg.rule_paths[1], "/abs/x.yml");
    STR_EQ(cfg.log_format, "combined");
    INT_EQ(cfg.fail_on, SL_SEV_WARNING);
    sl_ruleset *rs = ruleset();
    INT_EQ(sl_config_apply(&cfg, rs, 0, &d), SL_OK);
    INT_EQ(sl_ruleset_info(rs, 0)->severity, SL_SEV_ERROR);
    INT_EQ(sl_ruleset_info(rs, 0)->default_severity, SL_SEV_WARNING);
    INT_EQ(sl_ruleset_info(rs, 1)->enabled, 0);
    sl_ruleset_free(rs);
    sl_config_fini(&cfg);
    sl_diags_fini(&d);
}

/* Rule paths of a settings file stay in its directory tree: no absolute path, no `..` out
 * of it, no symbolic link leading out of it; --config-root moves the boundary. */
TEST(paths_confined)
{
    sl_config cfg;
    sl_diags d;
    char out[4096], path[300], real[300];
    sl_diags_init(&d);
    INT_EQ(sl_config_load(write_cfg("rules: [/etc/passwd, ../up.yml, a/../../up.yml, a/../in.yml, ./b/c/]\n"),
                          &cfg, &d), SL_ERULE);
    INT_EQ(d.errors, 3);
    printed(&d, out, sizeof out);
    CHECK(strstr(out, ".statuslint.yml:1:9: error: rule path '/etc/passwd' leads outside "));
    CHECK(strstr(out, ".statuslint.yml:1:22: error: rule path '../up.yml' leads outside "));
    CHECK(strstr(out, ".statuslint.yml:1:33: error: rule path 'a/../../up.yml' leads outside "));
    CHECK(!strstr(out, "'a/../in.yml' leads"));
    CHECK(!strstr(out, "'./b/c/' leads"));
    sl_diags_fini(&d);
    /* the parent is allowed once the root is widened to it */
    sl_diags_init(&d);
    snprintf(path, sizeof path, "%s/..", dir);
    INT_EQ(sl_config_load_within(write_cfg("rules: [../up.yml]\n"), path, &cfg, &d), SL_OK);
    INT_EQ(cfg.nrule_paths, 1);
    sl_config_fini(&cfg);
    /* a symbolic link inside the tree that leads out of it is not read */
    INT_EQ(sl_config_load(write_cfg("rules: [link.yml]\n"), &cfg, &d), SL_OK);
    snprintf(path, sizeof path, "%s/link.yml", dir);
    CHECK(symlink("/etc/passwd", path) == 0);
    sl_ruleset *rs = sl_ruleset_new(ft);
    INT_EQ(sl_ruleset_add_path_within(rs, path, cfg.rule_root, &d), SL_ERULE);
    printed(&d, out, sizeof out);
    CHECK(strstr(out, "link.yml: error: rule file resolves to a place outside "));
    CHECK(!strstr(out, "root:"));
    unlink(path);
    /* one that stays inside is */
    snprintf(real, sizeof real, "%s/real.yml", dir);
    FILE *f = fopen(real, "w");
    fputs(rules_yml, f);
    fclose(f);
    CHECK(symlink("real.yml", path) == 0);
    sl_diags_fini(&d);
    sl_diags_init(&d);
    INT_EQ(sl_ruleset_add_path_within(rs, path, cfg.rule_root, &d), SL_OK);
    INT_EQ(d.errors, 0);
    unlink(path);
    unlink(real);
    sl_ruleset_free(rs);
    sl_config_fini(&cfg);
    sl_diags_fini(&d);
}

/* A file that is not a settings file at all (a key, an environment dump) is named, never shown. */
TEST(foreign_file_not_shown)
{
    sl_config cfg;
    sl_diags d;
    char out[2048];
    sl_diags_init(&d);
    INT_EQ(sl_config_load(write_cfg("AWS_SECRET_ACCESS_KEY=hunter2\n"), &cfg, &d), SL_ERULE);
    INT_EQ(sl_config_load(write_cfg("password: hunter2\n"), &cfg, &d), SL_ERULE);
    INT_EQ(sl_config_load(write_cfg("token: [hunter2\n"), &cfg, &d), SL_ERULE);
    INT_EQ(sl_config_load(write_cfg("a: 1\na: hunter2\n"), &cfg, &d), SL_ERULE);
    INT_EQ(d.errors, 5); /* the last: a duplicate key, and then no settings key at all */
    printed(&d, out, sizeof out);
    CHECK(!strstr(out, "hunter2"));
    CHECK(!strstr(out, "password"));
    CHECK(strstr(out, ".statuslint.yml:1:1: error: settings are a mapping"));
    CHECK(strstr(out, "invalid YAML"));
    sl_diags_fini(&d);
}

TEST(unknown_rule_ids)
{
    sl_config cfg;
    sl_diags d;
    char out[2048];
    sl_diags_init(&d);
    INT_EQ(sl_config_load(write_cfg("disable: [body.205]\n"), &cfg, &d), SL_OK);
    sl_ruleset *rs = ruleset();
    INT_EQ(sl_config_apply(&cfg, rs, 0, &d), SL_ERULE);
    printed(&d, out, sizeof out);
    STR_EQ(out, ".statuslint.yml:1:11: error: unknown rule id 'body.205'; did you mean 'body.204'?\n"
                "  disable: [body.205]\n"
                "            ^~~~~~~~\n");
    sl_ruleset_free(rs);
    sl_config_fini(&cfg);
    sl_diags_fini(&d);
}

static size_t hits;
static void on_hit(void *ctx, size_t r, sl_severity s, const char *m, size_t n)
{
    (void)ctx, (void)r, (void)s, (void)m, (void)n;
    hits++;
}

static size_t eval(sl_ruleset *rs, const char *method, const char *path, uint64_t *suppressed)
{
    sl_record rec;
    sl_record_clear(&rec);
    rec.v[SL_F_METHOD] = sl_slice_cstr(method);
    rec.v[SL_F_PATH] = sl_slice_cstr(path);
    rec.v[SL_F_STATUS] = SL_SLICE_LIT("207");
    sl_record_set_status(&rec);
    sl_plan *p = sl_plan_new(rs, NULL, NULL, NULL);
    sl_evaluator *ev = sl_evaluator_new(rs);
    hits = 0;
    sl_evaluate(ev, p, &rec, on_hit, NULL);
    *suppressed = sl_evaluator_stats(ev)->suppressed;
    sl_evaluator_free(ev);
    sl_plan_free(p);
    return hits;
}

TEST(suppress_and_expiry)
{
    sl_config cfg;
    sl_diags d;
    char out[2048];
    uint64_t sup;
    int64_t jan31 = 1769817600; /* 2026-01-31T00:00:00Z */
    sl_diags_init(&d);
    INT_EQ(sl_config_load(write_cfg("suppress:\n"
                                    "  - rule: dav.207-get\n    when: path startswith \"/bulk\"\n"
                                    "    reason: contractual JSON multi-status\n    expires: 2026-01-31\n"),
                          &cfg, &d), SL_OK);
    sl_ruleset *rs = ruleset();
    INT_EQ(sl_config_apply(&cfg, rs, jan31 + 3600, &d), SL_OK); /* the last day still applies */
    INT_EQ(d.warnings, 0);
    INT_EQ(eval(rs, "GET", "/bulk/1", &sup), 0);
    INT_EQ(sup, 1);
    INT_EQ(eval(rs, "GET", "/other", &sup), 1);
    sl_ruleset_free(rs);
    rs = ruleset();
    INT_EQ(sl_config_apply(&cfg, rs, jan31 + 86400, &d), SL_OK);
    INT_EQ(d.warnings, 1);
    printed(&d, out, sizeof out);
    STR_EQ(out, ".statuslint.yml:5:14: warning: suppression of 'dav.207-get' expired on 2026-01-31; "
                "it no longer applies\n"
                "      expires: 2026-01-31\n"
                "               ^~~~~~~~~~\n");
    INT_EQ(eval(rs, "GET", "/bulk/1", &sup), 1);
    INT_EQ(sup, 0);
    sl_ruleset_free(rs);
    sl_config_fini(&cfg);
    sl_diags_fini(&d);
}

TEST(suppress_errors)
{
    sl_config cfg;
    sl_diags d;
    char out[4096];
    sl_diags_init(&d);
    INT_EQ(sl_config_load(write_cfg("suppress:\n  - rule: dav.207-get\n    when: pth == \"/x\"\n"
                                    "    reasn: typo\n    expires: 2026-13-01\n"),
                          &cfg, &d), SL_ERULE);
    printed(&d, out, sizeof out);
    CHECK(strstr(out, ".statuslint.yml:4:5: error: unknown key 'reasn' in suppression; did you mean 'reason'?"));
    CHECK(strstr(out, "error: a suppression needs a `reason`"));
    CHECK(strstr(out, ".statuslint.yml:5:14: error: `expires` must be a date YYYY-MM-DD"));
    CHECK(cfg.priv == NULL); /* a failed load cleans up after itself */
    sl_config_fini(&cfg);
    sl_diags_fini(&d);
    sl_diags_init(&d);
    INT_EQ(sl_config_load(write_cfg("suppress:\n  - rule: dav.207-get\n    when: pth == \"/x\"\n"
                                    "    reason: typo\n"),
                          &cfg, &d), SL_OK);
    sl_ruleset *rs = ruleset();
    INT_EQ(sl_config_apply(&cfg, rs, 0, &d), SL_ERULE);
    printed(&d, out, sizeof out);
    CHECK(strstr(out, ".statuslint.yml:3:11: error: unknown name 'pth'; did you mean 'path'?"));
    sl_ruleset_free(rs);
    sl_config_fini(&cfg);
    sl_diags_fini(&d);
}

int main(void)
{
    char path[300];
    if (!mkdtemp(dir)) return 1;
    ft = sl_fields_new();
    RUN(unknown_keys);
    RUN(paths_and_levels);
    RUN(paths_confined);
    RUN(foreign_file_not_shown);
    RUN(unknown_rule_ids);
    RUN(suppress_and_expiry);
    RUN(suppress_errors);
    sl_fields_free(ft);
    snprintf(path, sizeof path, "%s/.statuslint.yml", dir);
    unlink(path);
    rmdir(dir);
    return tt_report();
}
