/* rule_plan.c: which rules run for which status.
 * Derives each rule's dispatch codes from `codes` or, when absent, from what `when` requires
 * of `status`; checks that `codes` agrees with `when`; and builds per-format plans: a table
 * of 1000 rule lists (dispatched rules merged with code-less ones, in ruleset order), minus
 * rules switched off by `needs` and rules whose `when` the status alone makes false, with
 * the rules it makes true marked (their `when` is not evaluated). Owns the plans; never evaluates records. */
#include "rule/rule_int.h"
#include <stdio.h>
#include <stdlib.h>

/* ================= what `when` requires of status ================= */

typedef struct sset {
    bool any;   /* no constraint known */
    bool other; /* admits statuses >= 1000 */
    uint64_t bits[16];
} sset;

static void sset_range(sset *s, int64_t lo, int64_t hi)
{
    memset(s, 0, sizeof *s);
    if (lo < 0) lo = 0;
    if (hi >= SL_RULE_NCODES) s->other = true, hi = SL_RULE_NCODES - 1;
    for (int64_t i = lo; i <= hi; i++) s->bits[i / 64] |= (uint64_t)1 << (i % 64);
}

static bool sset_has(const sset *s, int c) { return s->any || (c >= 0 && c < SL_RULE_NCODES && (s->bits[c / 64] >> (c % 64)) & 1); }

static bool is_status(const cval *v) { return v->kind == V_FIELD && v->field == SL_F_STATUS; }

static sset icmp_set(const cnode *n)
{
    sset s = {.any = true};
    const cval *f = &n->l, *k = &n->r;
    int op = n->op;
    if (!is_status(f)) {
        f = &n->r, k = &n->l;
        op = op == T_LT ? T_GT : op == T_GT ? T_LT : op == T_LE ? T_GE : op == T_GE ? T_LE : op;
    }
    if (!is_status(f) || k->kind != V_INT) return s;
    int64_t v = k->i;
    switch (op) {
    case T_EQ: sset_range(&s, v, v); break;
    case T_LT: sset_range(&s, 0, v - 1); break;
    case T_LE: sset_range(&s, 0, v); break;
    case T_GT: sset_range(&s, v + 1, 9999); break;
    case T_GE: sset_range(&s, v, 9999); break;
    default: break;
    }
    return s;
}

static sset analyze(const sl_ruleset *rs, uint32_t ni);

static sset combine(const sl_ruleset *rs, const cnode *n, bool and)
{
    sset acc = {.any = true};
    bool first = true;
    for (uint32_t i = 0; i < n->b; i++) {
        sset k = analyze(rs, rs->kids[n->a + i]);
        if (k.any) {
            if (!and) return k;
            continue;
        }
        if (first) {
            acc = k, first = false;
            continue;
        }
        for (int w = 0; w < 16; w++) acc.bits[w] = and ? acc.bits[w] & k.bits[w] : acc.bits[w] | k.bits[w];
        acc.other = and ? acc.other && k.other : acc.other || k.other;
    }
    return acc;
}

static sset analyze(const sl_ruleset *rs, uint32_t ni)
{
    const cnode *n = &rs->nodes[ni];
    sset s = {.any = true};
    switch (n->kind) {
    case C_AND: return combine(rs, n, true);
    case C_OR: return combine(rs, n, false);
    case C_FALSE: memset(&s, 0, sizeof s); return s;
    case C_ICMP: return icmp_set(n);
    case C_RANGE:
        if (!n->neg && is_status(&n->l)) sset_range(&s, n->lo, n->hi);
        return s;
    case C_ISET:
        if (n->neg || !is_status(&n->l)) return s;
        memset(&s, 0, sizeof s);
        for (size_t i = 0; i < rs->sets[n->a].n; i++) {
            int64_t v = rs->sets[n->a].iv[i];
            if (v >= SL_RULE_NCODES) s.other = true;
            else if (v >= 0) s.bits[v / 64] |= (uint64_t)1 << (v % 64);
        }
        return s;
    default: return s;
    }
}

static void describe(const sset *s, char *buf, size_t n)
{
    size_t k = 0, shown = 0;
    buf[0] = 0;
    for (int c = 0; c < SL_RULE_NCODES && k + 8 < n; c++) {
        if (!sset_has(s, c)) continue;
        if (shown++ == 6) {
            snprintf(buf + k, n - k, ", ...");
            break;
        }
        k += (size_t)snprintf(buf + k, n - k, "%s%d", shown > 1 ? ", " : "", c);
    }
    if (!shown) snprintf(buf, n, "no status at all");
}

bool sl_rule_dispatch(sl_ruleset *rs, rule *r, sl_diags *d)
{
    sset s = analyze(rs, r->root);
    bool ok = true;
    if (r->info.ncodes) {
        r->disp = sl_arena_alloc(&rs->arena, r->info.ncodes * sizeof *r->disp);
        for (size_t i = 0; i < r->info.ncodes; i++) {
            int c = r->info.codes[i];
            r->disp[r->ndisp++] = (uint16_t)c;
            if (sset_has(&s, c)) continue;
            char buf[96];
            describe(&s, buf, sizeof buf);
            const ynode *cn = r->codes_node && i < r->codes_node->nkid ? r->codes_node->kid[i] : NULL;
            sl_rule_diag_node(d, SL_DIAG_ERROR, r->f, cn,
                              "code %d disagrees with `when`, which requires status %s", c, buf);
            ok = false;
        }
        return ok;
    }
    if (s.any || s.other) {
        r->anystatus = true;
        return true;
    }
    r->disp = sl_arena_alloc(&rs->arena, SL_RULE_NCODES * sizeof *r->disp);
    for (int c = 0; c < SL_RULE_NCODES; c++)
        if (sset_has(&s, c)) r->disp[r->ndisp++] = (uint16_t)c;
    return true;
}

/* ================= plans ================= */

struct sl_plan {
    const sl_ruleset *rs;
    uint32_t *by_code[SL_RULE_NCODES];
    uint32_t nby_code[SL_RULE_NCODES];
    uint32_t *anyv; /* code-less rules: statuses outside 0..999 */
    uint32_t nany;
    uint32_t *store;
};

const uint32_t *sl_rule_plan_list(const sl_plan *p, int status, size_t *n)
{
    if (status >= 0 && status < SL_RULE_NCODES) {
        *n = p->nby_code[status];
        return p->by_code[status];
    }
    *n = p->nany;
    return p->anyv;
}

static bool rule_runs(const sl_ruleset *rs, size_t i, const sl_format *fmt, sl_notice_fn notice,
                      void *ctx)
{
    const rule *r = &rs->rules[i];
    if (!r->info.enabled) return false;
    if (!fmt) return true;
    for (size_t k = 0; k < r->nneed; k++)
        if (!sl_fieldset_has(&fmt->fields, r->need_ids[k])) {
            if (notice) notice(ctx, i, r->need_ids[k]);
            return false;
        }
    if (fmt->bytes_total_only && r->uses_bytes) {
        if (notice) notice(ctx, i, SL_F_BYTES);
        return false;
    }
    return true;
}

/* Whether rule r runs for code c, and how: its index, with SL_PLAN_WHEN_TRUE when the status
 * alone makes `when` true. A status that makes it false leaves the rule out. */
static bool entry_for(const rule *r, size_t i, int c, uint32_t *e)
{
    uint8_t f = r->sfold ? r->sfold[c] : 0;
    *e = (uint32_t)i | (f == SL_FOLD_TRUE ? SL_PLAN_WHEN_TRUE : 0);
    return f != SL_FOLD_FALSE;
}

/* The list of each code 0..999, in ruleset order. Neighbouring codes mostly run the same
 * rules, so a list equal to the one before shares its entries (a few dozen distinct lists,
 * not a thousand: less to allocate and fault in at start). */
static void fill_codes(sl_plan *p, const bool *on)
{
    const sl_ruleset *rs = p->rs;
    size_t words = (SL_RULE_NCODES + 63) / 64;
    uint64_t *disp = sl_xcalloc(rs->nrules * words + 1, sizeof *disp); /* [rule][code bit] */
    for (size_t i = 0; i < rs->nrules; i++)
        for (size_t k = 0; on[i] && k < rs->rules[i].ndisp; k++) {
            int c = rs->rules[i].disp[k];
            disp[i * words + (size_t)c / 64] |= (uint64_t)1 << (c % 64);
        }
    uint32_t *tmp = sl_xcalloc(rs->nrules + 1, sizeof *tmp);
    size_t *at = sl_xcalloc(SL_RULE_NCODES, sizeof *at), used = 0, cap = 0;
    for (int c = 0; c < SL_RULE_NCODES; c++) {
        uint32_t n = 0, e;
        for (size_t i = 0; i < rs->nrules; i++) {
            const rule *r = &rs->rules[i];
            bool runs = on[i] && (r->anystatus || (disp[i * words + (size_t)c / 64] >> (c % 64) & 1));
            if (runs && entry_for(r, i, c, &e)) tmp[n++] = e;
        }
        if (c && n == p->nby_code[c - 1] && !memcmp(tmp, p->store + at[c - 1], n * sizeof *tmp)) {
            at[c] = at[c - 1], p->nby_code[c] = n;
            continue;
        }
        if (used + n + 1 > cap) {
            cap = (used + n + 1) * 2;
            p->store = sl_xrealloc(p->store, cap * sizeof *p->store);
        }
        memcpy(p->store + used, tmp, n * sizeof *tmp);
        at[c] = used, p->nby_code[c] = n;
        used += n;
    }
    for (int c = 0; c < SL_RULE_NCODES; c++) p->by_code[c] = p->store + at[c];
    free(at);
    free(tmp);
    free(disp);
}

sl_plan *sl_plan_new(const sl_ruleset *rs, const sl_format *fmt, sl_notice_fn notice, void *ctx)
{
    sl_plan *p = sl_xcalloc(1, sizeof *p);
    bool *on = sl_xcalloc(rs->nrules + 1, sizeof *on);
    p->rs = rs;
    p->anyv = sl_xcalloc(rs->nrules + 1, sizeof *p->anyv);
    for (size_t i = 0; i < rs->nrules; i++) {
        const rule *r = &rs->rules[i];
        on[i] = !r->broken && rule_runs(rs, i, fmt, notice, ctx);
        if (on[i] && r->anystatus) p->anyv[p->nany++] = (uint32_t)i;
    }
    fill_codes(p, on);
    free(on);
    return p;
}

void sl_plan_free(sl_plan *p)
{
    if (!p) return;
    free(p->store);
    free(p->anyv);
    free(p);
}
