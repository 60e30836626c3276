/* out_sink.c: the sink registry (-f names), construction and release, the settings of
 * out_ext.h, and helpers every sink shares (rule lookup, stream checks, repeat counters).
 * Owns each sink's state block; the stream and the ruleset stay the caller's. */
#include "output/out_ext.h"
#include "output/out_sink.h"
#include "base/sl_alloc.h"
#include <stdlib.h>

#ifndef SL_VERSION
#define SL_VERSION "0.0.0"
#endif

const char *const sl_sink_formats[] = {"text", "jsonl", "json", "sarif", "codequality", "junit",
                                       "github", "prometheus", "openmetrics", "markdown", NULL};

static const out_kind *kind_find(const char *name)
{
    static out_kind kinds[10];
    const sl_sink_vt *vts[] = {&out_text_vt, &out_jsonl_vt, &out_json_vt, &out_sarif_vt,
                               &out_cq_vt, &out_junit_vt, &out_github_vt, &out_prom_vt, &out_om_vt,
                               &out_md_vt};
    const size_t sizes[] = {out_text_size, out_jsonl_size, out_json_size, out_sarif_size,
                            out_cq_size, out_junit_size, out_github_size, out_prom_size,
                            out_om_size, out_md_size};
    /* sarif marks them "unchanged"; github and markdown count them apart */
    const bool baselined[] = {false, false, false, true, false, false, true, false, false, true};
    for (size_t i = 0; i < SL_ARRAY_LEN(kinds); i++) {
        kinds[i] = (out_kind){sl_sink_formats[i], vts[i], sizes[i], baselined[i]};
        if (name && strcmp(name, sl_sink_formats[i]) == 0) return &kinds[i];
    }
    return NULL;
}

sl_sink *sl_sink_new(const char *name, FILE *out, const sl_ruleset *rs, const sl_sink_opts *o)
{
    const out_kind *k = kind_find(name);
    if (!k || !out) return NULL;
    out_sink *s = sl_xcalloc(1, k->size);
    s->head.vt = k->vt;
    s->head.out = out;
    s->head.rs = rs;
    if (o) s->head.opts = *o;
    if (!s->head.opts.version) s->head.opts.version = SL_VERSION;
    if (!s->head.opts.max_results) s->head.opts.max_results = 25000;
    s->fail_on = SL_SEV_INFO;
    s->wants_baselined = k->baselined;
    return &s->head;
}

void sl_sink_free(sl_sink *s)
{
    if (!s) return;
    if (s->vt->free) s->vt->free(s);
    out_sink *o = (out_sink *)s;
    for (size_t i = 0; i < o->noff; i++) free(o->off_why[i]);
    free(o->off_why);
    free(s);
}

void sl_sink_set_baseline(sl_sink *s, bool given)
{
    if (s) ((out_sink *)s)->baseline = given;
}

bool sl_sink_wants_baselined(const sl_sink *s)
{
    return s && ((const out_sink *)s)->wants_baselined;
}

void sl_sink_set_rules(sl_sink *s, const sl_rule_info *const *rules, size_t n)
{
    if (!s) return;
    ((out_sink *)s)->rules = rules;
    ((out_sink *)s)->nrules = n;
}

void sl_sink_set_fail_on(sl_sink *s, int level)
{
    if (s) ((out_sink *)s)->fail_on = level;
}

void sl_sink_rule_off(sl_sink *s, size_t rule, const char *why)
{
    out_sink *o = (out_sink *)s;
    if (!s || !why || rule >= out_rule_count(s)) return;
    if (!o->off_why) {
        o->noff = out_rule_count(s);
        o->off_why = sl_xcalloc(o->noff, sizeof *o->off_why);
    }
    if (!o->off_why[rule]) o->off_why[rule] = sl_xstrdup(why);
}

const char *out_rule_off(const sl_sink *s, size_t i)
{
    const out_sink *o = (const out_sink *)s;
    return o->off_why && i < o->noff ? o->off_why[i] : NULL;
}

bool out_fails(const sl_sink *s, sl_severity sev)
{
    int lv = ((const out_sink *)s)->fail_on;
    return lv != SL_SEV_NONE && (int)sev >= lv;
}

const char *sl_sink_note(const sl_sink *s)
{
    const out_sink *o = (const out_sink *)s;
    return o && o->note[0] ? o->note : NULL;
}

size_t out_rule_count(const sl_sink *s)
{
    const out_sink *o = (const out_sink *)s;
    if (o->rules) return o->nrules;
    return s->rs ? sl_ruleset_count(s->rs) : 0;
}

const sl_rule_info *out_rule(const sl_sink *s, size_t i)
{
    const out_sink *o = (const out_sink *)s;
    if (o->rules) return i < o->nrules ? o->rules[i] : NULL;
    return s->rs && i < sl_ruleset_count(s->rs) ? sl_ruleset_info(s->rs, i) : NULL;
}

const char *out_finding_rule_id(const sl_finding *f)
{
    return f->info && f->info->id ? f->info->id : "?";
}

sl_status out_check(FILE *f) { return ferror(f) ? SL_EIO : SL_OK; }

/* ---- repeat counters: open addressing, grown to at most max keys ---- */
void out_counter_init(out_counter *c, size_t max) { *c = (out_counter){.max = max}; }

void out_counter_fini(out_counter *c)
{
    free(c->keys);
    free(c->counts);
    *c = (out_counter){0};
}

static size_t slot_of(const uint64_t *keys, size_t cap, uint64_t key)
{
    size_t i = (size_t)(key * 0x9E3779B97F4A7C15ull >> 17) & (cap - 1);
    while (keys[i] && keys[i] != key) i = (i + 1) & (cap - 1);
    return i;
}

static void counter_grow(out_counter *c)
{
    size_t ncap = c->cap ? c->cap * 2 : 1024;
    uint64_t *nk = sl_xcalloc(ncap, sizeof *nk);
    uint32_t *nc = sl_xcalloc(ncap, sizeof *nc);
    for (size_t i = 0; i < c->cap; i++) {
        if (!c->keys[i]) continue;
        size_t j = slot_of(nk, ncap, c->keys[i]);
        nk[j] = c->keys[i];
        nc[j] = c->counts[i];
    }
    free(c->keys);
    free(c->counts);
    c->keys = nk;
    c->counts = nc;
    c->cap = ncap;
}

uint32_t out_counter_next(out_counter *c, uint64_t key)
{
    if (key == 0) return ++c->zero_count;
    if (c->cap) {
        size_t i = slot_of(c->keys, c->cap, key);
        if (c->keys[i]) return ++c->counts[i];
    }
    if (c->n >= c->max) return 0;
    if (c->n * 2 >= c->cap) counter_grow(c);
    size_t i = slot_of(c->keys, c->cap, key);
    c->keys[i] = key;
    c->n++;
    return c->counts[i] = 1;
}
