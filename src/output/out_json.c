/* out_json.c: the jsonl sink (one finding object per line, docs/ARCHITECTURE.md "Findings") and the
 * json sink (one document: tool, findings streamed first, then the finding groups, summary
 * and rejected samples). The only per-finding state is the bounded group table (json);
 * escapes every log byte. */
#include "output/out_esc.h"
#include "output/out_group.h"
#include "output/out_sink.h"
#include "record/rec.h"
#include <inttypes.h>
#include <stdlib.h>

typedef struct json_sink {
    out_sink base;
    uint64_t n;     /* findings written (json: for the separators) */
    out_groups groups; /* json */
} json_sink;


static void opt_field(FILE *f, const char *key, sl_slice v)
{
    if (!v.p) return;
    fprintf(f, ",\"%s\":", key);
    out_json_str(f, v, 0);
}

void out_json_finding(FILE *f, const sl_finding *fi)
{
    fputs("{\"file\":", f);
    out_json_cstr(f, fi->file);
    fprintf(f, ",\"line\":%" PRIu64 ",\"rule\":", fi->line);
    out_json_cstr(f, out_finding_rule_id(fi));
    fprintf(f, ",\"severity\":\"%s\",\"status\":", sl_severity_name(fi->severity));
    if (fi->status >= 0) fprintf(f, "%d", fi->status);
    else fputs("null", f);
    opt_field(f, "method", fi->method);
    opt_field(f, "path", fi->path);
    opt_field(f, "route", fi->route);
    opt_field(f, "host", fi->host);
    if (fi->has_time) {
        char iso[21];
        sl_time_iso(fi->time, iso);
        fprintf(f, ",\"time\":\"%s\"", iso);
    }
    fputs(",\"message\":", f);
    out_json_str(f, fi->message, 0);
    fputs(",\"suggest\":[", f);
    for (size_t i = 0; fi->info && i < fi->info->nsuggest; i++)
        fprintf(f, "%s%d", i ? "," : "", fi->info->suggest[i]);
    fprintf(f, "],\"fingerprint\":\"%016" PRIx64 "\"", fi->fingerprint);
    if (fi->agg) {
        const sl_agg_pos *w[2] = {&fi->agg->first, &fi->agg->last};
        fprintf(f, ",\"count\":%" PRIu64 ",\"span\":%" PRId64, fi->agg->count, fi->agg->span);
        if (fi->agg->clients) fprintf(f, ",\"clients\":%" PRIu64, fi->agg->clients);
        if (fi->agg->retries >= 0) fprintf(f, ",\"retries\":%" PRId64, fi->agg->retries);
        for (int i = 0; i < 2; i++) {
            char iso[21];
            sl_time_iso(w[i]->time, iso);
            fprintf(f, ",\"%s\":{\"file\":", i ? "last" : "first");
            out_json_cstr(f, w[i]->file);
            fprintf(f, ",\"line\":%" PRIu64 ",\"time\":\"%s\"}", w[i]->line, iso);
        }
    }
    if (fi->has_new) fputs(fi->is_new ? ",\"new\":true" : ",\"new\":false", f);
    fputc('}', f);
}

/* ---- jsonl ---- */
static sl_status jsonl_begin(sl_sink *s) { return SL_OK; }

static sl_status jsonl_finding(sl_sink *s, const sl_finding *f)
{
    out_json_finding(s->out, f);
    fputc('\n', s->out);
    return out_check(s->out);
}

static sl_status jsonl_end(sl_sink *s, const sl_summary *sum) { return out_check(s->out); }

const sl_sink_vt out_jsonl_vt = {
    .name = "jsonl", .size = sizeof(json_sink), .exts = ".jsonl .ndjson",
    .begin = jsonl_begin, .finding = jsonl_finding, .end = jsonl_end, .free = NULL};

/* ---- json ---- */
static sl_status json_begin(sl_sink *s)
{
    fputs("{\"tool\":{\"name\":\"statuslint\",\"version\":", s->out);
    out_json_cstr(s->out, s->opts.version);
    fputs("},\n\"findings\":[", s->out);
    return out_check(s->out);
}

static sl_status json_finding(sl_sink *s, const sl_finding *f)
{
    json_sink *j = (json_sink *)s;
    fputs(j->n++ ? ",\n" : "\n", s->out);
    out_json_finding(s->out, f);
    out_groups_add(&j->groups, f);
    return out_check(s->out);
}

static void json_str_or_null(FILE *f, sl_slice v)
{
    if (v.p) out_json_str(f, v, 0);
    else fputs("null", f);
}

static void json_where(FILE *f, const out_groups *g, const out_where *w)
{
    fputs("{\"file\":", f);
    out_json_cstr(f, out_groups_file(g, w->file));
    fprintf(f, ",\"line\":%" PRIu64 ",\"time\":", w->line);
    if (w->has_time) {
        char iso[21];
        sl_time_iso(w->time, iso);
        fprintf(f, "\"%s\"}", iso);
    } else {
        fputs("null}", f);
    }
}

/* "groups": one object per (rule, host, method, route, status), most severe first, then
 * by count. */
static void json_groups(sl_sink *s, const out_groups *g)
{
    FILE *f = s->out;
    size_t *order = out_groups_sorted(g);
    fputs("\n],\n\"groups\":[", f);
    for (size_t i = 0; i < g->n; i++) {
        const out_group *e = &g->v[order[i]];
        const sl_rule_info *r = out_rule(s, e->rule);
        fputs(i ? ",\n{\"rule\":" : "\n{\"rule\":", f);
        out_json_cstr(f, r ? r->id : "?");
        fprintf(f, ",\"severity\":\"%s\",\"host\":", sl_severity_name((sl_severity)e->severity));
        json_str_or_null(f, out_group_str(g, e, OG_HOST));
        fputs(",\"method\":", f);
        json_str_or_null(f, out_group_str(g, e, OG_METHOD));
        fputs(",\"route\":", f);
        json_str_or_null(f, out_group_str(g, e, OG_ROUTE));
        fputs(",\"status\":", f);
        if (e->status >= 0) fprintf(f, "%d", e->status);
        else fputs("null", f);
        fprintf(f, ",\"count\":%" PRIu64 ",\"first\":", e->count);
        json_where(f, g, &e->first);
        fputs(",\"last\":", f);
        json_where(f, g, &e->last);
        fputs(",\"samples\":[", f);
        for (int k = 0; k < e->nsamples; k++) {
            fputs(k ? ",{\"file\":" : "{\"file\":", f);
            out_json_cstr(f, out_groups_file(g, e->sample[k].file));
            fprintf(f, ",\"line\":%" PRIu64 ",\"path\":", e->sample[k].line);
            json_str_or_null(f, out_group_sample_path(g, e, k));
            fputc('}', f);
        }
        fputs("],\"message\":", f);
        json_str_or_null(f, out_group_str(g, e, OG_MESSAGE));
        fprintf(f, ",\"fingerprint\":\"%016" PRIx64 "\"}", e->fingerprint);
    }
    free(order);
}

static void json_counts(FILE *f, const sl_summary *sum)
{
    fprintf(f, "\"files\":%" PRIu64 ",\"lines\":%" PRIu64 ",\"records\":%" PRIu64
               ",\"rejected\":%" PRIu64 ",\"skipped\":%" PRIu64 ",\"bytes\":%" PRIu64,
            sum->files, sum->lines, sum->records, sum->rejected, sum->skipped, sum->bytes);
    fprintf(f, ",\"findings\":{\"error\":%" PRIu64 ",\"warning\":%" PRIu64 ",\"info\":%" PRIu64 "}",
            sum->findings[SL_SEV_ERROR], sum->findings[SL_SEV_WARNING], sum->findings[SL_SEV_INFO]);
    fprintf(f, ",\"suppressed\":%" PRIu64 ",\"baselined\":%" PRIu64 ",\"regex_limit\":%" PRIu64
               ",\"input_errors\":%" PRIu64 ",\"rules_off\":%" PRIu64,
            sum->suppressed, sum->baselined, sum->regex_limit, sum->input_errors, sum->rules_off);
    if (sum->state)
        fprintf(f, ",\"state\":{\"new\":%" PRIu64 ",\"new_groups\":%" PRIu64 ",\"resolved\":%"
                   PRIu64 ",\"inputs_unchanged\":%" PRIu64 ",\"inputs_resumed\":%" PRIu64 "}",
                sum->state_new, sum->state_fresh, sum->state_gone, sum->state_unchanged,
                sum->state_resumed);
}

static void json_tables(sl_sink *s, const sl_summary *sum)
{
    FILE *f = s->out;
    fputs(",\"by_rule\":{", f);
    size_t n = 0;
    for (size_t i = 0; i < out_rule_count(s); i++) {
        const sl_rule_info *r = out_rule(s, i);
        uint64_t c = sum->by_rule && i < sum->nrules ? sum->by_rule[i] : 0;
        if (!r || (!r->enabled && !c)) continue;
        fputs(n++ ? "," : "", f);
        out_json_cstr(f, r->id);
        fprintf(f, ":%" PRIu64, c);
    }
    fputc('}', f);
    if (sum->agg) { /* each aggregate rule's state: what it kept and what it could not */
        fputs(",\"aggregate\":{", f);
        n = 0;
        for (size_t i = 0; i < out_rule_count(s); i++) {
            const sl_agg_stats *a = sl_agg_rule_stats(sum->agg, i);
            if (!a) continue;
            fputs(n++ ? "," : "", f);
            out_json_cstr(f, out_rule(s, i)->id);
            fprintf(f, ":{\"lines\":%" PRIu64 ",\"findings\":%" PRIu64 ",\"quieted\":%" PRIu64
                       ",\"keys\":%" PRIu64 ",\"evicted\":%" PRIu64 ",\"late\":%" PRIu64
                       ",\"untimed\":%" PRIu64 "}",
                    a->lines, a->findings, a->quieted, a->capacity, a->evicted, a->late, a->untimed);
        }
        fputc('}', f);
    }
    fputs(",\"status\":{", f);
    n = 0;
    for (int code = 0; code < 1000; code++)
        if (sum->status[code]) fprintf(f, "%s\"%d\":%" PRIu64, n++ ? "," : "", code, sum->status[code]);
    if (sum->status_other) fprintf(f, "%s\"other\":%" PRIu64, n ? "," : "", sum->status_other);
    fputc('}', f);
}

static void json_times(FILE *f, const sl_summary *sum)
{
    char a[21], b[21];
    sl_time_iso(sum->started, a);
    sl_time_iso(sum->finished, b);
    fprintf(f, ",\"started\":\"%s\",\"finished\":\"%s\",\"seconds\":%.3f,\"success\":%s", a, b,
            sum->seconds, sum->success ? "true" : "false");
}

static sl_status json_end(sl_sink *s, const sl_summary *sum)
{
    FILE *f = s->out;
    json_sink *j = (json_sink *)s;
    json_groups(s, &j->groups);
    fputs("\n],\n\"summary\":{", f);
    json_counts(f, sum);
    fprintf(f, ",\"groups\":%zu,\"groups_overflow\":%" PRIu64, j->groups.n, j->groups.overflow);
    if (j->groups.overflow)
        snprintf(j->base.note, sizeof j->base.note,
                 "json: %" PRIu64 " findings in groups beyond the table (%zu groups kept)",
                 j->groups.overflow, j->groups.n);
    json_tables(s, sum);
    json_times(f, sum);
    fputs("},\n\"rejected_samples\":[", f);
    for (size_t i = 0; i < sum->nsamples && i < SL_MAX_REJECT_SAMPLES; i++) {
        const sl_reject_sample *r = &sum->samples[i];
        fputs(i ? ",\n{\"file\":" : "\n{\"file\":", f);
        out_json_cstr(f, r->file);
        fprintf(f, ",\"line\":%" PRIu64 ",\"reason\":", r->line);
        out_json_cstr(f, r->reason);
        fputc('}', f);
    }
    fputs("]}\n", f);
    return out_check(f);
}

static void json_free(sl_sink *s) { out_groups_fini(&((json_sink *)s)->groups); }

const sl_sink_vt out_json_vt = {
    .name = "json", .size = sizeof(json_sink), .exts = ".json",
    .begin = json_begin, .finding = json_finding, .end = json_end, .free = json_free};
