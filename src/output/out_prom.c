/* out_prom.c: the Prometheus text format 0.0.4 sink and the OpenMetrics 1.0 sink, for the
 * node_exporter textfile collector, a Pushgateway or a dashboard. Everything is written at
 * end from the summary: gauges of the last run (statuslint_last_run_*) with HELP and TYPE
 * (and UNIT in OpenMetrics), low-cardinality labels only (status code and class, rule and
 * severity; never a path, client or user agent), label values escaped, no sample
 * timestamps (the textfile collector refuses them). */
#include "output/out_esc.h"
#include "output/out_minutes.h"
#include "output/out_sink.h"
#include <inttypes.h>
#include <stdlib.h>

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

static void gauge(sl_sink *s, const char *base, const char *unit, const char *help, double v)
{
    family(s, base, M_GAUGE, unit, help);
    if (v == (double)(int64_t)v) fprintf(s->out, "%s %" PRId64 "\n", base, (int64_t)v);
    else fprintf(s->out, "%s %.3f\n", base, v);
}

static void prom_responses(sl_sink *s, const sl_summary *sum)
{
    FILE *f = s->out;
    const char *n = "statuslint_last_run_responses";
    family(s, n, M_GAUGE, NULL, "Response records of the last run by HTTP status code and class.");
    for (int c = 0; c < 1000; c++) {
        if (!sum->status[c]) continue;
        if (c >= 100 && c < 600)
            fprintf(f, "%s{code=\"%03d\",class=\"%dxx\"} %" PRIu64 "\n", n, c, c / 100, sum->status[c]);
        else /* a logged "099" or "7" is still a 3-digit label, as every code is */
            fprintf(f, "%s{code=\"%03d\",class=\"other\"} %" PRIu64 "\n", n, c, sum->status[c]);
    }
    if (sum->status_other)
        fprintf(f, "%s{code=\"none\",class=\"other\"} %" PRIu64 "\n", n, sum->status_other);
}

static void prom_findings(sl_sink *s, const sl_summary *sum)
{
    FILE *f = s->out;
    family(s, "statuslint_last_run_findings", M_GAUGE, NULL,
           "Findings of the last run by rule and effective severity (baselined ones excluded).");
    for (size_t i = 0; i < out_rule_count(s); i++) {
        const sl_rule_info *r = out_rule(s, i);
        uint64_t n = sum->by_rule && i < sum->nrules ? sum->by_rule[i] : 0;
        if (!r || (!r->enabled && !n)) continue;
        fputs("statuslint_last_run_findings{rule=\"", f);
        out_prom_esc(f, r->id);
        fprintf(f, "\",severity=\"%s\"} %" PRIu64 "\n", sl_severity_name(r->severity), n);
    }
}

/* Per aggregate rule: keys pushed out of its full table, and lines it could not use. */
static void prom_aggregate(sl_sink *s, const sl_summary *sum)
{
    static const char *const name[] = {"statuslint_last_run_aggregate_evictions",
                                       "statuslint_last_run_aggregate_skipped_lines"};
    static const char *const help[] = {
        "Keys an aggregate rule's full table dropped for newer ones in the last run.",
        "Lines an aggregate rule could not use in the last run (no time, or too far out of order)."};
    if (!sum->agg) return;
    for (int k = 0; k < 2; k++) {
        family(s, name[k], M_GAUGE, NULL, help[k]);
        for (size_t i = 0; i < out_rule_count(s); i++) {
            const sl_agg_stats *a = sl_agg_rule_stats(sum->agg, i);
            if (!a) continue;
            fprintf(s->out, "%s{rule=\"", name[k]);
            out_prom_esc(s->out, out_rule(s, i)->id);
            fprintf(s->out, "\"} %" PRIu64 "\n", k ? a->late + a->untimed : a->evicted);
        }
    }
}

/* --timestamps: cumulative counters over the run's inputs, one sample per series for each
 * minute of log time in which it grew, stamped with that minute, labelled source="archive"
 * (apart from a live follower's series). Nothing else: a backfill rejects unstamped samples. */
static sl_status om_timestamped(sl_sink *s, const sl_summary *sum)
{
    FILE *f = s->out;
    static const char *const fam[] = {"statuslint_records", "statuslint_responses",
                                      "statuslint_findings"};
    static const char *const help[] = {
        "Response records up to this minute of log time.",
        "Response records up to this minute of log time by HTTP status code and class.",
        "Findings up to this minute of log time by rule and effective severity (baselined "
        "ones excluded)."};
    size_t n = 0, i = 0;
    sl_minute_entry *e = sum->minutes ? sl_minutes_sorted(sum->minutes, &n) : NULL;
    for (uint32_t kind = SL_MIN_RECORDS; kind <= SL_MIN_FINDING; kind++) {
        fprintf(f, "# TYPE %s counter\n# HELP %s %s\n", fam[kind], fam[kind], help[kind]);
        while (i < n && e[i].kind == kind) {
            uint32_t label = e[i].label;
            uint64_t cum = 0;
            for (; i < n && e[i].kind == kind && e[i].label == label; i++) {
                cum += e[i].count;
                fprintf(f, "%s_total{", fam[kind]);
                if (kind == SL_MIN_STATUS && label >= 1000)
                    fputs("code=\"none\",class=\"other\",", f);
                else if (kind == SL_MIN_STATUS)
                    fprintf(f, "code=\"%u\",class=\"%s\",", label,
                            label >= 100 && label < 600 ? (const char *[]){"1xx", "2xx", "3xx",
                                                                           "4xx", "5xx"}[label / 100 - 1]
                                                        : "other");
                if (kind == SL_MIN_FINDING) {
                    const sl_rule_info *r = s->rs ? sl_ruleset_info(s->rs, label / 4) : NULL;
                    fputs("rule=\"", f);
                    out_prom_esc(f, r ? r->id : "?");
                    fprintf(f, "\",severity=\"%s\",", sl_severity_name((sl_severity)(label & 3)));
                }
                fprintf(f, "source=\"archive\"} %" PRIu64 " %" PRId64 "\n", cum,
                        e[i].minute * 60);
            }
        }
    }
    fputs("# EOF\n", f);
    free(e);
    return out_check(f);
}

/* Every value is of one run, so every metric is a gauge named statuslint_last_run_*: a run
 * that reads less than the one before is not a counter reset. Nothing in one run's output
 * only grows, so nothing here is a _total counter (those are `follow`'s, process-lifetime). */
static sl_status prom_end(sl_sink *s, const sl_summary *sum)
{
    FILE *f = s->out;
    if (s->vt == &out_om_vt && s->opts.timestamps) return om_timestamped(s, sum);
    gauge(s, "statuslint_last_run_timestamp_seconds", "seconds", "Unix time the last run finished.",
          (double)sum->finished);
    gauge(s, "statuslint_last_run_duration_seconds", "seconds", "Wall time of the last run.", sum->seconds);
    gauge(s, "statuslint_last_run_success", NULL, "1 if the last run read every input completely.",
          sum->success ? 1 : 0);
    if (sum->has_newest)
        gauge(s, "statuslint_last_run_newest_record_timestamp_seconds", "seconds",
              "Log time of the newest record the last run read (for staleness alerts).",
              (double)sum->newest);
    gauge(s, "statuslint_last_run_files", NULL, "Input files the last run read.", (double)sum->files);
    gauge(s, "statuslint_last_run_lines", NULL, "Physical lines the last run read.", (double)sum->lines);
    gauge(s, "statuslint_last_run_records", NULL, "Lines the last run parsed into response records.",
          (double)sum->records);
    gauge(s, "statuslint_last_run_rejected_lines", NULL, "Lines of the last run that did not parse.",
          (double)sum->rejected);
    gauge(s, "statuslint_last_run_skipped_lines", NULL,
          "Blank, comment and header lines of the last run.", (double)sum->skipped);
    gauge(s, "statuslint_last_run_read_bytes", "bytes", "Decompressed bytes the last run read.",
          (double)sum->bytes);
    prom_responses(s, sum);
    prom_findings(s, sum);
    prom_aggregate(s, sum);
    gauge(s, "statuslint_last_run_baselined_findings", NULL,
          "Findings of the last run already in the baseline (not in the by-rule gauge).",
          (double)sum->baselined);
    gauge(s, "statuslint_last_run_suppressed_findings", NULL,
          "Findings of the last run dropped by a suppress entry.", (double)sum->suppressed);
    gauge(s, "statuslint_last_run_rules_off", NULL,
          "Rules the last run switched off because the log format lacks a field they need.",
          (double)sum->rules_off);
    gauge(s, "statuslint_last_run_input_errors", NULL,
          "Inputs the last run could not read completely.", (double)sum->input_errors);
    gauge(s, "statuslint_last_run_regex_limit_hits", NULL,
          "Regex matches of the last run stopped by the match limit.", (double)sum->regex_limit);
    family(s, "statuslint_build", M_INFO, NULL, "The statuslint version.");
    fputs("statuslint_build_info{version=\"", f);
    out_prom_esc(f, s->opts.version);
    fputs("\"} 1\n", f);
    if (s->vt == &out_om_vt) fputs("# EOF\n", f);
    return out_check(f);
}

static sl_status prom_begin(sl_sink *s) { return SL_OK; }
static sl_status prom_finding(sl_sink *s, const sl_finding *f) { return SL_OK; }

const sl_sink_vt out_prom_vt = {"prometheus", prom_begin, prom_finding, prom_end, NULL};
const sl_sink_vt out_om_vt = {"openmetrics", prom_begin, prom_finding, prom_end, NULL};
