/* commands.c: `statuslint rules list|test|explain` and `statuslint --detect`: the commands
 * that load rules or sniff inputs but do not analyze. */
#include "base/sl_alloc.h"
#include "base/sl_term.h"
#include "cli/msg.h"
#include "engine/rulesoff.h"
#include "cli/run.h"
#include "format/fmt_csvfields.h"
#include "format/fmt_errlog.h"
#include "input/in_reader.h"
#include <stdlib.h>

void sl_rules_usage(FILE *f)
{
    fputs(
        "usage: statuslint rules list [-f text|jsonl]   the loaded rules (jsonl: one object per\n"
        "                                               rule, for machines)\n"
        "       statuslint rules test [RULEFILE ...]    run the rules' own tests (default: the\n"
        "                                               loaded pack); exit 1 on any failure\n"
        "       statuslint rules explain ID             a rule's title, rationale, references\n"
        "                                               and examples\n"
        "\n"
        "the loaded rules: the built-in pack, plus --rules PATH (repeatable), minus\n"
        "--no-default-rules; --config FILE (default ./.statuslint.yml) adds its rules: and\n"
        "applies its disable: and severity:.\n"
        "exit status: 0 done, 1 a rule test failed, 2 usage error or a bad rule file\n",
        f);
}

int sl_run_rules(const sl_opts *o)
{
    sl_fields *ft = sl_fields_new();
    sl_config cfg;
    bool have_cfg;
    sl_ruleset *rs = sl_setup_rules(o, ft, &cfg, &have_cfg);
    if (!rs) {
        sl_fields_free(ft);
        return 2;
    }
    int rc = 0;
    if (o->cmd == SL_CMD_RULES_LIST) {
        sl_ruleset_list(rs, stdout, o->list_format && !strcmp(o->list_format, "jsonl"));
    } else if (o->cmd == SL_CMD_RULES_TEST) {
        rc = sl_ruleset_selftest(rs, stdout, o->args, o->nargs) ? 1 : 0;
    } else {
        long i = sl_ruleset_find(rs, o->args[0]);
        const char *near = i < 0 ? sl_ruleset_nearest(rs, o->args[0]) : NULL;
        if (i < 0 && near) {
            sl_msg("rules explain: no rule '%s'; did you mean '%s'? (see statuslint rules list)",
                   o->args[0], near);
            rc = 2;
        } else if (i < 0) {
            sl_msg("rules explain: no rule '%s' (see statuslint rules list)",
                    o->args[0]);
            rc = 2;
        } else {
            sl_rule_explain(rs, (size_t)i, stdout);
        }
    }
    if (fflush(stdout) != 0 || ferror(stdout)) rc = 2;
    if (have_cfg) sl_config_fini(&cfg);
    sl_ruleset_free(rs);
    sl_fields_free(ft);
    return rc;
}

/* The rules the format switches off, each missing field with what supplies it. */
static void detect_rules_off(const sl_ruleset *rs, const sl_fields *ft, const sl_format *f,
                             const char *head, size_t n)
{
    sl_rules_off off = {0};
    sl_format hdr = *f; /* a CSV file's header says which fields it has */
    if (f->fields.any && sl_fmt_csv_header_fields(f, head, n, &hdr.fields)) f = &hdr;
    sl_plan_free(sl_plan_new(rs, f, sl_rules_off_add, &off));
    if (off.n) {
        size_t nf = sl_rules_off_fields(&off);
        printf("  %zu rule%s off: the log format lacks %zu field%s:\n", off.n,
               off.n == 1 ? " is" : "s are", nf, nf == 1 ? "" : "s");
        sl_rules_off_print(&off, rs, ft, f, stdout, "    ");
    } else if (!f->fields.any) {
        printf("  every rule can run on this format\n");
    }
    sl_rules_off_fini(&off);
}

static int detect_one(const char *path, const sl_format_opts *fo, sl_fields *ft,
                      const sl_ruleset *rs)
{
    char err[512], why[512];
    sl_reader *rd = sl_reader_open(path, err, sizeof err);
    if (!rd) {
        sl_msg("%s", err);
        return 2;
    }
    sl_chunk c = {.cap = 2u << 20}; /* as the analysis reads: more than SL_DETECT_SAMPLE */
    c.buf = sl_xmalloc(c.cap);
    bool eof;
    int rc = 0;
    do { /* as the analysis does: the first chunk with a line to sample */
        if (sl_reader_next(rd, &c, &eof, err, sizeof err) != SL_OK) {
            sl_msg("%s: %s", path, err);
            rc = 2;
            break;
        }
    } while (!eof && sl_format_sample_empty(c.p, c.n));
    const char *errlog = sl_error_log_kind(c.p, c.n < 65536 ? c.n : 65536);
    if (errlog) {
        printf("%s: %s error log, skipped (not an access log)\n", path, errlog);
        free(c.buf);
        sl_reader_close(rd);
        return rc;
    }
    sl_format *f = sl_format_detect(c.p, c.n, fo, ft, why, sizeof why);
    char bwhy[256] = "";
    bool total = f && sl_format_infer_bytes(f, c.p, c.n, bwhy, sizeof bwhy);
    const char *comp = sl_comp_name(sl_reader_compression(rd));
    sl_term_puts(stdout, path); /* a file name, and reasons that may quote the file: data */
    printf(": %s%s%s%s (", f ? f->name : "unknown", strcmp(comp, "none") ? ", " : "",
           strcmp(comp, "none") ? comp : "", total ? ", bytes include headers" : "");
    sl_term_puts(stdout, why);
    fputs(total ? "; bytes include headers: " : "", stdout);
    sl_term_puts(stdout, bwhy);
    fputs(")\n", stdout);
    if (!f) rc = rc ? rc : 1;
    if (f && total) { /* the rules as the analysis will run them: body-byte ones off */
        sl_format *view = sl_format_total_bytes_view(f, false, bwhy);
        detect_rules_off(rs, ft, view, c.p, c.n);
        sl_format_free(view);
    } else if (f) {
        detect_rules_off(rs, ft, f, c.p, c.n);
    }
    sl_format_free(f);
    free(c.buf);
    sl_reader_close(rd);
    return rc;
}

int sl_run_detect(const sl_opts *o)
{
    if (!o->nargs) {
        sl_msg("--detect: give one or more files");
        return 2;
    }
    sl_fields *ft = sl_fields_new();
    sl_config cfg;
    bool have_cfg;
    sl_ruleset *rs = sl_setup_rules(o, ft, &cfg, &have_cfg); /* to say which rules are off */
    if (!rs) {
        sl_fields_free(ft);
        return 2;
    }
    sl_fields_freeze(ft);
    sl_format_opts fo = {.csv_map = o->csv_map};
    size_t n = 0, errors = 0;
    sl_walk_opts wo;
    sl_walk_opts_init(&wo, o, have_cfg ? &cfg : NULL);
    char **paths = sl_expand_paths(o->args, o->nargs, &wo, &n, &errors, NULL);
    sl_walk_opts_fini(&wo);
    int rc = errors ? 2 : 0;
    for (size_t i = 0; i < n; i++) {
        int r = detect_one(paths[i], &fo, ft, rs);
        if (r > rc) rc = r;
    }
    sl_free_paths(paths);
    if (have_cfg) sl_config_fini(&cfg);
    sl_ruleset_free(rs);
    sl_fields_free(ft);
    return rc;
}
