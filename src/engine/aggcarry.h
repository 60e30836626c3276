/* aggcarry.h: the aggregate rules' windows across runs of one state store. At the start of a
 * run the tables are restored from the store's snapshot (where the rule and the table size are
 * unchanged), and every commit of an input then saves them in its own transaction; an input
 * that was not committed (read in part, or its commit failed) takes the tables back to the
 * last commit's, since the next run reads it again. */
#ifndef SL_AGGCARRY_H
#define SL_AGGCARRY_H
#include "engine/work.h"
#include "rule/agg.h"
#include "state/st_store.h"

/* say: one note line when some windows start empty (NULL: quiet). */
void sl_aggcarry_begin(sl_state *s, sl_aggstate *st, sl_msg_fn *say);
void sl_aggcarry_rewind(sl_state *s, sl_aggstate *st);

#endif
