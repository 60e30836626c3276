/* sl_buf.c: growable byte buffer with a hard cap. Appends past the cap fail with SL_ELIMIT
 * and leave the buffer as it was, so callers can report "too long" instead of growing
 * without bound on hostile input. */
#include "base/sl_buf.h"
#include "base/sl_alloc.h"
#include <stdio.h>
#include <stdlib.h>

void sl_buf_init(sl_buf *b, size_t max) { *b = (sl_buf){NULL, 0, 0, max}; }

void sl_buf_fini(sl_buf *b)
{
    free(b->p);
    *b = (sl_buf){NULL, 0, 0, b->max};
}

void sl_buf_clear(sl_buf *b)
{
    b->n = 0;
    if (b->p) b->p[0] = '\0';
}

static sl_status reserve(sl_buf *b, size_t add)
{
    if (b->max && (add > b->max || b->n > b->max - add)) return SL_ELIMIT;
    size_t need = b->n + add + 1;
    if (need <= b->cap) return SL_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) cap *= 2;
    b->p = sl_xrealloc(b->p, cap);
    b->cap = cap;
    return SL_OK;
}

sl_status sl_buf_room(sl_buf *b, size_t n) { return reserve(b, n); }

sl_status sl_buf_put(sl_buf *b, const void *p, size_t n)
{
    sl_status st = reserve(b, n);
    if (st) return st;
    if (n) memcpy(b->p + b->n, p, n);
    b->n += n;
    b->p[b->n] = '\0';
    return SL_OK;
}

sl_status sl_buf_putc(sl_buf *b, char c) { return sl_buf_put(b, &c, 1); }
sl_status sl_buf_puts(sl_buf *b, const char *s) { return sl_buf_put(b, s, strlen(s)); }

sl_status sl_buf_vprintf(sl_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) return SL_EPARSE;
    sl_status st = reserve(b, (size_t)n);
    if (st) return st;
    vsnprintf(b->p + b->n, (size_t)n + 1, fmt, ap);
    b->n += (size_t)n;
    return SL_OK;
}

sl_status sl_buf_printf(sl_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sl_status st = sl_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return st;
}
