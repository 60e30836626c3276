/* rule_aggsnap.c: saving and restoring the aggregate state (agg_snap.h). It reads the tables
 * as flat arrays of keys and of fixed-size entry bodies (agg_int.h) and copies bodies whole,
 * so it knows nothing of their fields but the file ids agg_entry_files names. The format is
 * native-endian and tied to the version that wrote it and to the table layout (the mark
 * after SLAGSNP): another version, layout or machine starts empty rather than guess.
 *
 * Layout: "SLAGSNP6", u32 0x01020304, str16 version, u32 tables, per table {str16 rule id,
 * u64 definition hash, u64 esz, u64 nsets, i64 wm, u8 has_wm, u64 used, used x {u64 index,
 * u64 key, the body as runs of zeros and other bytes (put_entry)}}, u32 names, names x str32,
 * "SLAGEND.", u32 CRC-32 of all that. No compression: the entries in use, without their zeros,
 * are most of what zlib would keep, and deflating them at every commit cost more than the rest
 * of the commit. */
#include "rule/agg_snap.h"
#include "rule/agg_int.h"
#include <stdio.h>
#include <stdlib.h>
#include <zlib.h>

#define MAGIC "SLAGSNP6"     /* 1-5: earlier layouts of the tables */
#define MAGIC_LEN 7           /* "SLAGSNP", then the layout's mark */
#define TRAILER "SLAGEND."
#define ENDIAN 0x01020304u
#define NAME_MAX_LEN 65536u  /* a file name longer than this is not one we wrote */

/* ================= the definition a table was built for ================= */

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) h = (h ^ s[i]) * 0x100000001b3ull;
    return (h ^ 0xff) * 0x100000001b3ull; /* a separator: "ab","c" differs from "a","bc" */
}

static uint64_t fnv_str(uint64_t h, const char *s) { return fnv(h, s ? s : "", s ? strlen(s) : 0); }

static uint64_t fnv_tree(uint64_t h, const ynode *n)
{
    if (!n) return fnv(h, "~", 1);
    unsigned char k = (unsigned char)n->kind;
    h = fnv(h, &k, 1);
    if (n->kind == Y_SCALAR) return fnv(h, n->s, n->n);
    for (size_t i = 0; i < n->nkid; i++) h = fnv_tree(h, n->kid[i]);
    return fnv(h, "]", 1);
}

/* The rule as written (id, codes, when, message, its aggregate: block) and, since `when` and
 * `having` may name them, every macro, list and route pattern of the ruleset. */
static uint64_t definition(const sl_ruleset *rs, const rule *r)
{
    uint64_t h = 0xcbf29ce484222325ull;
    h = fnv_str(h, r->info.id);
    h = fnv(h, r->info.codes, r->info.ncodes * sizeof *r->info.codes);
    h = fnv_str(h, r->info.when);
    h = fnv_str(h, r->info.message);
    h = fnv_tree(h, r->agg->node);
    for (size_t i = 0; i < rs->nmacros; i++)
        h = fnv_tree(fnv_str(h, rs->macros[i].name), rs->macros[i].node);
    for (size_t i = 0; i < rs->nlists; i++)
        h = fnv_tree(fnv_str(h, rs->lists[i].name), rs->lists[i].node);
    for (int i = 0; i < sl_routes_count(rs->routes); i++) {
        size_t n;
        const char *p = sl_routes_text(rs->routes, i, &n);
        h = fnv(h, p, n);
    }
    return h;
}

/* ================= writing into a buffer ================= */

typedef struct snapw {
    sl_buf *out;
    bool bad;
} snapw;

static void wput(snapw *w, const void *p, size_t n)
{
    if (!w->bad && n && sl_buf_put(w->out, p, n) != SL_OK) w->bad = true;
}

static void wput_u32(snapw *w, uint32_t v) { wput(w, &v, 4); }
static void wput_u64(snapw *w, uint64_t v) { wput(w, &v, 8); }

static void wput_str16(snapw *w, const char *s)
{
    size_t n = strlen(s);
    uint16_t k = (uint16_t)(n > UINT16_MAX ? UINT16_MAX : n);
    wput(w, &k, 2);
    wput(w, s, k);
}

/* File ids of the entries written, renumbered densely in order of first use. */
typedef struct remap {
    uint32_t *to;            /* [nfiles]: new id + 1, 0 when unused */
    uint32_t n;
    size_t nfiles;
} remap;

static void renumber(void *ctx, uint32_t *id)
{
    remap *m = ctx;
    if (*id >= m->nfiles) return; /* never set: the bucket was never used */
    if (!m->to[*id]) m->to[*id] = ++m->n;
    *id = m->to[*id] - 1;
}

static uint64_t word_at(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

/* An entry as runs: {u16 zero bytes, u16 other bytes, those bytes}, until its size is covered.
 * Entries are mostly zeros (buckets and sets not used yet): runs spare zlib from reading them.
 * Other bytes run on to the next zero word (8 bytes). */
static void put_entry(snapw *w, const uint8_t *e, size_t n)
{
    size_t at = 0;
    while (at < n) {
        size_t z = at, l;
        while (z + 8 <= n && z - at <= UINT16_MAX - 8 && !word_at(e + z)) z += 8;
        while (z < n && z - at < UINT16_MAX && !e[z]) z++;
        for (l = z; l < n && l - z <= UINT16_MAX - 8;) {
            if (l + 8 > n) l = n;
            else if (word_at(e + l)) l += 8;
            else break;
        }
        uint16_t run[2] = {(uint16_t)(z - at), (uint16_t)(l - z)};
        wput(w, run, sizeof run);
        wput(w, e + z, l - z);
        at = l;
    }
}

static void save_table(snapw *w, const sl_aggstate *st, const tab *t, remap *m, uint8_t *copy)
{
    uint64_t slots = t->nsets * WAYS, used = 0;
    for (uint64_t i = 0; i < slots; i++) used += t->keys[i] != 0;
    wput_str16(w, t->r->info.id);
    wput_u64(w, definition(st->rs, t->r));
    wput_u64(w, t->esz);
    wput_u64(w, t->nsets);
    wput_u64(w, (uint64_t)t->wm);
    uint8_t has = t->has_wm;
    wput(w, &has, 1);
    wput_u64(w, used);
    for (uint64_t i = 0; i < slots; i++) {
        if (!t->keys[i]) continue;
        memcpy(copy, t->mem + i * t->esz, t->esz);
        agg_entry_files(t, (ehdr *)(void *)copy, renumber, m);
        wput_u64(w, i);
        wput_u64(w, t->keys[i]);
        put_entry(w, copy, t->esz);
    }
}

sl_status sl_agg_save(const sl_aggstate *st, sl_buf *out)
{
    sl_buf_clear(out);
    snapw wo = {.out = out}, *w = &wo;
    size_t ntabs = 0, maxesz = 8;
    for (size_t i = 0; i < st->rs->nrules; i++)
        if (st->tabs[i] && st->tabs[i]->mem) {
            ntabs++;
            if (st->tabs[i]->esz > maxesz) maxesz = st->tabs[i]->esz;
        }
    remap m = {.to = sl_xcalloc(st->nfiles ? st->nfiles : 1, sizeof *m.to), .nfiles = st->nfiles};
    uint8_t *copy = sl_xmalloc(maxesz);
    wput(w, MAGIC, 8);
    wput_u32(w, ENDIAN);
    wput_str16(w, SL_VERSION);
    wput_u32(w, (uint32_t)ntabs);
    for (size_t i = 0; i < st->rs->nrules; i++)
        if (st->tabs[i] && st->tabs[i]->mem) save_table(w, st, st->tabs[i], &m, copy);
    /* the names in their new order */
    const char **names = sl_xcalloc(m.n ? m.n : 1, sizeof *names);
    for (size_t i = 0; i < st->nfiles; i++)
        if (m.to[i]) names[m.to[i] - 1] = st->files[i];
    wput_u32(w, m.n);
    for (uint32_t i = 0; i < m.n; i++) {
        uint32_t k = (uint32_t)strlen(names[i]);
        wput_u32(w, k);
        wput(w, names[i], k);
    }
    wput(w, TRAILER, 8);
    if (!w->bad) wput_u32(w, (uint32_t)crc32(0L, (const Bytef *)out->p, (uInt)out->n));
    bool bad = w->bad;
    free(names);
    free(copy);
    free(m.to);
    return bad ? SL_ENOMEM : SL_OK;
}

/* ================= reading ================= */

typedef struct snapr {
    const uint8_t *p;
    size_t n, at;            /* n: up to the checksum */
    bool bad;
} snapr;

static bool fail(snapr *r)
{
    r->bad = true;
    return false;
}

/* Reads exactly n bytes (false, and bad, when the snapshot holds fewer). */
static bool rget(snapr *r, void *p, size_t n)
{
    if (r->bad || n > r->n - r->at) return fail(r);
    if (n) memcpy(p, r->p + r->at, n);
    r->at += n;
    return true;
}

static bool rget_u32(snapr *r, uint32_t *v) { return rget(r, v, 4); }
static bool rget_u64(snapr *r, uint64_t *v) { return rget(r, v, 8); }

/* A str16 into buf (cap bytes with its NUL; longer ones are an error). */
static bool rget_str16(snapr *r, char *buf, size_t cap)
{
    uint16_t k;
    if (!rget(r, &k, 2) || k >= cap) return fail(r);
    buf[k] = '\0';
    return rget(r, buf, k);
}

typedef struct thead {
    char id[256];
    uint64_t def, esz, nsets, wm, used;
    uint8_t has_wm;
} thead;

static bool get_thead(snapr *r, thead *h)
{
    return rget_str16(r, h->id, sizeof h->id) && rget_u64(r, &h->def) && rget_u64(r, &h->esz) &&
           rget_u64(r, &h->nsets) && rget_u64(r, &h->wm) && rget(r, &h->has_wm, 1) &&
           rget_u64(r, &h->used) && h->esz >= sizeof(ehdr) && h->esz <= (1u << 20) &&
           h->nsets && h->nsets <= (UINT64_MAX / WAYS) / h->esz && h->used <= h->nsets * WAYS;
}

static bool open_in(snapr *r, const void *p, size_t n, char *ver, size_t vcap, const char **why)
{
    *r = (snapr){.p = p, .n = n >= 4 ? n - 4 : 0};
    uint32_t sum;
    char magic[8];
    uint32_t endian;
    if (n >= 4) memcpy(&sum, r->p + r->n, 4);
    if (n < 4 + 8 || memcmp(p, MAGIC, MAGIC_LEN) != 0) {
        *why = "not an aggregate snapshot";
        return false;
    }
    if (memcmp(p, MAGIC, 8) != 0) {
        *why = "written in another layout";
        return false;
    }
    if (!rget(r, magic, 8) || !rget_u32(r, &endian)) {
        *why = "damaged";
        return false;
    }
    if (endian != ENDIAN) {
        *why = "written on another kind of machine";
        return false;
    }
    /* the checksum, then the version: both say damaged when wrong */
    bool whole = sum == (uint32_t)crc32(0L, (const Bytef *)p, (uInt)r->n);
    if (!whole || !rget_str16(r, ver, vcap)) *why = "damaged";
    return *why == NULL;
}

/* Past the names: whether the snapshot ends as it should, at its checksum. */
static bool close_in(snapr *r)
{
    char tail[8];
    return rget(r, tail, 8) && memcmp(tail, TRAILER, 8) == 0 && r->at == r->n;
}

/* The names, appended to st->files from base on. */
static bool get_names(snapr *r, sl_aggstate *st, uint32_t *count)
{
    if (!rget_u32(r, count)) return false;
    for (uint32_t i = 0; i < *count; i++) {
        uint32_t k;
        if (!rget_u32(r, &k) || k > NAME_MAX_LEN) return fail(r);
        char *s = sl_xmalloc(k + 1);
        if (!rget(r, s, k)) {
            free(s);
            return false;
        }
        s[k] = '\0';
        if (st) {
            st->files = sl_xrealloc(st->files, (st->nfiles + 1) * sizeof *st->files);
            st->files[st->nfiles++] = s;
        } else {
            free(s);
        }
    }
    return true;
}

static tab *table_for(sl_aggstate *st, const thead *h)
{
    for (size_t i = 0; i < st->rs->nrules; i++) {
        tab *t = st->tabs[i];
        if (t && t->mem && !strcmp(t->r->info.id, h->id))
            return h->def == definition(st->rs, t->r) && h->esz == t->esz && h->nsets == t->nsets
                       ? t : NULL;
    }
    return NULL;
}

typedef struct idcheck {
    uint32_t base, n;
    bool bad;
} idcheck;

static void shift_id(void *ctx, uint32_t *id)
{
    idcheck *c = ctx;
    if (*id >= c->n) c->bad = true;
    else *id += c->base;
}

static void empty_tables(sl_aggstate *st)
{
    for (size_t i = 0; i < st->rs->nrules; i++) {
        tab *t = st->tabs[i];
        if (!t || !t->mem) continue;
        sl_agg_tab_release(t); /* a fresh calloc: untouched pages cost no memory */
        sl_agg_tab_alloc(t);
        t->has_wm = false;
        t->wm = 0;
    }
}

void sl_agg_empty(sl_aggstate *st) { empty_tables(st); }

/* An entry written by put_entry into dst (n bytes, zero already). */
static bool get_entry(snapr *r, uint8_t *dst, size_t n)
{
    size_t at = 0;
    while (at < n) {
        uint16_t run[2];
        if (!rget(r, run, sizeof run) || (!run[0] && !run[1]) || run[0] > n - at ||
            run[1] > n - at - run[0])
            return fail(r);
        at += run[0];
        if (!rget(r, dst + at, run[1])) return false;
        at += run[1];
    }
    return true;
}

/* One table's entries: into t, or skipped (t NULL). File ids are checked once the names are
 * known, so they are kept relative until then. */
static bool get_entries(snapr *r, tab *t, const thead *h, uint8_t *skip)
{
    uint64_t last = 0;
    for (uint64_t k = 0; k < h->used; k++) {
        uint64_t at, key;
        if (!rget_u64(r, &at) || at >= h->nsets * WAYS || (k && at <= last) ||
            !rget_u64(r, &key) || !key)
            return fail(r);
        last = at;
        uint8_t *dst = t ? t->mem + at * t->esz : skip;
        if (!t) memset(skip, 0, h->esz);
        if (!get_entry(r, dst, h->esz)) return fail(r);
        if (t) t->keys[at] = key;
    }
    if (t) t->wm = (int64_t)h->wm, t->has_wm = h->has_wm != 0;
    return true;
}

/* Shifts the restored tables' file ids past base; false if one is out of range. */
static bool fix_ids(sl_aggstate *st, const bool *restored, uint32_t base, uint32_t n)
{
    idcheck c = {base, n, false};
    for (size_t i = 0; i < st->rs->nrules && !c.bad; i++) {
        tab *t = st->tabs[i];
        if (!restored[i]) continue;
        for (uint64_t s = 0; s < t->nsets * WAYS; s++) {
            if (t->keys[s]) agg_entry_files(t, ent(t, s), shift_id, &c);
        }
    }
    return !c.bad;
}

static void note_fresh(sl_agg_restored *got, const char *id)
{
    if (!got->fresh++) snprintf(got->first, sizeof got->first, "%s", id);
}

sl_status sl_agg_restore(sl_aggstate *st, const void *p, size_t n, sl_agg_restored *got,
                         char *why, size_t whylen)
{
    memset(got, 0, sizeof *got);
    empty_tables(st);
    st->lastname = NULL;
    bool *restored = sl_xcalloc(st->rs->nrules ? st->rs->nrules : 1, sizeof *restored);
    uint8_t *skip = sl_xmalloc(1u << 20);
    char ver[64];
    const char *bad = NULL;
    snapr r;
    uint32_t ntabs = 0, nnames = 0, base = (uint32_t)st->nfiles;
    if (open_in(&r, p, n, ver, sizeof ver, &bad)) {
        if (strcmp(ver, SL_VERSION) != 0) bad = "written by another statuslint version";
        else if (!rget_u32(&r, &ntabs)) bad = "damaged";
        for (uint32_t k = 0; !bad && k < ntabs; k++) {
            thead h;
            if (!get_thead(&r, &h)) {
                bad = "damaged";
                break;
            }
            tab *t = table_for(st, &h);
            if (t && restored[t->ri]) t = NULL; /* one table per rule */
            if (!get_entries(&r, t, &h, skip)) bad = "damaged";
            else if (t) restored[t->ri] = true;
        }
        if (!bad && (!get_names(&r, st, &nnames) || !close_in(&r) ||
                     !fix_ids(st, restored, base, nnames)))
            bad = "damaged";
    }
    free(skip);
    if (bad) {
        empty_tables(st);
        snprintf(why, whylen, "%s", bad);
        free(restored);
        return SL_EPARSE;
    }
    for (size_t i = 0; i < st->rs->nrules; i++) {
        if (!st->tabs[i] || !st->tabs[i]->mem) continue;
        if (restored[i]) got->carried++;
        else note_fresh(got, st->rs->rules[i].info.id);
    }
    free(restored);
    return SL_OK;
}

sl_status sl_agg_snap_check(const void *p, size_t n, size_t *tables, size_t *entries, char *why,
                            size_t whylen)
{
    *tables = *entries = 0;
    char ver[64];
    const char *bad = NULL;
    snapr r;
    uint32_t ntabs = 0, nnames = 0;
    uint8_t *skip = sl_xmalloc(1u << 20);
    if (open_in(&r, p, n, ver, sizeof ver, &bad)) {
        if (!rget_u32(&r, &ntabs)) bad = "damaged";
        for (uint32_t k = 0; !bad && k < ntabs; k++) {
            thead h;
            if (!get_thead(&r, &h) || !get_entries(&r, NULL, &h, skip)) bad = "damaged";
            else (*tables)++, *entries += h.used;
        }
        if (!bad && (!get_names(&r, NULL, &nnames) || !close_in(&r))) bad = "damaged";
    }
    free(skip);
    if (bad) snprintf(why, whylen, "%s", bad);
    if (bad && strncmp(bad, "written ", 8) == 0) return SL_ELIMIT; /* readable by another build */
    return bad ? SL_EPARSE : SL_OK;
}
