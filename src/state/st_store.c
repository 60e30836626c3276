/* st_store.c: the state store behind --state (see st_store.h). Owns the SQLite connection,
 * the writer lock, the schema and its migrations, the recognition of inputs by content, and
 * the current input's results, kept in memory until the input ends and then written in one
 * transaction. It knows nothing of sinks, threads or the command line.
 *
 * Tables (day: days since 1970-01-01 UTC, -1 for records without a time):
 *   runs(id, started, finished, lines, records, rejected, skipped, inputs, fresh, gone)
 *   inputs(id, path, head_len, head_hash, bytes, lines, raw_size, raw_hash, first_run, last_run)
 *   reads(run, input, path, from_line, lines, records, rejected, skipped, bytes)
 *   day_status(input, day, code, n)      code 1000: no status
 *   day_rejected(input, day, n)
 *   findings(fp, rule, severity, method, host, route, status, count, first_time, last_time,
 *            first_run, last_run)
 *   day_findings(input, day, fp, n)
 *   day_clients(input, day, rule, client, n)   (schema 2) findings by client address: the
 *            TOP_CLIENTS clients of a rule and day with the most findings in one input, the
 *            rest summed under client '' (so a scan from many addresses stays bounded)
 *   agg_snapshot(id = 1, run, data, why)   (schema 3) the aggregate rules' tables as the last
 *            commit left them (rule/agg_snap.h), written in the transaction of every commit
 *            that marks lines read; data NULL and why set when that commit had none
 * Tallies are kept per input so `state forget` can take an input's share back out. */
#include "state/st_store.h"
#include "base/sl_alloc.h"
#include "base/sl_buf.h"
#include "base/sl_u64map.h"
#include "record/rec.h"
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define APP_ID 0x534c5354 /* "SLST": PRAGMA application_id of a statuslint store */
#define MAX_GROUPS 65536  /* groups kept in memory before they are written */
#define TOP_CLIENTS 20    /* clients kept by name per input, day and rule */
/* A writer leaves its commits in the -wal file (a commit there costs no fsync) and folds them
 * into the database file only once the -wal has grown past this: most runs then end without
 * a checkpoint's two fsyncs, and the next one appends to the -wal without rewriting its
 * header (another fsync). So the -wal stays under about this much plus one run's pages. */
#define WAL_FOLD (1 << 20)

static const char *const migrations[SL_STATE_SCHEMA] = {
    /* 0 -> 1 */
    "CREATE TABLE runs(id INTEGER PRIMARY KEY, started INT, finished INT, lines INT DEFAULT 0,"
    " records INT DEFAULT 0, rejected INT DEFAULT 0, skipped INT DEFAULT 0, inputs INT DEFAULT 0,"
    " fresh INT DEFAULT 0, gone INT DEFAULT 0);"
    "CREATE TABLE inputs(id INTEGER PRIMARY KEY, path TEXT, head_len INT, head_hash INT,"
    " bytes INT, lines INT, raw_size INT, raw_hash INT, first_run INT, last_run INT);"
    "CREATE INDEX inputs_head ON inputs(head_len, head_hash);"
    "CREATE INDEX inputs_raw ON inputs(raw_size, raw_hash);"
    "CREATE TABLE reads(run INT, input INT, path TEXT, from_line INT, lines INT, records INT,"
    " rejected INT, skipped INT, bytes INT);"
    "CREATE INDEX reads_run ON reads(run);"
    "CREATE TABLE day_status(input INT, day INT, code INT, n INT,"
    " PRIMARY KEY(input, day, code)) WITHOUT ROWID;"
    "CREATE TABLE day_rejected(input INT, day INT, n INT, PRIMARY KEY(input, day)) WITHOUT ROWID;"
    "CREATE TABLE findings(fp INTEGER PRIMARY KEY, rule TEXT, severity INT, method TEXT,"
    " host TEXT, route TEXT, status INT, count INT, first_time INT, last_time INT,"
    " first_run INT, last_run INT);"
    "CREATE TABLE day_findings(input INT, day INT, fp INT, n INT,"
    " PRIMARY KEY(input, day, fp)) WITHOUT ROWID;"
    "CREATE INDEX day_findings_day ON day_findings(day);",
    /* 1 -> 2: findings by client */
    "CREATE TABLE day_clients(input INT, day INT, rule TEXT, client TEXT, n INT,"
    " PRIMARY KEY(input, day, rule, client)) WITHOUT ROWID;",
    /* 2 -> 3: the aggregate rules' windows */
    "CREATE TABLE agg_snapshot(id INTEGER PRIMARY KEY CHECK(id = 1), run INT, data BLOB,"
    " why TEXT);",
};

typedef struct grp {
    uint64_t fp, n;
    int64_t first, last;      /* log times, when timed */
    bool timed, fresh;
    const char *rule;         /* borrowed from the ruleset */
    int severity, status;
    size_t method, host, route; /* offsets into text */
    uint32_t dfp;             /* index + 1 of its last (day, fp) tally: the next finding is
                               * most likely of that day too */
} grp;

typedef struct dayfp {
    int64_t day;
    uint64_t fp, n;
    uint32_t pair;            /* index + 1 of its (day, rule) in sl_state.pairs; 0: none yet */
} dayfp;

/* A day and rule some client had findings of: client entries name theirs by its index. */
typedef struct dpair {
    int64_t day;
    const char *rule;         /* borrowed from the ruleset */
} dpair;

/* A slot of the client index, 4 bytes: the entry's number (dcl index + 1; 0: empty) in the
 * low CSLOT_AT_BITS and 15 bits of its key above, so a probe that misses almost never reads
 * the entry (a finding's client is most often one not seen before). */
typedef uint32_t cslot;
#define CSLOT_AT_BITS 17
#define CSLOT_AT(c) ((c) & ((1u << CSLOT_AT_BITS) - 1))
#define CSLOT_TAG(key) ((uint32_t)(key) & ~((1u << CSLOT_AT_BITS) - 1))
_Static_assert(MAX_GROUPS < (1u << CSLOT_AT_BITS), "a slot holds every entry's number");

/* The client entries and their text have their most room from the start (an input keeps at
 * most MAX_GROUPS clients before they are written): allocated once per store and never grown,
 * they cost only the pages an input fills, in order, with no copies or unmapping as it grows
 * (which were most of the store's cost on a log of many addresses). The index over them is
 * touched at random, so it starts small (a few pages: each touched page is a fault) and
 * doubles while more than half used, up to 1 << CSLOTS_MAX_BITS slots, which MAX_GROUPS
 * never fills beyond half. It doubles in place, in room reserved for the largest: a doubling
 * clears the twice as many slots and places the entries again from their own fields, so the
 * pages of the smaller tables are used again and an input faults in only the final table's
 * (a fault costs microseconds on a virtual machine: more than the probes). */
#define CSLOTS_MIN_BITS 12
#define CSLOTS_MAX_BITS 17
_Static_assert(((size_t)1 << CSLOTS_MAX_BITS) >= 2 * (size_t)MAX_GROUPS,
               "the client index stays at most half used");
#define CLIENT_MAX 64             /* bytes of an address kept */

/* A client counted but not yet looked up: its slot is fetched from memory meanwhile, since
 * the index is too big to stay in cache and the work between two findings (writing them out)
 * is more than a fetch takes. */
#define CLIENTS_AHEAD 8
typedef struct cpend {
    uint64_t key;
    uint32_t hash, pair;
    size_t n;
    char client[CLIENT_MAX + 1]; /* NUL-terminated */
} cpend;

/* 16 bytes: an input with many addresses touches few pages (each first touch is a fault). */
typedef struct daycl {
    uint32_t pair;            /* its (day, rule): an index into sl_state.pairs */
    uint32_t client;          /* offset into ctext */
    uint32_t n;               /* findings (a flush comes before one could overflow it) */
    uint32_t hash;            /* the high half of the address's hash (ranks_before) */
} daycl;

struct sl_state {
    sqlite3 *db;
    char *path;
    int lock_fd;
    bool write;                  /* the writer (holds the lock) */
    int64_t run;                 /* current run id */
    /* the current input */
    bool in_input;
    int64_t input;               /* its id, or 0 when new */
    uint64_t from_line, from_bytes;
    int head_len;
    uint64_t head_hash, raw_size, raw_hash;
    bool has_raw;
    bool old_clients;            /* the input may have day_clients rows already */
    char *name;
    sl_daytally *days;
    size_t ndays, days_cap;
    grp *groups;
    size_t ngroups, groups_cap;
    dayfp *dfp;
    size_t ndfp, dfp_cap;
    sl_u64map gidx, didx;        /* fingerprint -> group, (day, fingerprint) -> dfp */
    daycl *dcl;                  /* MAX_GROUPS of them, or NULL before the first client */
    size_t ndcl;
    dpair *pairs;                /* MAX_GROUPS of them, with dcl */
    size_t npairs;
    sl_u64map pidx;              /* (day, rule) -> pairs */
    uint64_t nfound;             /* findings since the last flush (daycl.n stays exact) */
    cslot *cslots;               /* (day, rule, client) hash -> dcl, open addressing */
    unsigned cbits;              /* cslots has 1 << cbits slots */
    char *ctext;                 /* the clients' addresses, each with its NUL */
    size_t nctext;
    cpend ahead[CLIENTS_AHEAD];  /* clients counted, not yet looked up (a ring) */
    unsigned ahead_at, nahead;
    sl_buf text;
    uint64_t run_lines, run_inputs;
    char lasterr[256];
    sqlite3_stmt *first_run;     /* a group's first run, asked once per group and input */
    sl_state_snap_fn snap_fn;    /* the aggregate snapshot every commit writes, or NULL */
    void *snap_ctx;
    sl_buf snap;
};

/* ---- small helpers ---- */

static uint64_t fnv_step(uint64_t h, unsigned char c) { return (h ^ c) * 0x100000001b3ull; }
#define FNV_BASIS 0xcbf29ce484222325ull

static sl_status db_err(sl_state *s, const char *what, char *err, size_t errlen)
{
    snprintf(err, errlen, "--state %s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
    return SL_EIO;
}

static int exec(sl_state *s, const char *sql) { return sqlite3_exec(s->db, sql, NULL, NULL, NULL); }

static sqlite3_stmt *prep(sl_state *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return NULL;
    return st;
}

/* One integer from a query with up to two integer parameters; dflt when no row. */
static int64_t query_int(sl_state *s, const char *sql, int64_t a, int64_t b, int64_t dflt)
{
    sqlite3_stmt *st = prep(s, sql);
    if (!st) return dflt;
    int np = sqlite3_bind_parameter_count(st);
    if (np >= 1) sqlite3_bind_int64(st, 1, a);
    if (np >= 2) sqlite3_bind_int64(st, 2, b);
    int64_t v = dflt;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* ---- open, lock, migrate ---- */

static sl_status take_lock(sl_state *s, char *err, size_t errlen)
{
    s->lock_fd = open(s->path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (s->lock_fd < 0) {
        snprintf(err, errlen, "--state %s: cannot open: %s", s->path, strerror(errno));
        return SL_EIO;
    }
    struct stat st;
    if (fstat(s->lock_fd, &st) == 0 && !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "--state %s: not a regular file", s->path);
        return SL_EIO;
    }
    /* flock is apart from SQLite's own fcntl locks, and the kernel drops it with the process
     * (kill -9 included), so a dead run never blocks the next one */
    if (flock(s->lock_fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK)
            snprintf(err, errlen, "--state %s: another statuslint run is using this state store; "
                                  "wait for it to finish (one writer at a time)", s->path);
        else
            snprintf(err, errlen, "--state %s: cannot lock: %s", s->path, strerror(errno));
        return SL_EIO;
    }
    return SL_OK;
}

static sl_status migrate(sl_state *s, bool write, char *err, size_t errlen)
{
    int64_t app = query_int(s, "PRAGMA application_id", 0, 0, -1);
    if (app == -1) return db_err(s, "cannot read it as a state store", err, errlen);
    int64_t ver = query_int(s, "PRAGMA user_version", 0, 0, 0);
    int64_t tables = query_int(s, "SELECT count(*) FROM sqlite_master", 0, 0, 0);
    if (app != APP_ID && (app != 0 || tables != 0 || ver != 0)) {
        snprintf(err, errlen, "--state %s: an SQLite database, but not a statuslint state "
                              "store: give a new file name", s->path);
        return SL_EPARSE;
    }
    if (ver > SL_STATE_SCHEMA) {
        snprintf(err, errlen, "--state %s: written by a newer statuslint (schema %lld, this "
                 "one knows %d): upgrade statuslint", s->path, (long long)ver, SL_STATE_SCHEMA);
        return SL_EPARSE;
    }
    if (ver == SL_STATE_SCHEMA) return SL_OK;
    if (!write) {
        snprintf(err, errlen, "--state %s: %s", s->path, app == 0 ? "an empty state store "
                 "(no run has written it yet)" : "an older schema: run an analysis with "
                 "--state once to migrate it");
        return SL_EPARSE;
    }
    if (exec(s, "BEGIN IMMEDIATE") != SQLITE_OK) return db_err(s, "cannot start", err, errlen);
    for (int64_t v = ver; v < SL_STATE_SCHEMA; v++)
        if (exec(s, migrations[v]) != SQLITE_OK) {
            sl_status st = db_err(s, "cannot create the schema", err, errlen);
            exec(s, "ROLLBACK");
            return st;
        }
    char sql[96];
    snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA user_version=%d", APP_ID,
             SL_STATE_SCHEMA);
    if (exec(s, sql) != SQLITE_OK || exec(s, "COMMIT") != SQLITE_OK) {
        sl_status st = db_err(s, "cannot create the schema", err, errlen);
        exec(s, "ROLLBACK");
        return st;
    }
    return SL_OK;
}

sl_state *sl_state_open(const char *path, bool write, char *err, size_t errlen)
{
    sl_state *s = sl_xcalloc(1, sizeof *s);
    s->path = sl_xstrdup(path);
    s->write = write;
    s->lock_fd = -1;
    sl_buf_init(&s->text, 0);
    sl_buf_init(&s->snap, 0);
    struct stat st;
    if (!write && stat(path, &st) != 0) {
        snprintf(err, errlen, "--state %s: %s", path, strerror(errno));
        sl_state_close(s);
        return NULL;
    }
    if (write && take_lock(s, err, errlen)) {
        sl_state_close(s);
        return NULL;
    }
    /* readers open it read-write too (no create), so a run killed with -9 leaves a WAL they
     * can recover; a file they may not write is opened read-only by SQLite itself */
    int flags = write ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READWRITE;
    if (sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "--state %s: cannot open: %s", path,
                 s->db ? sqlite3_errmsg(s->db) : "out of memory");
        sl_state_close(s);
        return NULL;
    }
    sqlite3_busy_timeout(s->db, 5000); /* a reader finishing a checkpoint */
    /* the writer's close leaves the -wal (see WAL_FOLD); a reader's close, as the last
     * connection, still folds it into the database file */
    if (write) sqlite3_db_config(s->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)NULL);
    if (migrate(s, write, err, errlen) ||
        (write && (exec(s, "PRAGMA journal_mode=WAL") != SQLITE_OK ||
                   exec(s, "PRAGMA synchronous=NORMAL") != SQLITE_OK ||
                   exec(s, "PRAGMA journal_size_limit=1048576") != SQLITE_OK))) { /* WAL_FOLD */
        if (!*err) db_err(s, "cannot set up", err, errlen);
        sl_state_close(s);
        return NULL;
    }
    return s;
}

/* A writer folds the -wal into the database file once it is past WAL_FOLD. */
static void fold_wal(sl_state *s)
{
    sqlite3_filename db = sqlite3_db_filename(s->db, "main"); /* symbolic links resolved */
    const char *wal = db ? sqlite3_filename_wal(db) : NULL;
    struct stat st;
    if (wal && stat(wal, &st) == 0 && st.st_size > WAL_FOLD) exec(s, "PRAGMA wal_checkpoint(TRUNCATE)");
}

void sl_state_close(sl_state *s)
{
    if (!s) return;
    sqlite3_finalize(s->first_run);
    if (s->db && s->write && s->lock_fd >= 0) fold_wal(s);
    if (s->db) sqlite3_close(s->db);
    if (s->lock_fd >= 0) close(s->lock_fd); /* drops the lock */
    free(s->path);
    free(s->name);
    free(s->days);
    free(s->groups);
    free(s->dfp);
    sl_u64map_fini(&s->gidx);
    sl_u64map_fini(&s->didx);
    free(s->cslots);
    free(s->dcl);
    free(s->pairs);
    sl_u64map_fini(&s->pidx);
    free(s->ctext);
    sl_buf_fini(&s->text);
    sl_buf_fini(&s->snap);
    free(s);
}

struct sqlite3 *sl_state_db(sl_state *s) { return s->db; }

sl_status sl_state_run_begin(sl_state *s, int64_t now, char *err, size_t errlen)
{
    sqlite3_stmt *st = prep(s, "INSERT INTO runs(started) VALUES(?)");
    if (!st) return db_err(s, "cannot start a run", err, errlen);
    sqlite3_bind_int64(st, 1, now);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return db_err(s, "cannot start a run", err, errlen);
    s->run = sqlite3_last_insert_rowid(s->db);
    return SL_OK;
}

/* ---- recognizing an input ---- */

static size_t cslot_home(uint64_t h, unsigned bits);
static uint64_t client_slot_key(uint32_t pair, uint32_t hash);

static void clear_clients(sl_state *s)
{
    size_t nslots = (size_t)1 << s->cbits, mask = nslots - 1;
    if (s->ndcl > nslots / 16) memset(s->cslots, 0, nslots * sizeof *s->cslots);
    else /* newest first: an entry's probe passes only over older entries, still in place */
        for (size_t e = s->ndcl; e-- > 0;) {
            size_t i = cslot_home(client_slot_key(s->dcl[e].pair, s->dcl[e].hash), s->cbits);
            while (CSLOT_AT(s->cslots[i]) != e + 1) i = (i + 1) & mask;
            s->cslots[i] = 0;
        }
    s->ndcl = s->nctext = s->npairs = 0;
    s->nfound = 0;
    if (s->pairs) sl_u64map_clear(&s->pidx);
    s->nahead = s->ahead_at = 0;
}

static void reset_input(sl_state *s)
{
    s->in_input = false;
    s->input = 0;
    s->old_clients = false;
    s->from_line = s->from_bytes = 0;
    clear_clients(s);
    s->ndays = s->ngroups = s->ndfp = 0;
    sl_u64map_clear(&s->gidx);
    sl_u64map_clear(&s->didx);
    sl_buf_clear(&s->text);
}

/* The entry whose head matches the longest prefix of this input's head; 0 if none. */
static int64_t match_head(sl_state *s, const unsigned char *head, size_t n, uint64_t *bytes,
                          uint64_t *lines, const char **path)
{
    uint64_t *pre = sl_xmalloc((n + 1) * sizeof *pre);
    pre[0] = FNV_BASIS;
    for (size_t i = 0; i < n; i++) pre[i + 1] = fnv_step(pre[i], head[i]);
    sqlite3_stmt *st = prep(s, "SELECT id, head_len, head_hash, bytes, lines, path FROM inputs"
                               " WHERE head_len BETWEEN 1 AND ? ORDER BY head_len DESC, id DESC");
    int64_t id = 0;
    if (st) {
        sqlite3_bind_int64(st, 1, (int64_t)n);
        while (!id && sqlite3_step(st) == SQLITE_ROW) {
            int64_t len = sqlite3_column_int64(st, 1);
            if ((uint64_t)sqlite3_column_int64(st, 2) != pre[len]) continue;
            id = sqlite3_column_int64(st, 0);
            *bytes = (uint64_t)sqlite3_column_int64(st, 3);
            *lines = (uint64_t)sqlite3_column_int64(st, 4);
            const unsigned char *p = sqlite3_column_text(st, 5);
            free(s->name);
            s->name = sl_xstrdup(p ? (const char *)p : "-");
            *path = s->name;
        }
        sqlite3_finalize(st);
    }
    s->head_hash = pre[n];
    free(pre);
    return id;
}

static int64_t match_raw(sl_state *s, const char **path)
{
    sqlite3_stmt *st = prep(s, "SELECT id, path FROM inputs WHERE raw_size=? AND raw_hash=?");
    int64_t id = 0;
    if (!st) return 0;
    sqlite3_bind_int64(st, 1, (int64_t)s->raw_size);
    sqlite3_bind_int64(st, 2, (int64_t)s->raw_hash);
    if (sqlite3_step(st) == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0);
        const unsigned char *p = sqlite3_column_text(st, 1);
        free(s->name);
        s->name = sl_xstrdup(p ? (const char *)p : "-");
        *path = s->name;
    }
    sqlite3_finalize(st);
    return id;
}

/* Notes that an input already read in full was seen again under name. */
static void touch(sl_state *s, int64_t id, const char *name)
{
    sqlite3_stmt *st = prep(s, "UPDATE inputs SET path=?, last_run=? WHERE id=?");
    if (!st) return;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, s->run);
    sqlite3_bind_int64(st, 3, id);
    sqlite3_step(st);
    sqlite3_finalize(st);
}

sl_status sl_state_input_begin(sl_state *s, sl_reader *rd, const char *name, sl_state_plan *p,
                               char *err, size_t errlen)
{
    reset_input(s);
    *p = (sl_state_plan){.why = "new"};
    unsigned char head[SL_STATE_HEAD];
    size_t hn = sl_reader_head(rd, head, sizeof head);
    struct stat st;
    bool regular = sl_reader_stat(rd, &st) && S_ISREG(st.st_mode);
    bool plain = sl_reader_compression(rd) == SL_COMP_NONE;
    s->has_raw = regular && !plain;
    if (s->has_raw) { /* a compressed file is read once: its own bytes identify it */
        const unsigned char *raw;
        size_t rn = sl_reader_raw_head(rd, &raw);
        if (rn > SL_STATE_HEAD) rn = SL_STATE_HEAD;
        s->raw_size = (uint64_t)st.st_size;
        s->raw_hash = FNV_BASIS;
        for (size_t i = 0; i < rn; i++) s->raw_hash = fnv_step(s->raw_hash, raw[i]);
        int64_t id = match_raw(s, &p->seen_as);
        if (id) {
            touch(s, id, name);
            p->skip = true;
            p->why = "unchanged";
            return SL_OK;
        }
    }
    if (hn == 0) { /* empty: nothing to read, nothing to remember */
        p->skip = true;
        p->why = "empty";
        return SL_OK;
    }
    s->head_len = (int)hn;
    uint64_t bytes = 0, lines = 0;
    int64_t id = match_head(s, head, hn, &bytes, &lines, &p->seen_as);
    s->in_input = true;
    free(s->name);
    s->name = sl_xstrdup(name);
    if (!id) return SL_OK;
    if (regular && plain && (uint64_t)st.st_size < bytes) {
        /* same first bytes, but shorter: recreated or truncated and rewritten; the old
         * entry's content is gone, so it never matches again */
        sqlite3_stmt *u = prep(s, "UPDATE inputs SET head_len=-1 WHERE id=?");
        if (u) sqlite3_bind_int64(u, 1, id), sqlite3_step(u), sqlite3_finalize(u);
        p->why = "shorter than when it was read: read from its start";
        return SL_OK;
    }
    if (regular && plain && (uint64_t)st.st_size == bytes) {
        touch(s, id, name);
        s->in_input = false;
        p->skip = true;
        p->why = "unchanged";
        return SL_OK;
    }
    uint64_t got = 0;
    if (sl_reader_skip(rd, bytes, &got, err, errlen)) return SL_EIO;
    if (got < bytes) { /* a stream shorter than what was read of it: nothing new */
        touch(s, id, name);
        s->in_input = false;
        p->skip = true;
        p->why = "shorter than the input it starts like: not read again";
        return SL_OK;
    }
    s->input = id;
    s->old_clients = true; /* grown: its earlier part has rows */
    s->from_line = p->from_line = lines;
    s->from_bytes = p->from_bytes = bytes;
    p->why = "grown";
    return SL_OK;
}

/* ---- the current input's results, in memory ---- */

void sl_state_days(sl_state *s, const sl_daytally *d, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        sl_daytally *t = NULL;
        for (size_t k = s->ndays; k-- > 0 && !t;)
            if (s->days[k].day == d[i].day) t = &s->days[k];
        if (!t) {
            if (s->ndays == s->days_cap) {
                s->days_cap = s->days_cap ? 2 * s->days_cap : 8;
                s->days = sl_xrealloc(s->days, s->days_cap * sizeof *s->days);
            }
            t = &s->days[s->ndays++];
            memset(t, 0, sizeof *t);
            t->day = d[i].day;
        }
        t->rejected += d[i].rejected;
        for (int c = 0; c <= 1000; c++) t->status[c] += d[i].status[c];
    }
}

static uint64_t dayfp_hash(int64_t day, uint64_t fp) { return fp ^ ((uint64_t)day * 0xff51afd7ed558ccdull); }

static uint64_t group_key(const void *ctx, size_t e)
{
    return ((const sl_state *)ctx)->groups[e].fp;
}

static uint64_t dayfp_key(const void *ctx, size_t e)
{
    const dayfp *d = &((const sl_state *)ctx)->dfp[e];
    return dayfp_hash(d->day, d->fp);
}

/* The arrays grow with the groups of the input (at most MAX_GROUPS each before a flush). */
static void ensure_room(sl_state *s)
{
    if (s->ngroups == s->groups_cap) {
        s->groups_cap = s->groups_cap ? 2 * s->groups_cap : 512;
        s->groups = sl_xrealloc(s->groups, s->groups_cap * sizeof *s->groups);
    }
    if (s->ndfp == s->dfp_cap) {
        s->dfp_cap = s->dfp_cap ? 2 * s->dfp_cap : 512;
        s->dfp = sl_xrealloc(s->dfp, s->dfp_cap * sizeof *s->dfp);
    }
}

static size_t put_text(sl_state *s, sl_slice v)
{
    size_t at = s->text.n;
    if (v.p) sl_buf_put(&s->text, v.p, v.n > 512 ? 512 : v.n);
    else sl_buf_putc(&s->text, '-');
    sl_buf_putc(&s->text, '\0');
    return at;
}

static sl_status flush(sl_state *s, char *err, size_t errlen);

static size_t cslot_home(uint64_t h, unsigned bits)
{
    return (size_t)((h * 0x9E3779B97F4A7C15ull) >> (64 - bits));
}

/* The index key of a client entry, from what the entry holds: its (day, rule) and the high
 * half of its address's hash, mixed (the slot keeps 15 bits of the key as its tag). */
static uint64_t client_slot_key(uint32_t pair, uint32_t hash)
{
    uint64_t x = ((uint64_t)pair << 32 | hash) * 0xd6e8feb86659fd93ull;
    return x ^ (x >> 32);
}

/* A (day, rule) pair's hash, the rule by its address (the hash lives in this process only). */
static uint64_t pair_hash(int64_t day, const char *rule)
{
    return dayfp_hash(day, (uint64_t)(uintptr_t)rule);
}
static uint64_t pair_key(const void *ctx, size_t e)
{
    const dpair *p = &((const sl_state *)ctx)->pairs[e];
    return pair_hash(p->day, p->rule);
}

/* The client index and entries, on the input's first client. */
static void clients_alloc(sl_state *s)
{
    if (s->cslots) return;
    s->cbits = CSLOTS_MIN_BITS;
    s->cslots = sl_xmalloc(((size_t)1 << CSLOTS_MAX_BITS) * sizeof *s->cslots);
    memset(s->cslots, 0, ((size_t)1 << s->cbits) * sizeof *s->cslots);
    s->dcl = sl_xmalloc(MAX_GROUPS * sizeof *s->dcl);
    s->pairs = sl_xmalloc(MAX_GROUPS * sizeof *s->pairs);
    sl_u64map_init(&s->pidx, 64);
    s->ctext = sl_xmalloc((size_t)MAX_GROUPS * (CLIENT_MAX + 1));
}

/* Doubles the client index in place and re-homes every entry in it. */
static void clients_grow(sl_state *s)
{
    s->cbits++;
    size_t mask = ((size_t)1 << s->cbits) - 1;
    memset(s->cslots, 0, (mask + 1) * sizeof *s->cslots);
    for (size_t e = 0; e < s->ndcl; e++) {
        uint64_t key = client_slot_key(s->dcl[e].pair, s->dcl[e].hash);
        size_t i = cslot_home(key, s->cbits);
        while (s->cslots[i]) i = (i + 1) & mask;
        s->cslots[i] = CSLOT_TAG(key) | (uint32_t)(e + 1);
    }
}

/* Counts a pending client in its entry (a new one if none). */
static void count_pending(sl_state *s, const cpend *p)
{
    size_t mask = ((size_t)1 << s->cbits) - 1;
    size_t i = cslot_home(p->key, s->cbits);
    for (; s->cslots[i]; i = (i + 1) & mask) {
        if ((s->cslots[i] ^ (uint32_t)p->key) >> CSLOT_AT_BITS) continue;
        daycl *c = &s->dcl[CSLOT_AT(s->cslots[i]) - 1];
        if (c->hash == p->hash && c->pair == p->pair &&
            !memcmp(s->ctext + c->client, p->client, p->n + 1)) {
            c->n++;
            return;
        }
    }
    if (s->ndcl == MAX_GROUPS) return; /* only after a failed flush: the input is not committed */
    if (2 * (s->ndcl + 1) > mask + 1 && s->cbits < CSLOTS_MAX_BITS) {
        clients_grow(s);
        mask = ((size_t)1 << s->cbits) - 1;
        for (i = cslot_home(p->key, s->cbits); s->cslots[i]; i = (i + 1) & mask) {}
    }
    size_t at = s->nctext;
    memcpy(s->ctext + at, p->client, p->n + 1); /* with its NUL */
    s->nctext += p->n + 1;
    s->dcl[s->ndcl++] = (daycl){p->pair, (uint32_t)at, 1, p->hash};
    s->cslots[i] = CSLOT_TAG(p->key) | (uint32_t)s->ndcl;
}

/* Counts every pending client: before the entries are read or their number matters. */
static void clients_settle(sl_state *s)
{
    for (; s->nahead; s->nahead--, s->ahead_at = (s->ahead_at + 1) % CLIENTS_AHEAD)
        count_pending(s, &s->ahead[s->ahead_at]);
}

/* The index of (day, rule) among the pairs, added if new. */
static uint32_t pair_of(sl_state *s, int64_t day, const char *rule)
{
    uint64_t k = pair_hash(day, rule);
    size_t pos = 0, at;
    while ((at = sl_u64map_next(&s->pidx, k, &pos)) != SL_U64MAP_END)
        if (s->pairs[at].day == day && s->pairs[at].rule == rule) return (uint32_t)at;
    s->pairs[s->npairs++] = (dpair){day, rule};
    return (uint32_t)sl_u64map_add(&s->pidx, k, pair_key, s);
}

/* One finding by client of the (day, rule) pair: looked up CLIENTS_AHEAD findings later. */
static void count_client(sl_state *s, uint32_t pair, sl_slice client)
{
    if (client.n > CLIENT_MAX) client.n = CLIENT_MAX; /* an address, or what stands for one */
    uint64_t h = FNV_BASIS; /* of the address alone: it breaks ties, the same on every run */
    for (size_t i = 0; i < client.n; i++) h = fnv_step(h, (unsigned char)client.p[i]);
    h ^= h >> 33; /* FNV's low bits barely differ for addresses alike: mix them */
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 29;
    if (s->nahead == CLIENTS_AHEAD) {
        count_pending(s, &s->ahead[s->ahead_at]);
        s->ahead_at = (s->ahead_at + 1) % CLIENTS_AHEAD;
        s->nahead--;
    }
    cpend *p = &s->ahead[(s->ahead_at + s->nahead++) % CLIENTS_AHEAD];
    *p = (cpend){.hash = (uint32_t)(h >> 32), .pair = pair, .n = client.n};
    p->key = client_slot_key(pair, p->hash);
    memcpy(p->client, client.p, client.n);
    p->client[client.n] = '\0';
    __builtin_prefetch(&s->cslots[cslot_home(p->key, s->cbits)]);
}

/* Whether client a ranks before b: more findings, ties by a hash of the address (so the cut
 * is the same on every run), then by the address. */
static bool ranks_before(const sl_state *s, const daycl *a, const daycl *b)
{
    if (a->n != b->n) return a->n > b->n;
    if (a->hash != b->hash) return a->hash < b->hash;
    return strcmp(s->ctext + a->client, s->ctext + b->client) < 0;
}

/* The clients of one day and rule: the TOP_CLIENTS ranking first, best first, and the sum of
 * the others. */
typedef struct cgroup {
    uint32_t top[TOP_CLIENTS];
    size_t ntop;
    uint64_t rest;
} cgroup;

static void cgroup_add(const sl_state *s, cgroup *g, uint32_t i)
{
    const daycl *e = &s->dcl[i];
    if (g->ntop == TOP_CLIENTS) {
        const daycl *last = &s->dcl[g->top[TOP_CLIENTS - 1]];
        if (!ranks_before(s, e, last)) {
            g->rest += e->n;
            return;
        }
        g->rest += last->n; /* pushed out */
        g->ntop--;
    }
    size_t k = g->ntop++;
    while (k > 0 && ranks_before(s, e, &s->dcl[g->top[k - 1]])) g->top[k] = g->top[k - 1], k--;
    g->top[k] = i;
}

static sl_status put_client(sl_state *s, sqlite3_stmt *c, int64_t day, const char *rule,
                            const char *client, uint64_t n, char *err, size_t errlen)
{
    sqlite3_reset(c);
    sqlite3_bind_int64(c, 1, s->input);
    sqlite3_bind_int64(c, 2, day);
    sqlite3_bind_text(c, 3, rule, -1, SQLITE_STATIC);
    sqlite3_bind_text(c, 4, client, -1, SQLITE_STATIC);
    sqlite3_bind_int64(c, 5, (int64_t)n);
    return sqlite3_step(c) == SQLITE_DONE ? SL_OK : db_err(s, "cannot write clients", err, errlen);
}

/* An input's rows of one day and rule past TOP_CLIENTS by name (a resumed input, or a second
 * batch) are summed into client ''. */
static sl_status cut_clients(sl_state *s, sqlite3_stmt *const q[3], sqlite3_stmt *c, int64_t day,
                             const char *rule, char *err, size_t errlen)
{
    for (int k = 0; k < 3; k++) {
        sqlite3_reset(q[k]);
        sqlite3_bind_int64(q[k], 1, s->input);
        sqlite3_bind_int64(q[k], 2, day);
        sqlite3_bind_text(q[k], 3, rule, -1, SQLITE_STATIC);
        if (k) sqlite3_bind_int(q[k], 4, TOP_CLIENTS);
    }
    if (sqlite3_step(q[0]) != SQLITE_ROW || sqlite3_column_int64(q[0], 0) <= TOP_CLIENTS)
        return SL_OK;
    int64_t more = sqlite3_step(q[1]) == SQLITE_ROW ? sqlite3_column_int64(q[1], 0) : 0;
    sl_status rc = put_client(s, c, day, rule, "", (uint64_t)more, err, errlen);
    if (!rc && sqlite3_step(q[2]) != SQLITE_DONE) rc = db_err(s, "cannot write clients", err, errlen);
    return rc;
}

/* Writes the client counts kept so far: for each day and rule, the TOP_CLIENTS clients with
 * the most findings by name, the rest summed under client ''. */
static sl_status write_clients(sl_state *s, char *err, size_t errlen)
{
    if (!s->ndcl) return SL_OK;
    sqlite3_stmt *c = prep(s, "INSERT INTO day_clients(input, day, rule, client, n)"
                              " VALUES(?,?,?,?,?) ON CONFLICT DO UPDATE SET n=n+excluded.n");
    /* the cut of rows written before (cut_clients), prepared only for an input that has some */
    sqlite3_stmt *q[3] = {NULL, NULL, NULL};
    if (s->old_clients) {
        q[0] = prep(s, "SELECT count(*) FROM day_clients WHERE input=?1 AND day=?2 AND rule=?3"
                       " AND client != ''");
        q[1] = prep(s, "SELECT coalesce(sum(n), 0) FROM (SELECT n FROM day_clients WHERE input=?1"
                       " AND day=?2 AND rule=?3 AND client != '' ORDER BY n DESC, client LIMIT -1"
                       " OFFSET ?4)");
        q[2] = prep(s, "DELETE FROM day_clients WHERE input=?1 AND day=?2 AND rule=?3 AND"
                       " client != '' AND client NOT IN (SELECT client FROM day_clients WHERE"
                       " input=?1 AND day=?2 AND rule=?3 AND client != '' ORDER BY n DESC, client"
                       " LIMIT ?4)");
    }
    sl_status rc = c && (!s->old_clients || (q[0] && q[1] && q[2]))
                       ? SL_OK : db_err(s, "cannot write clients", err, errlen);
    /* one pass in the order they came: a group per day and rule, the pairs' order */
    cgroup *g = sl_xcalloc(s->npairs, sizeof *g);
    for (size_t i = 0; i < s->ndcl; i++) cgroup_add(s, &g[s->dcl[i].pair], (uint32_t)i);
    for (size_t k = 0; !rc && k < s->npairs; k++) {
        const dpair *pr = &s->pairs[k];
        for (size_t t = 0; !rc && t < g[k].ntop; t++) {
            const daycl *e = &s->dcl[g[k].top[t]];
            rc = put_client(s, c, pr->day, pr->rule, s->ctext + e->client, e->n, err, errlen);
        }
        if (!rc && g[k].rest) rc = put_client(s, c, pr->day, pr->rule, "", g[k].rest, err, errlen);
        if (!rc && s->old_clients) rc = cut_clients(s, q, c, pr->day, pr->rule, err, errlen);
    }
    free(g);
    s->old_clients = true; /* a later flush of this input adds to these rows */
    sqlite3_finalize(c);
    for (int k = 0; k < 3; k++) sqlite3_finalize(q[k]);
    return rc;
}

static bool in_tx(sl_state *s) { return !sqlite3_get_autocommit(s->db); }

/* The run that first saw group fp, or -1 (the statement is prepared once). Inside an input
 * its transaction starts here if not yet: the input's writes go into it anyway, and a query
 * outside one takes and drops the read lock, two system calls each new group. */
static int64_t first_run_of(sl_state *s, uint64_t fp)
{
    if (s->in_input && s->write && !in_tx(s)) exec(s, "BEGIN IMMEDIATE"); /* else as it was */
    if (!s->first_run) s->first_run = prep(s, "SELECT first_run FROM findings WHERE fp=?");
    if (!s->first_run) return -1;
    sqlite3_reset(s->first_run);
    sqlite3_bind_int64(s->first_run, 1, (int64_t)fp);
    int64_t v = sqlite3_step(s->first_run) == SQLITE_ROW ? sqlite3_column_int64(s->first_run, 0) : -1;
    sqlite3_reset(s->first_run); /* no statement left running */
    return v;
}

bool sl_state_finding(sl_state *s, const sl_finding *f)
{
    if (s->ndcl + s->nahead >= MAX_GROUPS) clients_settle(s); /* whether ndcl reached it */
    if (s->ngroups >= MAX_GROUPS || s->ndfp >= MAX_GROUPS || s->ndcl >= MAX_GROUPS ||
        s->nfound >= UINT32_MAX) {
        char err[256];
        if (flush(s, err, sizeof err)) snprintf(s->lasterr, sizeof s->lasterr, "%s", err);
    }
    ensure_room(s);
    size_t pos = 0, at;
    grp *g = NULL;
    while (!g && (at = sl_u64map_next(&s->gidx, f->fingerprint, &pos)) != SL_U64MAP_END)
        if (s->groups[at].fp == f->fingerprint) g = &s->groups[at];
    if (!g) {
        g = &s->groups[s->ngroups++];
        int64_t first = first_run_of(s, f->fingerprint);
        *g = (grp){.fp = f->fingerprint, .fresh = first < 0 || first == s->run,
                   .rule = f->info ? f->info->id : "?", .severity = (int)f->severity,
                   .status = f->status, .method = put_text(s, f->method),
                   .host = put_text(s, f->host),
                   .route = put_text(s, f->route)};
        sl_u64map_add(&s->gidx, f->fingerprint, group_key, s);
    }
    g->n++;
    if (f->has_time) {
        if (!g->timed || f->time < g->first) g->first = f->time;
        if (!g->timed || f->time > g->last) g->last = f->time;
        g->timed = true;
    }
    int64_t day = f->has_time ? sl_state_day(f->time) : -1;
    if (!g->dfp || s->dfp[g->dfp - 1].day != day) {
        uint64_t dk = dayfp_hash(day, f->fingerprint);
        size_t t = SL_U64MAP_END;
        pos = 0;
        while (t == SL_U64MAP_END && (at = sl_u64map_next(&s->didx, dk, &pos)) != SL_U64MAP_END)
            if (s->dfp[at].fp == f->fingerprint && s->dfp[at].day == day) t = at;
        if (t == SL_U64MAP_END) {
            t = s->ndfp++;
            s->dfp[t] = (dayfp){day, f->fingerprint, 0, 0};
            sl_u64map_add(&s->didx, dk, dayfp_key, s);
        }
        g->dfp = (uint32_t)(t + 1);
    }
    dayfp *dt = &s->dfp[g->dfp - 1];
    dt->n++;
    if (f->client.p && f->client.n) {
        clients_alloc(s);
        if (!dt->pair) dt->pair = pair_of(s, day, g->rule) + 1;
        count_client(s, dt->pair - 1, f->client);
    }
    s->nfound++;
    return g->fresh;
}

/* ---- writing an input's results ---- */

static sl_status need_input_id(sl_state *s, char *err, size_t errlen)
{
    if (s->input) return SL_OK;
    sqlite3_stmt *st = prep(s, "INSERT INTO inputs(path, head_len, head_hash, bytes, lines,"
                               " first_run, last_run) VALUES(?, 0, 0, 0, 0, ?, ?)");
    if (!st) return db_err(s, "cannot record an input", err, errlen);
    sqlite3_bind_text(st, 1, s->name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, s->run);
    sqlite3_bind_int64(st, 3, s->run);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return db_err(s, "cannot record an input", err, errlen);
    s->input = sqlite3_last_insert_rowid(s->db);
    return SL_OK;
}

/* The groups and day tallies in their tables' key order (findings.fp as a signed rowid;
 * day_findings by day, then fp), so each insert lands next to the last one in the B-tree
 * instead of at a random place. flush sorts them in place: it empties both (and their
 * indexes) when done. */
static int cmp_i64(int64_t x, int64_t y) { return (x > y) - (x < y); }
static int by_fp(const void *a, const void *b)
{
    return cmp_i64((int64_t)((const grp *)a)->fp, (int64_t)((const grp *)b)->fp);
}
static int by_day_fp(const void *a, const void *b)
{
    const dayfp *x = a, *y = b;
    return x->day != y->day ? cmp_i64(x->day, y->day) : cmp_i64((int64_t)x->fp, (int64_t)y->fp);
}

/* Writes the groups and per-day finding counts kept so far (inside the input's transaction). */
static sl_status flush(sl_state *s, char *err, size_t errlen)
{
    clients_settle(s);
    if (!s->ngroups && !s->ndfp && !s->ndcl) return SL_OK;
    if (!in_tx(s) && exec(s, "BEGIN IMMEDIATE") != SQLITE_OK)
        return db_err(s, "cannot write", err, errlen);
    if (need_input_id(s, err, errlen)) return SL_EIO;
    sqlite3_stmt *g = prep(s,
        "INSERT INTO findings(fp, rule, severity, method, host, route, status, count, first_time,"
        " last_time, first_run, last_run) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?11)"
        " ON CONFLICT(fp) DO UPDATE SET count=count+excluded.count, severity=excluded.severity,"
        " first_time=coalesce(min(first_time, excluded.first_time), first_time, excluded.first_time),"
        " last_time=coalesce(max(last_time, excluded.last_time), last_time, excluded.last_time),"
        " last_run=excluded.last_run");
    sqlite3_stmt *d = prep(s, "INSERT INTO day_findings(input, day, fp, n) VALUES(?,?,?,?)"
                              " ON CONFLICT DO UPDATE SET n=n+excluded.n");
    sl_status rc = SL_OK;
    if (!g || !d) rc = db_err(s, "cannot write findings", err, errlen);
    qsort(s->groups, s->ngroups, sizeof *s->groups, by_fp);
    qsort(s->dfp, s->ndfp, sizeof *s->dfp, by_day_fp);
    for (size_t i = 0; !rc && i < s->ngroups; i++) {
        const grp *e = &s->groups[i];
        sqlite3_reset(g);
        sqlite3_bind_int64(g, 1, (int64_t)e->fp);
        sqlite3_bind_text(g, 2, e->rule, -1, SQLITE_STATIC);
        sqlite3_bind_int(g, 3, e->severity);
        sqlite3_bind_text(g, 4, s->text.p + e->method, -1, SQLITE_STATIC);
        sqlite3_bind_text(g, 5, s->text.p + e->host, -1, SQLITE_STATIC);
        sqlite3_bind_text(g, 6, s->text.p + e->route, -1, SQLITE_STATIC);
        sqlite3_bind_int(g, 7, e->status);
        sqlite3_bind_int64(g, 8, (int64_t)e->n);
        if (e->timed) sqlite3_bind_int64(g, 9, e->first), sqlite3_bind_int64(g, 10, e->last);
        else sqlite3_bind_null(g, 9), sqlite3_bind_null(g, 10);
        sqlite3_bind_int64(g, 11, s->run);
        if (sqlite3_step(g) != SQLITE_DONE) rc = db_err(s, "cannot write findings", err, errlen);
    }
    for (size_t i = 0; !rc && i < s->ndfp; i++) {
        const dayfp *t = &s->dfp[i];
        sqlite3_reset(d);
        sqlite3_bind_int64(d, 1, s->input);
        sqlite3_bind_int64(d, 2, t->day);
        sqlite3_bind_int64(d, 3, (int64_t)t->fp);
        sqlite3_bind_int64(d, 4, (int64_t)t->n);
        if (sqlite3_step(d) != SQLITE_DONE) rc = db_err(s, "cannot write findings", err, errlen);
    }
    sqlite3_finalize(g);
    sqlite3_finalize(d);
    if (!rc) rc = write_clients(s, err, errlen);
    clear_clients(s);
    s->ngroups = s->ndfp = 0;
    sl_u64map_clear(&s->gidx);
    sl_u64map_clear(&s->didx);
    sl_buf_clear(&s->text);
    return rc;
}

static sl_status write_days(sl_state *s, char *err, size_t errlen)
{
    sqlite3_stmt *c = prep(s, "INSERT INTO day_status(input, day, code, n) VALUES(?,?,?,?)"
                              " ON CONFLICT DO UPDATE SET n=n+excluded.n");
    sqlite3_stmt *r = prep(s, "INSERT INTO day_rejected(input, day, n) VALUES(?,?,?)"
                              " ON CONFLICT DO UPDATE SET n=n+excluded.n");
    sl_status rc = c && r ? SL_OK : db_err(s, "cannot write day summaries", err, errlen);
    for (size_t i = 0; !rc && i < s->ndays; i++) {
        const sl_daytally *t = &s->days[i];
        int64_t day = t->day == SL_STATE_NO_DAY ? -1 : t->day;
        for (int code = 0; !rc && code <= 1000; code++) {
            if (!t->status[code]) continue;
            sqlite3_reset(c);
            sqlite3_bind_int64(c, 1, s->input);
            sqlite3_bind_int64(c, 2, day);
            sqlite3_bind_int(c, 3, code);
            sqlite3_bind_int64(c, 4, t->status[code]);
            if (sqlite3_step(c) != SQLITE_DONE) rc = db_err(s, "cannot write day summaries", err, errlen);
        }
        if (rc || !t->rejected) continue;
        sqlite3_reset(r);
        sqlite3_bind_int64(r, 1, s->input);
        sqlite3_bind_int64(r, 2, day);
        sqlite3_bind_int64(r, 3, (int64_t)t->rejected);
        if (sqlite3_step(r) != SQLITE_DONE) rc = db_err(s, "cannot write day summaries", err, errlen);
    }
    sqlite3_finalize(c);
    sqlite3_finalize(r);
    return rc;
}

/* How far the current input was read, and what it is. */
static sl_status update_input(sl_state *s, const sl_state_counts *k, char *err, size_t errlen)
{
    sqlite3_stmt *u = prep(s, "UPDATE inputs SET path=?, head_len=?, head_hash=?, bytes=?,"
                              " lines=?, raw_size=?, raw_hash=?, last_run=? WHERE id=?");
    sl_status rc = u ? SL_OK : db_err(s, "cannot record an input", err, errlen);
    if (!rc) {
        sqlite3_bind_text(u, 1, s->name, -1, SQLITE_STATIC);
        sqlite3_bind_int(u, 2, s->head_len);
        sqlite3_bind_int64(u, 3, (int64_t)s->head_hash);
        sqlite3_bind_int64(u, 4, (int64_t)k->total_bytes);
        sqlite3_bind_int64(u, 5, (int64_t)k->total_lines);
        if (s->has_raw)
            sqlite3_bind_int64(u, 6, (int64_t)s->raw_size), sqlite3_bind_int64(u, 7, (int64_t)s->raw_hash);
        else
            sqlite3_bind_null(u, 6), sqlite3_bind_null(u, 7);
        sqlite3_bind_int64(u, 8, s->run);
        sqlite3_bind_int64(u, 9, s->input);
        if (sqlite3_step(u) != SQLITE_DONE) rc = db_err(s, "cannot record an input", err, errlen);
    }
    sqlite3_finalize(u);
    return rc;
}

static sl_status write_input(sl_state *s, const sl_state_counts *k, char *err, size_t errlen)
{
    sl_status rc = update_input(s, k, err, errlen);
    if (rc) return rc;
    sqlite3_stmt *r = prep(s, "INSERT INTO reads(run, input, path, from_line, lines, records,"
                              " rejected, skipped, bytes) VALUES(?,?,?,?,?,?,?,?,?)");
    if (!r) return db_err(s, "cannot record an input", err, errlen);
    {
        int64_t v[] = {s->run, s->input, 0, (int64_t)s->from_line, (int64_t)k->lines,
                       (int64_t)k->records, (int64_t)k->rejected, (int64_t)k->skipped,
                       (int64_t)(k->total_bytes - s->from_bytes)};
        for (int i = 0; i < 9; i++)
            if (i == 2) sqlite3_bind_text(r, 3, s->name, -1, SQLITE_STATIC);
            else sqlite3_bind_int64(r, i + 1, v[i]);
        if (sqlite3_step(r) != SQLITE_DONE) rc = db_err(s, "cannot record an input", err, errlen);
    }
    sqlite3_finalize(r);
    return rc;
}

/* ---- the aggregate snapshot ---- */

void sl_state_set_snapshot(sl_state *s, sl_state_snap_fn fn, void *ctx)
{
    s->snap_fn = fn;
    s->snap_ctx = ctx;
}

/* The snapshot row of this commit (inside its transaction). */
static sl_status write_snapshot(sl_state *s, char *err, size_t errlen)
{
    char why[600];
    bool have = s->snap_fn && s->snap_fn(s->snap_ctx, &s->snap);
    if (have) *why = '\0';
    else if (s->snap_fn) snprintf(why, sizeof why, "the last run could not save them");
    else snprintf(why, sizeof why, "%s was last read by a run without aggregate rules", s->name);
    sqlite3_stmt *st = prep(s, "INSERT OR REPLACE INTO agg_snapshot(id, run, data, why)"
                               " VALUES(1, ?, ?, ?)");
    if (!st) return db_err(s, "cannot save the aggregate state", err, errlen);
    sqlite3_bind_int64(st, 1, s->run);
    if (have) sqlite3_bind_blob(st, 2, s->snap.p, (int)s->snap.n, SQLITE_STATIC);
    else sqlite3_bind_null(st, 2);
    if (have) sqlite3_bind_null(st, 3);
    else sqlite3_bind_text(st, 3, why, -1, SQLITE_TRANSIENT);
    sl_status rc = sqlite3_step(st) == SQLITE_DONE
                       ? SL_OK : db_err(s, "cannot save the aggregate state", err, errlen);
    sqlite3_finalize(st);
    return rc;
}

sl_status sl_state_snapshot(sl_state *s, sl_buf *out, char *why, size_t whylen, char *err,
                            size_t errlen)
{
    sl_buf_clear(out);
    *why = '\0';
    sqlite3_stmt *st = prep(s, "SELECT data, why FROM agg_snapshot WHERE id=1");
    if (!st) return db_err(s, "cannot read the aggregate state", err, errlen);
    int rc = sqlite3_step(st);
    sl_status ret = SL_OK;
    if (rc == SQLITE_ROW) {
        const void *p = sqlite3_column_blob(st, 0);
        int n = sqlite3_column_bytes(st, 0);
        const unsigned char *w = sqlite3_column_text(st, 1);
        if (p && n > 0 && sl_buf_put(out, p, (size_t)n) != SL_OK) {
            snprintf(err, errlen, "--state %s: the aggregate state is too big to read", s->path);
            ret = SL_ELIMIT;
        } else if (!p || n <= 0) {
            snprintf(why, whylen, "%s", w ? (const char *)w : "none was saved");
        }
    } else if (rc == SQLITE_DONE) {
        if (sl_state_has_inputs(s)) snprintf(why, whylen, "the store has none yet");
    } else {
        ret = db_err(s, "cannot read the aggregate state", err, errlen);
    }
    sqlite3_finalize(st);
    return ret;
}

sl_status sl_state_input_end(sl_state *s, bool complete, const sl_state_counts *c, char *err,
                             size_t errlen)
{
    if (!s->in_input) return SL_OK;
    sl_status rc = SL_OK;
    if (!complete) { /* the next run reads it again, from where the last complete one ended */
        if (in_tx(s)) exec(s, "ROLLBACK");
        reset_input(s);
        return SL_OK;
    }
    if (*s->lasterr) {
        snprintf(err, errlen, "%s", s->lasterr);
        rc = SL_EIO;
    }
    if (!rc && !in_tx(s) && exec(s, "BEGIN IMMEDIATE") != SQLITE_OK)
        rc = db_err(s, "cannot write", err, errlen);
    if (!rc) rc = need_input_id(s, err, errlen);
    if (!rc) rc = flush(s, err, errlen);
    if (!rc) rc = write_days(s, err, errlen);
    if (!rc) rc = write_input(s, c, err, errlen);
    if (!rc) rc = write_snapshot(s, err, errlen);
    if (!rc && exec(s, "COMMIT") != SQLITE_OK) rc = db_err(s, "cannot commit", err, errlen);
    if (rc && in_tx(s)) exec(s, "ROLLBACK");
    if (!rc) s->run_lines += c->lines, s->run_inputs++;
    reset_input(s);
    return rc;
}

sl_status sl_state_run_end(sl_state *s, const sl_summary *sum, uint64_t *fresh, uint64_t *gone,
                           char *err, size_t errlen)
{
    int64_t prev = query_int(s, "SELECT max(id) FROM runs WHERE id < ? AND finished IS NOT NULL"
                                " AND lines > 0", s->run, 0, 0);
    *fresh = (uint64_t)query_int(s, "SELECT count(*) FROM findings WHERE first_run=?", s->run, 0, 0);
    *gone = s->run_lines && prev
                ? (uint64_t)query_int(s, "SELECT count(*) FROM findings WHERE last_run=?", prev, 0, 0)
                : 0;
    sqlite3_stmt *st = prep(s, "UPDATE runs SET finished=?, lines=?, records=?, rejected=?,"
                               " skipped=?, inputs=?, fresh=?, gone=? WHERE id=?");
    if (!st) return db_err(s, "cannot end the run", err, errlen);
    int64_t v[] = {sum->finished, (int64_t)s->run_lines, (int64_t)sum->records,
                   (int64_t)sum->rejected, (int64_t)sum->skipped, (int64_t)s->run_inputs,
                   (int64_t)*fresh, (int64_t)*gone, s->run};
    for (int i = 0; i < 9; i++) sqlite3_bind_int64(st, i + 1, v[i]);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return db_err(s, "cannot end the run", err, errlen);
    return SL_OK; /* its commits stay in the -wal until it is past WAL_FOLD (sl_state_close) */
}

sl_status sl_state_forget(sl_state *s, const char *path, uint64_t *n, char *err, size_t errlen)
{
    *n = 0;
    if (exec(s, "BEGIN IMMEDIATE") != SQLITE_OK) return db_err(s, "cannot write", err, errlen);
    static const char *const steps[] = {
        "CREATE TEMP TABLE gone_inputs AS SELECT id FROM inputs WHERE path=?1",
        "DELETE FROM day_status WHERE input IN (SELECT id FROM temp.gone_inputs)",
        "DELETE FROM day_rejected WHERE input IN (SELECT id FROM temp.gone_inputs)",
        "DELETE FROM day_findings WHERE input IN (SELECT id FROM temp.gone_inputs)",
        "DELETE FROM day_clients WHERE input IN (SELECT id FROM temp.gone_inputs)",
        "DELETE FROM reads WHERE input IN (SELECT id FROM temp.gone_inputs)",
        "DELETE FROM inputs WHERE id IN (SELECT id FROM temp.gone_inputs)",
        "UPDATE findings SET count=(SELECT coalesce(sum(n), 0) FROM day_findings d WHERE d.fp=findings.fp)",
        "DELETE FROM findings WHERE count=0",
    };
    sl_status rc = SL_OK;
    for (size_t i = 0; !rc && i < SL_ARRAY_LEN(steps); i++) {
        sqlite3_stmt *st = prep(s, steps[i]);
        if (!st) {
            rc = db_err(s, "cannot forget", err, errlen);
            break;
        }
        if (sqlite3_bind_parameter_count(st)) sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE) rc = db_err(s, "cannot forget", err, errlen);
        if (i == 6) *n = (uint64_t)sqlite3_changes(s->db);
        sqlite3_finalize(st);
    }
    /* the aggregate windows hold lines of the inputs forgotten, which the next run reads again */
    if (!rc && *n && exec(s, "UPDATE agg_snapshot SET data=NULL,"
                             " why='state forget removed inputs they held'") != SQLITE_OK)
        rc = db_err(s, "cannot forget", err, errlen);
    exec(s, "DROP TABLE IF EXISTS temp.gone_inputs");
    if (!rc && exec(s, "COMMIT") != SQLITE_OK) rc = db_err(s, "cannot commit", err, errlen);
    if (rc) exec(s, "ROLLBACK");
    return rc;
}

/* ---- --since / --until ---- */

bool sl_state_parse_time(const char *v, bool until, int64_t *out)
{
    size_t n = strlen(v);
    int64_t e;
    if (n == 10) { /* YYYY-MM-DD: the day's first second, or its last one for --until */
        char buf[32];
        snprintf(buf, sizeof buf, "%sT00:00:00Z", v);
        if (!sl_time_parse(sl_slice_cstr(buf), SL_TIME_ISO8601, &e)) return false;
        *out = until ? e + 86399 : e;
        return true;
    }
    /* RFC 3339 needs the date, a time and a zone */
    if (n < 20 || (v[10] != 'T' && v[10] != 't' && v[10] != ' ')) return false;
    char last = v[n - 1];
    if (last != 'Z' && last != 'z' && !(n >= 6 && (v[n - 6] == '+' || v[n - 6] == '-')))
        return false;
    if (!sl_time_parse(sl_slice_cstr(v), SL_TIME_ISO8601, &e)) return false;
    *out = e;
    return true;
}

/* ---- follow --state ---- */

bool sl_state_has_inputs(sl_state *s)
{
    return query_int(s, "SELECT count(*) FROM inputs", 0, 0, 0) > 0;
}

size_t sl_state_files_of(sl_state *s, const char *path, sl_state_file *out, size_t max)
{
    sqlite3_stmt *st = prep(s, "SELECT id, bytes, lines, head_len, head_hash FROM inputs"
                               " WHERE path=? AND head_len > 0 AND raw_size IS NULL"
                               " ORDER BY last_run DESC, id DESC LIMIT ?");
    size_t n = 0;
    if (!st) return 0;
    sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, (int64_t)max);
    while (n < max && sqlite3_step(st) == SQLITE_ROW)
        out[n++] = (sl_state_file){.id = sqlite3_column_int64(st, 0),
                                   .bytes = (uint64_t)sqlite3_column_int64(st, 1),
                                   .lines = (uint64_t)sqlite3_column_int64(st, 2),
                                   .head_len = sqlite3_column_int(st, 3),
                                   .head_hash = (uint64_t)sqlite3_column_int64(st, 4)};
    sqlite3_finalize(st);
    return n;
}

/* The hash of the first n bytes at fd; false if it holds fewer. */
static bool hash_head(int fd, size_t n, uint64_t *h)
{
    unsigned char b[SL_STATE_HEAD];
    if (n > sizeof b) n = sizeof b;
    if (pread(fd, b, n, 0) != (ssize_t)n) return false;
    *h = FNV_BASIS;
    for (size_t i = 0; i < n; i++) *h = fnv_step(*h, b[i]);
    return true;
}

bool sl_state_file_is(const sl_state_file *f, int fd)
{
    struct stat st;
    uint64_t h;
    return f->head_len > 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
           (uint64_t)st.st_size >= f->bytes && hash_head(fd, (size_t)f->head_len, &h) &&
           h == f->head_hash;
}

void sl_state_file_head(sl_state_file *f, int fd)
{
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return;
    size_t n = (uint64_t)st.st_size < SL_STATE_HEAD ? (size_t)st.st_size : SL_STATE_HEAD;
    if (hash_head(fd, n, &f->head_hash)) f->head_len = (int)n;
}

void sl_state_file_select(sl_state *s, const sl_state_file *f, const char *name)
{
    reset_input(s);
    s->in_input = true;
    s->input = f->id;
    s->old_clients = f->id != 0;
    s->has_raw = false;
    free(s->name);
    s->name = sl_xstrdup(name);
}

/* This run's reads row of the current input: one per run, grown by each batch. */
static sl_status follow_read(sl_state *s, sl_state_file *f, const sl_state_counts *k, char *err,
                             size_t errlen)
{
    sqlite3_stmt *r = f->read
        ? prep(s, "UPDATE reads SET path=?1, lines=lines+?2, records=records+?3,"
                  " rejected=rejected+?4, skipped=skipped+?5, bytes=bytes+?6 WHERE rowid=?7")
        : prep(s, "INSERT INTO reads(path, lines, records, rejected, skipped, bytes, run, input,"
                  " from_line) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)");
    if (!r) return db_err(s, "cannot record an input", err, errlen);
    sqlite3_bind_text(r, 1, s->name, -1, SQLITE_STATIC);
    int64_t v[] = {(int64_t)k->lines, (int64_t)k->records, (int64_t)k->rejected,
                   (int64_t)k->skipped, (int64_t)(k->total_bytes - f->bytes)};
    for (int i = 0; i < 5; i++) sqlite3_bind_int64(r, i + 2, v[i]);
    if (f->read) {
        sqlite3_bind_int64(r, 7, f->read);
    } else {
        sqlite3_bind_int64(r, 7, s->run);
        sqlite3_bind_int64(r, 8, s->input);
        sqlite3_bind_int64(r, 9, (int64_t)f->lines);
    }
    sl_status rc = sqlite3_step(r) == SQLITE_DONE ? SL_OK
                                                  : db_err(s, "cannot record an input", err, errlen);
    sqlite3_finalize(r);
    if (!rc && !f->read) f->read = sqlite3_last_insert_rowid(s->db);
    return rc;
}

sl_status sl_state_file_commit(sl_state *s, sl_state_file *f, int fd, const sl_state_counts *c,
                               char *err, size_t errlen)
{
    if (!s->in_input) return SL_OK;
    if (fd >= 0 && f->head_len < SL_STATE_HEAD && c->total_bytes > (uint64_t)f->head_len) {
        size_t n = c->total_bytes < SL_STATE_HEAD ? (size_t)c->total_bytes : SL_STATE_HEAD;
        if (hash_head(fd, n, &f->head_hash)) f->head_len = (int)n;
    }
    s->head_len = f->head_len;
    s->head_hash = f->head_hash;
    sl_status rc = SL_OK;
    if (*s->lasterr) {
        snprintf(err, errlen, "%s", s->lasterr);
        *s->lasterr = '\0';
        rc = SL_EIO;
    }
    bool first = !f->read;
    if (!rc && !in_tx(s) && exec(s, "BEGIN IMMEDIATE") != SQLITE_OK)
        rc = db_err(s, "cannot write", err, errlen);
    if (!rc) rc = need_input_id(s, err, errlen);
    if (!rc) rc = flush(s, err, errlen);
    if (!rc) rc = write_days(s, err, errlen);
    if (!rc) rc = update_input(s, c, err, errlen);
    int64_t read = f->read;
    if (!rc) rc = follow_read(s, f, c, err, errlen);
    if (!rc) rc = write_snapshot(s, err, errlen);
    if (!rc && exec(s, "COMMIT") != SQLITE_OK) rc = db_err(s, "cannot commit", err, errlen);
    if (rc) {
        if (in_tx(s)) exec(s, "ROLLBACK");
        f->read = read; /* not written after all */
        if (first) s->input = f->id;
    } else {
        f->id = s->input;
        f->bytes = c->total_bytes;
        f->lines = c->total_lines;
        s->run_lines += c->lines;
        s->run_inputs += first;
    }
    /* the batch is written (or dropped with its transaction): the next one starts empty */
    int64_t id = s->input;
    char *name = s->name;
    s->name = NULL;
    reset_input(s);
    s->in_input = true;
    s->input = id;
    s->old_clients = id != 0;
    s->name = name;
    return rc;
}
