/* work.h: the per-chunk work of an analysis (split lines, parse, evaluate) and its results,
 * kept apart from the run loop so the same code runs inline or on worker threads. */
#ifndef SL_WORK_H
#define SL_WORK_H
#include "base/sl_buf.h"
#include "format/fmt.h"
#include "input/in_reader.h"
#include "output/out.h"
#include "output/out_minutes.h"
#include "rule/rule.h"
#include "state/st_store.h"

/* One diagnostic line (without the program name or newline): the engine's way to speak. */
typedef void sl_msg_fn(const char *text);

/* One finding packed into a job's buffer; strings follow as offsets into the same buffer. */
#define SL_PACKED_STRS 6
typedef struct sl_packed {
    uint64_t line;           /* relative to the chunk's first line (1-based) */
    uint64_t fingerprint;
    int64_t time;
    uint32_t rule;
    int32_t status;
    uint32_t off[SL_PACKED_STRS], len[SL_PACKED_STRS]; /* method, path, host, message, route, client;
                                                      * len UINT32_MAX = null */
    uint8_t severity;
    bool has_time;
} sl_packed;

/* A packed record with this severity holds lines for aggregate rules, not a finding: its
 * string 3 is a run of consecutive lines (those between two findings, or up to a flush), each
 * an sl_agg_item, then its method, path and host (len bytes each; UINT32_MAX: null, no
 * bytes; with SL_AGG_IN_CHUNK, no bytes either: they are the job's chunk's, at[i] on), then
 * len[3] bytes of entries: one per aggregate rule that selected the line (SL_AGG_ENTRY_HDR
 * bytes, the rule and the payload's length, then the payload for the aggregate state,
 * rule/agg.h), in the order the rules ran. It sits in input order among the findings, and is
 * read while the job's chunk is still its own. Only jobs with `aggregates` set hold them. */
#define SL_PACKED_AGG 0xff
#define SL_AGG_ENTRY_HDR 8
#define SL_AGG_IN_CHUNK 0x80000000u
typedef struct sl_agg_item {
    uint64_t line;           /* as sl_packed.line */
    int64_t time;
    int32_t status;
    uint32_t len[4];         /* method, path, host (at most 4 KiB each), entries */
    uint32_t has_time;
    uint32_t at[3];          /* SL_AGG_IN_CHUNK: the value's offset in the chunk */
    uint32_t pad;
} sl_agg_item;
/* Entries of one line in one item at most (more start another item for the same line). */
#define SL_AGG_LINE_MAX ((size_t)8 << 10)

/* Findings a job holds before it hands them to the main thread (back-pressure): a job's
 * buffer never grows past SL_JOB_FINDINGS_CAP, however many findings its chunk produces. */
#define SL_JOB_FINDINGS_CAP (256u << 10)
/* The most one finding can add: the record, five fields quoted up to 4 KiB each (method,
 * path, host, route, client), the rendered message (2 KiB + "...") and alignment. */
#define SL_PACKED_MAX (sizeof(sl_packed) + (size_t)5 * 4096 + 2048 + 3 + 8)

/* Records outside [since, until] are skipped lines (--since/--until). */
typedef struct sl_window {
    bool on;
    int64_t since, until;    /* epoch seconds, both inclusive */
} sl_window;

/* Request-time histogram bounds (follow --listen), seconds; then +Inf. */
#define SL_RT_BUCKETS 11
extern const double sl_rt_bounds[SL_RT_BUCKETS];
struct sl_route_tally;

typedef struct sl_job {
    /* input */
    uint64_t seq, file_seq;
    const char *file;
    const sl_format *fmt;
    const sl_plan *plan;
    sl_chunk chunk;
    bool by_day;             /* fill days[] */
    const sl_window *window; /* NULL: every record */
    bool aggregates;         /* pack the lines of aggregate rules (SL_PACKED_AGG) */
    /* results */
    uint64_t lines, records, rejected, skipped;
    uint64_t status[1000], status_other;
    bool has_newest;
    int64_t newest;          /* log time of the chunk's newest record */
    uint64_t *by_rule;       /* [nrules] */
    size_t nrules;
    sl_buf packed;           /* sl_packed records and their strings */
    size_t packed_before;    /* bytes of them handed over while the job ran (flushes) */
    size_t nfound;
    struct { uint64_t line; const char *reason; } samples[SL_MAX_REJECT_SAMPLES];
    size_t nsamples;
    sl_daytally *days;       /* [ndays], when by_day */
    size_t ndays, days_cap;
    int64_t cur_day;         /* day of the last record parsed */
    int64_t day_lo, day_hi;  /* its seconds [lo, hi) when timed (else empty), and its tally: */
    size_t day_at;           /* days[day_at], so most records skip finding their day */
    /* days[day_at]'s records are tallied in status[] alone, and added to it (status[] less
     * day_mark[], [1000]: status_other) when another day becomes current or the job ends;
     * a job whose records keep changing day counts each in its day instead (day_direct) */
    uint64_t day_mark[1001];
    unsigned day_changes;
    bool day_direct;
    uint64_t outside;        /* records skipped by the window */
    sl_minutes *minutes;     /* --timestamps: records by minute of log time, else NULL */
    struct sl_route_tally *routes; /* follow --listen: records by route, else NULL */
} sl_job;

/* Per-thread state: a parser for the current file, an evaluator, a record and its arena. */
typedef struct sl_worker {
    const sl_ruleset *rs;
    const sl_fields *ft;
    sl_evaluator *ev;
    sl_parser *parser;
    uint64_t parser_file;    /* file_seq the parser belongs to */
    int clear_ids[SL_MAX_FIELDS];
    int nclear;
    sl_arena arena;
    sl_record rec;
    sl_job *job;             /* during a hit callback */
    uint64_t cur_line;
    uint64_t file_lines;     /* lines of the current file run through this worker */
    uint64_t job_base;       /* file_lines when the current job began */
    /* lines of a record still open (SL_LINE_PENDING), kept to read them again if it fails */
    sl_buf held;
    struct { uint64_t line; size_t off, len; } held_at[SL_SPAN_LINES];
    size_t nheld;
    char tcache[64];         /* the last time field parsed (lines share their second) */
    size_t tcache_n;
    /* Called when the job's findings buffer is nearly full; must leave j->packed empty
     * (the findings written out in order) before it returns. NULL: the buffer grows. */
    void (*flush)(void *ctx, sl_job *j);
    void *flush_ctx;
    /* Called (with flush_ctx) every SL_WORKER_POLL_LINES lines of a job; NULL: never. The
     * engine's thread uses it to write out older jobs of the workers meanwhile. */
    void (*poll)(void *ctx, sl_job *j);
    bool tcache_ok;          /* tcache parsed, as tcache_time */
    int64_t tcache_time;
    bool cur_timed;          /* the record being evaluated has a time: cur_time */
    int64_t cur_time;
    size_t agg_run;          /* offset in the job's buffer of the open SL_PACKED_AGG record,
                              * SIZE_MAX: none open */
    size_t agg_item;         /* offset of the current line's open sl_agg_item, SIZE_MAX: none */
    size_t agg_entries;      /* bytes of entries it holds */
} sl_worker;

#define SL_WORKER_POLL_LINES 256
void sl_worker_init(sl_worker *w, const sl_ruleset *rs, const sl_fields *ft);
void sl_worker_fini(sl_worker *w);
/* Frees the parser of the file just finished (before its format is freed). */
void sl_worker_drop_parser(sl_worker *w);
/* Resets the job's results (keeps its buffers). */
void sl_job_reset(sl_job *j, size_t nrules);
void sl_job_fini(sl_job *j);
/* Parses and evaluates every line of j->chunk. */
void sl_worker_run(sl_worker *w, sl_job *j);
/* At the end of a file read by this worker alone (a stateful format): a record still open
 * fails, its first line is rejected in j and the lines after it are read again into j. */
void sl_worker_end_input(sl_worker *w, sl_job *j);
/* The packed findings of a job, in order: call with *pos = 0 until it returns false. */
bool sl_job_next_finding(const sl_job *j, size_t *pos, const sl_packed **pf);
static inline sl_slice sl_job_str(const sl_job *j, const sl_packed *pf, int k)
{
    return pf->len[k] == UINT32_MAX ? SL_SLICE_NULL
                                    : sl_slice_make(j->packed.p + pf->off[k], pf->len[k]);
}

#endif
