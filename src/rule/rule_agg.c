/* rule_agg.c: the syntax of aggregate rules. Reads a rule's `aggregate:` or `sequence:`
 * block (keys checked, durations, counters, the key fields), its test cases (sequences of
 * lines), compiles `having` / `then` with the rule's own variables as extra names (the same
 * expression compiler as `when`), and packs, per line, what the aggregate state on the main
 * thread needs: the key's hash, the counters that hold, and the few values it keeps.
 * The state itself is rule_aggstate.c. */
#include "rule/rule_int.h"
#include <stdio.h>
#include <yaml.h>

#define ERR(d, f, n, ...) sl_rule_diag_node((d), SL_DIAG_ERROR, (f), (n), __VA_ARGS__)

static const char *const agg_keys[] = {"by", "window", "count", "distinct", "learn", "top", "having",
                                       "cooldown", NULL};
static const char *const learn_keys[] = {"from", "value", "max", NULL};
static const char *const top_keys[] = {"field", "of", NULL};
static const char *const seq_keys[] = {"by", "within", "first", "then", "next", "chain", "cooldown", NULL};
static const char *const chain_keys[] = {"link", "visit", NULL};
static const char *const case_keys[] = {"lines", "findings", "count", "clients", "retries", NULL};
static const char *const line_keys[] = {"line", "repeat", "every", NULL};
static const char *const reserved[] = {"count", "span", "distinct", "share", "first", "learned",
                                       "top", "top_count", "top_share", "revisit", NULL};

/* ================= values ================= */

/* "90s", "5m", "2h", "7d" (a bare number is seconds); lo..30 days. */
static bool duration(const ynode *n, int64_t lo, int64_t *out)
{
    if (!n || n->kind != Y_SCALAR || !n->n) return false;
    size_t k = 0;
    int64_t v = 0;
    while (k < n->n && n->s[k] >= '0' && n->s[k] <= '9' && v < 100000000) v = v * 10 + (n->s[k++] - '0');
    if (!k) return false;
    int64_t mul = 1;
    if (k < n->n) {
        if (k + 1 != n->n) return false;
        switch (n->s[k]) {
        case 's': mul = 1; break;
        case 'm': mul = 60; break;
        case 'h': mul = 3600; break;
        case 'd': mul = 86400; break;
        default: return false;
        }
    }
    v *= mul;
    if (v < lo || v > (int64_t)30 * 86400) return false;
    *out = v;
    return true;
}

static bool load_duration(sl_diags *d, const srcfile *f, const ynode *n, const char *what, int64_t lo,
                          int64_t *out)
{
    if (duration(n, lo, out)) return true;
    ERR(d, f, n, "`%s` must be a duration: a number and s, m, h or d, from %s to 30d (e.g. 60s, 5m, 7d)",
        what, lo ? "1s" : "0s");
    return false;
}

static bool load_expr(sl_ruleset *rs, const srcfile *f, const ynode *n, const char *what, pexpr *pe,
                      sl_diags *d)
{
    if (n->kind != Y_SCALAR) {
        ERR(d, f, n, "`%s` must be a condition (a single value)", what);
        return false;
    }
    *pe = (pexpr){n->s, n->n, sl_rule_ref(f, n), NULL};
    return sl_rule_parse(pe, &rs->arena, d);
}

static int field_at(sl_ruleset *rs, rule *r, const srcfile *f, const ynode *n, const char *what,
                    sl_diags *d)
{
    if (n->kind != Y_SCALAR) {
        ERR(d, f, n, "items of `%s` must be field names", what);
        return -1;
    }
    int id = sl_rule_field(rs, r, n->s, n->n);
    if (id >= 0) return id;
    const char *cands[SL_F_CANONICAL_COUNT];
    for (int i = 0; i < SL_F_CANONICAL_COUNT; i++) cands[i] = sl_fields_name(rs->ft, i);
    const char *dym = sl_rule_didyoumean(n->s, n->n, cands, SL_F_CANONICAL_COUNT);
    ERR(d, f, n, "unknown field '%s' in `%s`%s%s%s", n->s, what, dym ? "; did you mean '" : "",
        dym ? dym : "", dym ? "'?" : " (list other fields in `needs`)");
    return -1;
}

static bool good_counter(const char *s, size_t n)
{
    if (!n || !((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_')) return false;
    for (size_t i = 1; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_')) return false;
    for (size_t i = 0; reserved[i]; i++)
        if (strcmp(s, reserved[i]) == 0) return false;
    return true;
}

static int pseudo(sl_ruleset *rs, const char *kind, const char *s, size_t n)
{
    char name[200];
    int k = snprintf(name, sizeof name, "agg:%s%s%.*s", kind, n ? ":" : "", (int)n, s);
    if (k < 0 || (size_t)k >= sizeof name) return -1;
    return sl_fields_intern(rs->ft, name, (size_t)k);
}

/* ================= the block ================= */

static bool load_by(sl_ruleset *rs, rule *r, const srcfile *f, const ynode *n, aggspec *a, sl_diags *d)
{
    const ynode *const *v = (const ynode *const *)n->kid;
    size_t k = n->nkid;
    if (n->kind == Y_SCALAR) v = &n, k = 1;
    else if (n->kind != Y_SEQ) {
        ERR(d, f, n, "`by` must be a field or a list of fields");
        return false;
    }
    if (k > SL_AGG_CARRY) {
        ERR(d, f, n, "`by` takes at most %d fields", SL_AGG_CARRY);
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < k; i++) {
        int id = field_at(rs, r, f, v[i], "by", d);
        if (id < 0) ok = false;
        else a->by[a->nby++] = id;
    }
    return ok;
}

static bool load_counters(sl_ruleset *rs, const srcfile *f, const ynode *n, aggspec *a, sl_diags *d)
{
    if (n->kind != Y_MAP) {
        ERR(d, f, n, "`count` must be a mapping of counter names to conditions, e.g. {errors: status >= 500}");
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i + 1 < n->nkid; i += 2) {
        const ynode *k = n->kid[i], *v = n->kid[i + 1];
        if (a->nctr == SL_AGG_COUNTERS) {
            ERR(d, f, k, "at most %d counters", SL_AGG_COUNTERS);
            return false;
        }
        if (!good_counter(k->s, k->n)) {
            ERR(d, f, k, "counter name '%s' must be [a-z_][a-z0-9_]* and not a variable's (count, span, distinct, share, first, learned, top, top_count, top_share)",
                k->s);
            ok = false;
            continue;
        }
        for (size_t j = 0; j < a->nctr; j++)
            if (strcmp(a->ctr_name[j], k->s) == 0) {
                ERR(d, f, k, "counter '%s' is defined twice", k->s);
                ok = false;
            }
        size_t c = a->nctr++;
        a->ctr_name[c] = k->s;
        a->ctr_field[c] = pseudo(rs, "ctr", k->s, k->n);
        a->share_field[c] = pseudo(rs, "share", k->s, k->n);
        if (a->ctr_field[c] < 0 || a->share_field[c] < 0) {
            ERR(d, f, k, "too many field names in the rule files (at most %d)", SL_MAX_FIELDS);
            ok = false;
        }
        if (!load_expr(rs, f, v, "count", &a->ctr[c], d)) ok = false;
    }
    return ok;
}

static bool load_learn(sl_ruleset *rs, rule *r, const srcfile *f, const ynode *n, aggspec *a, sl_diags *d)
{
    if (n->kind != Y_MAP) {
        ERR(d, f, n, "`learn` must be a mapping {from: <condition>, value: <field>, max: <1-%d>}", SL_AGG_LEARN_MAX);
        return false;
    }
    bool ok = sl_rule_check_keys(d, f, n, "learn", learn_keys) == 0;
    const ynode *from = sl_rule_yaml_get(n, "from"), *val = sl_rule_yaml_get(n, "value"), *mx;
    if (!from || !val) {
        ERR(d, f, n, "`learn` needs `from` (which lines teach) and `value` (the field they teach)");
        return false;
    }
    if (!load_expr(rs, f, from, "learn.from", &a->learn_from, d)) ok = false;
    if ((a->learn_value = field_at(rs, r, f, val, "learn.value", d)) < 0) ok = false;
    a->learn_max = 8;
    int64_t m;
    if ((mx = sl_rule_yaml_get(n, "max"))) {
        if (mx->kind != Y_SCALAR || !sl_rule_parse_int(mx->s, mx->n, &m) || m < 1 || m > SL_AGG_LEARN_MAX) {
            ERR(d, f, mx, "`max` must be a whole number from 1 to %d", SL_AGG_LEARN_MAX);
            ok = false;
        } else a->learn_max = (uint32_t)m;
    }
    a->f_learned = pseudo(rs, "learned", "", 0);
    return ok && a->f_learned >= 0;
}

static bool load_top(sl_ruleset *rs, rule *r, const srcfile *f, const ynode *n, aggspec *a, sl_diags *d)
{
    const ynode *fld = n->kind == Y_SCALAR ? n : n->kind == Y_MAP ? sl_rule_yaml_get(n, "field") : NULL, *of;
    if (!fld) {
        ERR(d, f, n, "`top` must be a field, or a mapping {field: <field>, of: <counter>}");
        return false;
    }
    bool ok = n->kind != Y_MAP || sl_rule_check_keys(d, f, n, "top", top_keys) == 0;
    if ((a->top_field = field_at(rs, r, f, fld, "top", d)) < 0) ok = false;
    if (n->kind == Y_MAP && (of = sl_rule_yaml_get(n, "of"))) {
        for (size_t i = 0; of->kind == Y_SCALAR && i < a->nctr; i++)
            if (strcmp(a->ctr_name[i], of->s) == 0) a->top_of = (int)i;
        if (a->top_of < 0) {
            const char *dym = of->kind == Y_SCALAR ? sl_rule_didyoumean(of->s, of->n, a->ctr_name, a->nctr) : NULL;
            ERR(d, f, of, "`of` must name one of the rule's counters (under `count`)%s%s%s",
                dym ? "; did you mean '" : "", dym ? dym : "", dym ? "'?" : "");
            ok = false;
        }
    }
    a->f_top = pseudo(rs, "top", "", 0);
    a->f_top_count = pseudo(rs, "top_count", "", 0);
    a->f_top_share = pseudo(rs, "top_share", "", 0);
    return ok && a->f_top >= 0 && a->f_top_count >= 0 && a->f_top_share >= 0;
}

bool sl_rule_agg_load(sl_ruleset *rs, rule *r, const srcfile *f, const ynode *n, bool seq, sl_diags *d)
{
    const char *what = seq ? "sequence" : "aggregate";
    if (n->kind != Y_MAP) {
        ERR(d, f, n, "`%s` must be a mapping (%s)", what, seq ? "by, within, first, then" : "by, window, having");
        return false;
    }
    aggspec *a = sl_rule_alloc(&rs->arena, sizeof *a);
    a->seq = seq, a->node = n, a->distinct = -1, a->cooldown = -1;
    a->learn_value = a->top_field = a->top_of = a->visit = -1;
    a->f_learned = a->f_top = a->f_top_count = a->f_top_share = a->f_revisit = -1;
    bool ok = sl_rule_check_keys(d, f, n, what, seq ? seq_keys : agg_keys) == 0;
    const ynode *v;
    if ((v = sl_rule_yaml_get(n, "by")) && !load_by(rs, r, f, v, a, d)) ok = false;
    const char *wkey = seq ? "within" : "window";
    if (!(v = sl_rule_yaml_get(n, wkey))) {
        ERR(d, f, n, "`%s` needs a `%s` (e.g. %s)", what, wkey, seq ? "within: 30s" : "window: 60s");
        ok = false;
    } else if (!load_duration(d, f, v, wkey, 1, &a->window)) ok = false;
    if ((v = sl_rule_yaml_get(n, "cooldown")) && !load_duration(d, f, v, "cooldown", 0, &a->cooldown)) ok = false;
    if (a->cooldown < 0) a->cooldown = seq ? 0 : a->window;
    a->f_count = pseudo(rs, "count", "", 0);
    a->f_span = pseudo(rs, "span", "", 0);
    if (!seq) {
        if ((v = sl_rule_yaml_get(n, "count")) && !load_counters(rs, f, v, a, d)) ok = false;
        if ((v = sl_rule_yaml_get(n, "distinct"))) {
            a->distinct = field_at(rs, r, f, v, "distinct", d);
            a->f_distinct = pseudo(rs, "distinct", "", 0);
            if (a->distinct < 0) ok = false;
        }
        if ((v = sl_rule_yaml_get(n, "learn")) && !load_learn(rs, r, f, v, a, d)) ok = false;
        if ((v = sl_rule_yaml_get(n, "top")) && !load_top(rs, r, f, v, a, d)) ok = false;
        if (!(v = sl_rule_yaml_get(n, "having"))) {
            ERR(d, f, n, "`aggregate` needs a `having` condition (e.g. having: count >= 5)");
            ok = false;
        } else if (!load_expr(rs, f, v, "having", &a->having, d)) ok = false;
    } else {
        static const char *const need[] = {"first", "then"};
        pexpr *pe[] = {&a->first, &a->then};
        for (int i = 0; i < 2; i++) {
            if (!(v = sl_rule_yaml_get(n, need[i]))) {
                ERR(d, f, n, "`sequence` needs a `%s` condition", need[i]);
                ok = false;
            } else if (!load_expr(rs, f, v, need[i], pe[i], d)) ok = false;
        }
        if ((v = sl_rule_yaml_get(n, "chain"))) {
            const ynode *lk = v->kind == Y_MAP ? sl_rule_yaml_get(v, "link") : NULL, *vi;
            if (!lk) {
                ERR(d, f, v, "`chain` must be a mapping {link: <condition>, visit: <field>}");
                ok = false;
            } else {
                if (sl_rule_check_keys(d, f, v, "chain", chain_keys)) ok = false;
                if (!load_expr(rs, f, lk, "link", &a->link, d)) ok = false;
                if ((vi = sl_rule_yaml_get(v, "visit")) && (a->visit = field_at(rs, r, f, vi, "visit", d)) < 0)
                    ok = false;
                a->f_revisit = pseudo(rs, "revisit", "", 0);
                if (a->f_revisit < 0) ok = false;
            }
        }
        if ((v = sl_rule_yaml_get(n, "next"))) {
            if (v->kind == Y_SCALAR && (strcmp(v->s, "true") == 0 || strcmp(v->s, "false") == 0))
                a->next = strcmp(v->s, "true") == 0;
            else {
                ERR(d, f, v, "`next` must be true or false");
                ok = false;
            }
        }
    }
    if (a->f_count < 0 || a->f_span < 0) ok = false;
    r->agg = a;
    r->info.aggregate = seq ? "sequence" : "aggregate";
    return ok;
}

/* ================= names of the scope ================= */

int sl_rule_agg_name(sl_ruleset *rs, const char *s, size_t n)
{
    const aggspec *a = rs->agg_scope;
    if (!a) return -1;
    if (n == 5 && memcmp(s, "count", 5) == 0) return a->f_count;
    if (n == 4 && memcmp(s, "span", 4) == 0) return a->f_span;
    if (!a->seq && a->distinct >= 0 && n == 8 && memcmp(s, "distinct", 8) == 0) return a->f_distinct;
    if (a->learn_value >= 0 && n == 7 && memcmp(s, "learned", 7) == 0) return a->f_learned;
    if (a->top_field >= 0 && n == 3 && memcmp(s, "top", 3) == 0) return a->f_top;
    if (a->top_field >= 0 && n == 9 && memcmp(s, "top_count", 9) == 0) return a->f_top_count;
    if (a->top_field >= 0 && n == 9 && memcmp(s, "top_share", 9) == 0) return a->f_top_share;
    for (size_t i = 0; i < a->nctr; i++)
        if (strlen(a->ctr_name[i]) == n && memcmp(a->ctr_name[i], s, n) == 0) return a->ctr_field[i];
    if (n > 7 && memcmp(s, "share(", 6) == 0 && s[n - 1] == ')') /* {share(name)} in a message */
        return sl_rule_agg_share(rs, s + 6, n - 7);
    if (a->seq && a->link.text && n == 7 && memcmp(s, "revisit", 7) == 0) return a->f_revisit;
    if (a->seq && n > 6 && memcmp(s, "first.", 6) == 0) {
        aggspec *w = (aggspec *)a; /* the scope's own spec, being compiled */
        rs->agg_scope = NULL;
        int src = sl_rule_field(rs, NULL, s + 6, n - 6);
        rs->agg_scope = a;
        if (src < 0) return -1;
        for (size_t i = 0; i < w->nfirst; i++)
            if (w->first_src[i] == src) return w->first_pseudo[i];
        if (w->nfirst == SL_AGG_CARRY) return -1;
        int id = pseudo(rs, "first", s + 6, n - 6);
        if (id < 0) return -1;
        w->first_src[w->nfirst] = src, w->first_pseudo[w->nfirst++] = id;
        return id;
    }
    return -1;
}

int sl_rule_agg_share(sl_ruleset *rs, const char *s, size_t n)
{
    const aggspec *a = rs->agg_scope;
    for (size_t i = 0; a && i < a->nctr; i++)
        if (strlen(a->ctr_name[i]) == n && memcmp(a->ctr_name[i], s, n) == 0) return a->share_field[i];
    return -1;
}

/* ================= compilation ================= */

static bool is_pseudo(const sl_ruleset *rs, int id)
{
    const char *nm = id >= SL_F_CANONICAL_COUNT ? sl_fields_name(rs->ft, id) : NULL;
    return nm && strncmp(nm, "agg:", 4) == 0;
}

static void carry(sl_ruleset *rs, aggspec *a, int id, bool *ok)
{
    if (id < 0 || id == SL_F_METHOD || id == SL_F_PATH || id == SL_F_HOST || id == SL_F_STATUS ||
        id == SL_F_ROUTE || is_pseudo(rs, id))
        return; /* always there, or computed */
    for (size_t i = 0; i < a->ncarry; i++)
        if (a->carry[i] == id) return;
    if (a->ncarry == SL_AGG_CARRY) {
        *ok = false;
        return;
    }
    a->carry[a->ncarry++] = id;
}

static void carry_cval(sl_ruleset *rs, aggspec *a, const cval *v, bool *ok)
{
    if (v->kind == V_FIELD) carry(rs, a, v->field, ok);
    else if (v->kind == V_CALL && v->arg) carry_cval(rs, a, v->arg, ok); /* lower(x), len(x) ... */
}

/* The fields a compiled condition reads, macros included. */
static void carry_node(sl_ruleset *rs, aggspec *a, uint32_t ni, bool *ok, int depth)
{
    if (depth > SL_RULE_EXPR_DEPTH + 8) return;
    const cnode *nd = &rs->nodes[ni];
    switch (nd->kind) {
    case C_AND:
    case C_OR:
        for (uint32_t i = 0; i < nd->b; i++) carry_node(rs, a, rs->kids[nd->a + i], ok, depth + 1);
        return;
    case C_NOT: carry_node(rs, a, nd->a, ok, depth + 1); return;
    default:
        carry_cval(rs, a, &nd->l, ok);
        carry_cval(rs, a, &nd->r, ok);
    }
}

/* The variable a pseudo-field (or status) is for this rule, or -1. Only numbers the state
 * sets on every line count: a check on anything else is left to the evaluator. */
static int check_var(const aggspec *a, const cval *v, uint8_t *idx)
{
    if (v->kind != V_FIELD) return -1;
    int id = v->field;
    *idx = 0;
    if (id == SL_F_STATUS) return AV_STATUS;
    if (id == a->f_count) return AV_COUNT;
    if (id == a->f_span) return AV_SPAN;
    if (a->distinct >= 0 && id == a->f_distinct) return AV_DISTINCT;
    if (a->learn_value >= 0 && id == a->f_learned) return AV_LEARNED;
    if (a->top_field >= 0 && id == a->f_top_count) return AV_TOP_COUNT;
    if (a->top_field >= 0 && id == a->f_top_share) return AV_TOP_SHARE;
    for (size_t i = 0; i < a->nctr; i++) {
        *idx = (uint8_t)i;
        if (id == a->ctr_field[i]) return AV_CTR;
        if (id == a->share_field[i]) return AV_SHARE;
    }
    return -1;
}

/* One conjunct as a check, if it is `<variable> <op> <whole number>` (either way round) or
 * `<variable> [not] in lo..hi`. */
static bool one_check(const aggspec *a, const cnode *nd, aggcheck *c)
{
    static const uint8_t flip[] = {[T_EQ] = T_EQ, [T_NE] = T_NE, [T_LT] = T_GT, [T_LE] = T_GE,
                                   [T_GT] = T_LT, [T_GE] = T_LE};
    int v;
    *c = (aggcheck){.kind = nd->kind};
    if (nd->kind == C_RANGE) {
        if ((v = check_var(a, &nd->l, &c->idx)) < 0) return false;
        c->var = (uint8_t)v, c->neg = nd->neg, c->lo = nd->lo, c->hi = nd->hi;
        return true;
    }
    if (nd->kind != C_ICMP || nd->op < T_EQ || nd->op > T_GE) return false;
    if ((v = check_var(a, &nd->l, &c->idx)) >= 0 && nd->r.kind == V_INT) {
        c->op = nd->op, c->lo = nd->r.i;
    } else if ((v = check_var(a, &nd->r, &c->idx)) >= 0 && nd->l.kind == V_INT) {
        c->op = flip[nd->op], c->lo = nd->l.i;
    } else {
        return false;
    }
    c->var = (uint8_t)v;
    return true;
}

static void find_checks(const sl_ruleset *rs, aggspec *a)
{
    const cnode *root = &rs->nodes[a->having_root];
    const uint32_t *kids = root->kind == C_AND ? rs->kids + root->a : &a->having_root;
    uint32_t n = root->kind == C_AND ? root->b : 1;
    a->nchecks = 0;
    for (uint32_t i = 0; i < n && a->nchecks < SL_AGG_CHECKS; i++)
        if (one_check(a, &rs->nodes[kids[i]], &a->checks[a->nchecks])) a->nchecks++;
}

bool sl_rule_agg_compile(sl_ruleset *rs, rule *r, sl_diags *d)
{
    aggspec *a = r->agg;
    bool ok = true;
    for (size_t i = 0; i < a->nctr; i++)
        if (a->ctr[i].root && !sl_rule_compile(rs, r, &a->ctr[i], d, &a->ctr_root[i])) ok = false;
    if (a->seq && a->first.root && !sl_rule_compile(rs, r, &a->first, d, &a->first_root)) ok = false;
    if (a->learn_from.root && !sl_rule_compile(rs, r, &a->learn_from, d, &a->learn_root)) ok = false;
    rs->agg_scope = a;
    pexpr *last = a->seq ? &a->then : &a->having;
    uint32_t *lroot = a->seq ? &a->then_root : &a->having_root;
    if (last->root && !sl_rule_compile(rs, r, last, d, lroot)) ok = false;
    if (a->link.root && !sl_rule_compile(rs, r, &a->link, d, &a->link_root)) ok = false;
    rs->agg_scope = NULL;
    if (!ok) return false;
    if (!a->seq) find_checks(rs, a);
    bool fits = true;
    carry_node(rs, a, *lroot, &fits, 0);
    if (a->link.root) carry_node(rs, a, a->link_root, &fits, 0);
    for (size_t i = 0; i < a->nfirst; i++) carry(rs, a, a->first_src[i], &fits);
    if (a->top_field >= 0) carry(rs, a, a->top_field, &fits); /* the value {top} shows */
    for (size_t i = 0; i < r->nseg; i++)
        if (!r->seg[i].s) carry(rs, a, r->seg[i].field, &fits);
    if (!fits) {
        ERR(d, r->f, a->node, "the rule's conditions and message read more than %d fields beyond "
            "method, path, host and status", SL_AGG_CARRY);
        return false;
    }
    return true;
}

/* ================= test cases ================= */

static bool load_line(sl_ruleset *rs, rule *r, const srcfile *f, const ynode *n, aggline *al, sl_diags *d);

bool sl_rule_agg_case(sl_ruleset *rs, rule *r, const srcfile *f, const ynode *m, tcase *tc, sl_diags *d)
{
    aggcase *ac = sl_rule_alloc(&rs->arena, sizeof *ac);
    ac->findings = ac->count = ac->clients = ac->retries = -1;
    tc->agg = ac;
    tc->shown = "lines";
    if (m->kind != Y_MAP || !sl_rule_yaml_get(m, "lines")) {
        ERR(d, f, m, "a test case of an aggregate rule is a mapping with `lines` (and optionally "
            "`findings`, `count`, `clients`, `retries`)");
        return false;
    }
    bool ok = sl_rule_check_keys(d, f, m, "test case", case_keys) == 0;
    const ynode *ls = sl_rule_yaml_get(m, "lines"), *v;
    if (ls->kind != Y_SEQ || !ls->nkid) {
        ERR(d, f, ls, "`lines` must be a list of log lines or field mappings");
        return false;
    }
    static const char *const nums[] = {"findings", "count", "clients", "retries"};
    int64_t *dst[] = {&ac->findings, &ac->count, &ac->clients, &ac->retries};
    for (int i = 0; i < 4; i++)
        if ((v = sl_rule_yaml_get(m, nums[i])) &&
            (v->kind != Y_SCALAR || !sl_rule_parse_int(v->s, v->n, dst[i]) || *dst[i] < 0 ||
             *dst[i] > 1000000)) {
            ERR(d, f, v, "`%s` must be a whole number", nums[i]);
            ok = false;
        }
    ac->lines = sl_rule_alloc(&rs->arena, ls->nkid * sizeof *ac->lines);
    for (size_t i = 0; i < ls->nkid; i++)
        if (!load_line(rs, r, f, ls->kid[i], &ac->lines[ac->nlines++], d)) ok = false;
    char shown[64];
    snprintf(shown, sizeof shown, "case at line %d (%zu line%s)", m->line, ls->nkid, ls->nkid == 1 ? "" : "s");
    tc->shown = sl_rule_strdup(&rs->arena, shown, strlen(shown));
    return ok;
}

static bool is_nullv(const ynode *v)
{
    return v->style == YAML_PLAIN_SCALAR_STYLE &&
           (v->n == 0 || strcmp(v->s, "~") == 0 || strcmp(v->s, "null") == 0 || strcmp(v->s, "-") == 0);
}

static bool load_line(sl_ruleset *rs, rule *r, const srcfile *f, const ynode *n, aggline *al, sl_diags *d)
{
    al->repeat = 1, al->every = 1;
    if (n->kind == Y_SCALAR) {
        al->c.line = n->s, al->c.linelen = n->n, al->c.shown = n->s;
        return true;
    }
    if (n->kind != Y_MAP) {
        ERR(d, f, n, "a line is a log line, a mapping of fields, or {line, repeat, every}");
        return false;
    }
    const ynode *line = sl_rule_yaml_get(n, "line"), *v;
    bool ok = true;
    if (line) {
        ok = sl_rule_check_keys(d, f, n, "line", line_keys) == 0;
        if (line->kind != Y_SCALAR) {
            ERR(d, f, line, "`line` must be a log line");
            return false;
        }
        al->c.line = line->s, al->c.linelen = line->n, al->c.shown = line->s;
        int64_t k;
        if ((v = sl_rule_yaml_get(n, "repeat"))) {
            if (v->kind != Y_SCALAR || !sl_rule_parse_int(v->s, v->n, &k) || k < 1 || k > 100000) {
                ERR(d, f, v, "`repeat` must be a whole number from 1 to 100000");
                ok = false;
            } else al->repeat = (uint32_t)k;
        }
        if ((v = sl_rule_yaml_get(n, "every")) && !load_duration(d, f, v, "every", 0, &al->every)) ok = false;
        return ok;
    }
    al->c.kv = sl_rule_alloc(&rs->arena, (n->nkid / 2 + 1) * sizeof *al->c.kv);
    for (size_t i = 0; i + 1 < n->nkid; i += 2) {
        const ynode *k = n->kid[i];
        v = n->kid[i + 1];
        int id = field_at(rs, r, f, k, "line", d);
        if (id < 0 || id == SL_F_ROUTE || v->kind != Y_SCALAR) {
            if (id >= 0) ERR(d, f, k, "a test field takes a single value, and `route` comes from `path`");
            ok = false;
            continue;
        }
        al->c.kv[al->c.nkv++] = (tkv){id, is_nullv(v) ? NULL : v->s, v->n};
    }
    al->c.shown = "{...}";
    return ok;
}

/* ================= packing (worker threads) ================= */

#define FNV_OFFSET 0xcbf29ce484222325ull
#define HASH_MUL 0x9e3779b97f4a7c15ull

/* A 64-bit hash of the values, eight bytes at a time (the key of every line is hashed, so
 * this is on the hot path), with the length and a null marker mixed in: ("ab","c") is not
 * ("a","bc") and a null is not "". */
static uint64_t fnv_slice(uint64_t h, sl_slice s)
{
    if (!s.p) return (h ^ 0x1e1f) * HASH_MUL;
    size_t i = 0;
    uint64_t w;
    for (; i + 8 <= s.n; i += 8) {
        memcpy(&w, s.p + i, 8);
        h = (h ^ w) * HASH_MUL;
        h ^= h >> 29;
    }
    w = sl_rule_tail(s.p + i, s.n - i, s.n >= 8);
    h = (h ^ w ^ ((uint64_t)s.n << 56)) * HASH_MUL;
    return h ^ (h >> 31);
}

/* Copies a carried value (mostly a few dozen bytes) without a call or `rep movs`. */
static inline void copy_value(char *dst, const char *src, size_t n)
{
    uint64_t w;
    uint32_t v;
    if (n >= 8) {
        size_t i = 0;
        for (; i + 8 <= n; i += 8) memcpy(&w, src + i, 8), memcpy(dst + i, &w, 8);
        if (i < n) memcpy(&w, src + n - 8, 8), memcpy(dst + n - 8, &w, 8); /* overlapping */
    } else if (n >= 4) {
        memcpy(&v, src, 4), memcpy(dst, &v, 4);
        memcpy(&v, src + n - 4, 4), memcpy(dst + n - 4, &v, 4);
    } else {
        for (size_t i = 0; i < n; i++) dst[i] = src[i];
    }
}

static sl_slice value(sl_evaluator *ev, const sl_record *rec, int id, char num[24])
{
    if (id == SL_F_ROUTE) return sl_evaluator_route(ev, rec);
    if (id == SL_F_STATUS && rec->status >= 0) return sl_slice_make(num, sl_rule_itoa(rec->status, num));
    return rec->v[id];
}

/* Whether a field has a value, and its hash in *h, hashed once per line however many rules
 * of the line read it (distinct, learned and top values: client, bytes ...). */
static bool value_hash(sl_evaluator *ev, sl_packcache *pc, const sl_record *rec, int id, char num[24],
                       uint32_t *h)
{
    bool cached = id >= 0 && id < SL_MAX_FIELDS;
    if (cached && pc->fgen[id] == pc->gen) {
        *h = (uint32_t)pc->fhash[id];
        return pc->fhash[id] >> 32;
    }
    sl_slice s = value(ev, rec, id, num);
    uint64_t x = s.p ? fnv_slice(FNV_OFFSET, s) : 0;
    *h = (uint32_t)(x ^ (x >> 32));
    if (cached) pc->fgen[id] = pc->gen, pc->fhash[id] = *h | (uint64_t)(s.p != NULL) << 32;
    return s.p != NULL;
}

size_t sl_rule_agg_pack(sl_evaluator *ev, const rule *r, const sl_record *rec, char *out)
{
    const aggspec *a = r->agg;
    sl_packcache *pc = sl_evaluator_packcache(ev);
    uint64_t key = FNV_OFFSET;
    uint32_t bits = 0, dh = 0, lh = 0, th = 0;
    char num[24];
    size_t i = a->nby;
    while (i > 0 && pc->key_gen[a->by_slot[i - 1]] != pc->gen) i--; /* the longest prefix hashed */
    if (i) key = pc->key[a->by_slot[i - 1]];
    for (; i < a->nby; i++) {
        key = fnv_slice(key, value(ev, rec, a->by[i], num));
        pc->key_gen[a->by_slot[i]] = pc->gen, pc->key[a->by_slot[i]] = key;
    }
    if (!key) key = 1;
    for (i = 0; i < a->nctr; i++)
        if (sl_rule_eval_folded(ev, rec, a->ctr_root[i], a->ctr_fold[i])) bits |= 1u << i;
    if (a->seq && sl_rule_eval_folded(ev, rec, a->first_root, a->first_fold)) bits |= SL_AGG_BITS_FIRST;
    int dfield = a->seq ? a->visit : a->distinct; /* a chain's visited values share the slot */
    if (dfield >= 0 && value_hash(ev, pc, rec, dfield, num, &dh)) bits |= SL_AGG_BITS_DISTINCT;
    if (a->learn_value >= 0) {
        if (value_hash(ev, pc, rec, a->learn_value, num, &lh)) bits |= SL_AGG_BITS_LVAL;
        if (sl_rule_eval_folded(ev, rec, a->learn_root, a->learn_fold)) bits |= SL_AGG_BITS_LEARN;
    }
    if (a->top_field >= 0 && value_hash(ev, pc, rec, a->top_field, num, &th))
        th |= 1, bits |= SL_AGG_BITS_TOP; /* 0: a free counter */
    size_t k = 0;
    memcpy(out + k, &key, 8), k += 8;
    memcpy(out + k, &bits, 4), k += 4;
    if (bits & SL_AGG_BITS_DISTINCT) memcpy(out + k, &dh, 4), k += 4; /* only the hashes a line has */
    if (bits & SL_AGG_BITS_LVAL) memcpy(out + k, &lh, 4), k += 4;
    if (bits & SL_AGG_BITS_TOP) memcpy(out + k, &th, 4), k += 4;
    for (i = 0; i < a->ncarry; i++) {
        sl_slice s = value(ev, rec, a->carry[i], num);
        uint16_t n = s.p ? (uint16_t)(s.n > SL_AGG_VALUE_MAX ? SL_AGG_VALUE_MAX : s.n) : UINT16_MAX;
        memcpy(out + k, &n, 2), k += 2;
        if (s.p && n) copy_value(out + k, s.p, n), k += n;
    }
    return k;
}

/* ================= before the ruleset is shared ================= */

static bool same_prefix(const aggspec *a, const aggspec *b, size_t n)
{
    if (a->nby < n || b->nby < n) return false;
    for (size_t i = 0; i < n; i++)
        if (a->by[i] != b->by[i]) return false;
    return true;
}

void sl_rule_agg_prepare(sl_ruleset *rs)
{
    size_t slots = 0;
    for (size_t i = 0; i < rs->nrules; i++) {
        aggspec *a = rs->rules[i].agg;
        if (!a) continue;
        for (size_t c = 0; c < a->nctr; c++) a->ctr_fold[c] = sl_rule_fold_status(rs, a->ctr_root[c]);
        a->first_fold = a->seq && a->first.root ? sl_rule_fold_status(rs, a->first_root) : NULL;
        a->learn_fold = a->learn_from.root ? sl_rule_fold_status(rs, a->learn_root) : NULL;
        for (size_t j = 0; j < a->nby; j++) {
            a->by_slot[j] = (uint16_t)slots;
            for (size_t e = 0; e < i; e++) {
                const aggspec *b = rs->rules[e].agg;
                if (b && same_prefix(a, b, j + 1)) {
                    a->by_slot[j] = b->by_slot[j];
                    break;
                }
            }
            if (a->by_slot[j] == slots) slots++;
        }
    }
    rs->nbyslots = slots;
}
