/* out_prom.c: the Prometheus text format 0.0.4 sink and the OpenMetrics 1.0 sink, for the
 * node_exporter textfile collector, a Pushgateway or a dashboard. Everything is written at
 * end from the summary: counters named *_total with HELP and TYPE, low-cardinality labels
 * only (status code and class, rule and severity; never a path, client or user agent),
 * label values escaped, no timestamps (the textfile collector refuses them). */
#include "output/out_esc.h"
#include "output/out_sink.h"
#include <inttypes.h>

typedef struct prom_sink {
    out_sink base;
} prom_sink;

const size_t out_prom_size = sizeof(prom_sink), out_om_size = sizeof(prom_sink);

typedef enum { M_COUNTER, M_GAUGE, M_INFO } mtype;

/* Writes the family header; returns the sample name suffix. */
static const char *family(sl_sink *s, const char *base, mtype t, const char *unit, const char *help)
{
    FILE *f = s->out;
    const char *suffix = t == M_COUNTER ? "_total" : t == M_INFO ? "_info" : "";
    if (s->vt == &out_om_vt) {
        fprintf(f, "# TYPE %s %s\n", base, t == M_COUNTER ? "counter" : t == M_INFO ? "info" : "gauge");
        if (unit) fprintf(f, "# UNIT %s %s\n", base, unit);
        fprintf(f, "# HELP %s %s\n", base, help);
    } else {
        fprintf(f, "# HELP %s%s %s\n", base, suffix, help);
        fprintf(f, "# TYPE %s%s %s\n", base, suffix, t == M_COUNTER ? "counter" : "gauge");
    }
    return suffix;
}

static void counter(sl_sink *s, const char *base, const char *unit, const char *help, uint64_t v)
{
    const char *sfx = family(s, base, M_COUNTER, unit, help);
    fprintf(s->out, "%s%s %" PRIu64 "\n", base, sfx, v);
}

static void gauge(sl_sink *s, const char *base, const char *unit, const char *help, double v)
{
    family(s, base, M_GAUGE, unit, help);
    if (v == (double)(int64_t)v) fprintf(s->out, "%s %" PRId64 "\n", base, (int64_t)v);
    else fprintf(s->out, "%s %.3f\n", base, v);
}

static void prom_responses(sl_sink *s, const sl_summary *sum)
{
    FILE *f = s->out;
    const char *sfx = family(s, "statuslint_responses", M_COUNTER, NULL,
                             "Parsed response records by HTTP status code and class.");
    for (int c = 0; c < 1000; c++) {
        if (!sum->status[c]) continue;
        if (c >= 100 && c < 600)
            fprintf(f, "statuslint_responses%s{code=\"%d\",class=\"%dxx\"} %" PRIu64 "\n", sfx, c, c / 100, sum->status[c]);
        else
            fprintf(f, "statuslint_responses%s{code=\"%d\",class=\"other\"} %" PRIu64 "\n", sfx, c, sum->status[c]);
    }
    if (sum->status_other)
        fprintf(f, "statuslint_responses%s{code=\"none\",class=\"other\"} %" PRIu64 "\n", sfx, sum->status_other);
}

static void prom_findings(sl_sink *s, const sl_summary *sum)
{
    FILE *f = s->out;
    const char *sfx = family(s, "statuslint_findings", M_COUNTER, NULL,
                             "Findings by rule and effective severity (baselined ones excluded).");
    for (size_t i = 0; i < out_rule_count(s); i++) {
        const sl_rule_info *r = out_rule(s, i);
        uint64_t n = sum->by_rule && i < sum->nrules ? sum->by_rule[i] : 0;
        if (!r || (!r->enabled && !n)) continue;
        fprintf(f, "statuslint_findings%s{rule=\"", sfx);
        out_prom_esc(f, r->id);
        fprintf(f, "\",severity=\"%s\"} %" PRIu64 "\n", sl_severity_name(r->severity), n);
    }
}

static sl_status prom_end(sl_sink *s, const sl_summary *sum)
{
    FILE *f = s->out;
    counter(s, "statuslint_files", NULL, "Input files read.", sum->files);
    counter(s, "statuslint_lines", NULL, "Physical lines read.", sum->lines);
    counter(s, "statuslint_records", NULL, "Lines parsed into response records.", sum->records);
    counter(s, "statuslint_rejected_lines", NULL, "Lines that did not parse.", sum->rejected);
    counter(s, "statuslint_skipped_lines", NULL, "Blank, comment and header lines.", sum->skipped);
    counter(s, "statuslint_read_bytes", "bytes", "Decompressed bytes read.", sum->bytes);
    prom_responses(s, sum);
    prom_findings(s, sum);
    counter(s, "statuslint_suppressed_findings", NULL, "Findings dropped by a suppress entry.", sum->suppressed);
    counter(s, "statuslint_baselined_findings", NULL, "Findings present in the baseline.", sum->baselined);
    counter(s, "statuslint_input_errors", NULL, "Inputs that could not be read completely.", sum->input_errors);
    counter(s, "statuslint_regex_limit_hits", NULL, "Regex matches stopped by the match limit.", sum->regex_limit);
    gauge(s, "statuslint_last_run_timestamp_seconds", "seconds", "Unix time the last run finished.",
          (double)sum->finished);
    gauge(s, "statuslint_last_run_duration_seconds", "seconds", "Wall time of the last run.", sum->seconds);
    gauge(s, "statuslint_last_run_success", NULL, "1 if the last run read every input completely.",
          sum->success ? 1 : 0);
    const char *sfx = family(s, "statuslint_build", M_INFO, NULL, "The statuslint version.");
    fprintf(f, "statuslint_build%s{version=\"", sfx);
    out_prom_esc(f, s->opts.version);
    fputs("\"} 1\n", f);
    if (s->vt == &out_om_vt) fputs("# EOF\n", f);
    return out_check(f);
}

static sl_status prom_begin(sl_sink *s) { return SL_OK; }
static sl_status prom_finding(sl_sink *s, const sl_finding *f) { return SL_OK; }

const sl_sink_vt out_prom_vt = {"prometheus", prom_begin, prom_finding, prom_end, NULL};
const sl_sink_vt out_om_vt = {"openmetrics", prom_begin, prom_finding, prom_end, NULL};
