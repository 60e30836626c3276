/* sl_arena.c: bump allocator whose blocks survive sl_arena_reset, so a per-record arena
 * reaches a steady size after the first few lines and then never calls malloc again.
 * Allocations past the cap return NULL (the caller rejects the line). */
#include "base/sl_arena.h"
#include "base/sl_alloc.h"
#include <stdlib.h>

struct sl_arena_block {
    sl_arena_block *next;
    size_t cap, used;
    max_align_t data[];
};

#define SL_ARENA_BLOCK 65536

void sl_arena_init(sl_arena *a, size_t max) { *a = (sl_arena){NULL, NULL, 0, max}; }

void sl_arena_fini(sl_arena *a)
{
    sl_arena_block *b = a->first;
    while (b) {
        sl_arena_block *next = b->next;
        free(b);
        b = next;
    }
    *a = (sl_arena){NULL, NULL, 0, a->max};
}

void sl_arena_reset(sl_arena *a)
{
    for (sl_arena_block *b = a->first; b; b = b->next) b->used = 0;
    a->head = a->first;
}

static sl_arena_block *new_block(sl_arena *a, size_t n)
{
    size_t cap = n > SL_ARENA_BLOCK ? n : SL_ARENA_BLOCK;
    if (a->max && a->total + cap > a->max) return NULL;
    sl_arena_block *b = sl_xmalloc(sizeof *b + cap);
    b->next = NULL;
    b->cap = cap;
    b->used = 0;
    a->total += cap;
    return b;
}

void *sl_arena_alloc(sl_arena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    if (!a->head) {
        if (!(a->first = a->head = new_block(a, n))) return NULL;
    }
    while (a->head->cap - a->head->used < n) {
        if (!a->head->next) {
            sl_arena_block *b = new_block(a, n);
            if (!b) return NULL;
            a->head->next = b;
        }
        a->head = a->head->next;
    }
    void *p = (char *)a->head->data + a->head->used;
    a->head->used += n;
    return p;
}

char *sl_arena_strndup(sl_arena *a, const char *s, size_t n)
{
    char *p = sl_arena_alloc(a, n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}
