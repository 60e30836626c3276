/* rec.h: the record (one parsed response) and the field table that names its fields.
 *
 * A record is an array of borrowed views indexed by field id. Views point into the reader's
 * line buffer (or into rec->arena for decoded values) and are valid until the next line.
 * A view with p == NULL is absent/null. Formats store "-" placeholders as NULL, except that
 * a CLF "-" byte count is stored as "0" (Apache's %b writes "-" for zero bytes).
 *
 * Field ids: the canonical fields of rec_fields.def come first (SL_F_TIME ...). Other names
 * (req.<header>, resp.<header>, any other named field) are added to an sl_fields table
 * during setup, by formats and rule files; after setup the table is frozen and shared
 * read-only by all threads. */
#ifndef SL_REC_H
#define SL_REC_H
#include "base/sl_arena.h"
#include "base/sl_base.h"

enum {
#define X(e, name, ng, ap) SL_F_##e,
#include "record/rec_fields.def"
#undef X
    SL_F_CANONICAL_COUNT
};

#define SL_MAX_FIELDS 128

/* ---- field table ---- */
typedef struct sl_fields sl_fields;

sl_fields *sl_fields_new(void);
void sl_fields_free(sl_fields *ft);
/* Normalizes name (ASCII lower-case; within a req./resp. header name '-' becomes '_'),
 * finds it or adds it. Returns the id, or -1 if the table is full or frozen. */
int sl_fields_intern(sl_fields *ft, const char *name, size_t len);
/* Find only (after normalization); -1 if unknown. Safe on a frozen table from any thread. */
int sl_fields_find(const sl_fields *ft, const char *name, size_t len);
const char *sl_fields_name(const sl_fields *ft, int id);
int sl_fields_count(const sl_fields *ft);
void sl_fields_freeze(sl_fields *ft);
/* Writes what a user adds to supply field id, e.g.
 * "nginx: $sent_http_content_type, Apache: %{Content-Type}o". */
void sl_fields_hint(const sl_fields *ft, int id, char *buf, size_t n);

/* A set of field ids (what a format can supply). any = the format may supply any field
 * (JSON lines): no rule is switched off for it. */
typedef struct sl_fieldset {
    uint64_t bits[SL_MAX_FIELDS / 64];
    bool any;
} sl_fieldset;

static inline void sl_fieldset_add(sl_fieldset *s, int id)
{
    if (id >= 0 && id < SL_MAX_FIELDS) s->bits[id / 64] |= (uint64_t)1 << (id % 64);
}
static inline bool sl_fieldset_has(const sl_fieldset *s, int id)
{
    if (s->any) return true;
    if (id == SL_F_ROUTE) id = SL_F_PATH; /* a route is there whenever its path is */
    return id >= 0 && id < SL_MAX_FIELDS && (s->bits[id / 64] >> (id % 64)) & 1;
}

/* ---- time ---- */
typedef enum sl_time_kind {
    SL_TIME_NONE = 0,
    SL_TIME_CLF,       /* 10/Oct/2000:13:55:36 -0700 (brackets already stripped) */
    SL_TIME_ISO8601,   /* 2000-10-10T13:55:36[.123][Z|+07:00]; a space instead of T is accepted */
    SL_TIME_EPOCH,     /* seconds since 1970, optional fraction ($msec) */
    SL_TIME_EPOCH_MS,
    SL_TIME_EPOCH_US,
    SL_TIME_EPOCH_NS
} sl_time_kind;

/* Parses t (of kind k) to seconds since the epoch, UTC. False if it does not parse or is
 * outside 1970..9999. */
bool sl_time_parse(sl_slice t, sl_time_kind k, int64_t *epoch);
/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
int64_t sl_days_from_civil(int64_t y, int m, int d);
/* Writes "YYYY-MM-DDTHH:MM:SSZ" (21 bytes with NUL) for epoch. */
void sl_time_iso(int64_t epoch, char out[21]);

/* ---- record ---- */
typedef struct sl_record {
    sl_slice v[SL_MAX_FIELDS];  /* by field id */
    int status;                 /* parsed from v[SL_F_STATUS]; -1 if absent or not a number */
    sl_time_kind time_kind;     /* how v[SL_F_TIME] is written */
    sl_arena *arena;            /* scratch for decoded values; the run resets it per line */
    /* What this record's source actually supplies, when that is only known per input or per
     * line (W3C #Fields, a CSV header, the keys of one JSON object); the parser sets it and
     * the run resets it to NULL before each line. A rule whose `needs` are not all in it is
     * not evaluated for the record (an unlogged header is not a missing header). NULL: the
     * format's static field set applies, checked once when the plan is made. */
    const sl_fieldset *supplied;
} sl_record;

/* Clears every field of rec (all ids) and status; keeps the arena pointer. */
void sl_record_clear(sl_record *rec);
/* Sets rec->status from v[SL_F_STATUS]: 1 to 4 ASCII digits, else -1. "000" gives 0. */
void sl_record_set_status(sl_record *rec);
/* Splits a request line "METHOD TARGET PROTOCOL" into method/target/protocol/path/query.
 * A line that is not three space-separated parts leaves method etc. NULL and returns false
 * (the record is still valid: the request line was just garbage, which happens). */
bool sl_record_split_request(sl_record *rec, sl_slice request);
/* Splits rec->v[SL_F_TARGET] into path and query (at the first '?'); an absolute-form
 * target ("http://host:8080/p?q=1") gives path "/p" and query "q=1". */
void sl_record_split_target(sl_record *rec);
/* For an absolute-form target ("scheme://authority/..."): sets *authority (may be NULL) to
 * the authority and returns the offset where the path begins; 0 for any other target. */
size_t sl_target_authority(sl_slice target, sl_slice *authority);
/* Parses a non-negative decimal integer (optionally with a fraction, which is dropped).
 * False if s is NULL, empty, has other characters or overflows int64. */
bool sl_parse_int(sl_slice s, int64_t *out);

#endif
