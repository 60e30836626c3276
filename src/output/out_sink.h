/* out_sink.h: private to src/output: the common head of every sink's state and the helpers
 * several sinks share (rule lookup, the JSON finding object, repeat counters for unique
 * fingerprints). The kinds table is in out_sink.c. Not for use outside src/output. */
#ifndef SL_OUT_SINK_H
#define SL_OUT_SINK_H
#include "output/out.h"
#include "base/sl_u64map.h"

/* Every sink's state starts with this (which starts with sl_sink). */
typedef struct out_sink {
    sl_sink head;
    bool baseline;                     /* --baseline given: sarif shows baselineState */
    const sl_rule_info *const *rules;  /* explicit rule list (sl_sink_set_rules), or NULL */
    size_t nrules;
    char note[256];                    /* what the run prints on stderr after end, or "" */
    int fail_on;                       /* sl_severity: findings at or above it fail (junit) */
    char **off_why;                    /* [noff]: why rule i did not run, or NULL */
    size_t noff;
    bool wants_baselined;              /* its kind's sl_sink_vt.baselined */
} out_sink;

/* The rules the sink reports on: the explicit list, else the ruleset's. */
size_t out_rule_count(const sl_sink *s);
const sl_rule_info *out_rule(const sl_sink *s, size_t i);
/* The rule id of a finding ("?" if unknown). */
const char *out_finding_rule_id(const sl_finding *f);
/* Why rule i was switched off for some input (sl_sink_rule_off), or NULL. */
const char *out_rule_off(const sl_sink *s, size_t i);
/* True when findings of this severity fail the run (--fail-on). */
bool out_fails(const sl_sink *s, sl_severity sev);
/* Returns SL_EIO when the stream has failed. */
sl_status out_check(FILE *f);

/* One finding as the JSON object of docs/ARCHITECTURE.md "Findings" (no newline). */
void out_json_finding(FILE *f, const sl_finding *fi);

/* Counts repeats of 64-bit keys, so "<fp>:<n>" stays unique per finding. Bounded: past
 * max distinct keys, next() returns 0 (the caller falls back to another scheme). */
typedef struct out_counter {
    uint64_t *keys;
    uint32_t *counts;
    size_t cap, n, max;
    uint32_t zero_count;
    sl_u64map index; /* key -> its place in keys/counts, which fill in order of first sight */
} out_counter;
void out_counter_init(out_counter *c, size_t max);
void out_counter_fini(out_counter *c);
uint32_t out_counter_next(out_counter *c, uint64_t key);

#endif
