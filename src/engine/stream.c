/* stream.c: an input fed as it grows (stream.h). Assembles whole lines from the pieces it
 * is given (a partial last line waits; a line over 512 KiB is cut to one rejected line and
 * the rest of it passed over), then runs them as one job through the batch path's steps
 * (run_int.h) on its own worker. */
#include "engine/stream.h"
#include "base/sl_alloc.h"
#include "engine/route_tally.h"
#include "engine/run_int.h"
#include <stdlib.h>

struct sl_stream {
    sl_analysis *a;
    sl_input in;
    char *name;                  /* in.file */
    sl_stream_opts o;
    sl_buf part;                 /* bytes after the last newline */
    bool discard;                /* the rest of an overlong line, up to its newline */
    bool told_unknown;           /* "cannot tell the log format" said */
    bool looked;                 /* its first bytes were looked at (an error log?) */
    bool passed_over;            /* an error log: nothing of it is analyzed */
    bool noted;                  /* its rules-off reasons told */
    bool has_worker;             /* w set up (once the format is known) */
    sl_worker w;
    sl_job job;
};

/* The worker's findings buffer is nearly full: written out now, in order. */
static void flush_findings(void *ctx, sl_job *j)
{
    sl_stream *s = ctx;
    sl_input_merge_findings(s->a, &s->in, j);
}

sl_stream *sl_stream_open(sl_analysis *a, const char *name, const sl_stream_opts *o)
{
    sl_stream *s = sl_xcalloc(1, sizeof *s);
    s->a = a;
    s->name = sl_xstrdup(name);
    if (o) s->o = *o;
    sl_input_begin(a, &s->in, s->name);
    s->in.keep_names = true;
    s->in.before_merge = s->o.before_merge;
    s->in.ctx = s->o.ctx;
    return s;
}

/* Whole lines p[0..n) (the last may lack its newline only when the content ends). */
static void run_lines(sl_stream *s, const char *p, size_t n)
{
    sl_input *in = &s->in;
    sl_job *j = &s->job;
    if (!s->looked) {
        s->looked = true;
        s->passed_over = sl_input_error_log(s->a, in, p, n);
    }
    if (s->passed_over) return;
    if (!in->fmt) {
        const char *unknown = s->told_unknown ? NULL : "its lines are rejected until one fits";
        if (!sl_input_decide(s->a, in, p, n, unknown)) {
            s->told_unknown = true;
            sl_input_reject_all(s->a, in, j, p, n);
            return;
        }
    }
    if (!s->has_worker) {
        sl_worker_init(&s->w, sl_analysis_ruleset(s->a), sl_analysis_fields(s->a));
        s->w.flush = flush_findings;
        s->w.flush_ctx = s;
        s->has_worker = true;
    }
    if (s->o.routes && !j->routes) j->routes = sl_xcalloc(1, sizeof *j->routes);
    sl_input_job(s->a, in, j);
    j->chunk.p = p;
    j->chunk.n = n;
    sl_worker_run(&s->w, j);
    sl_input_merge(s->a, in, j);
    if (!s->noted && in->records) { /* as a batch run: once records exist */
        s->noted = true;
        sl_input_notices(s->a, in);
    }
}

void sl_stream_feed(sl_stream *s, const char *p, size_t n)
{
    if (!n) return;
    sl_input_read(s->a, n);
    if (s->discard) { /* its first bytes were counted as one (rejected) line already */
        const char *nl = memchr(p, '\n', n);
        if (!nl) return;
        s->discard = false;
        n -= (size_t)(nl + 1 - p);
        p = nl + 1;
        if (!n) return;
    }
    const char *last = p + n;
    while (last > p && last[-1] != '\n') last--;
    if (last == p) { /* no newline */
        sl_buf_put(&s->part, p, n);
        if (s->part.n > SL_READER_LONG_LINE + 1) { /* none in sight: one rejected line */
            run_lines(s, s->part.p, s->part.n);
            sl_buf_clear(&s->part);
            s->discard = true;
        }
        return;
    }
    size_t whole = (size_t)(last - p);
    if (s->part.n) {
        sl_buf_put(&s->part, p, whole);
        run_lines(s, s->part.p, s->part.n);
        sl_buf_clear(&s->part);
    } else {
        run_lines(s, p, whole);
    }
    sl_buf_put(&s->part, p + whole, n - whole);
}

void sl_stream_flush(sl_stream *s)
{
    if (s->part.n) {
        run_lines(s, s->part.p, s->part.n);
        sl_buf_clear(&s->part);
    }
    s->discard = false;
    if (s->in.fmt && s->in.fmt->stateful && s->has_worker)
        sl_input_end_record(s->a, &s->in, &s->w, &s->job);
}

size_t sl_stream_pending(const sl_stream *s) { return s->part.n; }

void sl_stream_drop_pending(sl_stream *s) { sl_buf_clear(&s->part); }

uint64_t sl_stream_line(const sl_stream *s) { return s->in.line_base; }

void sl_stream_set_line(sl_stream *s, uint64_t line) { s->in.line_base = line; }

void sl_stream_set_state(sl_stream *s, bool on) { s->in.state_input = on; }

void sl_stream_rename(sl_stream *s, const char *name)
{
    free(s->name);
    s->in.file = s->name = sl_xstrdup(name);
}

void sl_stream_read_error(sl_stream *s, const char *err) { sl_input_error(s->a, &s->in, err); }

void sl_stream_close(sl_stream *s)
{
    if (!s) return;
    if (s->has_worker) {
        sl_input_worker_done(s->a, &s->w);
        sl_worker_fini(&s->w);
    }
    sl_input_end(s->a, &s->in);
    sl_job_fini(&s->job);
    sl_buf_fini(&s->part);
    free(s->name);
    free(s);
}
