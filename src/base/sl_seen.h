/* sl_seen.h: the set of (device, inode) pairs a directory walk has visited, so every file
 * and directory is entered once, whatever symlinks (loops, self-links, /proc/self) lead
 * back to it. */
#ifndef SL_SEEN_H
#define SL_SEEN_H
#include <stdbool.h>
#include <stddef.h>
#include "base/sl_u64map.h"
#include <sys/stat.h>

typedef struct sl_seen {
    struct sl_seen_key { dev_t dev; ino_t ino; } *v;
    size_t n, cap;   /* pairs added, and room for them ({0} is an empty set) */
    sl_u64map index; /* hash of the pair -> its place in v */
} sl_seen;

/* Adds st's (device, inode); false when it was already there. */
bool sl_seen_add(sl_seen *s, const struct stat *st);
void sl_seen_fini(sl_seen *s);

#endif
