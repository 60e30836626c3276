/* sl_buf.h: a growable byte buffer with a hard cap (curl's dynbuf idea).
 * Caller-owned struct: sl_buf_init / sl_buf_fini. Appends past the cap fail with SL_ELIMIT
 * and leave the buffer unchanged. */
#ifndef SL_BUF_H
#define SL_BUF_H
#include "base/sl_base.h"
#include <stdarg.h>

typedef struct sl_buf {
    char *p;      /* always NUL-terminated when non-NULL */
    size_t n;     /* bytes used (excluding the NUL) */
    size_t cap;   /* bytes allocated */
    size_t max;   /* hard limit on n; 0 = unlimited */
} sl_buf;

void sl_buf_init(sl_buf *b, size_t max);
void sl_buf_fini(sl_buf *b);
void sl_buf_clear(sl_buf *b);
sl_status sl_buf_put(sl_buf *b, const void *p, size_t n);
/* Room for n more bytes after b->n (and the NUL), to write in place and then add to b->n. */
sl_status sl_buf_room(sl_buf *b, size_t n);
sl_status sl_buf_putc(sl_buf *b, char c);
sl_status sl_buf_puts(sl_buf *b, const char *s);
sl_status sl_buf_printf(sl_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
sl_status sl_buf_vprintf(sl_buf *b, const char *fmt, va_list ap);

#endif
