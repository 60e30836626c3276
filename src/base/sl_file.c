/* sl_file.c: the whole-file reader of sl_file.h, in blocks through a capped buffer. */
#include "base/sl_file.h"
#include "base/sl_alloc.h"
#include "base/sl_buf.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void size_text(char *why, size_t whylen, size_t max)
{
    if (max >= (1u << 20) && max % (1u << 20) == 0)
        snprintf(why, whylen, "larger than %zu MiB", max >> 20);
    else
        snprintf(why, whylen, "larger than %zu bytes", max);
}

char *sl_file_read(const char *path, size_t max, size_t *len, bool *opened, char *why,
                   size_t whylen)
{
    FILE *fp = fopen(path, "rb");
    if (opened) *opened = fp != NULL;
    if (!fp) {
        snprintf(why, whylen, "%s", strerror(errno));
        return NULL;
    }
    sl_buf b;
    char chunk[65536];
    size_t n;
    bool big = false;
    sl_buf_init(&b, max);
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
        if (sl_buf_put(&b, chunk, n) != SL_OK) {
            big = true;
            break;
        }
    int err = ferror(fp) ? errno : 0;
    bool bad = big || err || !feof(fp);
    fclose(fp);
    if (bad) {
        if (big) size_text(why, whylen, max);
        else snprintf(why, whylen, "%s", err ? strerror(err) : "read stopped before the end");
        sl_buf_fini(&b);
        return NULL;
    }
    *len = b.n;
    return b.p ? b.p : sl_xstrdup("");
}
