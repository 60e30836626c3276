/* fmt_csv.c: CSV exports through libcsv, and TSV (tab-separated, no quoting: a field
 * wholly enclosed in double quotes loses them, any other quote is a plain byte). The first
 * row is the header (BOM stripped); its names map to fields through the shared key table
 * (fmt_keys.h) and --csv-map. Owns the per-file parser state: the header mapping and
 * the record being read. A CSV quoted field may run onto following lines (SL_LINE_PENDING)
 * for at most SL_SPAN_LINES lines and SL_SPAN_BYTES bytes, and such a record must be
 * well-formed CSV (libcsv strict mode) and fit the header; otherwise it fails
 * (SL_LINE_REJECTED), and the caller rejects its first line and reads the others again.
 * Line numbers stay physical: a record is reported on the line where it ENDS. Rows with
 * another column count than the header are rejected; without a status column every row is. */
#include "format/fmt_keys.h"
#include "format/fmt_structured.h"
#include "format/fmt_csvfields.h"

#include "base/sl_alloc.h"
#include <csv.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#define CSV_MAX_COLS 256
#define CSV_MAX_MAP 32

typedef struct csv_format {
    sl_format head;
    const sl_fields *ft;
    char delim;
    int nmap;
    struct {
        int id;
        char *column;
    } map[CSV_MAX_MAP];
} csv_format;

typedef struct csv_state {
    sl_parser head;
    struct csv_parser lp;
    bool lp_ok;         /* lp initialized */
    bool header_done;
    bool first_line;    /* next line is the file's first: strip a BOM */
    const char *fatal;  /* header had no status column: every row is rejected with this */
    bool map_missing;   /* ... or lacks a column --csv-map names: rows say so too */
    int ncols;
    sl_keyact act[CSV_MAX_COLS];
    sl_fieldset supplied; /* what the header's columns supply (rec->supplied) */
    int date_col, tod_col;
    /* the record being read: field bytes and offsets (parser-owned, bounded) */
    char *buf;
    size_t bufn, bufcap;
    size_t off[CSV_MAX_COLS + 1];
    int nf;
    bool too_many;      /* more fields than CSV_MAX_COLS */
    int completed;      /* records that ended during the current line */
    /* a record running over several lines: its text so far, for the strict re-check */
    char *span;
    size_t spann, spancap;
    int span_lines;     /* earlier lines of the open record (0: it began on this line) */
} csv_state;

/* ---- reasons that name the header's columns ----
 * A reason must outlive the parser (runs keep samples), so such strings are interned in a
 * small process-wide pool that is never freed; when it is full a fixed reason is used. */
#define REASON_POOL 16
#define REASON_MAX 300
static char reason_pool[REASON_POOL][REASON_MAX];
static int reason_used;
static pthread_mutex_t reason_lock = PTHREAD_MUTEX_INITIALIZER;
static const char NO_STATUS[] = "CSV header has no status column";

static const char *reason_intern(const char *s)
{
    const char *r = NO_STATUS;
    pthread_mutex_lock(&reason_lock);
    for (int i = 0; i < reason_used; i++)
        if (!strcmp(reason_pool[i], s)) r = reason_pool[i];
    if (r == NO_STATUS && reason_used < REASON_POOL) {
        snprintf(reason_pool[reason_used], REASON_MAX, "%s", s);
        r = reason_pool[reason_used++];
    }
    pthread_mutex_unlock(&reason_lock);
    return r;
}

/* ---- libcsv callbacks: collect the record's fields ---- */

static void on_field(void *s, size_t len, void *data)
{
    csv_state *st = data;
    if (st->nf >= CSV_MAX_COLS) {
        st->too_many = true;
        return;
    }
    if (st->bufn + len > st->bufcap) {
        size_t cap = st->bufcap ? st->bufcap : 4096;
        while (cap < st->bufn + len) cap *= 2;
        st->buf = sl_xrealloc(st->buf, cap);
        st->bufcap = cap;
    }
    if (len) memcpy(st->buf + st->bufn, s, len);
    st->off[st->nf++] = st->bufn;
    st->bufn += len;
    st->off[st->nf] = st->bufn;
}

static void on_record(int c, void *data)
{
    (void)c;
    ((csv_state *)data)->completed++;
}

static sl_slice field_at(const csv_state *st, int i)
{
    if (!st->buf) return sl_slice_make("", 0); /* only empty fields so far */
    return sl_slice_make(st->buf + st->off[i], st->off[i + 1] - st->off[i]);
}

static void record_reset(csv_state *st)
{
    st->bufn = 0;
    st->nf = 0;
    st->off[0] = 0;
    st->too_many = false;
    st->spann = 0;
    st->span_lines = 0;
}

static bool lp_restart(csv_state *st)
{
    if (st->lp_ok) csv_free(&st->lp);
    st->lp_ok = csv_init(&st->lp, 0) == 0;
    if (st->lp_ok) csv_set_delim(&st->lp, (unsigned char)((const csv_format *)st->head.fmt)->delim);
    /* libcsv grows its field buffer by blk_size (default 128 bytes) per realloc: a field
     * of a 512 KiB line took 4000 reallocs, quadratic copying. 64 KiB blocks: 8. */
    if (st->lp_ok) csv_set_blk_size(&st->lp, 64u << 10);
    record_reset(st);
    return st->lp_ok;
}

/* ---- the header ---- */

static sl_slice trim(sl_slice s)
{
    while (s.n && (s.p[0] == ' ' || s.p[0] == '\t')) s.p++, s.n--;
    while (s.n && (s.p[s.n - 1] == ' ' || s.p[s.n - 1] == '\t' || s.p[s.n - 1] == '\r')) s.n--;
    return s;
}

static sl_keyact column_act(const csv_format *cf, sl_slice name)
{
    for (int m = 0; m < cf->nmap; m++)
        if (strlen(cf->map[m].column) == name.n && !memcmp(cf->map[m].column, name.p, name.n))
            return (sl_keyact){(int16_t)cf->map[m].id, FC_PLAIN, 0};
    /* exports name the request target "url" more often than any nginx variable */
    if (name.n == 3 && !strncasecmp(name.p, "url", 3))
        return (sl_keyact){SL_F_TARGET, FC_TARGET, 0};
    return sl_fmtmap_resolve(cf->ft, name.p, name.n);
}

/* A --csv-map column the header lacks is a mistake, not a field that is absent: the reason
 * names it ("--csv-map: the CSV header has no column 'x'"), else NULL. */
static const char *missing_map_column(const csv_state *st, const csv_format *cf)
{
    for (int m = 0; m < cf->nmap; m++) {
        bool found = false;
        for (int i = 0; i < st->nf && !found; i++) {
            sl_slice c = trim(field_at(st, i));
            found = strlen(cf->map[m].column) == c.n && !memcmp(cf->map[m].column, c.p, c.n);
        }
        if (!found) {
            char msg[REASON_MAX];
            snprintf(msg, sizeof msg, "--csv-map: the CSV header has no column '%.60s'",
                     cf->map[m].column);
            return reason_intern(msg);
        }
    }
    return NULL;
}

/* The reason listing the columns seen, truncated to a readable length. */
static const char *no_status_reason(const csv_state *st)
{
    char msg[REASON_MAX];
    int k = snprintf(msg, sizeof msg, "%s (columns:", NO_STATUS);
    for (int i = 0; i < st->nf && k < 220; i++) {
        sl_slice c = trim(field_at(st, i));
        k += snprintf(msg + k, sizeof msg - (size_t)k, "%s %.*s", i ? "," : "",
                      (int)(c.n > 40 ? 40 : c.n), c.p);
    }
    if (k >= 220) snprintf(msg + 220, sizeof msg - 220, " ...)");
    else snprintf(msg + k, sizeof msg - (size_t)k, ")");
    return reason_intern(msg);
}

static sl_line_kind take_header(csv_state *st, const char **reason)
{
    const csv_format *cf = (const csv_format *)st->head.fmt;
    bool status = false;
    st->header_done = true;
    st->ncols = st->nf;
    st->date_col = st->tod_col = -1;
    for (int i = 0; i < st->nf; i++) {
        sl_slice name = trim(field_at(st, i));
        st->act[i] = column_act(cf, name);
        if (st->act[i].id == SL_F_STATUS) status = true;
        if (st->act[i].conv == FC_DATE) st->date_col = i;
        sl_fmtmap_supply(&st->supplied, st->act[i]);
    }
    for (int i = 0; st->date_col >= 0 && i < st->nf; i++) {
        sl_slice name = trim(field_at(st, i));
        if (name.n == 4 && !strncasecmp(name.p, "time", 4)) {
            st->tod_col = i;
            st->act[i].conv = FC_TOD;
        }
    }
    if (st->too_many || !status) {
        st->fatal = st->too_many ? "CSV header has more than 256 columns" : no_status_reason(st);
        *reason = st->fatal;
        return SL_LINE_REJECTED;
    }
    if ((st->fatal = missing_map_column(st, cf))) {
        st->map_missing = true;
        *reason = st->fatal;
        return SL_LINE_REJECTED;
    }
    return SL_LINE_SKIPPED;
}

/* ---- a data row ---- */

static sl_line_kind take_row(csv_state *st, sl_record *rec, const char **reason)
{
    if (st->fatal) return *reason = st->map_missing ? st->fatal : NO_STATUS, SL_LINE_REJECTED;
    if (st->too_many || st->nf != st->ncols) {
        *reason = "CSV row has another number of columns than the header";
        return SL_LINE_REJECTED;
    }
    sl_slice date = SL_SLICE_NULL, tod = SL_SLICE_NULL;
    for (int i = 0; i < st->nf; i++) {
        sl_keyact a = st->act[i];
        if (a.id < 0) continue;
        sl_slice raw = field_at(st, i);
        char *v = raw.n ? sl_arena_strndup(rec->arena, raw.p, raw.n) : NULL;
        if (raw.n && !v) return *reason = "CSV row exceeds the per-line memory cap", SL_LINE_REJECTED;
        sl_slice val = sl_slice_make(v, raw.n);
        if (i == st->date_col) date = val;
        else if (i == st->tod_col) tod = val;
        if (a.conv == FC_TOD || (a.conv == FC_DATE && st->tod_col >= 0)) continue;
        if (!sl_fmtmap_store(rec, a, val))
            return *reason = "CSV row exceeds the per-line memory cap", SL_LINE_REJECTED;
    }
    if (date.p && tod.p && !sl_fmtmap_store_datetime(rec, date, tod))
        return *reason = "CSV row exceeds the per-line memory cap", SL_LINE_REJECTED;
    sl_fmtmap_finish(rec);
    if (!rec->v[SL_F_STATUS].p) return *reason = "CSV row has an empty status", SL_LINE_REJECTED;
    rec->supplied = &st->supplied;
    return SL_LINE_RECORD;
}

/* TSV: fields split at tabs; a field wholly in double quotes loses them ("" inside is "). */
static void feed_tsv(csv_state *st, const char *line, size_t len)
{
    st->completed = 1;
    for (;;) {
        const char *tab = memchr(line, '\t', len);
        size_t n = tab ? (size_t)(tab - line) : len;
        if (n >= 2 && line[0] == '"' && line[n - 1] == '"') {
            size_t at = st->bufn;
            int nf = st->nf;
            on_field((void *)(line + 1), n - 2, st);
            if (st->nf == nf + 1 && n > 2) { /* unescape "" in place */
                char *f = st->buf + at, *w = f;
                for (size_t i = 0; i < n - 2; i++) {
                    *w++ = f[i];
                    if (f[i] == '"' && i + 1 < n - 2 && f[i + 1] == '"') i++;
                }
                st->bufn = (size_t)(w - st->buf);
                st->off[st->nf] = st->bufn;
            }
        } else {
            on_field((void *)line, n, st);
        }
        if (!tab) return;
        line = tab + 1, len -= n + 1;
    }
}

/* Feeds the line and its newline to libcsv; returns false on a libcsv failure. */
static bool feed(csv_state *st, const char *line, size_t len)
{
    st->completed = 0;
    if (csv_parse(&st->lp, line, len, on_field, on_record, st) != len) return false;
    return csv_parse(&st->lp, "\n", 1, on_field, on_record, st) == 1;
}

static void count_record(int c, void *data)
{
    (void)c;
    ++*(int *)data;
}

/* A record that ran over lines counts only if it is strict CSV: exactly one record, every
 * quote balanced and closed before a delimiter (RFC 4180). */
static bool span_is_strict(const csv_state *st)
{
    struct csv_parser sp;
    if (csv_init(&sp, CSV_STRICT) != 0) return false;
    csv_set_delim(&sp, (unsigned char)((const csv_format *)st->head.fmt)->delim);
    int records = 0;
    bool ok = csv_parse(&sp, st->span, st->spann, NULL, count_record, &records) == st->spann &&
              csv_fini(&sp, NULL, count_record, &records) == 0 && records == 1;
    csv_free(&sp);
    return ok;
}

static void span_add(csv_state *st, const char *line, size_t len)
{
    if (st->spann + len + 1 > st->spancap) {
        size_t cap = st->spancap ? st->spancap : 4096;
        while (cap < st->spann + len + 1) cap *= 2;
        st->span = sl_xrealloc(st->span, cap);
        st->spancap = cap;
    }
    memcpy(st->span + st->spann, line, len);
    st->spann += len;
    st->span[st->spann++] = '\n';
}

/* The line left a quoted field open: hold it, or fail the record past the bounds. */
static sl_line_kind open_record(csv_state *st, const char **reason)
{
    if (st->span_lines + 1 < SL_SPAN_LINES && st->spann <= SL_SPAN_BYTES) {
        st->span_lines++;
        return SL_LINE_PENDING;
    }
    lp_restart(st);
    *reason = "CSV quoted field not closed within 8 lines or 64 KiB (unbalanced quote?)";
    return SL_LINE_REJECTED;
}

static sl_line_kind csv_parse_line(sl_parser *p, const char *line, size_t len, sl_record *rec,
                                   const char **reason)
{
    csv_state *st = (csv_state *)p;
    bool tsv = ((const csv_format *)st->head.fmt)->delim == '\t';
    if (!line) { /* end of input: forget a record still open */
        if (!tsv) lp_restart(st);
        return SL_LINE_SKIPPED;
    }
    if (st->first_line && len >= 3 && !memcmp(line, "\xef\xbb\xbf", 3)) line += 3, len -= 3;
    st->first_line = false;
    if (tsv) {
        record_reset(st);
        feed_tsv(st, line, len);
    } else {
        if (!st->lp_ok && !lp_restart(st))
            return *reason = "CSV parser has no memory", SL_LINE_REJECTED;
        if (!feed(st, line, len)) {
            lp_restart(st);
            return *reason = "CSV line could not be parsed", SL_LINE_REJECTED;
        }
        if (st->completed == 0 && st->lp.pstate == 0) return SL_LINE_SKIPPED; /* blank */
        if (st->completed == 0 || st->span_lines > 0) span_add(st, line, len);
        if (st->completed == 0) return open_record(st, reason); /* inside a quoted field */
    }
    sl_line_kind k;
    bool spanned = st->span_lines > 0;
    if (st->completed > 1) k = (*reason = "CSV line holds more than one record (stray carriage return?)", SL_LINE_REJECTED);
    else if (spanned && !span_is_strict(st))
        k = (*reason = "CSV quoted field runs onto the next line but is not closed cleanly "
                       "(unbalanced quote?)", SL_LINE_REJECTED);
    else if (!st->header_done) k = take_header(st, reason);
    else if ((k = take_row(st, rec, reason)) == SL_LINE_REJECTED && spanned && !st->fatal)
        *reason = "CSV quoted field runs onto the next lines but the record does not fit the "
                  "header (unbalanced quote?)";
    record_reset(st);
    return k;
}

static sl_parser *csv_parser_new(const sl_format *f)
{
    csv_state *st = sl_xcalloc(1, sizeof *st);
    st->head.fmt = f;
    st->first_line = true;
    lp_restart(st);
    return &st->head;
}

static void csv_parser_free(sl_parser *p)
{
    csv_state *st = (csv_state *)p;
    if (!st) return;
    if (st->lp_ok) csv_free(&st->lp);
    free(st->buf);
    free(st->span);
    free(st);
}

static void csv_format_free(sl_format *f)
{
    csv_format *cf = (csv_format *)f;
    if (!cf) return;
    for (int i = 0; i < cf->nmap; i++) free(cf->map[i].column);
    free(f->spec);
    free(cf);
}

static const sl_format_vt csv_vt = {csv_parser_new, csv_parse_line, csv_parser_free,
                                    csv_format_free};

/* Edit distance of two short strings (bounded: longer inputs count as far apart). */
static int distance(const char *a, size_t an, const char *b, size_t bn)
{
    int row[40];
    if (an >= 40 || bn >= 40) return 99;
    for (size_t j = 0; j <= bn; j++) row[j] = (int)j;
    for (size_t i = 1; i <= an; i++) {
        int prev = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= bn; j++) {
            int cur = row[j], sub = prev + (a[i - 1] != b[j - 1]);
            int best = row[j] + 1 < row[j - 1] + 1 ? row[j] + 1 : row[j - 1] + 1;
            row[j] = best < sub ? best : sub;
            prev = cur;
        }
    }
    return row[bn];
}

/* A canonical field name that name is a likely typo of (1-2 edits), else NULL. */
static const char *near_canonical(const sl_fields *ft, const char *name, size_t n)
{
    for (int id = 0; id < SL_F_CANONICAL_COUNT; id++) {
        const char *c = sl_fields_name(ft, id);
        size_t cn = strlen(c);
        if (cn == n && !strncasecmp(c, name, n)) return NULL; /* the field itself */
        int d = distance(name, n, c, cn);
        if (d > 0 && d <= (cn > 5 ? 2 : 1)) return c;
    }
    return NULL;
}

/* "name=column,name=column": interns each name; the column is the header's spelling. */
static bool parse_map(csv_format *cf, sl_fields *ft, const char *m, char *err, size_t errlen)
{
    while (m && *m) {
        const char *comma = strchr(m, ','), *end = comma ? comma : m + strlen(m);
        const char *eq = memchr(m, '=', (size_t)(end - m));
        if (!eq || eq == m || eq + 1 == end) {
            snprintf(err, errlen, "--csv-map: expected name=column, got '%.*s'", (int)(end - m), m);
            return false;
        }
        size_t nl = (size_t)(eq - m);
        const char *near = near_canonical(ft, m, nl);
        if (near) {
            snprintf(err, errlen, "--csv-map: unknown field '%.*s'; did you mean '%s'?", (int)nl,
                     m, near);
            return false;
        }
        int id = sl_fields_intern(ft, m, nl); /* other names become fields rules may read */
        if (id < 0) { /* no rule reads it (the table is full or frozen): nothing to map */
            m = comma ? comma + 1 : NULL;
            continue;
        }
        if (cf->nmap >= CSV_MAX_MAP) {
            snprintf(err, errlen, "--csv-map: too many fields at '%.*s'", (int)(end - m), m);
            return false;
        }
        cf->map[cf->nmap].id = id;
        cf->map[cf->nmap++].column = sl_xstrndup(eq + 1, (size_t)(end - eq - 1));
        m = comma ? comma + 1 : NULL;
    }
    return true;
}

sl_format *sl_fmt_csv_new(char delim, const char *csv_map, sl_fields *ft, char *err,
                          size_t errlen)
{
    if (!ft || (delim != ',' && delim != '\t' && delim != ';')) {
        snprintf(err, errlen, "CSV format needs a field table and a ',' or tab delimiter");
        return NULL;
    }
    csv_format *cf = sl_xcalloc(1, sizeof *cf);
    cf->head.vt = &csv_vt;
    snprintf(cf->head.name, sizeof cf->head.name, "%s", delim == '\t' ? "tsv" : "csv");
    cf->head.fields.any = true; /* the header decides, file by file */
    cf->head.stateful = true;
    cf->ft = ft;
    cf->delim = delim;
    if (csv_map) cf->head.spec = sl_xstrdup(csv_map);
    if (!parse_map(cf, ft, csv_map, err, errlen)) {
        csv_format_free(&cf->head);
        return NULL;
    }
    return &cf->head;
}

/* ---- sniffing: a first row whose columns include a status column ---- */

static bool header_has_status(const sl_fields *ft, const char *p, size_t n, char delim)
{
    int cols = 0;
    bool status = false;
    while (n) {
        const char *d = memchr(p, delim, n);
        size_t k = d ? (size_t)(d - p) : n;
        sl_slice c = trim(sl_slice_make(p, k));
        if (c.n >= 2 && c.p[0] == '"' && c.p[c.n - 1] == '"') c.p++, c.n -= 2;
        if (sl_fmtmap_resolve(ft, c.p, c.n).id == SL_F_STATUS) status = true;
        cols++;
        if (!d) break;
        p = d + 1, n -= k + 1;
    }
    return cols >= 2 && status;
}

bool sl_fmt_csv_sniff(const char *head, size_t len, char *delim)
{
    if (len >= 3 && !memcmp(head, "\xef\xbb\xbf", 3)) head += 3, len -= 3;
    const char *nl = memchr(head, '\n', len);
    size_t n = nl ? (size_t)(nl - head) : len;
    if (!n || head[0] == '{' || head[0] == '#' || n > 8192) return false;
    sl_fields *ft = sl_fields_new();
    bool ok = false;
    if (header_has_status(ft, head, n, '\t')) ok = true, *delim = '\t';
    else if (header_has_status(ft, head, n, ',')) ok = true, *delim = ',';
    sl_fields_free(ft);
    return ok;
}

/* ---- what a file's header supplies (for the rules-off note) ---- */

bool sl_fmt_csv_header_fields(const sl_format *f, const char *head, size_t n, sl_fieldset *out)
{
    if (f->vt != &csv_vt) return false;
    sl_parser *p = sl_parser_new(f);
    csv_state *st = (csv_state *)p;
    sl_record rec;
    memset(&rec, 0, sizeof rec);
    const char *end = head + n, *reason = NULL;
    for (int lines = 0; head < end && !st->header_done && lines < 8; lines++) {
        const char *nl = memchr(head, '\n', (size_t)(end - head));
        size_t len = nl ? (size_t)(nl - head) : (size_t)(end - head);
        sl_parser_parse(p, head, len, &rec, &reason);
        if (!nl) break;
        head = nl + 1;
    }
    bool ok = st->header_done && !st->fatal;
    if (ok) {
        *out = st->supplied;
        out->any = false;
    }
    sl_parser_free(p);
    return ok;
}
