/* out_text.c: the text sink for people: gcc-style `file:line: severity: message [rule]`
 * lines (under --group one per finding group: the first occurrence's line, then
 * `×count, last at file:line`, most severe first, then by count), then a summary (accounting, responses by class and by code with registered names,
 * findings by rule, rejected-line samples). ANSI colour only when opts.color. Every byte
 * from a log goes through out_text_esc, so no terminal control sequence gets through. */
#include "output/out_esc.h"
#include "output/out_group.h"
#include "output/out_sink.h"
#include "record/registry.h"
#include <inttypes.h>
#include <stdlib.h>

typedef struct text_sink {
    out_sink base;
    out_groups groups; /* --group */
} text_sink;

const size_t out_text_size = sizeof(text_sink);

#define C_BOLD "\033[1m"
#define C_RESET "\033[0m"
#define C_DIM "\033[2m"

static const char *sev_color(sl_severity s)
{
    return s == SL_SEV_ERROR ? "\033[1;31m" : s == SL_SEV_WARNING ? "\033[1;35m" : "\033[1;36m";
}

static void paint(sl_sink *s, const char *color)
{
    if (s->opts.color) fputs(color, s->out);
}

static sl_status text_begin(sl_sink *s) { return SL_OK; }

/* `file:line: severity: message [rule]`, without the newline. */
static void finding_line(sl_sink *s, const char *file, uint64_t line, sl_severity sev,
                         sl_slice message, const char *rule_id)
{
    FILE *o = s->out;
    paint(s, C_BOLD);
    out_text_esc(o, sl_slice_cstr(file), 0);
    fprintf(o, ":%" PRIu64 ":", line);
    paint(s, C_RESET);
    fputc(' ', o);
    paint(s, sev_color(sev));
    fputs(sl_severity_name(sev), o);
    paint(s, C_RESET);
    fputs(": ", o);
    out_text_esc(o, message, 0);
    fputs(" ", o);
    paint(s, C_DIM);
    fputc('[', o);
    out_text_esc(o, sl_slice_cstr(rule_id), 0);
    fputc(']', o);
    paint(s, C_RESET);
}

static sl_status text_finding(sl_sink *s, const sl_finding *f)
{
    if (f->baselined) return SL_OK;
    if (s->opts.group) {
        out_groups_add(&((text_sink *)s)->groups, f);
        return SL_OK;
    }
    finding_line(s, f->file, f->line, f->severity, f->message, out_finding_rule_id(f));
    fputc('\n', s->out);
    return out_check(s->out);
}

/* --group: one line per group, most severe first, then by count. */
static void text_groups(sl_sink *s)
{
    const out_groups *g = &((text_sink *)s)->groups;
    size_t *order = out_groups_sorted(g);
    for (size_t i = 0; i < g->n; i++) {
        const out_group *e = &g->v[order[i]];
        const sl_rule_info *r = out_rule(s, e->rule);
        finding_line(s, out_groups_file(g, e->first.file), e->first.line, (sl_severity)e->severity,
                     out_group_str(g, e, OG_MESSAGE), r ? r->id : "?");
        fprintf(s->out, " \xc3\x97%" PRIu64, e->count);
        if (e->count > 1) {
            fputs(", last at ", s->out);
            out_text_esc(s->out, sl_slice_cstr(out_groups_file(g, e->last.file)), 0);
            fprintf(s->out, ":%" PRIu64, e->last.line);
        }
        fputc('\n', s->out);
    }
    free(order);
    if (g->overflow)
        fprintf(s->out, "%" PRIu64 " findings in groups beyond the table (%zu groups shown)\n",
                g->overflow, g->n);
}

static void heading(sl_sink *s, const char *title)
{
    paint(s, C_BOLD);
    fputs(title, s->out);
    paint(s, C_RESET);
    fputc('\n', s->out);
}

static void text_classes(sl_sink *s, const sl_summary *sum)
{
    uint64_t cls[10] = {0};
    for (int c = 0; c < 1000; c++) cls[c / 100] += sum->status[c];
    uint64_t other = sum->status_other + cls[0] + cls[6] + cls[7] + cls[8] + cls[9];
    heading(s, "Responses by class:");
    for (int k = 1; k <= 5; k++) fprintf(s->out, "  %dxx    %12" PRIu64 "\n", k, cls[k]);
    if (other) fprintf(s->out, "  other  %12" PRIu64 "\n", other);
}

static void text_codes(sl_sink *s, const sl_summary *sum)
{
    bool any = false;
    for (int c = 0; c < 1000; c++) {
        if (!sum->status[c]) continue;
        if (!any) heading(s, "Responses by code:");
        any = true;
        const sl_status_entry *e = sl_registry_lookup(c);
        fprintf(s->out, "  %03d  %-32s %12" PRIu64 "\n", c, e ? e->name : "(unregistered)",
                sum->status[c]);
    }
    if (sum->status_other)
        fprintf(s->out, "  ---  %-32s %12" PRIu64 "\n", "(no valid status)", sum->status_other);
}

static void text_rules(sl_sink *s, const sl_summary *sum)
{
    bool any = false;
    for (size_t i = 0; sum->by_rule && i < sum->nrules; i++) {
        const sl_rule_info *r = out_rule(s, i);
        if (!sum->by_rule[i] || !r) continue;
        if (!any) heading(s, "Findings by rule:");
        any = true;
        fputs("  ", s->out);
        out_text_esc(s->out, sl_slice_cstr(r->id), 0);
        fprintf(s->out, "  %s  %" PRIu64 "\n", sl_severity_name(r->severity), sum->by_rule[i]);
    }
}

/* Aggregate rules that lost state or lines: the counts behind their findings are partial. */
static void text_aggregate(sl_sink *s, const sl_summary *sum)
{
    bool any = false;
    for (size_t i = 0; sum->agg && i < out_rule_count(s); i++) {
        const sl_agg_stats *a = sl_agg_rule_stats(sum->agg, i);
        if (!a || (!a->evicted && !a->late && !a->untimed)) continue;
        if (!any) heading(s, "Aggregate rules (keys evicted from full tables; lines without a time or out of order):");
        any = true;
        fputs("  ", s->out);
        out_text_esc(s->out, sl_slice_cstr(out_rule(s, i)->id), 0);
        fprintf(s->out, "  %" PRIu64 " keys evicted (table of %" PRIu64 "), %" PRIu64 " untimed, %" PRIu64
                        " late\n", a->evicted, a->capacity, a->untimed, a->late);
    }
}

static void text_rejected(sl_sink *s, const sl_summary *sum)
{
    if (!sum->rejected) return;
    fprintf(s->out, "Rejected lines: %" PRIu64 " (first %zu shown)\n", sum->rejected, sum->nsamples);
    for (size_t i = 0; i < sum->nsamples && i < SL_MAX_REJECT_SAMPLES; i++) {
        fputs("  ", s->out);
        out_text_esc(s->out, sl_slice_cstr(sum->samples[i].file), 0);
        fprintf(s->out, ":%" PRIu64 ": ", sum->samples[i].line);
        out_text_esc(s->out, sl_slice_cstr(sum->samples[i].reason), 0);
        fputc('\n', s->out);
    }
}

static sl_status text_end(sl_sink *s, const sl_summary *sum)
{
    FILE *o = s->out;
    if (s->opts.group) text_groups(s);
    fprintf(o, "\n%" PRIu64 " file%s, %" PRIu64 " lines: %" PRIu64 " records, %" PRIu64
               " rejected, %" PRIu64 " skipped (%.2f s)\n",
            sum->files, sum->files == 1 ? "" : "s", sum->lines, sum->records, sum->rejected,
            sum->skipped, sum->seconds);
    text_classes(s, sum);
    text_codes(s, sum);
    text_rules(s, sum);
    fprintf(o, "Findings: %" PRIu64 " error, %" PRIu64 " warning, %" PRIu64 " info",
            sum->findings[SL_SEV_ERROR], sum->findings[SL_SEV_WARNING], sum->findings[SL_SEV_INFO]);
    if (sum->suppressed) fprintf(o, "; %" PRIu64 " suppressed", sum->suppressed);
    if (sum->baselined) fprintf(o, "; %" PRIu64 " in the baseline", sum->baselined);
    fputc('\n', o);
    if (sum->state)
        fprintf(o, "State: %" PRIu64 " new finding%s (%" PRIu64 " new group%s), %" PRIu64
                   " group%s gone since the last run; %" PRIu64 " input%s unchanged, %" PRIu64
                   " resumed\n", sum->state_new, sum->state_new == 1 ? "" : "s", sum->state_fresh,
                sum->state_fresh == 1 ? "" : "s", sum->state_gone, sum->state_gone == 1 ? "" : "s",
                sum->state_unchanged, sum->state_unchanged == 1 ? "" : "s", sum->state_resumed);
    text_aggregate(s, sum);
    text_rejected(s, sum);
    if (sum->input_errors) fprintf(o, "Input errors: %" PRIu64 "\n", sum->input_errors);
    return out_check(o);
}

static void text_free(sl_sink *s) { out_groups_fini(&((text_sink *)s)->groups); }

const sl_sink_vt out_text_vt = {"text", text_begin, text_finding, text_end, text_free};
