/* rule_lex.c: the tokenizer of the rule expression language.
 * Turns `method not in @dav and status == 207` into tokens carrying byte spans; decodes
 * string literals (backslash escapes; unknown escapes stay as written, so regexes read
 * naturally) into the arena. Owns nothing; never fails hard: bad input is a T_ERR token. */
#include "rule/rule_int.h"

void sl_rule_lex_init(lexer *lx, const char *p, size_t n, sl_arena *a)
{
    lx->p = p, lx->n = n, lx->pos = 0, lx->a = a;
}

static bool is_ident0(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_ident(char c) { return is_ident0(c) || is_digit(c) || c == '.' || c == '-'; }

static const struct {
    const char *w;
    tkind k;
} keywords[] = {
    {"and", T_AND}, {"or", T_OR}, {"not", T_NOT}, {"in", T_IN},
    {"startswith", T_STARTSWITH}, {"endswith", T_ENDSWITH}, {"contains", T_CONTAINS},
};

static token tok(tkind k, size_t off, size_t len)
{
    token t;
    memset(&t, 0, sizeof t);
    t.kind = k, t.off = (uint32_t)off, t.len = (uint32_t)len;
    return t;
}

static token lex_err(size_t off, size_t len, const char *msg)
{
    token t = tok(T_ERR, off, len);
    t.err = msg;
    return t;
}

static char unescape(char c)
{
    switch (c) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    case '\\': return '\\';
    case '"': return '"';
    case '\'': return '\'';
    default: return 0;
    }
}

static token lex_string(lexer *lx, size_t start)
{
    char q = lx->p[start];
    size_t i = start + 1, o = 0;
    char *out = sl_arena_alloc(lx->a, lx->n - start + 1);
    if (!out) return lex_err(start, 1, "out of memory");
    while (i < lx->n && lx->p[i] != q) {
        char c = lx->p[i];
        if (c == '\\' && i + 1 < lx->n) {
            char u = unescape(lx->p[i + 1]);
            if (u) out[o++] = u;
            else out[o++] = '\\', out[o++] = lx->p[i + 1];
            i += 2;
            continue;
        }
        out[o++] = c;
        i++;
    }
    if (i >= lx->n) return lex_err(start, lx->n - start, "unterminated string");
    out[o] = 0;
    token t = tok(T_STR, start, i + 1 - start);
    t.s = out, t.n = o;
    lx->pos = i + 1;
    return t;
}

size_t sl_rule_lex_rawoff(const char *raw, size_t rawlen, size_t k)
{
    size_t i = 1, o = 0;
    while (i + 1 < rawlen && o < k) {
        if (raw[i] == '\\' && i + 2 < rawlen) {
            if (unescape(raw[i + 1])) o++, i += 2;
            else if (o + 1 == k) return i + 1;
            else o += 2, i += 2;
        } else {
            o++, i++;
        }
    }
    return i;
}

static token lex_number(lexer *lx, size_t start)
{
    size_t i = start;
    int64_t v = 0;
    while (i < lx->n && is_digit(lx->p[i])) {
        if (v > (INT64_MAX - 9) / 10) return lex_err(start, i - start + 1, "number too large");
        v = v * 10 + (lx->p[i] - '0');
        i++;
    }
    if (i < lx->n && is_ident0(lx->p[i])) return lex_err(start, i - start + 1, "malformed number");
    token t = tok(T_INT, start, i - start);
    t.i = v;
    lx->pos = i;
    return t;
}

static token lex_word(lexer *lx, size_t start, tkind k)
{
    size_t i = start;
    while (i < lx->n && is_ident(lx->p[i])) i++;
    /* "a.." would be an identifier followed by a range: stop before a trailing dot pair */
    token t = tok(k, start, i - start);
    t.s = lx->p + start, t.n = i - start;
    lx->pos = i;
    if (k != T_IDENT) return t;
    for (size_t j = 0; j < SL_ARRAY_LEN(keywords); j++)
        if (strlen(keywords[j].w) == t.n && memcmp(keywords[j].w, t.s, t.n) == 0) t.kind = keywords[j].k;
    return t;
}

static token lex_op(lexer *lx, size_t i)
{
    char c = lx->p[i], d = i + 1 < lx->n ? lx->p[i + 1] : 0;
    static const struct {
        char a, b;
        tkind k;
    } ops[] = {{'=', '=', T_EQ}, {'!', '=', T_NE}, {'<', '=', T_LE}, {'>', '=', T_GE},
               {'=', '~', T_MATCH}, {'!', '~', T_NMATCH}, {'.', '.', T_DOTDOT},
               {'<', 0, T_LT}, {'>', 0, T_GT}, {'(', 0, T_LP}, {')', 0, T_RP}, {',', 0, T_COMMA}};
    for (size_t j = 0; j < SL_ARRAY_LEN(ops); j++) {
        if (ops[j].a != c || (ops[j].b && ops[j].b != d)) continue;
        size_t len = ops[j].b ? 2 : 1;
        lx->pos = i + len;
        return tok(ops[j].k, i, len);
    }
    if (c == '=') return lex_err(i, 1, "'=' is not an operator; did you mean '=='?");
    if (c == '&' || c == '|') return lex_err(i, d == c ? 2 : 1, "use 'and' / 'or'");
    if (c == '!') return lex_err(i, 1, "use 'not' for negation");
    return lex_err(i, 1, "unexpected character");
}

token sl_rule_lex_next(lexer *lx)
{
    size_t i = lx->pos;
    while (i < lx->n && (lx->p[i] == ' ' || lx->p[i] == '\t' || lx->p[i] == '\n' || lx->p[i] == '\r'))
        i++;
    lx->pos = i;
    if (i >= lx->n) return tok(T_EOF, i, 0);
    char c = lx->p[i];
    if (c == '"' || c == '\'') return lex_string(lx, i);
    if (is_digit(c)) return lex_number(lx, i);
    if (is_ident0(c)) {
        token t = lex_word(lx, i, T_IDENT);
        if (t.kind == T_IDENT && t.n && t.s[t.n - 1] == '.')
            return lex_err(i, t.n, "a name cannot end with '.'");
        return t;
    }
    if (c == '@') {
        if (i + 1 >= lx->n || !is_ident0(lx->p[i + 1])) return lex_err(i, 1, "expected a list name after '@'");
        token t = lex_word(lx, i + 1, T_LISTREF);
        t.off = (uint32_t)i, t.len++;
        return t;
    }
    return lex_op(lx, i);
}
