/* rule_set.c: the ruleset's life cycle. Owns the source texts, the arena (rules, ASTs,
 * constants), the compiled nodes and the pcre2 codes. Reads rule files and directories,
 * loads the built-in pack, and finishes: resolves macros and lists across files, compiles
 * every rule, derives dispatch codes, and drops rules with errors. Never prints. */
#include "rule/pack.h"
#include "rule/rule_int.h"
#include "base/sl_file.h"
#include "base/sl_walk.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#define MAX_RULE_FILE (16u << 20)

sl_ruleset *sl_ruleset_new(sl_fields *ft)
{
    sl_ruleset *rs = sl_xcalloc(1, sizeof *rs);
    rs->ft = ft;
    sl_arena_init(&rs->arena, 0);
    return rs;
}

void sl_ruleset_free(sl_ruleset *rs)
{
    if (!rs) return;
    for (size_t i = 0; i < rs->nre; i++) pcre2_code_free(rs->re[i]);
    for (size_t i = 0; i < rs->nfiles; i++) sl_rule_srcfile_free(rs->files[i]);
    void *arrays[] = {rs->re,    rs->re_jit, rs->re_pf, rs->files,  rs->rules, rs->seen, rs->lists, rs->macros,
                      rs->nodes, rs->ndepth, rs->ncost, rs->kids, rs->sets};
    for (size_t i = 0; i < SL_ARRAY_LEN(arrays); i++) free(arrays[i]);
    sl_routes_free(rs->routes);
    sl_arena_fini(&rs->arena);
    free(rs);
}

sl_status sl_ruleset_add_buffer(sl_ruleset *rs, const char *name, const char *text, size_t len,
                                sl_diags *d)
{
    srcfile *f = sl_rule_srcfile(name, text, len);
    rs->files = sl_xrealloc(rs->files, (rs->nfiles + 1) * sizeof(srcfile *));
    rs->files[rs->nfiles++] = f;
    if (rs->finished) {
        sl_rule_diag_at(d, SL_DIAG_ERROR, f, 0, 0, 0, "rules added after the ruleset was finished");
        return SL_ERULE;
    }
    return sl_rule_load_file(rs, f, d);
}

static sl_status read_rule_file(sl_ruleset *rs, const char *path, sl_diags *d)
{
    char why[256];
    size_t len = 0;
    bool opened;
    char *text = sl_file_read(path, MAX_RULE_FILE, &len, &opened, why, sizeof why);
    if (!text) {
        sl_diags_add(d, SL_DIAG_ERROR, path, 0, 0, 0, NULL, 0, "cannot %s rule file: %s",
                     opened ? "read" : "open", why);
        return SL_EIO;
    }
    sl_status st = sl_ruleset_add_buffer(rs, path, text, len, d);
    free(text);
    return st;
}

/* Checked before the file is opened: a FIFO or device outside the tree is not even opened. */
static sl_status add_file(sl_ruleset *rs, const char *path, sl_diags *d)
{
    if (rs->confine && !sl_path_resolves_under(rs->confine, path)) {
        sl_diags_add(d, SL_DIAG_ERROR, path, 0, 0, 0, NULL, 0,
                     "rule file resolves to a place outside %s (a symbolic link?): a settings file "
                     "may only name rule files inside its own directory tree; it was not read",
                     rs->confine);
        return SL_ERULE;
    }
    return read_rule_file(rs, path, d);
}

static bool rule_ext(const char *n)
{
    size_t k = strlen(n);
    return (k > 4 && strcmp(n + k - 4, ".yml") == 0) || (k > 5 && strcmp(n + k - 5, ".yaml") == 0);
}

typedef struct dirwalk {
    sl_ruleset *rs;
    sl_diags *d;
    sl_seen seen;
    sl_status st; /* the first failure */
} dirwalk;

static bool not_hidden(void *ctx, const char *name) { return name[0] != '.'; }

/* A symlink to another file system is not followed, so self-links and /proc/self/ end the
 * walk instead of multiplying it. */
static bool visit(void *ctx, const sl_walk_entry *e)
{
    dirwalk *w = ctx;
    if (e->isdir) return !e->foreign;
    if (rule_ext(e->name) && (!e->st || sl_seen_add(&w->seen, e->st))) {
        sl_status s = add_file(w->rs, e->path, w->d);
        if (s != SL_OK && w->st == SL_OK) w->st = s;
    }
    return false;
}

static void dir_error(void *ctx, const char *path, int err)
{
    dirwalk *w = ctx;
    sl_diags_add(w->d, SL_DIAG_ERROR, path, 0, 0, 0, NULL, 0, "cannot read rule directory: %s",
                 err ? strerror(err) : "nested too deeply");
    if (w->st == SL_OK) w->st = SL_EIO;
}

sl_status sl_ruleset_add_path(sl_ruleset *rs, const char *path, sl_diags *d)
{
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        dirwalk w = {rs, d, {0}, SL_OK};
        sl_seen_add(&w.seen, &sb);
        sl_walk_ops ops = {.max_depth = 32, .seen = &w.seen, .keep_name = not_hidden,
                           .visit = visit, .error = dir_error, .ctx = &w};
        sl_walk(path, &ops);
        sl_seen_fini(&w.seen);
        return w.st;
    }
    return add_file(rs, path, d);
}

sl_status sl_ruleset_add_path_within(sl_ruleset *rs, const char *path, const char *root,
                                     sl_diags *d)
{
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode) && !sl_path_resolves_under(root, path)) {
        sl_diags_add(d, SL_DIAG_ERROR, path, 0, 0, 0, NULL, 0,
                     "rule directory resolves to a place outside %s (a symbolic link?): a settings "
                     "file may only name rule files inside its own directory tree; it was not read",
                     root);
        return SL_ERULE;
    }
    rs->confine = root; /* every file found below is checked again (links inside the tree) */
    sl_status st = sl_ruleset_add_path(rs, path, d);
    rs->confine = NULL;
    return st;
}

sl_status sl_ruleset_add_builtin(sl_ruleset *rs, sl_diags *d)
{
    sl_status st = SL_OK;
    for (const sl_pack_file *p = sl_builtin_pack; p->name; p++) {
        sl_status s = sl_ruleset_add_buffer(rs, p->name, p->text, p->len, d);
        if (s != SL_OK && st == SL_OK) st = s;
    }
    return st;
}

/* ================= finish ================= */

static void compile_macros(sl_ruleset *rs, sl_diags *d)
{
    for (size_t i = 0; i < rs->nmacros; i++) {
        macro *m = &rs->macros[i];
        if (m->state != 0) continue;
        expr ref;
        memset(&ref, 0, sizeof ref);
        ref.kind = E_IDENT, ref.s = m->name, ref.n = strlen(m->name);
        pexpr pe = m->body;
        pe.root = &ref;
        uint32_t root;
        sl_rule_compile(rs, NULL, &pe, d, &root);
    }
}

sl_status sl_ruleset_finish(sl_ruleset *rs, sl_diags *d)
{
    size_t before = d->errors, k = 0;
    if (rs->finished) return SL_OK;
    compile_macros(rs, d);
    for (size_t i = 0; i < rs->nrules; i++) {
        rule *r = &rs->rules[i];
        if (r->broken) { /* failed to load: compiled only for its diagnostics */
            sl_rule_compile(rs, r, &r->when, d, &r->root);
            if (r->agg) sl_rule_agg_compile(rs, r, d);
            continue;
        }
        if (!sl_rule_compile(rs, r, &r->when, d, &r->root) || !sl_rule_dispatch(rs, r, d))
            r->broken = true;
        if (r->agg && !sl_rule_agg_compile(rs, r, d)) r->broken = true;
    }
    for (size_t i = 0; i < rs->nrules; i++)
        if (!rs->rules[i].broken) rs->rules[k++] = rs->rules[i];
    rs->nrules = k;
    for (size_t i = 0; i < rs->nrules; i++) {
        rule *r = &rs->rules[i];
        r->sfold = sl_rule_fold_status(rs, r->root);
        r->sroot = sl_rule_status_roots(rs, r->root, r->sfold);
    }
    sl_rule_agg_prepare(rs);
    rs->finished = true;
    return d->errors > before ? SL_ERULE : SL_OK;
}

/* ================= accessors ================= */

size_t sl_ruleset_count(const sl_ruleset *rs) { return rs->nrules; }

const sl_rule_info *sl_ruleset_info(const sl_ruleset *rs, size_t i)
{
    return i < rs->nrules ? &rs->rules[i].info : NULL;
}

long sl_ruleset_find(const sl_ruleset *rs, const char *id)
{
    for (size_t i = 0; i < rs->nrules; i++)
        if (strcmp(rs->rules[i].info.id, id) == 0) return (long)i;
    return -1;
}

const char *sl_ruleset_nearest(const sl_ruleset *rs, const char *id)
{
    const char **ids = sl_xcalloc(rs->nrules + 1, sizeof *ids);
    for (size_t k = 0; k < rs->nrules; k++) ids[k] = rs->rules[k].info.id;
    const char *best = sl_rule_didyoumean(id, strlen(id), ids, rs->nrules);
    free(ids);
    if (best) return best;
    /* a part of an id ("208-top-level", "dav.208"): the first id holding it */
    for (size_t k = 0; *id && k < rs->nrules; k++)
        if (strstr(rs->rules[k].info.id, id)) return rs->rules[k].info.id;
    return NULL;
}

void sl_ruleset_set_severity(sl_ruleset *rs, size_t i, sl_severity sev)
{
    if (i < rs->nrules) rs->rules[i].info.severity = sev;
}

void sl_ruleset_set_enabled(sl_ruleset *rs, size_t i, bool on)
{
    if (i < rs->nrules) rs->rules[i].info.enabled = on;
}

void sl_ruleset_set_opt_in(sl_ruleset *rs, size_t i)
{
    if (i < rs->nrules) rs->rules[i].info.enabled = false, rs->rules[i].info.opt_in = true;
}

void sl_ruleset_set_routes(sl_ruleset *rs, sl_routes *routes)
{
    if (rs->routes != routes) sl_routes_free(rs->routes);
    rs->routes = routes;
}

const sl_routes *sl_ruleset_routes(const sl_ruleset *rs) { return rs->routes; }
