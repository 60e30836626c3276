/* sl_seen.c: the (device, inode) set of sl_seen.h: the pairs in an array, found through an
 * sl_u64map index on a hash of both. */
#include "base/sl_seen.h"
#include "base/sl_alloc.h"
#include <stdint.h>
#include <stdlib.h>

static uint64_t hash(dev_t dev, ino_t ino)
{
    uint64_t h = ((uint64_t)dev * 0x9e3779b97f4a7c15u) ^ (uint64_t)ino;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9u;
    return h ^ (h >> 32);
}

static uint64_t key_of(const void *ctx, size_t e)
{
    const struct sl_seen_key *k = &((const sl_seen *)ctx)->v[e];
    return hash(k->dev, k->ino);
}

bool sl_seen_add(sl_seen *s, const struct stat *st)
{
    uint64_t h = hash(st->st_dev, st->st_ino);
    size_t pos = 0, e;
    while ((e = sl_u64map_next(&s->index, h, &pos)) != SL_U64MAP_END)
        if (s->v[e].dev == st->st_dev && s->v[e].ino == st->st_ino) return false;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 32;
        s->v = sl_xrealloc(s->v, s->cap * sizeof *s->v);
    }
    s->v[s->n++] = (struct sl_seen_key){st->st_dev, st->st_ino};
    sl_u64map_add(&s->index, h, key_of, s);
    return true;
}

void sl_seen_fini(sl_seen *s)
{
    free(s->v);
    sl_u64map_fini(&s->index);
    *s = (sl_seen){0};
}
