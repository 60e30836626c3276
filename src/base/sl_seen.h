/* sl_seen.h: the set of (device, inode) pairs a directory walk has visited, so every file
 * and directory is entered once, whatever symlinks (loops, self-links, /proc/self) lead
 * back to it. */
#ifndef SL_SEEN_H
#define SL_SEEN_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

typedef struct sl_seen {
    struct sl_seen_key { dev_t dev; ino_t ino; } *v;
    size_t n, cap; /* open addressing; cap is a power of two (0 = empty) */
} sl_seen;

/* Adds st's (device, inode); false when it was already there. */
bool sl_seen_add(sl_seen *s, const struct stat *st);
void sl_seen_fini(sl_seen *s);

#endif
