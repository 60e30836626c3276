/* registry.h: the IANA HTTP Status Code Registry as data (generated from
 * rules/iana-status-codes.tsv at build time is not required: the table lives in
 * record/registry.c, with the registry's date). Used by the `registered()` function of the
 * rule language and by the text summary's code names. */
#ifndef SL_REGISTRY_H
#define SL_REGISTRY_H
#include <stdbool.h>

typedef struct sl_status_entry {
    int code;
    const char *name;       /* "Multi-Status", "(Unused)" for 306/418 */
    const char *reference;  /* "RFC 4918 §13" */
    const char *note;       /* "TEMPORARY, expires 2026-11-13", "OBSOLETED", or NULL */
} sl_status_entry;

/* The entry for code, or NULL if the code is unassigned. */
const sl_status_entry *sl_registry_lookup(int code);
/* "2025-09-15": the registry state this table reproduces. */
extern const char sl_registry_date[];

#endif
