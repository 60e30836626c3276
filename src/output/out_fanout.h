/* out_fanout.h: one finding to every sink of a run. The fan-out marks each finding against
 * the baseline (f->baselined), records it for --write-baseline / --update-baseline, and
 * hands it to each sink still alive. A sink whose stream failed is marked dead and called
 * no more (its end reports the failure); a sink that does not show baselined findings is
 * not called for them (sl_sink_wants_baselined). Sinks stay the opener's to end and free. */
#ifndef SL_OUT_FANOUT_H
#define SL_OUT_FANOUT_H
#include "output/out_ext.h"

#define SL_FANOUT_MAX 16               /* sinks of one run (-f ... -o ... pairs) */

typedef struct sl_fanout {
    sl_sink *sinks[SL_FANOUT_MAX];
    bool dead[SL_FANOUT_MAX];          /* its finding() failed: not called again */
    int dead_errno[SL_FANOUT_MAX];     /* errno when it failed (EPIPE: its reader left) */
    size_t n;
    const sl_baseline *baseline;      /* --baseline / --update-baseline, or NULL */
    sl_baseline *record;              /* what this run writes as a baseline, or NULL */
    int64_t today;                    /* days since 1970 (the record's last-seen dates) */
} sl_fanout;

void sl_fanout_init(sl_fanout *fo);
/* Adds a sink (NULL is kept as a hole, so indexes match the -f list); returns its index. */
size_t sl_fanout_add(sl_fanout *fo, sl_sink *s);
void sl_fanout_set_baseline(sl_fanout *fo, const sl_baseline *baseline, sl_baseline *record,
                            int64_t today);
/* Makes the sink for format `name` on f (sl_sink_new with so), tells it whether a baseline
 * is in use and the --fail-on level, adds it (a hole when name is unknown) and begins it.
 * SL_EUSAGE: no such format; SL_EIO: begin failed (see the stream's error). */
sl_status sl_fanout_open(sl_fanout *fo, const char *name, FILE *f, const sl_ruleset *rs,
                         const sl_sink_opts *so, bool baseline, int fail_on);
/* Sets f->baselined (and f->is_new when a baseline is read) and records f (before the run
 * counts it). */
void sl_fanout_mark(const sl_fanout *fo, sl_finding *f);
/* Hands f to every live sink that wants it; a failing sink is marked dead. */
void sl_fanout_finding(sl_fanout *fo, const sl_finding *f);
/* Rule `rule` did not run for an input, and why (every sink; junit: <skipped>). */
void sl_fanout_rule_off(sl_fanout *fo, size_t rule, const char *why);
/* Whether sink i failed while findings were written. */
bool sl_fanout_dead(const sl_fanout *fo, size_t i);
/* Whether a sink writing to f died of EPIPE (the reader of a pipe went away). */
bool sl_fanout_pipe_gone(const sl_fanout *fo, const FILE *f);

#endif
