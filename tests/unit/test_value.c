/* test_value.c: the value layer (format/fmt_value.h) that text programs and the structured
 * formats' key table share: a value converts the same whichever format carried it (port
 * stripping, IPv6 included; durations, fractions included; escapes). */
#include "format/fmt_value.h"
#include "test_fmt_helpers.h"

static const char *sp(const char *s)
{
    static char buf[128];
    sl_slice r = fmt_strip_port(sl_slice_cstr(s));
    snprintf(buf, sizeof buf, "%.*s", (int)r.n, r.p);
    return buf;
}

TEST(strip_port_keeps_ipv6_whole)
{
    STR_EQ(sp("192.0.2.7:5050"), "192.0.2.7");
    STR_EQ(sp("example.com:8443"), "example.com");
    STR_EQ(sp("[2001:db8::1]:5050"), "2001:db8::1");
    STR_EQ(sp("[2001:db8::1]"), "2001:db8::1");
    STR_EQ(sp("2001:db8::1"), "2001:db8::1"); /* bare IPv6: no port to strip */
    STR_EQ(sp("::1"), "::1");
    STR_EQ(sp("2001:db8::80"), "2001:db8::80");
    STR_EQ(sp("example.com"), "example.com");
    STR_EQ(sp("example.com:"), "example.com:"); /* no port digits: left alone */
    STR_EQ(sp("example.com:http"), "example.com:http");
    CHECK(fmt_strip_port(SL_SLICE_NULL).p == NULL);
}

static const char *scaled(const char *s, int digits)
{
    static char buf[128];
    sl_slice r;
    sl_arena_reset(&g_arena);
    CHECK(fmt_scale_seconds(&g_rec, sl_slice_cstr(s), digits, &r));
    if (!r.p) return "(null)";
    snprintf(buf, sizeof buf, "%.*s", (int)r.n, r.p);
    return buf;
}

TEST(durations_scale_to_seconds_with_their_fraction)
{
    STR_EQ(scaled("12345", 3), "12.345");
    STR_EQ(scaled("5", 3), "0.005");
    STR_EQ(scaled("1500000", 6), "1.500000");
    STR_EQ(scaled("1234567890", 9), "1.234567890");
    STR_EQ(scaled("12.5", 3), "0.0125"); /* a fraction moves with the point, not cut off */
    STR_EQ(scaled("12345.67", 3), "12.34567");
    STR_EQ(scaled("-1", 3), "(null)"); /* HAProxy: timer not available */
    STR_EQ(scaled("+12", 3), "(null)");
    STR_EQ(scaled("12ms", 3), "(null)");
    STR_EQ(scaled("", 3), "(null)");
    STR_EQ(scaled(".5", 3), "(null)");
}

/* The same value through a text program and through the JSON key table. */
TEST(text_and_structured_formats_agree)
{
    sl_format *alb = compile("alb"), *json = compile("traefik_json");
    sl_format *ap = compile("%h %l %u %t \"%r\" %>s %b %{ms}T");
    CHECK(alb && json && ap);
    static const char *const clients[][2] = {{"192.0.2.7:2817", "192.0.2.7"},
                                             {"[2001:db8::1]:2817", "2001:db8::1"},
                                             {"2001:db8::1", "2001:db8::1"}};
    for (size_t i = 0; i < SL_ARRAY_LEN(clients); i++) {
        char line[1024];
        snprintf(line, sizeof line,
                 "http 2018-07-02T22:23:00.186641Z app/lb/50dc6c495c0c9188 %s 10.0.0.1:80 0.000 "
                 "0.001 0.000 200 200 34 366 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" "
                 "- - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/tg/73e2d6bc24d8a067 "
                 "\"Root=1-58337262-36d228ad5d99923122bbe354\" \"-\" \"-\" 0 "
                 "2018-07-02T22:22:48.364000Z \"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\"",
                 clients[i][0]);
        INT_EQ(parse(alb, line), SL_LINE_RECORD);
        STR_EQ(fv("client"), clients[i][1]);
        snprintf(line, sizeof line,
                 "{\"ClientAddr\":\"%s\",\"DownstreamStatus\":200,\"RequestMethod\":\"GET\","
                 "\"RequestPath\":\"/\",\"OriginResponseDurationMs\":\"12.5\"}",
                 clients[i][0]);
        INT_EQ(parse(json, line), SL_LINE_RECORD);
        STR_EQ(fv("client"), clients[i][1]);
        STR_EQ(fv("upstream_time"), "0.0125");
    }
    INT_EQ(parse(ap, "192.0.2.7 - - [10/Oct/2026:13:55:36 +0000] \"GET / HTTP/1.1\" 200 5 12.5"),
           SL_LINE_RECORD);
    STR_EQ(fv("request_time"), "0.0125");
    sl_format_free(alb);
    sl_format_free(json);
    sl_format_free(ap);
}

TEST(escapes_decode_once)
{
    sl_arena_reset(&g_arena);
    sl_slice r = fmt_unescape(&g_rec, SL_SLICE_LIT("a\\x41\\x4g\\\"b\\n"));
    MEM_EQ(r.p, r.n, "aA\\x4g\"b\n");
    INT_EQ(fmt_hexval('F'), 15);
    INT_EQ(fmt_hexval('g'), -1);
}

int main(void)
{
    fx_init();
    RUN(strip_port_keeps_ipv6_whole);
    RUN(durations_scale_to_seconds_with_their_fraction);
    RUN(text_and_structured_formats_agree);
    RUN(escapes_decode_once);
    sl_arena_fini(&g_arena);
    sl_fields_free(g_ft);
    return tt_report();
}
