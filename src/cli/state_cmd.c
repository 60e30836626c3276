/* state_cmd.c: `statuslint state list|check|forget PATH --state FILE` and `statuslint report
 * --state FILE`: the commands that read or edit the state store without reading any log.
 * They print; the store (src/state) does the work. */
#include "cli/msg.h"
#include "cli/run.h"
#include "output/out.h"
#include "output/out_esc.h"
#include "record/rec.h"
#include "rule/agg_snap.h"
#include "state/st_report.h"
#include "state/st_store.h"
#include <inttypes.h>
#include <sqlite3.h>
#include <stdlib.h>

static void put_day(FILE *f, sqlite3_stmt *st, int col)
{
    if (sqlite3_column_type(st, col) == SQLITE_NULL) {
        fputs("-", f);
        return;
    }
    char iso[21];
    sl_time_iso(sqlite3_column_int64(st, col), iso);
    fprintf(f, "%.10s", iso);
}

/* One line per input: what it was last read as, how far, and when. */
static int state_list(sl_state *s, const char *store)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(sl_state_db(s),
            "SELECT i.path, i.lines, i.bytes, (SELECT started FROM runs WHERE id=i.first_run),"
            " (SELECT started FROM runs WHERE id=i.last_run), i.raw_size IS NOT NULL,"
            " i.head_len < 0 FROM inputs i ORDER BY i.path, i.id", -1, &st, NULL) != SQLITE_OK) {
        sl_msg("state list: --state %s: %s", store, sqlite3_errmsg(sl_state_db(s)));
        return 2;
    }
    printf("%-10s %-10s %12s %14s  %s\n", "first", "last", "lines", "bytes", "input");
    while (sqlite3_step(st) == SQLITE_ROW) {
        put_day(stdout, st, 3);
        fputs(" ", stdout);
        put_day(stdout, st, 4);
        const unsigned char *path = sqlite3_column_text(st, 0);
        printf(" %12" PRId64 " %14" PRId64 "  ", (int64_t)sqlite3_column_int64(st, 1),
               (int64_t)sqlite3_column_int64(st, 2));
        out_text_esc(stdout, sl_slice_cstr(path ? (const char *)path : "-"), 0);
        if (sqlite3_column_int(st, 5)) fputs(" (compressed)", stdout);
        if (sqlite3_column_int(st, 6)) fputs(" (replaced: its content is gone)", stdout);
        fputc('\n', stdout);
    }
    int rc = sqlite3_errcode(sl_state_db(s));
    sqlite3_finalize(st);
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        sl_msg("state list: --state %s: %s", store, sqlite3_errmsg(sl_state_db(s)));
        return 2;
    }
    return 0;
}

/* The aggregate snapshot: readable and whole, or counted as damage. Describes it in what. */
static int check_snapshot(sl_state *s, const char *path, char *what, size_t cap)
{
    sl_buf b;
    sl_buf_init(&b, 0);
    char why[600] = "", err[512] = "";
    int bad = 0;
    sl_status rc;
    size_t tables = 0, entries = 0;
    if (sl_state_snapshot(s, &b, why, sizeof why, err, sizeof err) != SL_OK) {
        printf("%s: aggregate windows: %s\n", path, err);
        bad = 1;
    } else if (!b.n) {
        snprintf(what, cap, "no aggregate windows%s%s", *why ? ": " : "", why);
    } else if ((rc = sl_agg_snap_check(b.p, b.n, &tables, &entries, why, sizeof why)) == SL_ELIMIT) {
        /* another build's tables: the next analysis starts its windows empty, with a note */
        snprintf(what, cap, "aggregate windows %s (the next analysis starts them empty)", why);
    } else if (rc != SL_OK) {
        printf("%s: aggregate windows: %s\n", path, why);
        bad = 1;
    } else {
        snprintf(what, cap, "aggregate windows of %zu rule%s (%zu keys, %zu bytes)", tables,
                 tables == 1 ? "" : "s", entries, b.n);
    }
    sl_buf_fini(&b);
    return bad;
}

/* SQLite's own integrity check, then the store's invariants. */
static int state_check(sl_state *s, const char *path)
{
    static const struct { const char *sql, *what; } checks[] = {
        {"SELECT count(*) FROM day_findings WHERE fp NOT IN (SELECT fp FROM findings)",
         "per-day finding counts of unknown finding groups"},
        {"SELECT count(*) FROM findings f WHERE count != (SELECT coalesce(sum(n),0) FROM"
         " day_findings d WHERE d.fp=f.fp)", "finding groups whose count disagrees with their days"},
        {"SELECT count(*) FROM day_status WHERE input NOT IN (SELECT id FROM inputs)",
         "per-day responses of unknown inputs"},
        {"SELECT count(*) FROM inputs i WHERE i.head_len >= 0 AND i.lines != (SELECT"
         " coalesce(max(from_line + lines), 0) FROM reads r WHERE r.input=i.id)",
         "inputs whose line count disagrees with their reads"},
        {"SELECT count(*) FROM reads WHERE input NOT IN (SELECT id FROM inputs)",
         "reads of unknown inputs"},
    };
    sqlite3 *db = sl_state_db(s);
    sqlite3_stmt *st = NULL;
    int bad = 0;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK) {
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *m = (const char *)sqlite3_column_text(st, 0);
            if (m && strcmp(m, "ok") != 0) printf("%s: sqlite: %s\n", path, m), bad++;
        }
        sqlite3_finalize(st);
    } else {
        sl_msg("state check: %s: %s", path, sqlite3_errmsg(db));
        return 2;
    }
    for (size_t i = 0; i < SL_ARRAY_LEN(checks); i++) {
        if (sqlite3_prepare_v2(db, checks[i].sql, -1, &st, NULL) != SQLITE_OK) {
            sl_msg("state check: %s: %s", path, sqlite3_errmsg(db));
            return 2;
        }
        int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        sqlite3_finalize(st);
        if (n) printf("%s: %" PRId64 " %s\n", path, n, checks[i].what), bad++;
    }
    char snap[200] = "";
    bad += check_snapshot(s, path, snap, sizeof snap);
    int64_t unfinished = 0, runs = 0, inputs = 0;
    if (sqlite3_prepare_v2(db, "SELECT count(*), sum(finished IS NULL), (SELECT count(*) FROM"
                               " inputs) FROM runs", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            runs = sqlite3_column_int64(st, 0), unfinished = sqlite3_column_int64(st, 1),
            inputs = sqlite3_column_int64(st, 2);
        sqlite3_finalize(st);
    }
    printf("%s: %s: schema %d, %" PRId64 " runs (%" PRId64 " stopped before the end), %" PRId64
           " inputs%s%s\n", path, bad ? "damaged" : "ok", SL_STATE_SCHEMA, runs, unfinished, inputs,
           *snap ? ", " : "", snap);
    return bad ? 1 : 0;
}

int sl_run_state(const sl_opts *o)
{
    char err[512];
    bool forget = !strcmp(o->state_sub, "forget");
    sl_state *s = sl_state_open(o->state, forget, err, sizeof err);
    if (!s) {
        sl_msg("state %s: %s", o->state_sub, err);
        return 2;
    }
    int rc;
    if (!strcmp(o->state_sub, "list")) {
        rc = state_list(s, o->state);
    } else if (!strcmp(o->state_sub, "check")) {
        rc = state_check(s, o->state);
    } else {
        uint64_t n = 0;
        if (sl_state_forget(s, o->args[0], &n, err, sizeof err)) {
            sl_msg("state forget: %s", err);
            rc = 2;
        } else if (!n) {
            sl_msg("state forget: no input was last read as %s (see statuslint state list)",
                   o->args[0]);
            rc = 1;
        } else {
            printf("forgot %" PRIu64 " input%s read as %s: the next run reads %s again\n", n,
                   n == 1 ? "" : "s", o->args[0], n == 1 ? "it" : "them");
            rc = 0;
        }
    }
    if (fflush(stdout) != 0 || ferror(stdout)) rc = 2;
    sl_state_close(s);
    return rc;
}

int sl_run_report(const sl_opts *o)
{
    char err[512];
    sl_state *s = sl_state_open(o->state, false, err, sizeof err);
    if (!s) {
        sl_msg("report: %s", err);
        return 2;
    }
    const char *fmt = o->nsinks ? o->formats[0] : "text";
    const char *out = o->nsinks ? o->outputs[0] : NULL;
    sl_outfile *of = sl_outfile_open(out, err, sizeof err);
    if (!of) {
        sl_msg("report: %s", err);
        sl_state_close(s);
        return 2;
    }
    sl_report_opts ro = {.format = fmt, .since = o->since ? o->since_t : INT64_MIN,
                         .until = o->until ? o->until_t : INT64_MAX, .version = SL_VERSION};
    int rc = 0;
    if (sl_state_report(s, sl_outfile_stream(of), &ro, err, sizeof err)) {
        sl_msg("report: --state %s: %s", o->state, err);
        sl_outfile_abort(of);
        rc = 2;
    } else if (sl_outfile_commit(of, err, sizeof err)) {
        sl_msg("report: %s", err);
        rc = 2;
    }
    sl_state_close(s);
    return rc;
}
