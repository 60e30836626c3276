/* rule_prefilter.c: the literals a regex match must contain (prefilter.h).
 *
 * A recursive descent over the pattern gives each piece an `info`: either the exact, finite
 * set of strings it matches (a literal, `(a|bc)`, `x?`), or a set of which every match holds
 * one (a piece repeated with `+`), or nothing. A sequence multiplies exact sets while they
 * stay small and otherwise keeps its best requirement (the one whose shortest literal is
 * longest); alternatives unite their branches' sets. Anything outside the subset it knows
 * sets `bail`, and the pattern gets no literals. */
#include "rule/prefilter.h"
#include <string.h>

#define SETMAX 16

typedef struct lset {
    uint8_t n;
    uint8_t len[SETMAX];
    char s[SETMAX][SL_PF_LEN];
} lset;

typedef struct info {
    bool exact;  /* ex is every string the piece matches */
    lset ex;
    bool has_req; /* (not exact) every match holds one of req */
    lset req;
} info;

typedef struct pstate {
    const char *p, *end, *start;
    bool icase, bail;
    int depth;
} pstate;

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }
static bool alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void set_empty_string(lset *s) { s->n = 1, s->len[0] = 0; }

static info exact_empty(void)
{
    info r = {.exact = true};
    set_empty_string(&r.ex);
    return r;
}

static info unknown(void) { return (info){.exact = false, .has_req = false}; }

static info exact_char(char c)
{
    info r = {.exact = true};
    r.ex.n = 1, r.ex.len[0] = 1, r.ex.s[0][0] = c;
    return r;
}

/* What a piece requires: its exact set or its requirement; NULL when it requires nothing
 * (no set, or a set with the empty string: the piece may match nothing). */
static const lset *required(const info *x)
{
    const lset *s = x->exact ? &x->ex : x->has_req ? &x->req : NULL;
    if (!s || !s->n) return NULL;
    for (size_t i = 0; i < s->n; i++)
        if (!s->len[i]) return NULL;
    return s;
}

/* Keeps cand as *best when it is the better requirement: a longer shortest literal, then
 * fewer literals. */
static void consider(lset *best, bool *has, const lset *cand)
{
    if (!cand || !cand->n) return;
    unsigned mc = 255, mb = 255;
    for (size_t i = 0; i < cand->n; i++) {
        if (!cand->len[i]) return;
        if (cand->len[i] < mc) mc = cand->len[i];
    }
    if (*has)
        for (size_t i = 0; i < best->n; i++)
            if (best->len[i] < mb) mb = best->len[i];
    if (!*has || mc > mb || (mc == mb && cand->n < best->n)) *best = *cand, *has = true;
}

/* a x b into *out; false when it would pass SETMAX strings or SL_PF_LEN bytes. */
static bool product(const lset *a, const lset *b, lset *out)
{
    if ((size_t)a->n * b->n > SETMAX) return false;
    lset r = {0};
    for (size_t i = 0; i < a->n; i++)
        for (size_t j = 0; j < b->n; j++) {
            size_t n = (size_t)a->len[i] + b->len[j];
            if (n > SL_PF_LEN) return false;
            memcpy(r.s[r.n], a->s[i], a->len[i]);
            memcpy(r.s[r.n] + a->len[i], b->s[j], b->len[j]);
            r.len[r.n++] = (uint8_t)n;
        }
    *out = r;
    return true;
}

static bool unite(const lset *a, const lset *b, lset *out)
{
    if ((size_t)a->n + b->n > SETMAX) return false;
    lset r = *a;
    for (size_t j = 0; j < b->n; j++) {
        memcpy(r.s[r.n], b->s[j], b->len[j]);
        r.len[r.n++] = b->len[j];
    }
    *out = r;
    return true;
}

static info alt(const info *a, const info *b)
{
    info r = unknown();
    if (a->exact && b->exact && unite(&a->ex, &b->ex, &r.ex)) {
        r.exact = true;
        return r;
    }
    const lset *ra = required(a), *rb = required(b);
    if (ra && rb && unite(ra, rb, &r.req)) r.has_req = true;
    return r;
}

static info parse_alt(pstate *st);

/* A quantifier after a piece, if one follows: `?` keeps an exact set (with ""), `*` and
 * `{0,..}` drop everything, `+` and `{n,..}` keep what the piece requires. */
static info quantify(pstate *st, info x)
{
    if (st->p >= st->end) return x;
    char c = *st->p;
    unsigned lo = 0;
    bool q = false;
    if (c == '?' || c == '*' || c == '+') {
        lo = c == '+' ? 1 : 0;
        q = true;
        st->p++;
        if (c == '?' && st->p < st->end && (*st->p == '?' || *st->p == '+')) st->p++;
        if (c == '?') {
            if (x.exact && x.ex.n < SETMAX) {
                x.ex.len[x.ex.n++] = 0;
                return x;
            }
            return unknown();
        }
    } else if (c == '{') {
        const char *p = st->p + 1;
        if (p >= st->end || *p < '0' || *p > '9') { /* a literal '{' to pcre2: leave it be */
            st->bail = true;
            return x;
        }
        for (; p < st->end && *p >= '0' && *p <= '9'; p++) lo = lo > 1000 ? lo : lo * 10 + (unsigned)(*p - '0');
        if (p < st->end && *p == ',') {
            p++;
            while (p < st->end && *p >= '0' && *p <= '9') p++;
        }
        if (p >= st->end || *p != '}') {
            st->bail = true;
            return x;
        }
        st->p = p + 1;
        q = true;
    }
    if (!q) return x;
    if (st->p < st->end && (*st->p == '?' || *st->p == '+')) st->p++; /* lazy, possessive */
    if (lo == 0) return unknown();
    const lset *r = required(&x);
    info out = unknown();
    if (r) out.req = *r, out.has_req = true;
    return out;
}

/* A character class, from after its '['; its members are not literals. */
static void skip_class(pstate *st)
{
    if (st->p < st->end && *st->p == '^') st->p++;
    if (st->p < st->end && *st->p == ']') st->p++; /* a leading ']' is a member */
    while (st->p < st->end && *st->p != ']') {
        char c = *st->p++;
        if (c == '\\') {
            if (st->p >= st->end || *st->p == 'Q' || *st->p == 'E') {
                st->bail = true;
                return;
            }
            st->p++;
        } else if (c == '[' && st->p < st->end && (*st->p == ':' || *st->p == '.' || *st->p == '=')) {
            st->bail = true; /* POSIX classes: not worth the risk */
            return;
        }
    }
    if (st->p >= st->end) {
        st->bail = true;
        return;
    }
    st->p++;
}

static info parse_group(pstate *st)
{
    bool consumes = true;
    if (st->p < st->end && *st->p == '?') {
        const char *q = st->p + 1;
        if (q < st->end && (*q == ':' || *q == '>')) {
            st->p = q + 1;
        } else if (q < st->end && (*q == '=' || *q == '!')) {
            st->p = q + 1, consumes = false;
        } else if (q + 1 < st->end && *q == '<' && (q[1] == '=' || q[1] == '!')) {
            st->p = q + 2, consumes = false;
        } else if (st->p - 1 == st->start && st->end - q >= 2 && q[0] == 'i' && q[1] == ')') {
            st->p = q + 2; /* a leading (?i): the whole pattern is caseless */
            st->icase = true;
            return exact_empty();
        } else {
            st->bail = true;
            return unknown();
        }
    } else if (st->p < st->end && *st->p == '*') {
        st->bail = true; /* verbs: (*UTF), (*SKIP) ... */
        return unknown();
    }
    if (++st->depth > 16) {
        st->bail = true;
        return unknown();
    }
    info x = parse_alt(st);
    st->depth--;
    if (st->p >= st->end || *st->p != ')') {
        st->bail = true;
        return unknown();
    }
    st->p++;
    return consumes ? x : exact_empty(); /* a lookaround consumes nothing */
}

static info parse_atom(pstate *st)
{
    char c = *st->p++;
    switch (c) {
    case '(': return parse_group(st);
    case '[': skip_class(st); return unknown();
    case '.': return unknown();
    case '^':
    case '$': return exact_empty();
    case '*':
    case '+':
    case '?':
    case '{':
    case ')':
    case '|': st->bail = true; return unknown();
    case '\\': {
        if (st->p >= st->end) {
            st->bail = true;
            return unknown();
        }
        char e = *st->p++;
        if (!alnum(e)) c = e;
        else if (strchr("dDsSwWhHvVRX", e)) return unknown();
        else if (strchr("bBAzZGK", e)) return exact_empty();
        else {
            st->bail = true; /* \x.. \p{..} \Q \1 \k<..> ...: outside the subset */
            return unknown();
        }
        break;
    }
    default: break;
    }
    if ((unsigned char)c >= 0x80) return unknown(); /* caseless or UTF rules: not ours */
    return exact_char(st->icase ? lower(c) : c);
}

static info parse_seq(pstate *st)
{
    lset cur, best;
    bool has_best = false, all_exact = true;
    set_empty_string(&cur);
    while (st->p < st->end && *st->p != '|' && *st->p != ')' && !st->bail) {
        info x = parse_atom(st);
        if (st->bail) break;
        x = quantify(st, x);
        if (st->bail) break;
        if (x.exact) {
            lset next;
            if (product(&cur, &x.ex, &next)) {
                cur = next;
            } else {
                consider(&best, &has_best, &cur);
                cur = x.ex;
                all_exact = false;
            }
        } else {
            consider(&best, &has_best, &cur);
            consider(&best, &has_best, required(&x));
            set_empty_string(&cur);
            all_exact = false;
        }
    }
    info r = unknown();
    if (all_exact) {
        r.exact = true, r.ex = cur;
        return r;
    }
    consider(&best, &has_best, &cur);
    if (has_best) r.has_req = true, r.req = best;
    return r;
}

static info parse_alt(pstate *st)
{
    info x = parse_seq(st);
    while (!st->bail && st->p < st->end && *st->p == '|') {
        st->p++;
        info y = parse_seq(st);
        x = alt(&x, &y);
    }
    return x;
}

static bool contains(const char *h, size_t hn, const char *nd, size_t nn)
{
    for (size_t i = 0; i + nn <= hn; i++)
        if (memcmp(h + i, nd, nn) == 0) return true;
    return false;
}

/* The set without the strings that hold another of its strings (found wherever the longer
 * is) and without repeats: "found" for {"found", "notfound", "found"}. */
static lset minimal(const lset *s)
{
    lset r = {0};
    for (size_t i = 0; i < s->n; i++) {
        bool drop = false;
        for (size_t j = 0; j < s->n && !drop; j++) {
            if (j == i || !contains(s->s[i], s->len[i], s->s[j], s->len[j])) continue;
            drop = s->len[j] < s->len[i] || j < i; /* of two equal strings the first stays */
        }
        if (drop) continue;
        memcpy(r.s[r.n], s->s[i], s->len[i]);
        r.len[r.n++] = s->len[i];
    }
    return r;
}

void sl_prefilter_build(const char *pat, size_t n, sl_prefilter *pf)
{
    memset(pf, 0, sizeof *pf);
    pstate st = {.p = pat, .end = pat + n, .start = pat};
    info x = parse_alt(&st);
    if (st.bail || st.p != st.end) return;
    const lset *req = required(&x);
    if (!req) return;
    lset r0 = minimal(req), *r = &r0;
    if (r->n > SL_PF_MAX) return;
    for (size_t i = 0; i < r->n; i++)
        if (r->len[i] < 2) return; /* one byte: the scan would cost about what pcre2 does */
    pf->n = r->n, pf->icase = st.icase;
    for (size_t i = 0; i < r->n; i++) {
        pf->len[i] = r->len[i];
        memcpy(pf->lit[i], r->s[i], r->len[i]);
        unsigned char c = (unsigned char)r->s[i][0];
        pf->first[c] |= (uint8_t)(1u << i);
        if (st.icase && c >= 'a' && c <= 'z') pf->first[c - 'a' + 'A'] |= (uint8_t)(1u << i);
    }
}

bool sl_prefilter_may_match(const sl_prefilter *pf, const char *s, size_t n)
{
    if (!pf->n) return true;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n; i++) { /* one pass: the bytes that begin a literal, then it */
        unsigned m = pf->first[u[i]];
        while (m) {
            unsigned k = (unsigned)__builtin_ctz(m);
            m &= m - 1;
            size_t len = pf->len[k];
            if (len > n - i) continue;
            const char *l = pf->lit[k];
            size_t j = 1;
            if (pf->icase) while (j < len && lower(s[i + j]) == l[j]) j++;
            else while (j < len && s[i + j] == l[j]) j++;
            if (j == len) return true;
        }
    }
    return false;
}
