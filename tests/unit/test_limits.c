/* test_limits.c: the arithmetic and decoder limits behind --memory-budget. Sizes parse with
 * K/M/G suffixes and reject the rest; the budget gives -j2 its four slots and caps the slots
 * (and so the threads) whatever -j asks; the budget a thread count needs really runs that
 * many; a zstd frame whose window is larger than the decoder's limit is SL_ELIMIT with a
 * message saying what it needs (not "corrupt"), and decodes under a larger limit. */
#include "engine/budget.h"
#include "input/in_decomp.h"
#include "tinytest.h"

#include <stdlib.h>
#if SL_HAVE_ZSTD
#include <zstd.h>
#endif

TEST(sizes_parse_with_suffixes)
{
    uint64_t v = 0;
    CHECK(sl_budget_parse("24M", &v));
    INT_EQ(v, 24u << 20);
    CHECK(sl_budget_parse("512MiB", &v));
    INT_EQ(v, 512u << 20);
    CHECK(sl_budget_parse("1g", &v));
    INT_EQ(v, 1u << 30);
    CHECK(sl_budget_parse("64kb", &v));
    INT_EQ(v, 64u << 10);
    CHECK(sl_budget_parse("65536", &v));
    INT_EQ(v, 65536);
    const char *bad[] = {"", "M", "-1", "24X", "24 M", "2000G", "1.5G", "24MiBs"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        v = 7;
        CHECK(!sl_budget_parse(bad[i], &v));
        INT_EQ(v, 7);
    }
}

TEST(the_budget_bounds_slots_not_the_thread_count)
{
    sl_budget b;
    sl_budget_plan(SL_BUDGET_DEFAULT, 2, &b);
    INT_EQ(b.threads, 2);
    INT_EQ(b.nslots, 4);
    INT_EQ(b.decoder, SL_BUDGET_DEFAULT / 2);
    sl_budget_plan(SL_BUDGET_DEFAULT, 64, &b);
    INT_EQ(b.threads, 2);
    INT_EQ(b.nslots, 4);
    sl_budget_plan(SL_BUDGET_DEFAULT, 1, &b);
    INT_EQ(b.threads, 0);
    sl_budget_plan(SL_BUDGET_MIN, 8, &b);
    INT_EQ(b.threads, 0); /* too small for a pool: the main thread does everything */
    for (int t = 2; t <= 64; t *= 2) {
        uint64_t need = sl_budget_for_threads(t);
        sl_budget_plan(need, t, &b);
        INT_EQ(b.threads, t);
        INT_EQ(b.nslots, (size_t)t + 2);
        /* what is in flight stays within the reading half */
        CHECK(b.nslots * (SL_CHUNK_CAP + (256u << 10)) + SL_CHUNK_CAP <= need / 2);
    }
}

#if SL_HAVE_ZSTD
/* A frame with a 2^24 window and no content size: fed in two parts, so zstd cannot shrink
 * the window to the data. */
static size_t make_wide_frame(unsigned char *out, size_t cap, const char *text, size_t n)
{
    ZSTD_CCtx *c = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(c, ZSTD_c_windowLog, 24);
    ZSTD_outBuffer ob = {out, cap, 0};
    ZSTD_inBuffer a = {text, n / 2, 0}, b = {text + n / 2, n - n / 2, 0};
    ZSTD_compressStream2(c, &ob, &a, ZSTD_e_continue);
    while (ZSTD_compressStream2(c, &ob, &b, ZSTD_e_end) != 0) {
    }
    ZSTD_freeCCtx(c);
    return ob.pos;
}

static sl_status decode(uint64_t limit, const unsigned char *in, size_t n, char *out, size_t cap,
                        size_t *got, char *err, size_t errlen, uint64_t *need)
{
    sl_decomp *d = sl_decomp_new_mem(SL_COMP_ZSTD, limit);
    size_t used = 0;
    sl_status st = sl_decomp_run(d, in, n, &used, (unsigned char *)out, cap, got, err, errlen);
    if (!st) st = sl_decomp_finish(d, err, errlen);
    *need = sl_decomp_need(d);
    sl_decomp_free(d);
    return st;
}

TEST(a_wide_zstd_window_is_refused_by_size_not_called_corrupt)
{
    static const char text[] = "203.0.113.7 - - [01/Jun/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 1\n";
    unsigned char z[4096];
    size_t zn = make_wide_frame(z, sizeof z, text, sizeof text - 1);
    char out[4096], err[512] = "";
    size_t got = 0;
    uint64_t need = 0;
    INT_EQ(decode((uint64_t)4 << 20, z, zn, out, sizeof out, &got, err, sizeof err, &need), SL_ELIMIT);
    CHECK(strstr(err, "needs 17 MiB") != NULL);
    CHECK(strstr(err, "more than the 4 MiB allowed") != NULL);
    CHECK(strstr(err, "corrupt") == NULL);
    CHECK(need >= (uint64_t)16 << 20 && need < (uint64_t)17 << 20);
    err[0] = '\0';
    INT_EQ(decode((uint64_t)32 << 20, z, zn, out, sizeof out, &got, err, sizeof err, &need), SL_OK);
    INT_EQ(got, sizeof text - 1);
    CHECK(memcmp(out, text, got) == 0);
}
#endif

int main(void)
{
    RUN(sizes_parse_with_suffixes);
    RUN(the_budget_bounds_slots_not_the_thread_count);
#if SL_HAVE_ZSTD
    RUN(a_wide_zstd_window_is_refused_by_size_not_called_corrupt);
#endif
    return tt_report();
}
