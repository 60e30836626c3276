/* sl_walk.c: the directory walk of sl_walk.h. Names are read whole before any is visited,
 * so a directory is open only while it is listed (a deep tree holds no descriptors). */
#include "base/sl_walk.h"
#include "base/sl_alloc.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_bytes(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

char *sl_path_join(const char *dir, const char *name)
{
    size_t dl = strlen(dir), len = dl + strlen(name) + 2;
    char *p = sl_xmalloc(len);
    snprintf(p, len, "%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", name);
    return p;
}

static void walk(const char *dir, const char *rel, dev_t rootdev, int depth, const sl_walk_ops *o)
{
    DIR *d = opendir(dir);
    if (!d) {
        if (o->error) o->error(o->ctx, dir, errno ? errno : EIO);
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        if (o->keep_name && !o->keep_name(o->ctx, e->d_name)) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            names = sl_xrealloc(names, cap * sizeof *names);
        }
        names[n++] = sl_xstrdup(e->d_name);
    }
    closedir(d);
    if (n) qsort(names, n, sizeof *names, o->cmp ? o->cmp : cmp_bytes);
    for (size_t i = 0; i < n; i++) {
        char *path = sl_path_join(dir, names[i]);
        char *r = *rel ? sl_path_join(rel, names[i]) : sl_xstrdup(names[i]);
        struct stat lst, st;
        bool ok = stat(path, &st) == 0;
        bool link = lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode);
        sl_walk_entry en = {path, r, names[i], ok ? &st : NULL, ok && S_ISDIR(st.st_mode), false,
                            depth};
        en.foreign = en.isdir && link && st.st_dev != rootdev;
        if (o->visit(o->ctx, &en) && en.isdir) {
            if (depth + 1 > o->max_depth) {
                if (o->error) o->error(o->ctx, path, 0);
            } else if (sl_seen_add(o->seen, &st)) {
                walk(path, r, rootdev, depth + 1, o);
            }
        }
        free(r);
        free(path);
        free(names[i]);
    }
    free(names);
}

void sl_walk(const char *root, const sl_walk_ops *ops)
{
    struct stat st;
    if (stat(root, &st) != 0) {
        if (ops->error) ops->error(ops->ctx, root, errno);
        return;
    }
    walk(root, "", st.st_dev, 0, ops);
}
