/* sl_seen.c: an open-addressing hash set of (device, inode) pairs (see sl_seen.h). */
#include "base/sl_seen.h"
#include "base/sl_alloc.h"
#include <stdint.h>
#include <stdlib.h>

static size_t slot(const sl_seen *s, dev_t dev, ino_t ino)
{
    uint64_t h = ((uint64_t)dev * 0x9e3779b97f4a7c15u) ^ (uint64_t)ino;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9u;
    h ^= h >> 32;
    return (size_t)h & (s->cap - 1);
}

static bool is_empty(const struct sl_seen_key *k) { return k->dev == 0 && k->ino == 0; }

static bool insert(sl_seen *s, dev_t dev, ino_t ino)
{
    for (size_t i = slot(s, dev, ino);; i = (i + 1) & (s->cap - 1)) {
        struct sl_seen_key *k = &s->v[i];
        if (is_empty(k)) {
            *k = (struct sl_seen_key){dev, ino};
            s->n++;
            return true;
        }
        if (k->dev == dev && k->ino == ino) return false;
    }
}

bool sl_seen_add(sl_seen *s, const struct stat *st)
{
    dev_t dev = st->st_dev;
    ino_t ino = st->st_ino;
    if (dev == 0 && ino == 0) ino = 1; /* (0, 0) marks an empty slot */
    if ((s->n + 1) * 2 > s->cap) {
        sl_seen old = *s;
        s->cap = s->cap ? s->cap * 2 : 64;
        s->v = sl_xcalloc(s->cap, sizeof *s->v);
        s->n = 0;
        for (size_t i = 0; i < old.cap; i++)
            if (!is_empty(&old.v[i])) insert(s, old.v[i].dev, old.v[i].ino);
        free(old.v);
    }
    return insert(s, dev, ino);
}

void sl_seen_fini(sl_seen *s)
{
    free(s->v);
    *s = (sl_seen){0};
}
