/* fuzz_common.h: helpers shared by the fuzz targets: the libFuzzer entry points, a trap
 * that turns a broken invariant into a crash libFuzzer saves, exact-size copies (so ASan
 * sees any read past a line), and a touch that reads every byte of a view. It owns no
 * state and never prints except through FZ_CHECK's one line before aborting. */
#ifndef SL_FUZZ_COMMON_H
#define SL_FUZZ_COMMON_H
#include "base/sl_base.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FZ_CHECK(cond)                                                                      \
    do {                                                                                    \
        if (!(cond)) {                                                                      \
            fprintf(stderr, "fuzz invariant failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
            abort();                                                                        \
        }                                                                                   \
    } while (0)

/* A heap copy of exactly n bytes (n == 0 still gives a valid pointer). */
static inline char *fz_dup(const void *p, size_t n)
{
    char *c = malloc(n ? n : 1);
    if (!c) abort();
    if (n) memcpy(c, p, n);
    return c;
}

/* A NUL-terminated heap copy. */
static inline char *fz_strdup(const void *p, size_t n)
{
    char *c = malloc(n + 1);
    if (!c) abort();
    if (n) memcpy(c, p, n);
    c[n] = '\0';
    return c;
}

/* Reads every byte of s, so ASan checks that the view lies in live memory. */
static inline unsigned fz_touch(sl_slice s)
{
    volatile unsigned sum = 0;
    if (!s.p) return 0;
    for (size_t i = 0; i < s.n; i++) sum += (unsigned char)s.p[i];
    return sum;
}

/* Splits data at the first NUL: head (before) and tail (after; empty if no NUL). */
static inline void fz_split(const uint8_t *data, size_t size, sl_slice *head, sl_slice *tail)
{
    const uint8_t *z = memchr(data, 0, size);
    size_t hn = z ? (size_t)(z - data) : size;
    *head = sl_slice_make((const char *)data, hn);
    *tail = z ? sl_slice_make((const char *)z + 1, size - hn - 1) : sl_slice_make((const char *)data + size, 0);
}

#endif
