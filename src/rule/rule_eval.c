/* rule_eval.c: the per-record hot path. Walks compiled condition nodes over a record's
 * field views (null = absent: every comparison with null is false), runs pcre2 with
 * per-evaluator match data and match/depth limits, renders message templates into a
 * per-evaluator buffer, and applies suppressions. Allocates nothing per record once its
 * scratch buffers have grown to the longest value seen; never prints. */
#include "rule/rule_builtins.h"
#include "rule/rule_int.h"
#include <stdlib.h>

/* Regex work per line is bounded (the robustness contract): pcre2's match limit counts
 * backtracking steps, but its JIT does not count a single-character repeat stepping back,
 * so `.*[xX].*[yY]` runs in quadratic time uncounted. Values longer than SL_REGEX_JIT_MAX
 * therefore run in the interpreter, which counts every step; values longer than
 * SL_REGEX_SUBJECT_MAX are not matched at all; and once one regex of a rule gives up on a
 * line, the rule's other regexes are not run on that line (its budget is spent). Each give-up
 * counts as no match and is reported per rule. */
#define MATCH_LIMIT 200000
#define DEPTH_LIMIT 2000
#define HEAP_LIMIT_KIB 2048

struct sl_evaluator {
    const sl_ruleset *rs;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    uint64_t *gave_up;       /* [nrules]: regex matches that hit a limit, per rule */
    size_t cur_rule;         /* the rule being evaluated */
    bool spent;              /* a regex of cur_rule gave up on this record */
    char *scr[2];
    size_t scrcap[2];
    char msg[SL_RULE_MSG_MAX + 8];
    sl_eval_stats st;
    /* The route of the record being evaluated, computed the first time a condition, a
     * message or the caller reads it (sl_evaluator_route); route_done is cleared per record. */
    char *route;
    size_t routecap;
    sl_slice route_v;
    bool route_done;
    struct rclen *rcl;       /* [RC_SLOTS] routes of recent paths: lengths (zeroed) */
    char *rcb;               /* [RC_SLOTS][RC_BYTES]: bytes (not zeroed: untouched pages cost
                              * nothing), both NULL until a route is read */
    sl_agg_fn aggfn;         /* aggregate rules: where their lines go (NULL: nowhere) */
    sl_agg_room_fn aggroom;  /* ... or where they are packed in place */
    sl_agg_done_fn aggdone;
    void *aggctx;
    sl_packcache pc;         /* what packing shares between the rules of one record */
    struct pfuse { uint32_t tries, passed; bool off; } *pf; /* [nre]: each prefilter's record */
    char aggbuf[SL_AGG_PAYLOAD_MAX];
};

/* A new record: the route and the packing caches are stale. */
static inline void new_record(sl_evaluator *ev)
{
    ev->route_done = false;
    if (__builtin_expect(++ev->pc.gen == 0, 0)) { /* wrapped: no entry may look current */
        memset(ev->pc.fgen, 0, sizeof ev->pc.fgen);
        memset(ev->pc.igen, 0, sizeof ev->pc.igen);
        if (ev->rs->nbyslots) memset(ev->pc.key_gen, 0, ev->rs->nbyslots * sizeof *ev->pc.key_gen);
        ev->pc.gen = 1;
    }
}

sl_packcache *sl_evaluator_packcache(sl_evaluator *ev) { return &ev->pc; }

/* The route is a pure function of the path and the ruleset's patterns, and paths repeat
 * (a log has a few thousand for a million lines), so each evaluator keeps the routes of
 * recent paths, direct-mapped by a hash of the path; a path and its route longer than a
 * slot are computed each time. */
#define RC_SLOTS 1024
#define RC_BYTES 236
typedef struct rclen {
    uint16_t plen;           /* the path's length + 1; 0: empty */
    uint16_t rlen;
} rclen;                     /* its bytes: the path, then its route */

static inline uint32_t path_hash(sl_slice s)
{
    uint64_t h = s.n * 0x9e3779b97f4a7c15ull, w;
    size_t i = 0;
    for (; i + 8 <= s.n; i += 8) {
        memcpy(&w, s.p + i, 8);
        h = (h ^ w) * 0x9e3779b97f4a7c15ull;
        h ^= h >> 29;
    }
    h = (h ^ sl_rule_tail(s.p + i, s.n - i, s.n >= 8)) * 0x9e3779b97f4a7c15ull;
    return (uint32_t)(h >> 40);
}

void sl_evaluator_on_aggregate(sl_evaluator *ev, sl_agg_fn fn, void *ctx)
{
    ev->aggfn = fn;
    ev->aggroom = NULL, ev->aggdone = NULL;
    ev->aggctx = ctx;
}

void sl_evaluator_pack_in_place(sl_evaluator *ev, sl_agg_room_fn room, sl_agg_done_fn done, void *ctx)
{
    ev->aggfn = NULL;
    ev->aggroom = room, ev->aggdone = done;
    ev->aggctx = ctx;
}

bool sl_rule_eval_fresh(sl_evaluator *ev, size_t ri, const sl_record *rec, uint32_t node)
{
    ev->cur_rule = ri;
    ev->spent = false;
    new_record(ev);
    return sl_rule_eval_node(ev, rec, node);
}

sl_evaluator *sl_evaluator_new(const sl_ruleset *rs)
{
    sl_evaluator *ev = sl_xcalloc(1, sizeof *ev);
    ev->rs = rs;
    ev->md = pcre2_match_data_create(1, NULL);
    ev->mctx = pcre2_match_context_create(NULL);
    if (ev->mctx) {
        pcre2_set_match_limit(ev->mctx, MATCH_LIMIT);
        pcre2_set_depth_limit(ev->mctx, DEPTH_LIMIT);
        pcre2_set_heap_limit(ev->mctx, HEAP_LIMIT_KIB);
    }
    ev->gave_up = sl_xcalloc(rs->nrules ? rs->nrules : 1, sizeof *ev->gave_up);
    ev->pf = sl_xcalloc(rs->nre + 1, sizeof *ev->pf);
    ev->pc.key_gen = sl_xcalloc(rs->nbyslots + 1, sizeof *ev->pc.key_gen);
    ev->pc.key = sl_xcalloc(rs->nbyslots + 1, sizeof *ev->pc.key);
    ev->st.regex_limit_by_rule = ev->gave_up;
    return ev;
}

void sl_evaluator_free(sl_evaluator *ev)
{
    if (!ev) return;
    pcre2_match_data_free(ev->md);
    pcre2_match_context_free(ev->mctx);
    free(ev->gave_up);
    free(ev->pf);
    free(ev->pc.key_gen);
    free(ev->pc.key);
    free(ev->scr[0]);
    free(ev->scr[1]);
    free(ev->route);
    free(ev->rcl);
    free(ev->rcb);
    free(ev);
}

const sl_eval_stats *sl_evaluator_stats(const sl_evaluator *ev) { return &ev->st; }

/* ================= values ================= */

sl_slice sl_evaluator_route(sl_evaluator *ev, const sl_record *rec)
{
    if (ev->route_done) return ev->route_v;
    ev->route_done = true;
    sl_slice path = rec->v[SL_F_PATH];
    if (!path.p) return ev->route_v = SL_SLICE_NULL;
    rclen *c = NULL;
    char *cb = NULL;
    if (path.n < RC_BYTES / 2) {
        if (!ev->rcl) {
            ev->rcl = sl_xcalloc(RC_SLOTS, sizeof *ev->rcl);
            ev->rcb = sl_xmalloc((size_t)RC_SLOTS * RC_BYTES);
        }
        size_t k = path_hash(path) & (RC_SLOTS - 1);
        c = &ev->rcl[k], cb = ev->rcb + k * RC_BYTES;
        if (c->plen == path.n + 1 && memcmp(cb, path.p, path.n) == 0)
            return ev->route_v = sl_slice_make(cb + path.n, c->rlen);
    }
    size_t n = sl_route(ev->rs->routes, path, ev->route, ev->routecap);
    if (n >= ev->routecap) {
        ev->routecap = n + 256;
        ev->route = sl_xrealloc(ev->route, ev->routecap);
        n = sl_route(ev->rs->routes, path, ev->route, ev->routecap);
    }
    if (c && n <= RC_BYTES - path.n) {
        memcpy(cb, path.p, path.n);
        memcpy(cb + path.n, ev->route, n);
        c->plen = (uint16_t)(path.n + 1), c->rlen = (uint16_t)n;
    }
    return ev->route_v = sl_slice_make(ev->route, n);
}

/* Out of line, so that reading an ordinary field stays one load and one compare. */
static __attribute__((noinline, cold)) sl_slice route_field(sl_evaluator *ev, const sl_record *rec)
{
    return sl_evaluator_route(ev, rec);
}

/* A field's value; the route is derived from the path, never taken from the log. */
static inline sl_slice fieldv(sl_evaluator *ev, const sl_record *rec, int id)
{
    if (__builtin_expect(id == SL_F_ROUTE, 0)) return route_field(ev, rec);
    return rec->v[id];
}

static bool call(sl_evaluator *ev, const sl_record *rec, const sl_builtin *b, const cval *arg,
                 int side, fn_val *v);

/* A field as a number, parsed once per record (the packing caches' generation). */
static inline bool field_int(sl_evaluator *ev, const sl_record *rec, int id, int64_t *out)
{
    if (id < 0 || id >= SL_MAX_FIELDS) return sl_parse_int(fieldv(ev, rec, id), out);
    sl_packcache *pc = &ev->pc;
    if (pc->igen[id] != pc->gen) {
        pc->igen[id] = pc->gen;
        pc->iok[id] = sl_parse_int(fieldv(ev, rec, id), &pc->ival[id]);
    }
    *out = pc->ival[id];
    return pc->iok[id];
}

static inline bool ival(sl_evaluator *ev, const sl_record *rec, const cval *v, int64_t *out)
{
    fn_val r;
    switch (v->kind) {
    case V_INT: *out = v->i; return true;
    case V_FIELD:
        if (v->field == SL_F_STATUS) {
            *out = rec->status;
            return rec->status >= 0;
        }
        return field_int(ev, rec, v->field, out);
    case V_CALL:
        if (!call(ev, rec, &sl_builtins[v->n], v->arg, 0, &r)) return false;
        *out = r.i;
        return true;
    default: return false;
    }
}

static inline bool sval(sl_evaluator *ev, const sl_record *rec, const cval *v, int side, sl_slice *out)
{
    fn_val r;
    if (v->kind == V_STR) {
        *out = sl_slice_make(v->s, v->n);
        return true;
    }
    if (v->kind == V_CALL) {
        if (!call(ev, rec, &sl_builtins[v->n], v->arg, side, &r)) return false;
        *out = r.s;
        return true;
    }
    sl_slice s = fieldv(ev, rec, v->field);
    *out = s;
    return s.p != NULL;
}

/* A builtin on its argument: the argument as its row says (an absent one gives false without
 * the call), string results in this side's scratch buffer. */
static bool call(sl_evaluator *ev, const sl_record *rec, const sl_builtin *b, const cval *arg,
                 int side, fn_val *v)
{
    *v = (fn_val){SL_SLICE_NULL, 0};
    switch (b->arg) {
    case FN_FIELD:
        v->s = fieldv(ev, rec, arg->field);
        if (!v->s.p && !(arg->field == SL_F_STATUS && rec->status >= 0)) return false;
        break;
    case FN_STR:
        if (!sval(ev, rec, arg, side, &v->s)) return false;
        break;
    default:
        if (!ival(ev, rec, arg, &v->i)) return false;
    }
    /* Growing the scratch buffer cannot move v->s: when it needs to grow, v->s is not in it. */
    if (b->ret == FN_STR && (v->s.n > ev->scrcap[side] || !ev->scr[side])) {
        ev->scrcap[side] = v->s.n + 256;
        ev->scr[side] = sl_xrealloc(ev->scr[side], ev->scrcap[side]);
    }
    return b->eval(v, ev->scr[side]);
}

static bool has_sub(sl_slice h, sl_slice nd)
{
    if (nd.n == 0) return true;
    if (nd.n > h.n) return false;
    const char *p = h.p, *end = h.p + h.n - nd.n + 1;
    while (p < end && (p = memchr(p, nd.p[0], (size_t)(end - p)))) {
        if (memcmp(p, nd.p, nd.n) == 0) return true;
        p++;
    }
    return false;
}

/* ================= conditions ================= */

static bool icmp(int op, int64_t a, int64_t b)
{
    switch (op) {
    case T_EQ: return a == b;
    case T_NE: return a != b;
    case T_LT: return a < b;
    case T_LE: return a <= b;
    case T_GT: return a > b;
    default: return a >= b;
    }
}

static bool strfn(int op, sl_slice a, sl_slice b)
{
    if (op == T_CONTAINS) return has_sub(a, b);
    if (b.n > a.n) return false;
    if (op == T_STARTSWITH) return memcmp(a.p, b.p, b.n) == 0;
    return memcmp(a.p + a.n - b.n, b.p, b.n) == 0;
}

static bool in_iset(const cset *s, int64_t v)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s->iv[mid] == v) return true;
        if (s->iv[mid] < v) lo = mid + 1;
        else hi = mid;
    }
    return false;
}

static bool in_sset(const cset *s, sl_slice v)
{
    for (size_t i = 0; i < s->n; i++) /* the first byte before a call: most differ there */
        if (s->sv[i].n == v.n && (!v.n || s->sv[i].p[0] == v.p[0]) && memcmp(s->sv[i].p, v.p, v.n) == 0)
            return true;
    return false;
}

static bool give_up(sl_evaluator *ev)
{
    ev->spent = true;
    ev->st.regex_limit++;
    if (ev->cur_rule < ev->rs->nrules) ev->gave_up[ev->cur_rule]++;
    return false;
}

/* Whether pattern i may match s, as its prefilter says. A prefilter that lets nearly every
 * subject through only adds its scan to pcre2's work: after PF_TRIAL subjects, one that
 * passed more than 7 in 8 is no longer asked (on this evaluator; the answers never differ,
 * only the work). */
#define PF_TRIAL 1024
static bool prefiltered(sl_evaluator *ev, uint32_t i, sl_slice s)
{
    struct pfuse *u = &ev->pf[i];
    bool may = sl_prefilter_may_match(&ev->rs->re_pf[i], s.p ? s.p : "", s.n);
    u->passed += may;
    if (++u->tries == PF_TRIAL) u->off = u->passed > PF_TRIAL / 8 * 7;
    return may;
}

static bool regex(sl_evaluator *ev, const cnode *n, sl_slice s)
{
    if (ev->spent) return false; /* this rule's budget for the line is gone */
    if (s.n > SL_REGEX_SUBJECT_MAX) return give_up(ev);
    if (ev->rs->re_pf[n->a].n && !ev->pf[n->a].off && !prefiltered(ev, n->a, s)) return n->neg;
    PCRE2_SPTR subj = (PCRE2_SPTR)(s.n ? s.p : "");
    const pcre2_code *re = ev->rs->re[n->a];
    bool jit = s.n <= SL_REGEX_JIT_MAX;
    /* the JIT'ed code straight, without pcre2_match's checks of its arguments (a fifth of
     * a short match's time): the subject is ours and its length known */
    int rc = jit && ev->rs->re_jit[n->a]
                 ? pcre2_jit_match(re, subj, s.n, 0, 0, ev->md, ev->mctx)
                 : pcre2_match(re, subj, s.n, 0, jit ? 0 : PCRE2_NO_JIT, ev->md, ev->mctx);
    if (rc >= 0) return !n->neg;
    if (rc == PCRE2_ERROR_NOMATCH) return n->neg;
    if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT ||
        rc == PCRE2_ERROR_JIT_STACKLIMIT || rc == PCRE2_ERROR_NOMEMORY)
        return give_up(ev);
    return false;
}

static bool eval_leaf(sl_evaluator *ev, const sl_record *rec, const cnode *n)
{
    int64_t a, b;
    sl_slice x, y;
    switch (n->kind) {
    case C_CALL: {
        if (n->op == SL_CALL_EXISTS) /* as call() and fn_exists find it, without the calls */
            return fieldv(ev, rec, n->l.field).p || (n->l.field == SL_F_STATUS && rec->status >= 0);
        fn_val v;
        return call(ev, rec, &sl_builtins[n->a], &n->l, 0, &v);
    }
    case C_ICMP:
        return ival(ev, rec, &n->l, &a) && ival(ev, rec, &n->r, &b) && icmp(n->op, a, b);
    case C_SCMP:
        if (!sval(ev, rec, &n->l, 0, &x) || !sval(ev, rec, &n->r, 1, &y)) return false;
        return (x.n == y.n && memcmp(x.p, y.p, x.n) == 0) == (n->op == T_EQ);
    case C_STRFN:
        return sval(ev, rec, &n->l, 0, &x) && sval(ev, rec, &n->r, 1, &y) && strfn(n->op, x, y);
    case C_MATCH:
        return sval(ev, rec, &n->l, 0, &x) && regex(ev, n, x);
    case C_ISET:
        return ival(ev, rec, &n->l, &a) && in_iset(&ev->rs->sets[n->a], a) != n->neg;
    case C_SSET:
        return sval(ev, rec, &n->l, 0, &x) && in_sset(&ev->rs->sets[n->a], x) != n->neg;
    case C_RANGE:
        return ival(ev, rec, &n->l, &a) && (a >= n->lo && a <= n->hi) != n->neg;
    default:
        return n->kind == C_TRUE;
    }
}

bool sl_rule_eval_node(sl_evaluator *ev, const sl_record *rec, uint32_t ni)
{
    const cnode *n = &ev->rs->nodes[ni];
    const uint32_t *k;
    switch (n->kind) {
    case C_AND:
        k = ev->rs->kids + n->a;
        for (uint32_t i = 0; i < n->b; i++)
            if (!sl_rule_eval_node(ev, rec, k[i])) return false;
        return true;
    case C_OR:
        k = ev->rs->kids + n->a;
        for (uint32_t i = 0; i < n->b; i++)
            if (sl_rule_eval_node(ev, rec, k[i])) return true;
        return false;
    case C_NOT:
        return !sl_rule_eval_node(ev, rec, n->a);
    default:
        return eval_leaf(ev, rec, n);
    }
}

/* ================= conditions the status decides ================= */

/* A number that reads nothing but the status (c, 0..999), as ival would give it: 1 with the
 * value, 0 when ival is false, -1 when it reads more than the status. */
static int fold_int(const cval *v, int c, int64_t *out)
{
    fn_val r = {SL_SLICE_NULL, 0};
    switch (v->kind) {
    case V_INT: *out = v->i; return 1;
    case V_FIELD:
        if (v->field != SL_F_STATUS) return -1;
        *out = c;
        return 1;
    case V_CALL: {
        const sl_builtin *b = &sl_builtins[v->n];
        if (b->arg != FN_INT || b->ret != FN_INT) return -1;
        int k = fold_int(v->arg, c, &r.i);
        if (k <= 0) return k;
        char buf[32];
        if (!b->eval(&r, buf)) return 0;
        *out = r.i;
        return 1;
    }
    default: return -1;
    }
}

/* A leaf as eval_leaf gives it for a record whose status is c: 1, 0, or -1 (it reads more). */
static int fold_leaf(const sl_ruleset *rs, const cnode *n, int c)
{
    int64_t a, b;
    int ka, kb;
    switch (n->kind) {
    case C_TRUE: return 1;
    case C_FALSE: return 0;
    case C_ICMP:
        if ((ka = fold_int(&n->l, c, &a)) <= 0) return ka; /* ival(l) false: r is not read */
        if ((kb = fold_int(&n->r, c, &b)) <= 0) return kb;
        return icmp(n->op, a, b);
    case C_RANGE:
        if ((ka = fold_int(&n->l, c, &a)) <= 0) return ka;
        return (a >= n->lo && a <= n->hi) != n->neg;
    case C_ISET:
        if ((ka = fold_int(&n->l, c, &a)) <= 0) return ka;
        return in_iset(&rs->sets[n->a], a) != n->neg;
    case C_CALL: {
        const sl_builtin *bi = &sl_builtins[n->a];
        fn_val v = {SL_SLICE_NULL, 0};
        char buf[32];
        if (bi->arg != FN_INT) return -1;
        if ((ka = fold_int(&n->l, c, &v.i)) <= 0) return ka;
        return bi->eval(&v, buf);
    }
    default: return -1;
    }
}

/* Node ni for status c, in the evaluator's order: 1, 0 or -1 (unknown). *fx is set when a
 * regex would run before the outcome is decided: its give-ups are counted and spend the
 * rule's budget, so such a condition must be evaluated after all. */
static int fold_node(const sl_ruleset *rs, uint32_t ni, int c, bool *fx, int depth)
{
    const cnode *n = &rs->nodes[ni];
    if (depth > SL_RULE_EXPR_DEPTH + 8) return -1;
    switch (n->kind) {
    case C_AND:
    case C_OR: {
        int decides = n->kind == C_OR; /* the kid value that ends the walk */
        bool unknown = false;
        for (uint32_t i = 0; i < n->b; i++) {
            int k = fold_node(rs, rs->kids[n->a + i], c, fx, depth + 1);
            if (k == decides) return k;
            if (k < 0) unknown = true;
        }
        return unknown ? -1 : !decides;
    }
    case C_NOT: {
        int k = fold_node(rs, n->a, c, fx, depth + 1);
        return k < 0 ? -1 : !k;
    }
    case C_MATCH: *fx = true; return -1;
    default: return fold_leaf(rs, n, c);
    }
}

/* Whether the tree holds a regex (match), or else a leaf fold_leaf can decide; past the
 * depth limit, the answer that keeps the caller safe (a regex: yes; a decided leaf: no). */
static bool has_leaf(const sl_ruleset *rs, uint32_t ni, bool match, int depth)
{
    const cnode *n = &rs->nodes[ni];
    if (depth > SL_RULE_EXPR_DEPTH + 8) return match;
    switch (n->kind) {
    case C_AND:
    case C_OR:
        for (uint32_t i = 0; i < n->b; i++)
            if (has_leaf(rs, rs->kids[n->a + i], match, depth + 1)) return true;
        return false;
    case C_NOT: return has_leaf(rs, n->a, match, depth + 1);
    case C_MATCH: return match;
    default: return !match && (fold_leaf(rs, n, 200) >= 0 || fold_leaf(rs, n, 500) >= 0);
    }
}

const uint8_t *sl_rule_fold_status(sl_ruleset *rs, uint32_t root)
{
    if (!has_leaf(rs, root, false, 0)) return NULL;
    uint8_t *t = sl_rule_alloc(&rs->arena, SL_RULE_NCODES);
    bool any = false;
    for (int c = 0; c < SL_RULE_NCODES; c++) {
        bool fx = false;
        int k = fold_node(rs, root, c, &fx, 0);
        t[c] = fx || k < 0 ? 0 : k ? SL_FOLD_TRUE : SL_FOLD_FALSE;
        any |= t[c] != 0;
    }
    return any ? t : NULL;
}

/* ================= conditions for one status ================= */

#define RES_TRUE UINT32_MAX /* what resid gives for a node the status decides */
#define RES_FALSE (UINT32_MAX - 1)
#define RES_LEAVES 32       /* status leaves a condition may have to get residuals */
#define RES_KINDS 16        /* residuals a condition may have (one per pattern of leaf values) */
#define RES_COST 4096       /* nodes a condition may have to get them: each copies its changed
                             * paths, so a huge one would take RES_KINDS times its memory */

static uint32_t const_node(sl_ruleset *rs, uint32_t res)
{
    cnode n = {.kind = res == RES_TRUE ? C_TRUE : C_FALSE};
    return sl_rule_add_node(rs, &n);
}

/* Node ni for records whose status is c: RES_TRUE / RES_FALSE when c decides it before any
 * regex would run, else a node that evaluates the rest in the same order (ni itself when c
 * decides none of it). An AND drops the kids c makes true and ends at the first it makes
 * false (with a false node when a regex before it must still run); an OR the same way round. */
static uint32_t resid(sl_ruleset *rs, uint32_t ni, int c, int depth)
{
    const cnode n = rs->nodes[ni]; /* a copy: adding nodes moves the array */
    if (depth > SL_RULE_EXPR_DEPTH + 8) return ni;
    switch (n.kind) {
    case C_AND:
    case C_OR: {
        uint32_t decides = n.kind == C_OR ? RES_TRUE : RES_FALSE;
        uint32_t neutral = n.kind == C_OR ? RES_FALSE : RES_TRUE;
        uint32_t *kept = sl_xmalloc(((size_t)n.b + 1) * sizeof *kept);
        size_t k = 0;
        bool changed = false, fx = false;
        uint32_t out = RES_TRUE;
        for (uint32_t i = 0; i < n.b; i++) {
            uint32_t kid = rs->kids[n.a + i];
            uint32_t r = resid(rs, kid, c, depth + 1);
            changed |= r != kid;
            if (r == decides) {
                if (!fx) {
                    free(kept);
                    return decides;
                }
                kept[k++] = const_node(rs, decides); /* what ran before it still runs */
                break;
            }
            if (r == neutral) continue;
            fx |= has_leaf(rs, r, true, 0);
            kept[k++] = r;
        }
        if (!changed) out = ni;
        else if (k == 0) out = neutral;
        else if (k == 1) out = kept[0];
        else {
            cnode m = n;
            m.a = sl_rule_add_kids(rs, kept, k), m.b = (uint32_t)k;
            out = sl_rule_add_node(rs, &m);
        }
        free(kept);
        return out;
    }
    case C_NOT: {
        uint32_t r = resid(rs, n.a, c, depth + 1);
        if (r == RES_TRUE || r == RES_FALSE) return r == RES_TRUE ? RES_FALSE : RES_TRUE;
        if (r == n.a) return ni;
        cnode m = n;
        m.a = r;
        return sl_rule_add_node(rs, &m);
    }
    case C_MATCH: return ni;
    default: {
        int k = fold_leaf(rs, &n, c);
        return k < 0 ? ni : k ? RES_TRUE : RES_FALSE;
    }
    }
}

/* The leaves fold_leaf decides (whatever the status: they read nothing else), in walk order;
 * false when there are more than max. */
static bool status_leaves(const sl_ruleset *rs, uint32_t ni, uint32_t *out, size_t *n, size_t max,
                          int depth)
{
    const cnode *nd = &rs->nodes[ni];
    if (depth > SL_RULE_EXPR_DEPTH + 8) return false;
    switch (nd->kind) {
    case C_AND:
    case C_OR:
        for (uint32_t i = 0; i < nd->b; i++)
            if (!status_leaves(rs, rs->kids[nd->a + i], out, n, max, depth + 1)) return false;
        return true;
    case C_NOT: return status_leaves(rs, nd->a, out, n, max, depth + 1);
    case C_MATCH: return true;
    default:
        if (fold_leaf(rs, nd, 200) < 0) return true;
        if (*n == max) return false;
        out[(*n)++] = ni;
        return true;
    }
}

const uint32_t *sl_rule_status_roots(sl_ruleset *rs, uint32_t root, const uint8_t *fold)
{
    uint32_t leaves[RES_LEAVES], sig[RES_KINDS], res[RES_KINDS];
    size_t nl = 0, nk = 0;
    if (root >= rs->nnodes || rs->ncost[root] > RES_COST) return NULL;
    if (!status_leaves(rs, root, leaves, &nl, RES_LEAVES, 0) || !nl) return NULL;
    uint32_t *roots = sl_rule_alloc(&rs->arena, SL_RULE_NCODES * sizeof *roots);
    bool any = false;
    for (int c = 0; c < SL_RULE_NCODES; c++) {
        roots[c] = root;
        if (fold && fold[c]) continue; /* decided: the plan does not evaluate it */
        uint32_t s = 0; /* resid reads the status through these leaves alone */
        for (size_t i = 0; i < nl; i++)
            if (fold_leaf(rs, &rs->nodes[leaves[i]], c) > 0) s |= 1u << i;
        size_t k = 0;
        while (k < nk && sig[k] != s) k++;
        if (k == nk) {
            if (nk == RES_KINDS) continue;
            uint32_t r = resid(rs, root, c, 0);
            if (r == RES_TRUE || r == RES_FALSE) r = const_node(rs, r);
            sig[nk] = s, res[nk++] = r;
        }
        roots[c] = res[k];
        any |= res[k] != root;
    }
    return any ? roots : NULL;
}

bool sl_rule_run(sl_evaluator *ev, size_t ri, const sl_record *rec)
{
    ev->cur_rule = ri;
    ev->spent = false;
    new_record(ev);
    return sl_rule_eval_node(ev, rec, ev->rs->rules[ri].root);
}

/* ================= messages ================= */

const char *sl_rule_render(sl_evaluator *ev, const rule *r, const sl_record *rec, size_t *len)
{
    size_t k = 0, cap = SL_RULE_MSG_MAX;
    bool cut = false;
    for (size_t i = 0; i < r->nseg && !cut; i++) {
        const tseg *g = &r->seg[i];
        sl_slice s = g->s ? sl_slice_make(g->s, g->n) : fieldv(ev, rec, g->field);
        char num[24];
        if (!g->s && !s.p && g->field == SL_F_STATUS && rec->status >= 0) {
            int nn = snprintf(num, sizeof num, "%d", rec->status);
            s = sl_slice_make(num, (size_t)nn);
        }
        if (!s.p) s = SL_SLICE_LIT("-");
        if (s.n > cap - k) s.n = cap - k, cut = true;
        memcpy(ev->msg + k, s.p, s.n);
        k += s.n;
    }
    if (cut) memcpy(ev->msg + k, "...", 3), k += 3;
    ev->msg[k] = 0;
    *len = k;
    return ev->msg;
}

/* ================= the entry point ================= */

static bool suppressed(sl_evaluator *ev, const rule *r, const sl_record *rec)
{
    for (const supp *s = r->supp; s; s = s->next)
        if (!s->has_when || sl_rule_eval_node(ev, rec, s->root)) return true;
    return false;
}

/* A rule runs only on records whose source supplies every field it needs. */
static bool needs_met(const rule *r, const sl_fieldset *supplied)
{
    for (size_t i = 0; i < r->nneed; i++)
        if (!sl_fieldset_has(supplied, r->need_ids[i])) return false;
    return true;
}

size_t sl_evaluate(sl_evaluator *ev, const sl_plan *p, const sl_record *rec, sl_hit_fn fn, void *ctx)
{
    size_t n, hits = 0;
    const uint32_t *list = sl_rule_plan_list(p, rec->status, &n);
    int st = rec->status >= 0 && rec->status < SL_RULE_NCODES ? rec->status : -1;
    new_record(ev);
    for (size_t i = 0; i < n; i++) {
        uint32_t ri = list[i] & ~SL_PLAN_WHEN_TRUE;
        const rule *r = &ev->rs->rules[ri];
        if (rec->supplied && r->nneed && !needs_met(r, rec->supplied)) continue;
        ev->cur_rule = ri;
        ev->spent = false;
        if (!(list[i] & SL_PLAN_WHEN_TRUE) &&
            !sl_rule_eval_node(ev, rec, r->sroot && st >= 0 ? r->sroot[st] : r->root))
            continue;
        if (r->supp && suppressed(ev, r, rec)) {
            ev->st.suppressed++;
            continue;
        }
        if (r->agg) { /* the line goes to the aggregate state; findings come from there */
            if (ev->aggroom) { /* packed even when not wanted: its regex give-ups count */
                char *dst = ev->aggroom(ev->aggctx, ri);
                size_t len = sl_rule_agg_pack(ev, r, rec, dst ? dst : ev->aggbuf);
                if (dst) ev->aggdone(ev->aggctx, ri, len);
            } else if (ev->aggfn) {
                ev->aggfn(ev->aggctx, ri, ev->aggbuf, sl_rule_agg_pack(ev, r, rec, ev->aggbuf));
            }
            continue;
        }
        size_t len;
        const char *msg = sl_rule_render(ev, r, rec, &len);
        if (fn) fn(ctx, ri, r->info.severity, msg, len);
        hits++;
    }
    return hits;
}
