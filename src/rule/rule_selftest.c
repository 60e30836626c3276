/* rule_selftest.c: `statuslint rules test`. Runs every rule's inline `tests:` cases: a string
 * is a combined-format log line (parsed by the combined preset), a mapping fills record
 * fields directly. Dispatch by `codes` applies; settings (disable, suppress) do not.
 * Prints one PASS/FAIL line per rule and a closing "N passed, N failed" line. */
#include "base/sl_term.h"
#include "rule/rule_int.h"
#include <stdio.h>
#include <stdlib.h>

typedef struct stx {
    const sl_ruleset *rs;
    sl_format *fmt;
    sl_parser *parser;
    sl_evaluator *ev;
    sl_record *rec;
    sl_arena arena;
} stx;

static bool dispatched(const rule *r, int status)
{
    if (r->anystatus) return true;
    for (size_t i = 0; i < r->ndisp; i++)
        if (r->disp[i] == status) return true;
    return false;
}

static void fill_kv(sl_record *rec, const tcase *tc)
{
    bool target = false, status = false;
    for (size_t k = 0; k < tc->nkv; k++) {
        rec->v[tc->kv[k].field] = sl_slice_make(tc->kv[k].s, tc->kv[k].s ? tc->kv[k].n : 0);
        target |= tc->kv[k].field == SL_F_TARGET && tc->kv[k].s;
        status |= tc->kv[k].field == SL_F_STATUS;
    }
    if (target) {
        sl_record_split_target(rec);
        for (size_t k = 0; k < tc->nkv; k++) /* explicit path/query win over the split */
            if (tc->kv[k].field == SL_F_PATH || tc->kv[k].field == SL_F_QUERY)
                rec->v[tc->kv[k].field] = sl_slice_make(tc->kv[k].s, tc->kv[k].s ? tc->kv[k].n : 0);
    }
    if (status) sl_record_set_status(rec);
}

/* Builds the record of a case; false (with *why) when a log line does not parse. */
static bool build(stx *t, const tcase *tc, const char **why)
{
    sl_arena_reset(&t->arena);
    sl_record_clear(t->rec);
    t->rec->arena = &t->arena;
    if (!tc->line) {
        fill_kv(t->rec, tc);
        return true;
    }
    if (!t->parser) {
        *why = "the combined log format is not available";
        return false;
    }
    *why = "not a combined-format log line";
    return sl_parser_parse(t->parser, tc->line, tc->linelen, t->rec, why) == SL_LINE_RECORD;
}

/* Returns true when every case passes; else prints the FAIL line. */
static bool test_rule(stx *t, size_t ri, FILE *out)
{
    const rule *r = &t->rs->rules[ri];
    size_t bad = 0, m = 0, nm = 0;
    char first[600] = "";
    for (size_t i = 0; i < r->ncases; i++) {
        const tcase *tc = &r->cases[i];
        size_t no = tc->match ? ++m : ++nm;
        const char *why = NULL;
        bool ok = build(t, tc, &why);
        bool fired = ok && dispatched(r, t->rec->status) && sl_rule_run(t->ev, ri, t->rec);
        if (ok && fired == tc->match) continue;
        if (bad++) continue;
        if (!ok)
            snprintf(first, sizeof first, "%s case %zu: %s: %s", tc->match ? "match" : "no_match", no, why, tc->shown);
        else
            snprintf(first, sizeof first, "%s case %zu %s: %s", tc->match ? "match" : "no_match", no,
                     tc->match ? "did not fire" : "fired", tc->shown);
    }
    if (!bad && (!m || !nm)) {
        snprintf(first, sizeof first, "needs at least one match and one no_match test (has %zu and %zu)", m, nm);
        bad = 1;
    }
    if (!bad) {
        fprintf(out, "PASS %s (%zu match, %zu no_match)\n", r->info.id, m, nm);
        return true;
    }
    fprintf(out, "FAIL %s: ", r->info.id);
    sl_term_puts(out, first); /* the case as written: rule text is data */
    if (bad > 1) fprintf(out, " (and %zu more)", bad - 1);
    fputc('\n', out);
    return false;
}

static bool selected(const rule *r, const char *const *only, size_t nonly)
{
    if (!nonly) return true;
    for (size_t k = 0; k < nonly; k++) {
        size_t n = strlen(only[k]);
        if (strcmp(r->info.file, only[k]) == 0) return true;
        if (strncmp(r->info.file, only[k], n) == 0 && (r->info.file[n] == '/' || (n && only[k][n - 1] == '/')))
            return true;
    }
    return false;
}

size_t sl_ruleset_selftest(const sl_ruleset *rs, FILE *out, const char *const *only, size_t nonly)
{
    stx t;
    char err[200];
    int col = 0;
    size_t pass = 0, fail = 0;
    memset(&t, 0, sizeof t);
    t.rs = rs;
    t.fmt = sl_format_compile("combined", NULL, rs->ft, err, sizeof err, &col);
    t.parser = t.fmt ? sl_parser_new(t.fmt) : NULL;
    t.ev = sl_evaluator_new(rs);
    t.rec = sl_xcalloc(1, sizeof *t.rec);
    sl_arena_init(&t.arena, 1u << 20);
    for (size_t i = 0; i < rs->nrules; i++) {
        if (!selected(&rs->rules[i], only, nonly)) continue;
        if (test_rule(&t, i, out)) pass++;
        else fail++;
    }
    fprintf(out, "%zu passed, %zu failed\n", pass, fail);
    sl_parser_free(t.parser);
    if (t.fmt) sl_format_free(t.fmt);
    sl_evaluator_free(t.ev);
    sl_arena_fini(&t.arena);
    free(t.rec);
    return fail;
}
