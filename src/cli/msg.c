/* msg.c: the CLI's one way to print a message on stderr (see msg.h). The escaped line is
 * built first and written with one call: stderr is unbuffered, so per-byte output would be
 * a system call per byte. */
#include "cli/msg.h"
#include "base/sl_term.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void (*before_fn)(void *);
static void *before_ctx;

void sl_msg_before(void (*fn)(void *ctx), void *ctx)
{
    before_fn = fn;
    before_ctx = ctx;
}

void sl_msg(const char *fmt, ...)
{
    static const char prefix[] = "statuslint: ";
    char buf[4096], out[4 * sizeof buf + 16];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    size_t k = sizeof prefix - 1;
    memcpy(out, prefix, k);
    k += sl_term_esc(out + k, sizeof out - k - 1, buf, strlen(buf));
    out[k++] = '\n';
    if (before_fn) before_fn(before_ctx);
    fwrite(out, 1, k, stderr);
}

_Bool sl_msg_color(void) { return isatty(STDERR_FILENO) && !sl_env_set("NO_COLOR"); }

_Bool sl_env_set(const char *name)
{
    const char *v = getenv(name);
    return v && *v;
}
