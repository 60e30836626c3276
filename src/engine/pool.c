/* pool.c: a fixed set of worker threads and a ring of job slots (each with its own chunk
 * buffer), guarded by one mutex and three condition variables. Bounded memory: the caller
 * sizes the ring from the memory budget, and a worker whose job's findings buffer fills up
 * waits (SLOT_FULL) until the main thread has written those findings out. */
#include "engine/pool.h"
#include "base/sl_alloc.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { SLOT_FREE, SLOT_READY, SLOT_BUSY, SLOT_FULL, SLOT_DONE };

typedef struct slot {
    sl_job job;
    int state;
} slot;

typedef struct thread_ctx {
    pool *p;
    pthread_t tid;
    sl_worker w;
} thread_ctx;

struct pool {
    pthread_mutex_t mu;
    pthread_cond_t work, done, resume;
    slot *slots;
    size_t nslots;
    uint64_t submitted, taken, collected;
    bool stop;
    thread_ctx *threads;
    int nthreads;
};

/* The worker's flush hook: park the job until the main thread has drained its findings. */
static void worker_flush(void *ctx, sl_job *j)
{
    pool *p = ctx;
    slot *s = (slot *)j;
    pthread_mutex_lock(&p->mu);
    s->state = SLOT_FULL;
    pthread_cond_broadcast(&p->done);
    while (s->state == SLOT_FULL) pthread_cond_wait(&p->resume, &p->mu);
    pthread_mutex_unlock(&p->mu);
}

static void *worker_main(void *arg)
{
    thread_ctx *t = arg;
    pool *p = t->p;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->stop && p->taken == p->submitted) pthread_cond_wait(&p->work, &p->mu);
        if (p->stop) break;
        slot *s = &p->slots[p->taken++ % p->nslots];
        s->state = SLOT_BUSY;
        pthread_mutex_unlock(&p->mu);
        sl_worker_run(&t->w, &s->job);
        pthread_mutex_lock(&p->mu);
        s->state = SLOT_DONE;
        pthread_cond_broadcast(&p->done);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

pool *pool_new(int nthreads, size_t nslots, const sl_ruleset *rs, const sl_fields *ft,
               sl_msg_fn *msg)
{
    pool *p = sl_xcalloc(1, sizeof *p);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->work, NULL);
    pthread_cond_init(&p->done, NULL);
    pthread_cond_init(&p->resume, NULL);
    p->nslots = nslots > 2 ? nslots : 2;
    p->slots = sl_xcalloc(p->nslots, sizeof *p->slots);
    p->threads = sl_xcalloc((size_t)nthreads, sizeof *p->threads);
    for (int i = 0; i < nthreads; i++) {
        p->threads[i].p = p;
        sl_worker_init(&p->threads[i].w, rs, ft);
        p->threads[i].w.flush = worker_flush;
        p->threads[i].w.flush_ctx = p;
        int err = pthread_create(&p->threads[i].tid, NULL, worker_main, &p->threads[i]);
        if (err) { /* e.g. EAGAIN under a thread ulimit: carry on with the ones that started */
            sl_worker_fini(&p->threads[i].w);
            char text[256];
            snprintf(text, sizeof text, "warning: started %d of %d worker threads (%s): %s",
                     p->nthreads, nthreads, strerror(err),
                     p->nthreads ? "continuing with fewer" : "working inline");
            msg(text);
            break;
        }
        p->nthreads++;
    }
    if (p->nthreads == 0) { /* no worker would ever take a job: the caller runs them inline */
        pool_free(p);
        return NULL;
    }
    return p;
}

sl_job *pool_slot(pool *p)
{
    if (p->submitted - p->collected >= p->nslots) return NULL;
    return &p->slots[p->submitted % p->nslots].job;
}

void pool_submit(pool *p, sl_job *j)
{
    pthread_mutex_lock(&p->mu);
    slot *s = (slot *)j;
    s->state = SLOT_READY;
    p->submitted++;
    pthread_cond_signal(&p->work);
    pthread_mutex_unlock(&p->mu);
}

sl_job *pool_oldest(pool *p, bool wait, bool *partial)
{
    if (p->collected == p->submitted) return NULL;
    slot *s = &p->slots[p->collected % p->nslots];
    pthread_mutex_lock(&p->mu);
    while (wait && s->state != SLOT_DONE && s->state != SLOT_FULL)
        pthread_cond_wait(&p->done, &p->mu);
    int st = s->state;
    pthread_mutex_unlock(&p->mu);
    *partial = st == SLOT_FULL;
    return st == SLOT_DONE || st == SLOT_FULL ? &s->job : NULL;
}

void pool_resume(pool *p, sl_job *j)
{
    slot *s = (slot *)j;
    pthread_mutex_lock(&p->mu);
    s->state = SLOT_BUSY;
    pthread_cond_broadcast(&p->resume);
    pthread_mutex_unlock(&p->mu);
}

sl_job *pool_steal(pool *p, size_t leave)
{
    slot *s = NULL;
    pthread_mutex_lock(&p->mu);
    if (p->submitted - p->taken > leave) { /* the same order the workers take them in */
        s = &p->slots[p->taken++ % p->nslots];
        s->state = SLOT_BUSY;
    }
    pthread_mutex_unlock(&p->mu);
    return s ? &s->job : NULL;
}

void pool_finish(pool *p, sl_job *j)
{
    slot *s = (slot *)j;
    pthread_mutex_lock(&p->mu);
    s->state = SLOT_DONE;
    pthread_cond_broadcast(&p->done);
    pthread_mutex_unlock(&p->mu);
}

double pool_workers_cpu(const pool *p)
{
    double sum = 0;
    for (int i = 0; i < p->nthreads; i++) {
        clockid_t c;
        struct timespec ts;
        if (pthread_getcpuclockid(p->threads[i].tid, &c) || clock_gettime(c, &ts)) return -1;
        sum += (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
    }
    return p->nthreads ? sum / p->nthreads : -1;
}

bool pool_is_oldest(const pool *p, const sl_job *j)
{
    return p->collected < p->submitted && &p->slots[p->collected % p->nslots].job == j;
}

void pool_release(pool *p, sl_job *j)
{
    slot *s = (slot *)j;
    pthread_mutex_lock(&p->mu);
    s->state = SLOT_FREE;
    p->collected++;
    pthread_mutex_unlock(&p->mu);
}

void pool_stats(const pool *p, sl_eval_stats *out, uint64_t *by_rule, size_t nrules)
{
    for (int i = 0; i < p->nthreads; i++) {
        const sl_eval_stats *s = sl_evaluator_stats(p->threads[i].w.ev);
        out->suppressed += s->suppressed;
        out->regex_limit += s->regex_limit;
        for (size_t k = 0; k < nrules; k++) by_rule[k] += s->regex_limit_by_rule[k];
    }
}

void pool_drop_parsers(pool *p)
{
    pthread_mutex_lock(&p->mu);
    for (int i = 0; i < p->nthreads; i++) sl_worker_drop_parser(&p->threads[i].w);
    pthread_mutex_unlock(&p->mu);
}

void pool_free(pool *p)
{
    if (!p) return;
    pthread_mutex_lock(&p->mu);
    p->stop = true;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < p->nthreads; i++) {
        pthread_join(p->threads[i].tid, NULL);
        sl_worker_fini(&p->threads[i].w);
    }
    for (size_t i = 0; i < p->nslots; i++) sl_job_fini(&p->slots[i].job);
    pthread_cond_destroy(&p->work);
    pthread_cond_destroy(&p->done);
    pthread_cond_destroy(&p->resume);
    pthread_mutex_destroy(&p->mu);
    free(p->threads);
    free(p->slots);
    free(p);
}
