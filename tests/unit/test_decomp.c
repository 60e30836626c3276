/* test_decomp.c: the streaming decompressors. Every codec the build has round-trips data
 * made here with the codec's own library, in whole buffers and in 1-byte input and output
 * steps; concatenated members decode as one stream; every truncation is SL_EIO with a
 * message; corrupt and trailing bytes never crash and never pass silently where a check
 * exists. */
#include "input/in_decomp.h"
#include "tinytest.h"

#include <stdlib.h>
#include <zlib.h>
#if SL_HAVE_ZSTD
#include <zstd.h>
#endif
#if SL_HAVE_BZIP2
#include <bzlib.h>
#endif
#if SL_HAVE_LZMA
#include <lzma.h>
#endif

typedef struct blob {
    unsigned char *p;
    size_t n;
} blob;

static blob make_text(size_t lines, unsigned seed)
{
    blob b = {malloc(lines * 160), 0};
    for (size_t i = 0; i < lines; i++) {
        seed = seed * 1103515245u + 12345u;
        b.n += (size_t)sprintf((char *)b.p + b.n,
                               "10.0.%u.%u - - [10/Oct/2026:13:%02u:%02u +0000] \"GET /item/%u "
                               "HTTP/1.1\" %u %u \"-\" \"curl/8\"\n",
                               (seed >> 8) & 255, (seed >> 16) & 255, (unsigned)(i / 60 % 60),
                               (unsigned)(i % 60), seed % 9973, 200 + (seed >> 4) % 4 * 100,
                               (seed >> 12) % 50000);
    }
    return b;
}

static blob gz_compress(const unsigned char *p, size_t n)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    blob b = {malloc(deflateBound(&z, n) + 64), 0};
    z.next_in = (unsigned char *)p;
    z.avail_in = (unsigned)n;
    z.next_out = b.p;
    z.avail_out = (unsigned)deflateBound(&z, n) + 64;
    deflate(&z, Z_FINISH);
    b.n = z.total_out;
    deflateEnd(&z);
    return b;
}

static blob compress_kind(sl_comp_kind k, const unsigned char *p, size_t n)
{
    blob b = {NULL, 0};
    if (k == SL_COMP_GZIP) return gz_compress(p, n);
#if SL_HAVE_ZSTD
    if (k == SL_COMP_ZSTD) {
        b.p = malloc(ZSTD_compressBound(n));
        b.n = ZSTD_compress(b.p, ZSTD_compressBound(n), p, n, 3);
    }
#endif
#if SL_HAVE_BZIP2
    if (k == SL_COMP_BZIP2) {
        unsigned cap = (unsigned)(n + n / 100 + 600);
        b.p = malloc(cap);
        BZ2_bzBuffToBuffCompress((char *)b.p, &cap, (char *)p, (unsigned)n, 9, 0, 0);
        b.n = cap;
    }
#endif
#if SL_HAVE_LZMA
    if (k == SL_COMP_XZ) {
        size_t cap = lzma_stream_buffer_bound(n), pos = 0;
        b.p = malloc(cap);
        lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, NULL, p, n, b.p, &pos, cap);
        b.n = pos;
    }
#endif
    return b;
}

static blob concat(blob a, blob b)
{
    blob c = {malloc(a.n + b.n + 1), a.n + b.n};
    memcpy(c.p, a.p, a.n);
    memcpy(c.p + a.n, b.p, b.n);
    return c;
}

/* Feeds in[0..n) in steps of ichunk into an output window of ochunk bytes, the way a
 * reader does, draining at the end. Returns the status; out gets what was produced. */
static sl_status decode(sl_comp_kind k, const unsigned char *in, size_t n, size_t ichunk,
                        size_t ochunk, blob *out, size_t outcap, char *err, size_t errlen)
{
    sl_decomp *d = sl_decomp_new(k);
    unsigned char *win = malloc(ochunk);
    size_t pos = 0, stuck = 0;
    sl_status st = SL_OK;
    out->n = 0;
    while (st == SL_OK && stuck < 2) {
        size_t give = n - pos < ichunk ? n - pos : ichunk, c, p;
        st = sl_decomp_run(d, in + pos, give, &c, win, ochunk, &p, err, errlen);
        if (out->n + p <= outcap) memcpy(out->p + out->n, win, p);
        out->n += p;
        pos += c;
        if (c == 0 && p == 0) stuck += pos == n ? 2 : 1; /* at the end: drained */
        else stuck = 0;
    }
    if (st == SL_OK && pos < n) {
        snprintf(err, errlen, "decoder stuck at %zu of %zu", pos, n);
        st = SL_ELIMIT;
    }
    if (st == SL_OK) st = sl_decomp_finish(d, err, errlen);
    sl_decomp_free(d);
    free(win);
    return st;
}

static const sl_comp_kind kinds[] = {SL_COMP_GZIP, SL_COMP_ZSTD, SL_COMP_BZIP2, SL_COMP_XZ};

TEST(sniff_and_names)
{
    INT_EQ(sl_comp_sniff((const unsigned char *)"\x1f\x8b\x08", 3), SL_COMP_GZIP);
    INT_EQ(sl_comp_sniff((const unsigned char *)"\x28\xb5\x2f\xfd", 4), SL_COMP_ZSTD);
    /* a zstd skippable frame (magic 0x184D2A50..5F) opening the stream */
    INT_EQ(sl_comp_sniff((const unsigned char *)"\x50\x2a\x4d\x18\0\0\0\0", 8), SL_COMP_ZSTD);
    INT_EQ(sl_comp_sniff((const unsigned char *)"\x5f\x2a\x4d\x18\4\0\0\0", 8), SL_COMP_ZSTD);
    INT_EQ(sl_comp_sniff((const unsigned char *)"\x60\x2a\x4d\x18\0\0\0\0", 8), SL_COMP_NONE);
    INT_EQ(sl_comp_sniff((const unsigned char *)"BZh9", 4), SL_COMP_BZIP2);
    INT_EQ(sl_comp_sniff((const unsigned char *)"\xfd" "7zXZ\0", 6), SL_COMP_XZ);
    INT_EQ(sl_comp_sniff((const unsigned char *)"BZh", 3), SL_COMP_NONE);
    INT_EQ(sl_comp_sniff((const unsigned char *)"\x1f", 1), SL_COMP_NONE);
    INT_EQ(sl_comp_sniff((const unsigned char *)"127.0.0.1 - -", 13), SL_COMP_NONE);
    STR_EQ(sl_comp_name(SL_COMP_BZIP2), "bzip2");
    STR_EQ(sl_comp_name(SL_COMP_NONE), "none");
    CHECK(sl_comp_supported(SL_COMP_GZIP));
    CHECK(sl_decomp_new(SL_COMP_NONE) == NULL);
}

static void roundtrip_one(sl_comp_kind k, const blob *text, const blob *z)
{
    static const size_t steps[][2] = {{1 << 20, 1 << 20}, {1, 1 << 16}, {1 << 16, 1},
                                      {7, 13}, {4096, 65536}};
    blob out = {malloc(text->n + 16), 0};
    char err[256] = "";
    for (size_t i = 0; i < SL_ARRAY_LEN(steps); i++) {
        /* 1-byte steps over the whole text are slow for bzip2/xz: use a prefix stream. */
        sl_status st = decode(k, z->p, z->n, steps[i][0], steps[i][1], &out, text->n + 16, err,
                              sizeof err);
        TT_CHECK_(st == SL_OK, "%s steps %zu/%zu: %s", sl_comp_name(k), steps[i][0],
                  steps[i][1], err);
        TT_CHECK_(out.n == text->n && memcmp(out.p, text->p, text->n) == 0,
                  "%s steps %zu/%zu: output differs (%zu of %zu bytes)", sl_comp_name(k),
                  steps[i][0], steps[i][1], out.n, text->n);
    }
    free(out.p);
}

TEST(roundtrip_every_codec)
{
    blob text = make_text(800, 1);
    for (size_t i = 0; i < SL_ARRAY_LEN(kinds); i++) {
        if (!sl_comp_supported(kinds[i])) {
            printf("(%s not in this build)\n", sl_comp_name(kinds[i]));
            continue;
        }
        blob z = compress_kind(kinds[i], text.p, text.n);
        INT_EQ(sl_comp_sniff(z.p, z.n), kinds[i]);
        roundtrip_one(kinds[i], &text, &z);
        free(z.p);
    }
    free(text.p);
}

TEST(concatenated_members)
{
    blob a = make_text(300, 2), b = make_text(200, 3), ab = concat(a, b);
    for (size_t i = 0; i < SL_ARRAY_LEN(kinds); i++) {
        if (!sl_comp_supported(kinds[i])) continue;
        blob za = compress_kind(kinds[i], a.p, a.n), zb = compress_kind(kinds[i], b.p, b.n);
        blob zab = concat(za, zb), zaba = concat(zab, za);
        blob out = {malloc(ab.n + a.n + 16), 0};
        char err[256] = "";
        size_t chunks[] = {1 << 20, 1, 333};
        for (size_t c = 0; c < SL_ARRAY_LEN(chunks); c++) {
            sl_status st = decode(kinds[i], zab.p, zab.n, chunks[c], 1000, &out, ab.n + 16, err,
                                  sizeof err);
            TT_CHECK_(st == SL_OK, "%s concat chunk %zu: %s", sl_comp_name(kinds[i]), chunks[c],
                      err);
            TT_CHECK_(out.n == ab.n && memcmp(out.p, ab.p, ab.n) == 0, "%s concat differs",
                      sl_comp_name(kinds[i]));
        }
        sl_status st = decode(kinds[i], zaba.p, zaba.n, 4096, 4096, &out, ab.n + a.n + 16, err,
                              sizeof err);
        TT_CHECK_(st == SL_OK && out.n == ab.n + a.n, "%s three members: %s",
                  sl_comp_name(kinds[i]), err);
        free(za.p), free(zb.p), free(zab.p), free(zaba.p), free(out.p);
    }
    free(a.p), free(b.p), free(ab.p);
}

/* Every proper prefix of a one-member stream is an error, reported with a message. */
TEST(truncation_is_an_error)
{
    blob text = make_text(120, 4);
    for (size_t i = 0; i < SL_ARRAY_LEN(kinds); i++) {
        if (!sl_comp_supported(kinds[i])) continue;
        blob z = compress_kind(kinds[i], text.p, text.n);
        blob out = {malloc(text.n + 16), 0};
        size_t bad = 0, step = z.n > 3000 ? z.n / 1500 : 1;
        for (size_t cut = 0; cut < z.n; cut += step) {
            char err[256] = "";
            sl_status st = decode(kinds[i], z.p, cut, 512, 4096, &out, text.n + 16, err,
                                  sizeof err);
            if (st != SL_EIO || !err[0]) bad++;
            if (st == SL_EIO && cut == z.n - 1 && kinds[i] == SL_COMP_GZIP)
                CHECK(strstr(err, "unexpected end of gzip stream after") != NULL);
        }
        TT_CHECK_(bad == 0, "%s: %zu truncations were not SL_EIO", sl_comp_name(kinds[i]), bad);
        free(z.p), free(out.p);
    }
    free(text.p);
}

TEST(trailing_garbage_and_empty)
{
    blob text = make_text(50, 5);
    blob z = gz_compress(text.p, text.n);
    blob g = {(unsigned char *)"garbage!", 8}, zg = concat(z, g);
    blob out = {malloc(text.n + 16), 0};
    char err[256] = "";
    INT_EQ(decode(SL_COMP_GZIP, zg.p, zg.n, 1 << 20, 1 << 20, &out, text.n + 16, err,
                  sizeof err), SL_EIO);
    CHECK(strstr(err, "trailing garbage") != NULL);
    INT_EQ(out.n, text.n); /* what came before the garbage was delivered */
    for (size_t i = 0; i < SL_ARRAY_LEN(kinds); i++) {
        if (!sl_comp_supported(kinds[i])) continue;
        sl_decomp *d = sl_decomp_new(kinds[i]);
        err[0] = 0;
        INT_EQ(sl_decomp_finish(d, err, sizeof err), SL_EIO);
        CHECK(strstr(err, "after 0 compressed bytes") != NULL);
        sl_decomp_free(d);
    }
    free(z.p), free(zg.p), free(out.p), free(text.p);
}

/* Zero bytes after the last gzip member end the stream, as for gzip -dc, whatever the input
 * steps; anything after the zeros is still trailing garbage, reported where it starts. */
TEST(gzip_zero_padding)
{
    blob text = make_text(40, 9);
    blob z = gz_compress(text.p, text.n);
    blob zeros = {calloc(1, 5000), 5000}, zz = concat(z, zeros);
    blob out = {malloc(text.n + 16), 0};
    char err[256] = "";
    size_t steps[] = {1, 7, 4096, 1 << 20};
    for (size_t i = 0; i < SL_ARRAY_LEN(steps); i++) {
        sl_decomp *d = sl_decomp_new(SL_COMP_GZIP);
        unsigned char win[8192];
        size_t pos = 0, c = 0, pr = 0;
        out.n = 0;
        while (pos < zz.n) {
            size_t give = zz.n - pos < steps[i] ? zz.n - pos : steps[i];
            if (sl_decomp_run(d, zz.p + pos, give, &c, win, sizeof win, &pr, err, sizeof err) != SL_OK) break;
            memcpy(out.p + out.n, win, pr);
            out.n += pr, pos += c;
        }
        INT_EQ(pos, zz.n);
        INT_EQ(sl_decomp_finish(d, err, sizeof err), SL_OK);
        INT_EQ(out.n, text.n);
        CHECK(out.n == text.n && memcmp(out.p, text.p, text.n) == 0);
        const char *w = sl_decomp_warning(d);
        CHECK(w && strstr(w, "5000 zero bytes") && strstr(w, "byte "));
        sl_decomp_free(d);
    }
    blob g = {(unsigned char *)"\0\0x", 3}, zg = concat(z, g);
    INT_EQ(decode(SL_COMP_GZIP, zg.p, zg.n, 1, 64, &out, text.n + 16, err, sizeof err), SL_EIO);
    CHECK(strstr(err, "trailing garbage") != NULL);
    char want[64];
    snprintf(want, sizeof want, "compressed byte %zu", z.n + 2);
    CHECK(strstr(err, want) != NULL);
    INT_EQ(out.n, text.n);
    /* a plain stream never warns */
    sl_decomp *d = sl_decomp_new(SL_COMP_GZIP);
    CHECK(sl_decomp_warning(d) == NULL);
    sl_decomp_free(d);
    free(z.p), free(zeros.p), free(zz.p), free(zg.p), free(out.p), free(text.p);
}

/* Random byte damage: never a crash or hang; a failure always carries a message and an
 * offset. gzip, bzip2 and xz carry checksums, so damage there must not pass silently. */
TEST(corruption_never_crashes)
{
    blob text = make_text(200, 6);
    unsigned seed = 7;
    for (size_t i = 0; i < SL_ARRAY_LEN(kinds); i++) {
        if (!sl_comp_supported(kinds[i])) continue;
        blob z = compress_kind(kinds[i], text.p, text.n);
        blob out = {malloc(text.n * 2 + 16), 0};
        size_t silent = 0, failed = 0;
        for (int round = 0; round < 150; round++) {
            unsigned char *c = malloc(z.n);
            memcpy(c, z.p, z.n);
            for (int f = 0; f < 1 + round % 3; f++) {
                seed = seed * 1103515245u + 12345u;
                c[(seed >> 8) % z.n] ^= (unsigned char)(1 + (seed >> 20) % 255);
            }
            char err[256] = "";
            sl_status st = decode(kinds[i], c, z.n, 1000, 3000, &out, text.n * 2 + 16, err,
                                  sizeof err);
            if (st == SL_EIO) {
                failed++;
                CHECK(err[0] != 0);
            } else if (st == SL_OK && (out.n != text.n || memcmp(out.p, text.p, text.n))) {
                silent++;
            } else if (st != SL_OK) {
                TT_CHECK_(0, "%s: unexpected status %d (%s)", sl_comp_name(kinds[i]), st, err);
            }
            free(c);
        }
        if (kinds[i] != SL_COMP_ZSTD) /* zstd frames made here carry no checksum */
            TT_CHECK_(silent == 0, "%s: %zu damaged streams decoded silently",
                      sl_comp_name(kinds[i]), silent);
        CHECK(failed > 0);
        free(z.p), free(out.p);
    }
    free(text.p);
}

/* The reader calls finish as soon as the input is used up, without empty drain calls.
 * That is safe because every codec keeps its trailer (checksum, end marker) unconsumed
 * until the output before it is delivered; this pins that property down. */
TEST(finish_right_after_last_input)
{
    blob text = make_text(900, 8);
    static const size_t caps[] = {1, 7, 1000, 4096, 65536};
    for (size_t i = 0; i < SL_ARRAY_LEN(kinds); i++) {
        if (!sl_comp_supported(kinds[i])) continue;
        blob z = compress_kind(kinds[i], text.p, text.n);
        for (size_t c = 0; c < SL_ARRAY_LEN(caps); c++) {
            sl_decomp *d = sl_decomp_new(kinds[i]);
            unsigned char *win = malloc(caps[c]);
            size_t pos = 0, total = 0, used, got;
            char err[256] = "";
            sl_status st = SL_OK;
            while (st == SL_OK && pos < z.n) {
                st = sl_decomp_run(d, z.p + pos, z.n - pos, &used, win, caps[c], &got, err,
                                   sizeof err);
                pos += used, total += got;
                if (!used && !got) break;
            }
            if (st == SL_OK) st = sl_decomp_finish(d, err, sizeof err);
            TT_CHECK_(st == SL_OK && total == text.n, "%s cap %zu: %zu of %zu bytes, %s",
                      sl_comp_name(kinds[i]), caps[c], total, text.n, err);
            sl_decomp_free(d);
            free(win);
        }
        free(z.p);
    }
    free(text.p);
}

int main(void)
{
    RUN(sniff_and_names);
    RUN(roundtrip_every_codec);
    RUN(concatenated_members);
    RUN(truncation_is_an_error);
    RUN(trailing_garbage_and_empty);
    RUN(gzip_zero_padding);
    RUN(corruption_never_crashes);
    RUN(finish_right_after_last_input);
    return tt_report();
}
