/* sl_diag.c: collects diagnostics (rule files, settings, format strings) and renders them
 * gcc/jq style: "FILE:LINE:COL: error: msg", the source line, and a caret underline.
 * File names and messages go through the terminal escaper (sl_term.h); characters it would
 * escape are shown as '?' in echoed source lines, so a hostile file cannot drive the terminal. */
#include "base/sl_diag.h"
#include "base/sl_alloc.h"
#include "base/sl_term.h"
#include <stdarg.h>
#include <stdlib.h>

void sl_diags_init(sl_diags *d) { *d = (sl_diags){.max = 200}; }

void sl_diags_fini(sl_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].file);
        free(d->v[i].src);
        free(d->v[i].msg);
    }
    free(d->v);
    *d = (sl_diags){.max = d->max};
}

void sl_diags_add(sl_diags *d, sl_diag_level lv, const char *file, int line, int col, int end_col,
                  const char *src, size_t srclen, const char *fmt, ...)
{
    if (lv == SL_DIAG_ERROR) d->errors++;
    else if (lv == SL_DIAG_WARNING) d->warnings++;
    if (d->max && d->n >= d->max) return;
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 8;
        d->v = sl_xrealloc(d->v, d->cap * sizeof *d->v);
    }
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    d->v[d->n++] = (sl_diag){lv, file ? sl_xstrdup(file) : NULL, line, col, end_col,
                             src ? sl_xstrndup(src, srclen > 4096 ? 4096 : srclen) : NULL,
                             sl_xstrdup(msg)};
}

bool sl_text_line(const char *text, size_t len, int line, const char **out, size_t *outlen)
{
    const char *p = text, *end = text + len;
    for (int l = 1; l < line; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) return false;
        p = nl + 1;
    }
    if (p > end || line < 1) return false;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
    if (n && p[n - 1] == '\r') n--;
    *out = p;
    *outlen = n;
    return true;
}

static void print_src(const sl_diag *g, FILE *f)
{
    fputs("  ", f);
    /* one '?' per byte keeps the caret under its byte column */
    sl_term_write_ex(f, g->src, strlen(g->src), SL_TERM_MASK, 0);
    fputc('\n', f);
    if (g->col < 1) return;
    fputs("  ", f);
    size_t srclen = strlen(g->src); /* src stops at an embedded NUL; col may point past it */
    for (int i = 1; i < g->col; i++)
        fputc((size_t)(i - 1) < srclen && g->src[i - 1] == '\t' ? '\t' : ' ', f);
    fputc('^', f);
    for (int i = g->col + 1; i < g->end_col; i++) fputc('~', f);
    fputc('\n', f);
}

void sl_diags_print(const sl_diags *d, FILE *f, bool color)
{
    static const char *const names[] = {"error", "warning", "note"};
    static const char *const colors[] = {"\033[1;31m", "\033[1;35m", "\033[1;36m"};
    for (size_t i = 0; i < d->n; i++) {
        const sl_diag *g = &d->v[i];
        if (g->file) {
            sl_term_puts(f, g->file); /* names are data: shown, never acted on */
            if (g->line > 0) fprintf(f, ":%d", g->line);
            if (g->line > 0 && g->col > 0) fprintf(f, ":%d", g->col);
            fputs(": ", f);
        } else {
            fputs("statuslint: ", f);
        }
        if (color) fprintf(f, "%s%s:\033[0m ", colors[g->level], names[g->level]);
        else fprintf(f, "%s: ", names[g->level]);
        sl_term_puts(f, g->msg);
        fputc('\n', f);
        if (g->src) print_src(g, f);
    }
    if (d->n < d->errors + d->warnings)
        fprintf(f, "statuslint: %zu more diagnostics not shown\n", d->errors + d->warnings - d->n);
}
