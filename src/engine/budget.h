/* budget.h: turns --memory-budget into the sizes that bound a run's memory: how many chunks
 * may be in flight (and so how many worker threads can be kept busy), and how much memory
 * a decompressor may take. Pure arithmetic: it allocates, opens and prints nothing. */
#ifndef SL_BUDGET_H
#define SL_BUDGET_H
#include "base/sl_base.h"

#define SL_BUDGET_DEFAULT ((uint64_t)24 << 20)
#define SL_BUDGET_MIN ((uint64_t)16 << 20)
#define SL_BUDGET_MAX ((uint64_t)1 << 40)
#define SL_CHUNK_CAP ((size_t)2 << 20)   /* one chunk of whole lines */

typedef struct sl_budget {
    uint64_t total;        /* the budget, bytes */
    uint64_t decoder;      /* what a decompressor may allocate (half the budget) */
    size_t nslots;         /* chunks in flight with worker threads */
    int threads;           /* threads worth running (<= wanted), the engine's own among
                              them (it parses too); 0: the main thread alone (-j1, or a
                              budget too small for a pool) */
} sl_budget;

/* Splits total between reading (chunk buffers, the reader's carry and raw buffers, the
 * findings each in-flight chunk may hold) and decompression, for `wanted` threads. */
void sl_budget_plan(uint64_t total, int wanted, sl_budget *b);
/* The smallest budget under which `threads` threads all get work. */
uint64_t sl_budget_for_threads(int threads);
/* "24M", "512MiB", "1G", "65536": a size in bytes (K, M, G are powers of 1024). */
bool sl_budget_parse(const char *s, uint64_t *out);

#endif
