/* rule_parse.c: recursive-descent parser of rule expressions into an AST with spans.
 * Precedence, loosest first: or, and, not, comparison. and/or chains are n-ary nodes, so
 * only parentheses and `not` nest; nesting deeper than SL_RULE_EXPR_DEPTH is an error.
 * Names are not resolved here (rule_compile.c does that). Stops at the first error of an
 * expression and reports it at its span. */
#include "rule/rule_int.h"
#include <stdio.h>

typedef struct parser {
    lexer lx;
    token cur;
    sl_arena *a;
    sl_diags *d;
    pexpr *pe;
    int depth;
    bool err;
} parser;

static void perr(parser *p, uint32_t off, uint32_t len, const char *msg)
{
    if (p->err) return;
    p->err = true;
    sl_rule_diag_span(p->d, SL_DIAG_ERROR, &p->pe->ref, off, len, "%s", msg);
}

static void advance(parser *p)
{
    p->cur = sl_rule_lex_next(&p->lx);
    if (p->cur.kind == T_ERR) perr(p, p->cur.off, p->cur.len, p->cur.err);
}

static const char *describe(parser *p, char *buf, size_t n)
{
    if (p->cur.kind == T_EOF) return "the end of the expression";
    snprintf(buf, n, "'%.*s'", (int)(p->cur.len > 40 ? 40 : p->cur.len), p->pe->text + p->cur.off);
    return buf;
}

static void expected(parser *p, const char *what)
{
    char buf[64], msg[160];
    snprintf(msg, sizeof msg, "expected %s, found %s", what, describe(p, buf, sizeof buf));
    perr(p, p->cur.off, p->cur.len, msg);
}

static expr *node(parser *p, ekind k, uint32_t off, uint32_t end)
{
    expr *e = sl_rule_alloc(p->a, sizeof *e);
    if (!e) {
        perr(p, off, 1, "out of memory");
        return NULL;
    }
    e->kind = k, e->off = off, e->len = end > off ? end - off : 0;
    return e;
}

static uint32_t tend(const token *t) { return t->off + t->len; }

static bool push(parser *p, expr *e, expr *k, size_t *cap)
{
    if (e->nkid == *cap) {
        size_t nc = *cap ? *cap * 2 : 4;
        expr **v = sl_arena_alloc(p->a, nc * sizeof(expr *));
        if (!v) return false;
        if (e->nkid) memcpy(v, e->kid, e->nkid * sizeof(expr *));
        e->kid = v, *cap = nc;
    }
    e->kid[e->nkid++] = k;
    e->len = k->off + k->len - e->off;
    return true;
}

static expr *parse_or(parser *p);

static bool enter(parser *p)
{
    if (++p->depth > SL_RULE_EXPR_DEPTH) {
        char msg[80];
        snprintf(msg, sizeof msg, "expression nested too deeply (more than %d levels)",
                 SL_RULE_EXPR_DEPTH);
        perr(p, p->cur.off, p->cur.len, msg);
        return false;
    }
    return true;
}

static expr *parse_call(parser *p, token name)
{
    expr *e = node(p, E_CALL, name.off, tend(&name));
    size_t cap = 0;
    if (!e) return NULL;
    e->s = name.s, e->n = name.n;
    advance(p); /* ( */
    if (!enter(p)) return NULL;
    while (!p->err && p->cur.kind != T_RP) {
        expr *arg = parse_or(p);
        if (!arg || !push(p, e, arg, &cap)) return NULL;
        if (p->cur.kind == T_COMMA) advance(p);
        else if (p->cur.kind != T_RP) expected(p, "',' or ')'");
    }
    p->depth--;
    if (p->err) return NULL;
    e->len = tend(&p->cur) - e->off;
    advance(p);
    return e;
}

static expr *parse_operand(parser *p)
{
    token t = p->cur;
    expr *e = NULL;
    if (p->err) return NULL;
    if (t.kind == T_LP) {
        advance(p);
        if (!enter(p)) return NULL;
        e = parse_or(p);
        p->depth--;
        if (!e) return NULL;
        if (p->cur.kind != T_RP) {
            expected(p, "')'");
            return NULL;
        }
        advance(p);
        return e;
    }
    if (t.kind == T_IDENT) {
        advance(p);
        if (p->cur.kind == T_LP) return parse_call(p, t);
        e = node(p, E_IDENT, t.off, tend(&t));
    } else if (t.kind == T_STR || t.kind == T_INT) {
        advance(p);
        e = node(p, t.kind == T_STR ? E_STR : E_INT, t.off, tend(&t));
        if (e) e->soff = t.off, e->slen = t.len;
    } else {
        expected(p, "a field, a string, a number or '('");
        return NULL;
    }
    if (e) e->s = t.s, e->n = t.n, e->i = t.i;
    return p->err ? NULL : e;
}

static expr *parse_list(parser *p)
{
    expr *e = node(p, E_LIST, p->cur.off, tend(&p->cur));
    size_t cap = 0;
    if (!e) return NULL;
    advance(p);
    while (!p->err) {
        if (p->cur.kind != T_STR && p->cur.kind != T_INT) {
            expected(p, "a string or a number in the list");
            return NULL;
        }
        expr *v = parse_operand(p);
        if (!v || !push(p, e, v, &cap)) return NULL;
        if (p->cur.kind == T_RP) break;
        if (p->cur.kind != T_COMMA) {
            expected(p, "',' or ')'");
            return NULL;
        }
        advance(p);
    }
    if (p->err) return NULL;
    e->len = tend(&p->cur) - e->off;
    advance(p);
    return e;
}

static expr *parse_set(parser *p)
{
    token t = p->cur;
    if (t.kind == T_LP) return parse_list(p);
    if (t.kind == T_LISTREF) {
        expr *e = node(p, E_LISTREF, t.off, tend(&t));
        if (e) e->s = t.s, e->n = t.n;
        advance(p);
        return e;
    }
    if (t.kind == T_INT) {
        advance(p);
        if (p->cur.kind != T_DOTDOT) {
            expected(p, "'..' (a range like 500..599)");
            return NULL;
        }
        advance(p);
        if (p->cur.kind != T_INT) {
            expected(p, "the end of the range");
            return NULL;
        }
        expr *e = node(p, E_RANGE, t.off, tend(&p->cur));
        if (e) e->i = t.i, e->i2 = p->cur.i;
        advance(p);
        return e;
    }
    expected(p, "a list '(a, b)', a named list '@name' or a range 'lo..hi'");
    return NULL;
}

static bool is_cmp(tkind k) { return k >= T_EQ && k <= T_NMATCH; }
static bool is_strfn(tkind k) { return k >= T_STARTSWITH && k <= T_CONTAINS; }

static expr *parse_cmp(parser *p)
{
    expr *l = parse_operand(p), *r, *e;
    tkind op = p->cur.kind;
    uint32_t opoff = p->cur.off;
    if (!l) return NULL;
    if (op == T_NOT) {
        lexer save = p->lx;
        token nx = sl_rule_lex_next(&save);
        if (nx.kind != T_IN) {
            expected(p, "an operator");
            return NULL;
        }
        p->lx = save;
        op = T_NOTIN;
    }
    if (!is_cmp(op) && !is_strfn(op) && op != T_IN && op != T_NOTIN) return l;
    advance(p);
    r = (op == T_IN || op == T_NOTIN) ? parse_set(p) : parse_operand(p);
    if (!r) return NULL;
    e = node(p, E_CMP, l->off, r->off + r->len);
    if (e) e->op = op, e->kid = sl_arena_alloc(p->a, 2 * sizeof(expr *));
    if (!e || !e->kid) return NULL;
    e->kid[0] = l, e->kid[1] = r, e->nkid = 2;
    e->i = opoff;
    return e;
}

static expr *parse_not(parser *p)
{
    if (p->cur.kind != T_NOT) return parse_cmp(p);
    uint32_t off = p->cur.off;
    advance(p);
    if (!enter(p)) return NULL;
    expr *k = parse_not(p);
    p->depth--;
    if (!k) return NULL;
    expr *e = node(p, E_NOT, off, k->off + k->len);
    if (!e || !(e->kid = sl_arena_alloc(p->a, sizeof(expr *)))) return NULL;
    e->kid[0] = k, e->nkid = 1;
    return e;
}

static expr *parse_chain(parser *p, tkind sep, ekind kind, expr *(*sub)(parser *))
{
    expr *first = sub(p), *e;
    size_t cap = 0;
    if (!first || p->cur.kind != sep) return first;
    e = node(p, kind, first->off, first->off + first->len);
    if (!e || !push(p, e, first, &cap)) return NULL;
    while (!p->err && p->cur.kind == sep) {
        advance(p);
        expr *k = sub(p);
        if (!k || !push(p, e, k, &cap)) return NULL;
    }
    return p->err ? NULL : e;
}

static expr *parse_and(parser *p) { return parse_chain(p, T_AND, E_AND, parse_not); }
static expr *parse_or(parser *p) { return parse_chain(p, T_OR, E_OR, parse_and); }

bool sl_rule_parse(pexpr *pe, sl_arena *a, sl_diags *d)
{
    parser p;
    memset(&p, 0, sizeof p);
    p.a = a, p.d = d, p.pe = pe;
    sl_rule_lex_init(&p.lx, pe->text, pe->len, a);
    pe->root = NULL;
    advance(&p);
    if (!p.err && p.cur.kind == T_EOF) {
        perr(&p, 0, 0, "empty condition");
        return false;
    }
    expr *root = p.err ? NULL : parse_or(&p);
    if (root && p.cur.kind != T_EOF) {
        char buf[64], msg[160];
        snprintf(msg, sizeof msg, "unexpected %s after the condition (missing 'and' / 'or'?)",
                 describe(&p, buf, sizeof buf));
        perr(&p, p.cur.off, p.cur.len, msg);
    }
    if (p.err) return false;
    pe->root = root;
    return true;
}
