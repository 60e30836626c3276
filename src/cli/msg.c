/* msg.c: the CLI's one way to print a message on stderr (see msg.h). */
#include "cli/msg.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void sl_msg(const char *fmt, ...)
{
    char buf[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    fputs("statuslint: ", stderr);
    for (const unsigned char *p = (const unsigned char *)buf; *p; p++) {
        if ((*p < 0x20 && *p != '\t') || *p == 0x7f) fprintf(stderr, "\\x%02x", *p);
        else fputc(*p, stderr);
    }
    fputc('\n', stderr);
}

_Bool sl_env_set(const char *name)
{
    const char *v = getenv(name);
    return v && *v;
}
