/* test_csvin.c: CSV/TSV exports. Header names of every convention map to fields; quoted
 * commas, quotes and newlines work with physical line numbers (a record spanning lines is
 * reported on its last line); BOM, TSV and --csv-map; unknown headers, ragged rows and
 * runaway quotes are rejected with reasons; random damage never crashes. */
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

static sl_format *csv(char delim, const char *map)
{
    char err[200] = "";
    sl_format *f = sl_fmt_csv_new(delim, map, ft, err, sizeof err);
    TT_CHECK_(f != NULL, "sl_fmt_csv_new: %s", err);
    return f;
}

TEST(nginx_and_plain_headers)
{
    sl_format *f = csv(',', NULL);
    CHECK(f->stateful && f->fields.any);
    sl_parser *ps = sl_parser_new(f);
    INT_EQ(feed(ps, "\xef\xbb\xbftime_local,remote_addr,request,status,body_bytes_sent,"
                    "http_user_agent,content_type"),
           SL_LINE_SKIPPED);
    INT_EQ(feed(ps, "10/Oct/2026:13:55:36 +0000,10.0.0.1,\"PROPFIND /dav/ HTTP/1.1\",207,512,"
                    "\"Mozilla/5.0 (X11, Linux)\",text/xml"),
           SL_LINE_RECORD);
    SLICE_EQ(rec.v[SL_F_METHOD], "PROPFIND");
    SLICE_EQ(rec.v[SL_F_PATH], "/dav/");
    INT_EQ(rec.status, 207);
    SLICE_EQ(rec.v[SL_F_BYTES], "512");
    SLICE_EQ(rec.v[SL_F_USER_AGENT], "Mozilla/5.0 (X11, Linux)");
    SLICE_EQ(rec.v[SL_F_CONTENT_TYPE], "text/xml");
    INT_EQ(rec.time_kind, SL_TIME_CLF);
    CHECK(rec.supplied && sl_fieldset_has(rec.supplied, SL_F_CONTENT_TYPE) &&
          sl_fieldset_has(rec.supplied, SL_F_QUERY) && !sl_fieldset_has(rec.supplied, SL_F_HOST));
    INT_EQ(feed(ps, ""), SL_LINE_SKIPPED);
    /* a quoted field with a quote and a newline: the record ends on the second line */
    INT_EQ(feed(ps, "10/Oct/2026:13:55:37 +0000,10.0.0.2,\"GET /a HTTP/1.1\",404,0,\"say \"\"hi"),
           SL_LINE_PENDING);
    INT_EQ(feed(ps, "there\"\",x\",-"), SL_LINE_RECORD);
    SLICE_EQ(rec.v[SL_F_USER_AGENT], "say \"hi\nthere\",x");
    CHECK(rec.v[SL_F_CONTENT_TYPE].p == NULL);
    INT_EQ(rec.status, 404);
    /* ragged rows */
    INT_EQ(feed(ps, "a,b,c"), SL_LINE_REJECTED);
    CHECK(why && strstr(why, "number of columns"));
    INT_EQ(feed(ps, "10/Oct/2026:13:55:36 +0000,1,GET / HTTP/1.1,200,1,ua,t/x,extra"), SL_LINE_REJECTED);
    INT_EQ(feed(ps, "10/Oct/2026:13:55:36 +0000,1,GET / HTTP/1.1,,1,ua,t/x"), SL_LINE_REJECTED);
    CHECK(why && strstr(why, "empty status"));
    INT_EQ(feed(ps, "10/Oct/2026:13:55:36 +0000,1,GET / HTTP/1.1,301,1,ua,t/x"), SL_LINE_RECORD);
    sl_parser_free(ps);
    f->vt->free(f);
}

TEST(ecs_and_w3c_tsv)
{
    sl_format *f = csv('\t', NULL);
    sl_parser *ps = sl_parser_new(f);
    INT_EQ(feed(ps, "@timestamp\tsource.ip\thttp.request.method\turl.original\t"
                    "http.response.status_code\thttp.response.body.bytes\thttp.response.mime_type"),
           SL_LINE_SKIPPED);
    INT_EQ(feed(ps, "2026-11-24T10:00:10Z\t10.1.1.1\tGET\t/x?y=1\t208\t10\ttext/plain"),
           SL_LINE_RECORD);
    INT_EQ(rec.status, 208);
    SLICE_EQ(rec.v[SL_F_QUERY], "y=1");
    INT_EQ(rec.time_kind, SL_TIME_ISO8601);
    sl_parser_free(ps);
    ps = sl_parser_new(f);
    INT_EQ(feed(ps, "date\ttime\tc-ip\tcs-method\tcs-uri-stem\tcs-uri-query\tsc-status\tsc-bytes\t"
                    "cs(User-Agent)\ttime-taken"),
           SL_LINE_SKIPPED);
    INT_EQ(feed(ps, "2026-11-24\t10:00:10\t10.2.2.2\tPOST\t/login\t-\t302\t250\tcurl/8+x\t15"),
           SL_LINE_RECORD);
    SLICE_EQ(rec.v[SL_F_TIME], "2026-11-24T10:00:10Z");
    INT_EQ(rec.time_kind, SL_TIME_ISO8601);
    SLICE_EQ(rec.v[SL_F_PATH], "/login");
    CHECK(rec.v[SL_F_QUERY].p == NULL);
    SLICE_EQ(rec.v[SL_F_BYTES_TOTAL], "250");
    SLICE_EQ(rec.v[SL_F_USER_AGENT], "curl/8 x");
    SLICE_EQ(rec.v[SL_F_REQUEST_TIME], "0.015");
    sl_parser_free(ps);
    f->vt->free(f);
}

TEST(unknown_headers_and_map)
{
    sl_format *f = csv(',', NULL);
    sl_parser *ps = sl_parser_new(f);
    INT_EQ(feed(ps, "Code,Verb,URL"), SL_LINE_REJECTED);
    CHECK(why && strstr(why, "no status column") && strstr(why, "Code, Verb, URL"));
    INT_EQ(feed(ps, "200,GET,/"), SL_LINE_REJECTED);
    CHECK(why && strstr(why, "no status column"));
    sl_parser_free(ps);
    f->vt->free(f);

    f = csv(',', "status=Code,method=Verb,target=URL,tenant=Tenant");
    ps = sl_parser_new(f);
    INT_EQ(feed(ps, "Code,Verb,URL,Tenant"), SL_LINE_SKIPPED);
    INT_EQ(feed(ps, "207,GET,/a?b=c,acme"), SL_LINE_RECORD);
    INT_EQ(rec.status, 207);
    SLICE_EQ(rec.v[SL_F_METHOD], "GET");
    SLICE_EQ(rec.v[SL_F_PATH], "/a");
    SLICE_EQ(rec.v[sl_fields_find(ft, "tenant", 6)], "acme");
    sl_parser_free(ps);
    f->vt->free(f);

    char err[200] = "";
    CHECK(sl_fmt_csv_new(',', "status", ft, err, sizeof err) == NULL && strstr(err, "name=column"));

    /* a header with very many unknown columns: the reason is truncated */
    f = csv(',', NULL);
    ps = sl_parser_new(f);
    char hdr[4000];
    size_t k = 0;
    for (int i = 0; i < 300; i++) k += (size_t)sprintf(hdr + k, "%scolumn_%d", i ? "," : "", i);
    INT_EQ(feed(ps, hdr), SL_LINE_REJECTED);
    CHECK(why && strlen(why) < 300);
    sl_parser_free(ps);
    f->vt->free(f);
}

TEST(runaway_quote_is_bounded)
{
    sl_format *f = csv(',', NULL);
    sl_parser *ps = sl_parser_new(f);
    INT_EQ(feed(ps, "status,path"), SL_LINE_SKIPPED);
    INT_EQ(feed(ps, "200,\"/never closed"), SL_LINE_PENDING);
    int pending = 1;
    sl_line_kind k = SL_LINE_PENDING;
    for (int i = 0; i < 40 && k == SL_LINE_PENDING; i++)
        if ((k = feed(ps, "404,/x")) == SL_LINE_PENDING) pending++;
    INT_EQ(k, SL_LINE_REJECTED);
    CHECK(why && strstr(why, "not closed within 8 lines"));
    INT_EQ(pending, SL_SPAN_LINES - 1);
    INT_EQ(feed(ps, "404,/x"), SL_LINE_RECORD); /* recovered */
    /* the byte bound: one open line over 64 KiB fails at once */
    char *big = malloc(70000);
    memset(big, 'x', 69999);
    big[0] = '"';
    big[69999] = 0;
    INT_EQ(feed(ps, big), SL_LINE_REJECTED);
    free(big);
    INT_EQ(feed(ps, "404,/x"), SL_LINE_RECORD);
    /* a quote that closes on a later line but not cleanly: the record fails */
    INT_EQ(feed(ps, "200,\"/a"), SL_LINE_PENDING);
    INT_EQ(feed(ps, "404,\"/b\""), SL_LINE_REJECTED);
    CHECK(why && strstr(why, "not closed cleanly"));
    /* closes cleanly but leaves too many columns */
    INT_EQ(feed(ps, "200,\"/a"), SL_LINE_PENDING);
    INT_EQ(feed(ps, "b\",c"), SL_LINE_REJECTED);
    CHECK(why && strstr(why, "does not fit the header"));
    /* a legitimate quoted newline */
    INT_EQ(feed(ps, "200,\"/a"), SL_LINE_PENDING);
    INT_EQ(feed(ps, "b\""), SL_LINE_RECORD);
    SLICE_EQ(rec.v[SL_F_PATH], "/a\nb");
    /* end of input forgets the open record */
    INT_EQ(feed(ps, "200,\"/open"), SL_LINE_PENDING);
    INT_EQ(sl_parser_parse(ps, NULL, 0, &rec, &why), SL_LINE_SKIPPED);
    INT_EQ(feed(ps, "404,/x"), SL_LINE_RECORD);
    sl_parser_free(ps);
    f->vt->free(f);
}

TEST(tsv_has_no_quoting)
{
    sl_format *f = csv('\t', NULL);
    sl_parser *ps = sl_parser_new(f);
    INT_EQ(feed(ps, "status\tpath\thttp_user_agent"), SL_LINE_SKIPPED);
    INT_EQ(feed(ps, "200\t/a\t\"Mozilla (unbalanced"), SL_LINE_RECORD);
    SLICE_EQ(rec.v[SL_F_USER_AGENT], "\"Mozilla (unbalanced");
    INT_EQ(feed(ps, "207\t/b\tcurl"), SL_LINE_RECORD);
    SLICE_EQ(rec.v[SL_F_PATH], "/b");
    INT_EQ(feed(ps, "207\t/c\t\"say \"\"hi\"\"\""), SL_LINE_RECORD);
    SLICE_EQ(rec.v[SL_F_USER_AGENT], "say \"hi\"");
    INT_EQ(feed(ps, "207\t/d\t\"\""), SL_LINE_RECORD);
    CHECK(rec.v[SL_F_USER_AGENT].p == NULL || rec.v[SL_F_USER_AGENT].n == 0);
    INT_EQ(feed(ps, "207\t\"/e"), SL_LINE_REJECTED); /* two columns: ragged, not pending */
    sl_parser_free(ps);
    f->vt->free(f);
}

TEST(mutations_never_crash)
{
    const char *lines[] = {"time,status,request,\"user_agent\"",
                           "2026-11-24T10:00:10Z,200,\"GET /a HTTP/1.1\",\"x,\"\"y\"\"\"",
                           "2026-11-24T10:00:11Z,500,\"POST /b HTTP/1.1\",z"};
    unsigned seed = 3;
    char buf[128];
    sl_format *f = csv(',', NULL);
    for (int round = 0; round < 3000; round++) {
        sl_parser *ps = sl_parser_new(f);
        for (int l = 0; l < 3; l++) {
            size_t n = strlen(lines[l]);
            memcpy(buf, lines[l], n);
            seed = seed * 1103515245u + 12345u;
            buf[(seed >> 8) % n] = (char)(seed >> 20);
            sl_record_clear(&rec);
            sl_arena_reset(&arena);
            why = NULL;
            sl_line_kind k = sl_parser_parse(ps, buf, n, &rec, &why);
            if (k == SL_LINE_REJECTED) TT_CHECK_(why && *why, "reject without reason");
        }
        sl_parser_free(ps);
    }
    f->vt->free(f);
}

/* Rows of empty fields only (found by fuzz_format_csv: no field bytes buffered yet). */
TEST(empty_fields_only)
{
    sl_format *f = csv(',', NULL);
    sl_parser *ps = sl_parser_new(f);
    INT_EQ(feed(ps, ","), SL_LINE_REJECTED);
    CHECK(why && strstr(why, "no status column"));
    sl_parser_free(ps);
    ps = sl_parser_new(f);
    INT_EQ(feed(ps, "status,path"), SL_LINE_SKIPPED);
    INT_EQ(feed(ps, ","), SL_LINE_REJECTED);
    CHECK(why && strstr(why, "empty status"));
    sl_parser_free(ps);
    f->vt->free(f);
}

TEST(sniff)
{
    char d = 0;
    CHECK(sl_fmt_csv_sniff("time,status,request\n1,2,3\n", 26, &d) && d == ',');
    CHECK(sl_fmt_csv_sniff("\xef\xbb\xbf" "date\ttime\tsc-status\tcs-uri-stem\n", 34, &d) && d == '\t');
    CHECK(sl_fmt_csv_sniff("\"Remote_Addr\",\"$status\"\n", 24, &d) && d == ',');
    CHECK(!sl_fmt_csv_sniff("Code,Verb,URL\n", 14, &d));
    CHECK(!sl_fmt_csv_sniff("1.2.3.4 - - [10/Oct/2026:13:55:36 +0000] \"GET / HTTP/1.1\" 200 1\n", 64, &d));
    CHECK(!sl_fmt_csv_sniff("{\"status\":200}\n", 15, &d));
    CHECK(!sl_fmt_csv_sniff("#Fields: date time sc-status\n", 29, &d));
}

int main(void)
{
    ft = sl_fields_new();
    sl_arena_init(&arena, 1 << 20);
    rec.arena = &arena;
    RUN(unknown_headers_and_map); /* interns its --csv-map names before the freeze */
    sl_fields_freeze(ft);
    RUN(nginx_and_plain_headers);
    RUN(ecs_and_w3c_tsv);
    RUN(runaway_quote_is_bounded);
    RUN(tsv_has_no_quoting);
    RUN(mutations_never_crash);
    RUN(empty_fields_only);
    RUN(sniff);
    sl_arena_fini(&arena);
    sl_fields_free(ft);
    return tt_report();
}
