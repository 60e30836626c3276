/* run.c: `statuslint [OPTIONS] PATH...`: wires inputs -> reader -> workers -> sinks.
 * The main thread reads chunks and merges results strictly in input order, so every output
 * is byte-identical whatever --threads is; workers only parse and evaluate. Owns the sinks,
 * the summary, baselines and the exit status. */
#include "base/sl_alloc.h"
#include "engine/budget.h"
#include "engine/pool.h"
#include "cli/progress.h"
#include "cli/msg.h"
#include "cli/outguard.h"
#include "engine/rulesoff.h"
#include "cli/run.h"
#include "engine/work.h"
#include "format/fmt_csvfields.h"
#include "format/fmt_errlog.h"
#include "output/out_ext.h"
#include "state/st_store.h"
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK_CAP SL_CHUNK_CAP
_Static_assert(CHUNK_CAP > SL_DETECT_SAMPLE, "the first chunk must hold the detection sample");


typedef struct run {
    const sl_opts *o;
    sl_fields *ft;
    sl_ruleset *rs;
    size_t nrules;
    sl_config cfg;
    bool have_cfg;
    sl_format_opts fopts;
    const char *log_format;          /* forced format spec, or NULL for auto */
    sl_format *forced;               /* compiled once from log_format */
    sl_sink *sinks[SL_MAX_SINKS];
    sl_outfile *outs[SL_MAX_SINKS];
    size_t nsinks;
    sl_summary sum;
    sl_baseline *baseline, *record; /* --update-baseline: the same table */
    int64_t today;                   /* days since 1970 (baseline dates) */
    int fail_on;
    bool failed;                     /* a finding at or above fail_on */
    bool stdout_closed;              /* the reader of stdout went away (EPIPE) */
    bool stdout_tty;                 /* stdout shares the terminal with the progress bar */
    uint64_t out_done;               /* decompressed bytes of the current file */
    bool *noticed;                   /* [nrules]: counted in sum.rules_off */
    sl_rules_off off;                /* rules the current file's format switches off */
    char *noted[16];                 /* formats whose rules-off note was printed */
    size_t nnoted;
    uint64_t file_seq, seq;
    uint64_t line_base;              /* lines of the current file merged so far */
    const char *file;                /* display name of the current file */
    size_t walk_skipped;             /* directory entries the walk passed over */
    size_t npaths;                   /* inputs after the walk */
    sl_progress prog;
    sl_budget budget;
    uint64_t *gave_up;               /* [nrules]: regex give-ups of every thread, at the end */
    size_t errlogs;                  /* inputs skipped as a web server's error log */
    char *errlog_names[3];           /* the first of them, for the note */
    const char *errlog_kind[2];      /* "nginx", "Apache" as seen */
    pool *pool;
    sl_worker inline_worker;
    sl_job inline_job;
    sl_outguard guard;               /* the run's own files, never read as inputs */
    bool skipped_input;              /* the current input turned out to be a report */
    bool explicit_input;             /* the current input was named on the command line */
    sl_state *state;                 /* --state */
    bool state_input;                /* the current input is being recorded in it */
    bool state_resumed;              /* ... read from where an earlier run stopped */
    sl_window window;                /* --since / --until */
    sl_minutes minutes;              /* --timestamps */
} run;

/* ---- merging results (main thread, input order) ---- */

static void emit(run *r, sl_finding *f)
{
    f->baselined = r->baseline && sl_baseline_has(r->baseline, f->fingerprint);
    if (r->record)
        sl_baseline_see(r->record, &(sl_baseline_seen){f->fingerprint, f->info->id, f->method,
                                                       f->route, f->status, r->today});
    if (r->state) {
        f->has_new = true;
        f->is_new = sl_state_finding(r->state, f);
        r->sum.state_new += f->is_new && !f->baselined;
    }
    if (f->baselined) r->sum.baselined++;
    else {
        if (r->o->timestamps && f->has_time)
            sl_minutes_add(&r->minutes, f->time >= 0 ? f->time / 60 : -((59 - f->time) / 60),
                           SL_MIN_FINDING, (uint32_t)(f->rule * 4 + (f->severity & 3)), 1);
        r->sum.findings[f->severity]++;
        if (f->rule < r->nrules) r->sum.by_rule[f->rule]++; /* baselined ones: counted apart */
        if (r->fail_on != SL_SEV_NONE && (int)f->severity >= r->fail_on) r->failed = true;
    }
    if (r->stdout_tty) sl_progress_clear(&r->prog); /* a finding never lands on the bar */
    for (size_t i = 0; i < r->nsinks; i++)
        if (r->sinks[i] && r->sinks[i]->vt->finding(r->sinks[i], f) != SL_OK) {
            /* a failing stream is reported at commit */
        }
}

/* Writes out the findings a job holds so far and empties its buffer; its counts stay
 * for merge(). Line numbers are relative to the job's chunk, so this may run several
 * times for one job (back-pressure) before merge() moves line_base past it. */
static void merge_findings(run *r, sl_job *j)
{
    size_t pos = 0;
    const sl_packed *pf;
    while (sl_job_next_finding(j, &pos, &pf)) {
        sl_finding f = {.file = j->file, .line = r->line_base + pf->line, .rule = pf->rule,
                        .info = sl_ruleset_info(r->rs, pf->rule),
                        .severity = (sl_severity)pf->severity, .status = pf->status,
                        .method = sl_job_str(j, pf, 0), .path = sl_job_str(j, pf, 1),
                        .host = sl_job_str(j, pf, 2), .has_time = pf->has_time,
                        .time = pf->time, .message = sl_job_str(j, pf, 3),
                        .route = sl_job_str(j, pf, 4), .fingerprint = pf->fingerprint};
        emit(r, &f);
    }
    sl_buf_clear(&j->packed);
}

/* The inline worker's flush hook: nothing else is in flight, so write out at once. */
static void inline_flush(void *ctx, sl_job *j) { merge_findings(ctx, j); }

static void merge(run *r, sl_job *j)
{
    sl_summary *s = &r->sum;
    s->lines += j->lines;
    s->records += j->records;
    s->rejected += j->rejected;
    s->skipped += j->skipped;
    for (int i = 0; i < 1000; i++) s->status[i] += j->status[i];
    s->status_other += j->status_other;
    if (r->state_input) sl_state_days(r->state, j->days, j->ndays);
    if (j->has_newest && (!s->has_newest || j->newest > s->newest))
        s->newest = j->newest, s->has_newest = true;
    for (size_t i = 0; i < j->nsamples && s->nsamples < SL_MAX_REJECT_SAMPLES; i++)
        s->samples[s->nsamples++] = (sl_reject_sample){j->file, r->line_base + j->samples[i].line,
                                                       j->samples[i].reason};
    merge_findings(r, j);
    r->line_base += j->lines;
    if (j->minutes) sl_minutes_merge(&r->minutes, j->minutes);
}

/* ---- the state store (--state): which inputs to read, and their results ---- */

/* Before an input: false when it is not to be read (nothing new, or an error, counted). */
static bool state_begin(run *r, sl_reader *rd)
{
    char err[512];
    sl_state_plan p;
    r->state_input = false;
    if (sl_state_input_begin(r->state, rd, r->file, &p, err, sizeof err)) {
        sl_msg("%s: %s", r->file, err);
        r->sum.input_errors++;
        return false;
    }
    if (p.skip) {
        r->sum.state_unchanged++;
        return false;
    }
    r->state_resumed = p.from_line > 0;
    r->line_base = p.from_line; /* findings keep their true line numbers */
    r->state_input = true;
    return true;
}

/* After an input: its results go into the store in one transaction (if it was read whole). */
static void state_end(run *r, sl_reader *rd, const sl_summary *b, bool complete)
{
    char err[512];
    const sl_summary *a = &r->sum;
    sl_state_counts c = {.total_lines = r->line_base, .lines = a->lines - b->lines,
                         .records = a->records - b->records, .rejected = a->rejected - b->rejected,
                         .skipped = a->skipped - b->skipped,
                         .total_bytes = sl_reader_decoded_done(rd)};
    if (r->state_resumed && !c.lines) r->sum.state_unchanged++; /* e.g. compressed since */
    else if (r->state_resumed) r->sum.state_resumed++;
    if (sl_state_input_end(r->state, complete && !r->stdout_closed, &c, err, sizeof err)) {
        sl_msg("%s", err);
        r->sum.input_errors++;
    }
    r->state_input = false;
}

/* ---- per-file processing ---- */

/* Tells the sinks (junit: <skipped>) why a rule did not run. */
static void rule_off_to_sinks(run *r, size_t rule, int field, const sl_format *fmt)
{
    char why[512], hint[256];
    sl_fields_hint(r->ft, field, hint, sizeof hint);
    if (field == SL_F_BYTES && fmt->bytes_total_only)
        snprintf(why, sizeof why, "off for %s: this %s log counts total bytes, not body bytes",
                 r->file, fmt->name);
    else
        snprintf(why, sizeof why, "off for %s: the log format does not record %s (add %s)", r->file,
                 sl_fields_name(r->ft, field), hint);
    for (size_t i = 0; i < r->nsinks; i++) sl_sink_rule_off(r->sinks[i], rule, why);
}

/* One short note per input format per run (the whole list is --detect's), so a first
 * run over a stock log is calm. The same format string in other files says nothing new. */
static void flush_notices(run *r, const sl_format *fmt)
{
    sl_rules_off *off = &r->off;
    for (size_t i = 0; i < off->n; i++)
        if (!r->noticed[off->v[i].rule]) {
            r->noticed[off->v[i].rule] = true; /* once per run */
            rule_off_to_sinks(r, off->v[i].rule, off->v[i].field, fmt);
            r->sum.rules_off++;
        }
    if (!off->n || r->o->quiet) return;
    char key[512];
    snprintf(key, sizeof key, "%s\n%s", fmt->name, fmt->spec ? fmt->spec : "");
    for (size_t i = 0; i < r->nnoted; i++)
        if (!strcmp(r->noted[i], key)) return;
    if (r->nnoted < SL_ARRAY_LEN(r->noted)) r->noted[r->nnoted++] = sl_xstrdup(key);
    size_t nf = sl_rules_off_fields(off);
    bool total = false; /* the one reason that is not a missing field: say it */
    for (size_t i = 0; i < off->n; i++)
        total |= off->v[i].field == SL_F_BYTES && fmt->bytes_total_only;
    sl_msg("note: %zu rule%s off: the %s log format lacks %zu field%s%s; see statuslint "
           "--detect %s", off->n, off->n == 1 ? " is" : "s are", fmt->name, nf, nf == 1 ? "" : "s",
           total ? " (its byte column counts total bytes, not body bytes)" : "", r->file);
}

/* A CSV format supplies "any field": the file's header says which it really has. */
static void csv_rules_off(run *r, const sl_format *fmt, const sl_chunk *first)
{
    sl_format hdr = *fmt;
    if (!fmt->fields.any || !sl_fmt_csv_header_fields(fmt, first->p, first->n, &hdr.fields))
        return;
    sl_plan_free(sl_plan_new(r->rs, &hdr, sl_rules_off_add, &r->off));
}

/* Decides the format of the input whose first chunk this is, once: detection (unless
 * --log-format forced one) and, for the CLF presets, what the byte column counts, both on
 * the detection sample. Returns NULL (after saying so once) when nothing fits. */
static sl_format *choose_format(run *r, const sl_chunk *first)
{
    char why[512];
    sl_format *f = r->forced;
    if (!f) {
        f = sl_format_detect(first->p, first->n, &r->fopts, r->ft, why, sizeof why);
        if (!f) {
            if (first->n)
                sl_msg("%s: cannot tell the log format (%s); every line is rejected: give "
                       "--log-format", r->file, why);
            return NULL;
        }
    }
    if (sl_format_infer_bytes(f, first->p, first->n, why, sizeof why))
        f = sl_format_total_bytes_view(f, f != r->forced, why);
    return f;
}

/* An nginx or Apache error log (by content) is not an access log: skipped whole, with
 * one note for all of them at the end, not rejected line by line. */
static bool is_error_log(run *r, const sl_chunk *first)
{
    const char *kind = sl_error_log_kind(first->p, first->n < 65536 ? first->n : 65536);
    if (!kind) return false;
    if (r->errlogs < SL_ARRAY_LEN(r->errlog_names))
        r->errlog_names[r->errlogs] = sl_xstrdup(r->file);
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
    if (!r->errlogs || r->o->quiet) return;
    char names[1024];
    size_t used = 0, shown = r->errlogs < 3 ? r->errlogs : 3;
    names[0] = '\0';
    for (size_t i = 0; i < shown && used < sizeof names; i++)
        used += (size_t)snprintf(names + used, sizeof names - used, "%s%s", i ? ", " : "",
                                 r->errlog_names[i]);
    if (r->errlogs > shown && used < sizeof names)
        snprintf(names + used, sizeof names - used, " and %zu more", r->errlogs - shown);
    sl_msg("note: skipped %zu %s%s%s error log%s: %s", r->errlogs, r->errlog_kind[0],
           r->errlog_kind[1] ? " and " : "", r->errlog_kind[1] ? r->errlog_kind[1] : "",
           r->errlogs == 1 ? " (not an access log)" : "s (not access logs)", names);
}

/* A format that fits no line: every line is rejected, so nothing is lost. */
static void reject_all(run *r, const sl_chunk *c)
{
    const char *p = c->p, *end = p + c->n;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        r->sum.lines++;
        r->line_base++;
        if (len == 0 || (len == 1 && *p == '\r')) r->sum.skipped++;
        else {
            r->sum.rejected++;
            if (r->sum.nsamples < SL_MAX_REJECT_SAMPLES)
                r->sum.samples[r->sum.nsamples++] = (sl_reject_sample){
                    r->file, r->line_base,
                    len > SL_READER_LONG_LINE ? "line longer than 512 KiB" : "unknown log format"};
        }
        p += len + (nl != NULL);
    }
}

/* Handles the oldest job in flight: a finished one is merged and its slot freed (true); one
 * whose findings buffer filled up has them written out and runs on (false). */
static bool take_oldest(run *r, sl_job *j, bool partial)
{
    if (partial) {
        merge_findings(r, j);
        pool_resume(r->pool, j);
        return false;
    }
    merge(r, j);
    pool_release(r->pool, j);
    return true;
}

static void collect(run *r, bool wait)
{
    sl_job *j;
    bool partial;
    while ((j = pool_oldest(r->pool, wait, &partial))) take_oldest(r, j, partial);
}

static sl_job *next_job(run *r, bool parallel)
{
    if (!parallel) return &r->inline_job;
    sl_job *j;
    bool partial;
    while (!(j = pool_slot(r->pool))) {
        sl_job *old = pool_oldest(r->pool, true, &partial);
        take_oldest(r, old, partial);
    }
    return j;
}

/* Reads chunks of one input and runs them; returns false on an input error. */
static bool feed(run *r, sl_reader *rd, sl_format **fmt, sl_plan **plan)
{
    bool parallel = r->pool != NULL, eof = false, ok = true, decided = false;
    char err[512];
    while (!eof) {
        sl_job *j = next_job(r, parallel && (!*fmt || !(*fmt)->stateful));
        if (!j->chunk.buf) j->chunk.buf = sl_chunk_alloc(j->chunk.cap = CHUNK_CAP);
        sl_status st = sl_reader_next(rd, &j->chunk, &eof, err, sizeof err);
        if (st == SL_ELIMIT) {
            uint64_t need = sl_reader_decoder_need(rd);
            uint64_t want = need ? 2 * need + ((uint64_t)1 << 20) : 4 * r->budget.total;
            sl_msg("%s: %s; decompression may use half of --memory-budget: give "
                   "--memory-budget %lluM or more to read it", r->file, err,
                   (unsigned long long)(want >> 20));
            ok = false;
            eof = true;
        } else if (st) {
            sl_msg("%s: %s", r->file, err);
            ok = false;
            eof = true;
        }
        r->out_done += j->chunk.n; /* read before a worker owns the chunk */
        const char *report = !decided ? sl_outguard_report_kind(j->chunk.p, j->chunk.n) : NULL;
        if (report && r->explicit_input) { /* named by the user: a mistake worth exit 2 */
            sl_msg("%s: statuslint output (%s), not an access log: not analyzed", r->file, report);
            ok = false;
            break;
        }
        if (report) { /* e.g. a dated report kept in the directory being scanned */
            if (!r->o->quiet)
                sl_msg("note: %s: skipped: statuslint output (%s), not an access log", r->file,
                       report);
            r->skipped_input = true;
            break;
        }
        if (!decided && !r->forced && !eof && sl_format_sample_empty(j->chunk.p, j->chunk.n)) {
            reject_all(r, &j->chunk); /* nothing to tell the format by yet: the next chunk */
            continue;
        }
        if (!decided && is_error_log(r, &j->chunk)) {
            r->skipped_input = true; /* not analyzed: process_file uncounts it */
            break;
        }
        if (!decided) {
            decided = true;
            *fmt = choose_format(r, &j->chunk);
            if (*fmt && !r->forced && !r->explicit_input && !(*fmt)->fields.any &&
                !sl_fieldset_has(&(*fmt)->fields, SL_F_STATUS)) {
                /* found in a directory, in a format that logs no status (mod_ssl's
                 * ssl_request_log beside access_log): nothing to judge, not an input error */
                if (!r->o->quiet)
                    sl_msg("note: %s: skipped: its log format (%s) records no status code", r->file,
                           (*fmt)->name);
                r->skipped_input = true;
                break;
            }
            if (*fmt) {
                sl_rules_off_clear(&r->off); /* the note is printed once records exist */
                *plan = sl_plan_new(r->rs, *fmt, sl_rules_off_add, &r->off);
                csv_rules_off(r, *fmt, &j->chunk);
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
            reject_all(r, &j->chunk);
            continue;
        }
        if (r->o->timestamps && !j->minutes) sl_minutes_init(j->minutes = sl_xmalloc(sizeof *j->minutes));
        sl_job_reset(j, r->nrules);
        j->file = r->file;
        j->file_seq = r->file_seq;
        j->fmt = *fmt;
        j->plan = *plan;
        j->seq = r->seq++;
        j->by_day = r->state_input;
        j->window = &r->window;
        if (parallel) {
            pool_submit(r->pool, j);
            collect(r, sl_reader_streaming(rd)); /* streaming: its findings shown now */
        } else {
            sl_worker_run(&r->inline_worker, j);
            merge(r, j);
        }
        if (sl_reader_streaming(rd)) fflush(stdout);
        uint64_t raw = sl_reader_raw_done(rd);
        bool plain = sl_reader_compression(rd) == SL_COMP_NONE;
        sl_progress_update(&r->prog, raw, plain ? raw : r->out_done);
        if (ferror(stdout) && errno == EPIPE) {
            r->stdout_closed = true;
            break;
        }
    }
    return ok;
}

static void process_file(run *r, const char *path)
{
    char err[512];
    r->file = strcmp(path, "-") ? path : (r->o->stdin_filename ? r->o->stdin_filename : "-");
    r->file_seq++;
    r->line_base = 0;
    r->out_done = 0;
    r->sum.files++;
    sl_reader *rd = sl_reader_open_mem(path, r->budget.decoder, err, sizeof err);
    if (!rd) {
        sl_msg("%s", err);
        r->sum.input_errors++;
        return;
    }
    struct stat st;
    const char *own_path = NULL, *own = sl_reader_stat(rd, &st) ? sl_outguard_own(&r->guard, &st, &own_path) : NULL;
    if (own) { /* e.g. last night's report in the directory being scanned */
        if (r->o->quiet)
            ;
        else if (!strcmp(own_path, "-"))
            sl_msg("note: %s: skipped: this run's standard output goes to it", r->file);
        else
            sl_msg("note: %s: skipped: it is this run's own %s %s", r->file, own, own_path);
        r->sum.files--;
        sl_reader_close(rd);
        return;
    }
    if (r->state && !state_begin(r, rd)) { /* nothing new in it, or the store failed */
        sl_reader_close(rd);
        return;
    }
    sl_format *fmt = NULL;
    sl_plan *plan = NULL;
    sl_summary before = r->sum;
    bool input_ok = true;
    uint64_t records0 = r->sum.records, rejected0 = r->sum.rejected;
    size_t sample0 = r->sum.nsamples;
    r->skipped_input = false;
    r->explicit_input = !strcmp(path, "-");
    for (size_t i = 0; i < r->o->nargs && !r->explicit_input; i++)
        r->explicit_input = !strcmp(r->o->args[i], path);
    if (!feed(r, rd, &fmt, &plan)) r->sum.input_errors++, input_ok = false;
    else if (sl_reader_warning(rd)) sl_msg("warning: %s: %s", r->file, sl_reader_warning(rd));
    if (r->skipped_input) r->sum.files--;
    if (fmt && fmt->stateful) { /* a record still open at the end of the file */
        sl_job *j = &r->inline_job;
        if (r->o->timestamps && !j->minutes) sl_minutes_init(j->minutes = sl_xmalloc(sizeof *j->minutes));
        sl_job_reset(j, r->nrules);
        j->file = r->file, j->file_seq = r->file_seq, j->fmt = fmt, j->plan = plan;
        j->by_day = r->state_input, j->window = &r->window;
        j->seq = r->seq++;
        sl_worker_end_input(&r->inline_worker, j);
        merge(r, j);
    }
    if (r->pool) { /* the format and plan outlive every job and parser of this file */
        collect(r, true);
        pool_drop_parsers(r->pool);
    }
    sl_worker_drop_parser(&r->inline_worker);
    /* an input none of whose lines parsed (a wrong --log-format?) is not recorded as read */
    bool none_parsed = !(r->sum.records > records0 && fmt) && r->sum.rejected > rejected0;
    if (r->state_input) state_end(r, rd, &before, input_ok && !r->skipped_input && !none_parsed);
    if (r->sum.records > records0 && fmt) {
        flush_notices(r, fmt);
    } else if (r->sum.rejected > rejected0) {
        /* nothing could be read from this input: an input error, so CI never passes an
         * analysis that analyzed nothing */
        r->sum.input_errors++;
        const char *why = sample0 < r->sum.nsamples ? r->sum.samples[sample0].reason : "";
        if (fmt && !strncmp(why, "--csv-map:", 10)) /* the map is wrong, not the format */
            sl_msg("%s: %s; no line was read", r->file, why);
        else if (fmt)
            sl_msg("%s: no line could be parsed: all %llu were rejected as %s (first reason: "
                   "%s); is --log-format right?", r->file,
                   (unsigned long long)(r->sum.rejected - rejected0), fmt->name,
                   sample0 < r->sum.nsamples ? r->sum.samples[sample0].reason : "see the summary");
    }
    sl_rules_off_clear(&r->off);
    uint64_t raw = sl_reader_raw_done(rd);
    bool plain = sl_reader_compression(rd) == SL_COMP_NONE;
    sl_progress_file_done(&r->prog, raw, plain ? raw : r->out_done);
    r->sum.bytes += sl_reader_raw_done(rd);
    sl_plan_free(plan);
    if (fmt != r->forced) sl_format_free(fmt);
    sl_reader_close(rd);
}

/* ---- sinks ---- */

static bool color_on(const sl_opts *o, FILE *f)
{
    if (o->color >= 0) return o->color == 1;
    return isatty(fileno(f)) && !sl_env_set("NO_COLOR");
}

static bool open_sinks(run *r)
{
    const sl_opts *o = r->o;
    static const char *const deflt[] = {"text"};
    const char *const *fmts = o->nsinks ? o->formats : deflt;
    size_t n = o->nsinks ? o->nsinks : 1;
    char err[512];
    for (size_t i = 0; i < n; i++) {
        const char *path = o->nsinks ? o->outputs[i] : NULL;
        sl_outfile *of = sl_outfile_open(path, err, sizeof err);
        if (!of) {
            sl_msg("%s", err);
            return false;
        }
        FILE *f = sl_outfile_stream(of);
        sl_sink_opts so = {.color = color_on(o, f) && !strcmp(fmts[i], "text"),
                           .version = SL_VERSION, .max_results = 25000, .group = o->group,
                           .inputs = o->args, .ninputs = o->nargs,
                           .timestamps = o->timestamps};
        r->outs[i] = of;
        r->sinks[i] = sl_sink_new(fmts[i], f, r->rs, &so);
        r->nsinks = i + 1;
        if (r->sinks[i]) {
            sl_sink_set_baseline(r->sinks[i], o->baseline || o->update_baseline);
            sl_sink_set_fail_on(r->sinks[i], r->fail_on);
        }
        if (!r->sinks[i] || r->sinks[i]->vt->begin(r->sinks[i]) != SL_OK) {
            /* the stream's own error (e.g. a full disk) says more than "cannot start" */
            if (fflush(f) != 0 || ferror(f)) {
                if (!(f == stdout && errno == EPIPE)) /* its reader left (| head): quietly */
                    sl_msg("%s: %s", path ? path : "stdout", strerror(errno));
            }
            else
                sl_msg("cannot start the %s output", fmts[i]);
            return false;
        }
    }
    return true;
}

/* Ends every sink and renames its file into place; false if any write failed. */
static bool close_sinks(run *r, bool commit)
{
    bool ok = true;
    char err[512];
    for (size_t i = 0; i < r->nsinks; i++) {
        if (commit && r->sinks[i] && r->sinks[i]->vt->end(r->sinks[i], &r->sum) != SL_OK)
            ok = false;
        const char *note = r->sinks[i] ? sl_sink_note(r->sinks[i]) : NULL;
        if (commit && note) sl_msg("%s", note);
        sl_sink_free(r->sinks[i]);
        if (!r->outs[i]) continue;
        if (!commit) {
            sl_outfile_abort(r->outs[i]);
        } else if (sl_outfile_commit(r->outs[i], err, sizeof err) != SL_OK) {
            /* a reader of stdout that left (| head) is not worth a message */
            bool named = r->o->nsinks && r->o->outputs[i] && strcmp(r->o->outputs[i], "-") != 0;
            bool gone = r->stdout_closed || (!named && errno == EPIPE);
            if (!gone) sl_msg("%s", err);
            ok = false;
        }
    }
    r->nsinks = 0;
    return ok;
}

/* ---- the command ---- */

static uint64_t total_bytes(char **paths)
{
    uint64_t t = 0;
    struct stat st;
    for (char **p = paths; *p; p++)
        if (strcmp(*p, "-") != 0 && stat(*p, &st) == 0) t += (uint64_t)st.st_size;
    return t;
}

static const char *settings_file(const sl_opts *o)
{
    return o->config ? o->config : ".statuslint.yml";
}

static int threads_wanted(const sl_opts *o)
{
    if (o->threads > 0) return o->threads;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)(n > 64 ? 64 : n) : 1;
}

/* Worker threads within the memory budget: each needs a chunk in flight. */
static void start_pool(run *r)
{
    const sl_opts *o = r->o;
    int nt = threads_wanted(o);
    sl_budget_plan(o->memory_budget ? o->memory_budget : SL_BUDGET_DEFAULT, nt, &r->budget);
    int got = r->budget.threads ? r->budget.threads : 1;
    if (o->threads > 0 && got < nt && !o->quiet)
        sl_msg("note: %d threads need --memory-budget %lluM; using %d within %llu MiB", nt,
               (unsigned long long)(sl_budget_for_threads(nt) >> 20), got,
               (unsigned long long)(r->budget.total >> 20));
    if (r->budget.threads) r->pool = pool_new(r->budget.threads, r->budget.nslots, r->rs, r->ft);
}

static bool start(run *r)
{
    const sl_opts *o = r->o;
    r->nrules = sl_ruleset_count(r->rs);
    r->sum.nrules = r->nrules;
    r->sum.by_rule = sl_xcalloc(r->nrules ? r->nrules : 1, sizeof *r->sum.by_rule);
    r->noticed = sl_xcalloc(r->nrules ? r->nrules : 1, sizeof *r->noticed);
    r->fail_on = o->fail_on >= 0 ? o->fail_on : r->cfg.fail_on >= 0 ? r->cfg.fail_on : SL_SEV_ERROR;
    r->fopts.csv_map = o->csv_map;
    r->log_format = o->log_format ? o->log_format : r->cfg.log_format;
    if (r->log_format && !strcmp(r->log_format, "auto")) r->log_format = NULL;
    char err[512];
    if (r->log_format) {
        int col = 0;
        r->forced = sl_format_compile(r->log_format, &r->fopts, r->ft, err, sizeof err, &col);
        if (!r->forced && !o->log_format && r->have_cfg) {
            /* from the settings file: point at the character in it */
            int line, c;
            sl_config_log_format_pos(&r->cfg, col > 0 ? (size_t)col - 1 : 0, &line, &c);
            const char *msg = err;
            if (!strncmp(msg, "column ", 7) && (msg = strstr(msg, ": "))) msg += 2;
            else msg = err;
            sl_msg("%s:%d:%d: error: log_format: %s", settings_file(o), line, c, msg);
            return false;
        }
        if (!r->forced) {
            sl_msg("--log-format: %s", err);
            return false;
        }
    }
    if (o->baseline && !(r->baseline = sl_baseline_load(o->baseline, err, sizeof err))) {
        sl_msg("--baseline: %s", err);
        return false;
    }
    if (o->update_baseline) {
        if (!(r->baseline = sl_baseline_open(o->update_baseline, true, err, sizeof err))) {
            sl_msg("--update-baseline: %s", err);
            return false;
        }
        r->record = r->baseline;
    }
    if (o->write_baseline) r->record = sl_baseline_new();
    r->today = sl_baseline_today();
    r->window = (sl_window){.on = o->since || o->until, .since = o->since ? o->since_t : INT64_MIN,
                            .until = o->until ? o->until_t : INT64_MAX};
    if (o->state) {
        if (!(r->state = sl_state_open(o->state, true, err, sizeof err)) ||
            sl_state_run_begin(r->state, (int64_t)time(NULL), err, sizeof err)) {
            sl_msg("%s", err);
            return false;
        }
        r->sum.state = true;
    }
    return true;
}

/* One warning per rule whose regexes gave up (identical for any -j: the limits are counts
 * of work, not time). */
static void warn_regex_limits(const run *r, const uint64_t *gave_up)
{
    for (size_t k = 0; k < r->nrules; k++)
        if (gave_up[k])
            sl_msg("warning: %llu regex match%s hit the match limit and counted as no match "
                   "(rule %s: its pattern backtracks too much, or a value was longer than "
                   "%zu KiB)", (unsigned long long)gave_up[k], gave_up[k] == 1 ? "" : "es",
                   sl_ruleset_info(r->rs, k)->id, SL_REGEX_SUBJECT_MAX >> 10);
}

static int finish(run *r, bool input_ok)
{
    sl_eval_stats es = {0};
    uint64_t *gave_up = r->gave_up = sl_xcalloc(r->nrules ? r->nrules : 1, sizeof *gave_up);
    if (r->pool) pool_stats(r->pool, &es, gave_up, r->nrules);
    const sl_eval_stats *is = sl_evaluator_stats(r->inline_worker.ev);
    es.suppressed += is->suppressed;
    es.regex_limit += is->regex_limit;
    for (size_t k = 0; k < r->nrules; k++) gave_up[k] += is->regex_limit_by_rule[k];
    r->sum.suppressed = es.suppressed;
    r->sum.regex_limit = es.regex_limit;
    r->sum.finished = (int64_t)time(NULL);
    r->sum.seconds = sl_now() - r->prog.start;
    if (r->o->timestamps) r->sum.minutes = &r->minutes;
    sl_progress_end(&r->prog);
    note_error_logs(r);
    if (r->sum.files == 0 && input_ok) {
        /* CI must never pass a run that read nothing */
        if (r->errlogs && r->npaths == r->errlogs)
            sl_msg("warning: no access log to analyze: every input was an error log");
        else if (r->npaths)
            sl_msg("warning: nothing to analyze: every input was skipped (see the notes)");
        else
            sl_msg("warning: no input files: the directories given hold no log file to read (%zu "
                   "entr%s passed over: hidden, README* or --include/--exclude)", r->walk_skipped,
                   r->walk_skipped == 1 ? "y" : "ies");
        r->sum.input_errors++;
    }
    r->sum.success = input_ok && r->sum.input_errors == 0;
    char serr[512];
    if (r->state && sl_state_run_end(r->state, &r->sum, &r->sum.state_fresh, &r->sum.state_gone,
                                     serr, sizeof serr)) {
        sl_msg("%s", serr);
        r->sum.success = false;
    }
    /* A run that stopped before its inputs ended publishes nothing: the previous report
     * files stay as they were. One that read everything it could publishes its reports,
     * marked unsuccessful if an input was damaged, but never a baseline missing findings. */
    bool files = r->record != NULL;
    for (size_t i = 0; i < r->nsinks; i++) files |= r->outs[i] && r->o->outputs[i] &&
                                                      strcmp(r->o->outputs[i], "-") != 0;
    if (r->stdout_closed) {
        close_sinks(r, false);
        if (files)
            sl_msg("standard output was closed before every input was read: report files "
                   "were not written (the previous ones are kept)");
        return 2;
    }
    bool out_ok = close_sinks(r, true);
    char err[512];
    const char *bl_path = r->o->update_baseline ? r->o->update_baseline : r->o->write_baseline;
    const char *bl_flag = r->o->update_baseline ? "--update-baseline" : "--write-baseline";
    if (r->record && !r->sum.success) {
        sl_msg("%s: %s not written: not every input was read completely "
               "(the previous baseline is kept)", bl_flag, bl_path);
    } else if (r->record) {
        if (r->o->update_baseline) sl_baseline_expire(r->record, r->today, r->o->baseline_max_age);
        if (sl_baseline_write(r->record, bl_path, err, sizeof err)) {
            sl_msg("%s: %s", bl_flag, err);
            out_ok = false;
        }
    }
    warn_regex_limits(r, gave_up);
    if (!out_ok || !r->sum.success) return 2;
    return r->failed ? 1 : 0;
}

static void cleanup(run *r)
{
    pool_free(r->pool);
    sl_state_close(r->state);
    sl_worker_fini(&r->inline_worker);
    sl_job_fini(&r->inline_job);
    if (r->record != r->baseline) sl_baseline_free(r->record);
    sl_baseline_free(r->baseline);
    if (r->forced) sl_format_free(r->forced);
    free(r->sum.by_rule);
    free(r->noticed);
    free(r->gave_up);
    for (size_t i = 0; i < SL_ARRAY_LEN(r->errlog_names); i++) free(r->errlog_names[i]);
    for (size_t i = 0; i < r->nnoted; i++) free(r->noted[i]);
    sl_rules_off_fini(&r->off);
    sl_minutes_fini(&r->minutes);
    if (r->have_cfg) sl_config_fini(&r->cfg);
    sl_ruleset_free(r->rs);
    sl_fields_free(r->ft);
}

static void clear_bar(void *ctx) { sl_progress_clear(ctx); }

int sl_run_analyze(const sl_opts *o)
{
    static const char *const dash[] = {"-"};
    const char *const *args = o->args;
    size_t nargs = o->nargs;
    if (!nargs) {
        if (isatty(STDIN_FILENO)) {
            sl_msg("no input: give log files or directories, or - to read "
                            "stdin (see statuslint --help)");
            return 2;
        }
        args = dash, nargs = 1;
    }
    run *r = sl_xcalloc(1, sizeof *r);
    r->o = o;
    r->ft = sl_fields_new();
    r->sum.started = (int64_t)time(NULL);
    int rc = 2;
    if (!(r->rs = sl_setup_rules(o, r->ft, &r->cfg, &r->have_cfg)) || !start(r)) {
        if (r->rs) cleanup(r);
        else sl_fields_free(r->ft), free(r->sum.by_rule), free(r->noticed);
        free(r);
        return 2;
    }
    sl_fields_freeze(r->ft);
    size_t npaths = 0, path_errors = 0;
    sl_walk_opts wo;
    sl_walk_opts_init(&wo, o, r->have_cfg ? &r->cfg : NULL);
    char **paths = sl_expand_paths(args, nargs, &wo, &npaths, &path_errors, &r->walk_skipped);
    r->npaths = npaths;
    sl_walk_opts_fini(&wo);
    r->sum.input_errors += path_errors;
    bool prog = o->progress == 1 || (o->progress < 0 && isatty(STDERR_FILENO) && !sl_env_set("CI"));
    sl_progress_start(&r->prog, prog, total_bytes(paths));
    r->stdout_tty = isatty(STDOUT_FILENO);
    sl_msg_before(clear_bar, &r->prog);
    sl_worker_init(&r->inline_worker, r->rs, r->ft);
    r->inline_worker.flush = inline_flush;
    r->inline_worker.flush_ctx = r;
    start_pool(r);
    sl_outfile_cleanup_on_signals();
    if (!sl_outguard_init(&r->guard, o, args, nargs)) {
        rc = 2;
    } else if (open_sinks(r)) {
        for (size_t i = 0; i < npaths && !r->stdout_closed; i++) process_file(r, paths[i]);
        rc = finish(r, true);
    } else {
        close_sinks(r, false);
    }
    sl_msg_before(NULL, NULL);
    sl_free_paths(paths);
    cleanup(r);
    free(r);
    return rc;
}
