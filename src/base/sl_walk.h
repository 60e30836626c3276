/* sl_walk.h: a recursive directory walk, shared by the input list (cli/walk.c) and rule
 * directories (rule/rule_set.c). The walker reads each directory's names, drops "." and
 * "..", sorts the rest, and hands every entry, stat'ed, to the caller, who decides what is
 * taken and which directories are entered. It enters a directory only once per (device,
 * inode), through the caller's sl_seen (symlink loops, self-links), and never deeper than
 * the caller's limit; everything else (hidden names, globs, extensions, links to other file
 * systems) is the caller's policy. Never prints. */
#ifndef SL_WALK_H
#define SL_WALK_H
#include "base/sl_seen.h"

typedef struct sl_walk_entry {
    const char *path;      /* directory/name, as it can be opened */
    const char *rel;       /* the path below the walked root ("a/b.log") */
    const char *name;      /* the last component */
    const struct stat *st; /* the entry, links followed; NULL if stat failed (dangling link) */
    bool isdir;            /* st is a directory */
    bool foreign;          /* a symbolic link to a directory on another file system than the
                            * root's (/proc/self/root and friends lead everywhere) */
    int depth;             /* of the directory holding it: 0 for the root's own entries */
} sl_walk_entry;

typedef struct sl_walk_ops {
    int max_depth;  /* directories deeper than this (the root is 0) are not read */
    sl_seen *seen;  /* directories already entered; the caller adds the root */
    /* Order of names within a directory (qsort over char *); NULL: byte order. */
    int (*cmp)(const void *a, const void *b);
    /* Whether a name is considered at all (NULL: every name). */
    bool (*keep_name)(void *ctx, const char *name);
    /* One entry, in order. For a directory, true enters it. */
    bool (*visit)(void *ctx, const sl_walk_entry *e);
    /* A directory that cannot be read (err: its errno), or that is too deep (err 0). */
    void (*error)(void *ctx, const char *path, int err);
    void *ctx;
} sl_walk_ops;

/* Walks the directory root (a directory the caller has stat'ed and added to seen). */
void sl_walk(const char *root, const sl_walk_ops *ops);
/* dir/name with one '/' between them; the caller frees it. */
char *sl_path_join(const char *dir, const char *name);

#endif
