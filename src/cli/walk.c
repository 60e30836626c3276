/* walk.c: the list of input files. Directories are walked recursively; every (device,
 * inode) is visited once, so symlink loops and self-links cost nothing; a symlink to a
 * directory on another file system is not followed (that is how /proc/self/root and
 * friends lead everywhere). Names sort so time runs forward: within a group of rotated
 * siblings the oldest comes first (access.log.10.gz ... access.log.1, access.log), and
 * otherwise in byte order, so output never depends on the file system. --include and
 * --exclude globs select what a walk reads; files named on the command line are always
 * read. */
#include "base/sl_alloc.h"
#include "base/sl_walk.h"
#include "cli/msg.h"
#include "cli/run.h"
#include <fnmatch.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/stat.h>

#define WALK_MAX_DEPTH 64

typedef struct pathvec {
    char **v;
    size_t n, cap;
} pathvec;

typedef struct walker {
    const sl_walk_opts *wo;
    pathvec out;
    sl_seen seen;
    size_t *errors;
    size_t skipped; /* entries passed over: hidden, README, excluded, not included */
} walker;

static void push(pathvec *pv, char *s)
{
    if (pv->n + 1 >= pv->cap) {
        pv->cap = pv->cap ? pv->cap * 2 : 16;
        pv->v = sl_xrealloc(pv->v, pv->cap * sizeof *pv->v);
    }
    pv->v[pv->n++] = s;
    pv->v[pv->n] = NULL;
}

/* ---- rotation order ---- */

typedef struct rotkey {
    size_t baselen; /* the name without its rotation suffix and compression extension */
    int group;      /* 0 numbered (.N), 1 dated (-YYYYMMDD), 2 the live file or no rotation */
    unsigned long long num;
} rotkey;

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return n > 0;
}

static rotkey rot_key(const char *name)
{
    static const char *const comp[] = {".gz", ".zst", ".bz2", ".xz", ".Z", NULL};
    size_t n = strlen(name), end = n;
    for (size_t i = 0; comp[i]; i++) {
        size_t k = strlen(comp[i]);
        if (n > k && !strcmp(name + n - k, comp[i])) {
            end = n - k;
            break;
        }
    }
    size_t d = end;
    while (d > 0 && name[d - 1] >= '0' && name[d - 1] <= '9') d--;
    size_t nd = end - d;
    if (d > 1 && nd >= 1 && nd <= 4 && name[d - 1] == '.' && all_digits(name + d, nd))
        return (rotkey){d - 1, 0, strtoull(name + d, NULL, 10)};
    if (d > 1 && nd == 8 && (name[d - 1] == '-' || name[d - 1] == '.' || name[d - 1] == '_'))
        return (rotkey){d - 1, 1, strtoull(name + d, NULL, 10)};
    return (rotkey){n, 2, 0};
}

static int cmp_names(const void *pa, const void *pb)
{
    const char *a = *(char *const *)pa, *b = *(char *const *)pb;
    rotkey ka = rot_key(a), kb = rot_key(b);
    size_t m = ka.baselen < kb.baselen ? ka.baselen : kb.baselen;
    int c = memcmp(a, b, m);
    if (c) return c;
    if (ka.baselen != kb.baselen) return ka.baselen < kb.baselen ? -1 : 1;
    if (ka.group != kb.group) return ka.group < kb.group ? -1 : 1;
    if (ka.num != kb.num) /* numbered: higher is older; dated: earlier is older */
        return (ka.group == 0) == (ka.num > kb.num) ? -1 : 1;
    return strcmp(a, b);
}

/* ---- the walk ---- */

/* A glob with a '/' inside matches the path below the walked directory, any other the name;
 * a trailing '/' ("old/") matches directories only. */
static bool glob_hit(const char *const *g, size_t n, const char *name, const char *rel, bool isdir)
{
    char pat[4096];
    for (size_t i = 0; i < n; i++) {
        size_t k = strlen(g[i]);
        bool dir_only = k > 1 && g[i][k - 1] == '/';
        if (dir_only && !isdir) continue;
        if (k - dir_only >= sizeof pat) continue;
        memcpy(pat, g[i], k - dir_only);
        pat[k - dir_only] = '\0';
        if (fnmatch(pat, strchr(pat, '/') ? rel : name, 0) == 0) return true;
    }
    return false;
}

/* Hidden files and a folder's README are not logs; named explicitly, they are read. */
static bool keep_name(void *ctx, const char *name)
{
    walker *w = ctx;
    bool keep = name[0] != '.' && strncasecmp(name, "README", 6) != 0;
    w->skipped += !keep;
    return keep;
}

static bool visit(void *ctx, const sl_walk_entry *e)
{
    walker *w = ctx;
    const sl_walk_opts *wo = w->wo;
    bool excluded = glob_hit(wo->exclude, wo->nexclude, e->name, e->rel, e->isdir);
    if (e->isdir) {
        if (excluded || e->foreign) {
            w->skipped++; /* or /proc/self/cwd, /proc/self/root, a mount elsewhere */
            return false;
        }
        return true;
    }
    if (e->st && !S_ISREG(e->st->st_mode)) return false; /* sockets, FIFOs, devices are not logs */
    if (excluded || (wo->ninclude && !glob_hit(wo->include, wo->ninclude, e->name, e->rel, false)))
        w->skipped++;
    else if (!e->st || sl_seen_add(&w->seen, e->st)) /* only files that pass the globs */
        push(&w->out, sl_xstrdup(e->path));           /* a dangling link too: reading it says why */
    return false;                                     /* (else the same file again, via a link) */
}

static void walk_error(void *ctx, const char *path, int err)
{
    walker *w = ctx;
    if (err) sl_msg("cannot read directory %s: %s", path, strerror(err));
    else sl_msg("%s: directories nested more than %d deep are not read", path, WALK_MAX_DEPTH);
    (*w->errors)++;
}

static void walk(walker *w, const char *dir)
{
    sl_walk_ops ops = {.max_depth = WALK_MAX_DEPTH - 1, .seen = &w->seen, .cmp = cmp_names,
                       .keep_name = keep_name, .visit = visit, .error = walk_error, .ctx = w};
    sl_walk(dir, &ops);
}

char **sl_expand_paths(const char *const *args, size_t n, const sl_walk_opts *wo, size_t *count,
                       size_t *errors, size_t *skipped)
{
    static const sl_walk_opts none = {0};
    walker w = {.wo = wo ? wo : &none, .errors = errors};
    push(&w.out, NULL);
    w.out.n = 0;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (strcmp(args[i], "-") != 0 && stat(args[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            if (sl_seen_add(&w.seen, &st)) walk(&w, args[i]);
        } else if (strcmp(args[i], "-") != 0 && stat(args[i], &st) == 0 && S_ISREG(st.st_mode)) {
            if (sl_seen_add(&w.seen, &st)) push(&w.out, sl_xstrdup(args[i]));
        } else {
            push(&w.out, sl_xstrdup(args[i]));
        }
    }
    sl_seen_fini(&w.seen);
    *count = w.out.n;
    if (skipped) *skipped = w.skipped;
    return w.out.v;
}

/* --include / --exclude and the settings' include: / exclude: all apply. */
static void merge(const char *const *a, size_t na, char *const *b, size_t nb,
                  const char *const **out, size_t *n)
{
    const char **v = sl_xcalloc(na + nb + 1, sizeof *v);
    for (size_t i = 0; i < na; i++) v[i] = a[i];
    for (size_t i = 0; i < nb; i++) v[na + i] = b[i];
    *out = v;
    *n = na + nb;
}

void sl_walk_opts_init(sl_walk_opts *wo, const sl_opts *o, const sl_config *cfg)
{
    merge(o->include, o->ninclude, cfg ? cfg->include : NULL, cfg ? cfg->ninclude : 0,
          &wo->include, &wo->ninclude);
    merge(o->exclude, o->nexclude, cfg ? cfg->exclude : NULL, cfg ? cfg->nexclude : 0,
          &wo->exclude, &wo->nexclude);
}

void sl_walk_opts_fini(sl_walk_opts *wo)
{
    free((void *)wo->include);
    free((void *)wo->exclude);
}

void sl_free_paths(char **v)
{
    if (!v) return;
    for (char **p = v; *p; p++) free(*p);
    free(v);
}
