/* out_file.c: report files written atomically. A regular (or not yet existing) file is
 * written to a temporary file beside it (mkstemp) and renamed into place on commit, so a
 * reader or a killed run never sees half a report; "-" is stdout; a special file (/dev/null,
 * /dev/full, a FIFO, a terminal) is written directly. Commit checks every write error. */
#include "output/out.h"
#include "base/sl_alloc.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

struct sl_outfile {
    FILE *f;
    char *path;     /* target */
    char *tmp;      /* temporary name, or NULL when written directly */
    bool is_stdout;
};

static void set_err(char *err, size_t errlen, const char *path, int e)
{
    if (err && errlen) snprintf(err, errlen, "%s: %s", path, strerror(e));
}

/* Opens a temporary file in path's directory; mode as the existing file's or 0666 & ~umask. */
static FILE *open_temp(sl_outfile *o, const struct stat *old, int *e)
{
    size_t n = strlen(o->path);
    o->tmp = sl_xmalloc(n + 16);
    const char *slash = strrchr(o->path, '/');
    size_t dirlen = slash ? (size_t)(slash - o->path) + 1 : 0;
    snprintf(o->tmp, n + 16, "%.*s.%s.XXXXXX", (int)dirlen, o->path, o->path + dirlen);
    int fd = mkstemp(o->tmp);
    if (fd < 0) { *e = errno; free(o->tmp); o->tmp = NULL; return NULL; }
    mode_t mode;
    if (old) mode = old->st_mode & 07777;
    else {
        mode_t um = umask(0);
        umask(um);
        mode = 0666 & ~um;
    }
    fchmod(fd, mode);
    FILE *f = fdopen(fd, "w");
    if (!f) { *e = errno; close(fd); unlink(o->tmp); free(o->tmp); o->tmp = NULL; }
    return f;
}

sl_outfile *sl_outfile_open(const char *path, char *err, size_t errlen)
{
    sl_outfile *o = sl_xcalloc(1, sizeof *o);
    if (!path || strcmp(path, "-") == 0) {
        o->f = stdout;
        o->is_stdout = true;
        o->path = sl_xstrdup("-");
        return o;
    }
    o->path = sl_xstrdup(path);
    struct stat st;
    bool exists = stat(path, &st) == 0;
    int e = 0;
    if (exists && !S_ISREG(st.st_mode)) {
        o->f = fopen(path, "w");
        e = errno;
    } else o->f = open_temp(o, exists ? &st : NULL, &e);
    if (!o->f) {
        set_err(err, errlen, path, e);
        free(o->path);
        free(o);
        return NULL;
    }
    return o;
}

FILE *sl_outfile_stream(sl_outfile *o) { return o ? o->f : NULL; }

static void outfile_release(sl_outfile *o)
{
    free(o->path);
    free(o->tmp);
    free(o);
}

/* Flushes and closes (stdout: flushes only); 0 or the errno of the first failure. */
static int finish_stream(sl_outfile *o)
{
    errno = 0;
    int e = 0;
    if (fflush(o->f) != 0) e = errno ? errno : EIO;
    if (!e && ferror(o->f)) e = EIO;
    if (o->tmp && !e && fsync(fileno(o->f)) != 0 && errno != EINVAL) e = errno;
    if (!o->is_stdout && fclose(o->f) != 0 && !e) e = errno ? errno : EIO;
    o->f = NULL;
    return e;
}

sl_status sl_outfile_commit(sl_outfile *o, char *err, size_t errlen)
{
    if (!o) return SL_EIO;
    int e = finish_stream(o);
    if (!e && o->tmp && rename(o->tmp, o->path) != 0) e = errno;
    if (e) {
        set_err(err, errlen, o->path, e);
        if (o->tmp) unlink(o->tmp);
    }
    outfile_release(o);
    return e ? SL_EIO : SL_OK;
}

void sl_outfile_abort(sl_outfile *o)
{
    if (!o) return;
    if (o->is_stdout) fflush(o->f);
    else if (o->f) fclose(o->f);
    if (o->tmp) unlink(o->tmp);
    outfile_release(o);
}
