/* out_sink.c: the kinds table (every -f name, one row each) and the lookups derived from it,
 * construction and release, the settings of out_ext.h, and helpers every sink shares (rule
 * lookup, stream checks, repeat counters).
 * Owns each sink's state block; the stream and the ruleset stay the caller's. */
#include "output/out_ext.h"
#include "output/out_sink.h"
#include "base/sl_alloc.h"
#include "base/sl_nearest.h"
#include <stdlib.h>
#include <strings.h>

#ifndef SL_VERSION
#define SL_VERSION "0.0.0"
#endif

/* The kinds table: every sink -f accepts, one row each, in the order they are listed. A new
 * sink is its own file defining its sl_sink_vt (out.h), plus its name below and one row. */
extern const sl_sink_vt out_text_vt, out_jsonl_vt, out_json_vt, out_sarif_vt, out_cq_vt,
    out_junit_vt, out_github_vt, out_prom_vt, out_om_vt, out_md_vt, out_partial_vt;

const sl_sink_vt *const sl_sink_kinds[] = {
    &out_text_vt,   &out_jsonl_vt,  &out_json_vt, &out_sarif_vt, &out_cq_vt,
    &out_junit_vt,  &out_github_vt, &out_prom_vt, &out_om_vt,    &out_md_vt,
    &out_partial_vt, NULL,
};

const sl_sink_vt *sl_sink_kind(const char *name)
{
    for (size_t i = 0; name && sl_sink_kinds[i]; i++)
        if (!strcmp(sl_sink_kinds[i]->name, name)) return sl_sink_kinds[i];
    return NULL;
}

const char *sl_sink_nearest(const char *name)
{
    const char *names[SL_ARRAY_LEN(sl_sink_kinds)];
    size_t n = 0;
    for (; sl_sink_kinds[n]; n++) names[n] = sl_sink_kinds[n]->name;
    return name ? sl_nearest(name, strlen(name), names, n) : NULL;
}

const sl_sink_vt *sl_sink_kind_of_file(const char *path)
{
    const sl_sink_vt *best = NULL;
    size_t bestlen = 0, n = strlen(path);
    for (size_t i = 0; sl_sink_kinds[i]; i++) {
        for (const char *e = sl_sink_kinds[i]->exts; e && *e;) {
            size_t k = strcspn(e, " ");
            if (n > k && k > bestlen && !strncasecmp(path + n - k, e, k))
                best = sl_sink_kinds[i], bestlen = k;
            e += k + (e[k] == ' ');
        }
    }
    return best;
}

void sl_sink_names(FILE *f, const char *sep)
{
    for (size_t i = 0; sl_sink_kinds[i]; i++) fprintf(f, "%s%s", i ? sep : "", sl_sink_kinds[i]->name);
}

sl_sink *sl_sink_new(const char *name, FILE *out, const sl_ruleset *rs, const sl_sink_opts *o)
{
    const sl_sink_vt *k = sl_sink_kind(name);
    if (!k || !out) return NULL;
    out_sink *s = sl_xcalloc(1, k->size);
    s->head.vt = k;
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

/* ---- repeat counters: an sl_u64map over the keys, at most max of them ---- */
void out_counter_init(out_counter *c, size_t max) { *c = (out_counter){.max = max}; }

void out_counter_fini(out_counter *c)
{
    free(c->keys);
    free(c->counts);
    sl_u64map_fini(&c->index);
    *c = (out_counter){0};
}

static uint64_t counter_key(const void *ctx, size_t e)
{
    return ((const out_counter *)ctx)->keys[e];
}

uint32_t out_counter_next(out_counter *c, uint64_t key)
{
    if (key == 0) return ++c->zero_count;
    size_t pos = 0, e;
    while ((e = sl_u64map_next(&c->index, key, &pos)) != SL_U64MAP_END)
        if (c->keys[e] == key) return ++c->counts[e];
    if (c->n >= c->max) return 0;
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 512;
        c->keys = sl_xrealloc(c->keys, c->cap * sizeof *c->keys);
        c->counts = sl_xrealloc(c->counts, c->cap * sizeof *c->counts);
    }
    c->keys[c->n] = key;
    c->counts[c->n++] = 1;
    sl_u64map_add(&c->index, key, counter_key, c);
    return 1;
}
