/* fuzz_rule_compile.c: fuzzes the rule-file loader and compiler (YAML, lists, macros, the
 * expression language, regexes, templates, tests) with sl_ruleset_add_buffer + finish on
 * the raw input. A file that loads is listed, explained and self-tested (which evaluates
 * its rules on their own test lines); diagnostics are rendered. Checks: errors and the
 * status agree, and every diagnostic position is sane. */
#include "fuzz_common.h"
#include "rule/rule.h"

static FILE *sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    sink = fopen("/dev/null", "w");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!sink) LLVMFuzzerInitialize(NULL, NULL);
    sl_fields *ft = sl_fields_new();
    sl_ruleset *rs = sl_ruleset_new(ft);
    sl_diags d;
    sl_diags_init(&d);
    char *text = fz_dup(data, size);
    sl_status a = sl_ruleset_add_buffer(rs, "fuzz.yml", text, size, &d);
    sl_status b = sl_ruleset_finish(rs, &d);
    free(text);
    FZ_CHECK((a == SL_OK && b == SL_OK) == (d.errors == 0));
    for (size_t i = 0; i < d.n; i++) {
        FZ_CHECK(d.v[i].line >= 0 && d.v[i].col >= 0 && d.v[i].msg);
        FZ_CHECK(d.v[i].line <= (int)size + 1);
    }
    /* Rendering is fuzzed too (it once over-read a source line cut at a NUL); set
       SL_FUZZ_SKIP_DIAG_PRINT=1 to fuzz the loader alone. */
    if (!getenv("SL_FUZZ_SKIP_DIAG_PRINT")) sl_diags_print(&d, sink, (size & 1) != 0);
    if (d.errors == 0) {
        sl_fields_freeze(ft);
        sl_ruleset_list(rs, sink, true);
        sl_ruleset_list(rs, sink, false);
        for (size_t i = 0; i < sl_ruleset_count(rs); i++) {
            const sl_rule_info *ri = sl_ruleset_info(rs, i);
            FZ_CHECK(ri && ri->id && sl_ruleset_find(rs, ri->id) == (long)i);
            sl_rule_explain(rs, i, sink);
        }
        sl_ruleset_selftest(rs, sink, NULL, 0);
    }
    sl_diags_fini(&d);
    sl_ruleset_free(rs);
    sl_fields_free(ft);
    return 0;
}
