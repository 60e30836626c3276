/* live.h: the process-lifetime counters of `statuslint follow` and the HTTP endpoint that
 * serves them (/metrics in the Prometheus text format or OpenMetrics, /healthz). The follow
 * loop adds each finished job under a lock; the server thread renders a consistent view. */
#ifndef SL_LIVE_H
#define SL_LIVE_H
#include "engine/work.h"
#include "rule/rule.h"

typedef struct sl_live sl_live;

/* max_series bounds the labelled series of responses and findings together: label values
 * first seen past the budget are folded into "other" (counted by
 * statuslint_series_folded_total). */
sl_live *sl_live_new(const sl_ruleset *rs, size_t max_series, const char *version);
void sl_live_free(sl_live *l);
/* Adds a job's counts and findings (effective severity per finding). */
void sl_live_add(sl_live *l, const sl_job *j);
/* Counts a file the follower opened / input errors it met. */
void sl_live_file_opened(sl_live *l);
void sl_live_input_error(sl_live *l);
/* Renders /metrics; openmetrics selects the OpenMetrics 1.0 text format. Caller frees. */
char *sl_live_render(sl_live *l, bool openmetrics, size_t *len);
/* Serves /metrics and /healthz on HOST:PORT ("[::1]:9100", ":9100" = every address). false
 * with err when the address is bad or cannot be bound, or when built without libmicrohttpd. */
bool sl_live_listen(sl_live *l, const char *hostport, char *err, size_t errlen);

#endif
