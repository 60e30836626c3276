/* run.c: the analysis engine (engine.h): inputs -> reader -> workers -> the sinks' fan-out.
 * The main thread reads chunks and merges results strictly in input order, so every output
 * is byte-identical whatever --threads is; workers only parse and evaluate. Owns the
 * summary and the state store's per-input hooks; the sinks, baselines and the exit status
 * are the caller's. */
#include "engine/engine.h"
#include "base/sl_alloc.h"
#include "engine/aggcarry.h"
#include "engine/budget.h"
#include "engine/pool.h"
#include "engine/rulesoff.h"
#include "engine/run_int.h"
#include "format/fmt_csvfields.h"
#include "format/fmt_errlog.h"
#include "output/out_partial.h"
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define CHUNK_CAP SL_CHUNK_CAP
#define CHUNK_MIN ((size_t)64 << 10) /* the smallest chunk adapt_chunk asks for */
_Static_assert(CHUNK_CAP > SL_DETECT_SAMPLE, "the first chunk must hold the detection sample");


typedef struct sl_analysis run;
struct sl_analysis {
    sl_analysis_cfg c;
    sl_msg_fn *msg_fn;
    sl_fields *ft;
    const sl_ruleset *rs;
    size_t nrules;
    sl_format *forced;               /* --log-format (the caller's) */
    sl_fanout *out;                  /* the sinks */
    sl_summary sum;
    double t0;                       /* monotonic seconds at the start */
    bool stdout_closed;              /* the reader of stdout went away (EPIPE) */
    uint64_t out_done;               /* decompressed bytes of the current file */
    bool *noticed;                   /* [nrules]: counted in sum.rules_off */
    char *noted[16];                 /* formats whose rules-off note was printed */
    size_t nnoted;
    uint64_t file_seq, seq;
    uint64_t agg_file_seq;       /* the input whose lines the aggregate state saw last */
    sl_input in;                     /* the batch input being read */
    uint64_t told_rejects;           /* rejected lines told as they merged (cfg.tell_rejects) */
    char *kept[SL_MAX_REJECT_SAMPLES]; /* names of streams in the summary's samples */
    size_t nkept;
    uint64_t streams_suppressed;     /* statistics of the streams' workers, as they closed */
    uint64_t streams_regex_limit;
    uint64_t *streams_gave_up;       /* [nrules] */
    sl_budget budget;
    uint64_t *gave_up;               /* [nrules]: regex give-ups of every thread, at the end */
    size_t errlogs;                  /* inputs skipped as a web server's error log */
    char *errlog_names[3];           /* the first of them, for the note */
    const char *errlog_kind[2];      /* "nginx", "Apache" as seen */
    pool *pool;
    sl_worker inline_worker;
    sl_job inline_job;
    bool skipped_input;              /* the current input turned out to be a report */
    bool explicit_input;             /* the current input was named on the command line */
    sl_state *state;                 /* --state */
    bool state_resumed;              /* ... read from where an earlier run stopped */
    sl_window window;                /* --since / --until */
    sl_minutes minutes;              /* --timestamps */
    sl_aggstate *agg;                /* aggregate rules' state, or NULL when none runs */
    sl_job spare;                    /* its findings buffer: swapped with a full job's */
    size_t chunk_want;               /* chunk fill for the next job in the pool (adapt_chunk) */
};

static void msg(const run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void msg(const run *r, const char *fmt, ...)
{
    char buf[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    r->msg_fn(buf);
}

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- one job's results ---- */

void sl_summary_add_job(sl_summary *s, const sl_job *j)
{
    s->lines += j->lines;
    s->records += j->records;
    s->rejected += j->rejected;
    s->skipped += j->skipped;
    for (int i = 0; i < 1000; i++) s->status[i] += j->status[i];
    s->status_other += j->status_other;
    if (j->has_newest && (!s->has_newest || j->newest > s->newest))
        s->newest = j->newest, s->has_newest = true;
}

sl_finding sl_job_finding(const sl_job *j, const sl_packed *pf, const sl_ruleset *rs,
                          const char *file, uint64_t line_base)
{
    return (sl_finding){.file = file, .line = line_base + pf->line, .rule = pf->rule,
                        .info = sl_ruleset_info(rs, pf->rule),
                        .severity = (sl_severity)pf->severity, .status = pf->status,
                        .method = sl_job_str(j, pf, 0), .path = sl_job_str(j, pf, 1),
                        .host = sl_job_str(j, pf, 2), .has_time = pf->has_time,
                        .time = pf->time, .message = sl_job_str(j, pf, 3),
                        .route = sl_job_str(j, pf, 4), .client = sl_job_str(j, pf, 5),
                        .fingerprint = pf->fingerprint};
}

int sl_threads_online(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)(n > 64 ? 64 : n) : 1;
}

/* ---- merging results (main thread, input order) ---- */

static void emit(run *r, sl_finding *f, bool state)
{
    sl_fanout_mark(r->out, f);
    if (state) {
        f->has_new = true;
        f->is_new = sl_state_finding(r->c.state, f);
        r->sum.state_new += f->is_new && !f->baselined;
    }
    if (f->baselined) r->sum.baselined++;
    else {
        if (r->c.timestamps && f->has_time)
            sl_minutes_add(&r->minutes, f->time >= 0 ? f->time / 60 : -((59 - f->time) / 60),
                           SL_MIN_FINDING, (uint32_t)(f->rule * 4 + (f->severity & 3)), 1);
        r->sum.findings[f->severity]++;
        if (f->rule < r->nrules) r->sum.by_rule[f->rule]++; /* baselined ones: counted apart */
    }
    if (r->c.hooks.before_findings) r->c.hooks.before_findings(r->c.hooks.ctx);
    sl_fanout_finding(r->out, f);
}

/* Writes out the findings a job holds so far and empties its buffer; its counts stay
 * for merge(). Line numbers are relative to the job's chunk, so this may run several
 * times for one job (back-pressure) before merge() moves line_base past it. */
static void agg_finding(void *ctx, const sl_agg_line *ln, const sl_agg_result *res, const char *msg,
                        size_t msglen)
{
    run *r = ctx;
    sl_finding f = {.file = ln->file, .line = ln->line, .rule = ln->rule,
                    .info = sl_ruleset_info(r->rs, ln->rule), .status = ln->status,
                    .method = ln->method, .path = ln->path, .host = ln->host,
                    .has_time = ln->has_time, .time = ln->time,
                    .message = sl_slice_make(msg, msglen), .fingerprint = res->fingerprint,
                    .route = res->route, .agg = res};
    f.severity = f.info->severity;
    emit(r, &f, r->c.state != NULL);
}

static void merge_findings(run *r, sl_input *in, sl_job *j, bool done)
{
    size_t pos = 0;
    const sl_packed *pf;
    while (sl_job_next_finding(j, &pos, &pf)) {
        if (pf->severity == SL_PACKED_AGG) { /* lines for the aggregate state, in order */
            if (j->file_seq != r->agg_file_seq) { /* lateness is per input */
                sl_agg_new_input(r->agg);
                r->agg_file_seq = j->file_seq;
            }
            sl_slice es = sl_job_str(j, pf, 3); /* lines, each with an entry per rule */
            for (size_t k = 0; es.p && k + sizeof(sl_agg_item) <= es.n;) {
                sl_agg_item it;
                memcpy(&it, es.p + k, sizeof it);
                k += sizeof it;
                sl_slice s[3];
                bool fits = true; /* the worker wrote it: never short, but never read past */
                for (int i = 0; i < 3 && fits; i++) {
                    s[i] = SL_SLICE_NULL;
                    uint32_t n = it.len[i] & ~SL_AGG_IN_CHUNK;
                    if (it.len[i] == UINT32_MAX) continue;
                    if (it.len[i] & SL_AGG_IN_CHUNK) { /* the line's own bytes, still there */
                        fits = n <= j->chunk.n && it.at[i] <= j->chunk.n - n;
                        if (fits) s[i] = sl_slice_make(j->chunk.p + it.at[i], n);
                        continue;
                    }
                    fits = n <= es.n - k;
                    if (fits) s[i] = sl_slice_make(es.p + k, n), k += n;
                }
                if (!fits || it.len[3] > es.n - k) break;
                sl_agg_line ln; /* every field set: an initializer would clear it first */
                ln.file = j->file, ln.line = in->line_base + it.line;
                ln.has_time = it.has_time != 0, ln.time = it.time, ln.status = it.status;
                ln.method = s[0], ln.path = s[1], ln.host = s[2];
                ln.rule = 0, ln.payload = NULL, ln.len = 0;
                for (size_t e = k, end = k + it.len[3]; e + SL_AGG_ENTRY_HDR <= end;) {
                    uint32_t hdr[2];
                    memcpy(hdr, es.p + e, sizeof hdr);
                    e += SL_AGG_ENTRY_HDR;
                    if (hdr[1] > end - e) break;
                    ln.rule = hdr[0], ln.payload = es.p + e, ln.len = hdr[1];
                    e += hdr[1];
                    sl_agg_feed(r->agg, &ln, agg_finding, r);
                }
                k += it.len[3];
            }
            continue;
        }
        sl_finding f = sl_job_finding(j, pf, r->rs, j->file, in->line_base);
        emit(r, &f, r->c.state && in->state_input);
    }
    if (r->c.hooks.after_merge) r->c.hooks.after_merge(r->c.hooks.ctx, j, in->line_base, done);
    sl_buf_clear(&j->packed);
}

static bool take_oldest(run *r, sl_job *j, bool partial);

/* The engine thread's flush hook. Inline (nothing else in flight), write out at once. A job
 * it stole from the pool's ring may have older jobs still running on workers: those are
 * merged first (waiting for them), so findings keep their input order. */
static void inline_flush(void *ctx, sl_job *j)
{
    run *r = ctx;
    if (r->pool && j != &r->inline_job) {
        bool partial;
        while (!pool_is_oldest(r->pool, j)) {
            sl_job *old = pool_oldest(r->pool, true, &partial);
            take_oldest(r, old, partial);
        }
    }
    merge_findings(r, &r->in, j, false);
}

/* The engine thread's poll hook, while it runs a job it stole: the older jobs that are done,
 * or whose findings buffer is full, are written out now (in order, as inline_flush does),
 * so a worker does not stay parked on a full buffer until this job's own buffer fills. */
static void inline_poll(void *ctx, sl_job *j)
{
    run *r = ctx;
    sl_job *old;
    bool partial;
    if (!r->pool || j == &r->inline_job) return;
    while (!pool_is_oldest(r->pool, j) && (old = pool_oldest(r->pool, false, &partial)))
        take_oldest(r, old, partial);
}

void sl_input_merge_findings(sl_analysis *r, sl_input *in, sl_job *j)
{
    if (in->before_merge) in->before_merge(in->ctx, j, false);
    merge_findings(r, in, j, false);
}

/* The name a reject sample of the summary keeps: a stream's is copied, since the stream
 * may be closed (and renamed before that) long before the sinks read the summary. */
static const char *sample_name(run *r, const sl_input *in)
{
    if (!in->keep_names) return in->file;
    if (r->nkept && !strcmp(r->kept[r->nkept - 1], in->file)) return r->kept[r->nkept - 1];
    if (r->nkept == SL_ARRAY_LEN(r->kept)) return in->file; /* not reached: as many as samples */
    return r->kept[r->nkept++] = sl_xstrdup(in->file);
}

void sl_input_merge(sl_analysis *r, sl_input *in, sl_job *j)
{
    if (in->before_merge) in->before_merge(in->ctx, j, true);
    sl_summary *s = &r->sum;
    sl_summary_add_job(s, j);
    in->records += j->records;
    if (in->state_input) sl_state_days(r->c.state, j->days, j->ndays);
    for (size_t i = 0; i < j->nsamples && s->nsamples < SL_MAX_REJECT_SAMPLES; i++)
        s->samples[s->nsamples++] = (sl_reject_sample){sample_name(r, in),
                                                       in->line_base + j->samples[i].line,
                                                       j->samples[i].reason};
    for (size_t k = 0; k < r->out->n; k++) /* a partial keeps each input's first samples */
        for (size_t i = 0; i < j->nsamples; i++)
            sl_partial_reject(r->out->sinks[k], j->file, in->line_base + j->samples[i].line,
                              j->samples[i].reason);
    for (size_t i = 0; i < j->nsamples && r->told_rejects < r->c.tell_rejects; i++) {
        uint64_t line = in->line_base + j->samples[i].line;
        msg(r, "%s:%llu: rejected: %s%s", in->file, (unsigned long long)line, j->samples[i].reason,
            ++r->told_rejects == r->c.tell_rejects
                ? " (further rejected lines are counted, not shown)" : "");
    }
    merge_findings(r, in, j, true);
    in->line_base += j->lines;
    if (j->minutes) sl_minutes_merge(&r->minutes, j->minutes);
}

/* ---- the state store (--state): which inputs to read, and their results ---- */

/* Before an input: false when it is not to be read (nothing new, or an error, counted). */
static bool state_begin(run *r, sl_reader *rd)
{
    char err[512];
    sl_state_plan p;
    r->in.state_input = false;
    if (sl_state_input_begin(r->c.state, rd, r->in.file, &p, err, sizeof err)) {
        msg(r, "%s: %s", r->in.file, err);
        r->sum.input_errors++;
        return false;
    }
    if (p.skip) {
        r->sum.state_unchanged++;
        return false;
    }
    r->state_resumed = p.from_line > 0;
    r->in.line_base = p.from_line; /* findings keep their true line numbers */
    r->in.state_input = true;
    return true;
}

/* After an input: its results go into the store in one transaction (if it was read whole). */
static void state_end(run *r, sl_reader *rd, const sl_summary *b, bool complete)
{
    char err[512];
    const sl_summary *a = &r->sum;
    sl_state_counts c = {.total_lines = r->in.line_base, .lines = a->lines - b->lines,
                         .records = a->records - b->records, .rejected = a->rejected - b->rejected,
                         .skipped = a->skipped - b->skipped,
                         .total_bytes = sl_reader_decoded_done(rd)};
    if (r->state_resumed && !c.lines) r->sum.state_unchanged++; /* e.g. compressed since */
    else if (r->state_resumed) r->sum.state_resumed++;
    bool commit = complete && !r->stdout_closed;
    if (sl_state_input_end(r->c.state, commit, &c, err, sizeof err)) {
        msg(r, "%s", err);
        r->sum.input_errors++;
        commit = false;
    }
    if (!commit && r->agg) sl_aggcarry_rewind(r->c.state, r->agg); /* read again next run */
    r->in.state_input = false;
}

/* ---- per-file processing ---- */

/* Tells the sinks (junit: <skipped>) why a rule did not run: every sink the first time
 * in the run, a partial sink (which keeps it per input) every time. */
static void rule_off_to_sinks(run *r, const sl_input *in, size_t rule, int field, bool first)
{
    char why[512], hint[256];
    const sl_format *fmt = in->fmt;
    sl_fields_hint(r->ft, field, hint, sizeof hint);
    if (field == SL_F_BYTES && fmt->bytes_total_only)
        snprintf(why, sizeof why, "off for %s: this %s log counts total bytes, not body bytes",
                 in->file, fmt->name);
    else
        snprintf(why, sizeof why, "off for %s: the log format does not record %s (add %s)", in->file,
                 sl_fields_name(r->ft, field), hint);
    if (first) sl_fanout_rule_off(r->out, rule, why);
    for (size_t i = 0; i < r->out->n; i++) sl_partial_rule_off(r->out->sinks[i], in->file, rule, why);
}

/* One short note per input format per run (the whole list is --detect's), so a first
 * run over a stock log is calm. The same format string in other files says nothing new. */
void sl_input_notices(sl_analysis *r, sl_input *in)
{
    const sl_format *fmt = in->fmt;
    sl_rules_off *off = &in->off;
    if (!fmt) return;
    for (size_t i = 0; i < off->n; i++) {
        bool first = !r->noticed[off->v[i].rule];
        rule_off_to_sinks(r, in, off->v[i].rule, off->v[i].field, first);
        if (first) {
            r->noticed[off->v[i].rule] = true; /* once per run */
            r->sum.rules_off++;
        }
    }
    if (!off->n || r->c.quiet) return;
    char key[512];
    snprintf(key, sizeof key, "%s\n%s", fmt->name, fmt->spec ? fmt->spec : "");
    for (size_t i = 0; i < r->nnoted; i++)
        if (!strcmp(r->noted[i], key)) return;
    if (r->nnoted < SL_ARRAY_LEN(r->noted)) r->noted[r->nnoted++] = sl_xstrdup(key);
    size_t nf = sl_rules_off_fields(off);
    bool total = false; /* the one reason that is not a missing field: say it */
    for (size_t i = 0; i < off->n; i++)
        total |= off->v[i].field == SL_F_BYTES && fmt->bytes_total_only;
    msg(r, "note: %zu rule%s off: the %s log format lacks %zu field%s%s; see statuslint "
           "--detect %s", off->n, off->n == 1 ? " is" : "s are", fmt->name, nf, nf == 1 ? "" : "s",
           total ? " (its byte column counts total bytes, not body bytes)" : "", in->file);
}

/* A CSV format supplies "any field": the file's header says which it really has. */
static void csv_rules_off(run *r, sl_input *in, const sl_chunk *first)
{
    const sl_format *fmt = in->fmt;
    sl_format hdr = *fmt;
    if (!fmt->fields.any || !sl_fmt_csv_header_fields(fmt, first->p, first->n, &hdr.fields))
        return;
    sl_plan_free(sl_plan_new(r->rs, &hdr, sl_rules_off_add, &in->off));
}

/* Decides the format of the input whose first chunk this is, once: detection (unless
 * --log-format forced one) and, for the CLF presets, what the byte column counts, both on
 * the detection sample. Returns NULL when nothing fits, after saying so and what follows
 * for its lines (unknown; NULL: nothing said). */
static sl_format *choose_format(run *r, const sl_input *in, const sl_chunk *first,
                                const char *unknown)
{
    char why[512];
    sl_format *f = r->forced;
    if (!f) {
        f = sl_format_detect(first->p, first->n, &r->c.fopts, r->ft, why, sizeof why);
        if (!f) {
            if (first->n && unknown)
                msg(r, "%s: cannot tell the log format (%s); %s: give --log-format", in->file,
                    why, unknown);
            return NULL;
        }
    }
    if (sl_format_infer_bytes(f, first->p, first->n, why, sizeof why))
        f = sl_format_total_bytes_view(f, f != r->forced, why);
    return f;
}

bool sl_input_decide(sl_analysis *r, sl_input *in, const char *p, size_t n, const char *unknown)
{
    sl_chunk first = {.p = p, .n = n};
    if (!(in->fmt = choose_format(r, in, &first, unknown))) return false;
    sl_rules_off_clear(&in->off); /* the note is printed once records exist */
    in->plan = sl_plan_new(r->rs, in->fmt, sl_rules_off_add, &in->off);
    csv_rules_off(r, in, &first);
    return true;
}

void sl_input_job(sl_analysis *r, sl_input *in, sl_job *j)
{
    if (r->c.timestamps && !j->minutes)
        sl_minutes_init(j->minutes = sl_xmalloc(sizeof *j->minutes));
    sl_job_reset(j, r->nrules);
    j->file = in->file;
    j->file_seq = in->file_seq;
    j->fmt = in->fmt;
    j->plan = in->plan;
    j->seq = r->seq++;
    j->by_day = in->state_input;
    j->window = &r->window;
    j->aggregates = r->agg != NULL;
}

void sl_input_end_record(sl_analysis *r, sl_input *in, sl_worker *w, sl_job *j)
{
    sl_input_job(r, in, j);
    sl_worker_end_input(w, j);
    sl_input_merge(r, in, j);
}

/* An nginx or Apache error log (by content) is not an access log: skipped whole, with
 * one note for all of them at the end, not rejected line by line. */
static bool is_error_log(run *r, const sl_chunk *first)
{
    const char *kind = sl_error_log_kind(first->p, first->n < 65536 ? first->n : 65536);
    if (!kind) return false;
    if (r->errlogs < SL_ARRAY_LEN(r->errlog_names))
        r->errlog_names[r->errlogs] = sl_xstrdup(r->in.file);
    r->errlogs++;
    for (size_t i = 0; i < 2; i++)
        if (!r->errlog_kind[i] || !strcmp(r->errlog_kind[i], kind)) {
            r->errlog_kind[i] = kind;
            break;
        }
    return true;
}

static void note_error_logs(run *r)
{
    if (!r->errlogs || r->c.quiet) return;
    char names[1024];
    size_t used = 0, shown = r->errlogs < 3 ? r->errlogs : 3;
    names[0] = '\0';
    for (size_t i = 0; i < shown && used < sizeof names; i++)
        used += (size_t)snprintf(names + used, sizeof names - used, "%s%s", i ? ", " : "",
                                 r->errlog_names[i]);
    if (r->errlogs > shown && used < sizeof names)
        snprintf(names + used, sizeof names - used, " and %zu more", r->errlogs - shown);
    msg(r, "note: skipped %zu %s%s%s error log%s: %s", r->errlogs, r->errlog_kind[0],
           r->errlog_kind[1] ? " and " : "", r->errlog_kind[1] ? r->errlog_kind[1] : "",
           r->errlogs == 1 ? " (not an access log)" : "s (not access logs)", names);
}

/* A format that fits no line: every line is rejected, so nothing is lost. */
void sl_input_reject_all(sl_analysis *r, sl_input *in, sl_job *j, const char *p, size_t n)
{
    sl_input_job(r, in, j);
    const char *end = p + n;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        j->lines++;
        if (len == 0 || (len == 1 && *p == '\r')) j->skipped++;
        else {
            j->rejected++;
            if (j->nsamples < SL_MAX_REJECT_SAMPLES)
                j->samples[j->nsamples].line = j->lines,
                j->samples[j->nsamples++].reason = len > SL_READER_LONG_LINE
                                                       ? "line longer than 512 KiB"
                                                       : "unknown log format";
        }
        p += len + (nl != NULL);
    }
    sl_input_merge(r, in, j);
}

/* Sizes the pool's next chunks from a finished job's findings and aggregate lines per byte
 * of input, so a job's all fit in its findings buffer (with a quarter to spare). A job whose
 * buffer fills stops until this thread writes it out, and when this thread is itself
 * running a later job, the two threads take turns instead of working at once: with
 * aggregate rules (entries of about as many bytes as the input) each kept the other waiting
 * a third of the time. Chunks of findings-poor input stay whole (CHUNK_CAP). Which lines
 * make up a chunk never changes output. */
static void adapt_chunk(run *r, const sl_job *j)
{
    size_t packed = j->packed_before + j->packed.n;
    if (!j->chunk.n) return;
    double per_byte = (double)packed / (double)j->chunk.n;
    double fit = (double)SL_JOB_FINDINGS_CAP * 3 / 4;
    size_t want = per_byte * CHUNK_CAP <= fit ? CHUNK_CAP : (size_t)(fit / per_byte);
    r->chunk_want = want < CHUNK_MIN ? CHUNK_MIN : want;
}

/* Handles the oldest job in flight: a finished one is merged and its slot freed (true); one
 * whose findings buffer filled up has them written out and runs on (false). */
static bool take_oldest(run *r, sl_job *j, bool partial)
{
    if (partial && !r->c.hooks.after_merge) {
        /* The worker gets the spare buffer, empty, and runs on at once while this thread
         * writes out the full one (it would otherwise wait all that time): the two threads
         * work at once rather than in turn. Only this thread writes out, and it finishes
         * this buffer before it looks at the job again, so the order is the same. */
        sl_job *v = &r->spare;
        sl_buf full = j->packed;
        j->packed = v->packed;
        v->packed = full;
        v->file = j->file, v->file_seq = j->file_seq;
        v->chunk.p = j->chunk.p, v->chunk.n = j->chunk.n; /* a view: aggregate lines read it,
                                                           * and it stays until j is merged */
        pool_resume(r->pool, j);
        merge_findings(r, &r->in, v, false);
        return false;
    }
    if (partial) { /* a hook reads the job's findings: they stay in the job */
        merge_findings(r, &r->in, j, false);
        pool_resume(r->pool, j);
        return false;
    }
    adapt_chunk(r, j);
    sl_input_merge(r, &r->in, j);
    pool_release(r->pool, j);
    return true;
}

/* Whether the engine's thread should run a job itself rather than wait: while it has not used
 * more CPU than a worker has on average. Writing out is its alone (the aggregate state
 * above all), so when that is heavy it leaves the parsing to the workers instead of taking
 * every other job and keeping them waiting. Which thread runs a job never changes output. */
static bool may_steal(const run *r)
{
    struct timespec ts;
    double w = pool_workers_cpu(r->pool);
    if (w < 0 || clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)) return true;
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9 <= w;
}

/* The oldest job in flight once it can be taken (NULL: none in flight). Rather than wait
 * for it, the engine's thread runs the next job no worker has taken yet: with as many
 * cores as threads it would otherwise sit idle while the oldest job runs (unless it is the
 * busier already, may_steal). While there is
 * more to read (leave 1) it leaves one job for the workers, which would otherwise idle
 * until this thread has parsed its job and read the next chunk; at the end of an input
 * (leave 0) it takes whatever is left. */
static sl_job *wait_oldest(run *r, bool *partial, size_t leave)
{
    for (;;) {
        sl_job *j = pool_oldest(r->pool, false, partial);
        if (j) return j;
        sl_job *s = may_steal(r) ? pool_steal(r->pool, leave) : NULL;
        if (!s) return pool_oldest(r->pool, true, partial);
        sl_worker_run(&r->inline_worker, s); /* its flush keeps the order */
        pool_finish(r->pool, s);
    }
}

static void collect(run *r, bool wait)
{
    sl_job *j;
    bool partial;
    while ((j = wait ? wait_oldest(r, &partial, 0) : pool_oldest(r->pool, false, &partial)))
        take_oldest(r, j, partial);
}

static sl_job *next_job(run *r, bool parallel)
{
    if (!parallel) return &r->inline_job;
    sl_job *j;
    bool partial;
    while (!(j = pool_slot(r->pool))) {
        sl_job *old = wait_oldest(r, &partial, 1);
        take_oldest(r, old, partial);
    }
    return j;
}

/* Reads chunks of one input and runs them; returns false on an input error. */
static bool feed(run *r, sl_reader *rd)
{
    sl_input *in = &r->in;
    sl_format **fmt = &in->fmt;
    bool parallel = r->pool != NULL, eof = false, ok = true, decided = false;
    char err[512];
    while (!eof) {
        sl_job *j = next_job(r, parallel && (!*fmt || !(*fmt)->stateful));
        if (!j->chunk.buf) j->chunk.buf = sl_chunk_alloc(j->chunk.cap = CHUNK_CAP);
        j->chunk.want = j == &r->inline_job ? 0 : r->chunk_want;
        sl_status st = sl_reader_next(rd, &j->chunk, &eof, err, sizeof err);
        if (st == SL_ELIMIT) {
            uint64_t need = sl_reader_decoder_need(rd);
            uint64_t want = need ? 2 * need + ((uint64_t)1 << 20) : 4 * r->budget.total;
            msg(r, "%s: %s; decompression may use half of --memory-budget: give "
                   "--memory-budget %lluM or more to read it", in->file, err,
                   (unsigned long long)(want >> 20));
            ok = false;
            eof = true;
        } else if (st) {
            msg(r, "%s: %s", in->file, err);
            ok = false;
            eof = true;
        }
        r->out_done += j->chunk.n; /* read before a worker owns the chunk */
        const char *report = !decided && r->c.hooks.report_kind
                                 ? r->c.hooks.report_kind(j->chunk.p, j->chunk.n) : NULL;
        if (report && r->explicit_input) { /* named by the user: a mistake worth exit 2 */
            msg(r, "%s: statuslint output (%s), not an access log: not analyzed", in->file, report);
            ok = false;
            break;
        }
        if (report) { /* e.g. a dated report kept in the directory being scanned */
            if (!r->c.quiet)
                msg(r, "note: %s: skipped: statuslint output (%s), not an access log", in->file,
                       report);
            r->skipped_input = true;
            break;
        }
        if (!decided && !r->forced && !eof && sl_format_sample_empty(j->chunk.p, j->chunk.n)) {
            /* nothing to tell the format by yet: the next chunk */
            sl_input_reject_all(r, in, j, j->chunk.p, j->chunk.n);
            continue;
        }
        if (!decided && is_error_log(r, &j->chunk)) {
            r->skipped_input = true; /* not analyzed: process_file uncounts it */
            break;
        }
        if (!decided) {
            decided = true;
            (void)sl_input_decide(r, in, j->chunk.p, j->chunk.n, "every line is rejected");
            if (*fmt && !r->forced && !r->explicit_input && !(*fmt)->fields.any &&
                !sl_fieldset_has(&(*fmt)->fields, SL_F_STATUS)) {
                /* found in a directory, in a format that logs no status (mod_ssl's
                 * ssl_request_log beside access_log): nothing to judge, not an input error */
                if (!r->c.quiet)
                    msg(r, "note: %s: skipped: its log format (%s) records no status code", in->file,
                           (*fmt)->name);
                r->skipped_input = true;
                break;
            }
            parallel = r->pool && *fmt && !(*fmt)->stateful;
            if (*fmt && !parallel && j != &r->inline_job) { /* stateful: run in this thread */
                sl_job *ij = &r->inline_job;
                if (!ij->chunk.buf) ij->chunk.buf = sl_chunk_alloc(ij->chunk.cap = CHUNK_CAP);
                memcpy(ij->chunk.buf, j->chunk.p, j->chunk.n);
                ij->chunk.p = ij->chunk.buf;
                ij->chunk.n = j->chunk.n;
                j = ij;
            }
        }
        if (!*fmt) { /* decided above: nothing fits, every line is rejected */
            sl_input_reject_all(r, in, j, j->chunk.p, j->chunk.n);
            continue;
        }
        sl_input_job(r, in, j);
        if (parallel) {
            pool_submit(r->pool, j);
            collect(r, sl_reader_streaming(rd)); /* streaming: its findings shown now */
        } else {
            sl_worker_run(&r->inline_worker, j);
            sl_input_merge(r, in, j);
        }
        if (sl_reader_streaming(rd)) fflush(stdout);
        uint64_t raw = sl_reader_raw_done(rd);
        bool plain = sl_reader_compression(rd) == SL_COMP_NONE;
        if (r->c.hooks.progress)
            r->c.hooks.progress(r->c.hooks.ctx, raw, plain ? raw : r->out_done);
        if (ferror(stdout) && (errno == EPIPE || sl_fanout_pipe_gone(r->out, stdout))) {
            r->stdout_closed = true;
            break;
        }
    }
    return ok;
}

static void process_file(run *r, const char *path, const char *name, bool named)
{
    char err[512];
    sl_input_begin(r, &r->in, name);
    r->out_done = 0;
    r->chunk_want = 0; /* an input's first chunks are whole: detection reads them */
    sl_reader *rd = sl_reader_open_mem(path, r->budget.decoder, err, sizeof err);
    if (!rd) {
        msg(r, "%s", err);
        r->sum.input_errors++;
        return;
    }
    struct stat st;
    const char *own_path = NULL, *own = r->c.hooks.own && sl_reader_stat(rd, &st)
                                            ? r->c.hooks.own(r->c.hooks.ctx, &st, &own_path) : NULL;
    if (own) { /* e.g. last night's report in the directory being scanned */
        if (r->c.quiet)
            ;
        else if (!strcmp(own_path, "-"))
            msg(r, "note: %s: skipped: this run's standard output goes to it", r->in.file);
        else
            msg(r, "note: %s: skipped: it is this run's own %s %s", r->in.file, own, own_path);
        r->sum.files--;
        sl_reader_close(rd);
        return;
    }
    if (r->c.state && !state_begin(r, rd)) { /* nothing new in it, or the store failed */
        sl_reader_close(rd);
        return;
    }
    sl_summary before = r->sum;
    bool input_ok = true;
    uint64_t records0 = r->sum.records, rejected0 = r->sum.rejected;
    size_t sample0 = r->sum.nsamples;
    r->skipped_input = false;
    r->explicit_input = named;
    if (!feed(r, rd)) r->sum.input_errors++, input_ok = false;
    else if (sl_reader_warning(rd)) msg(r, "warning: %s: %s", r->in.file, sl_reader_warning(rd));
    if (r->skipped_input) r->sum.files--;
    const sl_format *fmt = r->in.fmt;
    if (fmt && fmt->stateful) /* a record still open at the end of the file */
        sl_input_end_record(r, &r->in, &r->inline_worker, &r->inline_job);
    if (r->pool) { /* the format and plan outlive every job and parser of this file */
        collect(r, true);
        pool_drop_parsers(r->pool);
    }
    sl_worker_drop_parser(&r->inline_worker);
    /* an input none of whose lines parsed (a wrong --log-format?) is not recorded as read */
    bool none_parsed = !(r->sum.records > records0 && fmt) && r->sum.rejected > rejected0;
    if (r->in.state_input) state_end(r, rd, &before, input_ok && !r->skipped_input && !none_parsed);
    if (r->sum.records > records0 && fmt) {
        sl_input_notices(r, &r->in);
    } else if (r->sum.rejected > rejected0) {
        /* nothing could be read from this input: an input error, so CI never passes an
         * analysis that analyzed nothing */
        r->sum.input_errors++;
        const char *why = sample0 < r->sum.nsamples ? r->sum.samples[sample0].reason : "";
        if (fmt && !strncmp(why, "--csv-map:", 10)) /* the map is wrong, not the format */
            msg(r, "%s: %s; no line was read", r->in.file, why);
        else if (fmt)
            msg(r, "%s: no line could be parsed: all %llu were rejected as %s (first reason: "
                   "%s); is --log-format right?", r->in.file,
                   (unsigned long long)(r->sum.rejected - rejected0), fmt->name,
                   sample0 < r->sum.nsamples ? r->sum.samples[sample0].reason : "see the summary");
    }
    uint64_t raw = sl_reader_raw_done(rd);
    bool plain = sl_reader_compression(rd) == SL_COMP_NONE;
    if (r->c.hooks.file_done) r->c.hooks.file_done(r->c.hooks.ctx, raw, plain ? raw : r->out_done);
    r->sum.bytes += sl_reader_raw_done(rd);
    sl_input_end(r, &r->in); /* the name stays for the partial sinks */
    sl_reader_close(rd);
    sl_partial_counts pc = {r->sum.files + 1 - before.files, r->sum.lines - before.lines,
                            r->sum.records - before.records, r->sum.rejected - before.rejected,
                            r->sum.skipped - before.skipped, r->sum.bytes - before.bytes,
                            r->sum.input_errors - before.input_errors};
    for (size_t i = 0; i < r->out->n; i++) sl_partial_input_end(r->out->sinks[i], r->in.file, &pc);
}

/* ---- shared with the streams (run_int.h) ---- */

void sl_input_begin(sl_analysis *r, sl_input *in, const char *file)
{
    in->file = file;
    in->file_seq = ++r->file_seq;
    in->line_base = in->records = 0;
    r->sum.files++;
}

void sl_input_end(sl_analysis *r, sl_input *in)
{
    sl_plan_free(in->plan);
    if (in->fmt != r->forced) sl_format_free(in->fmt);
    in->plan = NULL;
    in->fmt = NULL;
    sl_rules_off_fini(&in->off);
}

void sl_input_worker_done(sl_analysis *r, const sl_worker *w)
{
    const sl_eval_stats *es = sl_evaluator_stats(w->ev);
    r->streams_suppressed += es->suppressed;
    r->streams_regex_limit += es->regex_limit;
    if (!r->streams_gave_up) r->streams_gave_up = sl_xcalloc(r->nrules ? r->nrules : 1, sizeof(uint64_t));
    for (size_t k = 0; k < r->nrules; k++) r->streams_gave_up[k] += es->regex_limit_by_rule[k];
}

bool sl_input_error_log(sl_analysis *r, sl_input *in, const char *p, size_t n)
{
    const char *kind = sl_error_log_kind(p, n < 65536 ? n : 65536);
    if (!kind) return false;
    if (!r->c.quiet)
        msg(r, "note: %s: skipped: an %s error log (not an access log)", in->file, kind);
    r->sum.files--;
    return true;
}

void sl_input_read(sl_analysis *r, uint64_t n) { r->sum.bytes += n; }

void sl_input_error(sl_analysis *r, const sl_input *in, const char *err)
{
    msg(r, "%s: %s", in->file, err);
    r->sum.input_errors++;
}

const sl_ruleset *sl_analysis_ruleset(const sl_analysis *r) { return r->rs; }

const sl_fields *sl_analysis_fields(const sl_analysis *r) { return r->ft; }

/* ---- the run ---- */

/* Worker threads within the memory budget: each needs a chunk in flight. */
static void start_pool(run *r)
{
    int nt = r->c.threads > 0 ? r->c.threads : sl_threads_online();
    sl_budget_plan(r->c.memory_budget ? r->c.memory_budget : SL_BUDGET_DEFAULT, nt, &r->budget);
    int got = r->budget.threads ? r->budget.threads : 1;
    if (r->c.threads > 0 && got < nt && !r->c.quiet)
        msg(r, "note: %d threads need --memory-budget %lluM; using %d within %llu MiB", nt,
            (unsigned long long)(sl_budget_for_threads(nt) >> 20), got,
            (unsigned long long)(r->budget.total >> 20));
    /* -jN is N threads in all: N - 1 workers, and this thread reads, merges, writes and
     * parses whenever it would otherwise wait (wait_oldest) */
    if (r->budget.threads > 1)
        r->pool = pool_new(r->budget.threads - 1, r->budget.nslots, r->rs, r->ft, r->msg_fn);
}

sl_analysis *sl_analysis_new(const sl_analysis_cfg *cfg, const sl_ruleset *rs, sl_fanout *sinks,
                             sl_msg_fn *msg_fn)
{
    run *r = sl_xcalloc(1, sizeof *r);
    r->c = *cfg;
    r->msg_fn = msg_fn;
    r->ft = cfg->ft;
    r->rs = rs;
    r->forced = cfg->forced;
    r->out = sinks;
    r->window = cfg->window;
    r->t0 = mono_now();
    r->nrules = sl_ruleset_count(rs);
    r->sum.started = cfg->started ? cfg->started : (int64_t)time(NULL);
    r->sum.nrules = r->nrules;
    r->sum.by_rule = sl_xcalloc(r->nrules ? r->nrules : 1, sizeof *r->sum.by_rule);
    r->sum.input_errors = cfg->input_errors;
    r->sum.state = cfg->state != NULL;
    r->noticed = sl_xcalloc(r->nrules ? r->nrules : 1, sizeof *r->noticed);
    for (size_t i = 0; i < r->nrules && !r->agg && !cfg->streams; i++)
        if (sl_ruleset_info(rs, i)->aggregate && sl_ruleset_info(rs, i)->enabled)
            r->agg = sl_agg_new(rs, cfg->aggregate_memory ? cfg->aggregate_memory : SL_AGG_BUDGET_DEFAULT);
    r->sum.agg = r->agg;
    if (r->agg && cfg->state) sl_aggcarry_begin(cfg->state, r->agg, cfg->quiet ? NULL : msg_fn);
    sl_worker_init(&r->inline_worker, r->rs, r->ft);
    r->inline_worker.flush = inline_flush;
    r->inline_worker.poll = inline_poll;
    r->inline_worker.flush_ctx = r;
    start_pool(r);
    return r;
}

bool sl_analysis_add_input(sl_analysis *r, const char *path, const char *name, bool named)
{
    if (r->stdout_closed) return false;
    process_file(r, path, name, named);
    return !r->stdout_closed;
}

bool sl_analysis_stdout_closed(const sl_analysis *r) { return r->stdout_closed; }

/* One warning per rule whose regexes gave up (identical for any -j: the limits are counts
 * of work, not time). */
void sl_analysis_warn_limits(const sl_analysis *r)
{
    const uint64_t *gave_up = r->gave_up;
    if (!gave_up) return;
    for (size_t k = 0; k < r->nrules; k++)
        if (gave_up[k])
            msg(r, "warning: %llu regex match%s hit the match limit and counted as no match "
                   "(rule %s: its pattern backtracks too much, or a value was longer than "
                   "%zu KiB)", (unsigned long long)gave_up[k], gave_up[k] == 1 ? "" : "es",
                   sl_ruleset_info(r->rs, k)->id, SL_REGEX_SUBJECT_MAX >> 10);
}

const sl_summary *sl_analysis_finish(sl_analysis *r)
{
    sl_eval_stats es = {0};
    uint64_t *gave_up = r->gave_up = sl_xcalloc(r->nrules ? r->nrules : 1, sizeof *gave_up);
    if (r->pool) pool_stats(r->pool, &es, gave_up, r->nrules);
    const sl_eval_stats *is = sl_evaluator_stats(r->inline_worker.ev);
    es.suppressed += is->suppressed + r->streams_suppressed;
    es.regex_limit += is->regex_limit + r->streams_regex_limit;
    for (size_t k = 0; k < r->nrules; k++)
        gave_up[k] += is->regex_limit_by_rule[k] + (r->streams_gave_up ? r->streams_gave_up[k] : 0);
    for (size_t i = 0; i < r->out->n; i++) sl_partial_gave_up(r->out->sinks[i], gave_up, r->nrules);
    r->sum.suppressed = es.suppressed;
    r->sum.regex_limit = es.regex_limit;
    r->sum.finished = (int64_t)time(NULL);
    r->sum.seconds = mono_now() - r->t0;
    if (r->c.timestamps) r->sum.minutes = &r->minutes;
    note_error_logs(r);
    if (r->sum.files == 0 && !r->c.streams) { /* a follower may wait for files in vain */
        /* CI must never pass a run that read nothing */
        if (r->errlogs && r->c.ninputs == r->errlogs)
            msg(r, "warning: no access log to analyze: every input was an error log");
        else if (r->c.ninputs)
            msg(r, "warning: nothing to analyze: every input was skipped (see the notes)");
        else
            msg(r, "warning: no input files: the directories given hold no log file to read (%zu "
                   "entr%s passed over: hidden, README* or --include/--exclude)", r->c.walk_skipped,
                   r->c.walk_skipped == 1 ? "y" : "ies");
        r->sum.input_errors++;
    }
    r->sum.success = r->sum.input_errors == 0;
    char serr[512];
    if (r->c.state && sl_state_run_end(r->c.state, &r->sum, &r->sum.state_fresh, &r->sum.state_gone,
                                     serr, sizeof serr)) {
        msg(r, "%s", serr);
        r->sum.success = false;
    }
    return &r->sum;
}

void sl_analysis_free(sl_analysis *r)
{
    if (!r) return;
    pool_free(r->pool);
    sl_agg_free(r->agg);
    sl_worker_fini(&r->inline_worker);
    sl_job_fini(&r->inline_job);
    sl_job_fini(&r->spare);
    free(r->sum.by_rule);
    free(r->noticed);
    free(r->gave_up);
    free(r->streams_gave_up);
    for (size_t i = 0; i < r->nkept; i++) free(r->kept[i]);
    for (size_t i = 0; i < SL_ARRAY_LEN(r->errlog_names); i++) free(r->errlog_names[i]);
    for (size_t i = 0; i < r->nnoted; i++) free(r->noted[i]);
    sl_minutes_fini(&r->minutes);
    free(r);
}
