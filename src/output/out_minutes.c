/* out_minutes.c: the per-minute count table of out_minutes.h. */
#include "output/out_minutes.h"
#include "base/sl_alloc.h"
#include <stdlib.h>
#include <string.h>

void sl_minutes_init(sl_minutes *m) { *m = (sl_minutes){0}; }
void sl_minutes_fini(sl_minutes *m) { free(m->v), *m = (sl_minutes){0}; }

void sl_minutes_clear(sl_minutes *m)
{
    if (m->n) memset(m->v, 0, m->cap * sizeof *m->v);
    m->n = 0;
}

static size_t slot(const sl_minutes *m, int64_t minute, uint32_t kind, uint32_t label)
{
    uint64_t h = (uint64_t)minute * 0x9E3779B97F4A7C15ull ^ ((uint64_t)kind << 40 | label);
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 32;
    size_t i = (size_t)h & (m->cap - 1);
    while (m->v[i].count && (m->v[i].minute != minute || m->v[i].kind != kind ||
                             m->v[i].label != label))
        i = (i + 1) & (m->cap - 1);
    return i;
}

static void grow(sl_minutes *m)
{
    sl_minutes old = *m;
    m->cap = old.cap ? old.cap * 2 : 256;
    m->v = sl_xcalloc(m->cap, sizeof *m->v);
    m->n = 0;
    for (size_t i = 0; i < old.cap; i++)
        if (old.v[i].count) {
            m->v[slot(m, old.v[i].minute, old.v[i].kind, old.v[i].label)] = old.v[i];
            m->n++;
        }
    free(old.v);
}

void sl_minutes_add(sl_minutes *m, int64_t minute, sl_minute_kind kind, uint32_t label,
                    uint64_t n)
{
    if (!n) return;
    if ((m->n + 1) * 4 > m->cap * 3) grow(m);
    sl_minute_entry *e = &m->v[slot(m, minute, kind, label)];
    if (!e->count) {
        *e = (sl_minute_entry){minute, kind, label, 0};
        m->n++;
    }
    e->count += n;
}

void sl_minutes_merge(sl_minutes *dst, const sl_minutes *src)
{
    for (size_t i = 0; i < src->cap && src->n; i++)
        if (src->v[i].count)
            sl_minutes_add(dst, src->v[i].minute, (sl_minute_kind)src->v[i].kind, src->v[i].label,
                           src->v[i].count);
}

static int by_series_then_time(const void *a, const void *b)
{
    const sl_minute_entry *x = a, *y = b;
    if (x->kind != y->kind) return x->kind < y->kind ? -1 : 1;
    if (x->label != y->label) return x->label < y->label ? -1 : 1;
    return x->minute < y->minute ? -1 : x->minute > y->minute;
}

sl_minute_entry *sl_minutes_sorted(const sl_minutes *m, size_t *n)
{
    sl_minute_entry *out = sl_xmalloc((m->n ? m->n : 1) * sizeof *out);
    size_t k = 0;
    for (size_t i = 0; i < m->cap; i++)
        if (m->v[i].count) out[k++] = m->v[i];
    qsort(out, k, sizeof *out, by_series_then_time);
    *n = k;
    return out;
}
