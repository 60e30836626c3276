/* in_reader.c: one input -> chunks of whole lines (see in_reader.h). Owns the file
 * descriptor, the raw read buffer, the decompressor and the carried partial line. Plain
 * input is read straight into the caller's chunk buffer (no second copy); files are not
 * mapped, so resident memory stays at the buffers' size whatever the input size. It never
 * interprets line contents and never allocates per chunk. A non-blocking descriptor (an
 * O_NONBLOCK pipe on stdin) is waited on, not failed; a regular file that ends shorter than
 * what was already read from it (truncated by copytruncate rotation mid-run) is SL_EIO. */
#include "input/in_reader.h"
#include "base/sl_alloc.h"
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define RAW_CAP ((size_t)256 * 1024)

struct sl_reader {
    int fd;
    const char *name;
    sl_comp_kind comp;
    sl_decomp *dec;
    unsigned char *raw;     /* raw (compressed or plain) read buffer */
    size_t raw_len, raw_pos;
    bool raw_eof;
    char *carry;            /* partial line carried to the next chunk */
    size_t carry_n;
    bool done;
    size_t long_line;       /* line limit: longer lines are truncated to this + 1 bytes */
    uint64_t raw_done, raw_total;
    uint64_t dec_done;      /* decoded bytes produced (skipped ones included) */
    bool regular;           /* a regular file: its size can be checked at end of input */
    bool streaming;         /* a pipe, terminal or socket: lines are handed on as they come */
};

bool sl_reader_streaming(const sl_reader *r) { return r->streaming; }

/* Nothing more to read right now (a streaming input between writes). */
static bool nothing_waiting(int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    return poll(&p, 1, 0) == 0;
}

/* read(), retried on EINTR and waited out on EAGAIN (a non-blocking descriptor). */
static ssize_t read_wait(int fd, void *buf, size_t n)
{
    for (;;) {
        ssize_t got = read(fd, buf, n);
        if (got >= 0 || errno == EINTR) {
            if (got >= 0) return got;
            continue;
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK) return got;
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, -1) < 0 && errno != EINTR) return -1;
    }
}

/* At end of input: a regular file now shorter than what was read was truncated under us. */
static sl_status check_end(sl_reader *r, char *err, size_t errlen)
{
    struct stat st;
    if (!r->regular || fstat(r->fd, &st) != 0 || (uint64_t)st.st_size >= r->raw_done) return SL_OK;
    snprintf(err, errlen, "the file was truncated while it was being read (%" PRIu64
             " bytes read, now %" PRIu64 " bytes long; copytruncate log rotation?): the rest "
             "of it was not analyzed", r->raw_done, (uint64_t)st.st_size);
    return SL_EIO;
}

static sl_status read_raw(sl_reader *r, char *err, size_t errlen)
{
    if (r->raw_pos < r->raw_len || r->raw_eof) return SL_OK;
    ssize_t n = read_wait(r->fd, r->raw, RAW_CAP);
    if (n < 0) {
        snprintf(err, errlen, "read error: %s", strerror(errno));
        return SL_EIO;
    }
    if (n == 0 && check_end(r, err, errlen)) return SL_EIO;
    r->raw_len = (size_t)n;
    r->raw_pos = 0;
    r->raw_eof = n == 0;
    r->raw_done += (uint64_t)n;
    return SL_OK;
}

sl_reader *sl_reader_open(const char *path, char *err, size_t errlen)
{
    return sl_reader_open_mem(path, SL_DECOMP_MEM_DEFAULT, err, errlen);
}

sl_reader *sl_reader_open_mem(const char *path, uint64_t decoder_mem, char *err, size_t errlen)
{
    bool is_stdin = !strcmp(path, "-");
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    memset(&st, 0, sizeof st);
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "cannot read %s: is a directory", path);
        if (!is_stdin) close(fd);
        return NULL;
    }
    sl_reader *r = sl_xcalloc(1, sizeof *r);
    r->fd = fd;
    r->name = path;
    r->long_line = SL_READER_LONG_LINE;
    r->regular = S_ISREG(st.st_mode);
    r->raw_total = r->regular ? (uint64_t)st.st_size : 0;
    r->streaming = S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode) || S_ISSOCK(st.st_mode);
    r->raw = sl_xmalloc(RAW_CAP);
    char why[256];
    if (read_raw(r, why, sizeof why)) {
        snprintf(err, errlen, "cannot read %s: %s", path, why);
        sl_reader_close(r);
        return NULL;
    }
    r->comp = sl_comp_sniff(r->raw, r->raw_len);
    if (r->comp != SL_COMP_NONE) {
        if (!sl_comp_supported(r->comp) || !(r->dec = sl_decomp_new_mem(r->comp, decoder_mem))) {
            snprintf(err, errlen, "cannot read %s: %s input is not supported by this build",
                     path, sl_comp_name(r->comp));
            sl_reader_close(r);
            return NULL;
        }
    }
    return r;
}

/* Produces up to cap decoded bytes into out; 0 at end of input. */
static sl_status produce(sl_reader *r, char *out, size_t cap, size_t *got, char *err, size_t errlen)
{
    *got = 0;
    while (*got == 0) {
        if (!r->dec && r->raw_pos >= r->raw_len && !r->raw_eof) {
            ssize_t n = read_wait(r->fd, out, cap);
            if (n < 0) {
                snprintf(err, errlen, "read error: %s", strerror(errno));
                return SL_EIO;
            }
            if (n == 0 && check_end(r, err, errlen)) return SL_EIO;
            r->raw_eof = n == 0;
            r->raw_done += (uint64_t)n;
            *got = (size_t)n;
            r->dec_done += (uint64_t)n;
            if (n == 0) return SL_OK;
            continue;
        }
        sl_status st = read_raw(r, err, errlen);
        if (st) return st;
        if (r->raw_eof) {
            if (!r->dec) return SL_OK;
            /* drain what the decoder still holds before asking whether the stream ended well */
            size_t used = 0;
            st = sl_decomp_run(r->dec, r->raw, 0, &used, (unsigned char *)out, cap, got, err,
                               errlen);
            r->dec_done += *got;
            if (st || *got) return st;
            return sl_decomp_finish(r->dec, err, errlen);
        }
        size_t avail = r->raw_len - r->raw_pos;
        if (!r->dec) {
            size_t n = avail < cap ? avail : cap;
            memcpy(out, r->raw + r->raw_pos, n);
            r->raw_pos += n;
            *got = n;
            r->dec_done += n;
            continue;
        }
        size_t used = 0;
        st = sl_decomp_run(r->dec, r->raw + r->raw_pos, avail, &used, (unsigned char *)out, cap,
                           got, err, errlen);
        r->raw_pos += used;
        r->dec_done += *got;
        if (st) return st;
    }
    return SL_OK;
}

/* Drops bytes up to and including the next '\n' (or end of input). */
static sl_status discard_line(sl_reader *r, char *scratch, size_t cap, char *err, size_t errlen)
{
    for (;;) {
        size_t got;
        sl_status st = produce(r, scratch, cap, &got, err, errlen);
        if (st) return st;
        if (!got) {
            r->done = true;
            return SL_OK;
        }
        char *nl = memchr(scratch, '\n', got);
        if (nl) {
            size_t rest = got - (size_t)(nl + 1 - scratch);
            memcpy(r->carry, nl + 1, rest);
            r->carry_n = rest;
            return SL_OK;
        }
    }
}

static char *last_newline(char *p, size_t n)
{
    while (n > 0)
        if (p[--n] == '\n') return p + n;
    return NULL;
}

sl_status sl_reader_next(sl_reader *r, sl_chunk *c, bool *eof, char *err, size_t errlen)
{
    *eof = false;
    c->p = c->buf;
    c->n = 0;
    if (!r->carry) r->carry = sl_xmalloc(c->cap);
    size_t len = r->carry_n;
    memcpy(c->buf, r->carry, len);
    r->carry_n = 0;
    sl_status st = SL_OK;
    size_t want = c->want && c->want < c->cap ? c->want : c->cap;
    bool whole = false; /* want < cap: whether buf holds a newline (the carry holds none) */
    while (len < c->cap && !r->done) {
        if (len >= want && whole) break; /* enough, in whole lines */
        size_t got, room = c->cap - len;
        if (len < want) room = want - len;
        else if (room > want) room = want; /* a line longer than want: a little more at a time */
        st = produce(r, c->buf + len, room, &got, err, errlen);
        if (want < c->cap && !whole && got) whole = memchr(c->buf + len, '\n', got) != NULL;
        len += got; /* output decoded before damage is still whole lines to report */
        if (st || !got) {
            r->done = true;
            break;
        }
        /* a line that arrived is analyzed now, not when 2 MiB have come */
        if (r->streaming && !r->dec && r->raw_pos >= r->raw_len &&
            memchr(c->buf + len - got, '\n', got) && nothing_waiting(r->fd))
            break;
    }
    char *nl = last_newline(c->buf, len);
    if (st) {
        c->n = nl ? (size_t)(nl + 1 - c->buf) : 0; /* whole lines before the damage */
    } else if (r->done) {
        c->n = len; /* the last line may lack its newline */
    } else if (nl) {
        c->n = (size_t)(nl + 1 - c->buf);
        r->carry_n = len - c->n;
        memcpy(r->carry, nl + 1, r->carry_n);
    } else { /* one line fills the whole buffer: keep a truncated copy, drop the rest */
        c->buf[r->long_line + 1] = '\n';
        c->n = r->long_line + 2;
        st = discard_line(r, c->buf + c->n, c->cap - c->n, err, errlen);
    }
    *eof = r->done && r->carry_n == 0;
    return st;
}

void sl_reader_set_line_limit(sl_reader *r, size_t limit) { r->long_line = limit; }

size_t sl_reader_head(const sl_reader *r, unsigned char *out, size_t cap)
{
    if (!r->dec) {
        size_t n = r->raw_len < cap ? r->raw_len : cap;
        memcpy(out, r->raw, n);
        return n;
    }
    /* a decoder of its own over the first raw block, so the reader's own is untouched */
    sl_decomp *d = sl_decomp_new(r->comp);
    size_t pos = 0, n = 0;
    char err[128];
    while (d && n < cap && pos < r->raw_len) {
        size_t used = 0, got = 0;
        if (sl_decomp_run(d, r->raw + pos, r->raw_len - pos, &used, out + n, cap - n, &got, err,
                          sizeof err) != SL_OK || (!used && !got))
            break;
        pos += used;
        n += got;
    }
    sl_decomp_free(d);
    return n;
}

size_t sl_reader_raw_head(const sl_reader *r, const unsigned char **p)
{
    *p = r->raw;
    return r->raw_len;
}

sl_status sl_reader_skip(sl_reader *r, uint64_t n, uint64_t *skipped, char *err, size_t errlen)
{
    *skipped = 0;
    if (!r->dec && r->regular && n > r->raw_len) { /* a plain file: seek past what was read */
        if (lseek(r->fd, (off_t)n, SEEK_SET) < 0) {
            snprintf(err, errlen, "cannot seek: %s", strerror(errno));
            return SL_EIO;
        }
        r->raw_pos = r->raw_len = 0;
        r->raw_eof = false;
        r->raw_done = r->dec_done = *skipped = n;
        return SL_OK;
    }
    char *scratch = sl_xmalloc(RAW_CAP);
    sl_status st = SL_OK;
    while (*skipped < n) {
        size_t want = n - *skipped < RAW_CAP ? (size_t)(n - *skipped) : RAW_CAP, got = 0;
        if ((st = produce(r, scratch, want, &got, err, errlen)) != SL_OK || !got) break;
        *skipped += got;
    }
    free(scratch);
    if (!st && *skipped < n) r->done = true; /* the input is shorter than n */
    return st;
}

uint64_t sl_reader_decoded_done(const sl_reader *r) { return r->dec_done - r->carry_n; }

char *sl_chunk_alloc(size_t cap)
{
    const size_t huge = 2u << 20;
    void *p = NULL;
    if (posix_memalign(&p, huge, cap) != 0 || !p) return sl_xmalloc(cap);
#ifdef MADV_HUGEPAGE
    madvise(p, cap, MADV_HUGEPAGE);
#endif
    return p;
}

sl_comp_kind sl_reader_compression(const sl_reader *r) { return r->comp; }
bool sl_reader_stat(const sl_reader *r, struct stat *st) { return fstat(r->fd, st) == 0; }
uint64_t sl_reader_decoder_need(const sl_reader *r) { return r->dec ? sl_decomp_need(r->dec) : 0; }
uint64_t sl_reader_raw_done(const sl_reader *r) { return r->raw_done; }
const char *sl_reader_warning(const sl_reader *r) { return r->dec ? sl_decomp_warning(r->dec) : NULL; }
uint64_t sl_reader_raw_total(const sl_reader *r) { return r->raw_total; }

void sl_reader_close(sl_reader *r)
{
    if (!r) return;
    if (r->fd != STDIN_FILENO) close(r->fd);
    sl_decomp_free(r->dec);
    free(r->raw);
    free(r->carry);
    free(r);
}
