/* out_markdown.c: the Markdown report (-f markdown), for merge-request comments and CI job
 * summaries (GitHub's GITHUB_STEP_SUMMARY reuses it): totals, new against baselined, the
 * --fail-on verdict, and a table of findings by rule with counts and each rule's first
 * example. Written at end; log bytes are escaped so they can neither format, link,
 * mention (@user, #123) nor break the table. */
#include "output/out_agg.h"
#include "output/out_esc.h"
#include "base/sl_alloc.h"
#include "base/sl_term.h"
#include <inttypes.h>
#include <stdlib.h>
#include <strings.h>

#define MD_EXAMPLE 300             /* bytes of the example message shown */

typedef struct md_sink {
    out_sink base;
    out_agg agg;
} md_sink;


/* Markdown-inert text: punctuation that could start markup is backslash-escaped; & @ # :
 * and the dot of "www." become character references (no entity, mention, issue link or
 * URL autolink; GFM still links a bare e-mail address), controls and invalid
 * UTF-8 become U+FFFD, so a table cell stays one cell on one line. */
static void md_esc(FILE *f, sl_slice s, size_t max)
{
    if (!s.p) return;
    const unsigned char *p = (const unsigned char *)s.p, *end = p + s.n;
    size_t shown = 0;
    while (p < end) {
        uint32_t cp;
        size_t len = sl_utf8_next(p, (size_t)(end - p), &cp);
        if (!len) len = 1, cp = 0xFFFD;
        if (max && shown + len > max) { fputs("...", f); return; }
        shown += len;
        bool www = cp == '.' && p - (const unsigned char *)s.p >= 3 && !strncasecmp((const char *)p - 3, "www", 3);
        if (cp == '&' || cp == '@' || cp == '#' || cp == ':' || www) fprintf(f, "&#%u;", (unsigned)cp);
        else if (cp && cp < 0x80 && strchr("\\`*_[]<>|~", (int)cp)) fprintf(f, "\\%c", (char)cp);
        else if (cp == 0xFFFD || sl_term_dangerous(cp)) fputs("\xEF\xBF\xBD", f);
        else fwrite(p, 1, len, f);
        p += len;
    }
}

static void md_cstr(FILE *f, const char *s) { md_esc(f, sl_slice_cstr(s ? s : ""), 0); }

static void md_verdict(FILE *f, const sl_sink *s, const out_agg *a)
{
    int lv = ((const out_sink *)s)->fail_on;
    if (lv == SL_SEV_NONE) { fputs("Never fails (`--fail-on none`).\n", f); return; }
    bool fails = false;
    for (int k = lv; k <= SL_SEV_ERROR; k++) fails |= a->total[k] > 0;
    fprintf(f, "%s at `--fail-on %s`.\n", fails ? "**Fails**" : "Passes", sl_severity_name(lv));
}

static void md_totals(FILE *f, const sl_sink *s, const out_agg *a, const sl_summary *sum)
{
    uint64_t fresh = a->total[SL_SEV_ERROR] + a->total[SL_SEV_WARNING] + a->total[SL_SEV_INFO];
    fputs("## statuslint\n\n", f);
    fprintf(f, "**%" PRIu64 " new finding%s** (%" PRIu64 " error, %" PRIu64 " warning, %" PRIu64
               " info)", fresh, fresh == 1 ? "" : "s", a->total[SL_SEV_ERROR],
            a->total[SL_SEV_WARNING], a->total[SL_SEV_INFO]);
    if (((const out_sink *)s)->baseline) fprintf(f, ", %" PRIu64 " already in the baseline", a->baselined);
    if (sum->suppressed) fprintf(f, ", %" PRIu64 " suppressed", sum->suppressed);
    fputs(". ", f);
    md_verdict(f, s, a);
    fprintf(f, "\n%" PRIu64 " file%s, %" PRIu64 " lines: %" PRIu64 " records, %" PRIu64
               " rejected, %" PRIu64 " skipped.", sum->files, sum->files == 1 ? "" : "s",
            sum->lines, sum->records, sum->rejected, sum->skipped);
    if (sum->state)
        fprintf(f, " Since the last run: %" PRIu64 " new finding group%s, %" PRIu64 " gone.",
                sum->state_fresh, sum->state_fresh == 1 ? "" : "s", sum->state_gone);
    if (sum->rules_off)
        fprintf(f, " %" PRIu64 " rule%s switched off: the log format lacks fields %s.",
                sum->rules_off, sum->rules_off == 1 ? " was" : "s were",
                sum->rules_off == 1 ? "it needs" : "they need");
    if (sum->input_errors)
        fprintf(f, " **%" PRIu64 " input%s could not be read completely.**", sum->input_errors,
                sum->input_errors == 1 ? "" : "s");
    fputc('\n', f);
}

static void md_row(FILE *f, const sl_sink *s, const out_agg *a, size_t i)
{
    const out_agg_rule *r = &a->r[i];
    const sl_rule_info *info = out_rule(s, i);
    fputs("| ", f);
    md_cstr(f, info ? info->id : "?");
    fprintf(f, " | %s | %" PRIu64, sl_severity_name(r->worst ? r->worst : SL_SEV_INFO), r->count);
    if (((const out_sink *)s)->baseline) fprintf(f, " | %" PRIu64, r->baselined);
    fputs(" | ", f);
    if (r->nex) {
        md_cstr(f, r->ex[0].file);
        fprintf(f, ":%" PRIu64 ": ", r->ex[0].line);
        md_esc(f, sl_slice_make(r->ex[0].msg, r->ex[0].msglen), MD_EXAMPLE);
    } else {
        fputs("(only baselined findings)", f);
    }
    fputs(" |\n", f);
}

void out_markdown_write(FILE *f, const sl_sink *s, const out_agg *a, const sl_summary *sum)
{
    md_totals(f, s, a, sum);
    size_t *idx = sl_xcalloc(a->n + 1, sizeof *idx);
    size_t n = out_agg_order(a, idx);
    if (n) {
        bool bl = ((const out_sink *)s)->baseline;
        fprintf(f, "\n| rule | severity | new |%s first example |\n|---|---|---:|%s---|\n",
                bl ? " baselined |" : "", bl ? "---:|" : "");
        for (size_t k = 0; k < n; k++) md_row(f, s, a, idx[k]);
    }
    free(idx);
}

static sl_status md_begin(sl_sink *s)
{
    md_sink *m = (md_sink *)s;
    out_agg_init(&m->agg, out_rule_count(s), 1);
    return SL_OK;
}

static sl_status md_finding(sl_sink *s, const sl_finding *f)
{
    out_agg_add(&((md_sink *)s)->agg, f);
    return SL_OK;
}

static sl_status md_end(sl_sink *s, const sl_summary *sum)
{
    out_markdown_write(s->out, s, &((md_sink *)s)->agg, sum);
    return out_check(s->out);
}

static void md_free(sl_sink *s) { out_agg_fini(&((md_sink *)s)->agg); }

const sl_sink_vt out_md_vt = {
    .name = "markdown", .size = sizeof(md_sink), .exts = NULL, .baselined = true,
    .begin = md_begin, .finding = md_finding, .end = md_end, .free = md_free};
