/* sl_base.c: names for status codes and severities, and checked allocation.
 * The x-allocators exit(2) with one message on out-of-memory: in a bounded-memory
 * streaming tool that is either a bug or a hostile ulimit, never an input error. */
#include "base/sl_alloc.h"
#include "base/sl_base.h"
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

const char *sl_strerror(sl_status st)
{
    switch (st) {
    case SL_OK: return "ok";
    case SL_ENOMEM: return "out of memory";
    case SL_EIO: return "input/output error";
    case SL_EPARSE: return "parse error";
    case SL_ELIMIT: return "limit exceeded";
    case SL_ERULE: return "rule error";
    case SL_EUSAGE: return "usage error";
    }
    return "unknown error";
}

const char *sl_severity_name(sl_severity s)
{
    switch (s) {
    case SL_SEV_INFO: return "info";
    case SL_SEV_WARNING: return "warning";
    case SL_SEV_ERROR: return "error";
    default: return "none";
    }
}

int sl_severity_parse(const char *s, size_t n)
{
    static const char *const names[] = {"none", "info", "warning", "error"};
    for (int i = 0; i < 4; i++)
        if (strlen(names[i]) == n && strncasecmp(s, names[i], n) == 0) return i;
    return -1;
}

_Noreturn void sl_oom(size_t n)
{
    fprintf(stderr, "statuslint: out of memory (allocating %zu bytes)\n", n);
    exit(2);
}

void *sl_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) sl_oom(n);
    return p;
}

void *sl_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p) sl_oom(count * size);
    return p;
}

void *sl_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) sl_oom(n);
    return q;
}

char *sl_xstrndup(const char *s, size_t n)
{
    char *p = sl_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *sl_xstrdup(const char *s) { return sl_xstrndup(s, strlen(s)); }
