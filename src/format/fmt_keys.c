/* fmt_keys.c: the key table of fmt_keys.h: which field a JSON key, CSV header or W3C
 * #Fields name fills, and with which conversion (fmt_value.h). One table knows nginx
 * variable names, Caddy, Traefik, Cloudflare Logpush, ECS, W3C/IIS/CloudFront, the AWS
 * Athena column names and plain canonical names; anything else is looked up in the field
 * table as is. Storing goes through the value layer's fmt_store. */
#include "format/fmt_keys.h"
#include <stdio.h>
#include <strings.h>

#define KEY_NAME_MAX 256 /* longest key resolved through a header prefix */

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

#define A(n, f, c, w) {n, SL_F_##f, FC_##c, w}
static const key_alias key_aliases[] = {
    /* nginx variables (also CSV headers) */
    A("remote_addr", CLIENT, PLAIN, 0), A("remote_user", USER, PLAIN, 0),
    A("time_local", TIME, TIME_AUTO, 0), A("time_iso8601", TIME, TIME_AUTO, 0), A("msec", TIME, TIME_AUTO, 0),
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
    A("size", BYTES, PLAIN, 0), A("ts", TIME, TIME_AUTO, 0), A("duration", REQUEST_TIME, PLAIN, 0),
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
    A("RequestContentSize", REQUEST_LENGTH, PLAIN, 0), A("StartUTC", TIME, TIME_AUTO, 0),
    A("StartLocal", TIME, TIME_AUTO, 1), A("Duration", REQUEST_TIME, NS, 0),
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
    A("EdgeStartTimestamp", TIME, TIME_AUTO, 0), A("OriginIP", UPSTREAM_ADDR, PLAIN, 0),
    A("OriginResponseDurationMs", UPSTREAM_TIME, MS, 0),
    /* ECS */
    A("@timestamp", TIME, TIME_AUTO, 0), A("source.ip", CLIENT, PLAIN, 0),
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
    A("time", TIME, TIME_AUTO, 1), A("timestamp", TIME, TIME_AUTO, 1), A("started_at", TIME, TIME_AUTO, 1),
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
    if (a.id == SL_F_TIME && a.conv == FC_PLAIN) a.conv = FC_TIME_AUTO;
    if (a.id == SL_F_TARGET && a.conv == FC_PLAIN) a.conv = FC_TARGET;
    return a;
}

/* req.<x> for W3C cs(X) / sc(X) names. */
static sl_keyact resolve_w3c_header(const sl_fields *ft, const char *name, size_t len)
{
    sl_keyact a = {-1, FC_PLAIN, 0};
    char buf[KEY_NAME_MAX + 8];
    if (len < 5 || len > KEY_NAME_MAX || name[2] != '(' || name[len - 1] != ')') return a;
    bool req = !strncasecmp(name, "cs", 2), resp = !strncasecmp(name, "sc", 2);
    if (!req && !resp) return a;
    int n = snprintf(buf, sizeof buf, "%s%.*s", req ? "req." : "resp.", (int)(len - 4), name + 3);
    a.id = (int16_t)sl_fields_find(ft, buf, (size_t)n);
    return a;
}

sl_keyact sl_fmtmap_resolve(const sl_fields *ft, const char *name, size_t len)
{
    sl_keyact a = {-1, FC_PLAIN, 0};
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
    if (id >= 0) return fix_conv((sl_keyact){(int16_t)id, FC_PLAIN, 0});
    for (size_t i = 0; i < SL_ARRAY_LEN(header_prefixes); i++) {
        size_t pl = strlen(header_prefixes[i].prefix);
        if (len <= pl || len > KEY_NAME_MAX ||
            strncasecmp(name, header_prefixes[i].prefix, pl) != 0)
            continue;
        char buf[KEY_NAME_MAX + 8];
        int n = snprintf(buf, sizeof buf, "%s%.*s", header_prefixes[i].to, (int)(len - pl),
                         name + pl);
        a.id = (int16_t)sl_fields_find(ft, buf, (size_t)n);
        return a;
    }
    return resolve_w3c_header(ft, name, len);
}

/* ---- storing ---- */

bool sl_fmtmap_store(sl_record *rec, sl_keyact a, sl_slice v)
{
    if (a.id < 0 || a.id >= SL_MAX_FIELDS) return true;
    if (!v.p || v.n == 0 || (v.n == 1 && v.p[0] == '-')) return true;
    if (a.weak && rec->v[a.id].p) return true;
    /* a target is split once every key is in (sl_fmtmap_finish): an explicit path wins */
    return fmt_store(rec, a.id, a.conv == FC_TARGET ? FC_PLAIN : a.conv, SL_TIME_NONE, v);
}

void sl_fmtmap_supply(sl_fieldset *s, sl_keyact a)
{
    if (a.id < 0) return;
    sl_fieldset_add(s, a.id);
    if (a.conv == FC_REQUEST) {
        sl_fieldset_add(s, SL_F_METHOD), sl_fieldset_add(s, SL_F_PROTOCOL);
        sl_fieldset_add(s, SL_F_TARGET);
    }
    if (a.conv == FC_REQUEST || a.conv == FC_TARGET)
        sl_fieldset_add(s, SL_F_PATH), sl_fieldset_add(s, SL_F_QUERY);
    if (a.conv == FC_DATE || a.conv == FC_TOD) sl_fieldset_add(s, SL_F_TIME);
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

