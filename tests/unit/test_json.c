/* test_json.c: JSON lines. Key conventions (nginx, Caddy, Traefik, Cloudflare, ECS) map to
 * the canonical fields; escapes decode; hostile lines (not an object, deep nesting, NULs,
 * truncation, invalid UTF-8) are rejected or read without a crash; the real JSON logs in
 * the shared corpora parse with only the rejects explained here. */
#include "format/fmt_structured.h"
#include "tinytest.h"

#include <stdlib.h>

static sl_fields *ft;
static sl_format *fmt;
static sl_parser *ps;
static sl_record rec;
static sl_arena arena;
static const char *why;

static sl_line_kind parse(const char *line)
{
    sl_record_clear(&rec);
    sl_arena_reset(&arena);
    why = NULL;
    return sl_parser_parse(ps, line, strlen(line), &rec, &why);
}

static sl_slice F(int id) { return rec.v[id]; }

TEST(nginx_keys)
{
    INT_EQ(parse("{\"$remote_addr\":\"10.0.0.1\",\"time_local\":\"10/Oct/2026:13:55:36 +0000\","
                 "\"request\":\"PROPFIND /dav/x?depth=1 HTTP/1.1\",\"status\":\"207\","
                 "\"body_bytes_sent\":\"512\",\"bytes_sent\":700,\"http_referer\":\"\","
                 "\"http_user_agent\":\"curl/8\",\"sent_http_content_type\":\"text/xml\","
                 "\"upstream_status\":\"207\",\"request_time\":\"0.012\"}"),
           SL_LINE_RECORD);
    SLICE_EQ(F(SL_F_CLIENT), "10.0.0.1");
    SLICE_EQ(F(SL_F_METHOD), "PROPFIND");
    SLICE_EQ(F(SL_F_PATH), "/dav/x");
    SLICE_EQ(F(SL_F_QUERY), "depth=1");
    SLICE_EQ(F(SL_F_PROTOCOL), "HTTP/1.1");
    INT_EQ(rec.status, 207);
    SLICE_EQ(F(SL_F_BYTES), "512");
    SLICE_EQ(F(SL_F_BYTES_TOTAL), "700");
    CHECK(F(SL_F_REFERER).p == NULL); /* "" is null */
    SLICE_EQ(F(SL_F_CONTENT_TYPE), "text/xml");
    SLICE_EQ(F(SL_F_UPSTREAM_STATUS), "207");
    SLICE_EQ(F(SL_F_REQUEST_TIME), "0.012");
    INT_EQ(rec.time_kind, SL_TIME_CLF);
    int64_t t = 0;
    CHECK(sl_time_parse(F(SL_F_TIME), rec.time_kind, &t) && t == 1791640536);
    /* supplied: the keys present, even when empty; not the ones absent */
    CHECK(rec.supplied && sl_fieldset_has(rec.supplied, SL_F_REFERER));
    CHECK(sl_fieldset_has(rec.supplied, SL_F_PATH) && sl_fieldset_has(rec.supplied, SL_F_METHOD));
    CHECK(!sl_fieldset_has(rec.supplied, SL_F_HOST));
    CHECK(!sl_fieldset_has(rec.supplied, sl_fields_find(ft, "req.x_forwarded_for", 19)));
    INT_EQ(parse("{\"status\":401,\"sent_http_www_authenticate\":null}"), SL_LINE_RECORD);
    CHECK(sl_fieldset_has(rec.supplied, sl_fields_find(ft, "resp.www_authenticate", 21)));
    CHECK(!sl_fieldset_has(rec.supplied, SL_F_REFERER));
}

TEST(caddy_keys)
{
    INT_EQ(parse("{\"level\":\"info\",\"ts\":1703373474.8155608,\"request\":{\"remote_ip\":\"1.2.3.4\","
                 "\"client_ip\":\"5.6.7.8\",\"proto\":\"HTTP/2.0\",\"method\":\"GET\",\"host\":"
                 "\"example.com\",\"uri\":\"/beta/?a=b\",\"headers\":{\"User-Agent\":[\"Moz\",\"x\"],"
                 "\"X-Forwarded-For\":[\"9.9.9.9\"]}},\"duration\":0.0013,\"size\":3609,"
                 "\"status\":200,\"resp_headers\":{\"Content-Type\":[\"text/html\"]}}"),
           SL_LINE_RECORD);
    SLICE_EQ(F(SL_F_CLIENT), "5.6.7.8");
    SLICE_EQ(F(SL_F_METHOD), "GET");
    SLICE_EQ(F(SL_F_PATH), "/beta/");
    SLICE_EQ(F(SL_F_QUERY), "a=b");
    SLICE_EQ(F(SL_F_HOST), "example.com");
    SLICE_EQ(F(SL_F_USER_AGENT), "Moz");
    SLICE_EQ(F(SL_F_CONTENT_TYPE), "text/html");
    SLICE_EQ(F(SL_F_BYTES), "3609");
    SLICE_EQ(F(SL_F_REQUEST_TIME), "0.0013");
    INT_EQ(rec.status, 200);
    INT_EQ(rec.time_kind, SL_TIME_EPOCH);
    int id = sl_fields_find(ft, "req.x_forwarded_for", 19);
    CHECK(id >= 0);
    SLICE_EQ(F(id), "9.9.9.9");
}

TEST(traefik_keys)
{
    INT_EQ(parse("{\"ClientHost\":\"1.2.3.4\",\"ClientUsername\":\"-\",\"DownstreamContentSize\":15,"
                 "\"DownstreamStatus\":\"200\",\"Duration\":10002425284,\"OriginStatus\":504,"
                 "\"RequestMethod\":\"GET\",\"RequestPath\":\"/my/app?id=1\",\"RequestProtocol\":"
                 "\"HTTP/1.1\",\"StartUTC\":\"2023-08-11T11:39:21.773360139Z\",\"request_User-Agent\":"
                 "\"Prometheus/2.40.5\",\"time\":\"2023-08-11T11:41:25\"}"),
           SL_LINE_RECORD);
    INT_EQ(rec.status, 200);
    SLICE_EQ(F(SL_F_UPSTREAM_STATUS), "504");
    CHECK(F(SL_F_USER).p == NULL);
    SLICE_EQ(F(SL_F_REQUEST_TIME), "10.002425284");
    SLICE_EQ(F(SL_F_PATH), "/my/app");
    SLICE_EQ(F(SL_F_USER_AGENT), "Prometheus/2.40.5");
    SLICE_EQ(F(SL_F_TIME), "2023-08-11T11:39:21.773360139Z"); /* StartUTC wins over time */
    INT_EQ(rec.time_kind, SL_TIME_ISO8601);
}

TEST(cloudflare_keys)
{
    INT_EQ(parse("{\"ClientIP\":\"89.163.242.206\",\"ClientRequestHost\":\"www.example.com\","
                 "\"ClientRequestMethod\":\"HEAD\",\"ClientRequestURI\":\"/a?b\",\"EdgeResponseBytes\""
                 ":12480,\"EdgeResponseStatus\":301,\"EdgeStartTimestamp\":1712790000100000000,"
                 "\"OriginResponseStatus\":0,\"ClientRequestProtocol\":\"HTTP/2\"}"),
           SL_LINE_RECORD);
    INT_EQ(rec.status, 301);
    SLICE_EQ(F(SL_F_BYTES_TOTAL), "12480");
    CHECK(F(SL_F_BYTES).p == NULL);
    INT_EQ(rec.time_kind, SL_TIME_EPOCH_NS);
    int64_t t = 0;
    CHECK(sl_time_parse(F(SL_F_TIME), rec.time_kind, &t) && t == 1712790000);
    INT_EQ(parse("{\"EdgeStartTimestamp\":\"2022-10-30T00:00:02Z\",\"EdgeResponseStatus\":200}"),
           SL_LINE_RECORD);
    INT_EQ(rec.time_kind, SL_TIME_ISO8601);
}

TEST(ecs_keys)
{
    INT_EQ(parse("{\"@timestamp\":\"2026-11-24T10:00:10.000Z\",\"source\":{\"ip\":\"10.1.1.1\"},"
                 "\"http\":{\"request\":{\"method\":\"MKCOL\"},\"version\":\"1.1\",\"response\":"
                 "{\"status_code\":201,\"body\":{\"bytes\":0},\"mime_type\":\"text/plain\"}},"
                 "\"url\":{\"original\":\"/d/?x=1\",\"path\":\"/d/\"},\"user_agent\":{\"original\":"
                 "\"ua\"}}"),
           SL_LINE_RECORD);
    SLICE_EQ(F(SL_F_CLIENT), "10.1.1.1");
    SLICE_EQ(F(SL_F_METHOD), "MKCOL");
    SLICE_EQ(F(SL_F_PROTOCOL), "HTTP/1.1");
    INT_EQ(rec.status, 201);
    SLICE_EQ(F(SL_F_BYTES), "0");
    SLICE_EQ(F(SL_F_PATH), "/d/");
    SLICE_EQ(F(SL_F_TARGET), "/d/?x=1");
    SLICE_EQ(F(SL_F_USER_AGENT), "ua");
}

TEST(escapes_and_any_key)
{
    INT_EQ(parse("{\"status\":404,\"path\":\"/caf\\u00e9/\\ud83d\\ude00?q=\\\"x\\\"\","
                 "\"http_user_agent\":\"a\\x22b\\\\c\\/d\",\"RouterName\":\"r1\"}"),
           SL_LINE_RECORD);
    SLICE_EQ(F(SL_F_PATH), "/caf\xc3\xa9/\xf0\x9f\x98\x80");
    SLICE_EQ(F(SL_F_QUERY), "q=\"x\"");
    SLICE_EQ(F(SL_F_USER_AGENT), "a\"b\\c/d");
    int id = sl_fields_find(ft, "routername", 10);
    CHECK(id >= 0);
    SLICE_EQ(F(id), "r1");
    /* a lone surrogate becomes U+FFFD */
    INT_EQ(parse("{\"status\":200,\"method\":\"\\udc00\"}"), SL_LINE_RECORD);
    SLICE_EQ(F(SL_F_METHOD), "\xef\xbf\xbd");
}

TEST(hostile_lines)
{
    static const char *const bad[] = {
        "[1,2,3]", "\"status\"", "127.0.0.1 - - [x] \"GET / HTTP/1.1\" 200 1", "{", "{\"status\":200",
        "{\"status\":200}}", "{\"status\":200} trailing", "{status:200}", "{\"status\" 200}",
        "{\"status\":200,}", "{\"a\":[1,2}", "{\"a\":\"\\q\"}", "{\"a\":\"\\u12\"}", "{\"a\":tru}",
        "{\"a\":-}", "{\"level\":\"info\",\"msg\":\"started\"}", "caddy  | {\"status\":200}",
    };
    for (size_t i = 0; i < SL_ARRAY_LEN(bad); i++) {
        TT_CHECK_(parse(bad[i]) == SL_LINE_REJECTED && why && *why, "accepted: %s", bad[i]);
    }
    INT_EQ(parse(""), SL_LINE_SKIPPED);
    INT_EQ(parse("   \r"), SL_LINE_SKIPPED);
    /* NUL bytes: inside a string or between tokens */
    const char nul1[] = "{\"status\":200,\"a\":\"x\0y\"}", nul2[] = "{\"status\":200,\0\"a\":1}";
    sl_record_clear(&rec);
    INT_EQ(sl_parser_parse(ps, nul1, sizeof nul1 - 1, &rec, &why), SL_LINE_REJECTED);
    sl_record_clear(&rec);
    INT_EQ(sl_parser_parse(ps, nul2, sizeof nul2 - 1, &rec, &why), SL_LINE_REJECTED);
    /* invalid UTF-8 is carried as bytes */
    INT_EQ(parse("{\"status\":200,\"http_user_agent\":\"\xff\xfe\xc3\"}"), SL_LINE_RECORD);
    SLICE_EQ(F(SL_F_USER_AGENT), "\xff\xfe\xc3");
}

static char *nest(int depth, char open, char close)
{
    char *s = malloc((size_t)depth * 8 + 64), *p = s;
    p += sprintf(p, "{\"status\":200,\"a\":");
    for (int i = 1; i < depth; i++) p += sprintf(p, open == '{' ? "{\"k\":" : "[");
    p += sprintf(p, "1");
    for (int i = 1; i < depth; i++) *p++ = close;
    *p++ = '}';
    *p = 0;
    return s;
}

TEST(nesting_limit)
{
    char *ok = nest(64, '{', '}'), *deep = nest(65, '{', '}'), *arr = nest(100000, '[', ']');
    INT_EQ(parse(ok), SL_LINE_RECORD);
    INT_EQ(parse(deep), SL_LINE_REJECTED);
    CHECK(why && strstr(why, "deeper"));
    INT_EQ(parse(arr), SL_LINE_REJECTED);
    free(ok), free(deep), free(arr);
}

/* Random damage to a real line: never a crash, always a record or a reason. */
TEST(mutations_never_crash)
{
    const char *base = "{\"ts\":1703373474.8,\"request\":{\"method\":\"GET\",\"uri\":\"/a\\u00e9\","
                       "\"headers\":{\"User-Agent\":[\"Moz\"]}},\"status\":200,\"size\":1}";
    size_t n = strlen(base);
    char *buf = malloc(n + 1);
    unsigned seed = 11;
    int records = 0, rejects = 0, skipped = 0;
    for (int round = 0; round < 20000; round++) {
        memcpy(buf, base, n + 1);
        size_t len = n;
        for (int k = 0; k < 1 + round % 4; k++) {
            seed = seed * 1103515245u + 12345u;
            buf[(seed >> 8) % n] = (char)(seed >> 20);
        }
        if (round % 7 == 0) len = (seed >> 3) % n;
        sl_record_clear(&rec);
        sl_arena_reset(&arena);
        why = NULL;
        sl_line_kind k = sl_parser_parse(ps, buf, len, &rec, &why);
        if (k == SL_LINE_RECORD) records++;
        else if (k == SL_LINE_REJECTED && why) rejects++;
        else if (k == SL_LINE_SKIPPED) skipped++;
    }
    CHECK(records > 0 && rejects > 0);
    INT_EQ(records + rejects + skipped, 20000);
    free(buf);
}

TEST(sniff)
{
    CHECK(sl_fmt_json_sniff("\n  {\"status\":200}\n", 18));
    CHECK(sl_fmt_json_sniff("{\"status\":200,\"request\":{\"method\":\"GET\",\"uri", 44));
    CHECK(!sl_fmt_json_sniff("1.2.3.4 - - [", 13));
    CHECK(!sl_fmt_json_sniff("{\"a\":}\n", 7));
    CHECK(!sl_fmt_json_sniff("#Fields: date time\n", 19));
    CHECK(!sl_fmt_json_sniff("", 0));
}

/* Real logs: every line is a record except the rejects listed with their reason. */
static void corpus(const char *rel, int want_records, int want_rejects, const char *reason)
{
    const char *dir = getenv("SL_SHARED_DIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/corpora/%s", dir ? dir : "../shared", rel);
    FILE *f = fopen(path, "rb");
    if (!f) {
        printf("SKIPPED corpus %s (not found)\n", rel);
        return;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int records = 0, rejects = 0, other = 0;
    while ((n = getline(&line, &cap, f)) > 0) {
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) n--;
        sl_record_clear(&rec);
        sl_arena_reset(&arena);
        why = NULL;
        sl_line_kind k = sl_parser_parse(ps, line, (size_t)n, &rec, &why);
        if (k == SL_LINE_RECORD) {
            records++;
            int64_t t;
            TT_CHECK_(rec.status >= 0 && rec.v[SL_F_PATH].p &&
                          sl_time_parse(rec.v[SL_F_TIME], rec.time_kind, &t),
                      "%s: record without status/path/time", rel);
        } else if (k == SL_LINE_REJECTED) {
            rejects++;
            if (!reason || !strstr(why, reason)) other++;
        }
    }
    printf("corpus %-55s records %3d rejected %3d\n", rel, records, rejects);
    TT_CHECK_(records == want_records && rejects == want_rejects && other == 0,
              "%s: %d records, %d rejects (%d unexplained), want %d/%d", rel, records, rejects,
              other, want_records, want_rejects);
    free(line);
    fclose(f);
}

TEST(real_logs)
{
    corpus("matomo-log-analytics/logs/caddy_json.log", 3, 0, NULL);
    corpus("matomo-log-analytics/logs/nginx_json.log", 2, 0, NULL);
    corpus("matomo-log-analytics/logs/traefik_json.log", 1, 0, NULL);
    /* a reverse_proxy debug entry (no status) */
    corpus("crowdsec-hub/logs/caddy-logs__caddy-logs.log", 10, 1, "no status field");
    corpus("crowdsec-hub/logs/caddy-basic-auth-bf__caddy-logs.log", 6, 0, NULL);
    /* a plugin's plain-text debug line between the JSON entries */
    corpus("crowdsec-hub/logs/traefik_json__traefik_json.log", 6, 1, "not a JSON object");
    corpus("lnav/logs/logfile_caddy_log.1", 4, 0, NULL);
    corpus("lnav/logs/logfile_cloudflare.1", 15, 0, NULL);
    corpus("lnav/logs/logfile_cloudflare.json", 1, 0, NULL);
    corpus("lnav/logs/logfile_json3.json", 3, 0, NULL);
    /* docker-compose output: every line carries a "caddy  | " prefix, so none is JSON */
    corpus("lnav/logs/logfile_caddy_log.0", 0, 39, "not a JSON object");
}

int main(void)
{
    ft = sl_fields_new();
    sl_fields_intern(ft, "req.x_forwarded_for", 19);
    sl_fields_intern(ft, "RouterName", 10);
    sl_fields_intern(ft, "resp.www_authenticate", 21);
    sl_fields_freeze(ft);
    char err[200];
    fmt = sl_fmt_json_new("jsonl", ft, err, sizeof err);
    ps = sl_parser_new(fmt);
    sl_arena_init(&arena, 1 << 20);
    rec.arena = &arena;
    CHECK(fmt->fields.any);
    RUN(nginx_keys);
    RUN(caddy_keys);
    RUN(traefik_keys);
    RUN(cloudflare_keys);
    RUN(ecs_keys);
    RUN(escapes_and_any_key);
    RUN(hostile_lines);
    RUN(nesting_limit);
    RUN(mutations_never_crash);
    RUN(sniff);
    RUN(real_logs);
    sl_parser_free(ps);
    fmt->vt->free(fmt);
    sl_arena_fini(&arena);
    sl_fields_free(ft);
    return tt_report();
}
