/* rule_aggstate.c: the state of aggregate rules, on the main thread, fed in input order.
 * Each enabled aggregate rule gets a table of fixed capacity, sized once from its share of
 * the budget: sets of 8 entries, the set chosen by the key's hash; a new key in a full set
 * takes the place of the least recently seen live one (an eviction, counted). An entry of
 * an `aggregate:` rule holds 9 time buckets (window/8 wide) of counts, each with its first
 * line, and up to SL_AGG_DISTINCT distinct-value hashes; one of a `sequence:` rule holds the
 * opening line and the values `then` reads as first.<field>. `having` / `then` and the
 * message run through the ordinary evaluator over a record made of the line's packed values
 * and the rule's variables (pseudo-fields holding decimal numbers), once the conjuncts of
 * `having` that compare a variable with a constant (aggcheck) hold on the integers. Nothing
 * allocates per line. */
#include "rule/agg_int.h"
#include <stdio.h>
#include <stdlib.h>

static size_t round8(size_t n) { return (n + 7) & ~(size_t)7; }

static uint64_t mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

/* The bytes an `aggregate:` entry counts against the budget: what it took when each bucket
 * held its epoch and a line summed the buckets. Entries are smaller since their windows keep
 * running sums; measured as before, a budget gives the capacity, hence the evictions and
 * findings, it gave before. */
static size_t measure(const aggspec *a)
{
    size_t b = round8(4 * sizeof(uint64_t) + (1 + a->nctr) * sizeof(uint32_t));
    if (a->top_field >= 0) b += (size_t)SL_AGG_TOPK * 2 * sizeof(uint32_t);
    size_t sz = sizeof(ehdr) + NB * b;
    if (a->distinct >= 0) sz += SET_BYTES(SL_AGG_DISTINCT);
    if (a->learn_value >= 0) sz += SET_BYTES(a->learn_max);
    if (a->top_field >= 0) sz += round8(2 + SL_AGG_VALUE_MAX);
    return round8(sz);
}

/* A check as the range of numbers that pass it. */
static acheck as_range(const aggcheck *c)
{
    acheck k = {.var = c->var, .idx = c->idx, .neg = false, .lo = c->lo, .hi = c->hi};
    if (c->kind == C_RANGE) {
        k.neg = c->neg;
        return k;
    }
    k.lo = INT64_MIN, k.hi = INT64_MAX;
    switch (c->op) {
    case T_EQ: k.lo = k.hi = c->lo; break;
    case T_NE: k.lo = k.hi = c->lo, k.neg = true; break;
    case T_LT: if (c->lo == INT64_MIN) k.lo = 1, k.hi = 0; else k.hi = c->lo - 1; break;
    case T_LE: k.hi = c->lo; break;
    case T_GT: if (c->lo == INT64_MAX) k.lo = 1, k.hi = 0; else k.lo = c->lo + 1; break;
    default: k.lo = c->lo; break;
    }
    return k;
}

static tab *tab_new(const sl_ruleset *rs, size_t ri, size_t share)
{
    tab *t = sl_xcalloc(1, sizeof *t);
    const rule *r = &rs->rules[ri];
    const aggspec *a = r->agg;
    t->r = r, t->ri = ri;
    size_t sz = sizeof(ehdr); /* besides its key, 8 bytes in the set's header */
    if (!a->seq) {
        sz += round8(sizeof(ewin) + (1 + a->nctr) * sizeof(uint32_t));
        if (a->top_field >= 0) t->foff = sz, sz += round8(NB * sizeof(uint16_t));
        t->boff = sz;
        t->bsz = t->ssoff = round8(offsetof(bucket, cnt) + (1 + a->nctr) * sizeof(uint32_t));
        if (a->top_field >= 0) t->bsz += (size_t)SL_AGG_TOPK * 2 * sizeof(uint32_t);
        sz += NB * t->bsz;
        t->doff = sz;
        if (a->distinct >= 0) sz += SET_BYTES(SL_AGG_DISTINCT);
        t->loff = sz;
        if (a->learn_value >= 0) sz += SET_BYTES(a->learn_max);
        t->tvoff = sz;
        if (a->top_field >= 0) sz += round8(2 + SL_AGG_VALUE_MAX);
        t->width = (a->window + STEPS - 1) / STEPS;
        if (t->width < 1) t->width = 1;
    } else {
        sz += sizeof(seqst);
        t->voff = sz;
        sz += a->nfirst * round8(2 + SL_AGG_VALUE_MAX);
        t->doff = sz;
        if (a->link.text) sz += SET_BYTES(SL_AGG_CHAIN);
    }
    t->esz = round8(sz);
    if (!a->seq && measure(a) > t->esz) t->esz = measure(a);
    for (size_t i = 0; i < a->nchecks; i++) {
        const aggcheck *c = &a->checks[i];
        bool dear = c->var == AV_DISTINCT || c->var == AV_LEARNED || c->var == AV_TOP_COUNT ||
                    c->var == AV_TOP_SHARE;
        acheck k = as_range(c);
        if (dear) t->dear[t->ndear++] = k;
        else t->cheap[t->ncheap++] = k;
        if (c->var == AV_SPAN) t->span_checked = true;
    }
    t->nsets = share / ((8 + t->esz) * WAYS);
    if (t->nsets < 1) t->nsets = 1;
    agg_mod_init(t->nsets, &t->mhi, &t->mlo);
    sl_agg_tab_alloc(t);
    t->st.capacity = t->nsets * WAYS;
    return t;
}

void sl_agg_tab_alloc(tab *t)
{
    /* the keys on a cache line boundary, a set's in one line; the bodies calloc'ed: untouched
     * pages cost no memory */
    t->keymem = sl_xcalloc(t->nsets * WAYS + 8, sizeof(uint64_t));
    uintptr_t at = ((uintptr_t)t->keymem + 63) & ~(uintptr_t)63;
    t->keys = (uint64_t *)(void *)((uint8_t *)t->keymem + (at - (uintptr_t)t->keymem));
    t->mem = sl_xcalloc(t->nsets * WAYS, t->esz);
}

void sl_agg_tab_release(tab *t)
{
    free(t->keymem);
    free(t->mem);
    t->keymem = NULL, t->keys = NULL, t->mem = NULL;
}

static sl_aggstate *agg_new(const sl_ruleset *rs, long only, size_t budget)
{
    sl_aggstate *st = sl_xcalloc(1, sizeof *st);
    st->rs = rs;
    st->tabs = sl_xcalloc(rs->nrules ? rs->nrules : 1, sizeof(tab *));
    size_t n = 0;
    for (size_t i = 0; i < rs->nrules; i++)
        if (rs->rules[i].agg && (only >= 0 ? (long)i == only : rs->rules[i].info.enabled)) n++;
    if (budget < SL_AGG_BUDGET_MIN) budget = SL_AGG_BUDGET_MIN;
    for (size_t i = 0; n && i < rs->nrules; i++)
        if (rs->rules[i].agg && (only >= 0 ? (long)i == only : rs->rules[i].info.enabled)) {
            st->tabs[i] = tab_new(rs, i, budget / n);
            st->bytes += st->tabs[i]->nsets * WAYS * (8 + st->tabs[i]->esz);
        }
    st->ev = sl_evaluator_new(rs);
    sl_arena_init(&st->arena, 1u << 16);
    st->rec.arena = &st->arena;
    sl_record_clear(&st->rec);
    return st;
}

sl_aggstate *sl_agg_new(const sl_ruleset *rs, size_t budget) { return agg_new(rs, -1, budget); }
sl_aggstate *sl_agg_new_for(const sl_ruleset *rs, size_t ri, size_t budget)
{
    return agg_new(rs, (long)ri, budget);
}

void sl_agg_free(sl_aggstate *st)
{
    if (!st) return;
    for (size_t i = 0; i < st->rs->nrules; i++)
        if (st->tabs[i]) {
            sl_agg_tab_release(st->tabs[i]);
            free(st->tabs[i]);
        }
    free(st->tabs);
    for (size_t i = 0; i < st->nfiles; i++) free(st->files[i]);
    free(st->files);
    sl_evaluator_free(st->ev);
    sl_arena_fini(&st->arena);
    free(st);
}

void sl_agg_new_input(sl_aggstate *st)
{
    for (size_t i = 0; st && i < st->rs->nrules; i++)
        if (st->tabs[i]) st->tabs[i]->has_wm = false;
}

sl_aggstate *sl_agg_new_stats(const sl_ruleset *rs)
{
    sl_aggstate *st = sl_xcalloc(1, sizeof *st);
    st->rs = rs;
    st->tabs = sl_xcalloc(rs->nrules ? rs->nrules : 1, sizeof(tab *));
    for (size_t i = 0; i < rs->nrules; i++)
        if (rs->rules[i].agg && rs->rules[i].info.enabled) {
            st->tabs[i] = sl_xcalloc(1, sizeof(tab));
            st->tabs[i]->r = &rs->rules[i];
            st->tabs[i]->ri = i;
        }
    st->ev = sl_evaluator_new(rs);
    sl_arena_init(&st->arena, 1u << 12);
    return st;
}

void sl_agg_stats_add(sl_aggstate *st, size_t ri, const sl_agg_stats *a)
{
    if (!st || ri >= st->rs->nrules || !st->tabs[ri]) return;
    sl_agg_stats *t = &st->tabs[ri]->st;
    t->lines += a->lines;
    t->evicted += a->evicted;
    t->late += a->late;
    t->untimed += a->untimed;
    t->findings += a->findings;
    t->quieted += a->quieted;
    if (a->capacity > t->capacity) t->capacity = a->capacity;
}

const sl_agg_stats *sl_agg_rule_stats(const sl_aggstate *st, size_t ri)
{
    return st && ri < st->rs->nrules && st->tabs[ri] ? &st->tabs[ri]->st : NULL;
}

size_t sl_agg_bytes(const sl_aggstate *st) { return st ? st->bytes : 0; }

/* ================= entries ================= */

static bool live(const tab *t, uint64_t slot)
{
    if (!t->keys[slot]) return false;
    ehdr *e = ent(t, slot);
    if (t->r->agg->seq) return sq(e)->open && t->wm - sq(e)->opened <= t->r->agg->window;
    return e->last > t->wm - t->r->agg->window;
}

static inline __attribute__((always_inline)) ehdr *lookup(tab *t, uint64_t key, bool insert)
{
    uint64_t base = agg_mod(mix(key), t->nsets, t->mhi, t->mlo) * WAYS;
    const uint64_t *k = t->keys + base;
    for (size_t w = 0; w < WAYS; w++)
        if (k[w] == key) return ent(t, base + w);
    if (!insert) return NULL;
    uint64_t v = base + WAYS;
    for (uint64_t s = base; s < base + WAYS && v == base + WAYS; s++)
        if (!live(t, s)) v = s;
    if (v == base + WAYS) {
        v = base;
        for (uint64_t s = base + 1; s < base + WAYS; s++)
            if (ent(t, s)->last < ent(t, v)->last) v = s;
        t->st.evicted++;
    }
    ehdr *victim = ent(t, v);
    memset(victim, 0, t->esz);
    t->keys[v] = key;
    victim->cool = INT64_MIN;
    return victim;
}

static __attribute__((noinline)) uint32_t file_id_slow(sl_aggstate *st, const char *name)
{
    if (st->nfiles && strcmp(name, st->files[st->nfiles - 1]) == 0) {
        st->lastname = name;
        return (uint32_t)(st->nfiles - 1);
    }
    st->files = sl_xrealloc(st->files, (st->nfiles + 1) * sizeof *st->files);
    size_t n = strlen(name);
    st->files[st->nfiles] = sl_xmalloc(n + 1);
    memcpy(st->files[st->nfiles], name, n + 1);
    st->lastname = name;
    return (uint32_t)st->nfiles++;
}

/* The id of a file name: the caller's pointer is the last one's for every line of an input,
 * so that test is inline and the rest (a new input) is not. */
static inline uint32_t file_id(sl_aggstate *st, const char *name)
{
    if (st->nfiles && name == st->lastname) return (uint32_t)(st->nfiles - 1);
    return file_id_slow(st, name);
}

/* ================= the record `having` / `then` see ================= */

static void setv(sl_aggstate *st, int id, sl_slice v)
{
    if (id < 0 || id >= SL_MAX_FIELDS) return;
    st->rec.v[id] = v;
    st->setids[st->nset++] = id;
}

static void setnum(sl_aggstate *st, int id, int64_t x)
{
    if (id < 0 || id >= SL_MAX_FIELDS) return;
    setv(st, id, sl_slice_make(st->num[id], sl_rule_itoa(x, st->num[id])));
}

/* The line's key, bits and hashes, and where its carried values begin (*vals); false when
 * the payload is not what the rule packs. */
static bool line_parse(const aggspec *a, const sl_agg_line *ln, uint64_t *key, uint32_t *bits,
                       uint32_t h[3], size_t *vals)
{
    const char *p = ln->payload;
    size_t k = SL_AGG_HDR;
    if (ln->len < k) return false;
    memcpy(key, p, 8), memcpy(bits, p + 8, 4);
    static const uint32_t has[3] = {SL_AGG_BITS_DISTINCT, SL_AGG_BITS_LVAL, SL_AGG_BITS_TOP};
    h[0] = h[1] = h[2] = 0; /* distinct, learned, top: there when the line has them */
    for (int i = 0; i < 3 && (*bits & (has[0] | has[1] | has[2])); i++) { /* most have none */
        if (!(*bits & has[i])) continue;
        if (k + 4 > ln->len) return false;
        memcpy(&h[i], p + k, 4), k += 4;
    }
    *vals = k;
    for (size_t i = 0; i < a->ncarry; i++) {
        uint16_t n;
        if (k + 2 > ln->len) return false;
        memcpy(&n, p + k, 2), k += 2;
        if (n == UINT16_MAX) continue;
        if (k + n > ln->len) return false;
        k += n;
    }
    return true;
}

/* The record of the line's own values (a payload line_parse accepted, values from vals on):
 * built only for a line that needs it, since most change the counts alone. */
static void line_record(sl_aggstate *st, const aggspec *a, const sl_agg_line *ln, size_t vals)
{
    for (size_t i = 0; i < st->nset; i++) st->rec.v[st->setids[i]] = SL_SLICE_NULL;
    st->nset = 0;
    const char *p = ln->payload;
    size_t k = vals;
    setv(st, SL_F_METHOD, ln->method);
    setv(st, SL_F_PATH, ln->path);
    setv(st, SL_F_HOST, ln->host);
    st->rec.status = ln->status;
    for (size_t i = 0; i < a->ncarry; i++) {
        uint16_t n;
        memcpy(&n, p + k, 2), k += 2;
        if (n == UINT16_MAX) continue;
        setv(st, a->carry[i], sl_slice_make(p + k, n));
        k += n;
    }
}

/* What a finding cost beyond its count: clients (distinct: the window's count of `distinct:
 * client`, else 0) and retries, from what the rule's key says a line is. */
static void cost(const aggspec *a, uint64_t count, uint64_t distinct, sl_agg_result *res)
{
    bool client = false, target = false;
    for (size_t i = 0; i < a->nby; i++) {
        client |= a->by[i] == SL_F_CLIENT;
        target |= a->by[i] == SL_F_TARGET || a->by[i] == SL_F_PATH;
    }
    res->clients = client ? 1 : a->distinct == SL_F_CLIENT ? distinct : 0;
    res->retries = client && target && !a->seq && count ? (int64_t)count - 1 : -1;
}

static void emit(sl_aggstate *st, tab *t, const sl_agg_line *ln, uint64_t key, uint64_t count,
                 uint64_t distinct, uint32_t ffile, uint64_t fline, int64_t ftime,
                 sl_agg_emit_fn fn, void *ctx)
{
    size_t len;
    const char *msg = sl_rule_render(st->ev, t->r, &st->rec, &len);
    uint64_t fp = 0xcbf29ce484222325ull;
    for (const char *s = t->r->info.id; *s; s++) fp = (fp ^ (unsigned char)*s) * 0x100000001b3ull;
    sl_agg_result res = {.count = count, .span = ln->time - ftime,
                         .first = {st->files[ffile], fline, ftime},
                         .last = {st->files[file_id(st, ln->file)], ln->line, ln->time},
                         .route = sl_evaluator_route(st->ev, &st->rec),
                         .fingerprint = mix(fp ^ mix(key))};
    cost(t->r->agg, count, distinct, &res);
    t->st.findings++;
    if (fn) fn(ctx, ln, &res, msg, len);
}

/* ================= aggregate: ================= */

/* A bounded set of value hashes with the time each was last seen: a new value takes a free
 * slot, else the least recently seen one's. True when h was there already. */
static bool set_add(vset d, uint32_t cap, uint32_t h, int64_t t, int64_t since, bool add)
{
    size_t i = 0, n = *d.n, old = 0;
    for (; i + 8 <= n; i += 8) { /* eight at a time, without a branch each (a miss reads all) */
        unsigned m = 0;
        for (unsigned k = 0; k < 8; k++) m |= (unsigned)(d.h[i + k] == h) << k;
        if (m) {
            i += (size_t)__builtin_ctz(m);
            break;
        }
    }
    if (i + 8 > n)
        for (; i < n && d.h[i] != h; i++) continue;
    bool had = i < n && d.t[i] >= since;
    if (!add) return had;
    if (i < n) {
        if (t > d.t[i]) d.t[i] = t;
    } else if (n < cap) {
        d.h[n] = h, d.t[n] = t, (*d.n)++;
    } else { /* full: the first of the least recently seen goes */
        for (size_t k = 1; k < n; k++)
            if (d.t[k] < d.t[old]) old = k;
        d.h[old] = h, d.t[old] = t;
    }
    return had;
}

/* Space-Saving over one bucket's lines: a value not counted takes the smallest counter, and
 * its count then overstates by at most that counter's old count. */
static void ss_add(uint32_t *c, uint32_t h)
{
    size_t min = 0;
    for (size_t i = 0; i < SL_AGG_TOPK; i++) {
        if (c[2 * i] == h) {
            c[2 * i + 1]++;
            return;
        }
        if (c[2 * i + 1] < c[2 * min + 1]) min = i;
    }
    c[2 * min] = h;
    c[2 * min + 1]++;
}

/* The conjuncts of `having` found at compilation, on the integers: false when one is false,
 * as the evaluator would find it (a negative number does not parse as one there). which: n
 * of them (tab.cheap: those on the sums, span and status, tab.dear: those on the distinct
 * values, the learned set and the top value, which cost more to compute and wait until the
 * cheap ones hold). */
static inline __attribute__((always_inline)) bool checks_pass(const acheck *which, size_t n, const int64_t *num, const uint64_t *sum)
{
    for (size_t i = 0; i < n; i++) {
        const acheck *c = &which[i];
        int64_t x;
        if (c->var == AV_CTR) x = (int64_t)sum[1 + c->idx];
        else if (c->var == AV_SHARE) x = sum[0] ? (int64_t)(sum[1 + c->idx] * 100 / sum[0]) : 0;
        else x = num[c->var];
        if (x < 0 || (x >= c->lo && x <= c->hi) == c->neg) return false;
    }
    return true;
}

/* The bucket of epoch ep. */
static size_t epoch_slot(int64_t ep)
{
    int64_t k = ep % NB;
    return (size_t)(k < 0 ? k + NB : k);
}

static uint16_t *topf(const tab *t, ehdr *e) { return (uint16_t *)(void *)((uint8_t *)e + t->foff); }

/* The window's oldest bucket: the first with lines from the start on; NULL when none. */
static const bucket *oldest(const tab *t, ehdr *e, int64_t lo, int64_t top)
{
    for (size_t k = epoch_slot(lo), n = 0; n <= (size_t)(top - lo); n++, k = k + 1 < NB ? k + 1 : 0)
        if (bkt(t, e, k)->cnt[0]) return bkt(t, e, k);
    return NULL;
}

/* Moves entry e's window start to lo: the buckets of the epochs before it leave the sums,
 * emptied. Afterwards the buckets with lines are those of epochs lo.. (at most NB of them,
 * the window's). */
static void slide(const tab *t, ehdr *e, int64_t lo)
{
    ewin *w = win(e);
    size_t nc = 1 + t->r->agg->nctr;
    if (!w->sum[0] || lo - w->lo >= NB) { /* nothing left of the window */
        for (size_t k = 0; w->sum[0] && k < NB; k++) memset(bkt(t, e, k), 0, t->bsz);
        memset(w->sum, 0, nc * sizeof *w->sum);
        if (t->foff) memset(topf(t, e), 0, NB * sizeof(uint16_t));
        w->lo = lo;
        return;
    }
    for (; w->lo < lo; w->lo++) {
        size_t k = epoch_slot(w->lo);
        bucket *b = bkt(t, e, k);
        if (!b->cnt[0]) continue;
        for (size_t i = 0; i < nc; i++) w->sum[i] -= b->cnt[i];
        memset(b, 0, t->bsz);
        if (t->foff) topf(t, e)[k] = 0;
    }
}

/* Whether value hash h holds one of the top counters of the window's buckets: not when its
 * bit is clear in every bucket's filter word. */
static bool top_has(const tab *t, ehdr *e, uint32_t h)
{
    const uint16_t *f = topf(t, e);
    uint16_t any = 0;
    for (size_t k = 0; k < NB; k++) any |= f[k];
    if (!(any & topf_bit(h))) return false;
    for (size_t k = 0; k < NB; k++) {
        const bucket *x = bkt(t, e, k);
        if (!x->cnt[0]) continue;
        const uint32_t *c = (const uint32_t *)(const void *)((const uint8_t *)x + t->ssoff);
        for (size_t i = 0; i < SL_AGG_TOPK; i++)
            if (c[2 * i] == h && c[2 * i + 1]) return true;
    }
    return false;
}

/* The window's heaviest value: the buckets' counters summed; its count (0: none) and hash. */
static uint64_t top_best(const tab *t, ehdr *e, uint32_t *hbest)
{
    uint32_t hv[NB * SL_AGG_TOPK];
    uint64_t cv[NB * SL_AGG_TOPK];
    size_t nv = 0, best = SIZE_MAX;
    for (size_t k = 0; k < NB; k++) {
        const bucket *x = bkt(t, e, k);
        if (!x->cnt[0]) continue;
        const uint32_t *c = (const uint32_t *)(const void *)((const uint8_t *)x + t->ssoff);
        for (size_t i = 0; i < SL_AGG_TOPK; i++) {
            if (!c[2 * i + 1]) continue;
            size_t j = 0;
            while (j < nv && hv[j] != c[2 * i]) j++;
            if (j == nv) hv[nv] = c[2 * i], cv[nv++] = 0;
            cv[j] += c[2 * i + 1];
        }
    }
    for (size_t j = 0; j < nv; j++)
        if (best == SIZE_MAX || cv[j] > cv[best] || (cv[j] == cv[best] && hv[j] < hv[best])) best = j;
    *hbest = best == SIZE_MAX ? 0 : hv[best];
    return best == SIZE_MAX ? 0 : cv[best];
}

/* Inlined into sl_agg_feed, its one caller: the call and its nine arguments were 3% of the
 * feeding's instructions. */
__attribute__((always_inline)) static inline void
feed_count(sl_aggstate *st, tab *t, const sl_agg_line *ln, uint64_t key, uint32_t bits,
           const uint32_t hs[3], size_t vals, sl_agg_emit_fn fn, void *ctx)
{
    bool rec = false; /* line_record done */
    const aggspec *a = t->r->agg;
    ehdr *e = lookup(t, key, true);
    int64_t now = ln->time > e->last ? ln->time : e->last;
    /* the buckets from the one holding now - window to now's: at least the window, at most an
     * eighth more */
    if (!t->has_span || now != t->span_now) /* lines of one second share it: no divisions */
        t->has_span = true, t->span_now = now, t->span_top = now / t->width,
        t->span_lo = (now - a->window) / t->width;
    int64_t top = t->span_top, lo = t->span_lo, et = ln->time == now ? top : ln->time / t->width;
    if (et < lo) { /* older than the window already */
        t->st.late++;
        return;
    }
    ewin *w = win(e);
    slide(t, e, lo);
    bucket *b = bkt(t, e, epoch_slot(et));
    uint32_t file = file_id(st, ln->file);
    if (!b->cnt[0]) { /* a bucket with lines is et's: the window holds NB epochs at most */
        memset(b, 0, t->bsz);
        b->ftime = ln->time, b->fline = ln->line, b->ffile = file;
    } else if (ln->time < b->ftime) {
        b->ftime = ln->time, b->fline = ln->line, b->ffile = file;
    }
    b->cnt[0]++, w->sum[0]++;
    for (size_t i = 0; i < a->nctr; i++)
        if (bits & (1u << i)) b->cnt[1 + i]++, w->sum[1 + i]++;
    if ((bits & SL_AGG_BITS_TOP) && (a->top_of < 0 || (bits & (1u << a->top_of)))) {
        ss_add((uint32_t *)(void *)((uint8_t *)b + t->ssoff), hs[2]);
        topf(t, e)[epoch_slot(et)] |= topf_bit(hs[2]);
    }
    e->last = now;
    uint64_t sum[1 + SL_AGG_COUNTERS];
    for (size_t i = 0; i <= a->nctr; i++) sum[i] = w->sum[i];
    const bucket *first = t->span_checked ? oldest(t, e, lo, top) : NULL;
    int64_t start = lo * t->width; /* the window's oldest second */
    int64_t num[AV_SHARE + 1] = {0}; /* the variables; counters and shares apart */
    num[AV_COUNT] = (int64_t)sum[0];
    num[AV_SPAN] = first ? ln->time - first->ftime : 0;
    num[AV_STATUS] = ln->status;
    /* the cheap checks first: the costly numbers are computed only when those hold, or as far
     * as the line changes the state */
    bool cheap = checks_pass(t->cheap, t->ncheap, num, sum);
    if (a->distinct >= 0) {
        vset d = vset_at((uint8_t *)e + t->doff, SL_AGG_DISTINCT);
        if (bits & SL_AGG_BITS_DISTINCT) set_add(d, SL_AGG_DISTINCT, hs[0], ln->time, start, true);
        uint32_t live_n = 0;
        for (uint32_t i = 0; cheap && i < *d.n; i++) live_n += d.t[i] >= start;
        num[AV_DISTINCT] = live_n;
    }
    if (a->learn_value >= 0) { /* was the value taught before this line? then this line teaches */
        vset d = vset_at((uint8_t *)e + t->loff, a->learn_max);
        bool teach = (bits & SL_AGG_BITS_LEARN) != 0;
        bool had = (bits & SL_AGG_BITS_LVAL) && (cheap || teach) &&
                   set_add(d, a->learn_max, hs[1], ln->time, start, teach);
        num[AV_LEARNED] = had;
    }
    uint8_t *tv = NULL;
    if (a->top_field >= 0) {
        /* the line keeps its value as the top one when it is the window's heaviest: that
         * needs the counters summed only when the value is among them */
        bool mine = (bits & SL_AGG_BITS_TOP) && top_has(t, e, hs[2]);
        tv = (uint8_t *)e + t->tvoff;
        if (cheap || mine) {
            uint32_t hv;
            uint64_t tc = top_best(t, e, &hv);
            uint64_t of = a->top_of >= 0 ? sum[1 + a->top_of] : sum[0];
            if (tc > of) tc = of; /* Space-Saving may overstate */
            if (mine && hs[2] == hv) { /* keep its value */
                line_record(st, a, ln, vals), rec = true;
                sl_slice v = st->rec.v[a->top_field];
                uint16_t tn = v.p ? (uint16_t)(v.n > SL_AGG_VALUE_MAX ? SL_AGG_VALUE_MAX : v.n) : UINT16_MAX;
                memcpy(tv, &tn, 2);
                if (v.p && tn) memcpy(tv + 2, v.p, tn);
            }
            num[AV_TOP_COUNT] = (int64_t)tc;
            num[AV_TOP_SHARE] = of ? (int64_t)(tc * 100 / of) : 0;
        }
    }
    if (!cheap || !checks_pass(t->dear, t->ndear, num, sum))
        return; /* `having` is false: no record to build */
    if (!t->span_checked) first = oldest(t, e, lo, top), num[AV_SPAN] = first ? ln->time - first->ftime : 0;
    if (!rec) line_record(st, a, ln, vals);
    if (a->distinct >= 0) setnum(st, a->f_distinct, num[AV_DISTINCT]);
    if (a->learn_value >= 0) setnum(st, a->f_learned, num[AV_LEARNED]);
    if (tv) {
        uint16_t tn;
        memcpy(&tn, tv, 2);
        setv(st, a->f_top, num[AV_TOP_COUNT] && tn && tn != UINT16_MAX
                               ? sl_slice_make((const char *)tv + 2, tn) : SL_SLICE_NULL);
        setnum(st, a->f_top_count, num[AV_TOP_COUNT]);
        setnum(st, a->f_top_share, num[AV_TOP_SHARE]);
    }
    setnum(st, a->f_count, num[AV_COUNT]);
    setnum(st, a->f_span, num[AV_SPAN]);
    for (size_t i = 0; i < a->nctr; i++) {
        setnum(st, a->ctr_field[i], (int64_t)sum[1 + i]);
        setnum(st, a->share_field[i], sum[0] ? (int64_t)(sum[1 + i] * 100 / sum[0]) : 0);
    }
    if (!sl_rule_eval_fresh(st->ev, t->ri, &st->rec, a->having_root)) return;
    if (ln->time < e->cool) { /* what the finding already reported goes on costing */
        t->st.quieted++;
        return;
    }
    e->cool = ln->time + a->cooldown;
    if (!a->cooldown) e->cool = ln->time; /* every line may report */
    emit(st, t, ln, key, sum[0], a->distinct >= 0 ? (uint64_t)num[AV_DISTINCT] : 0,
         first ? first->ffile : file, first ? first->fline : ln->line,
         first ? first->ftime : ln->time, fn, ctx);
}

/* ================= sequence: ================= */

static uint8_t *val_at(const tab *t, ehdr *e, size_t i)
{
    return (uint8_t *)e + t->voff + i * round8(2 + SL_AGG_VALUE_MAX);
}

/* Keeps the line's values that `then` / `link` read as first.<field>. */
static void keep_first(sl_aggstate *st, const tab *t, ehdr *e)
{
    const aggspec *a = t->r->agg;
    for (size_t i = 0; i < a->nfirst; i++) {
        sl_slice v = st->rec.v[a->first_src[i]];
        char num[24];
        if (a->first_src[i] == SL_F_STATUS && !v.p && st->rec.status >= 0)
            v = sl_slice_make(num, sl_rule_itoa(st->rec.status, num));
        if (a->first_src[i] == SL_F_ROUTE) v = sl_evaluator_route(st->ev, &st->rec);
        uint16_t n = v.p ? (uint16_t)(v.n > SL_AGG_VALUE_MAX ? SL_AGG_VALUE_MAX : v.n) : UINT16_MAX;
        uint8_t *dst = val_at(t, e, i);
        memcpy(dst, &n, 2);
        if (v.p && n) memcpy(dst + 2, v.p, n);
    }
}

static void feed_seq(sl_aggstate *st, tab *t, const sl_agg_line *ln, uint64_t key, uint32_t bits,
                     uint32_t vh, size_t vals, sl_agg_emit_fn fn, void *ctx)
{
    const aggspec *a = t->r->agg;
    line_record(st, a, ln, vals);
    ehdr *e = lookup(t, key, false);
    bool linked = false;
    if (e && sq(e)->open) {
        seqst *s = sq(e);
        if (ln->time - s->opened > a->window) {
            s->open = 0;
        } else {
            for (size_t i = 0; i < a->nfirst; i++) {
                uint16_t n;
                uint8_t *v = val_at(t, e, i);
                memcpy(&n, v, 2);
                setv(st, a->first_pseudo[i], n == UINT16_MAX ? SL_SLICE_NULL
                                                             : sl_slice_make((const char *)v + 2, n));
            }
            setnum(st, a->f_count, s->count);
            setnum(st, a->f_span, ln->time - s->ftime);
            bool ends = true;
            if (a->link.text) { /* a chain: a link extends it, and only then may it end */
                ends = linked = sl_rule_eval_fresh(st->ev, t->ri, &st->rec, a->link_root);
                if (linked) {
                    vset d = vset_at((uint8_t *)e + t->doff, SL_AGG_CHAIN);
                    bool again = a->visit >= 0 && (bits & SL_AGG_BITS_DISTINCT) &&
                                 set_add(d, SL_AGG_CHAIN, vh, ln->time, INT64_MIN, true);
                    s->count++;
                    s->opened = ln->time;
                    setnum(st, a->f_count, s->count);
                    setnum(st, a->f_revisit, again);
                }
            }
            if (ends && sl_rule_eval_fresh(st->ev, t->ri, &st->rec, a->then_root)) {
                s->open = 0, linked = false;
                if (ln->time >= e->cool) {
                    e->cool = ln->time + a->cooldown;
                    emit(st, t, ln, key, s->count, 0, s->ffile, s->fline, s->ftime, fn, ctx);
                } else {
                    t->st.quieted++;
                }
            } else if (linked) {
                keep_first(st, t, e); /* first.<field> now means the previous link */
            } else if (a->next) {
                s->open = 0;
            }
        }
        if (ln->time > e->last) e->last = ln->time;
    }
    if (linked || !(bits & SL_AGG_BITS_FIRST)) return;
    e = lookup(t, key, true);
    seqst *s = sq(e);
    if (!s->open || a->link.text) s->open = 1, s->count = 0; /* a chain starts again */
    s->count++;
    s->opened = s->ftime = ln->time;
    s->fline = ln->line;
    s->ffile = file_id(st, ln->file);
    if (ln->time > e->last) e->last = ln->time;
    keep_first(st, t, e);
    if (a->link.text) {
        vset d = vset_at((uint8_t *)e + t->doff, SL_AGG_CHAIN);
        *d.n = 0;
        if (a->visit >= 0 && (bits & SL_AGG_BITS_DISTINCT))
            set_add(d, SL_AGG_CHAIN, vh, ln->time, INT64_MIN, true);
    }
}

void sl_agg_feed(sl_aggstate *st, const sl_agg_line *ln, sl_agg_emit_fn fn, void *ctx)
{
    tab *t = ln->rule < st->rs->nrules ? st->tabs[ln->rule] : NULL;
    if (!t) return;
    t->st.lines++;
    if (!ln->has_time) {
        t->st.untimed++;
        return;
    }
    if (t->has_wm && ln->time < t->wm - SL_AGG_LATE_SECONDS) {
        t->st.late++;
        return;
    }
    if (!t->has_wm || ln->time > t->wm) t->wm = ln->time, t->has_wm = true;
    uint64_t key;
    uint32_t bits, hs[3];
    size_t vals;
    if (ln->len < SL_AGG_HDR) return;
    memcpy(&key, ln->payload, 8), memcpy(&bits, (const char *)ln->payload + 8, 4);
    if (t->r->agg->seq && !(bits & SL_AGG_BITS_FIRST) && !lookup(t, key, false))
        return; /* nothing open for the key: most lines of a sequence rule */
    if (!line_parse(t->r->agg, ln, &key, &bits, hs, &vals)) return;
    if (t->r->agg->seq) feed_seq(st, t, ln, key, bits, hs[0], vals, fn, ctx);
    else feed_count(st, t, ln, key, bits, hs, vals, fn, ctx);
}
