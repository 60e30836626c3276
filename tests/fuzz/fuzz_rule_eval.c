/* fuzz_rule_eval.c: fuzzes the expression evaluator and message templating on random
 * records. Input: a small rule file, NUL, then log lines. Each line is parsed as a
 * combined line; a line that does not parse fills canonical fields in order from its
 * tab-separated parts instead, so any bytes reach the evaluator. Every record runs through
 * the input's rules and through the built-in pack (loaded once). Hits must name a valid
 * rule and carry a readable message. When the log part is a "XPND" recipe (fuzz_expand.h)
 * it is grown first, so values of up to the 512 KiB line cap reach regexes and templates
 * (longer lines are dropped, as the CLI rejects them before any rule runs). The input's own
 * per-line rules are checked against the whole condition: sl_evaluate (the plan, the folds and
 * the per-status residual conditions) takes a rule of the line's plan exactly when sl_rule_run
 * (its `when` as written) holds. */
#include "fuzz_common.h"
#include "fuzz_expand.h"
#include "input/in_reader.h"
#include "format/fmt.h"
#include "record/rec.h"
#include "rule/rule.h"
#include "rule/rule_int.h"

typedef struct setup {
    sl_fields *ft;
    sl_ruleset *rs;
    sl_format *fmt;
    sl_plan *plan;
    sl_evaluator *ev;
    sl_parser *ps;
} setup;

static setup pack; /* the built-in pack, loaded once */

static bool setup_new(setup *s, const char *yml, size_t n)
{
    sl_diags d;
    sl_diags_init(&d);
    memset(s, 0, sizeof *s);
    s->ft = sl_fields_new();
    s->rs = sl_ruleset_new(s->ft);
    sl_status st = yml ? sl_ruleset_add_buffer(s->rs, "fuzz.yml", yml, n, &d)
                       : sl_ruleset_add_builtin(s->rs, &d);
    if (st == SL_OK) st = sl_ruleset_finish(s->rs, &d);
    sl_diags_fini(&d);
    char err[256];
    int col;
    s->fmt = sl_format_compile("combined", NULL, s->ft, err, sizeof err, &col);
    FZ_CHECK(s->fmt != NULL);
    sl_fields_freeze(s->ft);
    if (st != SL_OK) return false;
    s->plan = sl_plan_new(s->rs, s->fmt, NULL, NULL);
    s->ev = sl_evaluator_new(s->rs);
    s->ps = sl_parser_new(s->fmt);
    return true;
}

static void setup_free(setup *s)
{
    if (s->ps) sl_parser_free(s->ps);
    if (s->ev) sl_evaluator_free(s->ev);
    if (s->plan) sl_plan_free(s->plan);
    sl_format_free(s->fmt);
    sl_ruleset_free(s->rs);
    sl_fields_free(s->ft);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    FZ_CHECK(setup_new(&pack, NULL, 0));
    return 0;
}

static void on_hit(void *ctx, size_t ri, sl_severity sev, const char *msg, size_t msglen)
{
    const setup *s = ctx;
    FZ_CHECK(ri < sl_ruleset_count(s->rs));
    FZ_CHECK(sev >= SL_SEV_INFO && sev <= SL_SEV_ERROR);
    FZ_CHECK(msglen == 0 || msg != NULL);
    fz_touch(sl_slice_make(msg, msglen));
}

typedef struct marks {
    const setup *s;
    bool *hit;
} marks;

static void on_hit_mark(void *ctx, size_t ri, sl_severity sev, const char *msg, size_t msglen)
{
    marks *m = ctx;
    on_hit((void *)m->s, ri, sev, msg, msglen);
    m->hit[ri] = true;
}

/* sl_evaluate against each planned rule's whole condition (per-line rules without
 * suppressions; rules with `needs` only when the record does not say what it supplied). */
static void evaluate_checked(setup *s, const sl_record *rec)
{
    size_t nr = sl_ruleset_count(s->rs), n;
    marks m = {s, sl_xcalloc(nr ? nr : 1, sizeof(bool))};
    sl_evaluate(s->ev, s->plan, rec, on_hit_mark, &m);
    const uint32_t *list = sl_rule_plan_list(s->plan, rec->status, &n);
    for (size_t k = 0; k < n; k++) {
        size_t ri = list[k] & ~SL_PLAN_WHEN_TRUE;
        const rule *r = &s->rs->rules[ri];
        if (r->agg || r->supp || (rec->supplied && r->nneed)) continue;
        FZ_CHECK(sl_rule_run(s->ev, ri, rec) == m.hit[ri]);
    }
    free(m.hit);
}

/* Fills rec from line: a combined line if it parses, else tab-separated canonical fields. */
static void fill(setup *s, sl_record *rec, const char *line, size_t len)
{
    sl_record_clear(rec);
    sl_arena_reset(rec->arena);
    const char *reason;
    if (sl_parser_parse(s->ps, line, len, rec, &reason) == SL_LINE_RECORD) return;
    sl_record_clear(rec);
    int id = 0;
    for (const char *p = line, *end = line + len; p <= end && id < SL_F_CANONICAL_COUNT; id++) {
        const char *tab = memchr(p, '\t', (size_t)(end - p));
        size_t n = tab ? (size_t)(tab - p) : (size_t)(end - p);
        if (!(n == 1 && *p == '-')) rec->v[id] = sl_slice_make(p, n);
        p += n + 1;
    }
    rec->time_kind = (sl_time_kind)(len % 7);
    sl_record_set_status(rec);
}

/* s: the input's own rules, or NULL when they did not load (the pack still runs). */
static void eval_lines(setup *s, const char *p, size_t n, sl_record *rec)
{
    for (const char *end = p + n; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (len > SL_READER_LONG_LINE) {
            p += len + (nl != NULL);
            continue;
        }
        char *line = fz_dup(p, len);
        fill(&pack, rec, line, len);
        if (s) evaluate_checked(s, rec);
        sl_evaluate(pack.ev, pack.plan, rec, on_hit, &pack);
        free(line);
        p += len + (nl != NULL);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!pack.rs) LLVMFuzzerInitialize(NULL, NULL);
    sl_slice yml, lines;
    fz_split(data, size, &yml, &lines);
    char *big = NULL;
    size_t bign;
    uint8_t op;
    if (fz_expand((const uint8_t *)lines.p, lines.n, &big, &bign, &op)) lines = sl_slice_make(big, bign);
    char *text = fz_dup(yml.p, yml.n);
    setup s;
    bool ok = setup_new(&s, text, yml.n);
    static sl_record rec;
    sl_arena arena;
    sl_arena_init(&arena, 8u << 20);
    rec.arena = &arena;
    eval_lines(ok ? &s : NULL, lines.p, lines.n, &rec);
    sl_arena_fini(&arena);
    setup_free(&s);
    free(text);
    free(big);
    return 0;
}
