/* pack.h: the built-in rule pack, embedded from the rules/ YAML files at build time
 * (cmake/embed_pack.cmake). The table ends with a {NULL, NULL, 0} entry. */
#ifndef SL_PACK_H
#define SL_PACK_H
#include <stddef.h>

typedef struct sl_pack_file {
    const char *name; /* "rules/webdav.yml" */
    const char *text; /* NUL-terminated */
    size_t len;
} sl_pack_file;

extern const sl_pack_file sl_builtin_pack[];

#endif
