/* out_baseline.c: line-independent fingerprints (FNV-1a 64 over rule id, host, method,
 * route and status) and baselines: a text file, sorted, one entry a line after a
 * header comment:
 *     <16 hex fingerprint> <rule id> <method> <status> <first seen> <last seen> <route>
 * (dates YYYY-MM-DD; the older two-column `<fingerprint> <rule id>` form is still read).
 * Loaded into a hash table of at most SL_BASELINE_MAX entries: a file with more is an
 * error, never silently cut; reads are bounded (SL_BASELINE_MAX_BYTES, line length), NUL
 * bytes mean a damaged file. Written atomically through sl_outfile. */
#include "base/sl_clock.h"
#include "output/out_ext.h"
#include "base/sl_alloc.h"
#include "base/sl_buf.h"
#include "base/sl_u64map.h"
#include "record/rec.h"
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull
#define NO_NAME UINT32_MAX

static uint64_t fnv(uint64_t h, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)p[i]) * FNV_PRIME;
    return h;
}

static uint64_t fnv_byte(uint64_t h, unsigned char c) { return (h ^ c) * FNV_PRIME; }

/* A field, then a separator; an absent field hashes differently from an empty one. */
static uint64_t fnv_field(uint64_t h, sl_slice s, bool lower)
{
    if (!s.p) return fnv_byte(fnv_byte(h, 0x1e), 0x1f);
    for (size_t i = 0; i < s.n; i++)
        h = fnv_byte(h, lower ? (unsigned char)tolower((unsigned char)s.p[i]) : (unsigned char)s.p[i]);
    return fnv_byte(h, 0x1f);
}

uint64_t sl_fingerprint(const char *rule_id, sl_slice host, sl_slice method, sl_slice route,
                        int status)
{
    uint64_t h = fnv_field(FNV_OFFSET, sl_slice_cstr(rule_id ? rule_id : ""), false);
    h = fnv_field(h, host, true);
    h = fnv_field(h, method, false);
    h = fnv_field(h, route, false);
    char num[16];
    int n = snprintf(num, sizeof num, "%d", status);
    return fnv(h, num, (size_t)n);
}

/* The finding's route as a baseline records it: bytes that would break the line (blanks,
 * controls, '%' itself, non-ASCII) percent-encoded; "-" when there is none. Capped at
 * SL_BASELINE_ROUTE. */
static void route_of(sl_buf *out, sl_slice route)
{
    size_t start = out->n;
    for (size_t k = 0; route.p && k < route.n && out->n - start < SL_BASELINE_ROUTE; k++) {
        unsigned char c = (unsigned char)route.p[k];
        if (c <= 0x20 || c == 0x7f || c == '%' || c >= 0x80) sl_buf_printf(out, "%%%02X", c);
        else sl_buf_putc(out, (char)c);
    }
    if (out->n == start) sl_buf_putc(out, '-');
}

/* ---- the table ---- */
#define DAY_UNKNOWN INT32_MIN

typedef struct bl_entry {
    uint64_t fp;
    uint32_t name;              /* index into names, or NO_NAME */
    int32_t first, last;        /* days since 1970-01-01, or DAY_UNKNOWN */
    int32_t status;             /* -1: none */
    bool from_file;             /* read from the file: it suppresses */
    bool gone;                  /* expired: not written */
    size_t detail;              /* offset of "method\0route\0" in text, or SIZE_MAX */
} bl_entry;

struct sl_baseline {
    bl_entry *v;
    size_t n, capv;
    sl_u64map index;            /* fingerprint -> entry */
    size_t dropped;             /* findings that did not fit */
    sl_buf text;                /* method and route strings */
    char **names;               /* interned rule ids */
    size_t nnames, capnames;
    uint32_t last_name;
};

sl_baseline *sl_baseline_new(void)
{
    sl_baseline *b = sl_xcalloc(1, sizeof(sl_baseline));
    sl_buf_init(&b->text, 0);
    b->last_name = NO_NAME;
    return b;
}

void sl_baseline_free(sl_baseline *b)
{
    if (!b) return;
    for (size_t i = 0; i < b->nnames; i++) free(b->names[i]);
    free(b->names);
    free(b->v);
    sl_u64map_fini(&b->index);
    sl_buf_fini(&b->text);
    free(b);
}

size_t sl_baseline_count(const sl_baseline *b)
{
    size_t n = 0;
    for (size_t i = 0; b && i < b->n; i++) n += !b->v[i].gone;
    return n;
}

size_t sl_baseline_dropped(const sl_baseline *b) { return b ? b->dropped : 0; }

static uint64_t entry_key(const void *ctx, size_t e)
{
    return ((const sl_baseline *)ctx)->v[e].fp;
}

static bl_entry *find(const sl_baseline *b, uint64_t fp)
{
    if (!b) return NULL;
    size_t pos = 0, e;
    while ((e = sl_u64map_next(&b->index, fp, &pos)) != SL_U64MAP_END)
        if (b->v[e].fp == fp) return &b->v[e];
    return NULL;
}

/* A new entry, or NULL when the table is full. */
static bl_entry *insert(sl_baseline *b, uint64_t fp)
{
    if (b->n >= SL_BASELINE_MAX) return NULL;
    if (!b->v || b->n == b->capv) {
        b->capv = b->capv ? b->capv * 2 : 256;
        b->v = sl_xrealloc(b->v, b->capv * sizeof *b->v);
    }
    bl_entry *e = &b->v[b->n];
    *e = (bl_entry){.fp = fp, .name = NO_NAME, .first = DAY_UNKNOWN, .last = DAY_UNKNOWN,
                    .status = -1, .detail = SIZE_MAX};
    b->n++;
    sl_u64map_add(&b->index, fp, entry_key, b);
    return e;
}

bool sl_baseline_has(const sl_baseline *b, uint64_t fp)
{
    const bl_entry *e = find(b, fp);
    return e && e->from_file;
}

static uint32_t intern(sl_baseline *b, const char *id, size_t n)
{
    if (!id || !n) return NO_NAME;
    if (b->last_name != NO_NAME && strlen(b->names[b->last_name]) == n &&
        !memcmp(b->names[b->last_name], id, n))
        return b->last_name;
    for (size_t i = b->nnames; i-- > 0;)
        if (strlen(b->names[i]) == n && !memcmp(b->names[i], id, n)) return b->last_name = (uint32_t)i;
    if (b->nnames >= 65536) return NO_NAME;
    if (b->nnames == b->capnames) {
        b->capnames = b->capnames ? b->capnames * 2 : 16;
        b->names = sl_xrealloc(b->names, b->capnames * sizeof *b->names);
    }
    b->names[b->nnames] = sl_xstrndup(id, n);
    return b->last_name = (uint32_t)b->nnames++;
}

void sl_baseline_add(sl_baseline *b, uint64_t fp, const char *rule_id)
{
    if (!b || find(b, fp)) return;
    bl_entry *e = insert(b, fp);
    if (!e) { b->dropped++; return; }
    e->name = intern(b, rule_id, rule_id ? strlen(rule_id) : 0);
}

static size_t put_detail(sl_baseline *b, sl_slice method, size_t mn, sl_slice route)
{
    size_t at = b->text.n;
    if (method.p && mn) {
        for (size_t i = 0; i < mn; i++) {
            unsigned char c = (unsigned char)method.p[i];
            sl_buf_putc(&b->text, c > 0x20 && c < 0x7f ? (char)c : '?');
        }
    } else {
        sl_buf_putc(&b->text, '-');
    }
    sl_buf_putc(&b->text, '\0');
    sl_buf_put(&b->text, route.p, route.n);
    sl_buf_putc(&b->text, '\0');
    return at;
}

void sl_baseline_see(sl_baseline *b, const sl_baseline_seen *s)
{
    if (!b || !s) return;
    bl_entry *e = find(b, s->fingerprint);
    int32_t day = (int32_t)s->day;
    if (e) {
        e->gone = false;
        if (e->last == DAY_UNKNOWN || e->last < day) e->last = day;
        if (e->first == DAY_UNKNOWN || e->first > day) e->first = day;
        if (e->detail != SIZE_MAX) return; /* details are fixed by the first sighting */
    } else if (!(e = insert(b, s->fingerprint))) {
        b->dropped++;
        return;
    } else {
        e->first = e->last = day;
    }
    if (e->name == NO_NAME) e->name = intern(b, s->rule_id, s->rule_id ? strlen(s->rule_id) : 0);
    e->status = s->status >= 0 && s->status < 1000 ? s->status : -1;
    sl_buf r;
    sl_buf_init(&r, 0);
    route_of(&r, s->route);
    e->detail = put_detail(b, s->method, s->method.n > 32 ? 32 : s->method.n, sl_slice_make(r.p, r.n));
    sl_buf_fini(&r);
}

size_t sl_baseline_expire(sl_baseline *b, int64_t today, int max_age_days)
{
    size_t n = 0;
    for (size_t i = 0; b && i < b->n; i++) {
        bl_entry *e = &b->v[i];
        if (e->gone) continue;
        if (e->last == DAY_UNKNOWN) e->last = (int32_t)today; /* an old file: the clock starts now */
        if (e->first == DAY_UNKNOWN) e->first = e->last;
        if (today - e->last > max_age_days) e->gone = true, n++;
    }
    return n;
}

int64_t sl_baseline_today(void)
{
    int64_t t = sl_clock_now(); /* test builds may pin it (STATUSLINT_NOW); releases never */
    return t >= 0 ? t / 86400 : (t - 86399) / 86400;
}

/* ---- writing ---- */
static const char *name_of(const sl_baseline *b, uint32_t i)
{
    return i < b->nnames ? b->names[i] : "?";
}

static int entry_cmp(const void *pa, const void *pb)
{
    const bl_entry *x = *(const bl_entry *const *)pa, *y = *(const bl_entry *const *)pb;
    return x->fp != y->fp ? (x->fp < y->fp ? -1 : 1) : 0;
}

static void put_day(FILE *f, int32_t day)
{
    if (day == DAY_UNKNOWN) { fputs(" -", f); return; }
    char iso[21];
    sl_time_iso((int64_t)day * 86400, iso);
    fprintf(f, " %.10s", iso);
}

static void write_entry(FILE *f, const sl_baseline *b, const bl_entry *e)
{
    fprintf(f, "%016" PRIx64 " %s", e->fp, name_of(b, e->name));
    const char *method = e->detail != SIZE_MAX ? b->text.p + e->detail : "-";
    const char *route = e->detail != SIZE_MAX ? method + strlen(method) + 1 : "-";
    fprintf(f, " %s ", method);
    if (e->status >= 0) fprintf(f, "%03d", (int)e->status);
    else fputc('-', f);
    put_day(f, e->first);
    put_day(f, e->last);
    fprintf(f, " %s\n", route);
}

sl_status sl_baseline_write(const sl_baseline *b, const char *path, char *err, size_t errlen)
{
    if (b && b->dropped) {
        snprintf(err, errlen, "%s: not written: %zu more findings than a baseline holds (at most "
                              "%zu entries); lint fewer inputs at a time", path, b->dropped,
                 (size_t)SL_BASELINE_MAX);
        return SL_ELIMIT;
    }
    struct stat st;
    if (stat(path, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))) {
        /* opening it would wait for a reader forever */
        snprintf(err, errlen, "%s: a FIFO or socket, not a file a baseline can be written to", path);
        return SL_EIO;
    }
    size_t n = 0;
    const bl_entry **v = sl_xcalloc((b ? b->n : 0) + 1, sizeof(const bl_entry *));
    for (size_t i = 0; b && i < b->n; i++)
        if (!b->v[i].gone) v[n++] = &b->v[i];
    qsort(v, n, sizeof(const bl_entry *), entry_cmp);
    sl_outfile *o = sl_outfile_open(path, err, errlen);
    if (!o) { free(v); return SL_EIO; }
    FILE *f = sl_outfile_stream(o);
    fputs("# statuslint baseline: <fingerprint> <rule id> <method> <status> <first seen> "
          "<last seen> <route>, sorted\n", f);
    for (size_t i = 0; i < n; i++) write_entry(f, b, v[i]);
    free(v);
    return sl_outfile_commit(o, err, errlen);
}

/* ---- reading ---- */
typedef struct tok { const char *p; size_t n; } tok;

static size_t split(char *line, tok *t, size_t max)
{
    size_t n = 0;
    for (char *p = line; *p;) {
        while (*p == ' ' || *p == '\t' || *p == '\r') p++;
        if (!*p) break;
        char *s = p;
        while (*p && *p != ' ' && *p != '\t' && *p != '\r') p++;
        if (n < max) t[n] = (tok){s, (size_t)(p - s)};
        n++;
    }
    return n;
}

static bool parse_hex16(tok t, uint64_t *fp)
{
    if (t.n != 16) return false;
    uint64_t v = 0;
    for (size_t i = 0; i < 16; i++) {
        char c = t.p[i];
        if (!isxdigit((unsigned char)c)) return false;
        v = v << 4 | (uint64_t)(isdigit((unsigned char)c) ? c - '0' : tolower((unsigned char)c) - 'a' + 10);
    }
    *fp = v;
    return true;
}

static bool rule_id_ok(tok t)
{
    for (size_t i = 0; i < t.n; i++)
        if (!isalnum((unsigned char)t.p[i]) && !strchr(".-_", t.p[i])) return false;
    return t.n > 0;
}

static bool parse_day(tok t, int32_t *day)
{
    if (t.n == 1 && t.p[0] == '-') { *day = DAY_UNKNOWN; return true; }
    int y, m, d;
    char c;
    if (t.n != 10 || sscanf(t.p, "%4d-%2d-%2d%c", &y, &m, &d, &c) < 3 || m < 1 || m > 12 || d < 1 || d > 31)
        return false;
    *day = (int32_t)sl_days_from_civil(y, m, d);
    return true;
}

static bool parse_status(tok t, int32_t *st)
{
    if (t.n == 1 && t.p[0] == '-') { *st = -1; return true; }
    if (t.n < 1 || t.n > 3) return false;
    int32_t v = 0;
    for (size_t i = 0; i < t.n; i++) {
        if (!isdigit((unsigned char)t.p[i])) return false;
        v = v * 10 + (t.p[i] - '0');
    }
    *st = v;
    return true;
}

/* One entry line (2 or 7 fields); a message in err on failure. */
static bool parse_line(sl_baseline *b, char *line, const char *path, unsigned long no, char *err,
                       size_t errlen)
{
    tok t[8];
    size_t n = split(line, t, 8);
    if (n == 0 || t[0].p[0] == '#') return true;
    uint64_t fp;
    int32_t first = DAY_UNKNOWN, last = DAY_UNKNOWN, st = -1;
    if ((n != 2 && n != 7) || !parse_hex16(t[0], &fp) || !rule_id_ok(t[1]) ||
        (n == 7 && (!parse_status(t[3], &st) || !parse_day(t[4], &first) || !parse_day(t[5], &last)))) {
        snprintf(err, errlen, "%s:%lu: malformed baseline entry (expected <16 hex digits> <rule id> "
                              "[<method> <status> <first seen> <last seen> <route>])", path, no);
        return false;
    }
    bl_entry *e = find(b, fp);
    if (e) return true; /* a repeated fingerprint: the first one stands */
    if (!(e = insert(b, fp))) {
        snprintf(err, errlen, "%s:%lu: more than %zu entries; a baseline holds at most that many",
                 path, no, (size_t)SL_BASELINE_MAX);
        return false;
    }
    e->from_file = true;
    e->name = intern(b, t[1].p, t[1].n);
    if (n == 7) {
        e->status = st, e->first = first, e->last = last;
        e->detail = put_detail(b, sl_slice_make(t[2].p, t[2].n), t[2].n > 32 ? 32 : t[2].n,
                               sl_slice_make(t[6].p, t[6].n > SL_BASELINE_ROUTE ? SL_BASELINE_ROUTE : t[6].n));
    }
    return true;
}

#define LINE_MAX_BYTES 4096

/* Reads in blocks, splitting lines itself, so that a stream of NULs or of one endless line
 * (/dev/zero, /dev/urandom) ends in an error instead of a hang. */
static bool load_stream(sl_baseline *b, FILE *f, const char *path, char *err, size_t errlen)
{
    char block[65536], line[LINE_MAX_BYTES + 1];
    size_t len = 0, got;
    unsigned long no = 1;
    uint64_t total = 0;
    while ((got = fread(block, 1, sizeof block, f)) > 0) {
        if ((total += got) > SL_BASELINE_MAX_BYTES) {
            snprintf(err, errlen, "%s: larger than %llu MiB: not a baseline statuslint wrote", path,
                     (unsigned long long)(SL_BASELINE_MAX_BYTES >> 20));
            return false;
        }
        for (size_t i = 0; i < got; i++) {
            char c = block[i];
            if (c == '\0') {
                snprintf(err, errlen, "%s:%lu: NUL byte: the file is damaged (a crash while it was "
                                      "written?); restore it or delete it to start afresh", path, no);
                return false;
            }
            if (c != '\n') {
                if (len == LINE_MAX_BYTES) {
                    snprintf(err, errlen, "%s:%lu: line too long for a baseline entry", path, no);
                    return false;
                }
                line[len++] = c;
                continue;
            }
            line[len] = '\0';
            if (!parse_line(b, line, path, no, err, errlen)) return false;
            len = 0;
            no++;
        }
    }
    if (ferror(f)) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return false;
    }
    line[len] = '\0';
    return parse_line(b, line, path, no, err, errlen);
}

sl_baseline *sl_baseline_open(const char *path, bool missing_ok, char *err, size_t errlen)
{
    char dummy[8];
    if (!err || !errlen) { err = dummy; errlen = sizeof dummy; }
    /* non-blocking open: a FIFO nobody writes to must not hang the run */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0 && missing_ok && errno == ENOENT) return sl_baseline_new();
    FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        if (fd >= 0) close(fd);
        return NULL;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0) fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    struct stat st = {0};
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s: is a directory, not a baseline file", path);
        fclose(f);
        return NULL;
    }
    if (missing_ok && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))) { /* to be written back */
        snprintf(err, errlen, "%s: a FIFO or socket, not a file a baseline can be written to", path);
        fclose(f);
        return NULL;
    }
    sl_baseline *b = sl_baseline_new();
    bool ok = load_stream(b, f, path, err, errlen);
    fclose(f);
    if (!ok) {
        sl_baseline_free(b);
        return NULL;
    }
    return b;
}

sl_baseline *sl_baseline_load(const char *path, char *err, size_t errlen)
{
    return sl_baseline_open(path, false, err, errlen);
}
