/* st_report.c: `statuslint report` (see st_report.h). Reads the store's per-day summaries
 * into a small model (days x rules, top routes, hosts and clients, runs), then writes it as text,
 * json, markdown or html. The html report is one file with inline SVG charts, inline CSS
 * and a few lines of inline script (no network, no external script or font); every chart
 * has a table with the same numbers beside it. Everything from a log (routes, hosts) is
 * escaped for the output's syntax. */
#include "state/st_report.h"
#include "base/sl_alloc.h"
#include "output/out_esc.h"
#include "record/rec.h"
#include <errno.h>
#include <inttypes.h>
#include <sqlite3.h>
#include <stdlib.h>

#define TOP_N 10
#define MAX_DAYS 3660        /* ten years of days: the model's bound */
#define MAX_RULES 512

typedef struct rp_day {
    int64_t day;
    uint64_t cls[6];         /* [0] no or odd status, [1..5] 1xx..5xx */
    uint64_t records, rejected, sev[4], fresh;
} rp_day;

typedef struct rp_series {
    char *rule, *key;        /* key: route or host (NULL for a rule's own series) */
    int severity;
    uint64_t total;
    uint64_t *per_day;       /* [ndays] */
} rp_series;

typedef struct rp_run {
    int64_t id, started, finished;
    uint64_t inputs, lines, records, fresh, gone;
} rp_run;

typedef struct model {
    const sl_report_opts *o;
    const char *store;
    rp_day *days;
    size_t ndays;
    rp_series rules[MAX_RULES], routes[TOP_N], hosts[TOP_N], clients[TOP_N];
    size_t nrules, nroutes, nhosts, nclients;
    rp_run *runs;
    size_t nruns;
    uint64_t groups, findings;
} model;

/* ---- reading the store ---- */

static sqlite3_stmt *q(sqlite3 *db, const char *sql, int64_t lo, int64_t hi)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return NULL;
    if (sqlite3_bind_parameter_count(st) >= 2) {
        sqlite3_bind_int64(st, 1, lo);
        sqlite3_bind_int64(st, 2, hi);
    }
    return st;
}

static size_t day_index(const model *m, int64_t day)
{
    size_t lo = 0, hi = m->ndays;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (m->days[mid].day < day) lo = mid + 1;
        else hi = mid;
    }
    return lo < m->ndays && m->days[lo].day == day ? lo : SIZE_MAX;
}

static char *col_str(sqlite3_stmt *st, int c)
{
    const unsigned char *p = sqlite3_column_text(st, c);
    return sl_xstrdup(p ? (const char *)p : "-");
}

static void read_days(model *m, sqlite3 *db, int64_t lo, int64_t hi)
{
    sqlite3_stmt *st = q(db, "SELECT day FROM day_status WHERE day BETWEEN ?1 AND ?2 UNION"
                             " SELECT day FROM day_findings WHERE day BETWEEN ?1 AND ?2"
                             " ORDER BY 1 DESC LIMIT 3660", lo, hi);
    m->days = sl_xcalloc(MAX_DAYS, sizeof *m->days);
    while (st && sqlite3_step(st) == SQLITE_ROW && m->ndays < MAX_DAYS)
        m->days[m->ndays++].day = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    for (size_t i = 0; i < m->ndays / 2; i++) { /* newest were kept: put them in order */
        rp_day t = m->days[i];
        m->days[i] = m->days[m->ndays - 1 - i];
        m->days[m->ndays - 1 - i] = t;
    }
    st = q(db, "SELECT day, min(code / 100, 6), sum(n) FROM day_status WHERE day BETWEEN ?1 AND"
               " ?2 GROUP BY 1, 2", lo, hi);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        size_t i = day_index(m, sqlite3_column_int64(st, 0));
        int c = sqlite3_column_int(st, 1);
        if (i == SIZE_MAX) continue;
        uint64_t n = (uint64_t)sqlite3_column_int64(st, 2);
        m->days[i].cls[c >= 1 && c <= 5 ? c : 0] += n;
        m->days[i].records += n;
    }
    sqlite3_finalize(st);
    st = q(db, "SELECT day, sum(n) FROM day_rejected WHERE day BETWEEN ?1 AND ?2 GROUP BY 1", lo, hi);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        size_t i = day_index(m, sqlite3_column_int64(st, 0));
        if (i != SIZE_MAX) m->days[i].rejected += (uint64_t)sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    st = q(db, "SELECT first_time / 86400, count(*) FROM findings WHERE first_time / 86400"
               " BETWEEN ?1 AND ?2 GROUP BY 1", lo, hi);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        size_t i = day_index(m, sqlite3_column_int64(st, 0));
        if (i != SIZE_MAX) m->days[i].fresh += (uint64_t)sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
}

static rp_series *rule_series(model *m, const char *rule, int sev)
{
    for (size_t i = 0; i < m->nrules; i++)
        if (!strcmp(m->rules[i].rule, rule)) return &m->rules[i];
    if (m->nrules == MAX_RULES) return NULL;
    rp_series *r = &m->rules[m->nrules++];
    *r = (rp_series){.rule = sl_xstrdup(rule), .severity = sev,
                     .per_day = sl_xcalloc(m->ndays + 1, sizeof *r->per_day)};
    return r;
}

static void read_rules(model *m, sqlite3 *db, int64_t lo, int64_t hi)
{
    sqlite3_stmt *st = q(db, "SELECT d.day, f.rule, max(f.severity), sum(d.n) FROM day_findings d"
                             " JOIN findings f ON f.fp = d.fp WHERE d.day BETWEEN ?1 AND ?2"
                             " GROUP BY 1, 2", lo, hi);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        size_t i = day_index(m, sqlite3_column_int64(st, 0));
        const unsigned char *rule = sqlite3_column_text(st, 1);
        int sev = sqlite3_column_int(st, 2);
        rp_series *r = i == SIZE_MAX ? NULL : rule_series(m, rule ? (const char *)rule : "?", sev);
        if (!r) continue;
        uint64_t n = (uint64_t)sqlite3_column_int64(st, 3);
        r->per_day[i] += n;
        r->total += n;
        m->days[i].sev[sev >= 1 && sev <= 3 ? sev : 1] += n;
        m->findings += n;
    }
    sqlite3_finalize(st);
    /* most findings first; ties by rule id, so the order is stable */
    for (size_t i = 1; i < m->nrules; i++)
        for (size_t k = i; k > 0 && (m->rules[k].total > m->rules[k - 1].total ||
                                     (m->rules[k].total == m->rules[k - 1].total &&
                                      strcmp(m->rules[k].rule, m->rules[k - 1].rule) < 0)); k--) {
            rp_series t = m->rules[k];
            m->rules[k] = m->rules[k - 1];
            m->rules[k - 1] = t;
        }
}

/* The TOP_N (rule, col) pairs by findings, each with its per-day counts. col "client" reads
 * day_clients (each input's top clients of a rule and day; '' sums the rest). */
static size_t read_top(model *m, sqlite3 *db, int64_t lo, int64_t hi, const char *col,
                       rp_series *out)
{
    char sql[512];
    bool cl = !strcmp(col, "client");
    if (cl)
        snprintf(sql, sizeof sql, "SELECT c.rule, c.client, (SELECT max(severity) FROM findings f"
                 " WHERE f.rule = c.rule), sum(c.n) AS n FROM day_clients c WHERE c.day BETWEEN"
                 " ?1 AND ?2 AND c.client != '' GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT %d", TOP_N);
    else
        snprintf(sql, sizeof sql, "SELECT f.rule, f.%s, max(f.severity), sum(d.n) AS n FROM"
                 " day_findings d JOIN findings f ON f.fp = d.fp WHERE d.day BETWEEN ?1 AND ?2"
                 " AND f.%s != '-' GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT %d", col, col, TOP_N);
    sqlite3_stmt *st = q(db, sql, lo, hi);
    size_t n = 0;
    while (st && sqlite3_step(st) == SQLITE_ROW && n < TOP_N) {
        out[n] = (rp_series){.rule = col_str(st, 0), .key = col_str(st, 1),
                             .severity = sqlite3_column_int(st, 2),
                             .total = (uint64_t)sqlite3_column_int64(st, 3),
                             .per_day = sl_xcalloc(m->ndays + 1, sizeof(uint64_t))};
        n++;
    }
    sqlite3_finalize(st);
    if (cl)
        snprintf(sql, sizeof sql, "SELECT day, sum(n) FROM day_clients WHERE day BETWEEN ?1 AND"
                 " ?2 AND rule = ?3 AND client = ?4 GROUP BY 1");
    else
        snprintf(sql, sizeof sql, "SELECT d.day, sum(d.n) FROM day_findings d JOIN findings f ON"
                 " f.fp = d.fp WHERE d.day BETWEEN ?1 AND ?2 AND f.rule = ?3 AND f.%s = ?4"
                 " GROUP BY 1", col);
    for (size_t i = 0; i < n; i++) {
        st = q(db, sql, lo, hi);
        if (!st) break;
        sqlite3_bind_text(st, 3, out[i].rule, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, out[i].key, -1, SQLITE_STATIC);
        while (sqlite3_step(st) == SQLITE_ROW) {
            size_t d = day_index(m, sqlite3_column_int64(st, 0));
            if (d != SIZE_MAX) out[i].per_day[d] += (uint64_t)sqlite3_column_int64(st, 1);
        }
        sqlite3_finalize(st);
    }
    return n;
}

static void read_runs(model *m, sqlite3 *db)
{
    int64_t lo = m->o->since, hi = m->o->until;
    sqlite3_stmt *st = q(db, "SELECT id, started, finished, inputs, lines, records, fresh, gone"
                             " FROM runs WHERE started BETWEEN ?1 AND ?2 ORDER BY id DESC LIMIT"
                             " 400", lo, hi);
    m->runs = sl_xcalloc(400, sizeof *m->runs);
    while (st && sqlite3_step(st) == SQLITE_ROW && m->nruns < 400) {
        rp_run *r = &m->runs[m->nruns++];
        r->id = sqlite3_column_int64(st, 0);
        r->started = sqlite3_column_int64(st, 1);
        r->finished = sqlite3_column_type(st, 2) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 2);
        r->inputs = (uint64_t)sqlite3_column_int64(st, 3);
        r->lines = (uint64_t)sqlite3_column_int64(st, 4);
        r->records = (uint64_t)sqlite3_column_int64(st, 5);
        r->fresh = (uint64_t)sqlite3_column_int64(st, 6);
        r->gone = (uint64_t)sqlite3_column_int64(st, 7);
    }
    sqlite3_finalize(st);
    st = q(db, "SELECT count(*) FROM findings", 0, 0);
    if (st && sqlite3_step(st) == SQLITE_ROW) m->groups = (uint64_t)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
}

static void model_free(model *m)
{
    rp_series *sets[] = {m->rules, m->routes, m->hosts, m->clients};
    size_t ns[] = {m->nrules, m->nroutes, m->nhosts, m->nclients};
    for (int s = 0; s < 4; s++)
        for (size_t i = 0; i < ns[s]; i++) {
            free(sets[s][i].rule);
            free(sets[s][i].key);
            free(sets[s][i].per_day);
        }
    free(m->days);
    free(m->runs);
}

/* ---- shared bits ---- */

static void day_str(int64_t day, char out[11])
{
    char iso[21];
    sl_time_iso(day * 86400, iso);
    memcpy(out, iso, 10);
    out[10] = '\0';
}

static void time_str(int64_t t, char out[21])
{
    if (t < 0) {
        snprintf(out, 21, "-");
        return;
    }
    sl_time_iso(t, out);
}

static double share(uint64_t part, uint64_t whole) { return whole ? 100.0 * (double)part / (double)whole : 0.0; }

static const char *sev_name(int s) { return sl_severity_name((sl_severity)(s >= 1 && s <= 3 ? s : 1)); }

/* ---- text ---- */

static void text_series(FILE *f, const char *title, const char *keyname, const rp_series *v, size_t n)
{
    if (!n) return;
    if (*keyname) fprintf(f, "\n%s\n  %10s  %-8s %-40s %s\n", title, "findings", "severity", "rule", keyname);
    else fprintf(f, "\n%s\n  %10s  %-8s %s\n", title, "findings", "severity", "rule");
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "  %10" PRIu64 "  %-8s ", v[i].total, sev_name(v[i].severity));
        out_text_esc(f, sl_slice_cstr(v[i].rule), 0);
        if (v[i].key) {
            fprintf(f, "%*s ", (int)(strlen(v[i].rule) < 40 ? 40 - strlen(v[i].rule) : 0), "");
            out_text_esc(f, sl_slice_cstr(v[i].key), 200);
        }
        fputc('\n', f);
    }
}

static void render_text(FILE *f, const model *m)
{
    char a[11] = "-", b[11] = "-";
    if (m->ndays) day_str(m->days[0].day, a), day_str(m->days[m->ndays - 1].day, b);
    fprintf(f, "statuslint report: %zu day%s (%s .. %s), %" PRIu64 " findings in %" PRIu64
               " finding groups, %zu run%s\n", m->ndays, m->ndays == 1 ? "" : "s", a, b,
            m->findings, m->groups, m->nruns, m->nruns == 1 ? "" : "s");
    fprintf(f, "\nBy day\n  %-10s %10s %7s %7s %9s %7s %7s %7s %5s\n", "day", "records", "4xx%",
            "5xx%", "rejected", "error", "warning", "info", "new");
    for (size_t i = 0; i < m->ndays; i++) {
        const rp_day *d = &m->days[i];
        char ds[11];
        day_str(d->day, ds);
        fprintf(f, "  %-10s %10" PRIu64 " %7.2f %7.2f %9" PRIu64 " %7" PRIu64 " %7" PRIu64
                   " %7" PRIu64 " %5" PRIu64 "\n", ds, d->records, share(d->cls[4], d->records),
                share(d->cls[5], d->records), d->rejected, d->sev[SL_SEV_ERROR],
                d->sev[SL_SEV_WARNING], d->sev[SL_SEV_INFO], d->fresh);
    }
    text_series(f, "Findings by rule", "", m->rules, m->nrules);
    text_series(f, "Top routes", "route", m->routes, m->nroutes);
    text_series(f, "Top hosts", "host", m->hosts, m->nhosts);
    text_series(f, "Top clients", "client", m->clients, m->nclients);
    fprintf(f, "\nRuns (newest first)\n  %-20s %7s %10s %6s %9s\n", "started", "inputs", "lines",
            "new", "resolved");
    for (size_t i = 0; i < m->nruns; i++) {
        const rp_run *r = &m->runs[i];
        char t[21];
        time_str(r->started, t);
        fprintf(f, "  %-20s %7" PRIu64 " %10" PRIu64 " %6" PRIu64 " %9" PRIu64 "%s\n", t,
                r->inputs, r->lines, r->fresh, r->gone, r->finished < 0 ? "  (stopped early)" : "");
    }
}

/* ---- json ---- */

static void json_days_array(FILE *f, const uint64_t *v, size_t n)
{
    fputc('[', f);
    for (size_t i = 0; i < n; i++) fprintf(f, "%s%" PRIu64, i ? "," : "", v[i]);
    fputc(']', f);
}

static void json_series(FILE *f, const char *name, const char *keyname, const rp_series *v,
                        size_t n, size_t ndays)
{
    fprintf(f, ",\n\"%s\":[", name);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ",\n {\"rule\":" : "\n {\"rule\":", f);
        out_json_cstr(f, v[i].rule);
        if (v[i].key) {
            fprintf(f, ",\"%s\":", keyname);
            out_json_cstr(f, v[i].key);
        }
        fprintf(f, ",\"severity\":\"%s\",\"count\":%" PRIu64 ",\"by_day\":", sev_name(v[i].severity),
                v[i].total);
        json_days_array(f, v[i].per_day, ndays);
        fputc('}', f);
    }
    fputc(']', f);
}

static void render_json(FILE *f, const model *m)
{
    fputs("{\"tool\":{\"name\":\"statuslint\",\"version\":", f);
    out_json_cstr(f, m->o->version);
    fprintf(f, "},\"finding_groups\":%" PRIu64 ",\"findings\":%" PRIu64 ",\n\"days\":[", m->groups,
            m->findings);
    static const char *const cls[] = {"other", "1xx", "2xx", "3xx", "4xx", "5xx"};
    for (size_t i = 0; i < m->ndays; i++) {
        const rp_day *d = &m->days[i];
        char ds[11];
        day_str(d->day, ds);
        fprintf(f, "%s\n {\"day\":\"%s\",\"records\":%" PRIu64 ",\"classes\":{", i ? "," : "", ds,
                d->records);
        for (int c = 1; c <= 6; c++)
            fprintf(f, "%s\"%s\":%" PRIu64, c > 1 ? "," : "", cls[c % 6], d->cls[c % 6]);
        fprintf(f, "},\"share_4xx\":%.4f,\"share_5xx\":%.4f,\"rejected\":%" PRIu64
                   ",\"findings\":{\"error\":%" PRIu64 ",\"warning\":%" PRIu64 ",\"info\":%" PRIu64
                   "},\"new_groups\":%" PRIu64 "}",
                share(d->cls[4], d->records) / 100, share(d->cls[5], d->records) / 100,
                d->rejected, d->sev[SL_SEV_ERROR], d->sev[SL_SEV_WARNING], d->sev[SL_SEV_INFO],
                d->fresh);
    }
    fputc(']', f);
    json_series(f, "rules", NULL, m->rules, m->nrules, m->ndays);
    json_series(f, "top_routes", "route", m->routes, m->nroutes, m->ndays);
    json_series(f, "top_hosts", "host", m->hosts, m->nhosts, m->ndays);
    json_series(f, "top_clients", "client", m->clients, m->nclients, m->ndays);
    fputs(",\n\"runs\":[", f);
    for (size_t i = 0; i < m->nruns; i++) {
        const rp_run *r = &m->runs[i];
        char t[21], e[21];
        time_str(r->started, t);
        time_str(r->finished, e);
        fprintf(f, "%s\n {\"id\":%" PRId64 ",\"started\":\"%s\",\"finished\":", i ? "," : "", r->id, t);
        if (r->finished < 0) fputs("null", f);
        else fprintf(f, "\"%s\"", e);
        fprintf(f, ",\"inputs\":%" PRIu64 ",\"lines\":%" PRIu64 ",\"new\":%" PRIu64
                   ",\"resolved\":%" PRIu64 "}", r->inputs, r->lines, r->fresh, r->gone);
    }
    fputs("]}\n", f);
}

/* ---- markdown ---- */

static void md_esc(FILE *f, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7f) fprintf(f, "\\\\x%02X", *p);
        else if (strchr("\\`*_[]<>|#!~&", *p)) fprintf(f, "\\%c", *p);
        else fputc(*p, f);
    }
}

static void md_series(FILE *f, const char *title, const char *keyname, const rp_series *v, size_t n)
{
    if (!n) return;
    fprintf(f, "\n### %s\n\n| findings | severity | rule |%s\n|---:|---|---|%s\n", title,
            keyname ? keyname : "", keyname ? "---|" : "");
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "| %" PRIu64 " | %s | ", v[i].total, sev_name(v[i].severity));
        md_esc(f, v[i].rule);
        if (keyname) fputs(" | ", f), md_esc(f, v[i].key ? v[i].key : "");
        fputs(" |\n", f);
    }
}

static void render_markdown(FILE *f, const model *m)
{
    fprintf(f, "## statuslint report\n\n%zu days, %" PRIu64 " findings in %" PRIu64
               " finding groups, %zu runs.\n\n### By day\n\n| day | records | 4xx | 5xx |"
               " rejected | error | warning | info | new |\n|---|---:|---:|---:|---:|---:|---:|"
               "---:|---:|\n", m->ndays, m->findings, m->groups, m->nruns);
    for (size_t i = 0; i < m->ndays; i++) {
        const rp_day *d = &m->days[i];
        char ds[11];
        day_str(d->day, ds);
        fprintf(f, "| %s | %" PRIu64 " | %.2f%% | %.2f%% | %" PRIu64 " | %" PRIu64 " | %" PRIu64
                   " | %" PRIu64 " | %" PRIu64 " |\n", ds, d->records, share(d->cls[4], d->records),
                share(d->cls[5], d->records), d->rejected, d->sev[SL_SEV_ERROR],
                d->sev[SL_SEV_WARNING], d->sev[SL_SEV_INFO], d->fresh);
    }
    md_series(f, "Findings by rule", NULL, m->rules, m->nrules);
    md_series(f, "Top routes", " route |", m->routes, m->nroutes);
    md_series(f, "Top hosts", " host |", m->hosts, m->nhosts);
    md_series(f, "Top clients", " client |", m->clients, m->nclients);
    fputs("\n### Runs\n\n| started | inputs | lines | new | resolved |\n|---|---:|---:|---:|---:|\n", f);
    for (size_t i = 0; i < m->nruns; i++) {
        char t[21];
        time_str(m->runs[i].started, t);
        fprintf(f, "| %s%s | %" PRIu64 " | %" PRIu64 " | %" PRIu64 " | %" PRIu64 " |\n", t,
                m->runs[i].finished < 0 ? " (stopped early)" : "", m->runs[i].inputs,
                m->runs[i].lines, m->runs[i].fresh, m->runs[i].gone);
    }
}

/* ---- html ---- */

static const char *const palette[] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                                      "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
#define CW 920   /* chart width and height, in SVG units */
#define CH 240
#define PAD_L 56
#define PAD_B 28

static void h(FILE *f, const char *s) { out_xml_esc(f, sl_slice_cstr(s), 0, false); }

static void axis(FILE *f, const model *m, uint64_t ymax, const char *unit)
{
    fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"ax\"/>", PAD_L, CH - PAD_B,
            CW - 8, CH - PAD_B);
    for (int k = 0; k <= 4; k++) {
        int y = CH - PAD_B - k * (CH - PAD_B - 12) / 4;
        fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"grid\"/>"
                   "<text x=\"%d\" y=\"%d\" class=\"yl\">%" PRIu64 "%s</text>", PAD_L, y, CW - 8,
                y, PAD_L - 6, y + 4, ymax * (uint64_t)k / 4, unit);
    }
    size_t step = m->ndays > 8 ? (m->ndays + 7) / 8 : 1;
    double bw = (double)(CW - 8 - PAD_L) / (double)(m->ndays ? m->ndays : 1);
    for (size_t i = 0; i < m->ndays; i += step) {
        char ds[11];
        day_str(m->days[i].day, ds);
        fprintf(f, "<text x=\"%.1f\" y=\"%d\" class=\"xl\">%s</text>", PAD_L + bw * ((double)i + 0.5),
                CH - 8, ds + 5);
    }
}

/* Stacked bars, one per day: nser series of per-day values (values[k][day]). */
static void bars(FILE *f, const model *m, const char *id, const char *title,
                 const uint64_t *const *values, const char *const *names, size_t nser,
                 bool percent, const char *const *colors)
{
    uint64_t ymax = 1;
    for (size_t i = 0; i < m->ndays; i++) {
        uint64_t t = 0;
        for (size_t k = 0; k < nser; k++) t += values[k][i];
        if (t > ymax) ymax = t;
    }
    if (percent) ymax = 100;
    else { /* a round top for the axis */
        uint64_t p = 1;
        while (p * 10 < ymax) p *= 10;
        ymax = (ymax + p - 1) / p * p;
    }
    fprintf(f, "<figure><figcaption>%s</figcaption><svg id=\"%s\" class=\"chart\" viewBox=\"0 0 "
               "%d %d\" role=\"img\" aria-label=\"%s\">", title, id, CW, CH, title);
    axis(f, m, ymax, percent ? "%" : "");
    fputs("<g class=\"marks\">", f);
    double bw = (double)(CW - 8 - PAD_L) / (double)(m->ndays ? m->ndays : 1);
    double ph = CH - PAD_B - 12;
    for (size_t i = 0; i < m->ndays; i++) {
        uint64_t total = 0;
        for (size_t k = 0; k < nser; k++) total += values[k][i];
        double y = CH - PAD_B;
        for (size_t k = 0; k < nser; k++) {
            uint64_t v = values[k][i];
            if (!v) continue;
            double hgt = percent ? ph * (double)v / (double)(total ? total : 1)
                                 : ph * (double)v / (double)ymax;
            y -= hgt;
            char ds[11];
            day_str(m->days[i].day, ds);
            fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                       "<title>%s ", PAD_L + bw * (double)i + bw * 0.1, y, bw * 0.8, hgt,
                    colors[k % 10], ds);
            h(f, names[k]);
            fprintf(f, ": %" PRIu64 "</title></rect>", v);
        }
    }
    fputs("</g></svg><div class=\"legend\">", f);
    for (size_t k = 0; k < nser; k++) {
        fprintf(f, "<span><i style=\"background:%s\"></i>", colors[k % 10]);
        h(f, names[k]);
        fputs("</span>", f);
    }
    fputs("</div></figure>\n", f);
}

static void sparkline(FILE *f, const uint64_t *v, size_t n)
{
    uint64_t mx = 1;
    for (size_t i = 0; i < n; i++) if (v[i] > mx) mx = v[i];
    fputs("<svg class=\"spark\" viewBox=\"0 0 120 24\"><polyline class=\"marks\" points=\"", f);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%s%.1f,%.1f", i ? " " : "", n > 1 ? 2 + 116.0 * (double)i / (double)(n - 1) : 60.0,
                22 - 20.0 * (double)v[i] / (double)mx);
    fputs("\"/></svg>", f);
}

static void series_table(FILE *f, const model *m, const char *title, const char *keyname,
                         const rp_series *v, size_t n, bool spark)
{
    fprintf(f, "<h2>%s</h2><table><thead><tr><th>rule</th>%s%s%s<th>severity</th><th class=\"n\">"
               "findings</th>%s</tr></thead><tbody>", title, keyname ? "<th>" : "",
            keyname ? keyname : "", keyname ? "</th>" : "", spark ? "<th>by day</th>" : "");
    for (size_t i = 0; i < n; i++) {
        fputs("<tr><td><code>", f);
        h(f, v[i].rule);
        fputs("</code></td>", f);
        if (keyname) fputs("<td><code>", f), h(f, v[i].key ? v[i].key : ""), fputs("</code></td>", f);
        fprintf(f, "<td class=\"%s\">%s</td><td class=\"n\">%" PRIu64 "</td>", sev_name(v[i].severity),
                sev_name(v[i].severity), v[i].total);
        if (spark) fputs("<td>", f), sparkline(f, v[i].per_day, m->ndays), fputs("</td>", f);
        fputs("</tr>", f);
    }
    if (!n)
        fputs(keyname && !strcmp(keyname, "host")
                  ? "<tr><td colspan=\"5\">no finding names a host (the log format records none)</td></tr>"
                  : keyname && !strcmp(keyname, "client")
                  ? "<tr><td colspan=\"5\">no finding names a client (the log format records "
                    "none, or the store was written before clients were kept)</td></tr>"
                  : "<tr><td colspan=\"5\">no findings in these days</td></tr>", f);
    fputs("</tbody></table>\n", f);
}

static void day_table(FILE *f, const model *m)
{
    fputs("<details><summary>The numbers, by day</summary><table><thead><tr><th>day</th>"
          "<th class=\"n\">records</th><th class=\"n\">2xx</th><th class=\"n\">3xx</th>"
          "<th class=\"n\">4xx</th><th class=\"n\">5xx</th><th class=\"n\">4xx share</th>"
          "<th class=\"n\">5xx share</th><th class=\"n\">rejected</th><th class=\"n\">error</th>"
          "<th class=\"n\">warning</th><th class=\"n\">info</th><th class=\"n\">new groups</th>"
          "</tr></thead><tbody>", f);
    for (size_t i = 0; i < m->ndays; i++) {
        const rp_day *d = &m->days[i];
        char ds[11];
        day_str(d->day, ds);
        fprintf(f, "<tr><td>%s</td><td class=\"n\">%" PRIu64 "</td><td class=\"n\">%" PRIu64
                   "</td><td class=\"n\">%" PRIu64 "</td><td class=\"n\">%" PRIu64 "</td><td "
                   "class=\"n\">%" PRIu64 "</td><td class=\"n\">%.2f%%</td><td class=\"n\">%.2f%%"
                   "</td><td class=\"n\">%" PRIu64 "</td><td class=\"n\">%" PRIu64 "</td><td "
                   "class=\"n\">%" PRIu64 "</td><td class=\"n\">%" PRIu64 "</td><td class=\"n\">%"
                   PRIu64 "</td></tr>", ds, d->records, d->cls[2], d->cls[3], d->cls[4], d->cls[5],
                share(d->cls[4], d->records), share(d->cls[5], d->records), d->rejected,
                d->sev[SL_SEV_ERROR], d->sev[SL_SEV_WARNING], d->sev[SL_SEV_INFO], d->fresh);
    }
    fputs("</tbody></table></details>\n", f);
}

static void runs_table(FILE *f, const model *m)
{
    fputs("<h2>Nights</h2><table><thead><tr><th>run started</th><th class=\"n\">inputs read</th>"
          "<th class=\"n\">lines read</th><th class=\"n\">new groups</th><th class=\"n\">resolved"
          "</th></tr></thead><tbody>", f);
    for (size_t i = 0; i < m->nruns; i++) {
        const rp_run *r = &m->runs[i];
        char t[21];
        time_str(r->started, t);
        fprintf(f, "<tr><td>%s%s</td><td class=\"n\">%" PRIu64 "</td><td class=\"n\">%" PRIu64
                   "</td><td class=\"n\">%" PRIu64 "</td><td class=\"n\">%" PRIu64 "</td></tr>", t,
                r->finished < 0 ? " (stopped early)" : "", r->inputs, r->lines, r->fresh, r->gone);
    }
    fputs("</tbody></table>\n", f);
}

static const char css[] =
    "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:24px auto;"
    "max-width:960px;color:#222;padding:0 12px}h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;"
    "margin:28px 0 8px}.sub{color:#666;margin:0 0 16px}.cards{display:flex;gap:10px;flex-wrap:wrap}"
    ".card{border:1px solid #ddd;border-radius:6px;padding:6px 12px;flex:1;min-width:90px}.card b{display:"
    "block;font-size:20px}figure{margin:18px 0}figcaption{font-weight:600;margin-bottom:4px}"
    "svg.chart{width:100%;height:auto;background:#fcfcfc;border:1px solid #eee;border-radius:4px}"
    ".ax{stroke:#888}.grid{stroke:#eee}.yl{font-size:11px;fill:#666;text-anchor:end}.xl{font-size:"
    "11px;fill:#666;text-anchor:middle}.legend span{margin-right:14px;font-size:12px;white-space:"
    "nowrap}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:"
    "2px}table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid "
    "#eee;padding:3px 6px;text-align:left}th{background:#f6f6f6}td.n,th.n{text-align:right;"
    "font-variant-numeric:tabular-nums}td.error{color:#b00020}td.warning{color:#a15c00}code{font-"
    "size:12px}svg.spark{width:120px;height:24px}svg.spark polyline{fill:none;stroke:#4e79a7;"
    "stroke-width:1.5}details{margin:6px 0}summary{cursor:pointer;color:#335}";

/* Counts the charts the browser laid out with something in them; the test suite reads it. */
static const char script[] =
    "(function(){var n=0;document.querySelectorAll('svg .marks').forEach(function(g){var b="
    "g.getBBox();if(b.width>0&&b.height>0)n++;});document.documentElement.setAttribute("
    "'data-charts-drawn',String(n));console.log('statuslint-report: '+n+' charts drawn');})();";

static void render_html(FILE *f, const model *m)
{
    char a[11] = "-", b[11] = "-";
    if (m->ndays) day_str(m->days[0].day, a), day_str(m->days[m->ndays - 1].day, b);
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\""
          " content=\"width=device-width,initial-scale=1\"><meta http-equiv=\"Content-Security-"
          "Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src "
          "'unsafe-inline'\"><title>statuslint report</title><style>", f);
    fputs(css, f);
    fprintf(f, "</style></head><body><h1>statuslint report</h1><p class=\"sub\">%s to %s, "
               "statuslint %s</p>", a, b, m->o->version);
    uint64_t records = 0, c4 = 0, c5 = 0, fresh = 0, gone = 0;
    for (size_t i = 0; i < m->ndays; i++)
        records += m->days[i].records, c4 += m->days[i].cls[4], c5 += m->days[i].cls[5];
    for (size_t i = 0; i < m->nruns; i++) fresh += m->runs[i].fresh, gone += m->runs[i].gone;
    fprintf(f, "<div class=\"cards\"><div class=\"card\"><b>%zu</b>days</div><div class=\"card\">"
               "<b>%" PRIu64 "</b>responses</div><div class=\"card\"><b>%.2f%%</b>4xx</div><div "
               "class=\"card\"><b>%.2f%%</b>5xx</div><div class=\"card\"><b>%" PRIu64 "</b>findings"
               "</div><div class=\"card\"><b>%" PRIu64 "</b>new groups</div><div class=\"card\"><b>%"
               PRIu64 "</b>resolved</div></div>\n", m->ndays, records, share(c4, records),
            share(c5, records), m->findings, fresh, gone);
    /* findings over time: the 8 rules with most findings, the rest as one series */
    size_t nser = m->nrules > 9 ? 9 : m->nrules;
    const uint64_t *vals[10];
    const char *names[10];
    uint64_t *rest = sl_xcalloc(m->ndays + 1, sizeof *rest);
    for (size_t k = 0; k < nser; k++) vals[k] = m->rules[k].per_day, names[k] = m->rules[k].rule;
    if (m->nrules > 9) {
        for (size_t k = 8; k < m->nrules; k++)
            for (size_t i = 0; i < m->ndays; i++) rest[i] += m->rules[k].per_day[i];
        vals[8] = rest, names[8] = "other rules", nser = 9;
    }
    bars(f, m, "findings-by-rule", "Findings per day, by rule", vals, names, nser, false, palette);
    uint64_t *cls[5];
    static const char *const cls_names[] = {"2xx", "3xx", "4xx", "5xx", "1xx and other"};
    static const char *const cls_colors[10] = {"#59a14f", "#4e79a7", "#f28e2b", "#e15759", "#bab0ac"};
    for (int c = 0; c < 5; c++) cls[c] = sl_xcalloc(m->ndays + 1, sizeof(uint64_t));
    for (size_t i = 0; i < m->ndays; i++) {
        for (int c = 0; c < 4; c++) cls[c][i] = m->days[i].cls[c + 2];
        cls[4][i] = m->days[i].cls[1] + m->days[i].cls[0];
    }
    bars(f, m, "responses-by-class", "Responses per day, by class (share)",
         (const uint64_t *const *)cls, cls_names, 5, true, cls_colors);
    day_table(f, m);
    series_table(f, m, "Findings by rule", NULL, m->rules, m->nrules, true);
    series_table(f, m, "Top routes", "route", m->routes, m->nroutes, true);
    series_table(f, m, "Top hosts", "host", m->hosts, m->nhosts, false);
    series_table(f, m, "Top clients", "client", m->clients, m->nclients, true);
    runs_table(f, m);
    fprintf(f, "<script>%s</script></body></html>\n", script);
    for (int c = 0; c < 5; c++) free(cls[c]);
    free(rest);
}

/* ---- the command ---- */

sl_status sl_state_report(sl_state *s, FILE *f, const sl_report_opts *o, char *err, size_t errlen)
{
    sqlite3 *db = sl_state_db(s);
    model m = {.o = o};
    int64_t lo = o->since == INT64_MIN ? 0 : sl_state_day(o->since);
    int64_t hi = o->until == INT64_MAX ? INT64_MAX : sl_state_day(o->until);
    read_days(&m, db, lo, hi);
    read_rules(&m, db, lo, hi);
    m.nroutes = read_top(&m, db, lo, hi, "route", m.routes);
    m.nhosts = read_top(&m, db, lo, hi, "host", m.hosts);
    m.nclients = read_top(&m, db, lo, hi, "client", m.clients);
    read_runs(&m, db);
    if (sqlite3_errcode(db) != SQLITE_OK && sqlite3_errcode(db) != SQLITE_ROW &&
        sqlite3_errcode(db) != SQLITE_DONE) {
        snprintf(err, errlen, "cannot read the state store: %s", sqlite3_errmsg(db));
        model_free(&m);
        return SL_EIO;
    }
    if (!strcmp(o->format, "json")) render_json(f, &m);
    else if (!strcmp(o->format, "markdown")) render_markdown(f, &m);
    else if (!strcmp(o->format, "html")) render_html(f, &m);
    else render_text(f, &m);
    model_free(&m);
    if (fflush(f) != 0 || ferror(f)) {
        snprintf(err, errlen, "cannot write the report: %s", strerror(errno));
        return SL_EIO;
    }
    return SL_OK;
}
