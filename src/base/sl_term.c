/* sl_term.c: the terminal escaper of sl_term.h. One scanner walks the text by UTF-8
 * character and hands each dangerous one (and TAB, LF, backslash as the caller's flags say)
 * to the escape writer; runs of safe characters are copied whole. Owns no memory; never
 * reads past the given length. */
#include "base/sl_term.h"

size_t sl_utf8_next(const unsigned char *p, size_t n, uint32_t *cp)
{
    unsigned c = p[0];
    size_t len;
    uint32_t v, min;
    if (c < 0x80) { *cp = c; return 1; }
    if (c >= 0xC2 && c <= 0xDF) { len = 2; v = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { len = 3; v = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; v = c & 0x07; min = 0x10000; }
    else return 0;
    if (n < len) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        v = v << 6 | (p[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return len;
}

bool sl_term_dangerous(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* The escape for the character at p (len bytes, or 0 for an invalid byte) into out[16]. */
static size_t esc_one(char *out, const unsigned char *p, size_t len, uint32_t cp, unsigned flags)
{
    if (flags & SL_TERM_MASK) {
        size_t k = len ? len : 1;
        memset(out, '?', k);
        return k;
    }
    if (len && cp == '\\') {
        out[0] = out[1] = '\\';
        return 2;
    }
    if (!len || cp < 0x80) return (size_t)snprintf(out, 16, "\\x%02x", p[0]);
    return (size_t)snprintf(out, 16, "\\u{%04x}", (unsigned)cp);
}

static bool needs_escape(uint32_t cp, unsigned flags)
{
    if (cp == '\\') return flags & SL_TERM_BACKSLASH;
    if (cp == '\t') return flags & SL_TERM_TAB;
    if (cp == '\n') return !(flags & SL_TERM_KEEP_NL);
    return sl_term_dangerous(cp);
}

typedef void (*emit_fn)(void *ctx, const char *s, size_t n, bool escape);

static void scan(const char *s, size_t n, unsigned flags, size_t max, emit_fn emit, void *ctx)
{
    const unsigned char *p = (const unsigned char *)s, *all = p + n, *end = all, *span = p;
    bool cut = max && n > max;
    if (cut) end = p + max;
    while (p < end) {
        uint32_t cp = 0;
        size_t len = sl_utf8_next(p, (size_t)(all - p), &cp);
        if (p + (len ? len : 1) > end) break; /* a character straddling the cap is left out */
        bool bad = !len || needs_escape(cp, flags);
        if (bad) {
            char e[16];
            if (p > span) emit(ctx, (const char *)span, (size_t)(p - span), false);
            emit(ctx, e, esc_one(e, p, len, cp, flags), true);
        }
        p += len ? len : 1;
        if (bad) span = p;
    }
    if (p > span) emit(ctx, (const char *)span, (size_t)(p - span), false);
    if (cut) emit(ctx, "...", 3, true);
}

static void emit_file(void *ctx, const char *s, size_t n, bool escape) { fwrite(s, 1, n, (FILE *)ctx); }

void sl_term_write_ex(FILE *f, const char *s, size_t n, unsigned flags, size_t max)
{
    if (s) scan(s, n, flags, max, emit_file, f);
}

void sl_term_write(FILE *f, const char *s, size_t n, bool keep_nl)
{
    if (s) scan(s, n, keep_nl ? SL_TERM_KEEP_NL : 0, 0, emit_file, f);
}

void sl_term_puts(FILE *f, const char *s)
{
    if (s) scan(s, strlen(s), 0, 0, emit_file, f);
}

typedef struct bufctx {
    char *buf;
    size_t cap, n;
    bool full;
} bufctx;

static void emit_buf(void *ctx, const char *s, size_t n, bool escape)
{
    bufctx *b = ctx;
    if (b->full) return;
    if (n >= b->cap - b->n) { /* keep whole characters: cut a run only before a lead byte */
        size_t k = b->cap - b->n - 1;
        while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80) k--;
        if (escape) k = 0; /* an escape goes whole or not at all */
        memcpy(b->buf + b->n, s, k);
        b->n += k;
        b->full = true;
        return;
    }
    memcpy(b->buf + b->n, s, n);
    b->n += n;
}

size_t sl_term_esc(char *buf, size_t cap, const char *s, size_t n)
{
    bufctx b = {buf, cap, 0, false};
    if (s) scan(s, n, 0, 0, emit_buf, &b);
    buf[b.n] = 0;
    return b.n;
}
