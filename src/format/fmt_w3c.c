/* fmt_w3c.c: W3C extended logs (IIS, HTTP.sys, IIS Advanced Logging, CloudFront web and
 * RTMP, Incapsula, NetScaler, Oracle Web Cache). Owns the per-file state: the column map
 * from the latest #Fields: directive (re-mapped when it changes) and the #Date: day.
 * Values are separated by runs of spaces, or by tabs when the line has tabs; "quoted"
 * values may hold spaces and "" quotes; '-' is null. It refuses data lines before any
 * #Fields: (except with the cloudfront and iis presets, which know those servers' default
 * lists) and lines whose value count differs from #Fields. */
#include "format/fmt_keys.h"
#include "format/fmt_structured.h"

#include "base/sl_alloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#define W3C_MAX_COLS 128
#define W3C_CONV_URI 200 /* cs-uri: a target, "host/path" (Incapsula) or an absolute URL */

static const char cloudfront_fields[] =
    "date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status "
    "cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id "
    "x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher "
    "x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port "
    "time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len "
    "sc-range-start sc-range-end";

/* IIS's default W3C field set (IIS Manager, "Select Fields" untouched), for IIS logs whose
 * #Fields: header is gone (rotated, concatenated, cut): IIS 8.5 and later log cs(Referer);
 * IIS 7 and 7.5 do not. The iis preset picks the list with as many fields as the line. */
static const char iis_fields[] =
    "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) "
    "cs(Referer) sc-status sc-substatus sc-win32-status time-taken";
static const char iis7_fields[] =
    "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) "
    "sc-status sc-substatus sc-win32-status time-taken";

typedef struct w3c_format {
    sl_format head;
    const sl_fields *ft;
    bool cloudfront;
    bool iis;
} w3c_format;

typedef struct w3c_parser {
    sl_parser head;
    bool have_fields;
    bool exact;       /* from a #Fields: line: the value count must match */
    bool cf;          /* CloudFront: time-taken in seconds, no '+' for spaces */
    int ncols, status_col, method_col, date_col, tod_col;
    sl_keyact act[W3C_MAX_COLS];
    sl_fieldset supplied; /* what the current #Fields: supply (rec->supplied) */
    char day[11];     /* YYYY-MM-DD from #Date:, for logs with a time column only */
} w3c_parser;

/* ---- splitting a line into values ---- */

typedef struct w3c_val {
    sl_slice s;
    bool dq; /* quoted and holds "" pairs */
} w3c_val;

static bool is_sep(char c, bool tabs) { return tabs ? c == '\t' : c == ' '; }

/* Returns the number of values (max + 1 when there are too many), or -1 on a bad quote. */
static int split(const char *p, size_t len, w3c_val *out, int max)
{
    const char *end = p + len;
    bool tabs = memchr(p, '\t', len) != NULL;
    int n = 0;
    while (p < end) {
        if (!tabs) while (p < end && *p == ' ') p++;
        if (p >= end) break;
        if (n > max) return n;
        w3c_val v = {{p, 0}, false};
        if (*p == '"') {
            const char *q = ++p;
            for (;; q++) {
                if (q >= end) return -1;
                if (*q != '"') continue;
                if (q + 1 < end && q[1] == '"') { q++, v.dq = true; continue; }
                break;
            }
            v.s = sl_slice_make(p, (size_t)(q - p));
            p = q + 1;
            if (p < end && !is_sep(*p, tabs)) return -1;
        } else {
            while (p < end && !is_sep(*p, tabs)) p++;
            v.s = sl_slice_make(v.s.p, (size_t)(p - v.s.p));
        }
        if (n < max) out[n] = v;
        n++;
        if (tabs && p < end) p++; /* exactly one tab between values */
    }
    return n;
}

/* ---- mapping #Fields names ---- */

static sl_keyact w3c_resolve(const w3c_parser *wp, sl_slice name)
{
    const sl_fields *ft = ((const w3c_format *)wp->head.fmt)->ft;
#define IS(lit) (name.n == sizeof(lit) - 1 && !strncasecmp(name.p, lit, name.n))
    if (IS("date") || IS("date-local")) return (sl_keyact){SL_F_TIME, FC_DATE, 0};
    if (IS("time") || IS("time-local")) return (sl_keyact){SL_F_TIME, FC_TOD, 0};
    if (IS("time-taken"))
        return (sl_keyact){SL_F_REQUEST_TIME, wp->cf ? FC_PLAIN : FC_MS, 0};
    if (IS("TimeTakenMS")) return (sl_keyact){SL_F_REQUEST_TIME, FC_MS, 0};
    if (IS("cs(Referrer)") || IS("c-referrer")) return (sl_keyact){SL_F_REFERER, FC_PLAIN, 0};
    if (IS("c-user-agent")) return (sl_keyact){SL_F_USER_AGENT, FC_PLAIN, 0};
    if (IS("cs-uri")) return (sl_keyact){SL_F_TARGET, W3C_CONV_URI, 0};
    if (IS("cs(User-Agent)"))
        return (sl_keyact){SL_F_USER_AGENT, wp->cf ? FC_PLAIN : FC_PLUS, 0};
#undef IS
    return sl_fmtmap_resolve(ft, name.p, name.n);
}

static void map_fields(w3c_parser *wp, const char *p, size_t len, bool exact)
{
    w3c_val v[W3C_MAX_COLS];
    int n = split(p, len, v, W3C_MAX_COLS);
    if (n > W3C_MAX_COLS) n = W3C_MAX_COLS;
    wp->ncols = n < 0 ? 0 : n;
    wp->have_fields = true;
    wp->exact = exact;
    wp->status_col = wp->method_col = wp->date_col = wp->tod_col = -1;
    memset(&wp->supplied, 0, sizeof wp->supplied);
    for (int i = 0; i < wp->ncols; i++) {
        if (v[i].s.n >= 7 && !strncasecmp(v[i].s.p, "x-edge-", 7)) wp->cf = true;
    }
    for (int i = 0; i < wp->ncols; i++) {
        sl_keyact a = w3c_resolve(wp, v[i].s);
        wp->act[i] = a;
        sl_fmtmap_supply(&wp->supplied, a);
        if (a.conv == W3C_CONV_URI) {
            sl_fieldset_add(&wp->supplied, SL_F_PATH), sl_fieldset_add(&wp->supplied, SL_F_QUERY);
        }
        if (a.id == SL_F_STATUS) wp->status_col = i;
        if (a.id == SL_F_METHOD) wp->method_col = i;
        if (a.conv == FC_DATE) wp->date_col = i;
        if (a.conv == FC_TOD) wp->tod_col = i;
    }
}

/* "#Date: 2000-10-09 16:44:49" gives the day for logs that only log the time. */
static void take_date(w3c_parser *wp, const char *p, size_t len)
{
    while (len && *p == ' ') p++, len--;
    if (len >= 10 && p[4] == '-' && p[7] == '-') {
        memcpy(wp->day, p, 10);
        wp->day[10] = 0;
    }
}

static sl_line_kind directive(w3c_parser *wp, const char *line, size_t len)
{
    if (len >= 8 && !strncasecmp(line, "#Fields:", 8)) {
        const w3c_format *wf = (const w3c_format *)wp->head.fmt;
        wp->cf = wf->cloudfront;
        map_fields(wp, line + 8, len - 8, true);
    } else if (len >= 6 && !strncasecmp(line, "#Date:", 6)) {
        take_date(wp, line + 6, len - 6);
    }
    return SL_LINE_SKIPPED;
}

/* ---- storing one line ---- */

/* "www.example.com/page" (Incapsula) or "http://host/page": host, then the target. */
static void store_uri(sl_record *rec, sl_slice v)
{
    if (!v.p || !v.n || (v.n == 1 && v.p[0] == '-')) return;
    if (v.p[0] != '/') {
        const char *s = v.n > 3 ? memchr(v.p, ':', v.n) : NULL;
        if (s && (size_t)(v.p + v.n - s) > 3 && s[1] == '/' && s[2] == '/') {
            v = sl_slice_make(s + 3, v.n - (size_t)(s + 3 - v.p));
        }
        const char *slash = memchr(v.p, '/', v.n);
        if (slash) {
            if (!rec->v[SL_F_HOST].p && slash > v.p)
                rec->v[SL_F_HOST] = sl_slice_make(v.p, (size_t)(slash - v.p));
            v = sl_slice_make(slash, v.n - (size_t)(slash - v.p));
        }
    }
    rec->v[SL_F_TARGET] = v;
}

static sl_slice unquote(sl_record *rec, w3c_val v)
{
    if (!v.dq) return v.s;
    char *o = sl_arena_alloc(rec->arena, v.s.n);
    if (!o) return SL_SLICE_NULL;
    size_t k = 0;
    for (size_t i = 0; i < v.s.n; i++) {
        o[k++] = v.s.p[i];
        if (v.s.p[i] == '"' && i + 1 < v.s.n && v.s.p[i + 1] == '"') i++;
    }
    return sl_slice_make(o, k);
}

static const char *store_values(w3c_parser *wp, const w3c_val *v, int n, sl_record *rec)
{
    for (int i = 0; i < n && i < wp->ncols; i++) {
        sl_keyact a = wp->act[i];
        if (a.id < 0 || a.conv == FC_DATE || a.conv == FC_TOD) continue;
        sl_slice s = unquote(rec, v[i]);
        if (a.conv == W3C_CONV_URI) store_uri(rec, s);
        else if (!sl_fmtmap_store(rec, a, s)) return "W3C line exceeds the per-line memory cap";
    }
    sl_slice date = wp->date_col >= 0 && wp->date_col < n ? v[wp->date_col].s : SL_SLICE_NULL;
    sl_slice tod = wp->tod_col >= 0 && wp->tod_col < n ? v[wp->tod_col].s : SL_SLICE_NULL;
    if (!date.p && tod.p && wp->day[0]) date = sl_slice_make(wp->day, 10);
    if (date.p && tod.p && !sl_fmtmap_store_datetime(rec, date, tod))
        return "W3C line exceeds the per-line memory cap";
    return NULL;
}

/* The iis preset before any #Fields: line: IIS's default list with n fields, or false. */
static bool iis_default(w3c_parser *wp, int n)
{
    if (!((const w3c_format *)wp->head.fmt)->iis || (wp->have_fields && wp->exact)) return false;
    if (wp->have_fields && wp->ncols == n) return true;
    if (n == 15) map_fields(wp, iis_fields, sizeof iis_fields - 1, false);
    else if (n == 14) map_fields(wp, iis7_fields, sizeof iis7_fields - 1, false);
    else return false;
    return true;
}

static sl_line_kind data_line(w3c_parser *wp, const char *line, size_t len, sl_record *rec,
                              const char **reason)
{
    if (((const w3c_format *)wp->head.fmt)->iis && !(wp->have_fields && wp->exact)) {
        w3c_val v[W3C_MAX_COLS];
        if (!iis_default(wp, split(line, len, v, W3C_MAX_COLS))) {
            *reason = "no #Fields: line, and not IIS's default 14 or 15 fields";
            return SL_LINE_REJECTED;
        }
    }
    if (!wp->have_fields) return *reason = "no #Fields: directive before this line", SL_LINE_REJECTED;
    if (wp->status_col < 0) return *reason = "#Fields: names no sc-status field", SL_LINE_REJECTED;
    w3c_val v[W3C_MAX_COLS];
    int n = split(line, len, v, W3C_MAX_COLS);
    if (n < 0) return *reason = "unbalanced quote in a W3C line", SL_LINE_REJECTED;
    if (wp->exact ? n != wp->ncols : n <= wp->status_col) {
        *reason = "W3C line has another number of values than #Fields: names";
        return SL_LINE_REJECTED;
    }
    if (wp->method_col >= 0 && v[wp->method_col].s.n && v[wp->method_col].s.p[0] == '[')
        return *reason = "FTP service entry, not HTTP", SL_LINE_REJECTED;
    const char *why = store_values(wp, v, n, rec);
    if (why) return *reason = why, SL_LINE_REJECTED;
    sl_fmtmap_finish(rec);
    if (!rec->v[SL_F_STATUS].p) return *reason = "W3C line has no sc-status value", SL_LINE_REJECTED;
    rec->supplied = &wp->supplied;
    return SL_LINE_RECORD;
}

static sl_line_kind w3c_parse(sl_parser *p, const char *line, size_t len, sl_record *rec,
                              const char **reason)
{
    w3c_parser *wp = (w3c_parser *)p;
    while (len && (line[len - 1] == '\r' || line[len - 1] == ' ')) len--;
    size_t i = 0;
    while (i < len && (line[i] == ' ' || line[i] == '\t')) i++;
    if (i == len) return SL_LINE_SKIPPED;
    if (line[i] == '#') return directive(wp, line + i, len - i);
    return data_line(wp, line, len, rec, reason);
}

static sl_parser *w3c_parser_new(const sl_format *f)
{
    w3c_parser *wp = sl_xcalloc(1, sizeof *wp);
    wp->head.fmt = f;
    wp->status_col = wp->method_col = wp->date_col = wp->tod_col = -1;
    if (((const w3c_format *)f)->cloudfront) {
        wp->cf = true;
        map_fields(wp, cloudfront_fields, sizeof cloudfront_fields - 1, false);
    }
    return &wp->head;
}

static const sl_format_vt w3c_vt = {w3c_parser_new, w3c_parse, sl_parser_free_plain,
                                    sl_format_free_plain};

sl_format *sl_fmt_w3c_new(const char *preset, sl_fields *ft, char *err, size_t errlen)
{
    bool cf = preset && !strcmp(preset, "cloudfront"), iis = preset && !strcmp(preset, "iis");
    if (!ft || (preset && !cf && !iis && strcmp(preset, "w3c") != 0)) {
        snprintf(err, errlen, "unknown W3C preset '%s' (w3c, cloudfront or iis)",
                 preset ? preset : "");
        return NULL;
    }
    w3c_format *wf = sl_xcalloc(1, sizeof *wf);
    wf->head.vt = &w3c_vt;
    snprintf(wf->head.name, sizeof wf->head.name, "%s", cf ? "cloudfront" : iis ? "iis" : "w3c");
    /* #Fields: decides, file by file: every field is cleared per line, and each record
     * says what its #Fields: supply (rec->supplied), so a rule about a header the file
     * does not log (IIS 401s from NTLM handshakes vs. WWW-Authenticate) skips it. */
    wf->head.fields.any = true;
    wf->head.stateful = true;
    wf->head.bytes_total_only = true; /* sc-bytes counts headers */
    wf->cloudfront = cf;
    wf->iis = iis;
    wf->ft = ft;
    return &wf->head;
}

/* ---- sniffing ---- */

static bool looks_cloudfront_line(const char *p, size_t n)
{
    int tabs = 0;
    for (size_t i = 0; i < n; i++) tabs += p[i] == '\t';
    return n > 20 && p[4] == '-' && p[7] == '-' && p[10] == '\t' && p[13] == ':' && tabs >= 20;
}

bool sl_fmt_w3c_sniff(const char *head, size_t len, const char **preset)
{
    static const char *const dirs[] = {"#Software:", "#Version:", "#Fields:", "#Date:",
                                       "#Start-Date:", "#Remark:"};
    const char *p = head, *end = head + len;
    while (p < end && (*p == '\n' || *p == '\r' || *p == ' ')) p++;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
    bool w3c = false;
    for (size_t i = 0; i < SL_ARRAY_LEN(dirs); i++)
        if (n >= strlen(dirs[i]) && !strncasecmp(p, dirs[i], strlen(dirs[i]))) w3c = true;
    const char *name = "w3c";
    if (w3c) {
        for (const char *f = p; f && f < end; f = memchr(f + 1, '\n', (size_t)(end - f - 1))) {
            const char *s = *f == '\n' ? f + 1 : f;
            size_t rest = (size_t)(end - s);
            if (rest >= 8 && !strncasecmp(s, "#Fields:", 8)) {
                const char *e = memchr(s, '\n', rest);
                size_t fl = e ? (size_t)(e - s) : rest;
                for (size_t i = 0; i + 7 <= fl; i++)
                    if (!strncasecmp(s + i, "x-edge-", 7)) name = "cloudfront";
                break;
            }
        }
    } else if (looks_cloudfront_line(p, n)) {
        w3c = true;
        name = "cloudfront";
    }
    if (w3c && preset) *preset = name;
    return w3c;
}
