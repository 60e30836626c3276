/* fmt_value.c: the value layer of fmt_value.h: one store function over one conversion enum,
 * and the conversions' pieces (port stripping, duration scaling, unescaping, time kinds).
 * Text programs and the structured formats' key table both store through it, so a value
 * means the same whichever format carried it. Allocates only from rec->arena. */
#include "format/fmt_value.h"
#include <strings.h>

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

int fmt_hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c = (char)(c | 0x20);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

sl_slice fmt_unescape(sl_record *rec, sl_slice s)
{
    if (!s.p || !rec->arena || !memchr(s.p, '\\', s.n)) return s;
    char *out = sl_arena_alloc(rec->arena, s.n);
    if (!out) return s;
    size_t o = 0;
    for (size_t i = 0; i < s.n; i++) {
        char c = s.p[i];
        if (c != '\\' || i + 1 == s.n) { out[o++] = c; continue; }
        char e = s.p[++i];
        if (e == 'x' && i + 2 < s.n && fmt_hexval(s.p[i + 1]) >= 0 && fmt_hexval(s.p[i + 2]) >= 0) {
            out[o++] = (char)(fmt_hexval(s.p[i + 1]) * 16 + fmt_hexval(s.p[i + 2]));
            i += 2;
        } else if (e == 'n') out[o++] = '\n';
        else if (e == 't') out[o++] = '\t';
        else if (e == 'r') out[o++] = '\r';
        else if (e == '"' || e == '\\') out[o++] = e;
        else { out[o++] = '\\'; out[o++] = e; }
    }
    return sl_slice_make(out, o);
}

/* Digits, then optionally '.' and more digits: "12345" or "12.5". The decimal point moves
 * digits places to the left; a fraction is kept, not cut off. */
bool fmt_scale_seconds(sl_record *rec, sl_slice v, int digits, sl_slice *out)
{
    *out = SL_SLICE_NULL;
    if (!v.p || !rec->arena) return true;
    size_t n = 0;
    while (n < v.n && is_digit(v.p[n])) n++;
    size_t f = n < v.n && v.p[n] == '.' ? n + 1 : n, fe = f;
    while (fe < v.n && is_digit(v.p[fe])) fe++;
    if (n == 0 || n > 30 || fe != v.n || fe - f > 30) return true; /* not a count: null */
    size_t nd = (size_t)digits, frac = fe - f;
    char *o = sl_arena_alloc(rec->arena, n + nd + frac + 3);
    if (!o) return false;
    size_t k = 0, whole = n > nd ? n - nd : 0;
    if (!whole) o[k++] = '0';
    memcpy(o + k, v.p, whole);
    k += whole;
    o[k++] = '.';
    for (size_t z = n; z < nd; z++) o[k++] = '0';
    memcpy(o + k, v.p + whole, n - whole);
    k += n - whole;
    memcpy(o + k, v.p + f, frac);
    k += frac;
    *out = sl_slice_make(o, k);
    return true;
}

sl_slice fmt_strip_port(sl_slice v)
{
    if (!v.p || !v.n) return v;
    if (v.p[0] == '[') {
        const char *rb = memchr(v.p, ']', v.n);
        return rb ? sl_slice_make(v.p + 1, (size_t)(rb - v.p - 1)) : v;
    }
    const char *c = memchr(v.p, ':', v.n);
    if (!c) return v;
    size_t at = (size_t)(c - v.p);
    if (at == 0 || at + 1 == v.n) return v; /* ":80", "host:": not an address and a port */
    for (size_t i = at + 1; i < v.n; i++)
        if (!is_digit(v.p[i])) return v; /* another ':' (bare IPv6) or not a port */
    return sl_slice_make(v.p, at);
}

sl_time_kind fmt_guess_time_kind(sl_slice v)
{
    size_t i = 0, ndig = 0;
    while (i < v.n && is_digit(v.p[i])) i++, ndig++;
    if (ndig && (i == v.n || v.p[i] == '.')) {
        if (ndig <= 11) return SL_TIME_EPOCH;
        if (ndig <= 14) return SL_TIME_EPOCH_MS;
        return ndig <= 17 ? SL_TIME_EPOCH_US : SL_TIME_EPOCH_NS;
    }
    size_t s = v.n && v.p[0] == '[';
    if (ndig == 4 && v.n >= 10 && v.p[4] == '-') return SL_TIME_ISO8601;
    if (v.n > s + 2 && memchr(v.p, '/', v.n)) return SL_TIME_CLF;
    return SL_TIME_NONE;
}

/* Load balancers write the absolute form ("GET https://host:443/p?q HTTP/1.1"): its
 * authority is the host (path and query come from sl_record_split_target, as for every
 * format). */
static void host_from_target(sl_record *rec)
{
    sl_slice auth;
    if (!rec->v[SL_F_HOST].p && sl_target_authority(rec->v[SL_F_TARGET], &auth))
        rec->v[SL_F_HOST] = fmt_strip_port(auth);
}

/* "1.1" -> "HTTP/1.1"; '+' -> ' '. False when the arena is exhausted. */
static bool rewrite(sl_record *rec, int conv, sl_slice *v)
{
    if (conv == FC_HTTPVER) {
        if (v->n >= 4 && !strncasecmp(v->p, "HTTP", 4)) return true;
        char *o = sl_arena_alloc(rec->arena, v->n + 5);
        if (!o) return false;
        /* a slice with its length, not a C string: no terminator wanted */
        /* NOLINTNEXTLINE(bugprone-not-null-terminated-result) */
        memcpy(o, "HTTP/", 5), memcpy(o + 5, v->p, v->n);
        *v = sl_slice_make(o, v->n + 5);
        return true;
    }
    if (!memchr(v->p, '+', v->n)) return true; /* FC_PLUS */
    char *o = sl_arena_alloc(rec->arena, v->n);
    if (!o) return false;
    for (size_t i = 0; i < v->n; i++) o[i] = v->p[i] == '+' ? ' ' : v->p[i];
    *v = sl_slice_make(o, v->n);
    return true;
}

bool fmt_store(sl_record *rec, int id, int conv, int tkind, sl_slice v)
{
    bool ok = true;
    switch (conv) {
    case FC_REQUEST: sl_record_split_request(rec, v); return true;
    case FC_REQUEST_ABS: sl_record_split_request(rec, v); host_from_target(rec); return true;
    case FC_SKIP: case FC_TOD: return true;
    case FC_CLF_BYTES: if (!v.p) v = SL_SLICE_LIT("0"); break;
    case FC_XFF: /* "client, proxy1, proxy2": the client is the first address */
        if (v.p) {
            const char *c = memchr(v.p, ',', v.n);
            rec->v[SL_F_CLIENT] = sl_slice_make(v.p, c ? (size_t)(c - v.p) : v.n);
        }
        break;
    case FC_TIME:
        if (id == SL_F_TIME) rec->time_kind = v.p ? (sl_time_kind)tkind : SL_TIME_NONE;
        break;
    case FC_TIME_AUTO:
        if (id == SL_F_TIME) rec->time_kind = v.p ? fmt_guess_time_kind(v) : SL_TIME_NONE;
        break;
    case FC_DATE: /* a "date" holding a whole timestamp; W3C joins a bare date itself */
        if (!v.p || v.n <= 10) return true;
        if (id == SL_F_TIME) rec->time_kind = fmt_guess_time_kind(v);
        break;
    case FC_HOSTPORT: case FC_VHOSTPORT: v = fmt_strip_port(v); break;
    case FC_NS: case FC_US: case FC_MS: /* not a count: the field stays as it was (null) */
        ok = fmt_scale_seconds(rec, v, conv == FC_NS ? 9 : conv == FC_US ? 6 : 3, &v);
        if (!v.p) return ok;
        break;
    case FC_HTTPVER: case FC_PLUS:
        if (v.p && !rewrite(rec, conv, &v)) return false;
        break;
    case FC_QUERY:
        if (v.p && v.n && v.p[0] == '?') v.p++, v.n--;
        if (v.p && v.n == 0) v = SL_SLICE_NULL;
        break;
    default: break;
    }
    if (id < 0 || id >= SL_MAX_FIELDS) return ok;
    rec->v[id] = v;
    if (conv == FC_TARGET) sl_record_split_target(rec);
    return ok;
}
