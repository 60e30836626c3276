/* sl_u64map.h: an index from 64-bit keys (fingerprints, hashes) to the entries of a
 * caller's array. The caller keeps the entries and their keys; the map holds entry numbers
 * only (4 bytes a slot), in open addressing kept at most half full. Entries are numbered
 * 0, 1, 2... in the order they are added, and all of them stay in the map until
 * sl_u64map_clear, so that growing can place them again by asking the caller for each
 * one's key. Several entries may share a key: a lookup walks every entry that may have it,
 * and the caller compares. Used by finding groups, baselines and the state store. */
#ifndef SL_U64MAP_H
#define SL_U64MAP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sl_u64map {
    uint32_t *slot; /* entry + 1; 0 = empty */
    size_t cap;     /* a power of two, or 0 before the first add */
    size_t n;       /* entries added */
    unsigned bits;  /* cap == 1 << bits */
    size_t min_cap; /* first size (a power of two; 0: 256) */
} sl_u64map;

/* The key of entry e, for growing. */
typedef uint64_t (*sl_u64map_key_fn)(const void *ctx, size_t e);

#define SL_U64MAP_END SIZE_MAX

/* An empty map whose first table has min_cap slots (rounded up to a power of two). */
void sl_u64map_init(sl_u64map *m, size_t min_cap);
void sl_u64map_fini(sl_u64map *m);
/* Forgets every entry; keeps the table. */
void sl_u64map_clear(sl_u64map *m);
/* Adds entry number m->n under key (entry numbers are consecutive). Grows when half full,
 * placing entries 0 .. n-1 again by key_of(ctx, e). Returns the entry number. */
size_t sl_u64map_add(sl_u64map *m, uint64_t key, sl_u64map_key_fn key_of, const void *ctx);
/* Walks the entries that may be stored under key: set *pos = 0 first; each call returns
 * the next one, or SL_U64MAP_END after the last. Entries with other keys may come up too:
 * the caller compares. */
size_t sl_u64map_next(const sl_u64map *m, uint64_t key, size_t *pos);
/* The first entry for which same(ctx, e) holds, among those under key; SL_U64MAP_END if none. */
size_t sl_u64map_find(const sl_u64map *m, uint64_t key, bool (*same)(const void *ctx, size_t e),
                      const void *ctx);

#endif
