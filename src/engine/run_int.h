/* run_int.h: the engine's per-input steps, shared by the two ways an input reaches it: the
 * batch loop (run.c: one input after another, read to its end through the reader) and the
 * line streams (stream.c: inputs fed side by side as they grow, for follow). Both decide
 * the format, prepare jobs, count, merge and tell rules-off reasons through these
 * functions, so a line gives the same counts, findings and messages either way.
 * Internal to engine/: the caller's API is engine.h. */
#ifndef SL_RUN_INT_H
#define SL_RUN_INT_H
#include "engine/engine.h"
#include "engine/rulesoff.h"

/* One input being read. A batch run has one at a time; each stream has its own. */
typedef struct sl_input {
    const char *file;            /* display name: findings, samples and messages */
    uint64_t file_seq;           /* tells parsers of different inputs apart */
    uint64_t line_base;          /* lines of it merged so far (+ where a resumed read began) */
    uint64_t records;            /* records of it merged so far */
    sl_format *fmt;              /* NULL until decided (or when nothing fits) */
    sl_plan *plan;
    sl_rules_off off;            /* rules its format switches off (told once records exist) */
    bool state_input;            /* recorded in the state store: days and findings */
    bool keep_names;             /* the summary's reject samples copy the name: a stream's
                                  * name may be freed before the run ends */
    /* Before a job of this input is merged (done) or its full findings buffer is written out
     * (!done): the main thread, so the caller can make the input current (the state store's
     * batch) and, when done, read the job's counts. NULL: nothing. */
    void (*before_merge)(void *ctx, const sl_job *j, bool done);
    void *ctx;
} sl_input;

/* A new input: its sequence number, counted among the run's files. */
void sl_input_begin(sl_analysis *a, sl_input *in, const char *file);
/* Frees the input's plan, format and rules-off list (not the name). */
void sl_input_end(sl_analysis *a, sl_input *in);
/* Decides the input's format from its first bytes (detection unless --log-format forced
 * one, the byte column's meaning, a CSV header's fields), its plan and the rules it
 * switches off. False when no format fits: then, unless unknown is NULL, one message says
 * so and what follows for its lines ("every line is rejected"). */
bool sl_input_decide(sl_analysis *a, sl_input *in, const char *p, size_t n, const char *unknown);
/* Whether p[0..n), the input's first bytes, are a web server's error log (not an access
 * log): then, as in a batch run, it is not analyzed and not counted among the files; a note
 * says so at once (unless quiet). */
bool sl_input_error_log(sl_analysis *a, sl_input *in, const char *p, size_t n);
/* Resets j for the input's next lines (its format, plan, state and window settings). */
void sl_input_job(sl_analysis *a, sl_input *in, sl_job *j);
/* Counts lines p[0..n) as rejected (blank ones skipped) into j, for an input whose format
 * is not known, then merges j. */
void sl_input_reject_all(sl_analysis *a, sl_input *in, sl_job *j, const char *p, size_t n);
/* A job's counts, samples and findings into the summary and the sinks, in order. */
void sl_input_merge(sl_analysis *a, sl_input *in, sl_job *j);
/* Writes out the findings j holds so far (back-pressure); its counts wait for the merge. */
void sl_input_merge_findings(sl_analysis *a, sl_input *in, sl_job *j);
/* At the end of a stateful input: a record still open fails (sl_worker_end_input). */
void sl_input_end_record(sl_analysis *a, sl_input *in, sl_worker *w, sl_job *j);
/* The rules the input's format switches off: to the sinks, counted, one note per format. */
void sl_input_notices(sl_analysis *a, sl_input *in);
/* A worker of the caller's at its end: its evaluator's statistics join the summary's. */
void sl_input_worker_done(sl_analysis *a, const sl_worker *w);
/* n bytes of the input were read (the summary's bytes). */
void sl_input_read(sl_analysis *a, uint64_t n);
/* A read error of the input: told through msg_fn ("FILE: ERR") and counted. */
void sl_input_error(sl_analysis *a, const sl_input *in, const char *err);
const sl_ruleset *sl_analysis_ruleset(const sl_analysis *a);
const sl_fields *sl_analysis_fields(const sl_analysis *a);

#endif
