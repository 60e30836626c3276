/* aggcarry.c: the aggregate snapshot between the state store and the aggregate state
 * (aggcarry.h). It owns no data: the store keeps the snapshot, the state its tables. */
#include "engine/aggcarry.h"
#include "rule/agg_snap.h"
#include <stdio.h>

static bool save(void *ctx, sl_buf *out) { return sl_agg_save(ctx, out) == SL_OK; }

/* Restores st from the store; the reason some or all windows start empty in note ("" when
 * none does, or the store is new). */
static void restore(sl_state *s, sl_aggstate *st, char *note, size_t cap)
{
    sl_buf b;
    sl_buf_init(&b, 0);
    char why[600] = "", err[512] = "", bad[128] = "";
    sl_agg_restored got = {0};
    *note = '\0';
    if (sl_state_snapshot(s, &b, why, sizeof why, err, sizeof err) != SL_OK) {
        sl_agg_empty(st);
        snprintf(note, cap, "aggregate windows start empty: %s", err);
    } else if (!b.n) {
        sl_agg_empty(st);
        if (*why) snprintf(note, cap, "aggregate windows start empty: %s", why);
    } else if (sl_agg_restore(st, b.p, b.n, &got, bad, sizeof bad) != SL_OK) {
        snprintf(note, cap, "aggregate windows start empty: the saved ones are %s", bad);
    } else if (got.fresh) {
        snprintf(note, cap, "aggregate windows of %zu rule%s start empty (%s%s): a new or changed "
                 "rule, or another --aggregate-memory; %zu carried over from the last run",
                 got.fresh, got.fresh == 1 ? "" : "s", got.first, got.fresh > 1 ? ", ..." : "",
                 got.carried);
    }
    sl_buf_fini(&b);
}

void sl_aggcarry_begin(sl_state *s, sl_aggstate *st, sl_msg_fn *say)
{
    char note[800];
    restore(s, st, note, sizeof note);
    if (*note && say) {
        char line[900];
        snprintf(line, sizeof line, "note: --state: %s", note);
        say(line);
    }
    sl_state_set_snapshot(s, save, st);
}

void sl_aggcarry_rewind(sl_state *s, sl_aggstate *st)
{
    char note[800];
    restore(s, st, note, sizeof note);
}
