/* out_partial.h: the mergeable partial summary (-f partial, docs/partial.md): what the run
 * tells a partial sink beyond the sink interface, and the helpers its reader (merge.c)
 * shares with the writer: the field escape, the checksum and the rule-pack digest.
 *
 * A partial is a text file of TAB-separated records, one per line, opened by a magic line
 * with the format version and closed by a trailer holding the byte length and FNV-1a 64
 * checksum of everything before it, so a truncated or altered file is detected. */
#ifndef SL_OUT_PARTIAL_H
#define SL_OUT_PARTIAL_H
#include "output/out.h"

#define SL_PARTIAL_MAGIC "statuslint-partial"
#define SL_PARTIAL_VERSION 1

/* The per-input hooks below do nothing for any sink but a partial one, so the run calls
 * them for every sink it has. file is the display name; strings are copied. */

/* A rejected line of the current input (every one: the partial keeps the first
 * SL_MAX_REJECT_SAMPLES of each input, so a merge in any input order is exact). */
void sl_partial_reject(sl_sink *s, const char *file, uint64_t line, const char *reason);
/* Rule `rule` is switched off for this input, and why (every input, not only the first). */
void sl_partial_rule_off(sl_sink *s, const char *file, size_t rule, const char *why);

/* What one input added to the run's summary. */
typedef struct sl_partial_counts {
    uint64_t files, lines, records, rejected, skipped, bytes, input_errors;
} sl_partial_counts;
/* The input ends; c holds its share of the summary. */
void sl_partial_input_end(sl_sink *s, const char *file, const sl_partial_counts *c);
/* Regex give-ups by rule over the whole run ([n], before end). */
void sl_partial_gave_up(sl_sink *s, const uint64_t *by_rule, size_t n);

/* ---- aggregate rule state (docs/partial.md "agg records") ----
 * An aggregate engine registers one of these per kind of state it keeps; the partial sink
 * asks each for its records at end, and merge hands each record back to the kind named in
 * it, after every partial has been read, in the canonical input order. */
typedef struct sl_partial_agg {
    const char *kind;                                   /* [a-z0-9_.]+, unique */
    /* Writes the state as records: put(ctx, payload, len) once per record (any bytes). */
    void (*serialize)(void *state, void (*put)(void *ctx, const char *p, size_t n), void *ctx);
    /* Merges one record into state; false (with why) rejects the partial. */
    bool (*merge)(void *state, const char *p, size_t n, char *why, size_t whylen);
    void *state;
} sl_partial_agg;
/* Registers an aggregate state with a partial sink (borrowed; at most 16). */
void sl_partial_add_agg(sl_sink *s, const sl_partial_agg *a);

/* ---- shared by writer and reader ---- */
/* FNV-1a 64 over p[0..n), continuing from h (start with SL_FNV_INIT). */
#define SL_FNV_INIT 0xcbf29ce484222325ull
uint64_t sl_partial_fnv(uint64_t h, const void *p, size_t n);
/* The digest of a rule pack: ids, effective severities, enablement and the conditions and
 * messages as written, in ruleset order. Partials merge only under the same digest. */
uint64_t sl_partial_rules_digest(const sl_ruleset *rs);
/* Undoes the field escape in place (\\ \t \n \r \0 \xHH); returns the new length, or
 * SIZE_MAX for a bad escape. A field that is exactly \N is null (the caller checks). */
size_t sl_partial_unescape(char *p, size_t n);

#endif
