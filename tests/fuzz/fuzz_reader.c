/* fuzz_reader.c: fuzzes the reader and line splitter. Byte 0 picks the line limit, byte 1
 * the chunk buffer size; the rest is the input (plain or compressed: the reader sniffs
 * magic bytes), served from a memfd. Checks: chunks end on a line boundary, memory stays
 * within the chunk, and plain input comes back line for line (a line too long for the
 * buffer truncated to limit + 1 bytes, so the caller rejects it). Damaged compressed data may fail, cleanly. */
#define _GNU_SOURCE
#include "fuzz_common.h"
#include "input/in_reader.h"
#include <sys/mman.h>
#include <unistd.h>

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    size_t limit = 1 + data[0] % 64;
    size_t cap = 2 * limit + 3 + data[1] % 97;
    const uint8_t *body = data + 2;
    size_t n = size - 2;
    char path[64], err[512];
    int fd = make_file(body, n, path, sizeof path);
    sl_reader *r = sl_reader_open(path, err, sizeof err);
    FZ_CHECK(r != NULL);
    sl_reader_set_line_limit(r, limit);
    sl_chunk c = {.cap = cap, .buf = malloc(cap)};
    FZ_CHECK(c.buf != NULL);
    bool plain = sl_reader_compression(r) == SL_COMP_NONE, eof = false;
    const char *in = (const char *)body, *in_end = (const char *)body + n;
    size_t out = 0, empty = 0;
    while (!eof && out < FZ_MAX_OUT) {
        sl_status st = sl_reader_next(r, &c, &eof, err, sizeof err);
        FZ_CHECK(c.n <= c.cap && (c.n == 0 || (c.p >= c.buf && c.p + c.n <= c.buf + c.cap)));
        FZ_CHECK(st == SL_OK || (!plain && st == SL_EIO && err[0]));
        FZ_CHECK(c.n == 0 || eof || st != SL_OK || c.p[c.n - 1] == '\n');
        if (st != SL_OK) { FZ_CHECK(c.n == 0 || c.p[c.n - 1] == '\n'); eof = true; }
        empty = c.n ? 0 : empty + 1;
        FZ_CHECK(empty < 100000); /* no progress: a hang */
        out += c.n;
        for (const char *s = c.p, *end = c.p + c.n; s < end;) {
            const char *nl = memchr(s, '\n', (size_t)(end - s));
            size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);
            FZ_CHECK(len <= cap);
            if (plain) check_plain_line(&in, in_end, s, len, limit);
            s += len + (nl != NULL);
        }
    }
    if (plain) FZ_CHECK(in == in_end);
    (void)sl_reader_raw_done(r), (void)sl_reader_raw_total(r);
    sl_reader_close(r);
    free(c.buf);
    close(fd);
    return 0;
}
