/* msg.c: the CLI's one way to print a message on stderr (see msg.h). The escaped line is
 * built first and written with one call: stderr is unbuffered, so per-byte output would be
 * a system call per byte. */
#include "cli/msg.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void sl_msg(const char *fmt, ...)
{
    char buf[4096], out[4 * sizeof buf + 16];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    size_t k = 0;
    for (const char *s = "statuslint: "; *s; s++) out[k++] = *s;
    static const char hex[] = "0123456789abcdef";
    for (const unsigned char *p = (const unsigned char *)buf; *p; p++) {
        if ((*p < 0x20 && *p != '\t') || *p == 0x7f) {
            out[k++] = '\\', out[k++] = 'x', out[k++] = hex[*p >> 4], out[k++] = hex[*p & 15];
        } else {
            out[k++] = (char)*p;
        }
    }
    out[k++] = '\n';
    fwrite(out, 1, k, stderr);
}

_Bool sl_env_set(const char *name)
{
    const char *v = getenv(name);
    return v && *v;
}
