/* out_minutes.h: counts by minute of log time, for `-f openmetrics --timestamps` (samples
 * stamped with the log's own time, for `promtool tsdb create-blocks-from openmetrics`).
 * Keys are (minute, kind, label): records, responses by status code, findings by rule and
 * severity. A hash table; the sink reads it sorted. */
#ifndef SL_OUT_MINUTES_H
#define SL_OUT_MINUTES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { SL_MIN_RECORDS, SL_MIN_STATUS, SL_MIN_FINDING } sl_minute_kind;

typedef struct sl_minute_entry {
    int64_t minute;          /* epoch seconds / 60 */
    uint32_t kind;           /* sl_minute_kind */
    uint32_t label;          /* status code (1000 = none) | rule * 4 + severity | 0 */
    uint64_t count;
} sl_minute_entry;

typedef struct sl_minutes {
    sl_minute_entry *v;      /* open addressing; count 0 = free */
    size_t cap, n;
} sl_minutes;

void sl_minutes_init(sl_minutes *m);
void sl_minutes_fini(sl_minutes *m);
void sl_minutes_clear(sl_minutes *m);
void sl_minutes_add(sl_minutes *m, int64_t minute, sl_minute_kind kind, uint32_t label,
                    uint64_t n);
void sl_minutes_merge(sl_minutes *dst, const sl_minutes *src);
/* The entries sorted by kind, label, minute (caller frees). */
sl_minute_entry *sl_minutes_sorted(const sl_minutes *m, size_t *n);

#endif
