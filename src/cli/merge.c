/* merge.c: `statuslint merge`: reads partial summaries (docs/partial.md), checks every one
 * of them whole (magic, version, length + checksum trailer, rule pack, record syntax)
 * before anything is written, then replays their inputs into the ordinary sinks in the
 * canonical order (input name, byte order; ties in the order given) and adds up the
 * accounting, so the reports equal one run over the same files given in that order.
 *
 * Two passes, so memory does not grow with the partials: the first reads one partial at a
 * time, checks it and keeps only each input's counts, samples, rules-off reasons and where
 * its records lie; the second reads each input's records again (from the file, or from a
 * spool file for stdin and --kv) and hands its findings to the sinks one by one. A file
 * that changed between the passes is an error, and nothing is written. */
#include "base/sl_alloc.h"
#include "cli/merge.h"
#include "cli/msg.h"
#include "cli/run.h"
#include "output/out_fanout.h"
#include "output/out_minutes.h"
#include "output/out_partial.h"
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_FIELDS 16

typedef struct m_reject {
    uint64_t line;
    char *reason;                     /* owned */
} m_reject;

typedef struct m_off {
    size_t rule;
    char *why;                        /* owned */
} m_off;

typedef struct m_input {
    char *name;                       /* owned */
    size_t part, seq;                 /* which partial, and where in it */
    size_t src;                       /* which source (file given) it is in */
    uint64_t off0, off1;              /* its records' bytes in the source */
    size_t nf, r0, nr, o0, no;        /* findings; ranges in the merge's arrays */
    bool done;
    bool after_finding;               /* reading: the last record was a finding */
    sl_partial_counts c;
} m_input;

typedef struct m_agg {
    char *kind, *p;                   /* owned */
    size_t n;
} m_agg;

/* Where a partial's bytes can be read again in the second pass. */
typedef struct m_src {
    const char *path;                 /* as given; "stdin" for - */
    bool spooled;                     /* in m->spool from base (stdin, --kv) */
    uint64_t base;
    struct stat st;                   /* a file's, to notice a change between the passes */
} m_src;

typedef struct merge {
    const sl_opts *o;
    sl_fields *ft;
    sl_ruleset *rs;
    sl_config cfg;
    bool have_cfg;
    size_t nrules;
    uint64_t digest;
    m_src *src;                       /* [o->nargs] */
    size_t nsrc;
    FILE *spool;                      /* stdin's and --kv's decoded bytes, or NULL */
    uint64_t spooled;
    char *scratch;                    /* the second pass's section buffer */
    size_t capscratch;
    const char *first_path;           /* the first partial, for mismatch messages */
    uint64_t first_digest;
    size_t nparts;
    m_reject *rj;
    size_t nrj, caprj;
    m_off *off;
    size_t noff, capoff;
    m_input *in;
    size_t nin, capin;
    m_agg *agg;
    size_t nagg, capagg;
    sl_aggstate *aggst;               /* the aggregate rules' statistics, summed; or NULL */
    sl_summary sum;
    uint64_t *gave_up;
    sl_minutes minutes;
    bool any_minutes, baseline, all_success, started_set;
    char err[768];
} merge;

#define GROW(arr, n, cap)                                                                          \
    do {                                                                                           \
        if ((n) == (cap)) {                                                                        \
            (cap) = (cap) ? (cap) * 2 : 64;                                                        \
            (arr) = sl_xrealloc((arr), (cap) * sizeof *(arr));                                     \
        }                                                                                          \
    } while (0)

/* ---- reading ---- */

static char *read_all(FILE *f, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *b = sl_xmalloc(cap + 1);
    size_t got;
    while ((got = fread(b + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) b = sl_xrealloc(b, (cap *= 2) + 1);
    }
    if (ferror(f)) {
        free(b);
        return NULL;
    }
    b[n] = '\0';
    *len = n;
    return b;
}

static bool parse_u64(const char *s, uint64_t *v)
{
    if (!*s || *s < '0' || *s > '9') return false;
    char *end;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 10);
    if (errno || *end) return false;
    *v = x;
    return true;
}

static bool parse_i64(const char *s, int64_t *v)
{
    if (!*s) return false;
    char *end;
    errno = 0;
    long long x = strtoll(s, &end, 10);
    if (errno || *end) return false;
    *v = x;
    return true;
}

/* A field as a view: \N is null. */
static sl_slice field_slice(char *p, size_t n)
{
    return n == 2 && p[0] == '\\' && p[1] == 'N' ? (sl_slice){NULL, 0} : (sl_slice){p, n};
}

typedef struct m_line {
    char *f[MAX_FIELDS];
    size_t len[MAX_FIELDS];
    size_t n;
} m_line;

/* Splits one line (NUL-terminated in place) at TABs and unescapes each field, except a
 * field that is exactly \N (null), which is kept as is. */
static bool split(char *p, m_line *l)
{
    static char empty[] = "";
    for (size_t i = 0; i < MAX_FIELDS; i++) l->f[i] = empty, l->len[i] = 0;
    l->n = 0;
    for (;;) {
        char *t = strchr(p, '\t');
        size_t n = t ? (size_t)(t - p) : strlen(p);
        if (l->n == MAX_FIELDS) return false;
        if (!(n == 2 && p[0] == '\\' && p[1] == 'N')) {
            size_t m = sl_partial_unescape(p, n);
            if (m == SIZE_MAX) return false;
            p[m] = '\0';
            n = m;
        } else {
            p[2] = '\0';
        }
        l->f[l->n] = p;
        l->len[l->n++] = n;
        if (!t) return true;
        p = t + 1;
    }
}

static bool bad(merge *m, const char *path, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static bool bad(merge *m, const char *path, size_t line, const char *fmt, ...)
{
    char why[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    if (line) snprintf(m->err, sizeof m->err, "%s:%zu: %s", path, line, why);
    else snprintf(m->err, sizeof m->err, "%s: %s", path, why);
    return false;
}

static m_input *cur_input(merge *m, size_t part)
{
    return m->nin && m->in[m->nin - 1].part == part ? &m->in[m->nin - 1] : NULL;
}

static bool want_fields(merge *m, const char *path, size_t ln, const m_line *l, size_t n)
{
    if (l->n == n) return true;
    return bad(m, path, ln, "a '%s' record has %zu fields, not %zu", l->f[0], l->n, n);
}

/* A finding record into *f (its strings point into l's line). */
static bool parse_finding(merge *m, const char *path, size_t ln, const m_line *l,
                          const char *name, sl_finding *f)
{
    uint64_t line, rule, fp;
    int64_t sev, status, t = 0;
    if (!want_fields(m, path, ln, l, 13)) return false;
    char *end;
    errno = 0;
    fp = strtoull(l->f[11], &end, 16);
    if (!parse_u64(l->f[1], &line) || !parse_u64(l->f[2], &rule) || rule >= m->nrules ||
        !parse_i64(l->f[3], &sev) || sev < SL_SEV_INFO || sev > SL_SEV_ERROR ||
        !parse_i64(l->f[4], &status) || status < -1 || status > 999 ||
        (!sl_slice_null(field_slice(l->f[9], l->len[9])) && !parse_i64(l->f[9], &t)) ||
        errno || *end || l->len[11] != 16)
        return bad(m, path, ln, "malformed finding record");
    *f = (sl_finding){.file = name, .line = line, .rule = (size_t)rule,
                      .info = sl_ruleset_info(m->rs, (size_t)rule), .severity = (sl_severity)sev,
                      .status = (int)status, .method = field_slice(l->f[5], l->len[5]),
                      .path = field_slice(l->f[6], l->len[6]),
                      .host = field_slice(l->f[7], l->len[7]),
                      .route = field_slice(l->f[8], l->len[8]),
                      .has_time = !sl_slice_null(field_slice(l->f[9], l->len[9])), .time = t,
                      .message = field_slice(l->f[10], l->len[10]), .fingerprint = fp};
    f->baselined = strchr(l->f[12], 'b') != NULL;
    f->has_new = strchr(l->f[12], 'n') || strchr(l->f[12], 'o');
    f->is_new = strchr(l->f[12], 'n') != NULL;
    return true;
}

/* An aggregate finding's record (it follows its finding) into *a; file names point into l. */
static bool parse_fagg(merge *m, const char *path, size_t ln, const m_line *l, sl_agg_result *a)
{
    int64_t span, t0, t1;
    *a = (sl_agg_result){.retries = -1};
    /* clients and retries came later: a record without them still reads, as not known */
    if (l->n == 11 && (!parse_u64(l->f[9], &a->clients) || !parse_i64(l->f[10], &a->retries) ||
                       a->retries < -1))
        return bad(m, path, ln, "malformed fagg record");
    if (l->n != 11 && !want_fields(m, path, ln, l, 9)) return false;
    if (!parse_u64(l->f[1], &a->count) ||
        !parse_i64(l->f[2], &span) || !parse_u64(l->f[4], &a->first.line) ||
        !parse_i64(l->f[5], &t0) || !parse_u64(l->f[7], &a->last.line) ||
        !parse_i64(l->f[8], &t1))
        return bad(m, path, ln, "malformed fagg record");
    a->span = span;
    a->first.file = l->f[3];
    a->first.time = t0;
    a->last.file = l->f[6];
    a->last.time = t1;
    return true;
}

static bool rec_count(merge *m, const char *path, size_t ln, const m_line *l)
{
    uint64_t v;
    if (!want_fields(m, path, ln, l, 3) || !parse_u64(l->f[2], &v))
        return bad(m, path, ln, "malformed count record");
    sl_summary *s = &m->sum;
    struct { const char *name; uint64_t *p; } t[] = {
        {"files", &s->files}, {"lines", &s->lines}, {"records", &s->records},
        {"rejected", &s->rejected}, {"skipped", &s->skipped}, {"bytes", &s->bytes},
        {"error", &s->findings[SL_SEV_ERROR]}, {"warning", &s->findings[SL_SEV_WARNING]},
        {"info", &s->findings[SL_SEV_INFO]}, {"status_other", &s->status_other},
        {"suppressed", &s->suppressed}, {"baselined", &s->baselined},
        {"regex_limit", &s->regex_limit}, {"input_errors", &s->input_errors},
        {"rules_off", NULL}, /* recomputed: distinct rules over every input */
        {"state_unchanged", &s->state_unchanged}, {"state_resumed", &s->state_resumed},
        {"state_new", &s->state_new}, {"state_fresh", &s->state_fresh},
        {"state_gone", &s->state_gone}};
    for (size_t i = 0; i < SL_ARRAY_LEN(t); i++)
        if (!strcmp(l->f[1], t[i].name)) {
            if (t[i].p) *t[i].p += v;
            return true;
        }
    return bad(m, path, ln, "unknown count '%s'", l->f[1]);
}

static bool rec_summary(merge *m, const char *path, size_t ln, const m_line *l)
{
    const char *k = l->f[0];
    sl_summary *s = &m->sum;
    uint64_t a, b;
    int64_t t;
    if (!strcmp(k, "count")) return rec_count(m, path, ln, l);
    if (!strcmp(k, "flag")) {
        if (!want_fields(m, path, ln, l, 3) || !parse_u64(l->f[2], &a) || a > 1)
            return bad(m, path, ln, "malformed flag record");
        if (!strcmp(l->f[1], "success")) m->all_success &= a == 1;
        else if (!strcmp(l->f[1], "state")) s->state |= a == 1;
        else if (!strcmp(l->f[1], "baseline")) m->baseline |= a == 1;
        else return bad(m, path, ln, "unknown flag '%s'", l->f[1]);
        return true;
    }
    if (!strcmp(k, "time")) {
        if (!want_fields(m, path, ln, l, 3)) return false;
        if (!strcmp(l->f[1], "seconds")) {
            char *end;
            double d = strtod(l->f[2], &end);
            if (*end || d < 0) return bad(m, path, ln, "malformed time record");
            s->seconds += d;
            return true;
        }
        if (!parse_i64(l->f[2], &t)) return bad(m, path, ln, "malformed time record");
        if (!strcmp(l->f[1], "started")) {
            if (!m->started_set || t < s->started) s->started = t;
            m->started_set = true;
        } else if (!strcmp(l->f[1], "finished")) {
            if (t > s->finished) s->finished = t;
        } else if (!strcmp(l->f[1], "newest")) {
            if (!s->has_newest || t > s->newest) s->newest = t;
            s->has_newest = true;
        } else return bad(m, path, ln, "unknown time '%s'", l->f[1]);
        return true;
    }
    if (!strcmp(k, "status") || !strcmp(k, "byrule") || !strcmp(k, "giveup")) {
        if (!want_fields(m, path, ln, l, 3) || !parse_u64(l->f[1], &a) || !parse_u64(l->f[2], &b))
            return bad(m, path, ln, "malformed %s record", k);
        if (k[0] == 's' && a < 1000) s->status[a] += b;
        else if (k[0] == 'b' && a < m->nrules) s->by_rule[a] += b;
        else if (k[0] == 'g' && a < m->nrules) m->gave_up[a] += b;
        else return bad(m, path, ln, "%s record out of range", k);
        return true;
    }
    if (!strcmp(k, "minute")) {
        uint64_t kind, label, n;
        if (!want_fields(m, path, ln, l, 5) || !parse_i64(l->f[1], &t) ||
            !parse_u64(l->f[2], &kind) || kind > SL_MIN_FINDING || !parse_u64(l->f[3], &label) ||
            label > UINT32_MAX || !parse_u64(l->f[4], &n))
            return bad(m, path, ln, "malformed minute record");
        sl_minutes_add(&m->minutes, t, (sl_minute_kind)kind, (uint32_t)label, n);
        m->any_minutes = true;
        return true;
    }
    if (!strcmp(k, "aggstat")) {
        uint64_t v[8];
        if (!want_fields(m, path, ln, l, 9)) return false;
        for (size_t i = 0; i < 8; i++)
            if (!parse_u64(l->f[i + 1], &v[i])) return bad(m, path, ln, "malformed aggstat record");
        if (v[0] >= m->nrules || !sl_ruleset_info(m->rs, (size_t)v[0])->aggregate)
            return bad(m, path, ln, "aggstat record for a rule that is not an aggregate rule");
        if (!m->aggst) m->aggst = sl_agg_new_stats(m->rs);
        sl_agg_stats add = {.lines = v[1], .findings = v[2], .quieted = v[3], .capacity = v[4],
                            .evicted = v[5], .late = v[6], .untimed = v[7]};
        sl_agg_stats_add(m->aggst, (size_t)v[0], &add);
        return true;
    }
    if (!strcmp(k, "agg")) {
        if (!want_fields(m, path, ln, l, 3)) return false;
        GROW(m->agg, m->nagg, m->capagg);
        char *payload = sl_xmalloc(l->len[2] + 1);
        memcpy(payload, l->f[2], l->len[2] + 1);
        m->agg[m->nagg++] = (m_agg){sl_xstrdup(l->f[1]), payload, l->len[2]};
        return true;
    }
    return bad(m, path, ln, "unknown record '%s'", k);
}

/* The rule pack must be the merge's own (and so every partial's alike). */
static bool rec_rules(merge *m, const char *path, size_t ln, const m_line *l)
{
    uint64_t n;
    char *end;
    if (!want_fields(m, path, ln, l, 3) || !parse_u64(l->f[1], &n))
        return bad(m, path, ln, "malformed rules record");
    uint64_t d = strtoull(l->f[2], &end, 16);
    if (*end || l->len[2] != 16) return bad(m, path, ln, "malformed rules record");
    if (m->first_path && d != m->first_digest)
        return bad(m, path, ln, "written with another rule pack than %s (%" PRIu64 " rules, "
                   "digest %016" PRIx64 " vs %016" PRIx64 "): merge only partials of runs with "
                   "the same rules and settings", m->first_path, n, d, m->first_digest);
    if (!m->first_path) m->first_path = path, m->first_digest = d;
    if (d != m->digest || n != m->nrules)
        return bad(m, path, ln, "written with another rule pack than this merge loaded (%" PRIu64
                   " rules, digest %016" PRIx64 "; here %zu rules, %016" PRIx64 "): give merge "
                   "the runs' --rules, --no-default-rules and --config", n, d, m->nrules,
                   m->digest);
    return true;
}

/* An input's records; [lo, hi) are the line's bytes in the source. */
static bool rec_input(merge *m, const char *path, size_t ln, const m_line *l, size_t part,
                      uint64_t lo, uint64_t hi)
{
    const char *k = l->f[0];
    m_input *in = cur_input(m, part);
    if (!strcmp(k, "input")) {
        if (!want_fields(m, path, ln, l, 2) || sl_slice_null(field_slice(l->f[1], l->len[1])))
            return bad(m, path, ln, "malformed input record");
        GROW(m->in, m->nin, m->capin);
        m->in[m->nin] = (m_input){.name = sl_xstrdup(l->f[1]), .part = part, .seq = m->nin,
                                  .src = m->nsrc - 1, .off0 = lo, .off1 = hi, .r0 = m->nrj,
                                  .o0 = m->noff};
        m->nin++;
        return true;
    }
    if (!in || in->done) return bad(m, path, ln, "a '%s' record outside an input", k);
    in->off1 = hi;
    if (!strcmp(k, "finding")) {
        sl_finding f;
        in->nf++;
        in->after_finding = true;
        return parse_finding(m, path, ln, l, in->name, &f);
    }
    if (!strcmp(k, "fagg")) {
        sl_agg_result a;
        if (!in->after_finding) return bad(m, path, ln, "a 'fagg' record not after a finding");
        in->after_finding = false;
        return parse_fagg(m, path, ln, l, &a);
    }
    in->after_finding = false;
    uint64_t a;
    if (!strcmp(k, "reject")) {
        if (!want_fields(m, path, ln, l, 3) || !parse_u64(l->f[1], &a))
            return bad(m, path, ln, "malformed reject record");
        GROW(m->rj, m->nrj, m->caprj);
        m->rj[m->nrj++] = (m_reject){a, sl_xstrdup(l->f[2])};
        in->nr++;
        return true;
    }
    if (!strcmp(k, "off")) {
        if (!want_fields(m, path, ln, l, 3) || !parse_u64(l->f[1], &a) || a >= m->nrules)
            return bad(m, path, ln, "malformed off record");
        GROW(m->off, m->noff, m->capoff);
        m->off[m->noff++] = (m_off){(size_t)a, sl_xstrdup(l->f[2])};
        in->no++;
        return true;
    }
    /* done */
    uint64_t v[7];
    if (!want_fields(m, path, ln, l, 8)) return false;
    for (size_t i = 0; i < 7; i++)
        if (!parse_u64(l->f[i + 1], &v[i])) return bad(m, path, ln, "malformed done record");
    in->c = (sl_partial_counts){v[0], v[1], v[2], v[3], v[4], v[5], v[6]};
    in->done = true;
    return true;
}

/* One partial in p[0..n) (a NUL follows), whose last line is its trailer; p is at byte off
 * of its source. */
static bool parse_partial(merge *m, const char *path, size_t line0, char *p, size_t n,
                          uint64_t off)
{
    size_t part = m->nparts++;
    size_t ln = line0;
    bool rules = false;
    char *start = p, *end = p + n;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        *nl = '\0'; /* parse_stream made sure every line ends with one */
        ln++;
        m_line l;
        if (!split(p, &l)) return bad(m, path, ln, "bad escape or too many fields");
        const char *k = l.f[0];
        bool ok = true;
        if (ln == line0 + 1 || !strcmp(k, "tool") || !strcmp(k, "rule")) {
            ; /* magic and version: checked by parse_stream; rule ids: in the digest */
        } else if (!strcmp(k, "rules")) {
            ok = rec_rules(m, path, ln, &l);
            rules = true;
        } else if (!rules) {
            ok = bad(m, path, ln, "a '%s' record before the rules record", k);
        } else if (!strcmp(k, "input") || !strcmp(k, "finding") || !strcmp(k, "fagg") ||
                   !strcmp(k, "reject") ||
                   !strcmp(k, "off") || !strcmp(k, "done")) {
            ok = rec_input(m, path, ln, &l, part, off + (uint64_t)(p - start),
                           off + (uint64_t)(nl + 1 - start));
        } else {
            ok = rec_summary(m, path, ln, &l);
        }
        if (!ok) return false;
        p = nl + 1;
    }
    if (!rules) return bad(m, path, 0, "no rules record");
    return true;
}

/* A file (or stdin) holds one or more partials, each closed by its trailer. */
static bool parse_stream(merge *m, const char *path, char *b, size_t n)
{
    size_t at = 0, line = 0;
    if (n == 0) return bad(m, path, 0, "empty: not a statuslint partial");
    while (at < n) {
        char *p = b + at;
        size_t ml = strlen(SL_PARTIAL_MAGIC);
        if (n - at < ml + 1 || memcmp(p, SL_PARTIAL_MAGIC "\t", ml + 1) != 0)
            return bad(m, path, line + 1, "not a statuslint partial (its first line should begin "
                       "'%s'; write one with -f partial)", SL_PARTIAL_MAGIC);
        int64_t ver = 0;
        char vbuf[24];
        size_t vl = 0;
        while (at + ml + 1 + vl < n && vl < sizeof vbuf - 1 && p[ml + 1 + vl] != '\n')
            vbuf[vl] = p[ml + 1 + vl], vl++;
        vbuf[vl] = '\0';
        if (!parse_i64(vbuf, &ver) || ver < 1)
            return bad(m, path, line + 1, "bad format version '%s'", vbuf);
        if (ver > SL_PARTIAL_VERSION)
            return bad(m, path, line + 1, "partial format version %" PRId64 " is newer than this "
                       "statuslint reads (%d): merge with the statuslint that wrote it", ver,
                       SL_PARTIAL_VERSION);
        /* the trailer: the first line from here that begins "end\t" */
        size_t lines = 0, pos = at, tr = SIZE_MAX;
        while (pos < n) {
            char *nl = memchr(b + pos, '\n', n - pos);
            if (!nl) break;
            if (!strncmp(b + pos, "end\t", 4)) {
                tr = pos;
                break;
            }
            lines++;
            pos = (size_t)(nl - b) + 1;
        }
        if (tr == SIZE_MAX)
            return bad(m, path, 0, "truncated: no end record (the run that wrote it did not "
                       "finish, or the file was cut short)");
        char *tnl = memchr(b + tr, '\n', n - tr);
        *tnl = '\0';
        m_line l;
        uint64_t len = 0, sum = 0;
        char *e = NULL;
        bool ok = split(b + tr, &l) && l.n == 3 && parse_u64(l.f[1], &len);
        if (ok) {
            errno = 0;
            sum = strtoull(l.f[2], &e, 16);
            ok = !errno && !*e && l.len[2] == 16;
        }
        if (!ok) return bad(m, path, line + lines + 1, "malformed end record");
        if (len != tr - at)
            return bad(m, path, line + lines + 1, "truncated or altered: %zu bytes before the end "
                       "record, which says %" PRIu64, tr - at, len);
        if (sl_partial_fnv(SL_FNV_INIT, p, len) != sum)
            return bad(m, path, line + lines + 1, "checksum mismatch: the file was altered or "
                       "damaged after it was written");
        if (!parse_partial(m, path, line, p, len, at)) return false;
        line += lines + 1;
        at = (size_t)(tnl - b) + 1;
    }
    return true;
}

/* ---- --kv: key<TAB>base64(partial) records, one per partial ---- */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int b64_val(unsigned char c)
{
    const char *q = c ? strchr(b64, c) : NULL;
    return q ? (int)(q - b64) : -1;
}

/* Decodes the value of every key<TAB>value line into one buffer of partials. */
static char *kv_decode(merge *m, const char *path, const char *b, size_t n, size_t *out)
{
    char *o = sl_xmalloc(n + 1);
    size_t on = 0, ln = 0;
    const char *p = b, *end = b + n;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        ln++;
        const char *tab = memchr(p, '\t', (size_t)(le - p));
        if (le > p && le[-1] == '\r') le--;
        if (p == le) { /* an empty line */
            p = nl ? nl + 1 : end;
            continue;
        }
        if (!tab) {
            bad(m, path, ln, "not a key<TAB>value record (write them with statuslint map --kv)");
            free(o);
            return NULL;
        }
        uint32_t acc = 0;
        int bits = 0;
        for (const char *q = tab + 1; q < le && *q != '='; q++) {
            int v = b64_val((unsigned char)*q);
            if (v < 0) {
                bad(m, path, ln, "bad base64 in the value");
                free(o);
                return NULL;
            }
            acc = (acc << 6) | (uint32_t)v;
            bits += 6;
            if (bits >= 8) o[on++] = (char)((acc >> (bits -= 8)) & 0xff);
        }
        p = nl ? nl + 1 : end;
    }
    o[on] = '\0';
    *out = on;
    return o;
}

static void kv_encode(FILE *out, const char *key, const unsigned char *p, size_t n)
{
    fputs(key, out);
    fputc('\t', out);
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16;
        if (i + 1 < n) v |= (uint32_t)p[i + 1] << 8;
        if (i + 2 < n) v |= p[i + 2];
        fputc(b64[v >> 18 & 63], out);
        fputc(b64[v >> 12 & 63], out);
        fputc(i + 1 < n ? b64[v >> 6 & 63] : '=', out);
        fputc(i + 2 < n ? b64[v & 63] : '=', out);
    }
    fputc('\n', out);
}

/* ---- replay ---- */

static int cmp_input(const void *a, const void *b)
{
    const m_input *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    if (c) return c;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static bool open_outputs(merge *m, sl_fanout *fo, sl_outfile **outs, int fail_on)
{
    const sl_opts *o = m->o;
    static const char *const deflt[] = {"text"};
    const char *const *fmts = o->nsinks ? o->formats : deflt;
    size_t n = o->nsinks ? o->nsinks : 1;
    char err[512];
    for (size_t i = 0; i < n; i++) {
        const char *path = o->nsinks ? o->outputs[i] : NULL;
        sl_outfile *of = sl_outfile_open(path, err, sizeof err);
        if (!of) {
            sl_msg("%s", err);
            return false;
        }
        FILE *f = sl_outfile_stream(of);
        bool color = o->color == 1 || (o->color < 0 && isatty(fileno(f)) && !sl_env_set("NO_COLOR"));
        sl_sink_opts so = {.color = color && !strcmp(fmts[i], "text"), .version = SL_VERSION,
                           .max_results = 25000, .group = o->group, .inputs = o->args,
                           .ninputs = o->nargs, .timestamps = o->timestamps};
        outs[i] = of;
        if (sl_fanout_open(fo, fmts[i], f, m->rs, &so, m->baseline, fail_on) != SL_OK) {
            sl_msg("%s: %s", path ? path : "stdout", strerror(errno));
            return false;
        }
    }
    return true;
}

/* Reads [in->off0, in->off1) of the input's source again into m->scratch (NUL-ended). */
static bool section(merge *m, const m_input *in)
{
    const m_src *sr = &m->src[in->src];
    size_t len = (size_t)(in->off1 - in->off0);
    if (len + 1 > m->capscratch) m->scratch = sl_xrealloc(m->scratch, m->capscratch = len + 1);
    int fd = sr->spooled ? fileno(m->spool) : open(sr->path, O_RDONLY);
    uint64_t at = sr->spooled ? sr->base + in->off0 : in->off0;
    struct stat st;
    bool same = fd >= 0 && (sr->spooled ||
                            (fstat(fd, &st) == 0 && st.st_dev == sr->st.st_dev &&
                             st.st_ino == sr->st.st_ino && st.st_size == sr->st.st_size &&
                             st.st_mtim.tv_sec == sr->st.st_mtim.tv_sec &&
                             st.st_mtim.tv_nsec == sr->st.st_mtim.tv_nsec));
    size_t got = 0;
    while (same && got < len) {
        ssize_t r = pread(fd, m->scratch + got, len - got, (off_t)(at + got));
        if (r <= 0) break;
        got += (size_t)r;
    }
    if (fd >= 0 && !sr->spooled) close(fd);
    m->scratch[got] = '\0';
    if (!same || got != len)
        return bad(m, sr->path, 0, "%s", same ? "could not be read again" : "changed while it was "
                   "being merged");
    return true;
}

static void emit_finding(sl_fanout *fo, const sl_finding *f, int fail_on, bool *failed)
{
    if (!f->baselined && fail_on != SL_SEV_NONE && (int)f->severity >= fail_on) *failed = true;
    sl_fanout_finding(fo, f);
}

/* The input's findings, read again and handed to the sinks one by one. */
static bool replay_findings(merge *m, const m_input *in, sl_fanout *fo, int fail_on,
                            bool *failed)
{
    if (!in->nf) return true;
    if (!section(m, in)) return false;
    size_t seen = 0;
    const char *path = m->src[in->src].path;
    sl_finding f = {0};
    sl_agg_result a;
    bool pending = false; /* f waits for the fagg record that may follow it */
    for (char *p = m->scratch, *nl; *p && (nl = strchr(p, '\n')); p = nl + 1) {
        *nl = '\0';
        bool fin = strncmp(p, "finding\t", 8) == 0, fagg = strncmp(p, "fagg\t", 5) == 0;
        if (!fin && !fagg) continue;
        m_line l;
        if (fagg) {
            if (!pending || !split(p, &l) || !parse_fagg(m, path, 0, &l, &a))
                return bad(m, path, 0, "changed while it was being merged");
            f.agg = &a;
            continue;
        }
        if (pending) emit_finding(fo, &f, fail_on, failed);
        f = (sl_finding){0};
        if (!split(p, &l) || !parse_finding(m, path, 0, &l, in->name, &f))
            return bad(m, path, 0, "changed while it was being merged");
        pending = true;
        seen++;
    }
    if (pending) emit_finding(fo, &f, fail_on, failed);
    if (seen != in->nf) return bad(m, path, 0, "changed while it was being merged");
    return true;
}

static bool replay_input(merge *m, const m_input *in, sl_fanout *fo, bool *off, int fail_on,
                         bool *failed)
{
    for (size_t i = 0; i < in->no; i++) {
        const m_off *x = &m->off[in->o0 + i];
        m->sum.rules_off += !off[x->rule];
        off[x->rule] = true;
        sl_fanout_rule_off(fo, x->rule, x->why);
        for (size_t k = 0; k < fo->n; k++) sl_partial_rule_off(fo->sinks[k], in->name, x->rule, x->why);
    }
    if (!replay_findings(m, in, fo, fail_on, failed)) return false;
    for (size_t i = 0; i < in->nr; i++) {
        const m_reject *x = &m->rj[in->r0 + i];
        if (m->sum.nsamples < SL_MAX_REJECT_SAMPLES)
            m->sum.samples[m->sum.nsamples++] = (sl_reject_sample){in->name, x->line, x->reason};
        for (size_t k = 0; k < fo->n; k++)
            sl_partial_reject(fo->sinks[k], in->name, x->line, x->reason);
    }
    if (in->done)
        for (size_t k = 0; k < fo->n; k++) sl_partial_input_end(fo->sinks[k], in->name, &in->c);
    return true;
}

static void warn_gave_up(const merge *m)
{
    for (size_t k = 0; k < m->nrules; k++)
        if (m->gave_up[k])
            sl_msg("warning: %" PRIu64 " regex match%s hit the match limit and counted as no match "
                   "(rule %s: its pattern backtracks too much, or a value was longer than "
                   "%zu KiB)", m->gave_up[k], m->gave_up[k] == 1 ? "" : "es",
                   sl_ruleset_info(m->rs, k)->id, SL_REGEX_SUBJECT_MAX >> 10);
}

/* Refuses an -o that would replace one of the partials being read. */
static bool outputs_apart(const merge *m)
{
    const sl_opts *o = m->o;
    for (size_t i = 0; i < o->nsinks; i++) {
        struct stat so, si;
        if (!o->outputs[i] || !strcmp(o->outputs[i], "-") || stat(o->outputs[i], &so) != 0)
            continue;
        for (size_t j = 0; j < o->nargs; j++)
            if (strcmp(o->args[j], "-") != 0 && stat(o->args[j], &si) == 0 && si.st_dev == so.st_dev &&
                si.st_ino == so.st_ino && S_ISREG(so.st_mode)) {
                sl_msg("merge: -o %s would replace the partial %s it reads; write elsewhere",
                       o->outputs[i], o->args[j]);
                return false;
            }
    }
    return true;
}

/* Keeps bytes that cannot be read again (stdin, decoded --kv) in the spool file. */
static bool spool(merge *m, m_src *sr, const char *b, size_t n)
{
    if (!m->spool && !(m->spool = tmpfile()))
        return bad(m, sr->path, 0, "cannot make a temporary file to hold it: %s", strerror(errno));
    sr->spooled = true;
    sr->base = m->spooled;
    if (fwrite(b, 1, n, m->spool) != n || fflush(m->spool) != 0)
        return bad(m, sr->path, 0, "cannot hold it in a temporary file: %s", strerror(errno));
    m->spooled += n;
    return true;
}

static bool load(merge *m)
{
    const sl_opts *o = m->o;
    m->src = sl_xcalloc(o->nargs, sizeof *m->src);
    for (size_t i = 0; i < o->nargs; i++) {
        const char *path = o->args[i];
        bool in = !strcmp(path, "-");
        FILE *f = in ? stdin : fopen(path, "rb");
        struct stat st = {0};
        if (!f || (!in && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode))) {
            if (f) fclose(f);
            return bad(m, path, 0, "%s%s", f ? "a directory, not a partial" : "cannot open: ",
                       f ? "" : strerror(errno));
        }
        size_t n = 0;
        char *b = read_all(f, &n);
        int e = errno;
        if (!in) fclose(f);
        if (!b) return bad(m, path, 0, "read error: %s", strerror(e));
        if (o->kv) {
            char *d = kv_decode(m, in ? "stdin" : path, b, n, &n);
            free(b);
            if (!(b = d)) return false;
        }
        m_src *sr = &m->src[m->nsrc++];
        *sr = (m_src){.path = in ? "stdin" : path, .st = st};
        if ((in || o->kv) && !spool(m, sr, b, n)) {
            free(b);
            return false;
        }
        bool ok = parse_stream(m, sr->path, b, n);
        free(b); /* the second pass reads what it needs again */
        if (!ok) return false;
    }
    return true;
}

static void merge_free(merge *m)
{
    for (size_t i = 0; i < m->nrj; i++) free(m->rj[i].reason);
    for (size_t i = 0; i < m->noff; i++) free(m->off[i].why);
    for (size_t i = 0; i < m->nin; i++) free(m->in[i].name);
    for (size_t i = 0; i < m->nagg; i++) free(m->agg[i].kind), free(m->agg[i].p);
    free(m->src);
    free(m->scratch);
    if (m->spool) fclose(m->spool);
    free(m->rj);
    free(m->off);
    free(m->in);
    free(m->agg);
    sl_agg_free(m->aggst);
    free(m->sum.by_rule);
    free(m->gave_up);
    sl_minutes_fini(&m->minutes);
    if (m->have_cfg) sl_config_fini(&m->cfg);
    sl_ruleset_free(m->rs);
    sl_fields_free(m->ft);
}

static int replay(merge *m, int fail_on)
{
    sl_fanout fo;
    sl_fanout_init(&fo);
    sl_outfile *outs[SL_MAX_SINKS] = {0};
    bool failed = false, ok = open_outputs(m, &fo, outs, fail_on);
    if (ok) {
        qsort(m->in, m->nin, sizeof *m->in, cmp_input);
        bool *off = sl_xcalloc(m->nrules ? m->nrules : 1, sizeof *off);
        for (size_t i = 0; i < m->nin && ok; i++)
            ok = replay_input(m, &m->in[i], &fo, off, fail_on, &failed);
        if (!ok) sl_msg("merge: %s; nothing was written", m->err);
        free(off);
        m->sum.success = m->all_success && m->sum.input_errors == 0;
        if (m->any_minutes && m->o->timestamps) m->sum.minutes = &m->minutes;
        m->sum.agg = m->aggst;
        for (size_t k = 0; k < fo.n; k++) sl_partial_gave_up(fo.sinks[k], m->gave_up, m->nrules);
    }
    char err[512];
    for (size_t i = 0; i < SL_MAX_SINKS; i++) {
        sl_sink *s = i < fo.n ? fo.sinks[i] : NULL;
        if (ok && s && s->vt->end(s, &m->sum) != SL_OK) ok = false;
        const char *note = ok && s ? sl_sink_note(s) : NULL;
        if (note) sl_msg("%s", note);
        sl_sink_free(s);
        if (!outs[i]) continue;
        if (!ok) sl_outfile_abort(outs[i]);
        else if (sl_outfile_commit(outs[i], err, sizeof err) != SL_OK) {
            if (errno != EPIPE) sl_msg("%s", err);
            ok = false;
        }
    }
    if (!ok) return 2;
    warn_gave_up(m);
    if (m->nagg && !m->o->quiet)
        sl_msg("note: %zu aggregate state record%s not merged: this statuslint has no aggregate "
               "engine to take them", m->nagg, m->nagg == 1 ? " was" : "s were");
    if (!m->sum.success) {
        sl_msg("merge: %" PRIu64 " input%s of the merged runs could not be read completely "
               "(their runs said so on stderr)", m->sum.input_errors,
               m->sum.input_errors == 1 ? "" : "s");
        return 2;
    }
    return failed ? 1 : 0;
}

int sl_run_merge(const sl_opts *o)
{
    merge *m = sl_xcalloc(1, sizeof *m);
    m->o = o;
    m->ft = sl_fields_new();
    m->all_success = true;
    sl_minutes_init(&m->minutes);
    int rc = 2;
    if (!(m->rs = sl_setup_rules(o, m->ft, &m->cfg, &m->have_cfg))) {
        sl_fields_free(m->ft);
        sl_minutes_fini(&m->minutes);
        free(m);
        return 2;
    }
    m->nrules = sl_ruleset_count(m->rs);
    m->digest = sl_partial_rules_digest(m->rs);
    m->sum.nrules = m->nrules;
    m->sum.by_rule = sl_xcalloc(m->nrules ? m->nrules : 1, sizeof *m->sum.by_rule);
    m->gave_up = sl_xcalloc(m->nrules ? m->nrules : 1, sizeof *m->gave_up);
    int fail_on = o->fail_on >= 0 ? o->fail_on : m->cfg.fail_on >= 0 ? m->cfg.fail_on : SL_SEV_ERROR;
    if (!load(m)) {
        sl_msg("merge: %s; nothing was written", m->err);
    } else if (outputs_apart(m)) {
        sl_outfile_cleanup_on_signals();
        rc = replay(m, fail_on);
    }
    merge_free(m);
    free(m);
    return rc;
}

/* ---- map ---- */

int sl_run_map(const sl_opts *o)
{
    static const char *const dash[] = {"-"};
    sl_opts a = *o;
    a.cmd = SL_CMD_ANALYZE;
    a.args = dash;
    a.nargs = 1;
    a.formats[0] = "partial";
    a.outputs[0] = o->nsinks ? o->outputs[0] : NULL;
    a.nsinks = 1;
    a.progress = 0;
    if (!o->kv) return sl_run_analyze(&a);
    /* --kv: the partial goes to a temporary file, then out as one key<TAB>base64 record */
    const char *dir = getenv("TMPDIR");
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s/statuslint-map.XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(tmp);
    if (fd < 0) {
        sl_msg("map: cannot make a temporary file in %s: %s", dir && *dir ? dir : "/tmp",
               strerror(errno));
        return 2;
    }
    close(fd);
    a.outputs[0] = tmp;
    int rc = sl_run_analyze(&a);
    FILE *f = fopen(tmp, "rb");
    size_t n = 0;
    char *b = f ? read_all(f, &n) : NULL;
    if (f) fclose(f);
    unlink(tmp);
    if (!b || n == 0) {
        free(b);
        return 2;
    }
    char err[512];
    sl_outfile *of = sl_outfile_open(o->nsinks ? o->outputs[0] : NULL, err, sizeof err);
    if (!of) {
        sl_msg("%s", err);
        free(b);
        return 2;
    }
    kv_encode(sl_outfile_stream(of), "statuslint", (const unsigned char *)b, n);
    free(b);
    if (sl_outfile_commit(of, err, sizeof err) != SL_OK) {
        sl_msg("%s", err);
        return 2;
    }
    return rc;
}
