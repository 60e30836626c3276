/* sl_diag.h: diagnostics for rule files, configs and format strings.
 * The library never prints: it appends to an sl_diags list, and cli/ renders it as
 *   FILE:LINE:COL: error: message
 *     source line
 *          ^~~~
 * Lines and columns are 1-based; col 0 means "no column"; line 0 means "no line". */
#ifndef SL_DIAG_H
#define SL_DIAG_H
#include "base/sl_base.h"
#include <stdio.h>

typedef enum sl_diag_level { SL_DIAG_ERROR, SL_DIAG_WARNING, SL_DIAG_NOTE } sl_diag_level;

typedef struct sl_diag {
    sl_diag_level level;
    char *file;     /* owned */
    int line, col;  /* 1-based; 0 = unknown */
    int end_col;    /* exclusive end column of the underline; <= col means a single caret */
    char *src;      /* owned copy of the source line, or NULL */
    char *msg;      /* owned */
} sl_diag;

typedef struct sl_diags {
    sl_diag *v;
    size_t n, cap;
    size_t errors, warnings;
    size_t max;     /* stop storing after this many (counts still grow); default 200 */
} sl_diags;

void sl_diags_init(sl_diags *d);
void sl_diags_fini(sl_diags *d);
/* src/srclen: the whole source line (may be NULL); it is copied. */
void sl_diags_add(sl_diags *d, sl_diag_level lv, const char *file, int line, int col, int end_col,
                  const char *src, size_t srclen, const char *fmt, ...)
    __attribute__((format(printf, 9, 10)));
/* Finds line `line` (1-based) in text and returns it (without newline) via out and outlen. */
bool sl_text_line(const char *text, size_t len, int line, const char **out, size_t *outlen);
/* Renders every diagnostic, in order of insertion, sorted by nothing. */
void sl_diags_print(const sl_diags *d, FILE *f, bool color);

#endif
