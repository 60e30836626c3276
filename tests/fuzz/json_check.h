/* json_check.h: a small strict JSON checker for the sink fuzz target: RFC 8259 syntax,
 * valid UTF-8 (no surrogates or overlongs), no raw control byte inside strings, bounded
 * nesting. It only says yes or no; it builds nothing. */
#ifndef SL_JSON_CHECK_H
#define SL_JSON_CHECK_H
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

typedef struct jc { const unsigned char *p, *end; int depth; } jc;

static bool jc_value(jc *c);

static void jc_ws(jc *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r')) c->p++;
}

/* One UTF-8 sequence of 2..4 bytes starting at c->p (a lead byte >= 0x80). */
static bool jc_utf8(jc *c)
{
    unsigned b = *c->p, n, cp;
    if (b >= 0xc2 && b <= 0xdf) n = 1, cp = b & 0x1f;
    else if (b >= 0xe0 && b <= 0xef) n = 2, cp = b & 0x0f;
    else if (b >= 0xf0 && b <= 0xf4) n = 3, cp = b & 0x07;
    else return false;
    if ((size_t)(c->end - c->p) <= n) return false;
    for (unsigned i = 1; i <= n; i++) {
        if ((c->p[i] & 0xc0) != 0x80) return false;
        cp = cp << 6 | (c->p[i] & 0x3f);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff))) return false;
    if (cp >= 0xd800 && cp <= 0xdfff) return false;
    c->p += n + 1;
    return true;
}

static bool jc_string(jc *c)
{
    c->p++; /* opening quote */
    while (c->p < c->end) {
        unsigned b = *c->p;
        if (b == '"') { c->p++; return true; }
        if (b < 0x20) return false;
        if (b == '\\') {
            if (++c->p >= c->end) return false;
            if (*c->p == 'u') {
                for (int i = 1; i <= 4; i++)
                    if (c->p + i >= c->end || !strchr("0123456789abcdefABCDEF", c->p[i]) || !c->p[i]) return false;
                c->p += 5;
            } else if (*c->p && strchr("\"\\/bfnrt", *c->p)) c->p++;
            else return false;
        } else if (b >= 0x80) {
            if (!jc_utf8(c)) return false;
        } else c->p++;
    }
    return false;
}

static bool jc_digits(jc *c)
{
    const unsigned char *s = c->p;
    while (c->p < c->end && *c->p >= '0' && *c->p <= '9') c->p++;
    return c->p > s;
}

static bool jc_number(jc *c)
{
    if (*c->p == '-') c->p++;
    if (c->p < c->end && *c->p == '0') c->p++;
    else if (!jc_digits(c)) return false;
    if (c->p < c->end && *c->p == '.') { c->p++; if (!jc_digits(c)) return false; }
    if (c->p < c->end && (*c->p == 'e' || *c->p == 'E')) {
        c->p++;
        if (c->p < c->end && (*c->p == '+' || *c->p == '-')) c->p++;
        if (!jc_digits(c)) return false;
    }
    return true;
}

static bool jc_word(jc *c, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(c->end - c->p) < n || memcmp(c->p, w, n) != 0) return false;
    c->p += n;
    return true;
}

static bool jc_container(jc *c, char close)
{
    if (++c->depth > 512) return false;
    c->p++;
    jc_ws(c);
    if (c->p < c->end && *c->p == close) { c->p++; c->depth--; return true; }
    for (;;) {
        jc_ws(c);
        if (close == '}') {
            if (c->p >= c->end || *c->p != '"' || !jc_string(c)) return false;
            jc_ws(c);
            if (c->p >= c->end || *c->p++ != ':') return false;
        }
        if (!jc_value(c)) return false;
        jc_ws(c);
        if (c->p >= c->end) return false;
        if (*c->p == ',') { c->p++; continue; }
        if (*c->p++ != close) return false;
        c->depth--;
        return true;
    }
}

static bool jc_value(jc *c)
{
    jc_ws(c);
    if (c->p >= c->end) return false;
    switch (*c->p) {
    case '{': return jc_container(c, '}');
    case '[': return jc_container(c, ']');
    case '"': return jc_string(c);
    case 't': return jc_word(c, "true");
    case 'f': return jc_word(c, "false");
    case 'n': return jc_word(c, "null");
    default: return (*c->p == '-' || (*c->p >= '0' && *c->p <= '9')) && jc_number(c);
    }
}

/* True if p[0..n) is exactly one JSON value (surrounding whitespace allowed). */
static inline bool json_check(const char *p, size_t n)
{
    jc c = {(const unsigned char *)p, (const unsigned char *)p + n, 0};
    if (!jc_value(&c)) return false;
    jc_ws(&c);
    return c.p == c.end;
}

/* True if every non-empty line of p[0..n) is one JSON value (JSON Lines). */
static inline bool jsonl_check(const char *p, size_t n)
{
    for (const char *end = p + n; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (len && !json_check(p, len)) return false;
        p += len + (nl != NULL);
    }
    return true;
}

#endif
