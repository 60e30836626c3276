/* test_w3c.c: W3C extended logs. #Fields: maps and re-maps columns; date+time become one
 * ISO time; IIS '+' spaces, quoted values and CloudFront tabs work; a data line before any
 * #Fields: is rejected; the cloudfront preset reads headerless CloudFront logs; the real
 * W3C logs in the shared corpora parse with only the rejects explained here. */
#include "format/fmt_structured.h"
#include "tinytest.h"

#include <stdlib.h>

static sl_fields *ft;
static sl_record rec;
static sl_arena arena;
static const char *why;

static sl_line_kind feed(sl_parser *ps, const char *line)
{
    sl_record_clear(&rec);
    sl_arena_reset(&arena);
    why = NULL;
    return sl_parser_parse(ps, line, strlen(line), &rec, &why);
}

static sl_format *w3c(const char *preset)
{
    char err[200] = "";
    sl_format *f = sl_fmt_w3c_new(preset, ft, err, sizeof err);
    TT_CHECK_(f != NULL, "sl_fmt_w3c_new: %s", err);
    return f;
}

TEST(iis_fields_and_remap)
{
    sl_format *f = w3c("w3c");
    CHECK(f->stateful && f->bytes_total_only && f->fields.any);
    sl_parser *ps = sl_parser_new(f);
    INT_EQ(feed(ps, "2026-11-24 10:00:10 1.2.3.4 GET / - 200"), SL_LINE_REJECTED);
    CHECK(why && strstr(why, "no #Fields:"));
    INT_EQ(feed(ps, "#Software: Microsoft Internet Information Services 10.0"), SL_LINE_SKIPPED);
    INT_EQ(feed(ps, "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query c-ip "
                    "cs(User-Agent) cs(Referer) sc-status sc-bytes time-taken"),
           SL_LINE_SKIPPED);
    INT_EQ(feed(ps, "2026-11-24 10:00:10 10.0.0.1 PROPFIND /dav/ depth=1 1.2.3.4 "
                    "Mozilla/5.0+(X11) - 207 900 31"),
           SL_LINE_RECORD);
    SLICE_EQ(rec.v[SL_F_TIME], "2026-11-24T10:00:10Z");
    int64_t t = 0;
    CHECK(sl_time_parse(rec.v[SL_F_TIME], rec.time_kind, &t) && t == 1795514410);
    SLICE_EQ(rec.v[SL_F_METHOD], "PROPFIND");
    SLICE_EQ(rec.v[SL_F_PATH], "/dav/");
    SLICE_EQ(rec.v[SL_F_QUERY], "depth=1");
    SLICE_EQ(rec.v[SL_F_CLIENT], "1.2.3.4");
    SLICE_EQ(rec.v[SL_F_USER_AGENT], "Mozilla/5.0 (X11)");
    CHECK(rec.v[SL_F_REFERER].p == NULL);
    INT_EQ(rec.status, 207);
    SLICE_EQ(rec.v[SL_F_BYTES_TOTAL], "900");
    CHECK(rec.v[SL_F_BYTES].p == NULL);
    SLICE_EQ(rec.v[SL_F_REQUEST_TIME], "0.031");
    /* what these #Fields: supply: a rule about WWW-Authenticate skips these records */
    CHECK(rec.supplied && sl_fieldset_has(rec.supplied, SL_F_TIME) &&
          sl_fieldset_has(rec.supplied, SL_F_BYTES_TOTAL) && !sl_fieldset_has(rec.supplied, SL_F_BYTES));
    CHECK(!sl_fieldset_has(rec.supplied, sl_fields_find(ft, "resp.www_authenticate", 21)));
    CHECK(!sl_fieldset_has(rec.supplied, sl_fields_find(ft, "x-edge-result-type", 18)));
    INT_EQ(feed(ps, "2026-11-24 10:00:10 10.0.0.1 GET /"), SL_LINE_REJECTED);
    CHECK(why && strstr(why, "number of values"));
    /* the fields change mid-file */
    INT_EQ(feed(ps, "#Fields: time cs-method cs-uri-stem sc-status"), SL_LINE_SKIPPED);
    INT_EQ(feed(ps, "#Date: 2026-11-25 00:00:00"), SL_LINE_SKIPPED);
    INT_EQ(feed(ps, "08:00:01 DELETE /x 204"), SL_LINE_RECORD);
    SLICE_EQ(rec.v[SL_F_TIME], "2026-11-25T08:00:01Z");
    INT_EQ(rec.status, 204);
    CHECK(rec.v[SL_F_CLIENT].p == NULL);
    INT_EQ(feed(ps, "#Fields: date time cs-method cs-uri-stem"), SL_LINE_SKIPPED);
    INT_EQ(feed(ps, "2026-11-24 10:00:10 GET /"), SL_LINE_REJECTED);
    CHECK(why && strstr(why, "sc-status"));
    sl_parser_free(ps);
    f->vt->free(f);
}

TEST(quoted_values)
{
    sl_format *f = w3c("w3c");
    sl_parser *ps = sl_parser_new(f);
    feed(ps, "#Fields: date time c-ip cs(User-Agent) cs-uri sc-status sc-substatus");
    INT_EQ(feed(ps, "\"2017-06-28\" \"07:26:35\" \"1.2.3.4\" \"Mozilla/5.0 (Windows; x)\" "
                    "\"www.example.com/page.php?a=1\" \"404\" \" \"\"x\"\" y \""),
           SL_LINE_RECORD);
    SLICE_EQ(rec.v[SL_F_USER_AGENT], "Mozilla/5.0 (Windows; x)");
    SLICE_EQ(rec.v[SL_F_HOST], "www.example.com");
    SLICE_EQ(rec.v[SL_F_PATH], "/page.php");
    SLICE_EQ(rec.v[SL_F_QUERY], "a=1");
    INT_EQ(rec.status, 404);
    INT_EQ(feed(ps, "\"2017-06-28\" \"07:26:35\" \"1.2.3.4 \"ua\" /x 200 0"), SL_LINE_REJECTED);
    sl_parser_free(ps);
    f->vt->free(f);
}

TEST(cloudfront_without_fields)
{
    sl_format *f = w3c("cloudfront");
    sl_parser *ps = sl_parser_new(f);
    INT_EQ(feed(ps, "2024-03-12\t15:22:28\tCDG50-P2\t703\t1.2.3.4\tGET\td6.cloudfront.net\t/testseb\t"
                    "400\t-\tcurl/7.81.0\tquery_param=42\t-\tError\t375WZ==\thub-cdn.crowdsec.net\t"
                    "https\t62\t0.113\t-\tTLSv1.3\tTLS_AES_128_GCM_SHA256\tError\tHTTP/2.0\t-\t-\t"
                    "51754\t0.113\tError\ttext/plain;%20charset=utf-8\t20\t-\t-"),
           SL_LINE_RECORD);
    INT_EQ(rec.status, 400);
    SLICE_EQ(rec.v[SL_F_HOST], "hub-cdn.crowdsec.net");
    SLICE_EQ(rec.v[SL_F_REQUEST_TIME], "0.113");
    SLICE_EQ(rec.v[SL_F_PROTOCOL], "HTTP/2.0");
    SLICE_EQ(rec.v[SL_F_CONTENT_TYPE], "text/plain;%20charset=utf-8");
    SLICE_EQ(rec.v[SL_F_QUERY], "query_param=42");
    SLICE_EQ(rec.v[SL_F_BYTES_TOTAL], "703");
    int xe = sl_fields_find(ft, "x-edge-result-type", 18);
    CHECK(rec.supplied && sl_fieldset_has(rec.supplied, xe));
    SLICE_EQ(rec.v[xe], "Error");
    sl_parser_free(ps);
    f->vt->free(f);
    char err[100];
    CHECK(sl_fmt_w3c_new("iis7", ft, err, sizeof err) == NULL);
}

TEST(hostile_lines)
{
    sl_format *f = w3c("w3c");
    sl_parser *ps = sl_parser_new(f);
    feed(ps, "#Fields: date time cs-method cs-uri-stem sc-status");
    const char nul[] = "2026-11-24 10:00:10 GET /\0x 200";
    sl_record_clear(&rec);
    INT_EQ(sl_parser_parse(ps, nul, sizeof nul - 1, &rec, &why), SL_LINE_RECORD);
    INT_EQ(rec.status, 200);
    INT_EQ(feed(ps, "2026-11-24 10:00:10 GET \xff\xfe 200"), SL_LINE_RECORD);
    char *many = malloc(100000);
    for (int i = 0; i < 50000; i++) many[2 * i] = 'a', many[2 * i + 1] = ' ';
    many[99999] = 0;
    INT_EQ(feed(ps, many), SL_LINE_REJECTED);
    memcpy(many, "#Fields: ", 9);
    INT_EQ(feed(ps, many), SL_LINE_SKIPPED);
    INT_EQ(feed(ps, "2026-11-24 10:00:10 GET / 200"), SL_LINE_REJECTED);
    free(many);
    unsigned seed = 5;
    char buf[80];
    const char *base = "2026-11-24 10:00:10 \"GET\" \"/a b\" 200";
    feed(ps, "#Fields: date time cs-method cs-uri-stem sc-status");
    for (int round = 0; round < 20000; round++) {
        size_t n = strlen(base);
        memcpy(buf, base, n);
        for (int k = 0; k < 1 + round % 3; k++) {
            seed = seed * 1103515245u + 12345u;
            buf[(seed >> 8) % n] = (char)(seed >> 20);
        }
        sl_record_clear(&rec);
        sl_arena_reset(&arena);
        why = NULL;
        if (sl_parser_parse(ps, buf, n, &rec, &why) == SL_LINE_REJECTED)
            TT_CHECK_(why && *why, "reject without a reason");
    }
    sl_parser_free(ps);
    f->vt->free(f);
}

TEST(sniff)
{
    const char *p = NULL;
    CHECK(sl_fmt_w3c_sniff("#Software: Microsoft IIS\n#Fields: date time\n", 44, &p) &&
          !strcmp(p, "w3c"));
    CHECK(sl_fmt_w3c_sniff("#Version: 1.0\n#Fields: date time x-edge-location sc-status\n", 59, &p) &&
          !strcmp(p, "cloudfront"));
    const char *cf = "2024-03-12\t15:22:28\tCDG50-P2\t703\t1.2.3.4\tGET\td6.cloudfront.net\t/t\t"
                     "400\t-\tcurl\t-\t-\tError\tx\th\thttps\t62\t0.113\t-\tTLSv1.3\tc\tError\tHTTP/2.0\n";
    CHECK(sl_fmt_w3c_sniff(cf, strlen(cf), &p) && !strcmp(p, "cloudfront"));
    CHECK(!sl_fmt_w3c_sniff("1.2.3.4 - - [10/Oct/2026:13:55:36 +0000] \"GET / HTTP/1.1\" 200 1\n", 64, &p));
    CHECK(!sl_fmt_w3c_sniff("{\"status\":200}\n", 15, &p));
    CHECK(!sl_fmt_w3c_sniff("# a comment\n", 12, &p));
}

static void corpus(const char *rel, const char *preset, int want_records, int want_rejects,
                   const char *reason)
{
    const char *dir = getenv("SL_SHARED_DIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/corpora/%s", dir ? dir : "../shared", rel);
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        printf("SKIPPED corpus %s (not found)\n", rel);
        return;
    }
    sl_format *f = w3c(preset);
    sl_parser *ps = sl_parser_new(f);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int records = 0, rejects = 0, other = 0;
    while ((n = getline(&line, &cap, fp)) > 0) {
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) n--;
        sl_record_clear(&rec);
        sl_arena_reset(&arena);
        why = NULL;
        sl_line_kind k = sl_parser_parse(ps, line, (size_t)n, &rec, &why);
        if (k == SL_LINE_RECORD) {
            int64_t t;
            records++;
            TT_CHECK_(rec.status >= 100 && rec.v[SL_F_PATH].p &&
                          sl_time_parse(rec.v[SL_F_TIME], rec.time_kind, &t),
                      "%s: record without status/path/time", rel);
        } else if (k == SL_LINE_REJECTED) {
            rejects++;
            if (!reason || !strstr(why, reason)) {
                other++;
                printf("  unexplained: %s\n", why);
            }
        }
    }
    printf("corpus %-58s records %3d rejected %3d\n", rel, records, rejects);
    TT_CHECK_(records == want_records && rejects == want_rejects && other == 0,
              "%s: %d records, %d rejects (%d unexplained), want %d/%d", rel, records, rejects,
              other, want_records, want_rejects);
    free(line);
    fclose(fp);
    sl_parser_free(ps);
    f->vt->free(f);
}

TEST(real_logs)
{
    corpus("lnav/logs/logfile_w3c.0", "w3c", 1, 0, NULL);
    corpus("lnav/logs/logfile_w3c.1", "w3c", 1, 0, NULL);
    /* IIS 4 FTP service log: its "methods" are [session]COMMAND */
    corpus("lnav/logs/logfile_w3c.2", "w3c", 0, 14, "FTP service entry");
    corpus("lnav/logs/logfile_w3c.3", "w3c", 3, 0, NULL);
    /* the second entry is REQ_BAD_SERVER_CLOSED_CONNECTION: no response, sc-status "" */
    corpus("lnav/logs/logfile_w3c.4", "w3c", 1, 1, "no sc-status value");
    /* lnav's negative test: #Fields: names 6 fields (no sc-status), the line has 16 values */
    corpus("lnav/logs/logfile_w3c.5", "w3c", 0, 1, "sc-status");
    corpus("lnav/logs/logfile_w3c.6", "w3c", 1, 0, NULL);
    corpus("lnav/logs/logfile_w3c_big.0", "w3c", 210, 0, NULL);
    corpus("matomo-log-analytics/logs/iis.log", "w3c", 1, 0, NULL);
    corpus("matomo-log-analytics/logs/iis_custom.log", "w3c", 3, 0, NULL);
    corpus("matomo-log-analytics/logs/incapsula_w3c.log", "w3c", 1, 1, "no sc-status value");
    corpus("matomo-log-analytics/logs/netscaler.log", "w3c", 1, 0, NULL);
    corpus("matomo-log-analytics/logs/amazon_cloudfront_web.log", "w3c", 1, 0, NULL);
    /* RTMP streaming events carry x-event, not an HTTP status */
    corpus("matomo-log-analytics/logs/amazon_cloudfront_rtmp.log", "cloudfront", 0, 2, "sc-status");
    corpus("crowdsec-hub/logs/aws-cloudfront-logs__aws-cloudfront-logs.log", "cloudfront", 2, 0, NULL);
}

int main(void)
{
    ft = sl_fields_new();
    sl_fields_intern(ft, "x-edge-result-type", 18);
    sl_fields_intern(ft, "resp.www_authenticate", 21);
    sl_fields_freeze(ft);
    sl_arena_init(&arena, 1 << 20);
    rec.arena = &arena;
    RUN(iis_fields_and_remap);
    RUN(quoted_values);
    RUN(cloudfront_without_fields);
    RUN(hostile_lines);
    RUN(sniff);
    RUN(real_logs);
    sl_arena_fini(&arena);
    sl_fields_free(ft);
    return tt_report();
}
