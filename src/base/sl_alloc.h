/* sl_alloc.h: checked allocation. The core library never exits on bad input, but running
 * out of memory in a constant-memory streaming tool is a bug or a hostile limit: the
 * x-functions print one message and exit(2). Use them for setup and per-file state;
 * the per-line hot path allocates nothing. */
#ifndef SL_ALLOC_H
#define SL_ALLOC_H
#include <stddef.h>

void *sl_xmalloc(size_t n);
void *sl_xcalloc(size_t count, size_t size);
void *sl_xrealloc(void *p, size_t n);
char *sl_xstrdup(const char *s);
char *sl_xstrndup(const char *s, size_t n);
/* The out-of-memory exit itself: one message naming the size, then exit(2). Never returns,
 * so callers (and the static analyzer) know a failed allocation cannot fall through. */
_Noreturn void sl_oom(size_t n);

#endif
