/* sl_arena.h: a bump allocator. Blocks are kept across sl_arena_reset, so a per-record
 * arena that is reset for every line reaches a steady size and stops allocating.
 * sl_arena_alloc returns NULL only when the arena's cap would be exceeded. */
#ifndef SL_ARENA_H
#define SL_ARENA_H
#include "base/sl_base.h"

typedef struct sl_arena_block sl_arena_block;
typedef struct sl_arena {
    sl_arena_block *head;  /* current block */
    sl_arena_block *first; /* first block, for reset */
    size_t total;          /* bytes allocated in blocks */
    size_t max;            /* cap on total; 0 = unlimited */
} sl_arena;

void sl_arena_init(sl_arena *a, size_t max);
void sl_arena_fini(sl_arena *a);
void sl_arena_reset(sl_arena *a);
void *sl_arena_alloc(sl_arena *a, size_t n);             /* 8-byte aligned; NULL past cap */
char *sl_arena_strndup(sl_arena *a, const char *s, size_t n); /* NUL-terminated copy */

#endif
