/* out_group.c: the bounded table of finding groups (out_group.h). Groups are keyed by the
 * finding's fingerprint, rule and status (the fingerprint hashes rule, host, method, route
 * and status), found through an sl_u64map index, and kept in order of first
 * appearance. Strings are copied into one buffer under a byte budget; file names are
 * interned once each (they are as many as the inputs, which the run holds anyway). */
#include "output/out_group.h"
#include "base/sl_alloc.h"
#include <stdlib.h>

void out_groups_init(out_groups *g)
{
    memset(g, 0, sizeof *g);
    sl_u64map_init(&g->index, 1024);
}

void out_groups_fini(out_groups *g)
{
    free(g->v);
    sl_u64map_fini(&g->index);
    free(g->str);
    free(g->files);
    memset(g, 0, sizeof *g);
}

static void reserve_str(out_groups *g, size_t n)
{
    if (g->nstr + n <= g->capstr) return;
    size_t cap = g->capstr ? g->capstr : 4096;
    while (cap < g->nstr + n) cap *= 2;
    g->str = sl_xrealloc(g->str, cap);
    g->capstr = cap;
}

/* Copies s (cut at OUT_GROUP_STR_MAX); false when the budget is spent. */
static bool put_str(out_groups *g, sl_slice s, uint32_t *off, uint32_t *len)
{
    if (!s.p) {
        *off = 0, *len = UINT32_MAX;
        return true;
    }
    size_t n = s.n > OUT_GROUP_STR_MAX ? OUT_GROUP_STR_MAX : s.n;
    if (g->nstr + n > OUT_GROUPS_BYTES) return false;
    reserve_str(g, n);
    if (n) memcpy(g->str + g->nstr, s.p, n); /* an empty first string: g->str may still be NULL */
    *off = (uint32_t)g->nstr, *len = (uint32_t)n;
    g->nstr += n;
    return true;
}

static uint32_t intern_file(out_groups *g, const char *name)
{
    name = name ? name : "";
    if (g->nfiles && !strcmp(g->str + g->files[g->nfiles - 1], name)) return (uint32_t)(g->nfiles - 1);
    for (size_t i = g->nfiles; i-- > 0;)
        if (!strcmp(g->str + g->files[i], name)) return (uint32_t)i;
    size_t n = strlen(name) + 1;
    reserve_str(g, n);
    memcpy(g->str + g->nstr, name, n);
    if (g->nfiles == g->capfiles) {
        g->capfiles = g->capfiles ? g->capfiles * 2 : 16;
        g->files = sl_xrealloc(g->files, g->capfiles * sizeof *g->files);
    }
    g->files[g->nfiles] = (uint32_t)g->nstr;
    g->nstr += n;
    return (uint32_t)g->nfiles++;
}

static bool same_key(const out_group *e, const sl_finding *f)
{
    return e->fingerprint == f->fingerprint && e->rule == f->rule && e->status == f->status;
}

static uint64_t group_key(const void *ctx, size_t e)
{
    return ((const out_groups *)ctx)->v[e].fingerprint;
}

static out_where where_of(out_groups *g, const sl_finding *f)
{
    return (out_where){intern_file(g, f->file), f->has_time, f->line, f->time};
}

void out_groups_add(out_groups *g, const sl_finding *f)
{
    size_t pos = 0, at;
    while ((at = sl_u64map_next(&g->index, f->fingerprint, &pos)) != SL_U64MAP_END) {
        out_group *e = &g->v[at];
        if (!same_key(e, f)) continue;
        e->count++;
        e->last = where_of(g, f);
        if (e->nsamples < OUT_GROUP_SAMPLES &&
            put_str(g, f->path, &e->soff[e->nsamples], &e->slen[e->nsamples]))
            e->sample[e->nsamples++] = e->last;
        g->grouped++;
        return;
    }
    if (g->n >= OUT_GROUPS_MAX) {
        g->overflow++;
        return;
    }
    out_group e = {.fingerprint = f->fingerprint, .count = 1, .rule = (uint32_t)f->rule,
                   .status = f->status, .severity = (uint8_t)f->severity};
    size_t mark = g->nstr;
    const sl_slice strs[OG_NSTR] = {f->host, f->method, f->route, f->message};
    bool ok = true;
    for (int k = 0; k < OG_NSTR && ok; k++) ok = put_str(g, strs[k], &e.off[k], &e.len[k]);
    ok = ok && put_str(g, f->path, &e.soff[0], &e.slen[0]);
    if (!ok) { /* the string budget is spent: this group does not fit */
        g->nstr = mark;
        g->overflow++;
        return;
    }
    e.first = e.last = e.sample[0] = where_of(g, f);
    e.nsamples = 1;
    if (g->n == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 256;
        g->v = sl_xrealloc(g->v, g->cap * sizeof *g->v);
    }
    g->v[g->n++] = e;
    g->grouped++;
    sl_u64map_add(&g->index, e.fingerprint, group_key, g);
}

static const out_groups *sort_g;

static int cmp_group(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    const out_group *x = &sort_g->v[i], *y = &sort_g->v[j];
    if (x->severity != y->severity) return x->severity > y->severity ? -1 : 1;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    return i < j ? -1 : i > j;
}

size_t *out_groups_sorted(const out_groups *g)
{
    size_t *idx = sl_xmalloc((g->n ? g->n : 1) * sizeof *idx);
    for (size_t i = 0; i < g->n; i++) idx[i] = i;
    sort_g = g; /* sinks end one at a time, on the run's thread */
    if (g->n > 1) qsort(idx, g->n, sizeof *idx, cmp_group);
    sort_g = NULL;
    return idx;
}

sl_slice out_group_str(const out_groups *g, const out_group *e, int k)
{
    return e->len[k] == UINT32_MAX ? SL_SLICE_NULL : sl_slice_make(g->str + e->off[k], e->len[k]);
}

sl_slice out_group_sample_path(const out_groups *g, const out_group *e, int k)
{
    return e->slen[k] == UINT32_MAX ? SL_SLICE_NULL : sl_slice_make(g->str + e->soff[k], e->slen[k]);
}

const char *out_groups_file(const out_groups *g, uint32_t file)
{
    return file < g->nfiles ? g->str + g->files[file] : "";
}
