/* route_tally.h: records counted by route (the template of rec_route.h): responses by status
 * class and request times in the buckets of sl_rt_bounds. A job of `follow --listen` fills
 * one per read; live.c keeps one for the process, bounded by the series budget. */
#ifndef SL_ROUTE_TALLY_H
#define SL_ROUTE_TALLY_H
#include "base/sl_base.h"
#include "base/sl_buf.h"

#define SL_RT_NBUCKETS 12        /* sl_rt_bounds' 11 bounds, then +Inf */
#define SL_ROUTE_LABEL_MAX 200   /* a longer route is cut there (it names a label value) */
#define SL_ROUTE_NONE "none"     /* the route of a record without a path */

typedef struct sl_route_row {
    uint64_t cls[6];                     /* responses: 1xx..5xx, other */
    uint64_t bucket[SL_RT_NBUCKETS];     /* request times, not cumulative */
    double sum;
    uint64_t hash;
    uint32_t key, keylen;                /* the route, in the tally's keys */
    uint8_t cls_state[6], hist_state;    /* live.c's series states (0 in a job's tally) */
} sl_route_row;

typedef struct sl_route_tally {
    sl_route_row *rows;
    size_t n, cap;
    uint32_t *tab;                       /* open addressing: row index + 1, 0 empty */
    size_t tab_cap;
    sl_buf keys;
} sl_route_tally;

/* The row of route (created at zero if new). */
sl_route_row *sl_route_tally_row(sl_route_tally *t, sl_slice route);
/* The row of route, or NULL. */
sl_route_row *sl_route_tally_find(const sl_route_tally *t, sl_slice route);
/* Counts one record: its status (any integer; classes as the responses metric) and its
 * request time in seconds (negative: the log has none for it). */
void sl_route_tally_add(sl_route_tally *t, sl_slice route, int status, double seconds);
static inline sl_slice sl_route_tally_key(const sl_route_tally *t, const sl_route_row *r)
{
    return sl_slice_make(t->keys.p + r->key, r->keylen);
}
void sl_route_tally_clear(sl_route_tally *t);
void sl_route_tally_fini(sl_route_tally *t);
/* The status class index of a status: 0..4 for 1xx..5xx, 5 otherwise. */
static inline int sl_status_class(int status)
{
    return status >= 100 && status < 600 ? status / 100 - 1 : 5;
}
/* The bucket of a request time (seconds >= 0). */
int sl_rt_bucket(double seconds);

#endif
