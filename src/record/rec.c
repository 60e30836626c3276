/* rec.c: record helpers shared by every format: clearing, status parsing, request-line and
 * target splitting, integer parsing. Pure functions over borrowed views; no allocation. */
#include "record/rec.h"

void sl_record_clear(sl_record *rec)
{
    sl_arena *a = rec->arena;
    memset(rec, 0, sizeof *rec);
    rec->status = -1;
    rec->arena = a;
}

void sl_record_set_status(sl_record *rec)
{
    sl_slice s = rec->v[SL_F_STATUS];
    rec->status = -1;
    if (!s.p || s.n == 0 || s.n > 4) return;
    int v = 0;
    for (size_t i = 0; i < s.n; i++) {
        unsigned d = (unsigned char)s.p[i] - '0';
        if (d > 9) return;
        v = v * 10 + (int)d;
    }
    rec->status = v;
}

/* Length of "scheme://" at the start of t (RFC 3986 scheme: ALPHA *( ALPHA / DIGIT / "+" /
 * "-" / "." )), or 0 when t is not an absolute URI with an authority. */
static size_t scheme_len(sl_slice t)
{
    if (t.n < 4 || !((t.p[0] | 0x20) >= 'a' && (t.p[0] | 0x20) <= 'z')) return 0;
    for (size_t i = 1; i + 2 < t.n && i < 32; i++) {
        char c = t.p[i];
        if (c == ':') return t.p[i + 1] == '/' && t.p[i + 2] == '/' ? i + 3 : 0;
        bool ok = ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9') ||
                  c == '+' || c == '-' || c == '.';
        if (!ok) return 0;
    }
    return 0;
}

size_t sl_target_authority(sl_slice t, sl_slice *authority)
{
    size_t skip = t.p ? scheme_len(t) : 0;
    if (!skip) return 0;
    size_t a = skip;
    while (a < t.n && t.p[a] != '/' && t.p[a] != '?' && t.p[a] != '#') a++;
    if (authority) *authority = sl_slice_make(t.p + skip, a - skip);
    return a;
}

void sl_record_split_target(sl_record *rec)
{
    sl_slice t = rec->v[SL_F_TARGET];
    if (!t.p) {
        rec->v[SL_F_PATH] = rec->v[SL_F_QUERY] = SL_SLICE_NULL;
        return;
    }
    /* Absolute form (RFC 9112 §3.2.2, "GET http://host:8080/p?q=1"): the path starts after
     * the authority, and an empty one is "/" (RFC 9110 §4.2.3). */
    size_t a = sl_target_authority(t, NULL);
    const char *q = memchr(t.p + a, '?', t.n - a);
    size_t pend = q ? (size_t)(q - t.p) : t.n;
    rec->v[SL_F_PATH] = a && pend == a ? SL_SLICE_LIT("/") : sl_slice_make(t.p + a, pend - a);
    rec->v[SL_F_QUERY] = q ? sl_slice_make(q + 1, t.n - pend - 1) : SL_SLICE_NULL;
}

/* "-" (a field the server had no value for) or "- - -" (load balancers' line for a
 * connection that carried no parseable request), blanks around them allowed. */
static bool no_request(sl_slice r)
{
    size_t i = 0, n = r.n;
    while (n && (r.p[n - 1] == ' ' || r.p[n - 1] == '\t')) n--;
    while (i < n && r.p[i] == ' ') i++;
    return (n - i == 1 && r.p[i] == '-') || (n - i == 5 && !memcmp(r.p + i, "- - -", 5));
}

bool sl_record_split_request(sl_record *rec, sl_slice req)
{
    rec->v[SL_F_METHOD] = rec->v[SL_F_TARGET] = rec->v[SL_F_PROTOCOL] = SL_SLICE_NULL;
    rec->v[SL_F_PATH] = rec->v[SL_F_QUERY] = SL_SLICE_NULL;
    if (!req.p || req.n == 0 || (req.n <= 8 && no_request(req))) return false;
    const char *end = req.p + req.n;
    const char *sp1 = memchr(req.p, ' ', req.n);
    if (!sp1 || sp1 == req.p) return false;
    const char *t = sp1 + 1;
    /* The protocol is the last word; the target may (wrongly) contain spaces. */
    const char *sp2 = end;
    while (sp2 > t && sp2[-1] != ' ') sp2--;
    if (sp2 <= t) { /* HTTP/0.9 style: "GET /" */
        rec->v[SL_F_METHOD] = sl_slice_make(req.p, (size_t)(sp1 - req.p));
        rec->v[SL_F_TARGET] = sl_slice_make(t, (size_t)(end - t));
        sl_record_split_target(rec);
        return true;
    }
    rec->v[SL_F_METHOD] = sl_slice_make(req.p, (size_t)(sp1 - req.p));
    rec->v[SL_F_TARGET] = sl_slice_make(t, (size_t)(sp2 - 1 - t));
    rec->v[SL_F_PROTOCOL] = sl_slice_make(sp2, (size_t)(end - sp2));
    if (rec->v[SL_F_TARGET].n == 0) rec->v[SL_F_TARGET] = SL_SLICE_NULL;
    sl_record_split_target(rec);
    return true;
}

bool sl_parse_int(sl_slice s, int64_t *out)
{
    if (!s.p || s.n == 0) return false;
    int64_t v = 0;
    size_t i = 0;
    for (; i < s.n && s.p[i] != '.'; i++) {
        unsigned d = (unsigned char)s.p[i] - '0'; /* 18 digits cannot overflow: no test before */
        if (d > 9 || (i >= 18 && v > (INT64_MAX - (int64_t)d) / 10)) return false;
        v = v * 10 + (int64_t)d;
    }
    if (i == 0) return false;
    if (i < s.n) { /* fraction: digits only */
        for (i++; i < s.n; i++)
            if ((unsigned)((unsigned char)s.p[i] - (unsigned)'0') > 9u) return false;
    }
    *out = v;
    return true;
}
