/* rule_load.c: the schema of rule files. Walks one YAML tree (lists, macros, rules) and
 * fills the ruleset: every key checked (unknown ones get a did-you-mean), ids validated
 * and unique, `when` parsed (names are resolved later, in sl_ruleset_finish), message
 * templates and inline tests read. Keeps going after an error so that every error of the
 * file is reported; a rule with errors is not added. */
#include "rule/rule_int.h"
#include <stdio.h>
#include <yaml.h>

typedef struct ld {
    sl_ruleset *rs;
    srcfile *f;
    sl_diags *d;
} ld;

static const char *const top_keys[] = {"lists", "macros", "rules", NULL};
static const char *const rule_keys[] = {"id", "title", "description", "severity", "codes", "when",
                                        "message", "suggest", "references", "needs", "tags",
                                        "tests", "aggregate", "sequence", NULL};
static const char *const test_keys[] = {"match", "no_match", NULL};

#define ERR(ld, n, ...) sl_rule_diag_node((ld)->d, SL_DIAG_ERROR, (ld)->f, (n), __VA_ARGS__)

/* ================= typed scalars ================= */

static const char *scalar(ld *l, const ynode *n, const char *what)
{
    if (n && n->kind == Y_SCALAR) return n->s;
    ERR(l, n, "`%s` must be a single value", what);
    return NULL;
}

static bool seq_of_scalars(ld *l, const ynode *n, const char *what)
{
    if (n->kind == Y_SCALAR) return true;
    if (n->kind != Y_SEQ) {
        ERR(l, n, "`%s` must be a list", what);
        return false;
    }
    for (size_t i = 0; i < n->nkid; i++)
        if (n->kid[i]->kind != Y_SCALAR) {
            ERR(l, n->kid[i], "items of `%s` must be single values", what);
            return false;
        }
    return true;
}

static size_t items(const ynode *n, const ynode *const **v)
{
    static const ynode *one;
    if (n->kind == Y_SCALAR) {
        one = n;
        *v = &one;
        return 1;
    }
    *v = (const ynode *const *)n->kid;
    return n->nkid;
}

static bool str_list(ld *l, const ynode *n, const char *what, const char *const **out, size_t *nout)
{
    const ynode *const *v;
    if (!seq_of_scalars(l, n, what)) return false;
    size_t k = items(n, &v);
    const char **a = sl_rule_alloc(&l->rs->arena, (k + 1) * sizeof *a);
    for (size_t i = 0; i < k; i++) a[i] = v[i]->s;
    *out = a, *nout = k;
    return true;
}

static bool int_list(ld *l, const ynode *n, const char *what, int lo, int hi, const int **out,
                     size_t *nout)
{
    const ynode *const *v;
    bool ok = true;
    if (!seq_of_scalars(l, n, what)) return false;
    size_t k = items(n, &v);
    int *a = sl_rule_alloc(&l->rs->arena, (k + 1) * sizeof *a);
    for (size_t i = 0; i < k; i++) {
        int64_t x;
        if (!sl_rule_parse_int(v[i]->s, v[i]->n, &x) || x < lo || x > hi) {
            ERR(l, v[i], "`%s` takes status codes from %d to %d, not '%s'", what, lo, hi, v[i]->s);
            ok = false;
            continue;
        }
        a[i] = (int)x;
        for (size_t j = 0; j < i; j++)
            if (a[j] == a[i]) {
                ERR(l, v[i], "code %d is listed twice", a[i]);
                ok = false;
            }
    }
    *out = a, *nout = k;
    return ok;
}

/* ================= lists and macros ================= */

static bool name_taken(ld *l, const ynode *k)
{
    for (size_t i = 0; i < l->rs->nlists; i++)
        if (strcmp(l->rs->lists[i].name, k->s) == 0) goto dup;
    for (size_t i = 0; i < l->rs->nmacros; i++)
        if (strcmp(l->rs->macros[i].name, k->s) == 0) goto dup;
    return false;
dup:
    ERR(l, k, "'%s' is already defined as a list or macro", k->s);
    return true;
}

static bool good_name(ld *l, const ynode *k)
{
    for (size_t i = 0; i < k->n; i++) {
        char c = k->s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (i && c >= '0' && c <= '9'))) {
            ERR(l, k, "'%s' is not a valid name (letters, digits and '_')", k->s);
            return false;
        }
    }
    return k->n > 0;
}

static void load_lists(ld *l, const ynode *m)
{
    if (m->kind != Y_MAP) {
        ERR(l, m, "`lists` must map names to lists");
        return;
    }
    for (size_t i = 0; i + 1 < m->nkid; i += 2) {
        const ynode *k = m->kid[i], *v = m->kid[i + 1];
        if (!good_name(l, k) || name_taken(l, k) || !seq_of_scalars(l, v, k->s)) continue;
        if (v->kind != Y_SEQ) {
            ERR(l, v, "list '%s' must be a list", k->s);
            continue;
        }
        bool isint = v->nkid > 0;
        for (size_t j = 0; j < v->nkid; j++) {
            int64_t x;
            isint = isint && v->kid[j]->style == YAML_PLAIN_SCALAR_STYLE &&
                    sl_rule_parse_int(v->kid[j]->s, v->kid[j]->n, &x);
        }
        l->rs->lists = sl_xrealloc(l->rs->lists, (l->rs->nlists + 1) * sizeof *l->rs->lists);
        l->rs->lists[l->rs->nlists++] = (nlist){k->s, l->f, v, isint, 0, false};
    }
}

static void load_macros(ld *l, const ynode *m)
{
    if (m->kind != Y_MAP) {
        ERR(l, m, "`macros` must map names to conditions");
        return;
    }
    for (size_t i = 0; i + 1 < m->nkid; i += 2) {
        const ynode *k = m->kid[i], *v = m->kid[i + 1];
        if (!good_name(l, k) || name_taken(l, k) || !scalar(l, v, k->s)) continue;
        macro mc;
        memset(&mc, 0, sizeof mc);
        mc.name = k->s, mc.node = v;
        mc.body = (pexpr){v->s, v->n, sl_rule_ref(l->f, v), NULL};
        if (!sl_rule_parse(&mc.body, &l->rs->arena, l->d)) mc.state = 3;
        l->rs->macros = sl_xrealloc(l->rs->macros, (l->rs->nmacros + 1) * sizeof *l->rs->macros);
        l->rs->macros[l->rs->nmacros++] = mc;
    }
}

/* ================= message templates ================= */

static void field_error(ld *l, const srcref *ref, size_t off, const char *s, size_t n)
{
    const char *cands[SL_F_CANONICAL_COUNT];
    for (int i = 0; i < SL_F_CANONICAL_COUNT; i++) cands[i] = sl_fields_name(l->rs->ft, i);
    const char *dym = sl_rule_didyoumean(s, n, cands, SL_F_CANONICAL_COUNT);
    sl_rule_diag_span(l->d, SL_DIAG_ERROR, ref, off, n, "unknown field '%.*s'%s%s%s", (int)n, s,
                      dym ? "; did you mean '" : "", dym ? dym : "", dym ? "'?" : "");
}

static bool add_seg(rule *r, sl_arena *a, size_t *cap, tseg g)
{
    if (r->nseg == *cap) {
        size_t nc = *cap ? *cap * 2 : 8;
        tseg *v = sl_arena_alloc(a, nc * sizeof *v);
        if (!v) return false;
        if (r->nseg) memcpy(v, r->seg, r->nseg * sizeof *v);
        r->seg = v, *cap = nc;
    }
    r->seg[r->nseg++] = g;
    return true;
}

static bool load_template(ld *l, rule *r, const ynode *n)
{
    srcref ref = sl_rule_ref(l->f, n);
    size_t i = 0, lit = 0, cap = 0;
    char *out = sl_rule_alloc(&l->rs->arena, n->n + 1);
    const char *s = n->s;
    bool ok = true;
    while (i < n->n) {
        if ((s[i] == '{' || s[i] == '}') && i + 1 < n->n && s[i + 1] == s[i]) {
            out[lit++] = s[i];
            i += 2;
            continue;
        }
        if (s[i] != '{') {
            out[lit++] = s[i++];
            continue;
        }
        const char *end = memchr(s + i, '}', n->n - i);
        if (!end) {
            sl_rule_diag_span(l->d, SL_DIAG_ERROR, &ref, i, 1, "unclosed '{' in message (write '{{' for a brace)");
            return false;
        }
        size_t fo = i + 1, fn = (size_t)(end - s) - fo;
        int id = fn ? sl_rule_field(l->rs, r, s + fo, fn) : -1;
        if (id < 0) {
            field_error(l, &ref, fo, s + fo, fn);
            ok = false;
        }
        if (lit) add_seg(r, &l->rs->arena, &cap, (tseg){out, (uint32_t)lit, -1});
        add_seg(r, &l->rs->arena, &cap, (tseg){NULL, 0, id});
        out += lit, lit = 0;
        i = fo + fn + 1;
    }
    if (lit) add_seg(r, &l->rs->arena, &cap, (tseg){out, (uint32_t)lit, -1});
    return ok;
}

/* ================= inline tests ================= */

static void show_kv(sl_buf *b, const ynode *m)
{
    sl_buf_putc(b, '{');
    for (size_t i = 0; i + 1 < m->nkid; i += 2)
        sl_buf_printf(b, "%s%s: %s", i ? ", " : "", m->kid[i]->s, m->kid[i + 1]->s ? m->kid[i + 1]->s : "");
    sl_buf_putc(b, '}');
}

static bool is_null(const ynode *v)
{
    return v->style == YAML_PLAIN_SCALAR_STYLE &&
           (v->n == 0 || strcmp(v->s, "~") == 0 || strcmp(v->s, "null") == 0 || strcmp(v->s, "-") == 0);
}

static bool load_case_map(ld *l, rule *r, const ynode *m, tcase *tc)
{
    bool ok = true;
    tc->kv = sl_rule_alloc(&l->rs->arena, (m->nkid / 2 + 1) * sizeof *tc->kv);
    for (size_t i = 0; i + 1 < m->nkid; i += 2) {
        const ynode *k = m->kid[i], *v = m->kid[i + 1];
        int id = sl_rule_field(l->rs, r, k->s, k->n);
        if (id < 0) {
            srcref ref = sl_rule_ref(l->f, k);
            field_error(l, &ref, 0, k->s, k->n);
            ok = false;
            continue;
        }
        if (id == SL_F_ROUTE) { /* derived: a test that set it would test nothing real */
            ERR(l, k, "`route` is computed from `path`; give the test case a path instead");
            ok = false;
            continue;
        }
        if (v->kind != Y_SCALAR) {
            ERR(l, v, "a test field takes a single value");
            ok = false;
            continue;
        }
        tc->kv[tc->nkv++] = (tkv){id, is_null(v) ? NULL : v->s, v->n};
    }
    return ok;
}

static bool load_cases(ld *l, rule *r, const ynode *seq, bool match, size_t *cap)
{
    bool ok = true;
    if (seq->kind != Y_SEQ) {
        ERR(l, seq, "`%s` must be a list of test cases", match ? "match" : "no_match");
        return false;
    }
    for (size_t i = 0; i < seq->nkid; i++) {
        const ynode *c = seq->kid[i];
        if (r->ncases == *cap) {
            size_t nc = *cap ? *cap * 2 : 8;
            tcase *v = sl_rule_alloc(&l->rs->arena, nc * sizeof *v);
            if (r->ncases) memcpy(v, r->cases, r->ncases * sizeof *v);
            r->cases = v, *cap = nc;
        }
        tcase *tc = &r->cases[r->ncases];
        memset(tc, 0, sizeof *tc);
        tc->match = match;
        if (r->agg) {
            if (!sl_rule_agg_case(l->rs, r, l->f, c, tc, l->d)) ok = false;
        } else if (c->kind == Y_SCALAR) {
            tc->line = c->s, tc->linelen = c->n, tc->shown = c->s;
        } else if (c->kind == Y_MAP) {
            sl_buf b;
            sl_buf_init(&b, 4096);
            show_kv(&b, c);
            tc->shown = sl_rule_strdup(&l->rs->arena, b.p ? b.p : "{}", b.n);
            sl_buf_fini(&b);
            if (!load_case_map(l, r, c, tc)) ok = false;
        } else {
            ERR(l, c, "a test case is a log line or a mapping of fields");
            ok = false;
            continue;
        }
        r->ncases++;
        (match ? r->info.tests_match++ : r->info.tests_no_match++);
    }
    return ok;
}

static bool load_tests(ld *l, rule *r, const ynode *t)
{
    size_t cap = 0;
    bool ok = true;
    if (t->kind != Y_MAP) {
        ERR(l, t, "`tests` must be a mapping with `match` and `no_match`");
        return false;
    }
    if (sl_rule_check_keys(l->d, l->f, t, "tests", test_keys)) ok = false;
    const ynode *m = sl_rule_yaml_get(t, "match"), *nm = sl_rule_yaml_get(t, "no_match");
    if (m && !load_cases(l, r, m, true, &cap)) ok = false;
    if (nm && !load_cases(l, r, nm, false, &cap)) ok = false;
    return ok;
}

/* ================= rules ================= */

static bool good_id(const char *s, size_t n)
{
    if (!n) return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == '-'))
            return false;
    return true;
}

static bool load_id(ld *l, rule *r, const ynode *n)
{
    const char *id = scalar(l, n, "id");
    if (!id) return false;
    if (!good_id(id, n->n)) {
        ERR(l, n, "rule id '%s' must use only a-z, 0-9, '.' and '-'", id);
        return false;
    }
    sl_ruleset *rs = l->rs;
    for (size_t i = 0; i < rs->nseen; i++)
        if (strcmp(rs->seen[i].id, id) == 0) {
            ERR(l, n, "duplicate rule id '%s' (first defined at %s:%d)", id, rs->seen[i].file,
                rs->seen[i].line);
            return false;
        }
    /* remembered even if the rule turns out broken, so its twin is still reported */
    if (rs->nseen == rs->capseen) {
        rs->capseen = rs->capseen ? rs->capseen * 2 : 32;
        rs->seen = sl_xrealloc(rs->seen, rs->capseen * sizeof *rs->seen);
    }
    rs->seen[rs->nseen++] = (struct seen_id){id, r->info.file, r->info.line};
    r->info.id = id;
    return true;
}

static bool load_needs(ld *l, rule *r, const ynode *n)
{
    bool ok = str_list(l, n, "needs", &r->info.needs, &r->info.nneeds);
    const char *cands[SL_F_CANONICAL_COUNT];
    for (int i = 0; i < SL_F_CANONICAL_COUNT; i++) cands[i] = sl_fields_name(l->rs->ft, i);
    r->need_ids = sl_rule_alloc(&l->rs->arena, (r->info.nneeds + 1) * sizeof *r->need_ids);
    for (size_t i = 0; ok && i < r->info.nneeds; i++) {
        const char *s = r->info.needs[i];
        const ynode *item = n->kind == Y_SEQ ? n->kid[i] : n;
        const char *dym = NULL;
        int id = sl_fields_find(l->rs->ft, s, strlen(s));
        if (id < 0 && !strchr(s, '.')) dym = sl_rule_didyoumean(s, strlen(s), cands, SL_F_CANONICAL_COUNT);
        if (id < 0 && !dym) id = sl_fields_intern(l->rs->ft, s, strlen(s));
        if (id < 0) {
            ERR(l, item, "unknown field '%s' in `needs`%s%s%s", s, dym ? "; did you mean '" : "",
                dym ? dym : "", dym ? "'?" : "");
            ok = false;
            continue;
        }
        r->need_ids[r->nneed++] = id;
    }
    return ok;
}

static bool load_severity(ld *l, rule *r, const ynode *n)
{
    const char *s = scalar(l, n, "severity");
    static const char *const sev[] = {"error", "warning", "info"};
    if (!s) return false;
    for (int i = 0; i < 3; i++)
        if (strcmp(s, sev[i]) == 0) {
            r->info.default_severity = r->info.severity = (sl_severity)(SL_SEV_ERROR - i);
            return true;
        }
    const char *dym = sl_rule_didyoumean(s, n->n, sev, 3);
    ERR(l, n, "severity must be error, warning or info, not '%s'%s%s%s", s, dym ? "; did you mean '" : "",
        dym ? dym : "", dym ? "'?" : "");
    return false;
}

static bool load_when(ld *l, rule *r, const ynode *n)
{
    if (!scalar(l, n, "when")) return false;
    r->info.when = n->s;
    r->when = (pexpr){n->s, n->n, sl_rule_ref(l->f, n), NULL};
    return sl_rule_parse(&r->when, &l->rs->arena, l->d);
}

static bool load_fields(ld *l, rule *r, const ynode *m)
{
    const ynode *n;
    bool ok = true;
    if ((n = sl_rule_yaml_get(m, "title")) && !(r->info.title = scalar(l, n, "title"))) ok = false;
    if ((n = sl_rule_yaml_get(m, "description")) && !(r->info.description = scalar(l, n, "description")))
        ok = false;
    if ((n = sl_rule_yaml_get(m, "severity")) && !load_severity(l, r, n)) ok = false;
    if ((n = sl_rule_yaml_get(m, "codes"))) {
        r->codes_node = n;
        if (!int_list(l, n, "codes", 0, 999, &r->info.codes, &r->info.ncodes)) ok = false;
    }
    if ((n = sl_rule_yaml_get(m, "suggest")) &&
        !int_list(l, n, "suggest", 100, 999, &r->info.suggest, &r->info.nsuggest))
        ok = false;
    if ((n = sl_rule_yaml_get(m, "references")) && !str_list(l, n, "references", &r->info.references, &r->info.nrefs))
        ok = false;
    if ((n = sl_rule_yaml_get(m, "tags")) && !str_list(l, n, "tags", &r->info.tags, &r->info.ntags)) ok = false;
    if ((n = sl_rule_yaml_get(m, "needs")) && !load_needs(l, r, n)) ok = false;
    if ((n = sl_rule_yaml_get(m, "when")) && !load_when(l, r, n)) ok = false;
    const ynode *ag = sl_rule_yaml_get(m, "aggregate"), *sq = sl_rule_yaml_get(m, "sequence");
    if (ag && sq) ERR(l, sq, "a rule has `aggregate` or `sequence`, not both"), ok = false;
    else if ((ag || sq) && !sl_rule_agg_load(l->rs, r, l->f, ag ? ag : sq, sq != NULL, l->d)) ok = false;
    l->rs->agg_scope = r->agg; /* the message may read the rule's variables */
    if ((n = sl_rule_yaml_get(m, "message")) && (!scalar(l, n, "message") || !load_template(l, r, n)))
        ok = false;
    l->rs->agg_scope = NULL;
    if (n && n->kind == Y_SCALAR) r->info.message = n->s;
    if ((n = sl_rule_yaml_get(m, "tests")) && !load_tests(l, r, n)) ok = false;
    return ok;
}

static void load_rule(ld *l, const ynode *m)
{
    rule r;
    bool ok = true;
    memset(&r, 0, sizeof r);
    if (m->kind != Y_MAP) {
        ERR(l, m, "a rule is a mapping (id, title, when, ...)");
        return;
    }
    r.f = l->f;
    r.info.file = l->f->name, r.info.line = m->line, r.info.enabled = true;
    r.info.severity = r.info.default_severity = SL_SEV_WARNING;
    if (sl_rule_check_keys(l->d, l->f, m, "rule", rule_keys)) ok = false;
    const ynode *id = sl_rule_yaml_get(m, "id");
    if (!id) ERR(l, m, "rule without an `id`"), ok = false;
    else if (!load_id(l, &r, id)) ok = false;
    if (!sl_rule_yaml_get(m, "when")) {
        ERR(l, id ? id : m, "rule '%s' has no `when` condition", r.info.id ? r.info.id : "?");
        ok = false;
    }
    if (!load_fields(l, &r, m)) ok = false;
    if (!ok) {
        /* Keep a rule whose `when` parsed, marked broken: sl_ruleset_finish still resolves
         * its names, so every error of the rule is reported at once, then drops it. */
        if (!r.when.root) return;
        r.broken = true;
        if (!r.info.id) r.info.id = "?";
    }
    if (!r.info.title) r.info.title = r.info.id;
    if (!r.info.message) {
        r.info.message = r.info.title;
        r.seg = sl_rule_alloc(&l->rs->arena, sizeof *r.seg);
        r.seg[0] = (tseg){r.info.title, (uint32_t)strlen(r.info.title), -1}, r.nseg = 1;
    }
    if (l->rs->nrules == l->rs->caprules) {
        l->rs->caprules = l->rs->caprules ? l->rs->caprules * 2 : 32;
        l->rs->rules = sl_xrealloc(l->rs->rules, l->rs->caprules * sizeof *l->rs->rules);
    }
    l->rs->rules[l->rs->nrules++] = r;
}

sl_status sl_rule_load_file(sl_ruleset *rs, srcfile *f, sl_diags *d)
{
    ld l = {rs, f, d};
    size_t before = d->errors;
    bool ok;
    const ynode *root = sl_rule_yaml_load(f, &rs->arena, d, &ok), *n;
    if (!ok) return SL_ERULE;
    if (!root) return SL_OK;
    if (sl_rule_foreign_root(d, f, root, "a rule file is a mapping with `lists`, `macros` and `rules`", top_keys))
        return SL_ERULE;
    sl_rule_check_keys(d, f, root, "rule file", top_keys);
    if ((n = sl_rule_yaml_get(root, "lists"))) load_lists(&l, n);
    if ((n = sl_rule_yaml_get(root, "macros"))) load_macros(&l, n);
    if ((n = sl_rule_yaml_get(root, "rules"))) {
        if (n->kind != Y_SEQ) ERR(&l, n, "`rules` must be a list of rules");
        for (size_t i = 0; n->kind == Y_SEQ && i < n->nkid; i++) load_rule(&l, n->kid[i]);
    }
    return d->errors > before ? SL_ERULE : SL_OK;
}
