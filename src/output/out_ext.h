/* out_ext.h: what the run can tell a sink beyond out.h, and what it can ask afterwards.
 * Every function accepts any sink made by sl_sink_new; sinks that have no use for a
 * setting ignore it. */
#ifndef SL_OUT_EXT_H
#define SL_OUT_EXT_H
#include "output/out.h"

/* --baseline was given: sarif marks results "baselineState": "new" or "unchanged"
 * (findings with f->baselined set). Other sinks drop baselined findings either way. */
void sl_sink_set_baseline(sl_sink *s, bool given);
/* Report these rules instead of the ruleset's (rules[i] must match sl_finding.rule == i).
 * The array is borrowed. For tests and tools that build rule lists by hand. */
void sl_sink_set_rules(sl_sink *s, const sl_rule_info *const *rules, size_t n);
/* After end: one line for stderr when the sink had to cap or aggregate its output
 * (sarif over max_results, github over the annotation limit), else NULL. */
const char *sl_sink_note(const sl_sink *s);

/* Distinct fingerprints held; entries past SL_BASELINE_MAX are dropped and counted. */
#define SL_BASELINE_MAX ((size_t)1 << 21)
size_t sl_baseline_count(const sl_baseline *b);
size_t sl_baseline_dropped(const sl_baseline *b);

#endif
