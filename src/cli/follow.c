/* follow.c: `statuslint follow [OPTIONS] PATH...`: reads logs as they grow and keeps going.
 *
 * Files are polled (every 100 ms, 20 ms while data keeps coming) and known by (device,
 * inode), never by name alone, so each line is read exactly once across rotations:
 *  - rename and create: the name points at a new inode; the old descriptor stays open and
 *    is read until it has been idle for a while (a server may still write to it), then the
 *    new file is read from its start;
 *  - copytruncate: the bytes before our offset changed or the file shrank; the lines between
 *    our offset and the truncation are read from the copy beside it (NAME.1, NAME-DATE ...)
 *    when its bytes before that offset are ours, then the file is read again from 0;
 *  - delaycompress, delete and recreate: as rename (the name is gone or a new inode);
 *  - a directory: every regular file in it is followed, except rotated copies (NAME.N,
 *    NAME-YYYYMMDD, compressed files) that are not an inode already followed; a file that
 *    appears later is read from its start.
 * Each file is a line stream of one engine analysis (engine/stream.h): the engine holds a
 * partial last line until its newline arrives, detects the format, parses, evaluates, counts
 * and sends findings to the sinks as each read is parsed, on this thread, with a worker per
 * file (stateful formats keep their state per file). Text and jsonl are flushed after each
 * turn; the end-of-run formats are written on SIGINT/SIGTERM. SIGHUP reopens the output files (logrotate of our own).
 * With --state, each file's lines are committed to the store in batches (at most a second or
 * COMMIT_LINES lines apart, and when the file ends), with how far it was read, in one
 * transaction; a restart resumes every file from its last commit (see state_place). */
#include "base/sl_alloc.h"
#include "cli/live.h"
#include "cli/logfmt.h"
#include "cli/msg.h"
#include "cli/progress.h"
#include "cli/run.h"
#include "engine/engine.h"
#include "engine/stream.h"
#include "state/st_store.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define READ_CAP (1u << 20)      /* bytes read from one file per turn */
#define TAIL_KEEP 64             /* bytes before the offset compared to spot a truncation */
#define RETIRE_IDLE 2.0          /* seconds a rotated-away file stays open after its last byte */
#define MAX_REJECT_MSGS 20       /* rejected lines told on stderr; all are counted */
#define COMMIT_SECONDS 1.0       /* --state: a batch is committed at most this long after it began */
#define COMMIT_LINES 100000      /* ... or when it holds this many lines */
#define STATE_ENTRIES 8          /* --state: earlier inputs of one name looked for at a restart */

struct follower;

typedef struct tracked {
    struct follower *fl;
    char *name;                  /* display name */
    char *dir;                   /* the followed directory it was found in, or NULL */
    int fd;
    dev_t dev;
    ino_t ino;
    off_t pos;
    bool retired;                /* its name no longer leads here: drain, then close */
    bool dead;                   /* rewritten after rotation: never read again */
    bool is_stdin;
    double last_data;
    char tail[TAIL_KEEP];
    size_t ntail;
    sl_stream *s;                /* its lines in the engine */
    bool st_on;                  /* --state: recorded in the store */
    sl_state_file sf;            /* its entry there */
    sl_state_counts batch;       /* lines of the batch not yet committed */
    struct tracked *next;
} tracked;

typedef struct follower {
    const sl_opts *o;
    sl_fields *ft;
    sl_ruleset *rs;
    sl_config cfg;
    bool have_cfg;
    sl_format_opts fopts;
    sl_format *forced;
    sl_live *live;
    tracked *files;
    sl_analysis *a;                   /* the engine: every file's stream, the summary */
    sl_fanout fan;                    /* the sinks */
    FILE *streams[SL_MAX_SINKS];      /* appended files (streaming formats), reopened on HUP */
    sl_outfile *outs[SL_MAX_SINKS];   /* end-of-run formats, renamed into place at the end */
    char *buf;                        /* read buffer */
    bool failed_output;
    sl_state *state;                  /* --state */
    tracked *st_cur;                  /* the file whose batch the store holds */
    double st_since;                  /* when that batch began */
    bool st_used;                     /* the store had inputs before this run */
    bool st_failed;                   /* a commit failed (said once) */
    bool stopping;                    /* SIGINT/SIGTERM: the lines in hand are being read */
} follower;

static volatile sig_atomic_t stop_signal, reopen_signal;

static void on_stop(int sig) { stop_signal = sig; }
static void on_hup(int sig) { (void)sig, reopen_signal = 1; }

/* ---- outputs ---- */

static bool streaming_format(const char *name)
{
    return !strcmp(name, "text") || !strcmp(name, "jsonl") || !strcmp(name, "github");
}

static FILE *open_append(const char *path)
{
    FILE *f = fopen(path, "a");
    if (f) setvbuf(f, NULL, _IOLBF, 0);
    return f;
}

static bool open_sinks(follower *fl)
{
    const sl_opts *o = fl->o;
    sl_output outs[SL_MAX_SINKS];
    size_t n = sl_outputs(o, outs);
    char err[512];
    for (size_t i = 0; i < n; i++) {
        const char *path = outs[i].path, *fmt = outs[i].format;
        FILE *f;
        if (!path || !strcmp(path, "-")) {
            f = stdout;
            setvbuf(stdout, NULL, _IOLBF, 0);
        } else if (streaming_format(fmt)) {
            if (!(f = fl->streams[i] = open_append(path))) {
                sl_msg("%s: %s", path, strerror(errno));
                return false;
            }
        } else {
            if (!(fl->outs[i] = sl_outfile_open(path, err, sizeof err))) {
                sl_msg("%s", err);
                return false;
            }
            f = sl_outfile_stream(fl->outs[i]);
        }
        sl_sink_opts so = sl_output_sink_opts(o, fmt, o->color == 1);
        so.group = so.timestamps = false; /* a line per finding as it comes; no log-time samples */
        if (sl_fanout_open(&fl->fan, fmt, f, fl->rs, &so, false, SL_SEV_INFO) != SL_OK) {
            sl_msg("cannot start the %s output", fmt);
            return false;
        }
    }
    return true;
}

/* SIGHUP: the appended outputs are closed and opened again by name (a logrotate of our
 * own files moved them away). */
static void reopen_outputs(follower *fl)
{
    for (size_t i = 0; i < fl->fan.n; i++) {
        if (!fl->streams[i]) continue;
        const char *path = fl->o->outputs[i];
        fflush(fl->streams[i]);
        FILE *f = open_append(path);
        if (!f) {
            sl_msg("SIGHUP: %s: %s (still writing to the old file)", path, strerror(errno));
            continue;
        }
        fclose(fl->streams[i]);
        fl->streams[i] = f;
        fl->fan.sinks[i]->out = f;
        fl->fan.dead[i] = false; /* a fresh file: findings go to it again */
    }
}

static void flush_outputs(follower *fl)
{
    for (size_t i = 0; i < fl->fan.n; i++) {
        FILE *f = fl->fan.sinks[i] ? fl->fan.sinks[i]->out : NULL;
        if (f && !fl->outs[i] && (fflush(f) != 0 || ferror(f)) && !fl->failed_output) {
            sl_msg("%s: %s", fl->o->nsinks && fl->o->outputs[i] ? fl->o->outputs[i] : "stdout",
                   strerror(errno));
            fl->failed_output = true;
        }
    }
}

static bool close_sinks(follower *fl, const sl_summary *sum)
{
    bool ok = !fl->failed_output;
    char err[512];
    for (size_t i = 0; i < fl->fan.n; i++) {
        sl_sink *s = fl->fan.sinks[i];
        if (s && s->vt->end(s, sum) != SL_OK) ok = false;
        sl_sink_free(s);
        if (fl->outs[i] && sl_outfile_commit(fl->outs[i], err, sizeof err) != SL_OK) {
            sl_msg("%s", err);
            ok = false;
        }
        if (fl->streams[i] && fclose(fl->streams[i]) != 0) ok = false;
    }
    if (fflush(stdout) != 0) ok = false;
    fl->fan.n = 0;
    return ok;
}

/* A follow that could not start writes no report. */
static void abort_sinks(follower *fl)
{
    for (size_t i = 0; i < fl->fan.n; i++) {
        sl_sink_free(fl->fan.sinks[i]);
        if (fl->outs[i]) sl_outfile_abort(fl->outs[i]);
        if (fl->streams[i]) fclose(fl->streams[i]);
    }
    fl->fan.n = 0;
}

/* ---- the state store (--state) ---- */

/* Commits the batch the store holds (the lines of one file since its last commit). */
static void state_commit(follower *fl, bool content_gone)
{
    tracked *t = fl->st_cur;
    if (!t) return;
    fl->st_since = sl_now();
    t->batch.total_lines = sl_stream_line(t->s);
    t->batch.total_bytes = (uint64_t)t->pos - sl_stream_pending(t->s); /* whole lines only */
    char err[512];
    if (sl_state_file_commit(fl->state, &t->sf, t->dead || content_gone ? -1 : t->fd, &t->batch, err,
                             sizeof err) && !fl->st_failed) {
        sl_msg("%s (the lines since the last commit will be read again by the next run)", err);
        fl->st_failed = true;
    }
    t->batch = (sl_state_counts){0};
}

/* The engine is about to merge a job of t (done) or write out its findings so far: t
 * becomes the store's current input (after committing another file's batch), whose days
 * and findings the engine then records; the job's lines join t's batch and /metrics. */
static void before_merge(void *ctx, const sl_job *j, bool done)
{
    tracked *t = ctx;
    follower *fl = t->fl;
    if (done && fl->live) sl_live_add(fl->live, j);
    if (!t->st_on) return;
    if (fl->st_cur != t) {
        state_commit(fl, false);
        sl_state_file_select(fl->state, &t->sf, t->name);
        fl->st_cur = t;
        fl->st_since = sl_now();
    }
    if (!done) return;
    t->batch.lines += j->lines;
    t->batch.records += j->records;
    t->batch.rejected += j->rejected;
    t->batch.skipped += j->skipped;
}

/* The loop's turn: a batch a second old, or a big one, is committed. */
static void state_tick(follower *fl)
{
    if (fl->st_cur && (sl_now() - fl->st_since >= COMMIT_SECONDS ||
                       fl->st_cur->batch.lines >= COMMIT_LINES))
        state_commit(fl, false);
}

/* t's content is about to change under it (copytruncate) or t is closed: its batch is
 * committed, and what it reads next is a new input. */
static void state_release(follower *fl, tracked *t, bool new_content)
{
    if (!t->st_on) return;
    if (fl->st_cur == t) state_commit(fl, new_content);
    fl->st_cur = fl->st_cur == t ? NULL : fl->st_cur;
    if (new_content) t->sf = (sl_state_file){0};
}

/* Takes in bytes read from t (the engine parses its whole lines, keeps the rest); the last
 * bytes are kept to spot a truncation. */
static void take(follower *fl, tracked *t, const char *p, size_t n)
{
    if (!n) return;
    if (n >= TAIL_KEEP) {
        memcpy(t->tail, p + n - TAIL_KEEP, TAIL_KEEP);
        t->ntail = TAIL_KEEP;
    } else {
        size_t keep = t->ntail + n > TAIL_KEEP ? TAIL_KEEP - n : t->ntail;
        memmove(t->tail, t->tail + t->ntail - keep, keep);
        memcpy(t->tail + keep, p, n);
        t->ntail = keep + n;
    }
    sl_stream_feed(t->s, p, n);
}

/* ---- files ---- */

static tracked *track(follower *fl, const char *name, const char *dir, int fd,
                      const struct stat *st, bool at_end)
{
    tracked *t = sl_xcalloc(1, sizeof *t);
    t->name = sl_xstrdup(name);
    t->dir = dir ? sl_xstrdup(dir) : NULL;
    t->fd = fd;
    t->dev = st->st_dev;
    t->ino = st->st_ino;
    t->fl = fl;
    t->s = sl_stream_open(fl->a, name, &(sl_stream_opts){.routes = fl->live != NULL,
                                                         .before_merge = before_merge, .ctx = t});
    t->last_data = sl_now();
    t->is_stdin = fd == STDIN_FILENO;
    if (at_end && S_ISREG(st->st_mode)) {
        t->pos = st->st_size;
        /* the bytes before the offset, to spot a truncation that grows back past it */
        size_t k = t->pos < TAIL_KEEP ? (size_t)t->pos : TAIL_KEEP;
        ssize_t got = pread(fd, t->tail, k, t->pos - (off_t)k);
        t->ntail = got > 0 ? (size_t)got : 0;
        if (t->ntail != k) t->ntail = 0;
    }
    t->next = fl->files;
    fl->files = t;
    if (fl->live) sl_live_file_opened(fl->live);
    return t;
}

static void untrack(follower *fl, tracked *t)
{
    /* stopping with a store: a partial last line waits for the next run, which reads it
     * whole from the last commit */
    if (t->st_on && fl->stopping && !t->retired) {
        t->pos -= (off_t)sl_stream_pending(t->s);
        sl_stream_drop_pending(t->s);
    }
    sl_stream_flush(t->s);
    state_release(fl, t, false);
    tracked **pp = &fl->files;
    while (*pp != t) pp = &(*pp)->next;
    *pp = t->next;
    if (t->fd >= 0 && !t->is_stdin) close(t->fd);
    sl_stream_close(t->s);
    free(t->name);
    free(t->dir);
    free(t);
}

static tracked *find_inode(follower *fl, dev_t dev, ino_t ino)
{
    for (tracked *t = fl->files; t; t = t->next)
        if (!t->is_stdin && t->dev == dev && t->ino == ino) return t;
    return NULL;
}

/* Our own outputs (report files, a redirected stdout or stderr) are never inputs: following
 * them would feed each finding back in. */
static bool own_output(follower *fl, const struct stat *st)
{
    size_t n = fl->fan.n;
    for (size_t i = 0; i < n + 2; i++) {
        FILE *f = i < n ? (fl->fan.sinks[i] ? fl->fan.sinks[i]->out : NULL)
                        : i == n ? stdout : stderr;
        struct stat o;
        if (f && fstat(fileno(f), &o) == 0 && S_ISREG(o.st_mode) && o.st_dev == st->st_dev &&
            o.st_ino == st->st_ino)
            return true;
    }
    return false;
}

static tracked *find_active_name(follower *fl, const char *name)
{
    for (tracked *t = fl->files; t; t = t->next)
        if (!t->retired && !t->dir && !strcmp(t->name, name)) return t;
    return NULL;
}

static bool has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), k = strlen(suf);
    return n >= k && !strcmp(s + n - k, suf);
}

/* A rotated copy or archive, not a log being written: NAME.N, NAME-YYYYMMDD[HH],
 * compressed, ".old", or a hidden file. */
static bool rotated_name(const char *name)
{
    static const char *const comp[] = {".gz", ".bz2", ".xz", ".zst", ".lz4", ".zip", ".Z",
                                       ".old", ".bak", ".tmp"};
    if (name[0] == '.') return true;
    for (size_t i = 0; i < SL_ARRAY_LEN(comp); i++)
        if (has_suffix(name, comp[i])) return true;
    const char *end = name + strlen(name), *p = end;
    while (p > name && p[-1] >= '0' && p[-1] <= '9') p--;
    if (p == end || p == name) return false;
    return p[-1] == '.' || (p[-1] == '-' && end - p >= 8);
}

static char *join(const char *dir, const char *name)
{
    size_t dn = strlen(dir), nn = strlen(name);
    char *s = sl_xmalloc(dn + nn + 2);
    snprintf(s, dn + nn + 2, "%s%s%s", dir, dn && dir[dn - 1] != '/' ? "/" : "", name);
    return s;
}

static int open_log(const char *path, struct stat *st)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return -1;
    if (fstat(fd, st) != 0 || S_ISDIR(st->st_mode)) {
        close(fd);
        errno = EISDIR;
        return -1;
    }
    return fd;
}

/* Moves t's read offset to pos (its earlier bytes are taken as read). */
static void seek_to(tracked *t, off_t pos)
{
    t->pos = pos;
    size_t k = pos < TAIL_KEEP ? (size_t)pos : TAIL_KEEP;
    ssize_t got = pread(t->fd, t->tail, k, pos - (off_t)k);
    t->ntail = got == (ssize_t)k ? k : 0;
}

/* --state, a rotated copy beside path (NAME.1, NAME-DATE: not compressed) that is the input
 * e and has grown past what was committed of it: read from there, then closed. */
static bool state_catch_up(follower *fl, const char *path, const sl_state_file *e)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? sl_xstrndup(path, (size_t)(slash - path + 1)) : sl_xstrdup(".");
    const char *base = slash ? slash + 1 : path;
    size_t bn = strlen(base);
    DIR *d = opendir(dir);
    bool found = false;
    struct dirent *de;
    while (d && !found && (de = readdir(d))) {
        if (strncmp(de->d_name, base, bn) != 0 || !de->d_name[bn] || !rotated_name(de->d_name))
            continue;
        char *copy = join(dir, de->d_name);
        struct stat st;
        int fd = open_log(copy, &st);
        if (fd >= 0 && S_ISREG(st.st_mode) && !find_inode(fl, st.st_dev, st.st_ino) &&
            sl_state_file_is(e, fd)) {
            found = true;
            if ((uint64_t)st.st_size > e->bytes) {
                tracked *c = track(fl, copy, NULL, fd, &st, false);
                c->st_on = true;
                sl_stream_set_state(c->s, true);
                c->sf = *e;
                c->sf.read = 0;
                sl_stream_set_line(c->s, e->lines);
                c->retired = true; /* drained, then closed */
                seek_to(c, (off_t)e->bytes);
                fd = -1;
            }
        }
        if (fd >= 0) close(fd);
        free(copy);
    }
    if (d) closedir(d);
    free(dir);
    return found;
}

/* --state: where a file just found starts. At startup, a file that is an input the store
 * knows under its name resumes at its last commit; rotated copies of earlier inputs of that
 * name are read from their last commit (rotated while no follower ran); a file the store does
 * not know is read from its start if the store was used before (it appeared or was rotated
 * in meanwhile), else as without a store (its end, or --from-start). */
static void state_place(follower *fl, tracked *t, bool first)
{
    struct stat st;
    if (t->is_stdin || fstat(t->fd, &st) != 0 || !S_ISREG(st.st_mode)) return;
    t->st_on = true;
    sl_stream_set_state(t->s, true);
    if (!first) return; /* appeared later: read from its start, a new input */
    sl_state_file e[STATE_ENTRIES];
    size_t n = sl_state_files_of(fl->state, t->name, e, STATE_ENTRIES);
    bool placed = false;
    for (size_t i = 0; i < n; i++) {
        if (!placed && sl_state_file_is(&e[i], t->fd)) {
            t->sf = e[i];
            sl_stream_set_line(t->s, e[i].lines);
            seek_to(t, (off_t)e[i].bytes);
            placed = true;
        } else {
            (void)state_catch_up(fl, t->name, &e[i]);
        }
    }
    if (!placed && (n || fl->st_used)) seek_to(t, 0);
    if (!placed) sl_state_file_head(&t->sf, t->fd);
}

/* A followed file name: a new inode behind it retires the old one. */
static void scan_file(follower *fl, const char *path, bool first)
{
    struct stat st;
    tracked *t = find_active_name(fl, path);
    if (stat(path, &st) != 0) {
        if (t) t->retired = true; /* deleted or renamed away: drain what it still gets */
        if (first && !fl->o->quiet)
            sl_msg("note: %s: %s; waiting for it to appear", path, strerror(errno));
        return;
    }
    if (t && t->dev == st.st_dev && t->ino == st.st_ino) return;
    if (t) t->retired = true;
    if (find_inode(fl, st.st_dev, st.st_ino)) return; /* e.g. renamed back */
    if (own_output(fl, &st)) {
        if (first) sl_msg("note: %s: skipped: statuslint writes its output there", path);
        return;
    }
    int fd = open_log(path, &st);
    if (fd < 0) {
        if (first) sl_msg("%s: %s", path, strerror(errno));
        return;
    }
    tracked *nt = track(fl, path, NULL, fd, &st, first && !fl->o->from_start);
    if (fl->state) state_place(fl, nt, first);
}

/* A followed directory: its regular files, by inode. */
static void scan_dir(follower *fl, const char *dir, bool first)
{
    DIR *d = opendir(dir);
    if (!d) {
        if (first) sl_msg("%s: %s", dir, strerror(errno));
        return;
    }
    for (tracked *t = fl->files; t; t = t->next) t->retired |= t->dir && !strcmp(t->dir, dir);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char *path = join(dir, e->d_name);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            tracked *t = find_inode(fl, st.st_dev, st.st_ino);
            if (t && t->dir && !strcmp(t->dir, dir)) {
                t->retired = t->dead;
                if (strcmp(t->name, path) != 0) { /* renamed: findings say where it is now */
                    free(t->name);
                    t->name = sl_xstrdup(path);
                    sl_stream_rename(t->s, path);
                }
            } else if (!t && !rotated_name(e->d_name) && !own_output(fl, &st)) {
                int fd = open_log(path, &st);
                if (fd >= 0) {
                    tracked *nt = track(fl, path, dir, fd, &st, first && !fl->o->from_start);
                    if (fl->state) state_place(fl, nt, first);
                }
            }
        }
        free(path);
    }
    closedir(d);
}

static void scan(follower *fl, bool first)
{
    for (size_t i = 0; i < fl->o->nargs; i++) {
        const char *a = fl->o->args[i];
        struct stat st;
        if (!strcmp(a, "-")) {
            if (first) {
                fstat(STDIN_FILENO, &st);
                track(fl, fl->o->stdin_filename ? fl->o->stdin_filename : "-", NULL, STDIN_FILENO,
                      &st, false);
            }
        } else if (stat(a, &st) == 0 && S_ISDIR(st.st_mode)) {
            scan_dir(fl, a, first);
        } else {
            scan_file(fl, a, first);
        }
    }
}

/* A copytruncate copy of t beside it: a rotated name starting with t's base name, whose
 * bytes before t->pos are the ones we read. Reads the copy from t->pos to its end. */
static bool catch_up_from_copy(follower *fl, tracked *t)
{
    if (t->ntail < TAIL_KEEP && t->pos != (off_t)t->ntail) return false;
    const char *slash = strrchr(t->name, '/');
    char *dir = slash ? sl_xstrndup(t->name, (size_t)(slash - t->name + 1)) : sl_xstrdup(".");
    const char *base = slash ? slash + 1 : t->name;
    size_t bn = strlen(base);
    DIR *d = opendir(dir);
    bool done = false;
    struct dirent *e;
    while (d && !done && (e = readdir(d))) {
        if (strncmp(e->d_name, base, bn) != 0 || !e->d_name[bn] || !rotated_name(e->d_name)) continue;
        char *path = join(dir, e->d_name);
        struct stat st;
        int fd = open_log(path, &st);
        free(path);
        if (fd < 0) continue;
        char head[TAIL_KEEP];
        if (st.st_ino != t->ino && st.st_size >= t->pos &&
            pread(fd, head, t->ntail, t->pos - (off_t)t->ntail) == (ssize_t)t->ntail &&
            !memcmp(head, t->tail, t->ntail)) {
            off_t at = t->pos;
            ssize_t got;
            while ((got = pread(fd, fl->buf, READ_CAP, at)) > 0) {
                take(fl, t, fl->buf, (size_t)got);
                at += got;
            }
            t->pos = at; /* how far the old content was read, for --state */
            done = true;
        }
        close(fd);
    }
    if (d) closedir(d);
    free(dir);
    return done;
}

/* The bytes before our offset are not the ones we read, or the file shrank. */
static bool truncated(tracked *t, const struct stat *st)
{
    if (st->st_size < t->pos) return true;
    if (!t->ntail || t->pos < (off_t)t->ntail) return false;
    char b[TAIL_KEEP];
    return pread(t->fd, b, t->ntail, t->pos - (off_t)t->ntail) != (ssize_t)t->ntail ||
           memcmp(b, t->tail, t->ntail) != 0;
}

/* Reads what t has gained; returns the bytes read. */
static size_t pump(follower *fl, tracked *t)
{
    size_t total = 0;
    if (t->dead) return 0;
    if (t->is_stdin) {
        ssize_t got = read(t->fd, fl->buf, READ_CAP);
        if (got > 0) {
            take(fl, t, fl->buf, (size_t)got);
            t->last_data = sl_now();
            return (size_t)got;
        }
        if (got == 0 || (errno != EAGAIN && errno != EINTR)) t->retired = true, t->last_data = 0;
        return 0;
    }
    struct stat st;
    if (fstat(t->fd, &st) != 0) return 0;
    if (S_ISREG(st.st_mode) && truncated(t, &st)) {
        const char *slash = strrchr(t->name, '/');
        if (t->retired || rotated_name(slash ? slash + 1 : t->name)) {
            /* a rotated-away file rewritten (a copy made over it): what it holds now is
             * read through the live file's catch-up, never again from here */
            sl_stream_flush(t->s);
            t->retired = t->dead = true, t->last_data = 0;
            return 0;
        }
        (void)catch_up_from_copy(fl, t);
        sl_stream_flush(t->s); /* a partial line left is all there is of it */
        state_release(fl, t, true);
        t->pos = 0;
        sl_stream_set_line(t->s, 0);
        t->ntail = 0;
    }
    for (int turns = 0; turns < 8; turns++) {
        ssize_t got = pread(t->fd, fl->buf, READ_CAP, t->pos);
        if (got < 0 && errno == ESPIPE) got = read(t->fd, fl->buf, READ_CAP);
        if (got < 0 && (errno == EAGAIN || errno == EINTR)) break;
        if (got < 0) {
            sl_stream_read_error(t->s, strerror(errno));
            if (fl->live) sl_live_input_error(fl->live);
            t->retired = true, t->last_data = 0;
            break;
        }
        if (got == 0) break;
        t->pos += got;
        take(fl, t, fl->buf, (size_t)got);
        total += (size_t)got;
    }
    if (total) t->last_data = sl_now();
    return total;
}

/* ---- the command ---- */

static bool start(follower *fl)
{
    const sl_opts *o = fl->o;
    fl->fopts.csv_map = o->csv_map;
    const char *lf = o->log_format ? o->log_format : fl->cfg.log_format;
    if (lf && !strcmp(lf, "auto")) lf = NULL;
    char err[512];
    if (lf) {
        int col = 0;
        if (!(fl->forced = sl_format_compile(lf, &fl->fopts, fl->ft, err, sizeof err, &col))) {
            sl_log_format_report(lf, err, col, o->log_format || !fl->have_cfg ? NULL : &fl->cfg,
                                 o->config ? o->config : ".statuslint.yml");
            return false;
        }
    }
    if (o->baseline || o->write_baseline || o->update_baseline) {
        sl_msg("follow: baselines are for batch runs; give them to statuslint without follow");
        return false;
    }
    if (o->listen) fl->live = sl_live_new(fl->rs, (size_t)o->max_series, SL_VERSION);
    if (o->state) {
        if (!(fl->state = sl_state_open(o->state, true, err, sizeof err)) ||
            (fl->st_used = sl_state_has_inputs(fl->state),
             sl_state_run_begin(fl->state, (int64_t)time(NULL), err, sizeof err))) {
            sl_msg("%s", err);
            return false;
        }
    }
    return true;
}

static void say(const char *text) { sl_msg("%s", text); }

static void set_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_stop;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sa.sa_handler = on_hup;
    sigaction(SIGHUP, &sa, NULL);
}

static void loop(follower *fl)
{
    double last_scan = sl_now();
    while (!stop_signal) {
        double now = sl_now();
        if (now - last_scan >= 0.1) {
            scan(fl, false);
            last_scan = now;
        }
        if (reopen_signal) {
            reopen_signal = 0;
            reopen_outputs(fl);
        }
        size_t got = 0;
        for (tracked *t = fl->files, *next; t; t = next) {
            next = t->next;
            got += pump(fl, t);
            if (t->retired && sl_now() - t->last_data > (t->is_stdin ? -1 : RETIRE_IDLE)) {
                bool was_stdin = t->is_stdin;
                untrack(fl, t);
                if (was_stdin && fl->o->nargs == 1) stop_signal = SIGTERM; /* - at its end */
                continue;
            }
        }
        flush_outputs(fl);
        if (fl->state) state_tick(fl);
        if (!got) {
            struct timespec ts = {0, 20L * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
    }
}

static void finish_lines(follower *fl)
{
    fl->stopping = true;
    for (tracked *t = fl->files; t; t = t->next) pump(fl, t); /* the lines in hand */
    while (fl->files) untrack(fl, fl->files);
}

int sl_run_follow(const sl_opts *o)
{
    follower *fl = sl_xcalloc(1, sizeof *fl);
    fl->o = o;
    fl->ft = sl_fields_new();
    int64_t started = (int64_t)time(NULL);
    int rc = 2;
    fl->rs = sl_setup_rules(o, fl->ft, &fl->cfg, &fl->have_cfg);
    if (fl->rs && start(fl)) {
        sl_fields_freeze(fl->ft);
        /* one engine thread: this one, which parses each read as it comes */
        sl_analysis_cfg cfg = {.ft = fl->ft, .forced = fl->forced, .fopts = fl->fopts,
                               .threads = 1, .quiet = o->quiet, .state = fl->state,
                               .started = started, .streams = true,
                               .tell_rejects = MAX_REJECT_MSGS};
        fl->a = sl_analysis_new(&cfg, fl->rs, &fl->fan, say);
        fl->buf = sl_xmalloc(READ_CAP);
        for (size_t i = 0; i < o->nargs; i++) /* stdin is read as it comes, among the files */
            if (!strcmp(o->args[i], "-"))
                fcntl(STDIN_FILENO, F_SETFL, fcntl(STDIN_FILENO, F_GETFL) | O_NONBLOCK);
        set_signals();
        char err[512];
        bool ok = open_sinks(fl);
        if (ok) scan(fl, true); /* where each file starts is fixed before /healthz answers */
        if (ok && fl->live && !sl_live_listen(fl->live, o->listen, err, sizeof err)) {
            sl_msg("%s", err);
            ok = false;
        }
        if (ok) {
            loop(fl);
            finish_lines(fl);
            /* the summary, with the state store's run ended */
            rc = close_sinks(fl, sl_analysis_finish(fl->a)) ? 0 : 2;
        } else {
            while (fl->files) untrack(fl, fl->files);
            abort_sinks(fl);
        }
    }
    sl_analysis_free(fl->a);
    sl_live_free(fl->live);
    sl_state_close(fl->state);
    if (fl->forced) sl_format_free(fl->forced);
    free(fl->buf);
    if (fl->have_cfg) sl_config_fini(&fl->cfg);
    sl_ruleset_free(fl->rs);
    sl_fields_free(fl->ft);
    free(fl);
    return rc;
}
