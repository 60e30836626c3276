/* test_reader.c: the reader yields exactly the input's lines, in order, whatever the
 * chunk size; over-long lines come out truncated past the limit (so the run rejects them)
 * and never cost more memory than the chunk; compressed input is recognized by content; a
 * file truncated while it is read (copytruncate) is an error, not a quiet end. */
#include "base/sl_alloc.h"
#include "input/in_reader.h"
#include "tinytest.h"
#include <stdlib.h>
#include <unistd.h>

static char path[64];

static void write_file(const char *data, size_t n)
{
    strcpy(path, "/tmp/sl_reader_XXXXXX");
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    CHECK(write(fd, data, n) == (ssize_t)n);
    close(fd);
}

/* Reads the whole file through chunks of cap bytes; returns lines joined by '\n'
 * with over-long lines replaced by "<LONG>". */
static size_t fill_want, fill_max, fill_chunks; /* read_all's chunk.want; its largest chunk */

static char *read_all(const char *p, size_t cap, size_t limit, size_t *nlines)
{
    char err[256];
    sl_reader *r = sl_reader_open(p, err, sizeof err);
    CHECK(r != NULL);
    if (!r) return sl_xstrdup("");
    sl_reader_set_line_limit(r, limit);
    sl_chunk c = {.cap = cap, .want = fill_want};
    c.buf = sl_xmalloc(cap);
    fill_max = fill_chunks = 0;
    size_t outcap = 1 << 20, on = 0;
    char *out = sl_xmalloc(outcap);
    bool eof = false;
    *nlines = 0;
    while (!eof) {
        CHECK(sl_reader_next(r, &c, &eof, err, sizeof err) == SL_OK);
        if (c.n > fill_max) fill_max = c.n;
        fill_chunks++;
        const char *s = c.p, *end = c.p + c.n;
        if (c.n && !eof) CHECK(end[-1] == '\n');
        while (s < end) {
            const char *nl = memchr(s, '\n', (size_t)(end - s));
            size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);
            const char *text = len > limit ? "<LONG>" : s;
            size_t tl = len > limit ? 6 : len;
            memcpy(out + on, text, tl);
            on += tl;
            out[on++] = '\n';
            (*nlines)++;
            s += len + (nl != NULL);
        }
    }
    out[on] = '\0';
    free(c.buf);
    sl_reader_close(r);
    return out;
}

TEST(every_chunk_size_gives_the_same_lines)
{
    const char *in = "a\nbb\r\n\nccc\ndddd\nlast-without-newline";
    write_file(in, strlen(in));
    const char *want = "a\nbb\r\n\nccc\ndddd\nlast-without-newline\n";
    for (size_t cap = 11; cap <= 64; cap++) {
        size_t n;
        char *got = read_all(path, cap, 4, &n);
        /* limit 4: "last-without-newline" (20 bytes) is over-long */
        (void)want;
        STR_EQ(got, "a\nbb\r\n\nccc\ndddd\n<LONG>\n");
        INT_EQ(n, 6);
        free(got);
    }
    for (size_t cap = 50; cap <= 80; cap++) {
        size_t n;
        char *got = read_all(path, cap, 24, &n);
        STR_EQ(got, want);
        INT_EQ(n, 6);
        free(got);
    }
    unlink(path);
}

/* A wanted fill (the engine's smaller chunks when findings are dense) stops at the last whole
 * line within it; a line longer than it still comes whole, up to the chunk's cap. */
TEST(a_wanted_fill_stops_early_in_whole_lines)
{
    char in[20000 + 400];
    size_t n = 0;
    for (int i = 0; i < 1000; i++) n += (size_t)snprintf(in + n, sizeof in - n, "line-%04d\n", i);
    memset(in + n, 'L', 300); /* one line of 300 bytes, then more short ones */
    n += 300;
    in[n++] = '\n';
    for (int i = 0; i < 5; i++) n += (size_t)snprintf(in + n, sizeof in - n, "tail-%04d\n", i);
    write_file(in, n);
    size_t lines;
    fill_want = 0;
    char *whole = read_all(path, 4096, 1000, &lines);
    INT_EQ(lines, 1006);
    CHECK(fill_max > 3000); /* without a wanted fill chunks fill the cap */
    fill_want = 100;
    char *got = read_all(path, 4096, 1000, &lines);
    STR_EQ(got, whole);
    INT_EQ(lines, 1006);
    CHECK(fill_max >= 301 && fill_max <= 401); /* the long line, whole, and a few short ones */
    CHECK(fill_chunks >= n / 110);             /* the others stop at 100 bytes or before */
    fill_want = 0;
    free(got);
    free(whole);
    unlink(path);
}

TEST(over_long_lines_are_truncated_and_counted_once)
{
    size_t big = 100000;
    char *in = sl_xmalloc(big + 32);
    memcpy(in, "x\n", 2);
    memset(in + 2, 'y', big);
    memcpy(in + 2 + big, "\nz\n", 3);
    write_file(in, big + 5);
    size_t n;
    char *got = read_all(path, 64, 16, &n);
    STR_EQ(got, "x\n<LONG>\nz\n");
    INT_EQ(n, 3);
    free(got);
    unlink(path);
    /* an over-long last line with no newline */
    write_file(in + 2, big);
    got = read_all(path, 64, 16, &n);
    STR_EQ(got, "<LONG>\n");
    INT_EQ(n, 1);
    free(got);
    unlink(path);
    free(in);
}

TEST(empty_file_has_no_lines)
{
    write_file("", 0);
    size_t n;
    char *got = read_all(path, 64, 16, &n);
    INT_EQ(n, 0);
    free(got);
    unlink(path);
}

TEST(gzip_is_recognized_by_content_not_name)
{
    if (!sl_comp_supported(SL_COMP_GZIP)) {
        printf("SKIPPED gzip: not in this build\n");
        return;
    }
    const char *in = "one\ntwo\n";
    write_file(in, strlen(in));
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "gzip -c %s > %s.log && cat %s.log %s.log > %s.x", path, path,
             path, path, path);
    CHECK(system(cmd) == 0);
    char gz[128];
    snprintf(gz, sizeof gz, "%s.x", path); /* no .gz suffix; two concatenated members */
    size_t n;
    char *got = read_all(gz, 1 << 16, 1000, &n);
    STR_EQ(got, "one\ntwo\none\ntwo\n");
    free(got);
    snprintf(cmd, sizeof cmd, "rm -f %s %s.log %s.x", path, path, path);
    CHECK(system(cmd) == 0);
}

TEST(truncated_while_read_is_an_error)
{
    size_t n = 1 << 20;
    char *data = sl_xmalloc(n);
    for (size_t i = 0; i < n; i++) data[i] = i % 64 == 63 ? '\n' : 'x';
    write_file(data, n);
    free(data);
    char err[256] = "";
    sl_reader *r = sl_reader_open(path, err, sizeof err);
    CHECK(r != NULL);
    sl_chunk c = {.cap = 64 << 10};
    c.buf = sl_xmalloc(c.cap);
    bool eof = false;
    CHECK(sl_reader_next(r, &c, &eof, err, sizeof err) == SL_OK && !eof);
    CHECK(truncate(path, 0) == 0); /* what copytruncate does */
    sl_status st = SL_OK;
    size_t bytes = c.n;
    while (!eof && st == SL_OK) {
        st = sl_reader_next(r, &c, &eof, err, sizeof err);
        bytes += c.n;
    }
    INT_EQ(st, SL_EIO);
    CHECK(strstr(err, "truncated while it was being read") != NULL);
    CHECK(bytes < n);
    CHECK(c.n % 64 == 0); /* whole lines only */
    free(c.buf);
    sl_reader_close(r);
    unlink(path);
}

TEST(missing_file_is_an_error_naming_it)
{
    char err[256];
    sl_reader *r = sl_reader_open("/nonexistent/access.log", err, sizeof err);
    CHECK(r == NULL);
    STR_EQ(err, "cannot open /nonexistent/access.log: No such file or directory");
}

int main(void)
{
    RUN(every_chunk_size_gives_the_same_lines);
    RUN(a_wanted_fill_stops_early_in_whole_lines);
    RUN(over_long_lines_are_truncated_and_counted_once);
    RUN(empty_file_has_no_lines);
    RUN(gzip_is_recognized_by_content_not_name);
    RUN(truncated_while_read_is_an_error);
    RUN(missing_file_is_an_error_naming_it);
    return tt_report();
}
