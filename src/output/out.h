/* out.h: findings, run summaries and the sinks that write them (text, jsonl, json, sarif,
 * codequality, junit, github, prometheus, openmetrics, markdown), plus atomic report files,
 * fingerprints and baselines.
 *
 * The run calls, for each sink: begin, then finding for every finding in input order
 * (file order as given, then line order), then end with the summary. Sinks escape every
 * byte that comes from a log (terminal controls, JSON, XML, Prometheus label values).
 * A sink never exits; it returns SL_EIO when its stream fails. */
#ifndef SL_OUT_H
#define SL_OUT_H
#include "base/sl_base.h"
#include "rule/agg.h"
#include "rule/rule.h"
#include <stdio.h>

typedef struct sl_finding {
    const char *file;        /* display name (as given, or --stdin-filename for -) */
    uint64_t line;           /* 1-based physical line in the decompressed stream */
    size_t rule;             /* index into the ruleset */
    const sl_rule_info *info;
    sl_severity severity;    /* effective */
    int status;              /* the record's status (-1 if none) */
    sl_slice method, path, host; /* may be NULL views */
    sl_slice route;          /* the path's route (record/rec_route.h); NULL without a path */
    bool has_time;
    int64_t time;            /* epoch seconds, UTC, when has_time */
    sl_slice message;        /* rendered, raw bytes */
    uint64_t fingerprint;    /* sl_fingerprint(...) */
    bool baselined;          /* present in --baseline: only baseline-aware sinks show it */
    bool has_new, is_new;    /* --state: json sinks write "new": is_new */
    const sl_agg_result *agg; /* a finding of an aggregate rule: count, first, last; else NULL */
} sl_finding;

#define SL_MAX_REJECT_SAMPLES 20

typedef struct sl_reject_sample {
    const char *file;        /* borrowed from the run */
    uint64_t line;
    const char *reason;      /* static */
} sl_reject_sample;

typedef struct sl_summary {
    uint64_t files, lines, records, rejected, skipped;
    uint64_t bytes;                  /* decompressed bytes read */
    uint64_t findings[4];            /* by sl_severity (index 0 unused) */
    uint64_t *by_rule;               /* [nrules], owned by the run */
    size_t nrules;
    uint64_t status[1000];           /* records by status code 0..999 */
    uint64_t status_other;           /* records with no or a non-3-digit status */
    sl_reject_sample samples[SL_MAX_REJECT_SAMPLES];
    size_t nsamples;
    uint64_t suppressed, baselined, regex_limit;
    uint64_t input_errors;           /* inputs that could not be read completely */
    uint64_t rules_off;              /* rules switched off by `needs` (count of notices) */
    int64_t started, finished;       /* epoch seconds */
    bool has_newest;
    int64_t newest;                  /* log time of the newest record (epoch seconds) */
    double seconds;                  /* wall time */
    bool success;                    /* no input error */
    bool state;                      /* --state in use: the counts below mean something */
    uint64_t state_unchanged;        /* inputs not read: nothing new since an earlier run */
    uint64_t state_resumed;          /* inputs read from where an earlier run stopped */
    uint64_t state_new;              /* findings whose group this run saw first */
    uint64_t state_fresh, state_gone; /* finding groups first seen / gone since the last run */
    const struct sl_minutes *minutes; /* --timestamps: counts by minute of log time, or NULL */
    const sl_aggstate *agg;          /* aggregate rules' state (their counts), or NULL */
} sl_summary;

typedef struct sl_sink_opts {
    bool color;              /* text: ANSI colour */
    const char *version;     /* tool version */
    size_t max_results;      /* sarif: cap before aggregation (default 25000); github: 10 per level etc. */
    bool group;              /* text: one line per finding group (--group), not per finding */
    const char *const *inputs; /* the paths given on the command line */
    size_t ninputs;
    bool timestamps;         /* openmetrics: samples by minute of log time (--timestamps) */
} sl_sink_opts;

typedef struct sl_sink sl_sink;
typedef struct sl_sink_vt {
    const char *name;
    sl_status (*begin)(sl_sink *s);
    sl_status (*finding)(sl_sink *s, const sl_finding *f);
    sl_status (*end)(sl_sink *s, const sl_summary *sum);
    void (*free)(sl_sink *s);
} sl_sink_vt;

/* Every sink begins with this head. */
struct sl_sink {
    const sl_sink_vt *vt;
    FILE *out;                  /* borrowed */
    const sl_ruleset *rs;       /* borrowed */
    sl_sink_opts opts;
};

/* Names accepted by -f, NULL-terminated. */
extern const char *const sl_sink_formats[];
/* NULL if name is not a known format. */
sl_sink *sl_sink_new(const char *name, FILE *out, const sl_ruleset *rs, const sl_sink_opts *o);
void sl_sink_free(sl_sink *s);

/* ---- atomic report files ---- */
/* path "-" (or NULL) is stdout. A regular file is written to a temporary name beside it and
 * renamed into place by commit; a special file (/dev/null, /dev/full, a FIFO) is written
 * directly. */
typedef struct sl_outfile sl_outfile;
sl_outfile *sl_outfile_open(const char *path, char *err, size_t errlen);
FILE *sl_outfile_stream(sl_outfile *o);
/* Flushes, checks for write errors, renames. Frees o. SL_EIO with err on failure. */
sl_status sl_outfile_commit(sl_outfile *o, char *err, size_t errlen);
/* Removes the temporary file. Frees o. */
void sl_outfile_abort(sl_outfile *o);
/* The file a report for path replaces: path with symbolic links followed (a dangling link
 * gives the missing file it names); paths under /dev and /proc as given. Caller frees. */
char *sl_outfile_target(const char *path);
/* From now on SIGINT, SIGTERM and SIGHUP remove every temporary report file still open,
 * then end the process by the same signal (signals the caller ignores stay ignored). */
void sl_outfile_cleanup_on_signals(void);

/* ---- fingerprints and baselines ---- */
/* A line-independent fingerprint: rule id + host (case-insensitive) + method + route +
 * status. The route (sl_route: variable segments replaced, query dropped) is what makes
 * it the same for /users/1 and /users/2. */
uint64_t sl_fingerprint(const char *rule_id, sl_slice host, sl_slice method, sl_slice route,
                        int status);

typedef struct sl_baseline sl_baseline;
/* Loads a baseline written by sl_baseline_write; NULL with err on failure. */
sl_baseline *sl_baseline_load(const char *path, char *err, size_t errlen);
bool sl_baseline_has(const sl_baseline *b, uint64_t fp);
void sl_baseline_free(sl_baseline *b);
/* A set of fingerprints being recorded. */
sl_baseline *sl_baseline_new(void);
void sl_baseline_add(sl_baseline *b, uint64_t fp, const char *rule_id);
/* Writes atomically (sorted, one per line with the rule id). */
sl_status sl_baseline_write(const sl_baseline *b, const char *path, char *err, size_t errlen);

#endif
