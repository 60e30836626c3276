/* sl_u64map.c: the entry index of sl_u64map.h (Fibonacci hashing, linear probing). */
#include "base/sl_u64map.h"
#include "base/sl_alloc.h"
#include <stdlib.h>
#include <string.h>

static size_t home(const sl_u64map *m, uint64_t key)
{
    return (size_t)((key * 0x9E3779B97F4A7C15ull) >> (64 - m->bits));
}

void sl_u64map_init(sl_u64map *m, size_t min_cap)
{
    size_t c = 16;
    while (c < min_cap) c *= 2;
    *m = (sl_u64map){.min_cap = min_cap ? c : 256};
}

void sl_u64map_fini(sl_u64map *m)
{
    free(m->slot);
    *m = (sl_u64map){.min_cap = m->min_cap};
}

void sl_u64map_clear(sl_u64map *m)
{
    if (m->slot) memset(m->slot, 0, m->cap * sizeof *m->slot);
    m->n = 0;
}

static void place(sl_u64map *m, uint64_t key, size_t e)
{
    size_t i = home(m, key);
    while (m->slot[i]) i = (i + 1) & (m->cap - 1);
    m->slot[i] = (uint32_t)(e + 1);
}

size_t sl_u64map_add(sl_u64map *m, uint64_t key, sl_u64map_key_fn key_of, const void *ctx)
{
    if ((m->n + 1) * 2 > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : (m->min_cap ? m->min_cap : 256);
        free(m->slot);
        m->slot = sl_xcalloc(cap, sizeof *m->slot);
        m->cap = cap;
        m->bits = 0;
        while (((size_t)1 << m->bits) < cap) m->bits++;
        for (size_t e = 0; e < m->n; e++) place(m, key_of(ctx, e), e);
    }
    place(m, key, m->n);
    return m->n++;
}

size_t sl_u64map_next(const sl_u64map *m, uint64_t key, size_t *pos)
{
    if (!m->cap || *pos >= m->cap) return SL_U64MAP_END;
    size_t i = (home(m, key) + *pos) & (m->cap - 1);
    if (!m->slot[i]) {
        *pos = m->cap; /* the chain ends at the first empty slot */
        return SL_U64MAP_END;
    }
    ++*pos;
    return m->slot[i] - 1;
}

size_t sl_u64map_find(const sl_u64map *m, uint64_t key, bool (*same)(const void *ctx, size_t e),
                      const void *ctx)
{
    size_t pos = 0, e;
    while ((e = sl_u64map_next(m, key, &pos)) != SL_U64MAP_END)
        if (same(ctx, e)) return e;
    return SL_U64MAP_END;
}
