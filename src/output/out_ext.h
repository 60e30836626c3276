/* out_ext.h: what the run can tell a sink beyond out.h, and what it can ask afterwards.
 * Every function accepts any sink made by sl_sink_new; sinks that have no use for a
 * setting ignore it. */
#ifndef SL_OUT_EXT_H
#define SL_OUT_EXT_H
#include "output/out.h"

/* --baseline or --update-baseline was given: sarif marks results "baselineState": "new" or
 * "unchanged" (findings with f->baselined set), markdown adds a baselined column. The other
 * sinks never see baselined findings: the fan-out (out_fanout.h) keeps them away (github
 * and markdown count them apart). */
void sl_sink_set_baseline(sl_sink *s, bool given);
/* Whether the sink shows baselined findings at all (sarif, github, markdown); the run's
 * fan-out (output/out_fanout.h) does not hand the others any. */
bool sl_sink_wants_baselined(const sl_sink *s);
/* Report these rules instead of the ruleset's (rules[i] must match sl_finding.rule == i).
 * The array is borrowed. For tests and tools that build rule lists by hand. */
void sl_sink_set_rules(sl_sink *s, const sl_rule_info *const *rules, size_t n);
/* The run's --fail-on level (sl_severity; SL_SEV_NONE: nothing fails). junit reports
 * findings below it as passing cases. Default SL_SEV_INFO: every finding fails. */
void sl_sink_set_fail_on(sl_sink *s, int level);
/* Rule i did not run for an input, and why (copied); the first reason per rule is kept.
 * junit reports a rule that found nothing and was off as <skipped>. */
void sl_sink_rule_off(sl_sink *s, size_t rule, const char *why);
/* After end: one line for stderr when the sink had to cap or aggregate its output
 * (sarif over max_results, github over the annotation limit), else NULL. */
const char *sl_sink_note(const sl_sink *s);

/* ---- baselines for nightly use (--update-baseline) ---- */
/* A baseline holds at most SL_BASELINE_MAX entries: loading a file with more is an error,
 * and findings past it are counted (sl_baseline_dropped) and make sl_baseline_write fail
 * rather than write a silently shortened file. At most SL_BASELINE_MAX_BYTES are read. */
#define SL_BASELINE_MAX ((size_t)1 << 21)
#define SL_BASELINE_MAX_BYTES ((uint64_t)1 << 30)
#define SL_BASELINE_ROUTE 512      /* bytes of route kept per entry */
size_t sl_baseline_count(const sl_baseline *b);
size_t sl_baseline_dropped(const sl_baseline *b);
/* sl_baseline_load, but a missing file (ENOENT) is an empty baseline when missing_ok.
 * NUL bytes, over-long lines or files, and directories are errors naming the file; so are
 * FIFOs and sockets when missing_ok (the file is to be written back). */
sl_baseline *sl_baseline_open(const char *path, bool missing_ok, char *err, size_t errlen);

/* One finding seen by this run, for the entry's details and its last-seen date. */
typedef struct sl_baseline_seen {
    uint64_t fingerprint;
    const char *rule_id;
    sl_slice method, route;   /* route: the finding's (sl_finding.route) */
    int status;
    int64_t day;              /* days since 1970-01-01 (UTC) */
} sl_baseline_seen;
/* Adds the finding, or moves its entry's last-seen date forward. Entries added this way
 * never make sl_baseline_has true: only entries read from the file suppress. */
void sl_baseline_see(sl_baseline *b, const sl_baseline_seen *s);
/* Marks entries last seen more than max_age_days before today as gone (not written);
 * entries without dates (an older file) start their clock today. Returns how many. */
size_t sl_baseline_expire(sl_baseline *b, int64_t today, int max_age_days);
/* Today as days since 1970-01-01, UTC (from sl_clock_now: test builds may pin it). */
int64_t sl_baseline_today(void);

#endif
