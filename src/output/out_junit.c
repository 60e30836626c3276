/* out_junit.c: the JUnit XML sink (valid against the xunit plugin's junit-10.xsd): one
 * testsuite, one testcase per enabled rule named by its id. A rule that fired at or above
 * --fail-on fails, the failure carrying the first findings (capped per rule, with the total
 * count); one that fired only below it passes, its findings in <system-out>; one that found
 * nothing because it was switched off for an input is <skipped> with the reason. Keeps a
 * bounded text buffer per rule; XML-escapes everything and drops control characters. */
#include "output/out_esc.h"
#include "output/out_sink.h"
#include "base/sl_alloc.h"
#include "base/sl_buf.h"
#include "record/rec.h"
#include <inttypes.h>
#include <stdlib.h>

#define JUNIT_SHOWN 20      /* findings listed per rule */
#define JUNIT_MSG 500       /* bytes of each message kept */

typedef struct junit_rule {
    uint64_t count;
    sl_severity worst;      /* most severe finding */
    sl_buf text;            /* raw bytes; escaped when written */
} junit_rule;

typedef struct junit_sink {
    out_sink base;
    junit_rule *rules;
    size_t nrules;
} junit_sink;


static sl_status junit_begin(sl_sink *s)
{
    junit_sink *j = (junit_sink *)s;
    j->nrules = out_rule_count(s);
    j->rules = sl_xcalloc(j->nrules + 1, sizeof *j->rules);
    for (size_t i = 0; i < j->nrules; i++) sl_buf_init(&j->rules[i].text, (size_t)64 * 1024);
    return SL_OK;
}

static sl_status junit_finding(sl_sink *s, const sl_finding *f)
{
    junit_sink *j = (junit_sink *)s;
    if (f->rule >= j->nrules) return SL_OK;
    junit_rule *r = &j->rules[f->rule];
    if (f->severity > r->worst) r->worst = f->severity;
    if (r->count++ >= JUNIT_SHOWN) return SL_OK;
    sl_buf_printf(&r->text, "%s:%" PRIu64 ": %s: ", f->file ? f->file : "", f->line,
                  sl_severity_name(f->severity));
    if (f->message.p)
        sl_buf_put(&r->text, f->message.p, f->message.n < JUNIT_MSG ? f->message.n : JUNIT_MSG);
    sl_buf_putc(&r->text, '\n');
    return SL_OK;
}

static void attr(FILE *f, const char *name, const char *v)
{
    fprintf(f, " %s=\"", name);
    out_xml_esc(f, sl_slice_cstr(v ? v : ""), 0, true);
    fputc('"', f);
}

static void junit_testcase(sl_sink *s, size_t i, double secs)
{
    junit_sink *j = (junit_sink *)s;
    const sl_rule_info *r = out_rule(s, i);
    FILE *f = s->out;
    const char *dot = strchr(r->id, '.');
    int fam = dot ? (int)(dot - r->id) : (int)strlen(r->id);
    fputs("    <testcase", f);
    attr(f, "name", r->id);
    fputs(" classname=\"statuslint.", f);
    out_xml_esc(f, sl_slice_make(r->id, (size_t)fam), 0, true);
    fprintf(f, "\" time=\"%.3f\"", secs);
    junit_rule *jr = &j->rules[i];
    const char *off = out_rule_off(s, i);
    if (!jr->count && off) {
        fputs(">\n      <skipped", f);
        attr(f, "message", off);
        fputs("/>\n    </testcase>\n", f);
        return;
    }
    if (!jr->count) { fputs("/>\n", f); return; }
    bool fails = out_fails(s, jr->worst);
    if (fails) {
        fprintf(f, ">\n      <failure message=\"%" PRIu64 " finding%s: ", jr->count, jr->count == 1 ? "" : "s");
        out_xml_esc(f, sl_slice_cstr(r->title ? r->title : r->id), 0, true);
        fprintf(f, "\" type=\"%s\">", sl_severity_name(jr->worst));
    } else {
        fprintf(f, ">\n      <system-out>%" PRIu64 " %s finding%s, below --fail-on:\n", jr->count,
                sl_severity_name(jr->worst), jr->count == 1 ? "" : "s");
    }
    out_xml_esc(f, sl_slice_make(jr->text.p, jr->text.n), 0, false);
    if (jr->count > JUNIT_SHOWN) fprintf(f, "... and %" PRIu64 " more\n", jr->count - JUNIT_SHOWN);
    fputs(fails ? "</failure>\n    </testcase>\n" : "</system-out>\n    </testcase>\n", f);
}

static void junit_props(FILE *f, const sl_sink *s, const sl_summary *sum)
{
    fputs("    <properties>\n", f);
    fputs("      <property name=\"statuslint.version\"", f);
    attr(f, "value", s->opts.version);
    fputs("/>\n", f);
    const char *names[] = {"files", "lines", "records", "rejected", "skipped"};
    uint64_t vals[] = {sum->files, sum->lines, sum->records, sum->rejected, sum->skipped};
    for (size_t i = 0; i < 5; i++)
        fprintf(f, "      <property name=\"statuslint.%s\" value=\"%" PRIu64 "\"/>\n", names[i], vals[i]);
    fputs("    </properties>\n", f);
}

static sl_status junit_end(sl_sink *s, const sl_summary *sum)
{
    junit_sink *j = (junit_sink *)s;
    FILE *f = s->out;
    size_t tests = 0, failures = 0, skipped = 0;
    for (size_t i = 0; i < j->nrules; i++) {
        const sl_rule_info *r = out_rule(s, i);
        if (!r || !r->enabled) continue;
        tests++;
        failures += j->rules[i].count > 0 && out_fails(s, j->rules[i].worst);
        skipped += !j->rules[i].count && out_rule_off(s, i);
    }
    char ts[21];
    sl_time_iso(sum->started, ts);
    ts[19] = '\0'; /* no zone: the Ant schema's timestamp has none */
    double secs = sum->seconds > 0 ? sum->seconds : 0;
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"statuslint\" tests=\"%zu\" "
               "failures=\"%zu\" errors=\"0\" time=\"%.3f\">\n", tests, failures, secs);
    fprintf(f, "  <testsuite name=\"statuslint\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\" "
               "time=\"%.3f\" timestamp=\"%s\">\n", tests, failures, skipped, secs, ts);
    junit_props(f, s, sum);
    for (size_t i = 0; i < j->nrules; i++) {
        const sl_rule_info *r = out_rule(s, i);
        if (r && r->enabled) junit_testcase(s, i, 0);
    }
    fprintf(f, "    <system-out>%" PRIu64 " lines: %" PRIu64 " records, %" PRIu64 " rejected, %" PRIu64
               " skipped</system-out>\n  </testsuite>\n</testsuites>\n",
            sum->lines, sum->records, sum->rejected, sum->skipped);
    return out_check(f);
}

static void junit_free(sl_sink *s)
{
    junit_sink *j = (junit_sink *)s;
    for (size_t i = 0; j->rules && i < j->nrules; i++) sl_buf_fini(&j->rules[i].text);
    free(j->rules);
}

const sl_sink_vt out_junit_vt = {
    .name = "junit", .size = sizeof(junit_sink), .exts = ".xml",
    .begin = junit_begin, .finding = junit_finding, .end = junit_end, .free = junit_free};
