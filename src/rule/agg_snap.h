/* agg_snap.h: snapshots of the aggregate state, so its windows carry across runs (the state
 * store keeps the last one; see st_store.h). A snapshot holds, per rule table, the entries in
 * use (each the table's raw fixed-size bytes, with its index), the watermark, and the rule's
 * identity: its id, a hash of its definition (the rule as written, and every macro, list and
 * route pattern it may read) and the table's geometry; then the file names the entries refer
 * to, only those, with a checksum. An entry is stored without its runs of zeros, so the size
 * follows the keys in use (at most the --aggregate-memory budget, and the names), never the
 * lines read. */
#ifndef SL_AGG_SNAP_H
#define SL_AGG_SNAP_H
#include "base/sl_buf.h"
#include "rule/agg.h"

/* Replaces out's contents with a snapshot of st. */
sl_status sl_agg_save(const sl_aggstate *st, sl_buf *out);

/* What a restore did. */
typedef struct sl_agg_restored {
    size_t carried;          /* tables restored */
    size_t fresh;            /* tables of st left empty: their rule is new or changed, or the
                              * table's size differs (another --aggregate-memory) */
    char first[96];          /* the first of those rules, for a note */
} sl_agg_restored;

/* Empties every table of st, then fills those the snapshot (p, n bytes) has a compatible table
 * for. SL_EPARSE (every table left empty, why says what is wrong) when p is not a snapshot this
 * statuslint wrote: another version, or damaged. */
sl_status sl_agg_restore(sl_aggstate *st, const void *p, size_t n, sl_agg_restored *got,
                         char *why, size_t whylen);

/* Empties every table of st (no snapshot to restore). */
void sl_agg_empty(sl_aggstate *st);

/* Checks a snapshot's structure without a ruleset (`state check`): SL_OK with its tables and
 * entries counted; SL_ELIMIT and why for one this build cannot read (another table layout or
 * kind of machine: an analysis starts its windows empty, nothing is damaged); SL_EPARSE and
 * why for a damaged one. */
sl_status sl_agg_snap_check(const void *p, size_t n, size_t *tables, size_t *entries, char *why,
                            size_t whylen);

#endif
