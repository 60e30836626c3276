/* fuzz_reader.c: fuzzes the reader and line splitter. Byte 0 picks the line limit, byte 1
 * the chunk buffer size; the rest is the input (plain or compressed: the reader sniffs
 * magic bytes), served from a memfd. Checks: chunks end on a line boundary, memory stays
 * within the chunk, and plain input comes back line for line (a line too long for the
 * buffer truncated to limit + 1 bytes, so the caller rejects it). Damaged compressed data may fail, cleanly.
 * A "XPND" recipe (fuzz_expand.h) instead reads megabytes with the CLI's line cap and 2 MiB
 * chunks, gzip-compressed when the recipe's op has bit 7 set, and checks them the same way. */
#define _GNU_SOURCE
#include "fuzz_common.h"
#include "fuzz_expand.h"
#include "input/in_reader.h"
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#define FZ_MAX_OUT ((size_t)16 << 20) /* stop after this much decompressed output */

static int make_file(const uint8_t *p, size_t n, char *path, size_t pathlen)
{
    int fd = memfd_create("fuzz_reader", 0);
    if (fd < 0) {
        snprintf(path, pathlen, "/tmp/fuzz_reader_XXXXXX");
        fd = mkstemp(path);
        if (fd < 0) abort();
        unlink(path);
    }
    for (size_t off = 0; off < n;) {
        ssize_t w = write(fd, p + off, n - off);
        if (w <= 0) abort();
        off += (size_t)w;
    }
    snprintf(path, pathlen, "/proc/self/fd/%d", fd);
    return fd;
}

/* Compares one line the reader gave with the next line of the plain input. */
static void check_plain_line(const char **in, const char *in_end, const char *line, size_t len,
                             size_t limit)
{
    FZ_CHECK(*in < in_end);
    const char *nl = memchr(*in, '\n', (size_t)(in_end - *in));
    size_t want = nl ? (size_t)(nl - *in) : (size_t)(in_end - *in);
    if (want <= limit) {
        FZ_CHECK(len == want);
    } else { /* whole if it fit the buffer, else truncated to limit + 1 bytes */
        FZ_CHECK(len == want || len == limit + 1);
    }
    FZ_CHECK(memcmp(line, *in, len) == 0);
    *in += want + (nl != NULL);
}

/* gzip (level 1) of p[0..n), for the boundary mode: the decoder then hands the reader the
 * big expanded text in its own output sizes. Caller frees. */
static uint8_t *gzip_of(const char *p, size_t n, size_t *outn)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) abort();
    size_t cap = deflateBound(&z, (uLong)n) + 32;
    uint8_t *out = malloc(cap);
    if (!out) abort();
    z.next_in = (Bytef *)p, z.avail_in = (uInt)n, z.next_out = out, z.avail_out = (uInt)cap;
    if (deflate(&z, Z_FINISH) != Z_STREAM_END) abort();
    *outn = cap - z.avail_out;
    deflateEnd(&z);
    return out;
}

/* Reads file[0..fn) through the reader with this line limit and chunk size. When the
 * decoded text is known (plain input, or text we compressed ourselves) it must come back
 * line for line. */
static void read_all(const uint8_t *file, size_t fn, const char *text, size_t tn, size_t limit, size_t cap)
{
    char path[64], err[512];
    int fd = make_file(file, fn, path, sizeof path);
    sl_reader *r = sl_reader_open(path, err, sizeof err);
    FZ_CHECK(r != NULL);
    sl_reader_set_line_limit(r, limit);
    sl_chunk c = {.cap = cap, .buf = malloc(cap)};
    FZ_CHECK(c.buf != NULL);
    bool plain = sl_reader_compression(r) == SL_COMP_NONE, eof = false;
    bool known = plain || text != (const char *)file;
    const char *in = text, *in_end = text + tn;
    size_t out = 0, empty = 0;
    while (!eof && out < FZ_MAX_OUT) {
        sl_status st = sl_reader_next(r, &c, &eof, err, sizeof err);
        FZ_CHECK(c.n <= c.cap && (c.n == 0 || (c.p >= c.buf && c.p + c.n <= c.buf + c.cap)));
        /* a damaged stream (EIO), or one that needs more decoder memory than allowed (ELIMIT) */
        FZ_CHECK(st == SL_OK || (!known && (st == SL_EIO || st == SL_ELIMIT) && err[0]));
        FZ_CHECK(c.n == 0 || eof || st != SL_OK || c.p[c.n - 1] == '\n');
        if (st != SL_OK) { FZ_CHECK(c.n == 0 || c.p[c.n - 1] == '\n'); eof = true; }
        empty = c.n ? 0 : empty + 1;
        FZ_CHECK(empty < 100000); /* no progress: a hang */
        out += c.n;
        for (const char *s = c.p, *end = c.p + c.n; s < end;) {
            const char *nl = memchr(s, '\n', (size_t)(end - s));
            size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);
            FZ_CHECK(len <= cap);
            if (known) check_plain_line(&in, in_end, s, len, limit);
            s += len + (nl != NULL);
        }
    }
    if (known) FZ_CHECK(in == in_end);
    (void)sl_reader_raw_done(r), (void)sl_reader_raw_total(r), (void)sl_reader_warning(r);
    sl_reader_close(r);
    free(c.buf);
    close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *big;
    size_t bign;
    uint8_t op;
    if (fz_expand(data, size, &big, &bign, &op)) { /* the CLI's own line cap and chunk size */
        if (op & 0x80) {
            size_t gn;
            uint8_t *gz = gzip_of(big, bign, &gn);
            read_all(gz, gn, big, bign, SL_READER_LONG_LINE, 2u << 20);
            free(gz);
        } else {
            read_all((const uint8_t *)big, bign, big, bign, SL_READER_LONG_LINE, 2u << 20);
        }
        free(big);
        return 0;
    }
    if (size < 2) return 0;
    size_t limit = 1 + data[0] % 64;
    size_t cap = 2 * limit + 3 + data[1] % 97;
    read_all(data + 2, size - 2, (const char *)data + 2, size - 2, limit, cap);
    return 0;
}
