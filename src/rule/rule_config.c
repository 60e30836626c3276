/* rule_config.c: project settings (.statuslint.yml): extra rule paths, disable, severity
 * overrides, suppressions ({rule, when, reason, expires}), log_format, fail_on and route
 * patterns (`routes:`, record/rec_route.h).
 * Loading checks the schema (unknown keys get a did-you-mean); applying resolves rule ids
 * against a finished ruleset and compiles suppression conditions into it. An expired
 * suppression warns and is not applied. Owns the settings text; never prints. */
#include "rule/rule_int.h"
#include "base/sl_file.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct cfgpriv {
    srcfile *f;
    sl_arena arena;
    const ynode *root;
    const ynode *log_format; /* where `log_format:` was written, for its errors */
} cfgpriv;

static const char *const cfg_keys[] = {"rules", "disable", "severity", "suppress", "log_format", "fail_on",
                                       "routes", "include", "exclude", NULL};
static const char *const supp_keys[] = {"rule", "when", "reason", "expires", NULL};

#define CERR(p, d, n, ...) sl_rule_diag_node((d), SL_DIAG_ERROR, (p)->f, (n), __VA_ARGS__)

#define MAX_SETTINGS_FILE (4u << 20)

/* "YYYY-MM-DD" -> the epoch second at which the day is over. */
static bool parse_expires(const char *s, int64_t *end)
{
    int64_t y, m, d;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return false;
    if (!sl_rule_parse_int(s, 4, &y) || !sl_rule_parse_int(s + 5, 2, &m) || !sl_rule_parse_int(s + 8, 2, &d))
        return false;
    if (m < 1 || m > 12 || d < 1 || d > 31) return false;
    *end = (sl_days_from_civil(y, (int)m, (int)d) + 1) * 86400;
    return true;
}

static int parse_level(const char *s, bool none_ok)
{
    if (strcmp(s, "error") == 0) return SL_SEV_ERROR;
    if (strcmp(s, "warning") == 0) return SL_SEV_WARNING;
    if (strcmp(s, "info") == 0) return SL_SEV_INFO;
    if (none_ok && strcmp(s, "none") == 0) return SL_SEV_NONE;
    return -1;
}

/* ================= load ================= */

/* A rule path stays inside cfg->rule_root, judged by its text (the loader checks again with
 * symbolic links followed). Absolute paths and `..` may only lead to places inside it. */
static bool path_confined(cfgpriv *p, const sl_config *cfg, const char *path, const ynode *it,
                          sl_diags *d)
{
    char *base = sl_path_real_dir(path);
    if (!base) {
        CERR(p, d, it, "cannot resolve the settings file's directory: %s", strerror(errno));
        return false;
    }
    size_t len = strlen(base) + it->n + 2;
    char *joined = sl_xmalloc(len);
    if (it->s[0] == '/') snprintf(joined, len, "%s", it->s);
    else snprintf(joined, len, "%s/%s", base, it->s);
    char *norm = sl_path_lexical(joined);
    bool in = sl_path_under(cfg->rule_root, norm);
    if (!in)
        CERR(p, d, it, "rule path '%s' leads outside %s: a settings file may only name rule files "
             "inside its own directory tree (name it with --rules, or allow a wider tree with "
             "--config-root DIR)", it->s, cfg->rule_root);
    free(norm);
    free(joined);
    free(base);
    return in;
}

static void load_paths(cfgpriv *p, sl_config *cfg, const char *path, const ynode *n, sl_diags *d)
{
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) : 0;
    size_t k = n->kind == Y_SEQ ? n->nkid : 1;
    if (n->kind == Y_MAP) {
        CERR(p, d, n, "`rules` is a list of rule files or directories");
        return;
    }
    cfg->rule_paths = sl_xcalloc(k + 1, sizeof *cfg->rule_paths);
    for (size_t i = 0; i < k; i++) {
        const ynode *it = n->kind == Y_SEQ ? n->kid[i] : n;
        if (it->kind != Y_SCALAR) {
            CERR(p, d, it, "a rule path must be a string");
            continue;
        }
        if (!path_confined(p, cfg, path, it, d)) continue;
        size_t len = dirlen + it->n + 2;
        char *full = sl_xmalloc(len);
        if (it->s[0] == '/' || !slash) snprintf(full, len, "%s", it->s);
        else snprintf(full, len, "%.*s/%s", (int)dirlen, path, it->s);
        cfg->rule_paths[cfg->nrule_paths++] = full;
    }
}

/* `include:` / `exclude:`: a glob or a list of globs for directory walks. */
static char **load_globs(cfgpriv *p, const char *key, const ynode *n, size_t *count, sl_diags *d)
{
    size_t k = n->kind == Y_SEQ ? n->nkid : 1;
    char **v = sl_xcalloc(k + 1, sizeof *v);
    *count = 0;
    if (n->kind == Y_MAP) {
        CERR(p, d, n, "`%s` is a list of globs such as 'access.log*'", key);
        return v;
    }
    for (size_t i = 0; i < k; i++) {
        const ynode *it = n->kind == Y_SEQ ? n->kid[i] : n;
        if (it->kind != Y_SCALAR || !it->n) CERR(p, d, it, "a glob must be a non-empty string");
        else v[(*count)++] = sl_xstrdup(it->s);
    }
    return v;
}

static void check_suppress(cfgpriv *p, const ynode *n, sl_diags *d)
{
    if (n->kind != Y_SEQ) {
        CERR(p, d, n, "`suppress` is a list of {rule, when, reason, expires}");
        return;
    }
    for (size_t i = 0; i < n->nkid; i++) {
        const ynode *e = n->kid[i], *v;
        int64_t t;
        if (e->kind != Y_MAP) {
            CERR(p, d, e, "a suppression is a mapping {rule, when, reason, expires}");
            continue;
        }
        sl_rule_check_keys(d, p->f, e, "suppression", supp_keys);
        if (!(v = sl_rule_yaml_get(e, "rule")) || v->kind != Y_SCALAR) CERR(p, d, v ? v : e, "a suppression needs a `rule` id");
        if (!(v = sl_rule_yaml_get(e, "reason")) || v->kind != Y_SCALAR || !v->n)
            CERR(p, d, v ? v : e, "a suppression needs a `reason`");
        if ((v = sl_rule_yaml_get(e, "when")) && v->kind != Y_SCALAR) CERR(p, d, v, "`when` must be a condition");
        if ((v = sl_rule_yaml_get(e, "expires")) && (v->kind != Y_SCALAR || !parse_expires(v->s, &t)))
            CERR(p, d, v, "`expires` must be a date YYYY-MM-DD");
    }
}

static void check_levels(cfgpriv *p, const ynode *n, sl_diags *d)
{
    if (n->kind != Y_MAP) {
        CERR(p, d, n, "`severity` maps rule ids to error, warning or info");
        return;
    }
    for (size_t i = 0; i + 1 < n->nkid; i += 2) {
        const ynode *v = n->kid[i + 1];
        if (v->kind != Y_SCALAR || parse_level(v->s, false) < 0)
            CERR(p, d, v, "severity must be error, warning or info");
    }
}

/* `routes:` is a list of patterns; each is checked here (file:line:col of the bad one) and
 * added to rs when r is not NULL. */
static void load_routes(const cfgpriv *p, const ynode *n, sl_routes *r, sl_diags *d)
{
    if (n->kind != Y_SEQ) {
        if (d) CERR(p, d, n, "`routes` is a list of route patterns such as /users/{id}/orders/{id} or /static/*");
        return;
    }
    sl_routes *check = r ? NULL : sl_routes_new();
    for (size_t i = 0; i < n->nkid; i++) {
        const ynode *it = n->kid[i];
        char err[160];
        if (it->kind != Y_SCALAR) {
            if (d) CERR(p, d, it, "a route pattern must be a string");
            continue;
        }
        if (!sl_routes_add(r ? r : check, it->s, it->n, err, sizeof err) && d)
            CERR(p, d, it, "bad route pattern '%s': %s", it->s, err);
    }
    sl_routes_free(check);
}

static void load_root(cfgpriv *p, sl_config *cfg, const char *path, sl_diags *d)
{
    const ynode *r = p->root, *n;
    sl_rule_check_keys(d, p->f, r, "settings", cfg_keys);
    if ((n = sl_rule_yaml_get(r, "rules"))) load_paths(p, cfg, path, n, d);
    if ((n = sl_rule_yaml_get(r, "log_format"))) {
        if (n->kind == Y_SCALAR) cfg->log_format = sl_xstrdup(n->s), p->log_format = n;
        else CERR(p, d, n, "`log_format` must be a string");
    }
    if ((n = sl_rule_yaml_get(r, "fail_on"))) {
        cfg->fail_on = n->kind == Y_SCALAR ? parse_level(n->s, true) : -1;
        if (cfg->fail_on < 0) CERR(p, d, n, "`fail_on` must be error, warning, info or none");
    }
    if ((n = sl_rule_yaml_get(r, "include")))
        cfg->include = load_globs(p, "include", n, &cfg->ninclude, d);
    if ((n = sl_rule_yaml_get(r, "exclude")))
        cfg->exclude = load_globs(p, "exclude", n, &cfg->nexclude, d);
    if ((n = sl_rule_yaml_get(r, "disable")) && n->kind == Y_MAP) CERR(p, d, n, "`disable` is a list of rule ids");
    if ((n = sl_rule_yaml_get(r, "severity"))) check_levels(p, n, d);
    if ((n = sl_rule_yaml_get(r, "suppress"))) check_suppress(p, n, d);
    if ((n = sl_rule_yaml_get(r, "routes"))) load_routes(p, n, NULL, d);
}

sl_status sl_config_load(const char *path, sl_config *cfg, sl_diags *d)
{
    return sl_config_load_within(path, NULL, cfg, d);
}

sl_status sl_config_load_within(const char *path, const char *root, sl_config *cfg, sl_diags *d)
{
    size_t len = 0, before = d->errors;
    char why[256];
    char *text = sl_file_read(path, MAX_SETTINGS_FILE, &len, NULL, why, sizeof why);
    bool ok;
    memset(cfg, 0, sizeof *cfg);
    cfg->fail_on = -1;
    if (!text) {
        sl_diags_add(d, SL_DIAG_ERROR, path, 0, 0, 0, NULL, 0, "cannot read settings file: %s",
                     why);
        return SL_EIO;
    }
    cfg->rule_root = root ? sl_path_real(root) : sl_path_real_dir(path);
    if (!cfg->rule_root) {
        sl_diags_add(d, SL_DIAG_ERROR, root ? root : path, 0, 0, 0, NULL, 0, "%s: %s",
                     root ? "cannot use as --config-root" : "cannot resolve the settings file's directory",
                     strerror(errno));
        free(text);
        return SL_EIO;
    }
    cfgpriv *p = sl_xcalloc(1, sizeof *p);
    p->f = sl_rule_srcfile(path, text, len);
    free(text);
    sl_arena_init(&p->arena, 0);
    cfg->priv = p;
    p->root = sl_rule_yaml_load(p->f, &p->arena, d, &ok);
    if (!ok) {
        sl_config_fini(cfg);
        return SL_ERULE;
    }
    if (p->root && sl_rule_foreign_root(d, p->f, p->root, "settings are a mapping (rules, disable, "
                                        "severity, suppress, log_format, fail_on, routes, "
                                        "include, exclude)", cfg_keys))
        p->root = NULL;
    if (p->root) load_root(p, cfg, path, d);
    if (d->errors == before) return SL_OK;
    sl_config_fini(cfg); /* callers need not clean up after a failed load */
    return SL_ERULE;
}

void sl_config_log_format_pos(const sl_config *cfg, size_t off, int *line, int *col)
{
    const cfgpriv *p = cfg->priv;
    *line = *col = 0;
    if (!p || !p->log_format) return;
    srcref ref = {p->f, p->log_format->line, p->log_format->col, p->log_format->style};
    sl_rule_srcpos(&ref, off, line, col);
}

bool sl_config_source_line(const sl_config *cfg, int line, const char **src, size_t *srclen)
{
    const cfgpriv *p = cfg ? cfg->priv : NULL;
    return p && p->f && sl_text_line(p->f->text, p->f->len, line, src, srclen);
}

void sl_config_fini(sl_config *cfg)
{
    cfgpriv *p = cfg ? cfg->priv : NULL;
    if (!cfg) return;
    for (size_t i = 0; i < cfg->nrule_paths; i++) free(cfg->rule_paths[i]);
    free(cfg->rule_paths);
    free(cfg->log_format);
    free(cfg->rule_root);
    for (size_t i = 0; i < cfg->ninclude; i++) free(cfg->include[i]);
    for (size_t i = 0; i < cfg->nexclude; i++) free(cfg->exclude[i]);
    free(cfg->include);
    free(cfg->exclude);
    if (p) {
        sl_arena_fini(&p->arena);
        sl_rule_srcfile_free(p->f);
        free(p);
    }
    memset(cfg, 0, sizeof *cfg);
    cfg->fail_on = -1;
}

/* ================= apply ================= */

static long find_rule(const cfgpriv *p, const sl_ruleset *rs, const ynode *id, sl_diags *d)
{
    if (id->kind != Y_SCALAR) return -1;
    long i = sl_ruleset_find(rs, id->s);
    if (i >= 0) return i;
    const char **ids = sl_xcalloc(rs->nrules + 1, sizeof *ids);
    for (size_t k = 0; k < rs->nrules; k++) ids[k] = rs->rules[k].info.id;
    const char *dym = sl_rule_didyoumean(id->s, id->n, ids, rs->nrules);
    if (dym) CERR(p, d, id, "unknown rule id '%s'; did you mean '%s'?", id->s, dym);
    else CERR(p, d, id, "unknown rule id '%s'", id->s);
    free(ids);
    return -1;
}

static void apply_disable(const cfgpriv *p, sl_ruleset *rs, const ynode *n, sl_diags *d)
{
    size_t k = n->kind == Y_SEQ ? n->nkid : n->kind == Y_SCALAR ? 1 : 0;
    for (size_t i = 0; i < k; i++) {
        long r = find_rule(p, rs, n->kind == Y_SEQ ? n->kid[i] : n, d);
        if (r >= 0) sl_ruleset_set_enabled(rs, (size_t)r, false);
    }
}

static void apply_levels(const cfgpriv *p, sl_ruleset *rs, const ynode *n, sl_diags *d)
{
    for (size_t i = 0; n->kind == Y_MAP && i + 1 < n->nkid; i += 2) {
        long r = find_rule(p, rs, n->kid[i], d);
        int lv = n->kid[i + 1]->kind == Y_SCALAR ? parse_level(n->kid[i + 1]->s, false) : -1;
        if (r >= 0 && lv > 0) sl_ruleset_set_severity(rs, (size_t)r, (sl_severity)lv);
    }
}

static void apply_one(const cfgpriv *p, sl_ruleset *rs, const ynode *e, int64_t now, sl_diags *d)
{
    const ynode *id = sl_rule_yaml_get(e, "rule"), *w = sl_rule_yaml_get(e, "when");
    const ynode *ex = sl_rule_yaml_get(e, "expires");
    int64_t end;
    long ri = id ? find_rule(p, rs, id, d) : -1;
    if (ri < 0) return;
    if (ex && ex->kind == Y_SCALAR && parse_expires(ex->s, &end) && now >= end) {
        sl_rule_diag_node(d, SL_DIAG_WARNING, p->f, ex,
                          "suppression of '%s' expired on %s; it no longer applies", id->s, ex->s);
        return;
    }
    rule *r = &rs->rules[ri];
    supp *s = sl_rule_alloc(&rs->arena, sizeof *s);
    if (w && w->kind == Y_SCALAR) {
        pexpr pe = {sl_rule_strdup(&rs->arena, w->s, w->n), w->n, sl_rule_ref(p->f, w), NULL};
        if (!sl_rule_parse(&pe, &rs->arena, d) || !sl_rule_compile(rs, r, &pe, d, &s->root)) return;
        s->has_when = true;
    } else if (w) {
        return;
    }
    s->next = r->supp;
    r->supp = s;
}

sl_status sl_config_apply(const sl_config *cfg, sl_ruleset *rs, int64_t now, sl_diags *d)
{
    const cfgpriv *p = cfg ? cfg->priv : NULL;
    const ynode *n;
    size_t before = d->errors;
    if (!p || !p->root) return SL_OK;
    if ((n = sl_rule_yaml_get(p->root, "disable"))) apply_disable(p, rs, n, d);
    if ((n = sl_rule_yaml_get(p->root, "severity"))) apply_levels(p, rs, n, d);
    if ((n = sl_rule_yaml_get(p->root, "suppress")) && n->kind == Y_SEQ)
        for (size_t i = 0; i < n->nkid; i++)
            if (n->kid[i]->kind == Y_MAP) apply_one(p, rs, n->kid[i], now, d);
    if ((n = sl_rule_yaml_get(p->root, "routes")) && n->kind == Y_SEQ) {
        sl_routes *routes = sl_routes_new();
        load_routes(p, n, routes, NULL);
        sl_ruleset_set_routes(rs, routes);
    }
    return d->errors > before ? SL_ERULE : SL_OK;
}
