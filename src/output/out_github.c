/* out_github.c: the GitHub Actions sink: workflow commands `::error file=F,line=N,title=R::msg`
 * (and ::warning / ::notice) with GitHub's escaping. GitHub shows at most 10 annotations per
 * level per step and drops the rest silently, so everything is written at end: the summary
 * notice first, then per level at most GH_PER_LEVEL annotations, most frequent rules first
 * (one example of each rule before a second of any), then a line per level saying how many
 * were left out. With GITHUB_STEP_SUMMARY set, the Markdown report is appended there.
 * Keeps counters and the first GH_PER_LEVEL examples of each rule. */
#include "output/out_agg.h"
#include "output/out_esc.h"
#include "base/sl_alloc.h"
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>

#define GH_PER_LEVEL 10

typedef struct gh_sink {
    out_sink base;
    out_agg agg;
    uint64_t shown[4];
} gh_sink;


static const char *gh_cmd(sl_severity s)
{
    return s == SL_SEV_ERROR ? "error" : s == SL_SEV_WARNING ? "warning" : "notice";
}

static size_t gh_cap(const sl_sink *s)
{
    return s->opts.max_results < GH_PER_LEVEL ? s->opts.max_results : GH_PER_LEVEL;
}

static sl_status gh_begin(sl_sink *s)
{
    out_agg_init(&((gh_sink *)s)->agg, out_rule_count(s), gh_cap(s));
    return SL_OK;
}

static sl_status gh_finding(sl_sink *s, const sl_finding *fi)
{
    out_agg_add(&((gh_sink *)s)->agg, fi);
    return SL_OK;
}

static void gh_annotation(sl_sink *s, size_t rule, const out_example *e)
{
    FILE *f = s->out;
    const sl_rule_info *r = out_rule(s, rule);
    fprintf(f, "::%s file=", gh_cmd(e->severity));
    out_gh_esc(f, sl_slice_cstr(e->file), 0, true);
    fprintf(f, ",line=%" PRIu64 ",title=", e->line ? e->line : 1);
    out_gh_esc(f, sl_slice_cstr(r && r->id ? r->id : "?"), 0, true);
    fputs("::", f);
    out_gh_esc(f, sl_slice_make(e->msg, e->msglen), 2000, false);
    fputc('\n', f);
}

/* Round robin over the rules in order: example k of every rule before example k+1. */
static void gh_level(sl_sink *s, int lv, const size_t *idx, size_t n)
{
    gh_sink *g = (gh_sink *)s;
    size_t cap = gh_cap(s);
    for (size_t k = 0; k < cap && g->shown[lv] < cap; k++)
        for (size_t i = 0; i < n && g->shown[lv] < cap; i++) {
            const out_agg_rule *r = &g->agg.r[idx[i]];
            if (k < r->nex && (int)r->ex[k].severity == lv) {
                gh_annotation(s, idx[i], &r->ex[k]);
                g->shown[lv]++;
            }
        }
}

/* Appends the Markdown report to $GITHUB_STEP_SUMMARY; a failure is a note, not an error. */
static void gh_step_summary(sl_sink *s, const sl_summary *sum)
{
    const char *path = getenv("GITHUB_STEP_SUMMARY");
    if (!path || !*path) return;
    FILE *f = fopen(path, "a");
    if (f) {
        out_markdown_write(f, s, &((gh_sink *)s)->agg, sum);
        if (fclose(f) == 0) return;
    }
    snprintf(((out_sink *)s)->note, sizeof ((out_sink *)s)->note,
             "github: cannot append the job summary to GITHUB_STEP_SUMMARY=%s: %s", path,
             strerror(errno));
}

static sl_status gh_end(sl_sink *s, const sl_summary *sum)
{
    gh_sink *g = (gh_sink *)s;
    FILE *f = s->out;
    const uint64_t *t = g->agg.total;
    fprintf(f, "::notice title=statuslint::%" PRIu64 " error, %" PRIu64 " warning, %" PRIu64
               " info findings in %" PRIu64 " lines (%" PRIu64 " records, %" PRIu64 " rejected)",
            t[SL_SEV_ERROR], t[SL_SEV_WARNING], t[SL_SEV_INFO], sum->lines, sum->records,
            sum->rejected);
    if (g->agg.baselined) fprintf(f, "; %" PRIu64 " in the baseline", g->agg.baselined);
    fputc('\n', f);
    size_t *idx = sl_xcalloc(g->agg.n + 1, sizeof *idx);
    size_t n = out_agg_order(&g->agg, idx);
    for (int lv = SL_SEV_ERROR; lv >= SL_SEV_INFO; lv--) gh_level(s, lv, idx, n);
    free(idx);
    uint64_t omitted = 0;
    for (int lv = SL_SEV_ERROR; lv >= SL_SEV_INFO; lv--) {
        uint64_t left = t[lv] - g->shown[lv];
        omitted += left;
        if (left)
            fprintf(f, "statuslint: %" PRIu64 " more %s findings were not annotated "
                       "(GitHub shows at most 10 per level per step)\n", left, sl_severity_name(lv));
    }
    if (omitted)
        snprintf(g->base.note, sizeof g->base.note,
                 "github: %" PRIu64 " findings were not annotated (at most %zu per level)", omitted,
                 gh_cap(s));
    gh_step_summary(s, sum);
    return out_check(f);
}

static void gh_free(sl_sink *s) { out_agg_fini(&((gh_sink *)s)->agg); }

const sl_sink_vt out_github_vt = {
    .name = "github", .size = sizeof(gh_sink), .exts = NULL, .baselined = true,
    .begin = gh_begin, .finding = gh_finding, .end = gh_end, .free = gh_free};
