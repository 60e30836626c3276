/* test_record.c: fields table, status parsing, request-line splitting, integers, time. */
#include <time.h>
#include "record/rec.h"
#include "tinytest.h"

TEST(fields_intern_normalizes_header_names)
{
    sl_fields *ft = sl_fields_new();
    INT_EQ(sl_fields_find(ft, "status", 6), SL_F_STATUS);
    INT_EQ(sl_fields_find(ft, "Content_Type", 12), SL_F_CONTENT_TYPE);
    int id = sl_fields_intern(ft, "resp.WWW-Authenticate", 21);
    CHECK(id >= SL_F_CANONICAL_COUNT);
    STR_EQ(sl_fields_name(ft, id), "resp.www_authenticate");
    INT_EQ(sl_fields_intern(ft, "resp.www_authenticate", 21), id);
    char hint[200];
    sl_fields_hint(ft, id, hint, sizeof hint);
    STR_EQ(hint, "nginx: $sent_http_www_authenticate, Apache: %{Www-Authenticate}o");
    sl_fields_hint(ft, SL_F_CONTENT_TYPE, hint, sizeof hint);
    STR_EQ(hint, "nginx: $sent_http_content_type, Apache: %{Content-Type}o");
    sl_fields_freeze(ft);
    INT_EQ(sl_fields_intern(ft, "req.new_header", 14), -1);
    INT_EQ(sl_fields_find(ft, "RESP.www-authenticate", 21), id);
    sl_fields_free(ft);
}

TEST(fields_table_is_bounded)
{
    sl_fields *ft = sl_fields_new();
    char name[32];
    int last = 0;
    for (int i = 0; i < 300; i++) {
        int n = snprintf(name, sizeof name, "x%d", i);
        last = sl_fields_intern(ft, name, (size_t)n);
    }
    INT_EQ(last, -1);
    INT_EQ(sl_fields_count(ft), SL_MAX_FIELDS);
    sl_fields_free(ft);
}

TEST(status_parses_one_to_four_digits_only)
{
    sl_record r = {0};
    static const struct { const char *s; int want; } cases[] = {
        {"200", 200}, {"000", 0}, {"600", 600}, {"9999", 9999}, {"99999", -1},
        {"20a", -1}, {"", -1}, {"-1", -1}, {" 200", -1}};
    for (size_t i = 0; i < SL_ARRAY_LEN(cases); i++) {
        r.v[SL_F_STATUS] = sl_slice_cstr(cases[i].s);
        sl_record_set_status(&r);
        INT_EQ(r.status, cases[i].want);
    }
    r.v[SL_F_STATUS] = SL_SLICE_NULL;
    sl_record_set_status(&r);
    INT_EQ(r.status, -1);
}

TEST(request_line_splits_into_method_target_protocol)
{
    sl_record r = {0};
    CHECK(sl_record_split_request(&r, sl_slice_cstr("GET /a/b?x=1&y HTTP/1.1")));
    SLICE_EQ(r.v[SL_F_METHOD], "GET");
    SLICE_EQ(r.v[SL_F_TARGET], "/a/b?x=1&y");
    SLICE_EQ(r.v[SL_F_PATH], "/a/b");
    SLICE_EQ(r.v[SL_F_QUERY], "x=1&y");
    SLICE_EQ(r.v[SL_F_PROTOCOL], "HTTP/1.1");
    /* a target with spaces (seen in the wild): the protocol is the last word */
    CHECK(sl_record_split_request(&r, sl_slice_cstr("GET /a b HTTP/1.0")));
    SLICE_EQ(r.v[SL_F_TARGET], "/a b");
    SLICE_EQ(r.v[SL_F_PROTOCOL], "HTTP/1.0");
    /* HTTP/0.9 style */
    CHECK(sl_record_split_request(&r, sl_slice_cstr("GET /")));
    SLICE_EQ(r.v[SL_F_TARGET], "/");
    CHECK(r.v[SL_F_PROTOCOL].p == NULL);
    /* garbage leaves the fields null */
    CHECK(!sl_record_split_request(&r, sl_slice_cstr("\x16\x03\x01")));
    CHECK(r.v[SL_F_METHOD].p == NULL && r.v[SL_F_PATH].p == NULL);
    CHECK(!sl_record_split_request(&r, sl_slice_cstr(" /x")));
    CHECK(!sl_record_split_request(&r, SL_SLICE_NULL));
}

TEST(integers_parse_strictly)
{
    int64_t v;
    CHECK(sl_parse_int(sl_slice_cstr("0"), &v) && v == 0);
    CHECK(sl_parse_int(sl_slice_cstr("12345"), &v) && v == 12345);
    CHECK(sl_parse_int(sl_slice_cstr("0.250"), &v) && v == 0);
    CHECK(!sl_parse_int(sl_slice_cstr("99999999999999999999"), &v));
    CHECK(sl_parse_int(sl_slice_cstr("999999999999999999"), &v) && v == 999999999999999999LL); /* 18 digits */
    CHECK(sl_parse_int(sl_slice_cstr("9223372036854775807"), &v) && v == INT64_MAX);
    CHECK(!sl_parse_int(sl_slice_cstr("9223372036854775808"), &v));
    CHECK(sl_parse_int(sl_slice_cstr("1234567890123456789.5"), &v) && v == 1234567890123456789LL);
    CHECK(!sl_parse_int(sl_slice_cstr("1e30"), &v));
    CHECK(!sl_parse_int(sl_slice_cstr("-5"), &v));
    CHECK(!sl_parse_int(sl_slice_cstr(".5"), &v));
    CHECK(!sl_parse_int(sl_slice_cstr("1.2.3"), &v));
    CHECK(!sl_parse_int(SL_SLICE_NULL, &v));
}

/* sl_time_iso agrees with the C library's calendar on a spread of seconds, leap days and
 * the turn of centuries among them. */
TEST(time_iso_matches_gmtime)
{
    static const int64_t fixed[] = {0, 59, 86399, 86400, 951782400 /* 2000-02-29 */, 951868800,
                                    1795000000, 4107542399 /* 2100-02-28T23:59:59 */,
                                    253402300799 /* 9999-12-31T23:59:59 */};
    char iso[21], want[32];
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0] + 2000; i++) {
        int64_t t = i < sizeof fixed / sizeof fixed[0] ? fixed[i] : (int64_t)(i * 126247697u % 4102444800u);
        time_t tt = (time_t)t;
        struct tm tm;
        gmtime_r(&tt, &tm);
        strftime(want, sizeof want, "%Y-%m-%dT%H:%M:%SZ", &tm);
        sl_time_iso(t, iso);
        STR_EQ(iso, want);
    }
}

TEST(times_parse_in_every_log_spelling)
{
    int64_t t;
    char iso[21];
    CHECK(sl_time_parse(sl_slice_cstr("24/Nov/2026:10:00:10 +0000"), SL_TIME_CLF, &t));
    sl_time_iso(t, iso);
    STR_EQ(iso, "2026-11-24T10:00:10Z");
    CHECK(sl_time_parse(sl_slice_cstr("[24/Nov/2026:12:00:10 +0200]"), SL_TIME_CLF, &t));
    sl_time_iso(t, iso);
    STR_EQ(iso, "2026-11-24T10:00:10Z");
    CHECK(sl_time_parse(sl_slice_cstr("2026-11-24T05:00:10.123-05:00"), SL_TIME_ISO8601, &t));
    sl_time_iso(t, iso);
    STR_EQ(iso, "2026-11-24T10:00:10Z");
    CHECK(sl_time_parse(sl_slice_cstr("2026-11-24 10:00:10"), SL_TIME_ISO8601, &t));
    CHECK(sl_time_parse(sl_slice_cstr("1795000000.123"), SL_TIME_EPOCH, &t) && t == 1795000000);
    CHECK(sl_time_parse(sl_slice_cstr("1795000000123456789"), SL_TIME_EPOCH_NS, &t) && t == 1795000000);
    CHECK(sl_time_parse(sl_slice_cstr("29/Feb/2024:00:00:00 +0000"), SL_TIME_CLF, &t));
    /* impossible dates do not parse */
    CHECK(!sl_time_parse(sl_slice_cstr("29/Feb/2026:00:00:00 +0000"), SL_TIME_CLF, &t));
    CHECK(!sl_time_parse(sl_slice_cstr("31/Foo/2026:00:00:00 +0000"), SL_TIME_CLF, &t));
    CHECK(!sl_time_parse(sl_slice_cstr("2026-13-01T00:00:00Z"), SL_TIME_ISO8601, &t));
    CHECK(!sl_time_parse(sl_slice_cstr("2026-01-01T25:00:00Z"), SL_TIME_ISO8601, &t));
    CHECK(!sl_time_parse(sl_slice_cstr("99999999999999"), SL_TIME_EPOCH, &t));
    CHECK(!sl_time_parse(sl_slice_cstr("24/Nov/2026:10:00"), SL_TIME_CLF, &t));
    CHECK(!sl_time_parse(SL_SLICE_NULL, SL_TIME_CLF, &t));
}

int main(void)
{
    RUN(fields_intern_normalizes_header_names);
    RUN(fields_table_is_bounded);
    RUN(status_parses_one_to_four_digits_only);
    RUN(request_line_splits_into_method_target_protocol);
    RUN(integers_parse_strictly);
    RUN(time_iso_matches_gmtime);
    RUN(times_parse_in_every_log_spelling);
    return tt_report();
}
