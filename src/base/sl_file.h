/* sl_file.h: reading a small file (a rule file, a settings file) whole. Every caller names
 * its own limit: a file larger than that is refused, not cut, and so is one that cannot be
 * read to its end. */
#ifndef SL_FILE_H
#define SL_FILE_H
#include <stdbool.h>
#include <stddef.h>

/* The contents of path, NUL-terminated (*len excludes the NUL; a file may hold NULs), at
 * most max bytes. NULL on failure, with the reason ("No such file or directory", "larger
 * than 4 MiB") in why and, when opened is not NULL, whether the file could be opened at
 * all. The caller frees the result. */
char *sl_file_read(const char *path, size_t max, size_t *len, bool *opened, char *why,
                   size_t whylen);

#endif
