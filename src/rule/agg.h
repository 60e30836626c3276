/* agg.h: the state of aggregate rules (`aggregate:` / `sequence:` blocks of rule files).
 *
 * Workers pack each line an aggregate rule selects (sl_evaluator_on_aggregate); the main
 * thread feeds those lines, in input order, to one sl_aggstate, which keeps per-rule tables
 * of fixed capacity (sized at creation from one memory budget) and calls back with each
 * finding. The same input in the same order gives the same findings, whatever the threads.
 *
 * Tables: 8-way set-associative, keyed by the hash of the `by` values; a new key in a full
 * set takes the place of the least recently seen one (counted as an eviction). Windows slide
 * on the records' own times in steps of window/8; a line more than SL_AGG_LATE_SECONDS older
 * than the newest line of its rule, and a line without a time, are counted and not used. */
#ifndef SL_AGG_H
#define SL_AGG_H
#include "rule/rule.h"

#define SL_AGG_BUDGET_DEFAULT ((size_t)4 << 20)
#define SL_AGG_BUDGET_MIN ((size_t)64 << 10)
#define SL_AGG_LATE_SECONDS 5

typedef struct sl_aggstate sl_aggstate;

/* One line of an aggregate rule, as the main thread has it. */
typedef struct sl_agg_line {
    size_t rule;
    const char *file;        /* display name; copied when kept */
    uint64_t line;
    bool has_time;
    int64_t time;
    int status;
    sl_slice method, path, host;
    const void *payload;     /* what the worker packed */
    size_t len;
} sl_agg_line;

typedef struct sl_agg_pos {
    const char *file;        /* owned by the state */
    uint64_t line;
    int64_t time;
} sl_agg_pos;

/* What a finding of an aggregate rule carries besides the usual fields. */
typedef struct sl_agg_result {
    uint64_t count;          /* lines of the key in the window (sequence: `first` lines) */
    int64_t span;            /* seconds from first to last */
    sl_agg_pos first, last;  /* the window's first line; the line that fired */
    sl_slice route;          /* the route of the line that fired (NULL without a path) */
    uint64_t fingerprint;    /* rule + key */
    uint64_t clients;        /* distinct clients concerned: 1 when the key holds the client, the
                              * window's count under `distinct: client`; 0: not known */
    int64_t retries;         /* a key of client and target/path (not a sequence): the requests
                              * after the first, count - 1; -1: the rule does not count retries */
} sl_agg_result;

/* msg: the rendered message, valid during the call. */
typedef void (*sl_agg_emit_fn)(void *ctx, const sl_agg_line *ln, const sl_agg_result *res,
                               const char *msg, size_t msglen);

typedef struct sl_agg_stats {
    uint64_t lines;          /* lines fed */
    uint64_t evicted;        /* live keys dropped for a new one */
    uint64_t late;           /* lines too far out of order */
    uint64_t untimed;        /* lines without a time */
    uint64_t findings;
    uint64_t quieted;        /* lines that met the condition again during a key's cooldown */
    uint64_t capacity;       /* keys the rule's table holds */
} sl_agg_stats;

/* budget: bytes for the tables of every enabled aggregate rule (shared equally). */
sl_aggstate *sl_agg_new(const sl_ruleset *rs, size_t budget);
/* The same, for one rule alone, enabled or not (`rules test`). */
sl_aggstate *sl_agg_new_for(const sl_ruleset *rs, size_t rule, size_t budget);
void sl_agg_free(sl_aggstate *st);
void sl_agg_feed(sl_aggstate *st, const sl_agg_line *ln, sl_agg_emit_fn fn, void *ctx);
/* A new input begins: its lines are late only against its own newest line, not the previous
 * input's (the files of several servers cover the same hours); windows, sequences and learned
 * sets go on across inputs, and a key's lines older than its own window still count late. */
void sl_agg_new_input(sl_aggstate *st);
/* A state that holds the rules' statistics only (no tables), which sl_agg_stats_add sums:
 * what a merge of partial results reports. capacity is the largest added. */
sl_aggstate *sl_agg_new_stats(const sl_ruleset *rs);
void sl_agg_stats_add(sl_aggstate *st, size_t rule, const sl_agg_stats *add);
/* NULL when rule is not an aggregate rule. */
const sl_agg_stats *sl_agg_rule_stats(const sl_aggstate *st, size_t rule);
/* Bytes the tables take. */
size_t sl_agg_bytes(const sl_aggstate *st);

#endif
