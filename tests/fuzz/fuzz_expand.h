/* fuzz_expand.h: the boundary mode of the fuzz targets. libFuzzer inputs stay small
 * (-max_len=8192), but the limits where input handling changes are big: the 64 KiB format
 * detection sample and CSV record span, the 512 KiB line cap, the 2 MiB chunk. An
 * input that starts with "XPND" is a recipe that grows a small body to within a few bytes
 * of one of those sizes, so the fuzzer mutates what lies right at each boundary:
 *
 *   "XPND" op size delta body
 *   size  (byte % 6)  64 KiB, 512 KiB, 1 MiB, 2 MiB, 4 MiB, or 64 KiB * (1 + delta % 64)
 *   delta (int8)      -128..127 bytes added to that size (not for the last choice)
 *   op    (byte)      low 2 bits: how the body grows to the total
 *     0 repeat  the body again and again, cut wherever the total falls (mid-line, mid-UTF-8)
 *     1 pad     body = head NUL tail: head, a filler byte repeated, tail (one huge line or
 *               field); bits 2-4 pick the filler: a space " , TAB \ 0xC3 (half a UTF-8
 *               character) LF. With body = head NUL pattern NUL tail, the pattern is the
 *               filler (repeated whole, cut at the end): "a\n" grows a CSV field over lines
 *     2 lines   whole lines of the body repeated, the last line padded so it ends exactly
 *               at the total (a line boundary right at the limit)
 *     3 last    the body's first line repeated, then the rest of the body once, ending at
 *               the total (a different line lands on the boundary)
 *               bit 7 (0x80) is left to the target (fuzz_reader: gzip the result)
 * The result is a malloc'd buffer of exactly the total size, so ASan sees any read past it.
 * Owns nothing else; never prints. */
#ifndef SL_FUZZ_EXPAND_H
#define SL_FUZZ_EXPAND_H
#include "fuzz_common.h"

static inline size_t fz_xpnd_total(uint8_t size, uint8_t delta)
{
    static const size_t sizes[] = {64u << 10, 512u << 10, 1u << 20, 2u << 20, 4u << 20};
    unsigned k = size % 6;
    if (k == 5) return (size_t)(64u << 10) * (1 + delta % 64);
    long t = (long)sizes[k] + (int8_t)delta;
    return (size_t)t;
}

/* Fills out[0..total) by repeating src[0..n) (n > 0). */
static inline void fz_xpnd_repeat(char *out, size_t total, const char *src, size_t n)
{
    for (size_t k = 0; k < total; k += n) memcpy(out + k, src, total - k < n ? total - k : n);
}

/* Expands data when it is a recipe: *out gets a malloc'd buffer of *outlen bytes (caller
 * frees) and *op the op byte. False, with nothing allocated, when data is no recipe. */
static inline bool fz_expand(const uint8_t *data, size_t size, char **out, size_t *outlen, uint8_t *op)
{
    static const char fill[] = {'a', ' ', '"', ',', '\t', '\\', (char)0xC3, '\n'};
    if (size < 8 || memcmp(data, "XPND", 4) != 0) return false;
    const char *body = (const char *)data + 7;
    size_t n = size - 7, total = fz_xpnd_total(data[5], data[6]);
    *op = data[4];
    char *o = malloc(total ? total : 1);
    if (!o) abort();
    const char *z = memchr(body, 0, n), *nl = memchr(body, '\n', n);
    size_t head = z ? (size_t)(z - body) : n, tail = z ? n - head - 1 : 0;
    size_t first = nl ? (size_t)(nl - body) + 1 : n;
    switch (*op & 3) {
    case 0:
        fz_xpnd_repeat(o, total, body, n);
        break;
    case 1: { /* head, filler, tail: the tail is kept whole when it fits */
        const char *pat = z ? z + 1 : NULL, *z2 = z ? memchr(z + 1, 0, tail) : NULL;
        size_t patn = z2 ? (size_t)(z2 - pat) : 0;
        if (z2) tail -= patn + 1;
        size_t h = head < total ? head : total, t = tail < total - h ? tail : total - h;
        memcpy(o, body, h);
        if (patn) fz_xpnd_repeat(o + h, total - h - t, pat, patn);
        else memset(o + h, fill[(*op >> 2) & 7], total - h - t);
        memcpy(o + total - t, z2 ? z2 + 1 : z ? z + 1 : body, t);
        break;
    }
    case 2: { /* whole copies of the lines, then one line padded to end at the total */
        size_t whole = n;
        while (whole > 0 && body[whole - 1] != '\n') whole--;
        if (!whole) whole = n;
        size_t k = total / whole * whole;
        fz_xpnd_repeat(o, k, body, whole);
        if (total > k) {
            memset(o + k, 'x', total - k);
            o[total - 1] = '\n';
        }
        break;
    }
    default: { /* the first line repeated, then the rest once, ending at the total */
        size_t rest = n - first < total ? n - first : total;
        fz_xpnd_repeat(o, total - rest, body, first);
        memcpy(o + total - rest, body + first, rest);
        break;
    }
    }
    *out = o;
    *outlen = total;
    return true;
}

#endif
