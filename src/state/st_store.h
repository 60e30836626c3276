/* st_store.h: the nightly state store (--state FILE), an SQLite database that remembers which
 * inputs were read and how far, per-day partial summaries, and every finding group with its
 * first and last sighting, so a night reads only what is new and marks findings never seen
 * before. One writer at a time (an advisory lock on the file); readers (report, state list)
 * may run beside it (WAL). The writer leaves its commits in the -wal, folded into the file
 * once the -wal is past 1 MiB or when a reader closes. Each input's results are committed in one transaction when the
 * input ends, so a run killed at any point leaves the store as it was after the last input
 * it finished. The store never prints: errors come back in err. */
#ifndef SL_ST_STORE_H
#define SL_ST_STORE_H
#include "base/sl_base.h"
#include "base/sl_buf.h"
#include "input/in_reader.h"
#include "output/out.h"

#define SL_STATE_HEAD 4096       /* decoded bytes whose hash identifies an input */
#define SL_STATE_SCHEMA 3        /* PRAGMA user_version of the current schema */
#define SL_STATE_NO_DAY INT64_MIN

/* Responses and rejected lines of one UTC day (by the records' own time). */
typedef struct sl_daytally {
    int64_t day;             /* days since 1970-01-01, or SL_STATE_NO_DAY */
    uint64_t rejected;       /* rejected lines after a record of this day */
    uint32_t status[1001];   /* [1000]: no or a non-3-digit status */
} sl_daytally;

typedef struct sl_state sl_state;

/* Opens the store at path. write: create it if missing, migrate an older schema and take the
 * writer lock (a second writer gets an error saying so); otherwise read-only (the file must
 * exist). NULL with err ("--state x: reason") on failure. */
sl_state *sl_state_open(const char *path, bool write, char *err, size_t errlen);
void sl_state_close(sl_state *s);
/* The underlying database handle, for the report and state commands. Borrowed. */
struct sqlite3 *sl_state_db(sl_state *s);

/* Starts a run (now: epoch seconds). */
sl_status sl_state_run_begin(sl_state *s, int64_t now, char *err, size_t errlen);

/* What to do with an input. */
typedef struct sl_state_plan {
    bool skip;               /* nothing new in it: not read at all */
    uint64_t from_line;      /* lines already read (the reader was moved past them) */
    uint64_t from_bytes;
    const char *why;         /* static: "new", "grown", "unchanged", "already read as x", ... */
    const char *seen_as;     /* the name it was last read under (borrowed until input_end) */
} sl_state_plan;

/* Before the first sl_reader_next of an input named name: recognizes it by content (size
 * and a hash of its first SL_STATE_HEAD decoded bytes; for a compressed file also its raw
 * size and head) and moves the reader past what earlier runs read. */
sl_status sl_state_input_begin(sl_state *s, sl_reader *rd, const char *name, sl_state_plan *p,
                               char *err, size_t errlen);
/* Adds per-day tallies of the current input. */
void sl_state_days(sl_state *s, const sl_daytally *d, size_t n);
/* Records a finding of the current input; true if its fingerprint was never seen before this
 * run (or first seen by it). */
bool sl_state_finding(sl_state *s, const sl_finding *f);
/* Ends the current input: complete, its results and how far it was read are committed in
 * one transaction; otherwise they are dropped, so the next run reads it again. The counts
 * are this run's lines of the input (total_lines: its lines so far, the skipped ones too). */
typedef struct sl_state_counts {
    uint64_t total_lines, lines, records, rejected, skipped;
    uint64_t total_bytes;    /* decoded bytes so far (sl_reader_decoded_done) */
} sl_state_counts;
sl_status sl_state_input_end(sl_state *s, bool complete, const sl_state_counts *c, char *err,
                             size_t errlen);

/* Ends the run: *fresh finding groups first seen by it, and *gone groups seen by the previous
 * run that read any line but not by this one (0 when this run read nothing). */
sl_status sl_state_run_end(sl_state *s, const sl_summary *sum, uint64_t *fresh, uint64_t *gone,
                           char *err, size_t errlen);

/* ---- follow --state: files read as they grow, committed in batches ---- */

/* One followed file's entry. A batch (its lines since the last commit) is committed with
 * how far the file was read in one transaction, so a follower killed at any point resumes
 * from the end of its last committed batch and the store counts every line once. */
typedef struct sl_state_file {
    int64_t id;              /* the input's entry; 0 until its first commit */
    int64_t read;            /* this run's reads row of it; 0 until then */
    uint64_t bytes, lines;   /* committed: whole lines read, and their bytes */
    int head_len;            /* its first bytes (at most SL_STATE_HEAD), as hashed */
    uint64_t head_hash;
} sl_state_file;

/* Whether any input was ever recorded (the store is not new). */
bool sl_state_has_inputs(sl_state *s);
/* The inputs last read under path, newest first, at most max of them. */
size_t sl_state_files_of(sl_state *s, const char *path, sl_state_file *out, size_t max);
/* Whether the regular file at fd starts with f's first bytes and holds at least f->bytes. */
bool sl_state_file_is(const sl_state_file *f, int fd);
/* Notes the first bytes of a file about to be read from its start (fd at least a head). */
void sl_state_file_head(sl_state_file *f, int fd);
/* Makes f the current input: the days and findings added next are its (commit the previous
 * current one first). */
void sl_state_file_select(sl_state *s, const sl_state_file *f, const char *name);
/* Commits the current input's batch: c->total_bytes and c->total_lines say how far it was
 * read, c->lines ... c->skipped what the batch read. fd: the file, to hash a first bytes
 * still short of SL_STATE_HEAD, or -1. Keeps it current for the next batch. */
sl_status sl_state_file_commit(sl_state *s, sl_state_file *f, int fd, const sl_state_counts *c,
                               char *err, size_t errlen);

/* ---- the aggregate rules' windows (schema 3) ---- */

/* Fills out with the aggregate state as it is now; false if it cannot. */
typedef bool (*sl_state_snap_fn)(void *ctx, sl_buf *out);
/* Every commit that marks lines read (sl_state_input_end, sl_state_file_commit) writes the
 * aggregate snapshot in the same transaction: fn's, or, with no fn (a run without aggregate
 * rules, follow), none, noting why. So the snapshot in the store always holds exactly the
 * lines of the inputs marked read, or is absent; `state forget` removes it too. */
void sl_state_set_snapshot(sl_state *s, sl_state_snap_fn fn, void *ctx);
/* The last commit's snapshot into out (emptied first). Empty when there is none: why then
 * says why ("" for a store nothing was committed to yet). */
sl_status sl_state_snapshot(sl_state *s, sl_buf *out, char *why, size_t whylen, char *err,
                            size_t errlen);

/* `state forget PATH`: removes the inputs last read under path and everything they added,
 * so the next run reads them again. *n: how many. */
sl_status sl_state_forget(sl_state *s, const char *path, uint64_t *n, char *err, size_t errlen);

/* --since / --until: RFC 3339 (2026-11-30T22:00:00Z, +01:00 offsets) or YYYY-MM-DD (UTC; as
 * --until, the day's last second). Bounds are inclusive. False if v is neither. */
bool sl_state_parse_time(const char *v, bool until, int64_t *out);

/* Days since 1970 of an epoch time (floor). */
static inline int64_t sl_state_day(int64_t e)
{
    return e >= 0 ? e / 86400 : -((-e + 86399) / 86400);
}

#endif
