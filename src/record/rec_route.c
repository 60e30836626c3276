/* rec_route.c: routes of request paths (see rec_route.h): user patterns as segment lists
 * matched most-specific first, then a fixed per-segment classifier. No state is kept between
 * calls, so a route never depends on what was seen before. */
#include "record/rec_route.h"
#include "base/sl_alloc.h"
#include <stdio.h>
#include <stdlib.h>

/* ---- writing into a bounded buffer ---- */

typedef struct out_buf {
    char *p;
    size_t cap, len; /* len counts what would have been written */
} out_buf;

static void put(out_buf *o, const char *s, size_t n)
{
    if (o->len < o->cap) {
        size_t room = o->cap - o->len;
        memcpy(o->p + o->len, s, n < room ? n : room);
    }
    o->len += n;
}

static void put_lit(out_buf *o, const char *s) { put(o, s, strlen(s)); }

/* ---- segment classes ---- */

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }
static bool is_hexc(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

static bool all_digits(const char *p, size_t n)
{
    if (!n) return false;
    for (size_t i = 0; i < n; i++)
        if (!is_digit(p[i])) return false;
    return true;
}

/* 8-4-4-4-12 hex digits. */
static bool is_uuid(const char *p, size_t n)
{
    if (n != 36) return false;
    for (size_t i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? p[i] != '-' : !is_hexc(p[i])) return false;
    }
    return true;
}

/* 26 characters of Crockford's base32 (no I, L, O, U), the first 0-7 (a 48-bit time), with
 * at least one digit after it so that a 26-letter word is not taken for one. */
static bool is_ulid(const char *p, size_t n)
{
    if (n != 26 || p[0] < '0' || p[0] > '7') return false;
    int digits = 0;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
        if (is_digit(c)) digits++;
        else if (!(c >= 'A' && c <= 'Z') || c == 'I' || c == 'L' || c == 'O' || c == 'U') return false;
    }
    return digits >= 2;
}

static int two(const char *p) { return (p[0] - '0') * 10 + (p[1] - '0'); }

/* YYYY-MM, YYYY-MM-DD, optionally followed by T, _ or a space and a time of digits, ':', '.',
 * '+', '-' and 'Z'. */
static bool is_date(const char *p, size_t n)
{
    if (n < 7 || !all_digits(p, 4) || p[4] != '-' || !all_digits(p + 5, 2)) return false;
    int m = two(p + 5);
    if (m < 1 || m > 12) return false;
    if (n == 7) return true;
    if (n < 10 || p[7] != '-' || !all_digits(p + 8, 2)) return false;
    int d = two(p + 8);
    if (d < 1 || d > 31) return false;
    if (n == 10) return true;
    if (p[10] != 'T' && p[10] != '_' && p[10] != ' ' && p[10] != 't') return false;
    if (n < 13 || !all_digits(p + 11, 2)) return false;
    for (size_t i = 13; i < n; i++)
        if (!is_digit(p[i]) && !strchr(":.+-Zz", p[i])) return false;
    return true;
}

/* local@domain.tld, the @ possibly written %40. */
static bool is_email(const char *p, size_t n)
{
    size_t at = n, skip = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '@') { at = i; skip = 1; break; }
        if (p[i] == '%' && i + 2 < n && p[i + 1] == '4' && p[i + 2] == '0') { at = i; skip = 3; break; }
    }
    if (at == 0 || at >= n) return false;
    for (size_t i = 0; i < at; i++)
        if (!is_alnum(p[i]) && !strchr("._%+-", p[i])) return false;
    const char *d = p + at + skip;
    size_t dn = n - at - skip, dot = 0;
    if (dn < 4) return false;
    for (size_t i = 0; i < dn; i++) {
        if (d[i] == '.') dot = i;
        else if (!is_alnum(d[i]) && d[i] != '-') return false;
    }
    if (dot == 0 || dn - dot - 1 < 2) return false;
    for (size_t i = dot + 1; i < dn; i++)
        if (!is_alpha(d[i])) return false;
    return true;
}

/* Hex of 8+ characters with at least one digit and one letter a-f (all digits is {int}; a
 * word made of a-f only, like "deadbeef", needs 16+ characters to count). */
static bool is_hex(const char *p, size_t n)
{
    if (n < 8) return false;
    size_t digits = 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_hexc(p[i])) return false;
        digits += is_digit(p[i]);
    }
    return digits < n && (digits > 0 || n >= 16);
}

/* A high-entropy identifier of 8+ characters of [A-Za-z0-9_-] with letters and digits mixed
 * the way generated ids are and words, slugs and versions are not: at least two digits, and
 * three or more letter/digit alternations, or five or more digits, or 16+ characters mixing
 * upper case, lower case and digits (base64url). "debian-12", "x86_64", "html5", "rfc9110"
 * stay as they are. */
static bool is_token(const char *p, size_t n)
{
    if (n < 8) return false;
    size_t digits = 0, upper = 0, lower = 0, flips = 0;
    int prev = 0; /* 1 letter, 2 digit */
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        int cls = 0;
        if (is_digit(c)) { digits++; cls = 2; }
        else if (c >= 'a' && c <= 'z') { lower++; cls = 1; }
        else if (c >= 'A' && c <= 'Z') { upper++; cls = 1; }
        else if (c != '_' && c != '-') return false;
        if (cls && prev && cls != prev) flips++;
        if (cls) prev = cls;
    }
    if (digits < 2 || upper + lower == 0) return false;
    return flips >= 3 || digits >= 5 || (n >= 16 && upper && lower);
}

static const char *classify_whole(const char *p, size_t n)
{
    if (all_digits(p, n)) return "{int}";
    if (is_uuid(p, n) || is_ulid(p, n)) return "{uuid}";
    if (is_date(p, n)) return "{date}";
    if (is_email(p, n)) return "{email}";
    if (is_hex(p, n)) return "{hex}";
    if (is_token(p, n)) return "{token}";
    return NULL;
}

/* A trailing ".ext" of 1 to 8 alphanumerics starting with a letter; its offset or n. */
static size_t ext_start(const char *p, size_t n)
{
    size_t i = n;
    while (i > 0 && p[i - 1] != '.') i--;
    if (i < 2 || n - i < 1 || n - i > 8 || !is_alpha(p[i])) return n;
    for (size_t j = i; j < n; j++)
        if (!is_alnum(p[j])) return n;
    return i - 1;
}

static void put_segment(out_buf *o, const char *p, size_t n)
{
    const char *c = n ? classify_whole(p, n) : NULL;
    if (c) { put_lit(o, c); return; }
    size_t e = ext_start(p, n);
    if (e < n && (c = classify_whole(p, e))) {
        put_lit(o, c);
        put(o, p + e, n - e);
        return;
    }
    put(o, p, n);
}

/* ---- user patterns ---- */

enum { SEG_LIT, SEG_PARAM, SEG_STAR };

typedef struct pat_seg {
    int kind;
    const char *p; /* literal text (SEG_LIT) */
    size_t n;
} pat_seg;

typedef struct pattern {
    char *text;
    size_t len;
    pat_seg *segs;
    size_t nsegs;
} pattern;

struct sl_routes {
    pattern *v;
    int n, cap;
};

sl_routes *sl_routes_new(void) { return sl_xcalloc(1, sizeof(sl_routes)); }

void sl_routes_free(sl_routes *r)
{
    if (!r) return;
    for (int i = 0; i < r->n; i++) {
        free(r->v[i].text);
        free(r->v[i].segs);
    }
    free(r->v);
    free(r);
}

int sl_routes_count(const sl_routes *r) { return r ? r->n : 0; }

const char *sl_routes_text(const sl_routes *r, int i, size_t *n)
{
    *n = r->v[i].len;
    return r->v[i].text;
}

static bool bad(char *err, size_t errlen, const char *why)
{
    if (errlen) snprintf(err, errlen, "%s", why);
    return false;
}

bool sl_routes_add(sl_routes *r, const char *pat, size_t n, char *err, size_t errlen)
{
    if (n == 0 || pat[0] != '/') return bad(err, errlen, "a route pattern starts with '/'");
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)pat[i] <= ' ' || pat[i] == '?' || pat[i] == '#' || pat[i] == 0x7f)
            return bad(err, errlen, "a route pattern has no blanks, controls, '?' or '#'");
    pattern p = {0};
    p.text = sl_xmalloc(n + 1);
    memcpy(p.text, pat, n);
    p.text[n] = 0;
    p.len = n;
    size_t cap = 1;
    for (size_t i = 0; i < n; i++) cap += pat[i] == '/';
    p.segs = sl_xcalloc(cap, sizeof(pat_seg));
    for (size_t i = 1;; ) {
        size_t j = i;
        while (j < n && p.text[j] != '/') j++;
        pat_seg s = {SEG_LIT, p.text + i, j - i};
        if (s.n == 1 && s.p[0] == '*') {
            if (j < n) { free(p.text); free(p.segs); return bad(err, errlen, "'*' may only be a route pattern's last segment"); }
            s.kind = SEG_STAR;
        } else if (s.n >= 2 && s.p[0] == '{') {
            bool ok = s.p[s.n - 1] == '}' && s.n > 2;
            for (size_t k = 1; ok && k + 1 < s.n; k++) ok = is_alnum(s.p[k]) || s.p[k] == '_';
            if (!ok) { free(p.text); free(p.segs); return bad(err, errlen, "a placeholder is a whole segment {name}, name of letters, digits and '_'"); }
            s.kind = SEG_PARAM;
        } else {
            for (size_t k = 0; k < s.n; k++)
                if (s.p[k] == '{' || s.p[k] == '}' || s.p[k] == '*') {
                    free(p.text); free(p.segs);
                    return bad(err, errlen, "'{', '}' and '*' stand only as a whole segment ({name} or a last *)");
                }
        }
        p.segs[p.nsegs++] = s;
        if (j >= n) break;
        i = j + 1;
    }
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 8;
        r->v = sl_xrealloc(r->v, (size_t)r->cap * sizeof(pattern));
    }
    r->v[r->n++] = p;
    return true;
}

/* Path segments (after the leading '/'), at most max of them. */
typedef struct seg {
    const char *p;
    size_t n;
} seg;

static bool matches(const pattern *pt, const seg *s, size_t ns)
{
    for (size_t i = 0; i < pt->nsegs; i++) {
        const pat_seg *q = &pt->segs[i];
        if (q->kind == SEG_STAR) return i < ns;
        if (i >= ns) return false;
        if (q->kind == SEG_PARAM) {
            if (s[i].n == 0) return false;
        } else if (q->n != s[i].n || memcmp(q->p, s[i].p, q->n) != 0) {
            return false;
        }
    }
    return pt->nsegs == ns;
}

/* >0 when a is more specific than b: the first segment whose kinds differ decides (literal,
 * then placeholder, then star); then the one with more segments before its star. */
static int more_specific(const pattern *a, const pattern *b)
{
    for (size_t i = 0; i < a->nsegs && i < b->nsegs; i++)
        if (a->segs[i].kind != b->segs[i].kind) return b->segs[i].kind - a->segs[i].kind;
    return (int)a->nsegs - (int)b->nsegs;
}

#define MAX_MATCH_SEGS 64

static const pattern *best_pattern(const sl_routes *r, const char *p, size_t n)
{
    if (!r || !r->n || !n || p[0] != '/') return NULL;
    seg s[MAX_MATCH_SEGS];
    size_t ns = 0;
    for (size_t i = 1;; ) {
        size_t j = i;
        while (j < n && p[j] != '/') j++;
        if (ns == MAX_MATCH_SEGS) return NULL; /* deeper than any pattern is meant for */
        s[ns++] = (seg){p + i, j - i};
        if (j >= n) break;
        i = j + 1;
    }
    const pattern *best = NULL;
    for (int k = 0; k < r->n; k++)
        if (matches(&r->v[k], s, ns) && (!best || more_specific(&r->v[k], best) > 0)) best = &r->v[k];
    return best;
}

/* ---- the route ---- */

size_t sl_route(const sl_routes *r, sl_slice path, char *out, size_t cap)
{
    out_buf o = {out, cap ? cap - 1 : 0, 0};
    if (path.p) {
        size_t n = 0;
        while (n < path.n && path.p[n] != '?' && path.p[n] != '#') n++;
        const pattern *pt = best_pattern(r, path.p, n);
        if (pt) {
            put(&o, pt->text, pt->len);
        } else {
            for (size_t i = 0; i <= n; ) {
                size_t j = i;
                while (j < n && path.p[j] != '/') j++;
                put_segment(&o, path.p + i, j - i);
                if (j < n) put(&o, "/", 1);
                i = j + 1;
            }
        }
    }
    if (cap) out[o.len < o.cap ? o.len : o.cap] = 0;
    return o.len;
}
