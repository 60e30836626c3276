/* rule_set.c: the ruleset's life cycle. Owns the source texts, the arena (rules, ASTs,
 * constants), the compiled nodes and the pcre2 codes. Reads rule files and directories,
 * loads the built-in pack, and finishes: resolves macros and lists across files, compiles
 * every rule, derives dispatch codes, and drops rules with errors. Never prints. */
#include "rule/pack.h"
#include "rule/rule_int.h"
#include "base/sl_seen.h"
#include <dirent.h>
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
    free(rs->re);
    free(rs->files);
    free(rs->rules);
    free(rs->seen);
    free(rs->lists);
    free(rs->macros);
    free(rs->nodes);
    free(rs->ndepth);
    free(rs->ncost);
    free(rs->kids);
    free(rs->sets);
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
    FILE *fp = fopen(path, "rb");
    sl_buf b;
    char chunk[65536];
    size_t n;
    if (!fp) {
        sl_diags_add(d, SL_DIAG_ERROR, path, 0, 0, 0, NULL, 0, "cannot open rule file: %s", strerror(errno));
        return SL_EIO;
    }
    sl_buf_init(&b, MAX_RULE_FILE);
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
        if (sl_buf_put(&b, chunk, n) != SL_OK) break;
    bool bad = ferror(fp) || !feof(fp);
    fclose(fp);
    if (bad) {
        sl_diags_add(d, SL_DIAG_ERROR, path, 0, 0, 0, NULL, 0, "cannot read rule file (too large or unreadable)");
        sl_buf_fini(&b);
        return SL_EIO;
    }
    sl_status st = sl_ruleset_add_buffer(rs, path, b.p ? b.p : "", b.n, d);
    sl_buf_fini(&b);
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

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static bool rule_ext(const char *n)
{
    size_t k = strlen(n);
    return (k > 4 && strcmp(n + k - 4, ".yml") == 0) || (k > 5 && strcmp(n + k - 5, ".yaml") == 0);
}

/* Each (device, inode) is entered once and a symlink to another file system is not
 * followed, so self-links and /proc/self/ end the walk instead of multiplying it. */
static sl_status add_dir(sl_ruleset *rs, const char *path, sl_diags *d, int depth, sl_seen *seen,
                         dev_t rootdev)
{
    DIR *dir = opendir(path);
    struct dirent *e;
    char **names = NULL;
    size_t n = 0;
    sl_status st = SL_OK;
    if (!dir || depth > 32) {
        sl_diags_add(d, SL_DIAG_ERROR, path, 0, 0, 0, NULL, 0, "cannot read rule directory: %s",
                     dir ? "nested too deeply" : strerror(errno));
        if (dir) closedir(dir);
        return SL_EIO;
    }
    while ((e = readdir(dir))) {
        if (e->d_name[0] == '.') continue;
        names = sl_xrealloc(names, (n + 1) * sizeof *names);
        names[n++] = sl_xstrdup(e->d_name);
    }
    closedir(dir);
    if (n) qsort(names, n, sizeof *names, cmp_str); /* an empty directory: names is NULL */
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(path) + strlen(names[i]) + 2;
        char *full = sl_xmalloc(len);
        struct stat sb, lsb;
        size_t pl = strlen(path);
        snprintf(full, len, "%.*s/%s", (int)(pl > 1 && path[pl - 1] == '/' ? pl - 1 : pl), path, names[i]);
        sl_status s = SL_OK;
        if (stat(full, &sb) == 0 && S_ISDIR(sb.st_mode)) {
            bool link = lstat(full, &lsb) == 0 && S_ISLNK(lsb.st_mode);
            if (!(link && sb.st_dev != rootdev) && sl_seen_add(seen, &sb))
                s = add_dir(rs, full, d, depth + 1, seen, rootdev);
        } else if (rule_ext(names[i]) && (stat(full, &sb) != 0 || sl_seen_add(seen, &sb))) {
            s = add_file(rs, full, d);
        }
        if (s != SL_OK && st == SL_OK) st = s;
        free(full);
        free(names[i]);
    }
    free(names);
    return st;
}

sl_status sl_ruleset_add_path(sl_ruleset *rs, const char *path, sl_diags *d)
{
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        sl_seen seen = {0};
        sl_seen_add(&seen, &sb);
        sl_status st = add_dir(rs, path, d, 0, &seen, sb.st_dev);
        sl_seen_fini(&seen);
        return st;
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

void sl_ruleset_set_routes(sl_ruleset *rs, sl_routes *routes)
{
    if (rs->routes != routes) sl_routes_free(rs->routes);
    rs->routes = routes;
}

const sl_routes *sl_ruleset_routes(const sl_ruleset *rs) { return rs->routes; }
