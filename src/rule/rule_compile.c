/* rule_compile.c: turns expression ASTs into the ruleset's compact condition nodes.
 * Resolves names (fields, macros, named lists), checks types (numbers vs strings, values vs
 * conditions), folds literal lists into sets, compiles regexes once with pcre2 + JIT, and
 * bounds nesting and expansion. Reports every error at its span; never evaluates records. */
#include "rule/rule_builtins.h"
#include "rule/rule_int.h"
#include <stdio.h>
#include <stdlib.h>

#define BAD UINT32_MAX

typedef struct cctx {
    sl_ruleset *rs;
    rule *r;
    pexpr *pe;
    sl_diags *d;
    bool err, deep, uses_bytes;
} cctx;

static void cerr(cctx *c, const expr *e, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void cerr(cctx *c, const expr *e, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    c->err = true;
    sl_rule_diag_span(c->d, SL_DIAG_ERROR, &c->pe->ref, e->off, e->len, "%s", msg);
}

/* ================= node storage ================= */

static uint32_t emit(cctx *c, const cnode *n, uint32_t depth, uint32_t cost, const expr *e)
{
    sl_ruleset *rs = c->rs;
    if (depth > SL_RULE_EXPR_DEPTH || cost > SL_RULE_EXPR_COST) {
        if (!c->deep)
            cerr(c, e, "condition too complex after expanding macros (depth %u, %u nodes)", depth, cost);
        c->deep = true;
        return BAD;
    }
    if (rs->nnodes == rs->capnodes) {
        rs->capnodes = rs->capnodes ? rs->capnodes * 2 : 64;
        rs->nodes = sl_xrealloc(rs->nodes, rs->capnodes * sizeof *rs->nodes);
        rs->ndepth = sl_xrealloc(rs->ndepth, rs->capnodes * sizeof *rs->ndepth);
        rs->ncost = sl_xrealloc(rs->ncost, rs->capnodes * sizeof *rs->ncost);
    }
    rs->nodes[rs->nnodes] = *n;
    rs->ndepth[rs->nnodes] = depth;
    rs->ncost[rs->nnodes] = cost;
    return (uint32_t)rs->nnodes++;
}

static uint32_t emit_leaf(cctx *c, const cnode *n, const expr *e) { return emit(c, n, 1, 1, e); }

uint32_t sl_rule_add_node(sl_ruleset *rs, const cnode *n)
{
    cctx c = {.rs = rs};
    return emit(&c, n, 1, 1, NULL);
}

static uint32_t add_kids(sl_ruleset *rs, const uint32_t *v, size_t n)
{
    if (rs->nkids + n > rs->capkids) {
        while (rs->nkids + n > rs->capkids) rs->capkids = rs->capkids ? rs->capkids * 2 : 64;
        rs->kids = sl_xrealloc(rs->kids, rs->capkids * sizeof *rs->kids);
    }
    memcpy(rs->kids + rs->nkids, v, n * sizeof *v);
    rs->nkids += n;
    return (uint32_t)(rs->nkids - n);
}

uint32_t sl_rule_add_kids(sl_ruleset *rs, const uint32_t *v, size_t n) { return add_kids(rs, v, n); }

static uint32_t add_set(sl_ruleset *rs, cset s)
{
    rs->sets = sl_xrealloc(rs->sets, (rs->nsets + 1) * sizeof *rs->sets);
    rs->sets[rs->nsets] = s;
    return (uint32_t)rs->nsets++;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* ================= names ================= */

int sl_rule_field(sl_ruleset *rs, const rule *r, const char *s, size_t n)
{
    int id = rs->agg_scope ? sl_rule_agg_name(rs, s, n) : -1;
    if (id >= 0) return id;
    if (n > 4 && memcmp(s, "agg:", 4) == 0) return -1; /* the variables' own names */
    id = sl_fields_find(rs->ft, s, n);
    if (id >= 0) return id;
    bool ok = memchr(s, '.', n) != NULL;
    for (size_t i = 0; r && !ok && i < r->info.nneeds; i++)
        ok = strlen(r->info.needs[i]) == n && memcmp(r->info.needs[i], s, n) == 0;
    return ok ? sl_fields_intern(rs->ft, s, n) : -1;
}

static macro *find_macro(sl_ruleset *rs, const char *s, size_t n)
{
    for (size_t i = 0; i < rs->nmacros; i++)
        if (strlen(rs->macros[i].name) == n && memcmp(rs->macros[i].name, s, n) == 0)
            return &rs->macros[i];
    return NULL;
}

static void unknown_name(cctx *c, const expr *e)
{
    const aggspec *ag = c->rs->agg_scope;
    size_t nf = 0, nc = SL_F_CANONICAL_COUNT + c->rs->nmacros + (ag ? ag->nctr + 3 : 0);
    while (sl_builtins[nf].name) nf++;
    const char **cands = sl_xcalloc(nc + nf, sizeof *cands);
    size_t k = 0;
    for (int i = 0; i < SL_F_CANONICAL_COUNT; i++) cands[k++] = sl_fields_name(c->rs->ft, i);
    for (size_t i = 0; i < c->rs->nmacros; i++) cands[k++] = c->rs->macros[i].name;
    k += sl_builtin_names(cands + k, nf);
    if (ag) { /* the rule's own variables */
        cands[k++] = "count", cands[k++] = "span";
        if (ag->distinct >= 0) cands[k++] = "distinct";
        for (size_t i = 0; i < ag->nctr; i++) cands[k++] = ag->ctr_name[i];
    }
    const char *dym = sl_rule_didyoumean(e->s, e->n, cands, k);
    if (dym)
        cerr(c, e, "unknown name '%.*s'; did you mean '%s'?", (int)e->n, e->s, dym);
    else
        cerr(c, e, "unknown name '%.*s' (not a field or a macro; list other fields in `needs`)",
             (int)e->n, e->s);
    free(cands);
}

static int resolve_field(cctx *c, const expr *e)
{
    int id = sl_rule_field(c->rs, c->r, e->s, e->n);
    if (id < 0) {
        if (find_macro(c->rs, e->s, e->n))
            cerr(c, e, "macro '%.*s' is a condition, not a value", (int)e->n, e->s);
        else
            unknown_name(c, e);
    }
    if (id == SL_F_BYTES) c->uses_bytes = true;
    return id;
}

/* ================= values ================= */

typedef enum vtype { VT_ERR, VT_STR, VT_INT, VT_ANY } vtype;

static vtype compile_val(cctx *c, const expr *e, cval *v);

static bool to_int(cctx *c, const expr *e, cval *v, vtype t);

/* The builtin a call names, or -1 after an unknown-function error (with did-you-mean). */
static int find_builtin(cctx *c, const expr *e)
{
    int b = sl_builtin_find(e->s, e->n);
    if (b < 0) {
        const char *names[32];
        const char *dym = sl_rule_didyoumean(e->s, e->n, names, sl_builtin_names(names, 32));
        cerr(c, e, "unknown function '%.*s'%s%s%s", (int)e->n, e->s, dym ? "; did you mean '" : "",
             dym ? dym : "", dym ? "'?" : "");
    }
    return b;
}

/* Compiles a call's argument into *arg as its builtin's row says it must be. */
static bool compile_arg(cctx *c, const expr *e, const sl_builtin *b, cval *arg)
{
    if (e->nkid != b->nargs) {
        if (b->nargs == 1) cerr(c, e, "%s() takes one argument", b->name);
        else cerr(c, e, "%s() takes %u arguments", b->name, (unsigned)b->nargs);
        return false;
    }
    vtype t = compile_val(c, e->kid[0], arg);
    if (t == VT_ERR) return false;
    switch (b->arg) {
    case FN_FIELD:
        if (arg->kind == V_FIELD) return true;
        cerr(c, e->kid[0], "%s() takes a field name", b->name);
        return false;
    case FN_STR:
        if (t != VT_INT) return true;
        cerr(c, e->kid[0], "%s() takes a string or a field", b->name);
        return false;
    default:
        return to_int(c, e->kid[0], arg, t);
    }
}

static vtype compile_fn_val(cctx *c, const expr *e, cval *v)
{
    if (c->rs->agg_scope && e->n == 5 && memcmp(e->s, "share", 5) == 0) { /* an aggregate variable */
        const expr *k = e->nkid == 1 ? e->kid[0] : NULL;
        int id = k && k->kind == E_IDENT ? sl_rule_agg_share(c->rs, k->s, k->n) : -1;
        if (id < 0) {
            cerr(c, k ? k : e, "share() takes the name of one of the rule's counters");
            return VT_ERR;
        }
        *v = (cval){.kind = V_FIELD, .field = (int16_t)id};
        return VT_INT;
    }
    int bi = find_builtin(c, e);
    if (bi < 0) return VT_ERR;
    const sl_builtin *b = &sl_builtins[bi];
    cval a;
    if (b->ret == FN_COND) {
        cerr(c, e, "%s() is a condition, not a value", b->name);
        return VT_ERR;
    }
    if (!compile_arg(c, e, b, &a)) return VT_ERR;
    vtype rt = b->ret == FN_INT ? VT_INT : VT_STR;
    /* a literal argument: compute the call now (a string result needs the literal's copy) */
    if (b->fold && (a.kind == V_STR || (a.kind == V_INT && rt != VT_STR))) {
        fn_val fv = {a.kind == V_STR ? sl_slice_make(a.s, a.n) : SL_SLICE_NULL, a.i};
        char *buf = a.kind == V_STR ? sl_rule_strdup(&c->rs->arena, a.s, a.n) : NULL;
        if (b->eval(&fv, buf)) {
            if (rt == VT_INT) *v = (cval){.kind = V_INT, .i = fv.i};
            else *v = (cval){.kind = V_STR, .s = fv.s.p ? fv.s.p : "", .n = (uint32_t)fv.s.n};
            return rt;
        }
    }
    cval *arg = sl_rule_alloc(&c->rs->arena, sizeof *arg);
    *arg = a;
    *v = (cval){.kind = V_CALL, .n = (uint32_t)bi, .arg = arg};
    return rt;
}

static vtype compile_val(cctx *c, const expr *e, cval *v)
{
    memset(v, 0, sizeof *v);
    switch (e->kind) {
    case E_IDENT: {
        int id = resolve_field(c, e);
        if (id < 0) return VT_ERR;
        v->kind = V_FIELD, v->field = (int16_t)id;
        return VT_ANY;
    }
    case E_STR:
        v->kind = V_STR, v->s = e->s, v->n = (uint32_t)e->n;
        return VT_STR;
    case E_INT:
        v->kind = V_INT, v->i = e->i;
        return VT_INT;
    case E_CALL:
        return compile_fn_val(c, e, v);
    default:
        cerr(c, e, "expected a value (a field, a string or a number), found a condition");
        return VT_ERR;
    }
}

/* A value used as a number: fields are parsed at run time, digit strings fold now. */
static bool to_int(cctx *c, const expr *e, cval *v, vtype t)
{
    int64_t i;
    if (t == VT_INT || (t == VT_ANY && v->kind == V_FIELD)) return true;
    if (v->kind == V_STR && sl_rule_parse_int(v->s, v->n, &i)) {
        *v = (cval){.kind = V_INT, .i = i};
        return true;
    }
    cerr(c, e, "expected a number here");
    return false;
}

static bool to_str(cctx *c, const expr *e, vtype t)
{
    if (t == VT_STR || t == VT_ANY) return true;
    cerr(c, e, "expected a string or a field here, found a number");
    return false;
}

/* ================= conditions ================= */

static uint32_t compile_cond(cctx *c, const expr *e);

static uint32_t compile_regex(cctx *c, const expr *lit, cnode *n)
{
    int code;
    PCRE2_SIZE eoff;
    pcre2_code *re;
    if (lit->kind != E_STR) {
        cerr(c, lit, "the right side of =~ / !~ must be a quoted regular expression");
        return BAD;
    }
    re = pcre2_compile((PCRE2_SPTR)lit->s, lit->n, 0, &code, &eoff, NULL);
    if (!re) {
        PCRE2_UCHAR msg[200];
        pcre2_get_error_message(code, msg, sizeof msg);
        size_t raw = sl_rule_lex_rawoff(c->pe->text + lit->soff, lit->slen, eoff);
        sl_rule_diag_span(c->d, SL_DIAG_ERROR, &c->pe->ref, lit->soff + raw, 1,
                          "invalid regular expression: %s", (const char *)msg);
        c->err = true;
        return BAD;
    }
    bool jit = pcre2_jit_compile(re, PCRE2_JIT_COMPLETE) == 0; /* else the interpreter works */
    uint32_t all = 0; /* a (*UTF) pattern needs pcre2_match's check that the subject is UTF-8 */
    if (pcre2_pattern_info(re, PCRE2_INFO_ALLOPTIONS, &all) != 0 || (all & PCRE2_UTF)) jit = false;
    c->rs->re = sl_xrealloc(c->rs->re, (c->rs->nre + 1) * sizeof(pcre2_code *));
    c->rs->re_jit = sl_xrealloc(c->rs->re_jit, (c->rs->nre + 1) * sizeof(bool));
    c->rs->re_pf = sl_xrealloc(c->rs->re_pf, (c->rs->nre + 1) * sizeof(sl_prefilter));
    sl_prefilter_build(lit->s, lit->n, &c->rs->re_pf[c->rs->nre]);
    c->rs->re[c->rs->nre] = re;
    c->rs->re_jit[c->rs->nre] = jit;
    n->kind = C_MATCH, n->a = (uint32_t)c->rs->nre++;
    return 0;
}

static nlist *find_list(cctx *c, const expr *e)
{
    for (size_t i = 0; i < c->rs->nlists; i++)
        if (strlen(c->rs->lists[i].name) == e->n && memcmp(c->rs->lists[i].name, e->s, e->n) == 0)
            return &c->rs->lists[i];
    const char **cands = sl_xcalloc(c->rs->nlists + 1, sizeof *cands);
    for (size_t i = 0; i < c->rs->nlists; i++) cands[i] = c->rs->lists[i].name;
    const char *dym = sl_rule_didyoumean(e->s, e->n, cands, c->rs->nlists);
    if (dym) cerr(c, e, "unknown list '@%.*s'; did you mean '@%s'?", (int)e->n, e->s, dym);
    else cerr(c, e, "unknown list '@%.*s' (define it under `lists:`)", (int)e->n, e->s);
    free(cands);
    return NULL;
}

static uint32_t named_set(cctx *c, nlist *l)
{
    if (l->compiled) return l->set;
    const ynode *seq = l->node;
    cset s = {seq->nkid, NULL, NULL};
    if (l->isint) s.iv = sl_arena_alloc(&c->rs->arena, (seq->nkid + 1) * sizeof *s.iv);
    else s.sv = sl_arena_alloc(&c->rs->arena, (seq->nkid + 1) * sizeof *s.sv);
    for (size_t i = 0; i < seq->nkid; i++) {
        if (l->isint) sl_rule_parse_int(seq->kid[i]->s, seq->kid[i]->n, &s.iv[i]);
        else s.sv[i] = sl_slice_make(seq->kid[i]->s, seq->kid[i]->n);
    }
    if (l->isint) qsort(s.iv, s.n, sizeof *s.iv, cmp_i64);
    l->set = add_set(c->rs, s), l->compiled = true;
    return l->set;
}

static bool literal_set(cctx *c, const expr *list, bool *isint, uint32_t *idx)
{
    size_t nint = 0;
    for (size_t i = 0; i < list->nkid; i++) nint += list->kid[i]->kind == E_INT;
    if (nint && nint != list->nkid) {
        cerr(c, list, "a list mixes numbers and strings");
        return false;
    }
    cset s = {list->nkid, NULL, NULL};
    *isint = nint > 0;
    if (*isint) s.iv = sl_arena_alloc(&c->rs->arena, (list->nkid + 1) * sizeof *s.iv);
    else s.sv = sl_arena_alloc(&c->rs->arena, (list->nkid + 1) * sizeof *s.sv);
    for (size_t i = 0; i < list->nkid; i++) {
        if (*isint) s.iv[i] = list->kid[i]->i;
        else s.sv[i] = sl_slice_make(list->kid[i]->s, list->kid[i]->n);
    }
    if (*isint) qsort(s.iv, s.n, sizeof *s.iv, cmp_i64);
    *idx = add_set(c->rs, s);
    return true;
}

static uint32_t compile_in(cctx *c, const expr *e, cnode *n, vtype lt)
{
    const expr *rhs = e->kid[1];
    bool isint = false;
    n->neg = e->op == T_NOTIN;
    if (rhs->kind == E_RANGE) {
        if (rhs->i > rhs->i2) {
            cerr(c, rhs, "empty range: %lld is greater than %lld", (long long)rhs->i, (long long)rhs->i2);
            return BAD;
        }
        n->kind = C_RANGE, n->lo = rhs->i, n->hi = rhs->i2;
        return to_int(c, e->kid[0], &n->l, lt) ? 0 : BAD;
    }
    if (rhs->kind == E_LISTREF) {
        nlist *l = find_list(c, rhs);
        if (!l) return BAD;
        isint = l->isint, n->a = named_set(c, l);
    } else if (!literal_set(c, rhs, &isint, &n->a)) {
        return BAD;
    }
    n->kind = isint ? C_ISET : C_SSET;
    if (isint) return to_int(c, e->kid[0], &n->l, lt) ? 0 : BAD;
    return to_str(c, e->kid[0], lt) ? 0 : BAD;
}

static uint32_t compile_cmp(cctx *c, const expr *e)
{
    cnode n;
    memset(&n, 0, sizeof n);
    n.op = (uint8_t)e->op;
    vtype lt = compile_val(c, e->kid[0], &n.l), rt = VT_ANY;
    uint32_t st = BAD;
    if (e->op == T_IN || e->op == T_NOTIN) {
        if (lt == VT_ERR) return BAD;
        st = compile_in(c, e, &n, lt);
        return st == BAD ? BAD : emit_leaf(c, &n, e);
    }
    if (e->op == T_MATCH || e->op == T_NMATCH) {
        n.neg = e->op == T_NMATCH;
        if (lt == VT_ERR || !to_str(c, e->kid[0], lt)) return BAD;
        st = compile_regex(c, e->kid[1], &n);
        return st == BAD ? BAD : emit_leaf(c, &n, e);
    }
    rt = compile_val(c, e->kid[1], &n.r);
    if (lt == VT_ERR || rt == VT_ERR) return BAD;
    if (e->op >= T_STARTSWITH) {
        if (!to_str(c, e->kid[0], lt) || !to_str(c, e->kid[1], rt)) return BAD;
        n.kind = C_STRFN;
    } else if (e->op == T_EQ || e->op == T_NE) {
        bool num = lt == VT_INT || rt == VT_INT;
        if (num && (!to_int(c, e->kid[0], &n.l, lt) || !to_int(c, e->kid[1], &n.r, rt))) return BAD;
        n.kind = num ? C_ICMP : C_SCMP;
    } else {
        if (!to_int(c, e->kid[0], &n.l, lt) || !to_int(c, e->kid[1], &n.r, rt)) return BAD;
        n.kind = C_ICMP;
    }
    return emit_leaf(c, &n, e);
}

static uint32_t compile_macro(cctx *c, const expr *e, macro *m)
{
    if (m->state == 1) {
        cerr(c, e, "macro '%s' refers to itself", m->name);
        return BAD;
    }
    if (m->state == 3) {
        cerr(c, e, "macro '%s' has errors", m->name);
        return BAD;
    }
    if (m->state == 0) {
        cctx mc = {c->rs, NULL, &m->body, c->d, false, false, false};
        m->state = 1;
        m->root = m->body.root ? compile_cond(&mc, m->body.root) : BAD;
        m->state = m->root == BAD || mc.err ? 3 : 2;
        m->uses_bytes = mc.uses_bytes;
        if (m->state == 3) {
            c->err = true;
            return BAD;
        }
    }
    c->uses_bytes |= m->uses_bytes;
    return m->root;
}

static uint32_t compile_call(cctx *c, const expr *e)
{
    cnode n;
    memset(&n, 0, sizeof n);
    int bi = find_builtin(c, e);
    if (bi < 0) return BAD;
    const sl_builtin *b = &sl_builtins[bi];
    if (b->ret != FN_COND) {
        cerr(c, e, "%s() gives a value, not a condition; compare it", b->name);
        return BAD;
    }
    if (!compile_arg(c, e, b, &n.l)) return BAD;
    n.kind = C_CALL;
    n.a = (uint32_t)bi;
    if (strcmp(b->name, "exists") == 0 && n.l.kind == V_FIELD) n.op = SL_CALL_EXISTS;
    return emit_leaf(c, &n, e);
}

static uint32_t compile_bool(cctx *c, const expr *e)
{
    uint32_t *v = sl_xcalloc(e->nkid ? e->nkid : 1, sizeof *v), depth = 0, cost = 1;
    bool bad = false;
    for (size_t i = 0; i < e->nkid; i++) {
        v[i] = compile_cond(c, e->kid[i]);
        if (v[i] == BAD) {
            bad = true;
            continue;
        }
        if (c->rs->ndepth[v[i]] > depth) depth = c->rs->ndepth[v[i]];
        cost += c->rs->ncost[v[i]];
    }
    cnode n;
    memset(&n, 0, sizeof n);
    uint32_t out = BAD;
    if (!bad) {
        n.kind = e->kind == E_NOT ? C_NOT : e->kind == E_AND ? C_AND : C_OR;
        n.a = e->kind == E_NOT ? v[0] : add_kids(c->rs, v, e->nkid);
        n.b = (uint32_t)e->nkid;
        out = emit(c, &n, depth + 1, cost, e);
    }
    free(v);
    return out;
}

static uint32_t compile_cond(cctx *c, const expr *e)
{
    switch (e->kind) {
    case E_OR:
    case E_AND:
    case E_NOT:
        return compile_bool(c, e);
    case E_CMP:
        return compile_cmp(c, e);
    case E_CALL:
        return compile_call(c, e);
    case E_IDENT: {
        macro *m = find_macro(c->rs, e->s, e->n);
        if (m) return compile_macro(c, e, m);
        if (sl_rule_field(c->rs, c->r, e->s, e->n) >= 0)
            cerr(c, e, "'%.*s' is a field, not a condition; compare it or use exists(%.*s)",
                 (int)e->n, e->s, (int)e->n, e->s);
        else
            unknown_name(c, e);
        return BAD;
    }
    default:
        cerr(c, e, "expected a condition, found a value");
        return BAD;
    }
}

bool sl_rule_compile(sl_ruleset *rs, rule *r, pexpr *pe, sl_diags *d, uint32_t *out)
{
    cctx c = {rs, r, pe, d, false, false, false};
    if (!pe->root) return false;
    *out = compile_cond(&c, pe->root);
    if (r && c.uses_bytes) r->uses_bytes = true;
    return *out != BAD && !c.err;
}
