/* test_bytes.c: what the byte column of a CLF preset counts (fmt_bytes.c), decided on the
 * detection sample: Debian's stock Apache (%O) against upstream Apache (%b, "-" for zero)
 * and nginx ($body_bytes_sent, 0 for zero), the evidence thresholds, the sample boundary,
 * and the total-bytes view. The log lines are those the servers themselves wrote (Debian 12
 * apache2 2.4 with its stock `combined`, nginx 1.22 with its built-in `combined`), taken
 * from the traffic of tests/servers/stock_servers.sh. */
#include "test_fmt_helpers.h"

#define L(req, st, b) "127.0.0.1 - - [01/Dec/2026:09:06:07 +0000] \"" req "\" " st " " b " \"-\" \"curl/7.88.1\"\n"

/* Debian 12 apache2, stock combined (%O). */
static const char apache_O[] =
    L("GET / HTTP/1.1", "200", "22261")
    L("HEAD / HTTP/1.1", "200", "234")
    L("HEAD /missing HTTP/1.1", "404", "140")
    L("GET /index.html HTTP/1.1", "304", "196")
    L("GET /blob.bin HTTP/1.1", "206", "395")
    L("GET /empty HTTP/1.1", "204", "96")
    L("PUT /dav/a.bin HTTP/1.1", "201", "451")
    L("PUT /dav/a.bin HTTP/1.1", "204", "121")
    L("PROPFIND /dav/ HTTP/1.1", "207", "3372")
    L("DELETE /dav/col/ HTTP/1.1", "204", "96");

/* nginx 1.22, built-in combined ($body_bytes_sent): 0 on bodyless responses, and 25 on a
 * PUT after "HTTP/1.1 100 Continue". */
static const char nginx_b[] =
    L("GET / HTTP/1.1", "200", "22027")
    L("HEAD / HTTP/1.1", "200", "0")
    L("GET /index.html HTTP/1.1", "304", "0")
    L("GET /empty HTTP/1.1", "204", "0")
    L("PUT /dav/a.bin HTTP/1.1", "201", "25")
    L("PUT /dav/a.bin HTTP/1.1", "204", "25")
    L("DELETE /dav/a.bin HTTP/1.1", "204", "0");

/* Upstream Apache combined (%b): "-" for no body; one 204 really carries a body. */
static const char apache_b[] =
    L("GET / HTTP/1.1", "200", "10701")
    L("HEAD / HTTP/1.1", "200", "-")
    L("GET /index.html HTTP/1.1", "304", "-")
    L("GET /app/clear HTTP/1.1", "204", "96")
    L("GET /app/clear HTTP/1.1", "204", "96");

static bool infer(const char *spec, const char *log, size_t n, char *why, size_t whylen)
{
    sl_format *f = compile(spec);
    if (!f) return false;
    bool total = sl_format_infer_bytes(f, log, n, why, whylen);
    sl_format_free(f);
    return total;
}

TEST(stock_apache_is_total)
{
    char why[256];
    CHECK(infer("combined", apache_O, strlen(apache_O), why, sizeof why));
    STR_EQ(why, "6 bodyless responses (1xx, 204, 304, HEAD) logged 96..234 bytes, none 0 or "
                "'-'");
    CHECK(infer("common", apache_O, strlen(apache_O), why, sizeof why) == false); /* shape */
}

TEST(body_bytes_stay_body)
{
    char why[256] = "x";
    CHECK(!infer("combined", nginx_b, strlen(nginx_b), why, sizeof why));
    STR_EQ(why, "");
    CHECK(!infer("combined", apache_b, strlen(apache_b), why, sizeof why));
}

/* "Consistently": two bodyless responses are not enough, one bodyless response logging 0
 * or '-' is a veto, a count too small for a header section (nginx's 25-byte 100 Continue)
 * is no header, and zeros on other responses are allowed only when rare (1 in 20). */
TEST(evidence_thresholds)
{
    char why[256];
    const char two[] = L("GET / HTTP/1.1", "200", "5120") L("HEAD / HTTP/1.1", "200", "234")
        L("GET /empty HTTP/1.1", "204", "96");
    CHECK(!infer("combined", two, strlen(two), why, sizeof why));
    char buf[8192];
    snprintf(buf, sizeof buf, "%s%s", apache_O, L("HEAD /gone HTTP/1.1", "410", "-"));
    CHECK(!infer("combined", buf, strlen(buf), why, sizeof why));
    snprintf(buf, sizeof buf, "%s%s", apache_O, L("PUT /x HTTP/1.1", "204", "25"));
    CHECK(!infer("combined", buf, strlen(buf), why, sizeof why));
    /* a request that got no response (408 on an idle connection) sends nothing under %O */
    snprintf(buf, sizeof buf, "%s%s", apache_O, L("-", "408", "0"));
    CHECK(infer("combined", buf, strlen(buf), why, sizeof why));
    /* a GET whose client left before the headers: 1 in 21 records passes, 1 in 11 does not */
    snprintf(buf, sizeof buf, "%s%s", apache_O, L("GET /gone HTTP/1.1", "200", "0"));
    CHECK(!infer("combined", buf, strlen(buf), why, sizeof why));
    snprintf(buf, sizeof buf, "%s%s%s", apache_O, apache_O, L("GET /gone HTTP/1.1", "200", "0"));
    CHECK(infer("combined", buf, strlen(buf), why, sizeof why));
}

/* A format string names its byte column: only the presets are inferred. */
TEST(explicit_strings_are_trusted)
{
    char why[256];
    CHECK(!infer("%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"", apache_O,
                 strlen(apache_O), why, sizeof why));
    CHECK(!infer("$remote_addr - $remote_user [$time_local] \"$request\" $status "
                 "$body_bytes_sent \"$http_referer\" \"$http_user_agent\"",
                 apache_O, strlen(apache_O), why, sizeof why));
    sl_format *f = compile("%h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\"");
    CHECK(f && f->bytes_total_only && !f->bytes_ambiguous);
    sl_format_free(f);
}

/* Decided on the detection sample alone: a zero past SL_DETECT_SAMPLE changes nothing, one
 * inside it does, and a line cut by the sample's end is not read. */
/* A GET answered 200 whose line is exactly len bytes (newline included), len >= 100. */
static size_t pad_line(char *out, size_t len)
{
    const char *head = "127.0.0.1 - - [01/Dec/2026:09:06:07 +0000] \"GET /";
    const char *tail = " HTTP/1.1\" 200 5120 \"-\" \"curl/7.88.1\"\n";
    size_t h = strlen(head), t = strlen(tail);
    memcpy(out, head, h);
    memset(out + h, 'a', len - h - t);
    memcpy(out + len - t, tail, t);
    return len;
}

TEST(decided_on_the_sample)
{
    size_t cap = SL_DETECT_SAMPLE * 2, unit = strlen(apache_O);
    char *buf = malloc(cap);
    const char zero[] = L("HEAD /gone HTTP/1.1", "410", "0");
    size_t zl = strlen(zero), n = 0;
    memcpy(buf, apache_O, unit), n = unit;
    while (n + 4096 < SL_DETECT_SAMPLE) n += pad_line(buf + n, 4000);
    n += pad_line(buf + n, SL_DETECT_SAMPLE - n - zl / 2); /* the zero line straddles the end */
    size_t at = n;
    memcpy(buf + n, zero, zl), n += zl;
    CHECK(at < SL_DETECT_SAMPLE && n > SL_DETECT_SAMPLE);
    while (n + unit < cap) memcpy(buf + n, zero, zl), n += zl; /* zeros past the sample */
    char why[256];
    CHECK(infer("combined", buf, n, why, sizeof why));
    memmove(buf + zl, buf, n - zl); /* one zero first, inside the sample: body bytes */
    memcpy(buf, zero, zl);
    CHECK(!infer("combined", buf, n, why, sizeof why));
    free(buf);
}

/* The decision reads the sample only: whatever the size of the first chunk handed over
 * (cut at a line end, larger than the sample), detection and inference say the same. */
TEST(same_decision_for_any_chunk)
{
    size_t cap = 2u << 20, n = 0, unit = strlen(apache_O);
    char *buf = malloc(cap);
    n += pad_line(buf, 100000); /* stepped over */
    while (n + unit < cap) memcpy(buf + n, apache_O, unit), n += unit;
    char first_d[512] = "", first_b[256] = "";
    const size_t sizes[] = {SL_DETECT_SAMPLE + SL_DETECT_LINE_MAX + 200000, 3u << 19, n};
    for (size_t i = 0; i < SL_ARRAY_LEN(sizes); i++) {
        size_t len = sizes[i];
        while (len && buf[len - 1] != '\n') len--;
        char why[512], bwhy[256];
        sl_format *f = sl_format_detect(buf, len, NULL, g_ft, why, sizeof why);
        CHECK(f != NULL);
        if (!f) continue;
        STR_EQ(f->name, "combined");
        CHECK(sl_format_infer_bytes(f, buf, len, bwhy, sizeof bwhy));
        if (!i) snprintf(first_d, sizeof first_d, "%s", why), snprintf(first_b, sizeof first_b, "%s", bwhy);
        STR_EQ(why, first_d);
        STR_EQ(bwhy, first_b);
        sl_format_free(f);
    }
    CHECK(!sl_format_sample_empty(buf, n));
    CHECK(sl_format_sample_empty("\n\n# comment\n", strlen("\n\n# comment\n")));
    free(buf);
}

/* The view hands the column to rules as bytes_total and leaves bytes null. */
TEST(total_bytes_view)
{
    sl_format *inner = compile("combined");
    sl_format *v = sl_format_total_bytes_view(inner, true, "because");
    CHECK(v->bytes_total_only && !v->bytes_ambiguous);
    CHECK(sl_fieldset_has(&v->fields, SL_F_BYTES_TOTAL));
    CHECK(!sl_fieldset_has(&v->fields, SL_F_BYTES));
    STR_EQ(v->bytes_why, "because");
    STR_EQ(v->name, "combined");
    INT_EQ(parse(v, "127.0.0.1 - - [01/Dec/2026:09:06:07 +0000] \"GET /empty HTTP/1.1\" 204 96 "
                    "\"-\" \"curl/7.88.1\""), SL_LINE_RECORD);
    STR_EQ(fv("bytes"), "(null)");
    STR_EQ(fv("bytes_total"), "96");
    STR_EQ(fv("path"), "/empty");
    INT_EQ(g_rec.status, 204);
    sl_format_free(v); /* frees inner too */
    sl_format *forced = compile("combined");
    v = sl_format_total_bytes_view(forced, false, "");
    sl_format_free(v);
    CHECK(sl_fieldset_has(&forced->fields, SL_F_BYTES)); /* borrowed: still alive */
    sl_format_free(forced);
}

int main(void)
{
    fx_init();
    RUN(stock_apache_is_total);
    RUN(body_bytes_stay_body);
    RUN(evidence_thresholds);
    RUN(explicit_strings_are_trusted);
    RUN(decided_on_the_sample);
    RUN(same_decision_for_any_chunk);
    RUN(total_bytes_view);
    return tt_report();
}
