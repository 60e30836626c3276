/* test_reader_resume.c: what the state store asks of the reader: the first decoded bytes of
 * an input without consuming them (the same for a file and its gzip), and skipping the bytes
 * an earlier run read, by seeking a plain file (inside and past the first raw block) or by
 * decoding a compressed one, so reading goes on exactly after them. */
#include "base/sl_alloc.h"
#include "input/in_reader.h"
#include "tinytest.h"
#include <stdlib.h>
#include <unistd.h>

static char path[64], gz[80];
static char *data;
static size_t ndata;

/* ~1.2 MB of numbered lines, plain and gzipped */
static void make_files(void)
{
    ndata = 0;
    data = sl_xmalloc(2 << 20);
    for (int i = 0; ndata < 1200000; i++) ndata += (size_t)sprintf(data + ndata, "line %07d\n", i);
    strcpy(path, "/tmp/sl_resume_XXXXXX");
    int fd = mkstemp(path);
    CHECK(fd >= 0 && write(fd, data, ndata) == (ssize_t)ndata);
    close(fd);
    snprintf(gz, sizeof gz, "%s.z", path);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "gzip -c %s > %s", path, gz);
    CHECK(system(cmd) == 0);
}

/* Everything after skipping `skip` bytes of p, compared with the data. */
static void check_rest(const char *p, uint64_t skip)
{
    char err[256];
    sl_reader *r = sl_reader_open(p, err, sizeof err);
    CHECK(r != NULL);
    if (!r) return;
    unsigned char head[4096];
    size_t hn = sl_reader_head(r, head, sizeof head);
    INT_EQ(hn, sizeof head);
    CHECK(memcmp(head, data, hn) == 0);
    uint64_t got = 0;
    CHECK(sl_reader_skip(r, skip, &got, err, sizeof err) == SL_OK);
    INT_EQ(got, skip);
    sl_chunk c = {.cap = 1 << 18};
    c.buf = sl_xmalloc(c.cap);
    size_t at = (size_t)skip;
    bool eof = false, same = true;
    while (!eof && same) {
        CHECK(sl_reader_next(r, &c, &eof, err, sizeof err) == SL_OK);
        same = at + c.n <= ndata && memcmp(c.p, data + at, c.n) == 0;
        at += c.n;
    }
    CHECK(same);
    INT_EQ(at, ndata);
    INT_EQ(sl_reader_decoded_done(r), ndata);
    free(c.buf);
    sl_reader_close(r);
}

TEST(head_and_skip_plain_and_gzip)
{
    if (!sl_comp_supported(SL_COMP_GZIP)) {
        printf("SKIPPED gzip: not in this build\n");
        return;
    }
    const uint64_t skips[] = {0, 13, 100000, 262144, 700000, 1199990};
    for (size_t i = 0; i < sizeof skips / sizeof skips[0]; i++) {
        uint64_t s = skips[i] / 13 * 13; /* at a line boundary, as the store records */
        check_rest(path, s);
        check_rest(gz, s);
    }
}

TEST(skip_past_the_end_says_how_far_it_got)
{
    char err[256];
    sl_reader *r = sl_reader_open(gz, err, sizeof err);
    CHECK(r != NULL);
    if (!r) return;
    uint64_t got = 0;
    CHECK(sl_reader_skip(r, ndata + 500, &got, err, sizeof err) == SL_OK);
    INT_EQ(got, ndata);
    sl_chunk c = {.cap = 1 << 16};
    c.buf = sl_xmalloc(c.cap);
    bool eof = false;
    CHECK(sl_reader_next(r, &c, &eof, err, sizeof err) == SL_OK);
    CHECK(eof && c.n == 0);
    free(c.buf);
    sl_reader_close(r);
}

int main(void)
{
    make_files();
    RUN(head_and_skip_plain_and_gzip);
    RUN(skip_past_the_end_says_how_far_it_got);
    unlink(path);
    unlink(gz);
    free(data);
    return tt_report();
}
