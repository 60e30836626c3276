/* rule_aggsnap.c: saving and restoring the aggregate state (agg_snap.h). It reads the tables
 * as flat arrays of fixed-size entries (agg_int.h) and copies entries whole, so it knows
 * nothing of their fields but the key (0: empty) and the file ids agg_entry_files names. The
 * format is native-endian and tied to the version that wrote it: another version (or
 * another machine) starts empty rather than guess.
 *
 * Raw stream, then deflated: "SLAGSNP1", u32 0x01020304, str16 version, u32 tables, per table
 * {str16 rule id, u64 definition hash, u64 esz, u64 nsets, i64 wm, u8 has_wm, u64 used, used x
 * {u64 index, esz bytes}}, u32 names, names x str32, "SLAGEND.". */
#include "rule/agg_snap.h"
#include "rule/agg_int.h"
#include <stdio.h>
#include <stdlib.h>
#include <zlib.h>

#define MAGIC "SLAGSNP1"
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

/* ================= writing: a deflate stream into a buffer ================= */

typedef struct zout {
    z_stream z;
    sl_buf *out;
    bool bad;
} zout;

static void zdrain(zout *w, int flush)
{
    unsigned char chunk[16384];
    do {
        w->z.next_out = chunk;
        w->z.avail_out = sizeof chunk;
        int rc = deflate(&w->z, flush);
        if (rc == Z_STREAM_ERROR) w->bad = true;
        size_t got = sizeof chunk - w->z.avail_out;
        if (got && sl_buf_put(w->out, chunk, got) != SL_OK) w->bad = true;
    } while (!w->bad && w->z.avail_out == 0);
    w->z.next_out = NULL; /* chunk is gone after this */
}

static void zput(zout *w, const void *p, size_t n)
{
    if (w->bad || !n) return;
    w->z.next_in = (Bytef *)(uintptr_t)p;
    w->z.avail_in = (uInt)n;
    zdrain(w, Z_NO_FLUSH);
    w->z.next_in = NULL; /* deflate took all of it (it had room to) */
}

static void zput_u32(zout *w, uint32_t v) { zput(w, &v, 4); }
static void zput_u64(zout *w, uint64_t v) { zput(w, &v, 8); }

static void zput_str16(zout *w, const char *s)
{
    size_t n = strlen(s);
    uint16_t k = (uint16_t)(n > UINT16_MAX ? UINT16_MAX : n);
    zput(w, &k, 2);
    zput(w, s, k);
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

static void save_table(zout *w, const sl_aggstate *st, const tab *t, remap *m, uint8_t *copy)
{
    uint64_t slots = t->nsets * WAYS, used = 0;
    for (uint64_t i = 0; i < slots; i++) used += ((const ehdr *)(const void *)(t->mem + i * t->esz))->key != 0;
    zput_str16(w, t->r->info.id);
    zput_u64(w, definition(st->rs, t->r));
    zput_u64(w, t->esz);
    zput_u64(w, t->nsets);
    zput_u64(w, (uint64_t)t->wm);
    uint8_t has = t->has_wm;
    zput(w, &has, 1);
    zput_u64(w, used);
    for (uint64_t i = 0; i < slots; i++) {
        const uint8_t *e = t->mem + i * t->esz;
        if (!((const ehdr *)(const void *)e)->key) continue;
        memcpy(copy, e, t->esz);
        agg_entry_files(t, (ehdr *)(void *)copy, renumber, m);
        zput_u64(w, i);
        zput(w, copy, t->esz);
    }
}

sl_status sl_agg_save(const sl_aggstate *st, sl_buf *out)
{
    sl_buf_clear(out);
    zout w = {.out = out};
    if (deflateInit(&w.z, Z_BEST_SPEED) != Z_OK) return SL_ENOMEM;
    size_t ntabs = 0, maxesz = 8;
    for (size_t i = 0; i < st->rs->nrules; i++)
        if (st->tabs[i] && st->tabs[i]->mem) {
            ntabs++;
            if (st->tabs[i]->esz > maxesz) maxesz = st->tabs[i]->esz;
        }
    remap m = {.to = sl_xcalloc(st->nfiles ? st->nfiles : 1, sizeof *m.to), .nfiles = st->nfiles};
    uint8_t *copy = sl_xmalloc(maxesz);
    zput(&w, MAGIC, 8);
    zput_u32(&w, ENDIAN);
    zput_str16(&w, SL_VERSION);
    zput_u32(&w, (uint32_t)ntabs);
    for (size_t i = 0; i < st->rs->nrules; i++)
        if (st->tabs[i] && st->tabs[i]->mem) save_table(&w, st, st->tabs[i], &m, copy);
    /* the names in their new order */
    const char **names = sl_xcalloc(m.n ? m.n : 1, sizeof *names);
    for (size_t i = 0; i < st->nfiles; i++)
        if (m.to[i]) names[m.to[i] - 1] = st->files[i];
    zput_u32(&w, m.n);
    for (uint32_t i = 0; i < m.n; i++) {
        uint32_t k = (uint32_t)strlen(names[i]);
        zput_u32(&w, k);
        zput(&w, names[i], k);
    }
    zput(&w, TRAILER, 8);
    if (!w.bad) zdrain(&w, Z_FINISH);
    deflateEnd(&w.z);
    free(names);
    free(copy);
    free(m.to);
    return w.bad ? SL_ENOMEM : SL_OK;
}

/* ================= reading ================= */

typedef struct zin {
    z_stream z;
    bool bad, end, live;     /* live: inflateInit done, inflateEnd not yet */
} zin;

static void zin_end(zin *r)
{
    if (r->live) inflateEnd(&r->z);
    r->live = false;
}

static bool fail(zin *r)
{
    r->bad = true;
    return false;
}

/* Reads exactly n bytes (false, and bad, when the stream holds fewer). */
static bool zget(zin *r, void *p, size_t n)
{
    if (r->bad) return false;
    r->z.next_out = p;
    r->z.avail_out = (uInt)n;
    while (r->z.avail_out) {
        if (r->end) break;
        int rc = inflate(&r->z, Z_NO_FLUSH);
        if (rc == Z_STREAM_END) r->end = true;
        else if (rc != Z_OK) break;
    }
    if (r->z.avail_out) r->bad = true;
    r->z.next_out = NULL; /* p is the caller's */
    r->z.avail_out = 0;
    return !r->bad;
}

static bool zget_u32(zin *r, uint32_t *v) { return zget(r, v, 4); }
static bool zget_u64(zin *r, uint64_t *v) { return zget(r, v, 8); }

/* A str16 into buf (cap bytes with its NUL; longer ones are an error). */
static bool zget_str16(zin *r, char *buf, size_t cap)
{
    uint16_t k;
    if (!zget(r, &k, 2) || k >= cap) return fail(r);
    buf[k] = '\0';
    return zget(r, buf, k);
}

typedef struct thead {
    char id[256];
    uint64_t def, esz, nsets, wm, used;
    uint8_t has_wm;
} thead;

static bool get_thead(zin *r, thead *h)
{
    return zget_str16(r, h->id, sizeof h->id) && zget_u64(r, &h->def) && zget_u64(r, &h->esz) &&
           zget_u64(r, &h->nsets) && zget_u64(r, &h->wm) && zget(r, &h->has_wm, 1) &&
           zget_u64(r, &h->used) && h->esz >= sizeof(ehdr) && h->esz <= (1u << 20) &&
           h->nsets && h->nsets <= (UINT64_MAX / WAYS) / h->esz && h->used <= h->nsets * WAYS;
}

static bool open_in(zin *r, const void *p, size_t n, char *ver, size_t vcap, const char **why)
{
    memset(r, 0, sizeof *r);
    r->z.next_in = (Bytef *)(uintptr_t)p;
    r->z.avail_in = (uInt)n;
    if (inflateInit(&r->z) != Z_OK) {
        *why = "out of memory";
        return false;
    }
    r->live = true;
    char magic[8];
    uint32_t endian;
    if (!zget(r, magic, 8) || memcmp(magic, MAGIC, 8) != 0) *why = "not an aggregate snapshot";
    else if (!zget_u32(r, &endian) || endian != ENDIAN) *why = "written on another kind of machine";
    else if (!zget_str16(r, ver, vcap)) *why = "damaged";
    else return true;
    zin_end(r);
    return false;
}

/* Past the names: whether the stream ends as it should. */
static bool close_in(zin *r)
{
    char tail[8], more;
    bool ok = zget(r, tail, 8) && memcmp(tail, TRAILER, 8) == 0;
    /* then nothing: the stream ends there, its checksum checked, with no byte after it */
    ok = ok && !zget(r, &more, 1) && r->end && r->z.avail_in == 0;
    zin_end(r);
    return ok;
}

/* The names, appended to st->files from base on. */
static bool get_names(zin *r, sl_aggstate *st, uint32_t *count)
{
    if (!zget_u32(r, count)) return false;
    for (uint32_t i = 0; i < *count; i++) {
        uint32_t k;
        if (!zget_u32(r, &k) || k > NAME_MAX_LEN) return fail(r);
        char *s = sl_xmalloc(k + 1);
        if (!zget(r, s, k)) {
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
        free(t->mem); /* a fresh calloc: untouched pages cost no memory */
        t->mem = sl_xcalloc(t->nsets * WAYS, t->esz);
        t->has_wm = false;
        t->wm = 0;
    }
}

void sl_agg_empty(sl_aggstate *st) { empty_tables(st); }

/* One table's entries: into t, or skipped (t NULL). File ids are checked once the names are
 * known, so they are kept relative until then. */
static bool get_entries(zin *r, tab *t, const thead *h, uint8_t *skip)
{
    uint64_t last = 0;
    for (uint64_t k = 0; k < h->used; k++) {
        uint64_t at;
        if (!zget_u64(r, &at) || at >= h->nsets * WAYS || (k && at <= last)) return fail(r);
        last = at;
        uint8_t *dst = t ? t->mem + at * t->esz : skip;
        if (!zget(r, dst, h->esz) || !((ehdr *)(void *)dst)->key) return fail(r);
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
            ehdr *e = (ehdr *)(void *)(t->mem + s * t->esz);
            if (e->key) agg_entry_files(t, e, shift_id, &c);
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
    zin r;
    uint32_t ntabs = 0, nnames = 0, base = (uint32_t)st->nfiles;
    if (open_in(&r, p, n, ver, sizeof ver, &bad)) {
        if (strcmp(ver, SL_VERSION) != 0) bad = "written by another statuslint version";
        else if (!zget_u32(&r, &ntabs)) bad = "damaged";
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
        zin_end(&r);
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
    zin r;
    uint32_t ntabs = 0, nnames = 0;
    uint8_t *skip = sl_xmalloc(1u << 20);
    if (open_in(&r, p, n, ver, sizeof ver, &bad)) {
        if (!zget_u32(&r, &ntabs)) bad = "damaged";
        for (uint32_t k = 0; !bad && k < ntabs; k++) {
            thead h;
            if (!get_thead(&r, &h) || !get_entries(&r, NULL, &h, skip)) bad = "damaged";
            else (*tables)++, *entries += h.used;
        }
        if (!bad && (!get_names(&r, NULL, &nnames) || !close_in(&r))) bad = "damaged";
        zin_end(&r);
    }
    free(skip);
    if (bad) snprintf(why, whylen, "%s", bad);
    return bad ? SL_EPARSE : SL_OK;
}
