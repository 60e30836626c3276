/* sl_base.h: the few types every module shares: byte views, status codes, severities.
 * Header-only; owns nothing. Everything here is plain data with no allocation. */
#ifndef SL_BASE_H
#define SL_BASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* A borrowed view of bytes; p == NULL means "absent" (null in the rule language). */
typedef struct sl_slice {
    const char *p;
    size_t n;
} sl_slice;

#define SL_SLICE_NULL ((sl_slice){NULL, 0})
#define SL_SLICE_LIT(s) ((sl_slice){(s), sizeof(s) - 1})

static inline sl_slice sl_slice_make(const char *p, size_t n) { return (sl_slice){p, n}; }
static inline sl_slice sl_slice_cstr(const char *s) { return (sl_slice){s, s ? strlen(s) : 0}; }
static inline bool sl_slice_null(sl_slice s) { return s.p == NULL; }
static inline bool sl_slice_eq(sl_slice s, const char *lit)
{
    size_t n = strlen(lit);
    return s.p && s.n == n && memcmp(s.p, lit, n) == 0;
}

typedef enum sl_status {
    SL_OK = 0,
    SL_ENOMEM,  /* allocation failed */
    SL_EIO,     /* read/write failed, or a compressed stream is damaged */
    SL_EPARSE,  /* malformed input (log line, rule file, config) */
    SL_ELIMIT,  /* a size/depth limit was hit */
    SL_ERULE,   /* a rule or config file has errors (diagnostics say which) */
    SL_EUSAGE   /* bad option or argument */
} sl_status;

const char *sl_strerror(sl_status st);

/* Severities, ordered so that a larger value is more severe. */
typedef enum sl_severity {
    SL_SEV_NONE = 0, /* only as a --fail-on threshold: never fail */
    SL_SEV_INFO = 1,
    SL_SEV_WARNING = 2,
    SL_SEV_ERROR = 3
} sl_severity;

const char *sl_severity_name(sl_severity s);           /* "info", "warning", "error", "none" */
int sl_severity_parse(const char *s, size_t n);         /* -1 if not a severity name */

/* Outcome of feeding one physical line to a format parser. */
typedef enum sl_line_kind {
    SL_LINE_RECORD = 0,   /* a response record was filled */
    SL_LINE_REJECTED = 1, /* malformed: *reason says why (static string) */
    SL_LINE_SKIPPED = 2,  /* blank, comment, header or directive line */
    SL_LINE_PENDING = 3   /* inside a record that goes on (a CSV quoted newline): decided later */
} sl_line_kind;

#define SL_UNUSED(x) ((void)(x))
#define SL_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
