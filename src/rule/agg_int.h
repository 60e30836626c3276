/* agg_int.h: the aggregate state's private layout (src/rule/ only): a rule's table of
 * fixed-size entries, the entry and bucket structs inside them, and the state that owns the
 * tables and the file names entries refer to by id. rule_aggstate.c feeds it; rule_aggsnap.c
 * saves and restores it for the state store. A change of layout must keep agg_entry_files
 * (below) naming every file id an entry holds, and change the snapshot's format mark.
 *
 * A table is two flat arrays: the keys, a set's 8 in one cache line (a probe reads that line
 * alone), and the entries' bodies, slot for slot. */
#ifndef SL_AGG_INT_H
#define SL_AGG_INT_H
#include "rule/agg.h"
#include "rule/rule_int.h"

#define WAYS 8
#define STEPS 8  /* a window slides in eighths */
#define NB 9     /* buckets: the eighths a window touches, the current one partly */

typedef struct ehdr {        /* an entry's body; its key is tab.keys[slot] (0: empty) */
    int64_t last;            /* newest line time of the key */
    int64_t cool;            /* no finding before this time */
} ehdr;

/* A bucket of an `aggregate:` entry; its epoch (time / width) is implied: a bucket with lines
 * is the one of epoch e, e % NB, for an e from the entry's window start (ewin.lo) on. */
typedef struct bucket {
    int64_t ftime;           /* its first line */
    uint64_t fline;
    uint32_t ffile;
    uint32_t cnt[];          /* [0]: lines; [1 + i]: counter i */
} bucket;

/* An `aggregate:` entry's window: its start and the buckets' counts summed from it on, kept
 * as lines come and buckets leave the window. */
typedef struct ewin {
    int64_t lo;              /* the oldest epoch the buckets with lines may hold */
    uint32_t sum[];          /* [0]: lines; [1 + i]: counter i */
} ewin;

/* A bounded set of value hashes with the time each was last seen (distinct, learned, a
 * chain's visits), in the SET_BYTES(cap) bytes at p: u32 count, u32 0, the cap hashes, then
 * (8-aligned) their times: a search reads the hashes alone. */
#define SET_BYTES(cap) (8 + (size_t)(cap) * 16)
typedef struct vset {
    uint32_t *n;
    uint32_t *h;
    int64_t *t;
} vset;
static inline vset vset_at(uint8_t *p, uint32_t cap)
{
    return (vset){(uint32_t *)(void *)p, (uint32_t *)(void *)(p + 8),
                  (int64_t *)(void *)(p + 8 + (((size_t)cap * 4 + 7) & ~(size_t)7))};
}

typedef struct seqst {
    int64_t opened;          /* time of the opening line */
    int64_t ftime;
    uint64_t fline;
    uint32_t ffile;
    uint32_t count;          /* `first` lines since it opened */
    uint32_t open, pad;
} seqst;

/* A check of aggspec.checks as a range: the number x passes when x >= 0 and
 * (lo <= x <= hi) != neg. */
typedef struct acheck {
    uint8_t var, idx;        /* aggvar; the counter of AV_CTR / AV_SHARE */
    bool neg;
    int64_t lo, hi;
} acheck;

typedef struct tab {
    const rule *r;
    size_t ri;
    uint64_t *keys;          /* [nsets * WAYS], 64-byte aligned */
    void *keymem;            /* what keys points into */
    uint8_t *mem;            /* [nsets * WAYS] bodies of esz bytes */
    uint64_t nsets;
    uint64_t mhi, mlo;       /* 2^128 / nsets rounded up: the set index without a division */
    size_t esz, bsz, boff, doff, voff;  /* boff: in an entry: its buckets */
    size_t foff;             /* in an entry: its buckets' top filter words (top:; else 0) */
    acheck cheap[SL_AGG_CHECKS], dear[SL_AGG_CHECKS]; /* aggspec.checks on the sums, span
                              * and status; those on the costly numbers */
    uint8_t ncheap, ndear;
    bool span_checked;       /* a cheap check reads span */
    size_t ssoff;            /* in a bucket: its Space-Saving counters (top:) */
    size_t loff, tvoff;      /* in an entry: the learned set; the top value */
    int64_t width;           /* bucket width, seconds */
    bool has_span;           /* span_now's buckets, computed once per second of the log (a
                              * cache: a function of the time and the geometry alone) */
    int64_t span_now, span_top, span_lo;
    bool has_wm;
    int64_t wm;              /* newest line time of the rule (the watermark) */
    sl_agg_stats st;
} tab;

struct sl_aggstate {
    const sl_ruleset *rs;
    tab **tabs;              /* [nrules]; NULL for per-line and disabled rules */
    sl_evaluator *ev;
    sl_record rec;
    sl_arena arena;
    int setids[SL_MAX_FIELDS];
    size_t nset;
    char num[SL_MAX_FIELDS][24];
    char **files;
    size_t nfiles;
    const char *lastname;    /* the caller's pointer for files[nfiles - 1] */
    size_t bytes;
};

static inline ehdr *ent(const tab *t, uint64_t slot)
{
    return (ehdr *)(void *)(t->mem + slot * t->esz);
}

__extension__ typedef unsigned __int128 agg_u128;

/* x % d as Lemire, Kaser and Kurz compute it ("Faster remainder by direct computation",
 * 2019): with c = ceil(2^128 / d) (0 for d = 1), x % d = ((c * x mod 2^128) * d) >> 128,
 * exact for every 64-bit x and d. */
static inline void agg_mod_init(uint64_t d, uint64_t *hi, uint64_t *lo)
{
    agg_u128 c = ~(agg_u128)0 / d + 1;
    *hi = (uint64_t)(c >> 64), *lo = (uint64_t)c;
}
static inline uint64_t agg_mod(uint64_t x, uint64_t d, uint64_t hi, uint64_t lo)
{
    agg_u128 f = (agg_u128)lo * x; /* c * x mod 2^128, its two halves */
    uint64_t flo = (uint64_t)f, fhi = (uint64_t)(f >> 64) + hi * x;
    agg_u128 m = (agg_u128)fhi * d + (((agg_u128)flo * d) >> 64);
    return (uint64_t)(m >> 64);
}

/* The tables' arrays, empty: new ones, and again when a restore fails. */
void sl_agg_tab_alloc(tab *t);
void sl_agg_tab_release(tab *t);
static inline bucket *bkt(const tab *t, ehdr *e, size_t b)
{
    return (bucket *)(void *)((uint8_t *)e + t->boff + b * t->bsz);
}
static inline ewin *win(ehdr *e) { return (ewin *)(void *)((uint8_t *)e + sizeof(ehdr)); }
/* A top entry's filter: a 16-bit word per bucket, with bit topf_bit(h) set for each value
 * hash h its counters took. */
static inline uint16_t topf_bit(uint32_t h) { return (uint16_t)(1u << ((h * 0x9e3779b1u) >> 28)); }
static inline seqst *sq(ehdr *e) { return (seqst *)(void *)((uint8_t *)e + sizeof(ehdr)); }

/* Calls fn on every file id (an index into sl_aggstate.files) entry e of table t holds. */
static inline void agg_entry_files(const tab *t, ehdr *e, void (*fn)(void *ctx, uint32_t *id),
                                   void *ctx)
{
    if (t->r->agg->seq) {
        fn(ctx, &sq(e)->ffile);
        return;
    }
    for (size_t b = 0; b < NB; b++) fn(ctx, &bkt(t, e, b)->ffile);
}

#endif
