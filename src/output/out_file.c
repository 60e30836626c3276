/* out_file.c: report files written atomically. A regular (or not yet existing) file is
 * written to a temporary file beside it (mkstemp) and renamed into place on commit, so a
 * reader or a killed run never sees half a report; "-" is stdout; a special file (/dev/null,
 * /dev/full, a FIFO, a terminal) and anything under /dev or /proc is written directly. A
 * symbolic link is written through: the file it points to is replaced, never the link.
 * Commit checks every write error. Temporary files still open are removed when SIGINT,
 * SIGTERM or SIGHUP ends the process. */
#include "output/out.h"
#include "base/sl_alloc.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

struct sl_outfile {
    FILE *f;
    char *path;     /* target */
    char *tmp;      /* temporary name, or NULL when written directly */
    bool is_stdout;
};

/* ---- temporary files removed on a terminating signal ----
 * The handler may run at any moment on any thread, so it only reads this table (written
 * with the signals blocked) and calls unlink(), which is async-signal-safe. */
#define TEMP_SLOTS 64
static char *volatile temps[TEMP_SLOTS];
static const int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP};

static void on_signal(int sig)
{
    for (int i = 0; i < TEMP_SLOTS; i++)
        if (temps[i]) unlink(temps[i]);
    signal(sig, SIG_DFL);
    raise(sig); /* die of the signal, so the parent shell sees why */
}

void sl_outfile_cleanup_on_signals(void)
{
    for (size_t i = 0; i < SL_ARRAY_LEN(cleanup_signals); i++) {
        struct sigaction old, sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        /* a signal the caller ignores (nohup, a background job's SIGINT) stays ignored */
        if (sigaction(cleanup_signals[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN) continue;
        sigaction(cleanup_signals[i], &sa, NULL);
    }
}

/* Sets the slot holding from to to (from NULL: a free slot), signals blocked meanwhile. */
static void temp_swap(char *from, char *to)
{
    sigset_t all, old;
    sigemptyset(&all);
    for (size_t i = 0; i < SL_ARRAY_LEN(cleanup_signals); i++) sigaddset(&all, cleanup_signals[i]);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    for (int i = 0; i < TEMP_SLOTS; i++)
        if (temps[i] == from) {
            temps[i] = to;
            break;
        }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

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
    temp_swap(NULL, o->tmp);
    mode_t mode;
    if (old) mode = old->st_mode & 07777;
    else {
        mode_t um = umask(0);
        umask(um);
        mode = 0666 & ~um;
    }
    fchmod(fd, mode);
    FILE *f = fdopen(fd, "w");
    if (!f) { *e = errno; close(fd); unlink(o->tmp); temp_swap(o->tmp, NULL); free(o->tmp); o->tmp = NULL; }
    return f;
}

static bool under_dev_or_proc(const char *p)
{
    return !strncmp(p, "/dev/", 5) || !strncmp(p, "/proc/", 6);
}

char *sl_outfile_target(const char *path)
{
    char *p = sl_xstrdup(path);
    if (under_dev_or_proc(p)) return p;
    for (int depth = 0; depth < 40; depth++) {
        struct stat st;
        if (lstat(p, &st) != 0 || !S_ISLNK(st.st_mode)) return p;
        char link[PATH_MAX];
        ssize_t n = readlink(p, link, sizeof link - 1);
        if (n < 0) return p;
        link[n] = '\0';
        const char *slash = strrchr(p, '/');
        char *next;
        if (link[0] == '/' || !slash) next = sl_xstrdup(link);
        else { /* relative to the link's own directory */
            size_t dirlen = (size_t)(slash - p) + 1;
            next = sl_xmalloc(dirlen + (size_t)n + 1);
            memcpy(next, p, dirlen);
            memcpy(next + dirlen, link, (size_t)n + 1);
        }
        free(p);
        p = next;
        if (under_dev_or_proc(p)) return p;
    }
    return p; /* a loop: opening it fails with ELOOP and says so */
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
    o->path = sl_outfile_target(path);
    struct stat st;
    bool exists = stat(o->path, &st) == 0;
    int e = 0;
    if ((exists && !S_ISREG(st.st_mode)) || under_dev_or_proc(o->path)) {
        o->f = fopen(o->path, "w");
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
    if (o->tmp) temp_swap(o->tmp, NULL);
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
