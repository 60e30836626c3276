/* out_fanout.c: the fan-out of findings to a run's sinks (see out_fanout.h). */
#include "output/out_fanout.h"
#include <errno.h>
#include <string.h>

void sl_fanout_init(sl_fanout *fo) { memset(fo, 0, sizeof *fo); }

size_t sl_fanout_add(sl_fanout *fo, sl_sink *s)
{
    if (fo->n >= SL_FANOUT_MAX) return fo->n;
    fo->sinks[fo->n] = s;
    fo->dead[fo->n] = false;
    return fo->n++;
}

sl_status sl_fanout_open(sl_fanout *fo, const char *name, FILE *f, const sl_ruleset *rs,
                         const sl_sink_opts *so, bool baseline, int fail_on)
{
    sl_sink *s = sl_sink_new(name, f, rs, so);
    sl_fanout_add(fo, s);
    if (!s) return SL_EUSAGE;
    sl_sink_set_baseline(s, baseline);
    sl_sink_set_fail_on(s, fail_on);
    return s->vt->begin(s) == SL_OK ? SL_OK : SL_EIO;
}

void sl_fanout_set_baseline(sl_fanout *fo, const sl_baseline *baseline, sl_baseline *record,
                            int64_t today)
{
    fo->baseline = baseline;
    fo->record = record;
    fo->today = today;
}

void sl_fanout_mark(const sl_fanout *fo, sl_finding *f)
{
    f->baselined = fo->baseline && sl_baseline_has(fo->baseline, f->fingerprint);
    if (fo->record)
        sl_baseline_see(fo->record, &(sl_baseline_seen){f->fingerprint, f->info ? f->info->id : "?",
                                                        f->method, f->route, f->status,
                                                        fo->today});
    if (fo->baseline) { /* new is what the baseline lacks; --state, if any, decides after */
        f->has_new = true;
        f->is_new = !f->baselined;
    }
}

void sl_fanout_finding(sl_fanout *fo, const sl_finding *f)
{
    for (size_t i = 0; i < fo->n; i++) {
        sl_sink *s = fo->sinks[i];
        if (!s || fo->dead[i] || (f->baselined && !sl_sink_wants_baselined(s))) continue;
        if (s->vt->finding(s, f) != SL_OK) { /* its end reports the failure */
            fo->dead[i] = true;
            fo->dead_errno[i] = errno;
        }
    }
}

void sl_fanout_rule_off(sl_fanout *fo, size_t rule, const char *why)
{
    for (size_t i = 0; i < fo->n; i++) sl_sink_rule_off(fo->sinks[i], rule, why);
}

bool sl_fanout_dead(const sl_fanout *fo, size_t i) { return i < fo->n && fo->dead[i]; }

bool sl_fanout_pipe_gone(const sl_fanout *fo, const FILE *f)
{
    for (size_t i = 0; i < fo->n; i++)
        if (fo->dead[i] && fo->sinks[i] && fo->sinks[i]->out == f && fo->dead_errno[i] == EPIPE)
            return true;
    return false;
}
