/* in_decomp.c: streaming decompression of gzip (zlib, or libisal's igzip), zstd, bzip2 and xz
 * behind one small push interface. Owns the codec state and the count of compressed bytes
 * consumed, so every error names the compressed byte offset where the stream broke.
 * Concatenated members/frames/streams decode as one stream; anything after the last member
 * that is not another member is an error. It never reads files and never prints. */
#include "input/in_decomp.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <zlib.h>
#if SL_HAVE_ZSTD
#include <zstd.h>
#include <zstd_errors.h>
#endif
#if SL_HAVE_BZIP2
#include <bzlib.h>
#endif
#if SL_HAVE_LZMA
#include <lzma.h>
#endif
#if SL_HAVE_ISAL
#include <isa-l/igzip_lib.h>
#endif

/* igzip decodes this project's access-log gzip about twice as fast as zlib (measured on
 * 190 MB of combined lines; see the commit that chose it), so it is used where present. */
#ifndef SL_GZIP_USE_ISAL
#if SL_HAVE_ISAL
#define SL_GZIP_USE_ISAL 1
#else
#define SL_GZIP_USE_ISAL 0
#endif
#endif

#ifndef SL_HAVE_ZSTD
#define SL_HAVE_ZSTD 0
#endif
#ifndef SL_HAVE_BZIP2
#define SL_HAVE_BZIP2 0
#endif
#ifndef SL_HAVE_LZMA
#define SL_HAVE_LZMA 0
#endif

/* xz streams declare their dictionary size and zstd frames their window: a hostile one
 * could ask for gigabytes, so each decoder gets a memory limit (sl_decomp_new_mem). */
#define ZSTD_OVERHEAD ((uint64_t)512 << 10) /* buffers and context besides the window */

struct sl_decomp {
    sl_comp_kind kind;
    uint64_t in_total; /* compressed bytes consumed before the current call */
    uint64_t members;  /* members/streams finished so far */
    bool in_member;    /* a member/frame has started and not ended */
    bool failed;       /* a previous call failed: every later call fails the same way */
    sl_status fail_st; /* SL_EIO (damaged) or SL_ELIMIT (needs more memory than allowed) */
    uint64_t memlimit;
    uint64_t need;     /* SL_ELIMIT: the memory the stream asked for (0 = unknown) */
    unsigned char zhdr[18]; /* the current zstd frame header, for its window size */
    char msg[240];
    uint64_t zeros, zeros_at; /* gzip: zero bytes after the last member, and where they began */
    char warn[200];
    union {
        z_stream z;
#if SL_HAVE_ISAL
        struct inflate_state *isal;
#endif
#if SL_HAVE_ZSTD
        ZSTD_DStream *zs;
#endif
#if SL_HAVE_BZIP2
        bz_stream bz;
#endif
#if SL_HAVE_LZMA
        lzma_stream xz;
#endif
    } u;
};

/* One codec step: advances *ip / *op; returns false with d->msg set on corrupt data. */
typedef bool (*step_fn)(sl_decomp *d, const unsigned char *in, size_t inlen, size_t *ip,
                        unsigned char *out, size_t outcap, size_t *op);

static unsigned clamp_u(size_t n) { return n > UINT_MAX ? UINT_MAX : (unsigned)n; }

static bool fail_at(sl_decomp *d, size_t ip, const char *why)
{
    snprintf(d->msg, sizeof d->msg, "corrupt %s data at compressed byte %llu: %s",
             sl_comp_name(d->kind), (unsigned long long)d->in_total + ip, why);
    d->failed = true;
    d->fail_st = SL_EIO;
    return false;
}

static unsigned long long mib_up(uint64_t n) { return (unsigned long long)((n + (1u << 20) - 1) >> 20); }

/* A well-formed stream that needs more memory than the limit: say how much (need 0 when
 * unknown), not "corrupt". */
static bool fail_mem(sl_decomp *d, size_t ip, const char *what, uint64_t need)
{
    if (need)
        snprintf(d->msg, sizeof d->msg, "%s stream at compressed byte %llu needs %llu MiB of "
                 "memory to decompress (%s), more than the %llu MiB allowed",
                 sl_comp_name(d->kind), (unsigned long long)d->in_total + ip, mib_up(need),
                 what, (unsigned long long)(d->memlimit >> 20));
    else
        snprintf(d->msg, sizeof d->msg, "%s stream at compressed byte %llu needs more than the "
                 "%llu MiB of memory allowed to decompress it (%s)", sl_comp_name(d->kind),
                 (unsigned long long)d->in_total + ip, (unsigned long long)(d->memlimit >> 20),
                 what);
    d->failed = true;
    d->fail_st = SL_ELIMIT;
    d->need = need;
    return false;
}

sl_comp_kind sl_comp_sniff(const unsigned char *p, size_t n)
{
    if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b) return SL_COMP_GZIP;
    if (n >= 4 && p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f && p[3] == 0xfd) return SL_COMP_ZSTD;
    /* a zstd skippable frame (magic 0x184D2A50..5F, little-endian) may open the stream: the
     * zstd tool writes them for metadata and decodes past them, and so does the decoder */
    if (n >= 8 && (p[0] & 0xf0) == 0x50 && p[1] == 0x2a && p[2] == 0x4d && p[3] == 0x18)
        return SL_COMP_ZSTD;
    if (n >= 4 && p[0] == 'B' && p[1] == 'Z' && p[2] == 'h' && p[3] >= '1' && p[3] <= '9')
        return SL_COMP_BZIP2;
    if (n >= 6 && !memcmp(p, "\xfd" "7zXZ\0", 6)) return SL_COMP_XZ;
    return SL_COMP_NONE;
}

const char *sl_comp_name(sl_comp_kind k)
{
    static const char *const names[] = {"none", "gzip", "zstd", "bzip2", "xz"};
    return (unsigned)k < SL_ARRAY_LEN(names) ? names[k] : "unknown";
}

bool sl_comp_supported(sl_comp_kind k)
{
    switch (k) {
    case SL_COMP_NONE: /* NOLINT(bugprone-branch-clone): the SL_HAVE_* values differ by build */
    case SL_COMP_GZIP: return true;
    case SL_COMP_ZSTD: return SL_HAVE_ZSTD;
    case SL_COMP_BZIP2: return SL_HAVE_BZIP2;
    case SL_COMP_XZ: return SL_HAVE_LZMA;
    }
    return false;
}

/* ---- gzip: member starts ---- */

/* Called when a new gzip member may start at in[*ip]. Zero bytes after a member (padding
 * from tape or block devices) end the stream, as they do for `gzip -dc`: they are consumed
 * and reported by sl_decomp_warning. Anything else but the magic is garbage. Sets in_member
 * when a member starts. */
static bool gz_member_start(sl_decomp *d, const unsigned char *in, size_t inlen, size_t *ip)
{
    if (*ip == inlen) return true;
    if (d->members && (d->zeros || in[*ip] == 0)) {
        if (!d->zeros) d->zeros_at = d->in_total + *ip;
        while (*ip < inlen && in[*ip] == 0) (*ip)++, d->zeros++;
        if (*ip == inlen) return true;
    }
    if (d->zeros || in[*ip] != 0x1f) {
        snprintf(d->msg, sizeof d->msg,
                 "trailing garbage after gzip member at compressed byte %llu",
                 (unsigned long long)d->in_total + *ip);
        d->failed = true;
        d->fail_st = SL_EIO;
        return false;
    }
    d->in_member = true;
    return true;
}

/* ---- gzip via zlib ---- */

static bool zlib_step(sl_decomp *d, const unsigned char *in, size_t inlen, size_t *ip,
                      unsigned char *out, size_t outcap, size_t *op)
{
    z_stream *z = &d->u.z;
    if (!d->in_member) {
        if (!gz_member_start(d, in, inlen, ip)) return false;
        if (!d->in_member) return true;
        if (d->members) inflateReset(z);
    }
    z->next_in = (unsigned char *)(in + *ip);
    z->avail_in = clamp_u(inlen - *ip);
    z->next_out = out + *op;
    z->avail_out = clamp_u(outcap - *op);
    unsigned ai = z->avail_in, ao = z->avail_out;
    int r = inflate(z, Z_NO_FLUSH);
    *ip += ai - z->avail_in;
    *op += ao - z->avail_out;
    if (r == Z_STREAM_END) {
        d->in_member = false;
        d->members++;
        return true;
    }
    if (r == Z_OK || r == Z_BUF_ERROR) return true;
    if (r == Z_NEED_DICT) return fail_at(d, *ip, "member needs a preset dictionary");
    return fail_at(d, *ip, z->msg ? z->msg : zError(r));
}

/* ---- gzip via libisal ---- */
#if SL_HAVE_ISAL
static const char *isal_reason(int r)
{
    switch (r) {
    case ISAL_INVALID_BLOCK: return "invalid deflate block";
    case ISAL_INVALID_SYMBOL: return "invalid deflate symbol";
    case ISAL_INVALID_LOOKBACK: return "invalid lookback distance";
    case ISAL_INVALID_WRAPPER: return "invalid gzip header";
    case ISAL_UNSUPPORTED_METHOD: return "unsupported compression method";
    case ISAL_INCORRECT_CHECKSUM: return "incorrect data check";
    case ISAL_NEED_DICT: return "member needs a preset dictionary";
    default: return "decoder error";
    }
}

static bool isal_step(sl_decomp *d, const unsigned char *in, size_t inlen, size_t *ip,
                      unsigned char *out, size_t outcap, size_t *op)
{
    struct inflate_state *s = d->u.isal;
    if (!d->in_member) {
        if (!gz_member_start(d, in, inlen, ip)) return false;
        if (!d->in_member) return true;
        isal_inflate_reset(s);
        s->crc_flag = ISAL_GZIP;
    }
    s->next_in = (uint8_t *)(in + *ip);
    s->avail_in = clamp_u(inlen - *ip);
    s->next_out = out + *op;
    s->avail_out = clamp_u(outcap - *op);
    uint32_t ai = s->avail_in, ao = s->avail_out;
    int r = isal_inflate(s);
    *ip += ai - s->avail_in;
    *op += ao - s->avail_out;
    if (r < 0 || r == ISAL_NEED_DICT) return fail_at(d, *ip, isal_reason(r));
    if (s->block_state == ISAL_BLOCK_FINISH) {
        d->in_member = false;
        d->members++;
    }
    return true;
}
#endif

/* ---- zstd ---- */
#if SL_HAVE_ZSTD
/* The window a frame header declares (RFC 8878 3.1.1.1): the window descriptor, or for a
 * single-segment frame its content size; 0 if the header does not say. */
static uint64_t zstd_window(const unsigned char *h)
{
    if (h[0] != 0x28 || h[1] != 0xb5 || h[2] != 0x2f || h[3] != 0xfd) return 0;
    unsigned fhd = h[4];
    if (!(fhd & 0x20)) {
        unsigned exp = h[5] >> 3, mant = h[5] & 7;
        uint64_t base = (uint64_t)1 << (10 + exp);
        return base + base / 8 * mant;
    }
    static const unsigned did_size[4] = {0, 1, 2, 4}, fcs_size[4] = {1, 2, 4, 8};
    const unsigned char *p = h + 5 + did_size[fhd & 3];
    unsigned n = fcs_size[fhd >> 6];
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++) v |= (uint64_t)p[i] << (8 * i);
    return n == 2 ? v + 256 : v;
}

/* The largest window log whose window fits the memory limit. */
static int zstd_window_log(uint64_t memlimit)
{
    int w = 10;
    while (w < 31 && ((uint64_t)1 << (w + 1)) + ZSTD_OVERHEAD <= memlimit) w++;
    return w;
}

static bool zstd_step(sl_decomp *d, const unsigned char *in, size_t inlen, size_t *ip,
                      unsigned char *out, size_t outcap, size_t *op)
{
    if (!d->in_member && *ip == inlen) return true;
    if (!d->in_member) { /* a frame starts here (its header rarely spans two reads) */
        size_t n = inlen - *ip < sizeof d->zhdr ? inlen - *ip : sizeof d->zhdr;
        memset(d->zhdr, 0, sizeof d->zhdr);
        memcpy(d->zhdr, in + *ip, n);
    }
    /* At most one block of output per call, as the zstd tool does: an error in a later
     * block must not take the blocks already decoded down with it. */
    size_t room = outcap - *op, blk = ZSTD_DStreamOutSize();
    ZSTD_inBuffer ib = {in + *ip, inlen - *ip, 0};
    ZSTD_outBuffer ob = {out + *op, room < blk ? room : blk, 0};
    size_t r = ZSTD_decompressStream(d->u.zs, &ob, &ib);
    *ip += ib.pos;
    *op += ob.pos;
    if (ZSTD_isError(r) && ZSTD_getErrorCode(r) == ZSTD_error_frameParameter_windowTooLarge) {
        uint64_t w = zstd_window(d->zhdr), need = (uint64_t)1 << 10;
        while (need < w && need < ((uint64_t)1 << 40)) need <<= 1; /* the limit is a log */
        return fail_mem(d, *ip, "its window is that large", w ? need + ZSTD_OVERHEAD : 0);
    }
    if (ZSTD_isError(r)) return fail_at(d, *ip, ZSTD_getErrorName(r));
    /* r == 0: a frame is complete and flushed; the next byte (if any) starts another. */
    if (r == 0 && (ib.pos > 0 || d->in_member)) d->members++;
    d->in_member = r != 0;
    return true;
}
#endif

/* ---- bzip2 ---- */
#if SL_HAVE_BZIP2
static const char *bz_reason(int r)
{
    switch (r) {
    case BZ_DATA_ERROR: return "data integrity error (bad block or CRC)";
    case BZ_DATA_ERROR_MAGIC: return "not a bzip2 stream (bad magic)";
    case BZ_MEM_ERROR: return "out of memory";
    case BZ_PARAM_ERROR: return "bad parameter";
    default: return "decoder error";
    }
}

static bool bz_step(sl_decomp *d, const unsigned char *in, size_t inlen, size_t *ip,
                    unsigned char *out, size_t outcap, size_t *op)
{
    bz_stream *bz = &d->u.bz;
    if (!d->in_member) {
        if (*ip == inlen) return true;
        if (d->members) {
            BZ2_bzDecompressEnd(bz);
            memset(bz, 0, sizeof *bz);
            if (BZ2_bzDecompressInit(bz, 0, 0) != BZ_OK) return fail_at(d, *ip, "out of memory");
        }
        d->in_member = true;
    }
    bz->next_in = (char *)(in + *ip);
    bz->avail_in = clamp_u(inlen - *ip);
    bz->next_out = (char *)(out + *op);
    bz->avail_out = clamp_u(outcap - *op);
    unsigned ai = bz->avail_in, ao = bz->avail_out;
    int r = BZ2_bzDecompress(bz);
    *ip += ai - bz->avail_in;
    *op += ao - bz->avail_out;
    if (r == BZ_STREAM_END) {
        d->in_member = false;
        d->members++;
        return true;
    }
    return r == BZ_OK ? true : fail_at(d, *ip, bz_reason(r));
}
#endif

/* ---- xz ---- */
#if SL_HAVE_LZMA
static const char *xz_reason(lzma_ret r)
{
    switch (r) {
    case LZMA_FORMAT_ERROR: return "not an xz stream (bad magic or trailing garbage)";
    case LZMA_OPTIONS_ERROR: return "unsupported options";
    case LZMA_DATA_ERROR: return "compressed data is corrupt";
    case LZMA_MEM_ERROR: return "out of memory";
    default: return "decoder error";
    }
}

static bool xz_step(sl_decomp *d, const unsigned char *in, size_t inlen, size_t *ip,
                    unsigned char *out, size_t outcap, size_t *op)
{
    lzma_stream *s = &d->u.xz;
    if (*ip == inlen && !d->in_member) return true;
    s->next_in = in + *ip;
    s->avail_in = inlen - *ip;
    s->next_out = out + *op;
    s->avail_out = outcap - *op;
    size_t ai = s->avail_in, ao = s->avail_out;
    lzma_ret r = lzma_code(s, LZMA_RUN);
    *ip += ai - s->avail_in;
    *op += ao - s->avail_out;
    /* liblzma cannot tell a stream boundary before LZMA_FINISH; finish() checks it. */
    d->in_member = true;
    if (r == LZMA_OK || r == LZMA_BUF_ERROR || r == LZMA_STREAM_END) return true;
    if (r == LZMA_MEMLIMIT_ERROR) return fail_mem(d, *ip, "its dictionary is that large", lzma_memusage(s));
    return fail_at(d, *ip, xz_reason(r));
}
#endif

static step_fn step_for(sl_comp_kind k)
{
    switch (k) {
    case SL_COMP_GZIP:
#if SL_HAVE_ISAL
        if (SL_GZIP_USE_ISAL) return isal_step;
#endif
        return zlib_step;
#if SL_HAVE_ZSTD
    case SL_COMP_ZSTD: return zstd_step;
#endif
#if SL_HAVE_BZIP2
    case SL_COMP_BZIP2: return bz_step;
#endif
#if SL_HAVE_LZMA
    case SL_COMP_XZ: return xz_step;
#endif
    default: return NULL;
    }
}

/* ---- lifecycle ---- */

static bool codec_init(sl_decomp *d)
{
    switch (d->kind) {
    case SL_COMP_GZIP:
#if SL_HAVE_ISAL
        if (SL_GZIP_USE_ISAL) {
            d->u.isal = calloc(1, sizeof *d->u.isal);
            if (!d->u.isal) return false;
            isal_inflate_init(d->u.isal);
            d->u.isal->crc_flag = ISAL_GZIP;
            return true;
        }
#endif
        return inflateInit2(&d->u.z, 16 + MAX_WBITS) == Z_OK;
#if SL_HAVE_ZSTD
    case SL_COMP_ZSTD:
        if (!(d->u.zs = ZSTD_createDStream())) return false;
        return !ZSTD_isError(ZSTD_DCtx_setParameter(d->u.zs, ZSTD_d_windowLogMax,
                                                    zstd_window_log(d->memlimit)));
#endif
#if SL_HAVE_BZIP2
    case SL_COMP_BZIP2: return BZ2_bzDecompressInit(&d->u.bz, 0, 0) == BZ_OK;
#endif
#if SL_HAVE_LZMA
    case SL_COMP_XZ:
        d->u.xz = (lzma_stream)LZMA_STREAM_INIT;
        return lzma_stream_decoder(&d->u.xz, d->memlimit, LZMA_CONCATENATED) == LZMA_OK;
#endif
    default: return false;
    }
}

static void codec_end(sl_decomp *d)
{
    switch (d->kind) {
    case SL_COMP_GZIP:
#if SL_HAVE_ISAL
        if (SL_GZIP_USE_ISAL) {
            free(d->u.isal);
            break;
        }
#endif
        inflateEnd(&d->u.z);
        break;
#if SL_HAVE_ZSTD
    case SL_COMP_ZSTD: ZSTD_freeDStream(d->u.zs); break;
#endif
#if SL_HAVE_BZIP2
    case SL_COMP_BZIP2: BZ2_bzDecompressEnd(&d->u.bz); break;
#endif
#if SL_HAVE_LZMA
    case SL_COMP_XZ: lzma_end(&d->u.xz); break;
#endif
    default: break;
    }
}

sl_decomp *sl_decomp_new(sl_comp_kind k) { return sl_decomp_new_mem(k, SL_DECOMP_MEM_DEFAULT); }

sl_decomp *sl_decomp_new_mem(sl_comp_kind k, uint64_t memlimit)
{
    if (k == SL_COMP_NONE || !sl_comp_supported(k)) return NULL;
    sl_decomp *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    d->kind = k;
    d->memlimit = memlimit;
    if (!codec_init(d)) {
        free(d);
        return NULL;
    }
    return d;
}

uint64_t sl_decomp_need(const sl_decomp *d) { return d->need; }

void sl_decomp_free(sl_decomp *d)
{
    if (!d) return;
    codec_end(d);
    free(d);
}

static void put_err(char *err, size_t errlen, const char *msg)
{
    if (err && errlen) snprintf(err, errlen, "%s", msg);
}

sl_status sl_decomp_run(sl_decomp *d, const unsigned char *in, size_t inlen, size_t *consumed,
                        unsigned char *out, size_t outcap, size_t *produced, char *err,
                        size_t errlen)
{
    size_t ip = 0, op = 0;
    *consumed = *produced = 0;
    if (d->failed) {
        put_err(err, errlen, d->msg);
        return d->fail_st;
    }
    step_fn step = step_for(d->kind);
    while (op < outcap) {
        size_t ip0 = ip, op0 = op;
        bool ok = step(d, in, inlen, &ip, out, outcap, &op);
        if (!ok) {
            d->in_total += ip;
            *consumed = ip;
            *produced = op;
            put_err(err, errlen, d->msg);
            return d->fail_st;
        }
        if (ip == ip0 && op == op0) break;
    }
    d->in_total += ip;
    *consumed = ip;
    *produced = op;
    return SL_OK;
}

#if SL_HAVE_LZMA
/* Tells liblzma the input is over; only then does it say whether the last stream ended. */
static bool xz_finish(sl_decomp *d)
{
    unsigned char scratch[64];
    lzma_stream *s = &d->u.xz;
    s->next_in = NULL;
    s->avail_in = 0;
    s->next_out = scratch;
    s->avail_out = sizeof scratch;
    lzma_ret r = lzma_code(s, LZMA_FINISH);
    if (r == LZMA_STREAM_END && s->avail_out == sizeof scratch) return true;
    if (r == LZMA_OK || r == LZMA_BUF_ERROR || r == LZMA_STREAM_END) {
        d->in_member = true;
        return true; /* truncated: reported by the caller */
    }
    if (r == LZMA_MEMLIMIT_ERROR) return fail_mem(d, 0, "its dictionary is that large", lzma_memusage(s));
    return fail_at(d, 0, xz_reason(r));
}
#endif

const char *sl_decomp_warning(sl_decomp *d)
{
    if (!d || !d->zeros) return NULL;
    snprintf(d->warn, sizeof d->warn, "%llu zero bytes after the last gzip member (from compressed "
             "byte %llu) were ignored, as gzip -dc ignores them", (unsigned long long)d->zeros,
             (unsigned long long)d->zeros_at);
    return d->warn;
}

sl_status sl_decomp_finish(sl_decomp *d, char *err, size_t errlen)
{
    if (d->failed) {
        put_err(err, errlen, d->msg);
        return d->fail_st;
    }
#if SL_HAVE_LZMA
    if (d->kind == SL_COMP_XZ) {
        d->in_member = false;
        if (!xz_finish(d)) {
            put_err(err, errlen, d->msg);
            return d->fail_st;
        }
    }
#endif
    if (d->in_member || (d->members == 0 && d->kind != SL_COMP_XZ)) {
        snprintf(d->msg, sizeof d->msg, "unexpected end of %s stream after %llu compressed bytes",
                 sl_comp_name(d->kind), (unsigned long long)d->in_total);
        d->failed = true;
        d->fail_st = SL_EIO;
        put_err(err, errlen, d->msg);
        return SL_EIO;
    }
    return SL_OK;
}
