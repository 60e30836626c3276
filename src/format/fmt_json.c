/* fmt_json.c: JSON lines (one object per line: nginx escape=json, Caddy, Traefik, Cloudflare
 * Logpush, ECS, matomo-style) and the key -> field table every structured format shares
 * (fmt_json_map.h). Owns a hand-written, allocation-free JSON scanner: nested objects are
 * flattened with dots, an array gives its first element, plain strings are views into the
 * line and escaped ones are decoded into rec->arena. It refuses anything that is not one
 * well-formed object per line, and nesting deeper than JSON_MAX_DEPTH. */
#include "format/fmt_json_map.h"
#include "format/fmt_structured.h"

#include "base/sl_alloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#define JSON_MAX_DEPTH 64
#define JSON_PATH_MAX 256

/* ---------------------------------------------------------------------------------------
 * The key table. Byte-count conventions: `bytes` is the response body, `bytes_total` the
 * whole response with headers. nginx body_bytes_sent, Caddy size, Traefik
 * DownstreamContentSize, ECS http.response.body.bytes and Cloudflare EdgeResponseBodyBytes
 * are body bytes; nginx bytes_sent, Cloudflare EdgeResponseBytes (documented as "number of
 * bytes returned by the edge to the client", headers included), ECS http.response.bytes and
 * W3C sc-bytes are totals. Durations are normalized to decimal seconds. */
typedef struct key_alias {
    const char *name;
    int16_t id;
    uint8_t conv;
    uint8_t weak;
} key_alias;

#define A(n, f, c, w) {n, SL_F_##f, SL_KC_##c, w}
static const key_alias key_aliases[] = {
    /* nginx variables (also CSV headers) */
    A("remote_addr", CLIENT, PLAIN, 0), A("remote_user", USER, PLAIN, 0),
    A("time_local", TIME, TIME, 0), A("time_iso8601", TIME, TIME, 0), A("msec", TIME, TIME, 0),
    A("request", METHOD, REQUEST, 0), A("request_method", METHOD, PLAIN, 0),
    A("request_uri", TARGET, TARGET, 0), A("uri", PATH, PLAIN, 1),
    A("document_uri", PATH, PLAIN, 1), A("args", QUERY, PLAIN, 0),
    A("query_string", QUERY, PLAIN, 0), A("server_protocol", PROTOCOL, PLAIN, 0),
    A("body_bytes_sent", BYTES, PLAIN, 0), A("bytes_sent", BYTES_TOTAL, PLAIN, 0),
    A("http_referer", REFERER, PLAIN, 0), A("http_user_agent", USER_AGENT, PLAIN, 0),
    A("http_host", HOST, PLAIN, 1), A("server_name", HOST, PLAIN, 1),
    A("sent_http_content_type", CONTENT_TYPE, PLAIN, 0),
    A("upstream_response_time", UPSTREAM_TIME, PLAIN, 0),
    /* Caddy */
    A("request.method", METHOD, PLAIN, 0), A("request.uri", TARGET, TARGET, 0),
    A("request.proto", PROTOCOL, PLAIN, 0), A("request.host", HOST, PLAIN, 0),
    A("request.remote_ip", CLIENT, PLAIN, 1), A("request.client_ip", CLIENT, PLAIN, 0),
    A("size", BYTES, PLAIN, 0), A("ts", TIME, TIME, 0), A("duration", REQUEST_TIME, PLAIN, 0),
    A("request.headers.User-Agent", USER_AGENT, PLAIN, 0),
    A("request.headers.Referer", REFERER, PLAIN, 0),
    A("resp_headers.Content-Type", CONTENT_TYPE, PLAIN, 0), A("user_id", USER, PLAIN, 0),
    /* Traefik */
    A("ClientHost", CLIENT, PLAIN, 0), A("ClientAddr", CLIENT, HOSTPORT, 1),
    A("ClientUsername", USER, PLAIN, 0), A("RequestMethod", METHOD, PLAIN, 0),
    A("RequestPath", TARGET, TARGET, 0), A("RequestProtocol", PROTOCOL, PLAIN, 0),
    A("RequestHost", HOST, PLAIN, 0), A("DownstreamStatus", STATUS, PLAIN, 0),
    A("OriginStatus", UPSTREAM_STATUS, PLAIN, 0),
    A("DownstreamContentSize", BYTES, PLAIN, 0),
    A("RequestContentSize", REQUEST_LENGTH, PLAIN, 0), A("StartUTC", TIME, TIME, 0),
    A("StartLocal", TIME, TIME, 1), A("Duration", REQUEST_TIME, NS, 0),
    A("OriginDuration", UPSTREAM_TIME, NS, 0), A("ServiceAddr", UPSTREAM_ADDR, PLAIN, 0),
    A("request_User-Agent", USER_AGENT, PLAIN, 0), A("request_Referer", REFERER, PLAIN, 0),
    A("downstream_Content-Type", CONTENT_TYPE, PLAIN, 0),
    /* Cloudflare Logpush */
    A("ClientIP", CLIENT, PLAIN, 0), A("ClientRequestMethod", METHOD, PLAIN, 0),
    A("ClientRequestURI", TARGET, TARGET, 0), A("ClientRequestPath", PATH, PLAIN, 1),
    A("ClientRequestHost", HOST, PLAIN, 0), A("ClientRequestProtocol", PROTOCOL, PLAIN, 0),
    A("ClientRequestReferer", REFERER, PLAIN, 0),
    A("ClientRequestUserAgent", USER_AGENT, PLAIN, 0),
    A("ClientRequestBytes", REQUEST_LENGTH, PLAIN, 0),
    A("EdgeResponseStatus", STATUS, PLAIN, 0),
    A("OriginResponseStatus", UPSTREAM_STATUS, PLAIN, 0),
    A("EdgeResponseBytes", BYTES_TOTAL, PLAIN, 0), A("EdgeResponseBodyBytes", BYTES, PLAIN, 0),
    A("EdgeResponseContentType", CONTENT_TYPE, PLAIN, 0),
    A("EdgeStartTimestamp", TIME, TIME, 0), A("OriginIP", UPSTREAM_ADDR, PLAIN, 0),
    A("OriginResponseDurationMs", UPSTREAM_TIME, MS, 0),
    /* ECS */
    A("@timestamp", TIME, TIME, 0), A("source.ip", CLIENT, PLAIN, 0),
    A("source.address", CLIENT, PLAIN, 1), A("client.ip", CLIENT, PLAIN, 1),
    A("user.name", USER, PLAIN, 0), A("http.request.method", METHOD, PLAIN, 0),
    A("url.original", TARGET, TARGET, 0), A("url.path", PATH, PLAIN, 0),
    A("url.query", QUERY, PLAIN, 0), A("url.domain", HOST, PLAIN, 0),
    A("http.response.status_code", STATUS, PLAIN, 0),
    A("http.response.body.bytes", BYTES, PLAIN, 0),
    A("http.response.bytes", BYTES_TOTAL, PLAIN, 0),
    A("http.response.mime_type", CONTENT_TYPE, PLAIN, 0),
    A("user_agent.original", USER_AGENT, PLAIN, 0), A("http.version", PROTOCOL, HTTPVER, 0),
    A("http.request.referrer", REFERER, PLAIN, 0),
    A("http.request.bytes", REQUEST_LENGTH, PLAIN, 0),
    A("event.duration", REQUEST_TIME, NS, 0),
    /* W3C extended (IIS, CloudFront, Incapsula, NetScaler), also as CSV headers */
    A("c-ip", CLIENT, PLAIN, 0), A("cs-username", USER, PLAIN, 0),
    A("cs-method", METHOD, PLAIN, 0), A("cs-uri-stem", PATH, PLAIN, 0),
    A("cs-uri-query", QUERY, PLAIN, 0), A("cs-uri", TARGET, TARGET, 0),
    A("sc-status", STATUS, PLAIN, 0), A("sc-bytes", BYTES_TOTAL, PLAIN, 0),
    A("cs-bytes", REQUEST_LENGTH, PLAIN, 0), A("cs(User-Agent)", USER_AGENT, PLUS, 0),
    A("cs(Referer)", REFERER, PLAIN, 0), A("cs-host", HOST, PLAIN, 0),
    A("cs(Host)", HOST, PLAIN, 1), A("x-host-header", HOST, PLAIN, 0),
    A("cs-version", PROTOCOL, PLAIN, 0), A("cs-protocol-version", PROTOCOL, PLAIN, 0),
    A("sc-content-type", CONTENT_TYPE, PLAIN, 0), A("time-taken", REQUEST_TIME, MS, 0),
    A("date", TIME, DATE, 1),
    /* CloudFront and ALB column names of the AWS Athena tables (CSV exports) */
    A("request_ip", CLIENT, PLAIN, 0), A("host_header", HOST, PLAIN, 0),
    A("request_bytes", REQUEST_LENGTH, PLAIN, 0), A("time_taken", REQUEST_TIME, PLAIN, 0),
    A("http_version", PROTOCOL, PLAIN, 0), A("sc_content_type", CONTENT_TYPE, PLAIN, 0),
    A("elb_status_code", STATUS, PLAIN, 0), A("target_status_code", UPSTREAM_STATUS, PLAIN, 0),
    A("request_verb", METHOD, PLAIN, 0), A("request_url", TARGET, TARGET, 0),
    A("request_proto", PROTOCOL, PLAIN, 0), A("sent_bytes", BYTES_TOTAL, PLAIN, 0),
    A("received_bytes", REQUEST_LENGTH, PLAIN, 0), A("status_code", STATUS, PLAIN, 1),
    /* other conventions seen in the wild (matomo's nginx JSON, Kong-like logs) */
    A("time", TIME, TIME, 1), A("timestamp", TIME, TIME, 1), A("started_at", TIME, TIME, 1),
    A("ip", CLIENT, PLAIN, 1), A("client_ip", CLIENT, PLAIN, 1), A("remote_ip", CLIENT, PLAIN, 1),
    A("referrer", REFERER, PLAIN, 1), A("length", BYTES, PLAIN, 1),
    A("response.status", STATUS, PLAIN, 1), A("response.size", BYTES, PLAIN, 1),
    A("request.size", REQUEST_LENGTH, PLAIN, 1),
};
#undef A

/* Prefixes that carry a header name: the rest becomes req.<name> / resp.<name>. */
static const struct {
    const char *prefix;
    const char *to;
} header_prefixes[] = {
    {"request.headers.", "req."}, {"resp_headers.", "resp."}, {"response.headers.", "resp."},
    {"request_", "req."},         {"downstream_", "resp."},   {"sent_http_", "resp."},
    {"http_", "req."},
};

static sl_keyact fix_conv(sl_keyact a)
{
    if (a.id == SL_F_TIME && a.conv == SL_KC_PLAIN) a.conv = SL_KC_TIME;
    if (a.id == SL_F_TARGET && a.conv == SL_KC_PLAIN) a.conv = SL_KC_TARGET;
    return a;
}

/* req.<x> for W3C cs(X) / sc(X) names. */
static sl_keyact resolve_w3c_header(const sl_fields *ft, const char *name, size_t len)
{
    sl_keyact a = {-1, SL_KC_PLAIN, 0};
    char buf[JSON_PATH_MAX + 8];
    if (len < 5 || len > JSON_PATH_MAX || name[2] != '(' || name[len - 1] != ')') return a;
    bool req = !strncasecmp(name, "cs", 2), resp = !strncasecmp(name, "sc", 2);
    if (!req && !resp) return a;
    int n = snprintf(buf, sizeof buf, "%s%.*s", req ? "req." : "resp.", (int)(len - 4), name + 3);
    a.id = (int16_t)sl_fields_find(ft, buf, (size_t)n);
    return a;
}

sl_keyact sl_fmtmap_resolve(const sl_fields *ft, const char *name, size_t len)
{
    sl_keyact a = {-1, SL_KC_PLAIN, 0};
    if (len && name[0] == '$') name++, len--;
    if (!len) return a;
    /* Exact spelling first (Caddy "duration" is seconds, Traefik "Duration" nanoseconds),
     * then any case. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < SL_ARRAY_LEN(key_aliases); i++) {
            const key_alias *k = &key_aliases[i];
            if (strlen(k->name) != len) continue;
            if (pass ? !strncasecmp(k->name, name, len) : !memcmp(k->name, name, len))
                return (sl_keyact){k->id, k->conv, k->weak};
        }
    }
    int id = sl_fields_find(ft, name, len);
    if (id >= 0) return fix_conv((sl_keyact){(int16_t)id, SL_KC_PLAIN, 0});
    for (size_t i = 0; i < SL_ARRAY_LEN(header_prefixes); i++) {
        size_t pl = strlen(header_prefixes[i].prefix);
        if (len <= pl || len > JSON_PATH_MAX ||
            strncasecmp(name, header_prefixes[i].prefix, pl) != 0)
            continue;
        char buf[JSON_PATH_MAX + 8];
        int n = snprintf(buf, sizeof buf, "%s%.*s", header_prefixes[i].to, (int)(len - pl),
                         name + pl);
        a.id = (int16_t)sl_fields_find(ft, buf, (size_t)n);
        return a;
    }
    return resolve_w3c_header(ft, name, len);
}

/* ---- value conversions ---- */

static sl_time_kind guess_time_kind(sl_slice v)
{
    size_t i = 0, ndig = 0;
    while (i < v.n && v.p[i] >= '0' && v.p[i] <= '9') i++, ndig++;
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

/* An integer count of 10^-digits seconds -> "S.FFF..." seconds in the arena. */
static bool store_scaled(sl_record *rec, int id, sl_slice v, int digits)
{
    size_t n = 0;
    while (n < v.n && v.p[n] >= '0' && v.p[n] <= '9') n++;
    if (n == 0 || n > 30 || (n < v.n && v.p[n] != '.')) return true; /* not a count: null */
    char *o = sl_arena_alloc(rec->arena, n + (size_t)digits + 3);
    if (!o) return false;
    size_t k = 0, whole = n > (size_t)digits ? n - (size_t)digits : 0;
    if (!whole) o[k++] = '0';
    memcpy(o + k, v.p, whole), k += whole;
    o[k++] = '.';
    for (size_t z = n; z < (size_t)digits; z++) o[k++] = '0';
    memcpy(o + k, v.p + whole, n - whole), k += n - whole;
    rec->v[id] = sl_slice_make(o, k);
    return true;
}

static bool store_rewritten(sl_record *rec, int id, sl_slice v, int conv)
{
    if (conv == SL_KC_HTTPVER) {
        if (v.n >= 4 && !strncasecmp(v.p, "HTTP", 4)) return rec->v[id] = v, true;
        char *o = sl_arena_alloc(rec->arena, v.n + 5);
        if (!o) return false;
        /* a slice with its length, not a C string: no terminator wanted */
        /* NOLINTNEXTLINE(bugprone-not-null-terminated-result) */
        memcpy(o, "HTTP/", 5), memcpy(o + 5, v.p, v.n);
        return rec->v[id] = sl_slice_make(o, v.n + 5), true;
    }
    /* SL_KC_PLUS */
    if (!memchr(v.p, '+', v.n)) return rec->v[id] = v, true;
    char *o = sl_arena_alloc(rec->arena, v.n);
    if (!o) return false;
    for (size_t i = 0; i < v.n; i++) o[i] = v.p[i] == '+' ? ' ' : v.p[i];
    return rec->v[id] = sl_slice_make(o, v.n), true;
}

static sl_slice strip_port(sl_slice v)
{
    if (v.n && v.p[0] == '[') {
        const char *e = memchr(v.p, ']', v.n);
        return e ? sl_slice_make(v.p + 1, (size_t)(e - v.p - 1)) : v;
    }
    const char *c = memchr(v.p, ':', v.n);
    if (!c || memchr(c + 1, ':', v.n - (size_t)(c - v.p) - 1)) return v; /* none, or IPv6 */
    return sl_slice_make(v.p, (size_t)(c - v.p));
}

bool sl_fmtmap_store(sl_record *rec, sl_keyact a, sl_slice v)
{
    if (a.id < 0 || a.id >= SL_MAX_FIELDS) return true;
    if (!v.p || v.n == 0 || (v.n == 1 && v.p[0] == '-')) return true;
    if (a.weak && rec->v[a.id].p) return true;
    switch (a.conv) {
    case SL_KC_TIME:
        rec->v[a.id] = v;
        if (a.id == SL_F_TIME) rec->time_kind = guess_time_kind(v);
        return true;
    case SL_KC_REQUEST: sl_record_split_request(rec, v); return true;
    case SL_KC_NS: return store_scaled(rec, a.id, v, 9);
    case SL_KC_US: return store_scaled(rec, a.id, v, 6);
    case SL_KC_MS: return store_scaled(rec, a.id, v, 3);
    case SL_KC_HTTPVER:
    case SL_KC_PLUS: return store_rewritten(rec, a.id, v, a.conv);
    case SL_KC_HOSTPORT: rec->v[a.id] = strip_port(v); return true;
    case SL_KC_DATE: /* a JSON "date" holding a whole timestamp; W3C joins its own */
        if (v.n <= 10) return true;
        rec->v[a.id] = v;
        rec->time_kind = guess_time_kind(v);
        return true;
    case SL_KC_TOD: return true;
    default: rec->v[a.id] = v; return true;
    }
}

void sl_fmtmap_supply(sl_fieldset *s, sl_keyact a)
{
    if (a.id < 0) return;
    sl_fieldset_add(s, a.id);
    if (a.conv == SL_KC_REQUEST) {
        sl_fieldset_add(s, SL_F_METHOD), sl_fieldset_add(s, SL_F_PROTOCOL);
        sl_fieldset_add(s, SL_F_TARGET);
    }
    if (a.conv == SL_KC_REQUEST || a.conv == SL_KC_TARGET)
        sl_fieldset_add(s, SL_F_PATH), sl_fieldset_add(s, SL_F_QUERY);
    if (a.conv == SL_KC_DATE || a.conv == SL_KC_TOD) sl_fieldset_add(s, SL_F_TIME);
    if (a.id == SL_F_PATH) sl_fieldset_add(s, SL_F_TARGET); /* rebuilt from path + query */
}

bool sl_fmtmap_store_datetime(sl_record *rec, sl_slice date, sl_slice tod)
{
    if (!date.p || !tod.p || date.n > 32 || tod.n > 32) return false;
    char *o = sl_arena_alloc(rec->arena, date.n + tod.n + 2);
    if (!o) return false;
    memcpy(o, date.p, date.n);
    o[date.n] = 'T';
    memcpy(o + date.n + 1, tod.p, tod.n);
    o[date.n + 1 + tod.n] = 'Z';
    rec->v[SL_F_TIME] = sl_slice_make(o, date.n + tod.n + 2);
    rec->time_kind = SL_TIME_ISO8601;
    return true;
}

/* Logs that split the target (W3C cs-uri-stem + cs-uri-query, ECS url.path + url.query)
 * still answer rules about `target`: path alone, or path?query built in the arena. */
static void rebuild_target(sl_record *rec, sl_slice path, sl_slice query, bool path_has_query)
{
    if (!query.p || path_has_query) {
        rec->v[SL_F_TARGET] = path;
        return;
    }
    char *t = rec->arena ? sl_arena_alloc(rec->arena, path.n + 1 + query.n) : NULL;
    if (!t) return;
    memcpy(t, path.p, path.n);
    t[path.n] = '?';
    memcpy(t + path.n + 1, query.p, query.n);
    rec->v[SL_F_TARGET] = sl_slice_make(t, path.n + 1 + query.n);
}

void sl_fmtmap_finish(sl_record *rec)
{
    sl_slice q = rec->v[SL_F_QUERY], p = rec->v[SL_F_PATH];
    if (rec->v[SL_F_TARGET].p && !p.p) {
        sl_record_split_target(rec);
        if (q.p) rec->v[SL_F_QUERY] = q;
    } else if (p.p) {
        const char *qm = memchr(p.p, '?', p.n);
        if (qm) {
            rec->v[SL_F_PATH] = sl_slice_make(p.p, (size_t)(qm - p.p));
            if (!q.p) rec->v[SL_F_QUERY] = sl_slice_make(qm + 1, p.n - (size_t)(qm - p.p) - 1);
        }
        if (!rec->v[SL_F_TARGET].p) rebuild_target(rec, p, q, qm != NULL);
    }
    sl_record_set_status(rec);
}

/* ---------------------------------------------------------------------------------------
 * The per-parser key cache: flattened paths repeat on every line, so each is resolved once.
 * Open addressing, bounded; a path too long or a full table just resolves again. */
#define KC_SLOTS 256
#define KC_KEYMAX 54
#define KC_PROBES 8

typedef struct key_slot {
    uint8_t len; /* 0 = empty */
    sl_keyact act;
    char key[KC_KEYMAX];
} key_slot;

typedef struct json_format {
    sl_format head;
    const sl_fields *ft;
} json_format;

typedef struct json_parser {
    sl_parser head;
    sl_fieldset line_set; /* the fields this line's keys supply (rec->supplied) */
    key_slot slots[KC_SLOTS];
} json_parser;

static sl_keyact cache_resolve(json_parser *jp, const char *k, size_t n)
{
    const sl_fields *ft = ((const json_format *)jp->head.fmt)->ft;
    if (n == 0 || n > KC_KEYMAX) return sl_fmtmap_resolve(ft, k, n);
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)k[i]) * 16777619u;
    for (int probe = 0; probe < KC_PROBES; probe++) {
        key_slot *s = &jp->slots[(h + (uint32_t)probe) % KC_SLOTS];
        if (s->len == n && !memcmp(s->key, k, n)) return s->act;
        if (s->len == 0) {
            s->act = sl_fmtmap_resolve(ft, k, n);
            memcpy(s->key, k, n);
            s->len = (uint8_t)n;
            return s->act;
        }
    }
    return sl_fmtmap_resolve(ft, k, n);
}

/* ---------------------------------------------------------------------------------------
 * The scanner. Recursive descent over one line; depth-limited; no allocation except the
 * decoded form of escaped strings that are stored (or used as keys). */
typedef struct jscan {
    const char *p, *end;
    const char *err;
    json_parser *jp;   /* NULL: validate only (sniffing) */
    sl_record *rec;
    size_t plen;       /* bytes of path in use */
    char path[JSON_PATH_MAX];
} jscan;

static const char E_EOL[] = "unexpected end of line inside JSON";

static bool j_fail(jscan *s, const char *why)
{
    if (!s->err) s->err = why;
    return false;
}

static void j_ws(jscan *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\r' || *s->p == '\n'))
        s->p++;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c = (char)(c | 0x20);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static long hex_n(const char *p, int n)
{
    long v = 0;
    for (int i = 0; i < n; i++) {
        int h = hexval(p[i]);
        if (h < 0) return -1;
        v = v * 16 + h;
    }
    return v;
}

static size_t put_utf8(char *o, unsigned long cp)
{
    if (cp < 0x80) return o[0] = (char)cp, 1;
    if (cp < 0x800) return o[0] = (char)(0xc0 | cp >> 6), o[1] = (char)(0x80 | (cp & 63)), 2;
    if (cp < 0x10000) {
        o[0] = (char)(0xe0 | cp >> 12), o[1] = (char)(0x80 | (cp >> 6 & 63));
        return o[2] = (char)(0x80 | (cp & 63)), 3;
    }
    o[0] = (char)(0xf0 | cp >> 18), o[1] = (char)(0x80 | (cp >> 12 & 63));
    o[2] = (char)(0x80 | (cp >> 6 & 63));
    return o[3] = (char)(0x80 | (cp & 63)), 4;
}

/* \uXXXX at p (p points after "\u"); joins a surrogate pair; lone halves become U+FFFD. */
static unsigned long j_codepoint(const char **pp, const char *end)
{
    const char *p = *pp;
    unsigned long cp = (unsigned long)hex_n(p, 4);
    p += 4;
    if (cp >= 0xd800 && cp <= 0xdbff) {
        long lo = end - p >= 6 && p[0] == '\\' && p[1] == 'u' ? hex_n(p + 2, 4) : -1;
        if (lo >= 0xdc00 && lo <= 0xdfff) {
            cp = 0x10000 + ((cp - 0xd800) << 10) + ((unsigned long)lo - 0xdc00);
            p += 6;
        } else {
            cp = 0xfffd;
        }
    } else if (cp >= 0xdc00 && cp <= 0xdfff) {
        cp = 0xfffd;
    }
    *pp = p;
    return cp;
}

/* Decodes the escaped string body [b, e) (already validated) into o; returns its length. */
static size_t j_decode(const char *b, const char *e, char *o)
{
    size_t k = 0;
    while (b < e) {
        if (*b != '\\') {
            o[k++] = *b++;
            continue;
        }
        char c = b[1];
        b += 2;
        switch (c) {
        case 'b': o[k++] = '\b'; break;
        case 'f': o[k++] = '\f'; break;
        case 'n': o[k++] = '\n'; break;
        case 'r': o[k++] = '\r'; break;
        case 't': o[k++] = '\t'; break;
        case 'x': o[k++] = (char)hex_n(b, 2), b += 2; break; /* nginx escape=default */
        case 'u': k += put_utf8(o + k, j_codepoint(&b, e)); break;
        default: o[k++] = c; break; /* " \ / */
        }
    }
    return k;
}

/* Validates one escape at p (pointing at the backslash); returns its length or 0. */
static size_t j_escape_len(const char *p, const char *end)
{
    if (end - p < 2) return 0;
    switch (p[1]) {
    case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't': return 2;
    case 'u': return end - p >= 6 && hex_n(p + 2, 4) >= 0 ? 6 : 0;
    case 'x': return end - p >= 4 && hex_n(p + 2, 2) >= 0 ? 4 : 0;
    default: return 0;
    }
}

/* A string at s->p (the opening quote). *out is a view, or decoded into the arena when
 * want is set and the string has escapes. */
static bool j_string(jscan *s, bool want, sl_slice *out)
{
    const char *b = ++s->p, *p = b;
    bool esc = false;
    for (;;) {
        while (p < s->end && (unsigned char)*p >= 0x20 && *p != '"' && *p != '\\') p++;
        if (p >= s->end) return j_fail(s, E_EOL);
        if (*p == '"') break;
        if (*p != '\\' && *p != '\t') return j_fail(s, "control character inside a JSON string");
        if (*p == '\t') {
            p++;
            continue;
        }
        size_t el = j_escape_len(p, s->end);
        if (!el) return j_fail(s, "invalid escape in a JSON string");
        p += el, esc = true;
    }
    s->p = p + 1;
    *out = sl_slice_make(b, (size_t)(p - b));
    if (!esc || !want) return true;
    char *o = s->rec && s->rec->arena ? sl_arena_alloc(s->rec->arena, (size_t)(p - b)) : NULL;
    if (!o) return j_fail(s, "decoded JSON strings exceed the per-line memory cap");
    *out = sl_slice_make(o, j_decode(b, p, o));
    return true;
}

static void j_emit(jscan *s, sl_slice v)
{
    if (!s->jp || !s->plen) return;
    sl_keyact a = cache_resolve(s->jp, s->path, s->plen);
    if (a.id < 0) return;
    sl_fmtmap_supply(&s->jp->line_set, a);
    if (!sl_fmtmap_store(s->rec, a, v))
        j_fail(s, "decoded JSON strings exceed the per-line memory cap");
}

static bool j_value(jscan *s, int depth, bool emit);

static bool j_number(jscan *s, bool emit)
{
    const char *b = s->p, *p = b;
    if (p < s->end && *p == '-') p++;
    const char *d = p;
    while (p < s->end && ((*p >= '0' && *p <= '9') || *p == '.' || *p == 'e' || *p == 'E' ||
                          *p == '+' || *p == '-'))
        p++;
    if (p == d || *d < '0' || *d > '9') return j_fail(s, "invalid JSON value");
    s->p = p;
    if (emit) j_emit(s, sl_slice_make(b, (size_t)(p - b)));
    return !s->err;
}

static bool j_literal(jscan *s, const char *lit, bool emit)
{
    size_t n = strlen(lit);
    if ((size_t)(s->end - s->p) < n || memcmp(s->p, lit, n) != 0)
        return j_fail(s, "invalid JSON value");
    if (emit) j_emit(s, lit[0] == 'n' ? SL_SLICE_NULL : sl_slice_make(s->p, n));
    s->p += n;
    return !s->err;
}

/* Appends ".key" (or "key" at the top) to the path; false if it would not fit. */
static bool j_path_push(jscan *s, size_t base, sl_slice k)
{
    size_t need = base + (base ? 1 : 0) + k.n;
    if (need > JSON_PATH_MAX) return false;
    if (base) s->path[base++] = '.';
    memcpy(s->path + base, k.p, k.n);
    s->plen = need;
    return true;
}

static bool j_object(jscan *s, int depth, bool emit)
{
    if (depth > JSON_MAX_DEPTH) return j_fail(s, "JSON nested deeper than 64 levels");
    size_t base = s->plen;
    s->p++;
    j_ws(s);
    if (s->p < s->end && *s->p == '}') return s->p++, true;
    for (;;) {
        j_ws(s);
        if (s->p >= s->end) return j_fail(s, E_EOL);
        if (*s->p != '"') return j_fail(s, "expected a string key in a JSON object");
        sl_slice k;
        if (!j_string(s, emit, &k)) return false;
        j_ws(s);
        if (s->p >= s->end || *s->p != ':') return j_fail(s, s->p >= s->end ? E_EOL : "expected ':' after a JSON key");
        s->p++;
        bool sub = emit && j_path_push(s, base, k);
        if (!j_value(s, depth, sub)) return false;
        s->plen = base;
        j_ws(s);
        if (s->p >= s->end) return j_fail(s, E_EOL);
        if (*s->p == '}') return s->p++, true;
        if (*s->p != ',') return j_fail(s, "expected ',' or '}' in a JSON object");
        s->p++;
    }
}

/* Arrays: the first element stands for the array (Caddy writes headers as lists). */
static bool j_array(jscan *s, int depth, bool emit)
{
    if (depth > JSON_MAX_DEPTH) return j_fail(s, "JSON nested deeper than 64 levels");
    s->p++;
    j_ws(s);
    if (s->p < s->end && *s->p == ']') return s->p++, true;
    for (bool first = true;; first = false) {
        size_t base = s->plen;
        if (!j_value(s, depth, emit && first)) return false;
        s->plen = base;
        j_ws(s);
        if (s->p >= s->end) return j_fail(s, E_EOL);
        if (*s->p == ']') return s->p++, true;
        if (*s->p != ',') return j_fail(s, "expected ',' or ']' in a JSON array");
        s->p++;
    }
}

static bool j_value(jscan *s, int depth, bool emit)
{
    j_ws(s);
    if (s->p >= s->end) return j_fail(s, E_EOL);
    switch (*s->p) {
    case '{': return j_object(s, depth + 1, emit);
    case '[': return j_array(s, depth + 1, emit);
    case '"': {
        sl_slice v;
        if (!j_string(s, emit, &v)) return false;
        if (emit) j_emit(s, v);
        return !s->err;
    }
    case 't': return j_literal(s, "true", emit);
    case 'f': return j_literal(s, "false", emit);
    case 'n': return j_literal(s, "null", emit); /* a present key, logged empty */
    default: return j_number(s, emit);
    }
}

/* Scans one line holding one object. */
static bool j_line(jscan *s)
{
    j_ws(s);
    if (s->p >= s->end || *s->p != '{') return j_fail(s, "line is not a JSON object");
    if (!j_object(s, 1, s->jp != NULL)) return false;
    j_ws(s);
    return s->p == s->end || j_fail(s, "text after the JSON object");
}

/* ---- the format ---- */

static bool blank(const char *line, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r') return false;
    return true;
}

static sl_line_kind json_parse(sl_parser *p, const char *line, size_t len, sl_record *rec,
                               const char **reason)
{
    if (blank(line, len)) return SL_LINE_SKIPPED;
    json_parser *jp = (json_parser *)p;
    memset(&jp->line_set, 0, sizeof jp->line_set);
    jscan s = {.p = line, .end = line + len, .jp = jp, .rec = rec};
    if (!j_line(&s)) {
        *reason = s.err ? s.err : "malformed JSON";
        return SL_LINE_REJECTED;
    }
    sl_fmtmap_finish(rec);
    if (!rec->v[SL_F_STATUS].p) {
        *reason = "JSON object has no status field (not an access log entry?)";
        return SL_LINE_REJECTED;
    }
    rec->supplied = &jp->line_set;
    return SL_LINE_RECORD;
}

static sl_parser *json_parser_new(const sl_format *f)
{
    json_parser *jp = sl_xcalloc(1, sizeof *jp);
    jp->head.fmt = f;
    return &jp->head;
}

static void json_parser_free(sl_parser *p) { free(p); }

static void json_free(sl_format *f)
{
    if (!f) return;
    free(f->spec);
    free(f);
}

static const sl_format_vt json_vt = {json_parser_new, json_parse, json_parser_free, json_free};

sl_format *sl_fmt_json_new(const char *preset, sl_fields *ft, char *err, size_t errlen)
{
    if (!ft) {
        snprintf(err, errlen, "JSON format needs a field table");
        return NULL;
    }
    json_format *jf = sl_xcalloc(1, sizeof *jf);
    jf->head.vt = &json_vt;
    snprintf(jf->head.name, sizeof jf->head.name, "%s", preset && *preset ? preset : "jsonl");
    jf->head.fields.any = true;
    jf->ft = ft;
    return &jf->head;
}

/* The first non-blank line starts with '{' and scans as one JSON object (a line cut off at
 * the end of head counts when all of it scanned). */
bool sl_fmt_json_sniff(const char *head, size_t len)
{
    const char *p = head, *end = head + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        if (!blank(p, (size_t)(le - p))) {
            jscan s = {.p = p, .end = le};
            if (j_line(&s)) return true;
            return !nl && s.err == E_EOL && le - p > 16;
        }
        if (!nl) break;
        p = nl + 1;
    }
    return false;
}
