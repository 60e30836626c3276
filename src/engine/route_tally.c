/* route_tally.c: a hash table of routes (FNV-1a, open addressing, at most half full) with
 * their counts; keys are kept NUL-terminated in one buffer. See route_tally.h. */
#include "engine/route_tally.h"
#include "base/sl_alloc.h"
#include "engine/work.h"
#include <stdlib.h>

_Static_assert(SL_RT_NBUCKETS == SL_RT_BUCKETS + 1, "one bucket per bound, then +Inf");

static uint64_t hash_of(sl_slice s)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < s.n; i++) h = (h ^ (unsigned char)s.p[i]) * 0x100000001b3ull;
    return h;
}

/* The route as a label value: at most SL_ROUTE_LABEL_MAX bytes, cut before a UTF-8
 * continuation byte; a record without a path has the route "none". */
static sl_slice label_of(sl_slice route)
{
    if (!route.p || !route.n) return SL_SLICE_LIT(SL_ROUTE_NONE);
    if (route.n > SL_ROUTE_LABEL_MAX) {
        size_t n = SL_ROUTE_LABEL_MAX;
        while (n > 0 && ((unsigned char)route.p[n] & 0xC0) == 0x80) n--;
        route.n = n;
    }
    return route;
}

static size_t slot_of(uint64_t h, size_t cap) { return (size_t)(h >> 7) & (cap - 1); }

static bool same(const sl_route_tally *t, const sl_route_row *r, uint64_t h, sl_slice k)
{
    return r->hash == h && r->keylen == k.n && !memcmp(t->keys.p + r->key, k.p, k.n);
}

static void grow(sl_route_tally *t)
{
    size_t cap = t->tab_cap ? t->tab_cap * 2 : 64;
    free(t->tab);
    t->tab = sl_xcalloc(cap, sizeof *t->tab);
    t->tab_cap = cap;
    for (size_t i = 0; i < t->n; i++) {
        size_t k = slot_of(t->rows[i].hash, cap);
        while (t->tab[k]) k = (k + 1) & (cap - 1);
        t->tab[k] = (uint32_t)(i + 1);
    }
}

sl_route_row *sl_route_tally_find(const sl_route_tally *t, sl_slice route)
{
    if (!t->tab_cap) return NULL;
    sl_slice k = label_of(route);
    uint64_t h = hash_of(k);
    for (size_t i = slot_of(h, t->tab_cap); t->tab[i]; i = (i + 1) & (t->tab_cap - 1))
        if (same(t, &t->rows[t->tab[i] - 1], h, k)) return &t->rows[t->tab[i] - 1];
    return NULL;
}

sl_route_row *sl_route_tally_row(sl_route_tally *t, sl_slice route)
{
    if ((t->n + 1) * 2 > t->tab_cap) grow(t);
    sl_slice k = label_of(route);
    uint64_t h = hash_of(k);
    size_t i = slot_of(h, t->tab_cap);
    for (; t->tab[i]; i = (i + 1) & (t->tab_cap - 1))
        if (same(t, &t->rows[t->tab[i] - 1], h, k)) return &t->rows[t->tab[i] - 1];
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 32;
        t->rows = sl_xrealloc(t->rows, t->cap * sizeof *t->rows);
    }
    sl_route_row *r = &t->rows[t->n];
    memset(r, 0, sizeof *r);
    r->hash = h;
    r->key = (uint32_t)t->keys.n;
    r->keylen = (uint32_t)k.n;
    sl_buf_put(&t->keys, k.p, k.n);
    sl_buf_putc(&t->keys, '\0');
    t->tab[i] = (uint32_t)++t->n;
    return r;
}

int sl_rt_bucket(double seconds)
{
    int b = 0;
    while (b < SL_RT_BUCKETS && seconds > sl_rt_bounds[b]) b++;
    return b;
}

void sl_route_tally_add(sl_route_tally *t, sl_slice route, int status, double seconds)
{
    sl_route_row *r = sl_route_tally_row(t, route);
    r->cls[sl_status_class(status)]++;
    if (seconds >= 0) {
        r->bucket[sl_rt_bucket(seconds)]++;
        r->sum += seconds;
    }
}

void sl_route_tally_clear(sl_route_tally *t)
{
    t->n = 0;
    if (t->tab) memset(t->tab, 0, t->tab_cap * sizeof *t->tab);
    sl_buf_clear(&t->keys);
}

void sl_route_tally_fini(sl_route_tally *t)
{
    free(t->rows);
    free(t->tab);
    sl_buf_fini(&t->keys);
    memset(t, 0, sizeof *t);
}
