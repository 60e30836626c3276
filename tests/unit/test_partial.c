/* test_partial.c: the partial sink's bytes: every byte value of a field survives the escape
 * and sl_partial_unescape, no raw control or non-UTF-8 byte is written, null views stay
 * null, the trailer's length and checksum cover exactly what precedes it, and bad escapes
 * are refused. The merge side is tested from outside (tests/merge, tests/golden/merge). */
#include "output/out_partial.h"
#include "test_out_fixture.h"
#include "tinytest.h"
#include <inttypes.h>
#include <stdlib.h>

/* Renders one finding whose message holds every byte 0..255 (twice, in both orders). */
static char *render_all_bytes(size_t *len, char *msg, size_t *msglen)
{
    size_t n = 0;
    for (int i = 0; i < 256; i++) msg[n++] = (char)i;
    for (int i = 255; i >= 0; i--) msg[n++] = (char)i;
    msg[n++] = '\\';
    msg[n++] = 'N';
    *msglen = n;
    char *buf = NULL;
    size_t sz = 0;
    FILE *f = open_memstream(&buf, &sz);
    sl_sink_opts o = {.version = "1"};
    sl_sink *s = sl_sink_new("partial", f, NULL, &o);
    sl_sink_set_rules(s, fx_rules, FX_NRULES);
    sl_finding fi = fx_finding(1);
    fi.message = (sl_slice){msg, n};
    fi.host = (sl_slice){NULL, 0};
    s->vt->begin(s);
    s->vt->finding(s, &fi);
    sl_partial_counts c = {1, 10, 9, 1, 0, 100, 0};
    sl_partial_reject(s, fi.file, 3, "bad\tline\n");
    sl_partial_input_end(s, fi.file, &c);
    sl_summary sum = {.files = 1, .lines = 10, .records = 9, .rejected = 1};
    s->vt->end(s, &sum);
    sl_sink_free(s);
    fclose(f);
    *len = sz;
    return buf;
}

TEST(escape_round_trip)
{
    char msg[600];
    size_t len, msglen;
    char *out = render_all_bytes(&len, msg, &msglen);
    CHECK(!strncmp(out, SL_PARTIAL_MAGIC "\t1\n", strlen(SL_PARTIAL_MAGIC) + 3));
    char *line = strstr(out, "\nfinding\t");
    CHECK(line != NULL);
    line++;
    char *nl = strchr(line, '\n');
    *nl = '\0';
    /* fields: finding line rule sev status method path host route time message fp flags */
    char *f[16];
    size_t nf = 0;
    for (char *p = line, *t;; p = t + 1) {
        f[nf++] = p;
        if (!(t = strchr(p, '\t')) || nf == 16) break;
        *t = '\0';
    }
    INT_EQ(nf, 13);
    STR_EQ(f[7], "\\N"); /* a null host stays null */
    for (const unsigned char *q = (const unsigned char *)f[10]; *q; q++)
        TT_CHECK_(*q >= 0x20 && *q != 0x7f && *q < 0x80, "raw byte 0x%02x in the message", *q);
    size_t n = sl_partial_unescape(f[10], strlen(f[10]));
    INT_EQ(n, msglen);
    CHECK(n == msglen && !memcmp(f[10], msg, n));
    free(out);
}

TEST(utf8_kept_dangerous_escaped)
{
    char *buf = NULL;
    size_t sz = 0;
    FILE *f = open_memstream(&buf, &sz);
    sl_sink *s = sl_sink_new("partial", f, NULL, NULL);
    sl_sink_set_rules(s, fx_rules, FX_NRULES);
    sl_finding fi = fx_finding(0);
    fi.message = sl_slice_cstr("caf\xc3\xa9 \xe2\x80\xae rtl \xc2\x9b csi");
    s->vt->begin(s);
    s->vt->finding(s, &fi);
    sl_summary sum = {0};
    s->vt->end(s, &sum);
    sl_sink_free(s);
    fclose(f);
    CHECK(strstr(buf, "caf\xc3\xa9 \\xe2\\x80\\xae rtl \\xc2\\x9b csi"));
    free(buf);
}

TEST(trailer_covers_the_rest)
{
    char msg[600];
    size_t len, msglen;
    char *out = render_all_bytes(&len, msg, &msglen);
    CHECK(len > 0 && out[len - 1] == '\n');
    char *end = NULL;
    for (char *p = out; (p = strstr(p, "\nend\t")); p++) end = p + 1;
    CHECK(end != NULL);
    uint64_t n = 0, h = 0;
    CHECK(sscanf(end, "end\t%" SCNu64 "\t%" SCNx64, &n, &h) == 2);
    INT_EQ(n, (uint64_t)(end - out));
    CHECK(sl_partial_fnv(SL_FNV_INIT, out, (size_t)n) == h);
    out[5] ^= 1; /* any change shows */
    CHECK(sl_partial_fnv(SL_FNV_INIT, out, (size_t)n) != h);
    CHECK(strstr(out, "\nreject\t3\tbad\\tline\\n\n") != NULL);
    CHECK(strstr(out, "\ndone\t1\t10\t9\t1\t0\t100\t0\n") != NULL);
    free(out);
}

/* The fixture's hostile findings (out_test's): one finding record each, every one inside an
 * input section, and nothing raw in the whole partial. */
TEST(fixture_findings)
{
    char *buf = NULL;
    size_t sz = 0;
    FILE *f = open_memstream(&buf, &sz);
    sl_sink *s = fx_run("partial", f, 30, 0, NULL);
    sl_sink_free(s);
    fclose(f);
    size_t n = 0;
    for (const char *p = buf; (p = strstr(p, "\nfinding\t")); p++) n++;
    INT_EQ(n, 30);
    const char *first_input = strstr(buf, "\ninput\t"), *first_finding = strstr(buf, "\nfinding\t");
    CHECK(first_input && first_finding && first_input < first_finding);
    for (size_t i = 0; i < sz; i++) {
        unsigned char c = (unsigned char)buf[i];
        TT_CHECK_(c != 0x1b && c != 0x7f && (c >= 0x20 || c == '\t' || c == '\n'),
                  "raw byte 0x%02x at %zu", c, i);
    }
    CHECK(sz > 0 && strstr(buf, "\nend\t") != NULL && buf[sz - 1] == '\n');
    free(buf);
}

TEST(bad_escapes)
{
    char a[] = "ab\\", b[] = "\\q", c[] = "\\x4", d[] = "\\xZZ", e[] = "\\x41\\\\\\t";
    INT_EQ(sl_partial_unescape(a, 3), SIZE_MAX);
    INT_EQ(sl_partial_unescape(b, 2), SIZE_MAX);
    INT_EQ(sl_partial_unescape(c, 3), SIZE_MAX);
    INT_EQ(sl_partial_unescape(d, 4), SIZE_MAX);
    INT_EQ(sl_partial_unescape(e, strlen(e)), 3);
    MEM_EQ(e, 3, "A\\\t");
}

int main(void)
{
    RUN(escape_round_trip);
    RUN(utf8_kept_dangerous_escaped);
    RUN(trailer_covers_the_rest);
    RUN(fixture_findings);
    RUN(bad_escapes);
    return tt_report();
}
