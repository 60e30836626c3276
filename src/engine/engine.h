/* engine.h: the analysis engine: inputs -> reader -> format detection -> parse and evaluate
 * (inline or on the worker pool) -> ordered merge -> the sinks' fan-out -> the summary.
 *
 * Engine API
 *   The command line (cli/analyze.c) parses options, loads rules, opens the report files
 *   and their sinks (into an sl_fanout, output/out_fanout.h), then:
 *
 *       sl_analysis *a = sl_analysis_new(&cfg, rs, &fanout, msg_fn);
 *       for each input: if (!sl_analysis_add_input(a, path, name, named)) break;
 *       const sl_summary *sum = sl_analysis_finish(a);
 *       ... end the sinks with *sum, commit the files, write baselines, exit code ...
 *       sl_analysis_free(a);
 *
 *   The engine reads, detects, parses, merges and counts; it prints its diagnostics through
 *   msg_fn and never decides an exit status, never opens an output and never ends a sink.
 *   The main thread merges jobs strictly in input order, so every output is byte-identical
 *   for any thread count. Inputs fed as they grow (follow) are line streams of an analysis
 *   made with cfg.streams: engine/stream.h.
 *
 *   Hook points (sl_analysis_hooks, all optional):
 *   - after_merge: the main thread, once per job in input order, after the job's counts are
 *     in the summary and its findings went to the sinks; the job's packed findings
 *     (sl_job_next_finding) are still readable. A job whose findings buffer filled up
 *     (back-pressure) is seen more than once: first with done=false for each full buffer,
 *     then done=true with its counts. line_base + a packed finding's line is its line in
 *     the file. Aggregate rules and partial writers read here.
 *   - progress / file_done: bytes read as stored and decoded (the progress bar).
 *   - before_findings: called before findings are written (erase a bar on the terminal).
 *   - own / report_kind: the run's own outputs and statuslint reports are never analyzed.
 *   After sl_analysis_finish the summary is final (state store counts included): sinks and
 *   partial writers read it from there. */
#ifndef SL_ENGINE_H
#define SL_ENGINE_H
#include "engine/work.h"
#include "output/out_fanout.h"
#include "state/st_store.h"
#include <sys/stat.h>

typedef struct sl_analysis sl_analysis;

typedef struct sl_analysis_hooks {
    void *ctx;
    void (*after_merge)(void *ctx, const sl_job *j, uint64_t line_base, bool done);
    void (*progress)(void *ctx, uint64_t raw_done, uint64_t decoded_done); /* current input */
    void (*file_done)(void *ctx, uint64_t raw_bytes, uint64_t decoded_bytes);
    void (*before_findings)(void *ctx);
    /* The option ("-o", ...) whose file st is, with its path; NULL if none of the run's. */
    const char *(*own)(void *ctx, const struct stat *st, const char **path);
    /* The kind of statuslint output these first bytes are, or NULL (an access log?). */
    const char *(*report_kind)(const char *p, size_t n);
} sl_analysis_hooks;

typedef struct sl_analysis_cfg {
    sl_fields *ft;                   /* frozen */
    sl_format *forced;               /* --log-format, compiled; NULL: detect per input */
    sl_format_opts fopts;            /* detection options (--csv-map) */
    int threads;                     /* -j; 0: one per online CPU */
    uint64_t memory_budget;          /* 0: SL_BUDGET_DEFAULT */
    uint64_t aggregate_memory;       /* aggregate rules' tables; 0: SL_AGG_BUDGET_DEFAULT */
    bool quiet;                      /* no notes */
    bool timestamps;                 /* --timestamps: findings and records by minute */
    bool streams;                    /* inputs come as line streams (stream.h: follow): no
                                      * aggregate rules, and no warning when none came */
    uint64_t tell_rejects;           /* the first this many rejected lines are told through
                                      * msg_fn as they merge ("FILE:LINE: rejected: WHY") */
    sl_window window;                /* --since / --until */
    sl_state *state;                 /* --state, its run begun; NULL: none */
    int64_t started;                 /* epoch seconds the run started (0: now) */
    size_t ninputs;                  /* inputs after the directory walk */
    size_t walk_skipped;             /* directory entries the walk passed over */
    uint64_t input_errors;           /* inputs that failed before the engine (the walk) */
    sl_analysis_hooks hooks;
} sl_analysis_cfg;

/* Starts the worker pool within the memory budget (a note when -j was cut). The ruleset,
 * the fan-out and everything cfg points at stay the caller's and must outlive the run. */
sl_analysis *sl_analysis_new(const sl_analysis_cfg *cfg, const sl_ruleset *rs, sl_fanout *sinks,
                             sl_msg_fn *msg);
/* Reads one input to its end (path "-": stdin; name: how findings call it; named: given on
 * the command line, so a report there is an error, not a note). False once standard output
 * has gone away: the caller stops adding inputs. */
bool sl_analysis_add_input(sl_analysis *a, const char *path, const char *name, bool named);
/* Completes the summary: the workers' statistics, the notes on skipped inputs, the state
 * store's run. Returns the final summary (owned by a). */
const sl_summary *sl_analysis_finish(sl_analysis *a);
/* The reader of standard output went away (EPIPE): the run stopped early. */
bool sl_analysis_stdout_closed(const sl_analysis *a);
/* After finish: one warning per rule whose regexes hit the match limit. */
void sl_analysis_warn_limits(const sl_analysis *a);
void sl_analysis_free(sl_analysis *a);

/* ---- one job's results (the merge's; follow reads them through engine/stream.h) ---- */
/* Adds j's line, record and status counts and its newest time to s (not its findings or
 * reject samples, whose file names differ in lifetime between callers). */
void sl_summary_add_job(sl_summary *s, const sl_job *j);
/* The finding a packed record stands for (file name and line base are the caller's). */
sl_finding sl_job_finding(const sl_job *j, const sl_packed *pf, const sl_ruleset *rs,
                          const char *file, uint64_t line_base);
/* sl_analysis_cfg.threads 0: one thread per online CPU (at most 64). */
int sl_threads_online(void);

#endif
