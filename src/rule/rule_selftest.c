/* rule_selftest.c: `statuslint rules test`. Runs every rule's inline `tests:` cases: a string
 * is a combined-format log line (parsed by the combined preset), a mapping fills record
 * fields directly. Dispatch by `codes` applies; settings (disable, suppress) do not.
 * Prints one PASS/FAIL line per rule and a closing "N passed, N failed" line. */
#include "base/sl_term.h"
#include "rule/agg.h"
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

/* ---- aggregate rules: a case is a sequence of lines ---- */

typedef struct aggrun {
    uint64_t findings;
    sl_agg_result first; /* the first finding's numbers */
} aggrun;

static void agg_hit(void *ctx, const sl_agg_line *ln, const sl_agg_result *res, const char *msg,
                    size_t msglen)
{
    aggrun *ar = ctx;
    (void)ln, (void)msg, (void)msglen;
    if (!ar->findings++) ar->first = *res;
}

static bool case_time(const sl_record *rec, int64_t *t)
{
    if (sl_time_parse(rec->v[SL_F_TIME], rec->time_kind, t)) return true;
    return sl_time_parse(rec->v[SL_F_TIME], SL_TIME_ISO8601, t) ||
           sl_time_parse(rec->v[SL_F_TIME], SL_TIME_CLF, t);
}

/* Feeds the case's lines to a fresh state; false (with why) when a line does not parse. */
static bool run_agg_case(stx *t, size_t ri, const aggcase *ac, aggrun *ar, char *why, size_t nwhy)
{
    const rule *r = &t->rs->rules[ri];
    sl_aggstate *st = sl_agg_new_for(t->rs, ri, (size_t)1 << 20);
    char payload[SL_AGG_PAYLOAD_MAX];
    uint64_t lineno = 0;
    bool ok = true;
    memset(ar, 0, sizeof *ar);
    for (size_t i = 0; ok && i < ac->nlines; i++) {
        const aggline *al = &ac->lines[i];
        const char *w = NULL;
        if (!build(t, &al->c, &w)) {
            snprintf(why, nwhy, "line %zu: %s", i + 1, w ? w : "does not parse");
            ok = false;
            break;
        }
        int64_t t0 = 0;
        bool timed = case_time(t->rec, &t0);
        for (uint32_t k = 0; k < al->repeat; k++) {
            lineno++;
            if (!dispatched(r, t->rec->status) || !sl_rule_run(t->ev, ri, t->rec)) continue;
            size_t len = sl_rule_agg_pack(t->ev, r, t->rec, payload);
            sl_agg_line ln = {.rule = ri, .file = "test", .line = lineno, .has_time = timed,
                              .time = t0 + (int64_t)k * al->every, .status = t->rec->status,
                              .method = t->rec->v[SL_F_METHOD], .path = t->rec->v[SL_F_PATH],
                              .host = t->rec->v[SL_F_HOST], .payload = payload, .len = len};
            sl_agg_feed(st, &ln, agg_hit, ar);
        }
    }
    sl_agg_free(st);
    return ok;
}

static bool agg_case_ok(const tcase *tc, const aggrun *ar, char *why, size_t nwhy)
{
    const aggcase *ac = tc->agg;
    if (ac->findings >= 0 && ar->findings != (uint64_t)ac->findings) {
        snprintf(why, nwhy, "%llu finding(s), expected %lld", (unsigned long long)ar->findings,
                 (long long)ac->findings);
        return false;
    }
    if (ac->findings < 0 && (ar->findings > 0) != tc->match) {
        snprintf(why, nwhy, tc->match ? "no finding" : "%llu finding(s), expected none",
                 (unsigned long long)ar->findings);
        return false;
    }
    const struct { const char *name; int64_t want, got; } num[] = {
        {"count", ac->count, (int64_t)ar->first.count},
        {"clients", ac->clients, (int64_t)ar->first.clients},
        {"retries", ac->retries, ar->first.retries}};
    for (size_t i = 0; i < sizeof num / sizeof *num; i++)
        if (num[i].want >= 0 && (!ar->findings || num[i].got != num[i].want)) {
            snprintf(why, nwhy, "%s %lld, expected %lld", num[i].name, (long long)num[i].got,
                     (long long)num[i].want);
            return false;
        }
    return true;
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
        if (tc->agg) {
            aggrun ar;
            char aw[200];
            if (run_agg_case(t, ri, tc->agg, &ar, aw, sizeof aw) && agg_case_ok(tc, &ar, aw, sizeof aw))
                continue;
            if (!bad++)
                snprintf(first, sizeof first, "%s case %zu (%s): %s", tc->match ? "match" : "no_match",
                         no, tc->shown, aw);
            continue;
        }
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
