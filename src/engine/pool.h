/* pool.h: worker threads over a ring of job slots. The main thread fills the slot
 * pool_slot() hands out and submits it; workers (and the main thread, pool_steal, rather
 * than wait) take slots in submission order; the main thread collects finished slots
 * strictly in submission order (pool_oldest), which is what keeps output identical for any
 * thread count. */
#ifndef SL_POOL_H
#define SL_POOL_H
#include "engine/work.h"

typedef struct pool pool;

/* nthreads workers over a ring of nslots job slots (at least 2; each slot holds one chunk
 * buffer and at most SL_JOB_FINDINGS_CAP of findings, which is what bounds memory).
 * A failed pthread_create leaves fewer workers (with a warning); NULL when none started,
 * and the caller then runs every job inline. */
pool *pool_new(int nthreads, size_t nslots, const sl_ruleset *rs, const sl_fields *ft,
               sl_msg_fn *msg);
/* The next slot to fill, or NULL when every slot is in flight (collect one first). */
sl_job *pool_slot(pool *p);
void pool_submit(pool *p, sl_job *j);
/* The oldest submitted job once it is finished, or once its findings buffer is full
 * (*partial set: write its findings out, empty j->packed, then pool_resume it). wait=false
 * returns NULL if it is still running; NULL also when nothing is in flight. Give a
 * finished job back with pool_release. */
sl_job *pool_oldest(pool *p, bool wait, bool *partial);
void pool_resume(pool *p, sl_job *j);
/* Work stealing: the oldest submitted job no worker has taken yet, now the caller's to run
 * with its own worker (the engine's thread, rather than wait); NULL unless more than
 * `leave` jobs wait for a worker. pool_finish marks it finished; pool_oldest then hands it
 * back in order. */
sl_job *pool_steal(pool *p, size_t leave);
void pool_finish(pool *p, sl_job *j);
/* CPU seconds a worker thread has used so far, on average; negative if unknown. */
double pool_workers_cpu(const pool *p);
/* Whether j is the oldest job in flight (its findings may be written out now). */
bool pool_is_oldest(const pool *p, const sl_job *j);
void pool_release(pool *p, sl_job *j);
void pool_free(pool *p);
/* Frees every worker's parser (call when nothing is in flight, before freeing a format). */
void pool_drop_parsers(pool *p);
/* Adds the workers' evaluator statistics to out and their per-rule regex give-ups to
 * by_rule[nrules] (call when nothing is in flight). */
void pool_stats(const pool *p, sl_eval_stats *out, uint64_t *by_rule, size_t nrules);

#endif
