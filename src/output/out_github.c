/* out_github.c: the GitHub Actions sink: workflow commands `::error file=F,line=N,title=R::msg`
 * (and ::warning / ::notice) with GitHub's escaping, at most a few per level (GitHub itself
 * shows 10 per level per step and drops the rest silently), then one line per level saying
 * how many were left out, and a summary notice. Keeps only counters. */
#include "output/out_esc.h"
#include "output/out_sink.h"
#include <inttypes.h>

#define GH_PER_LEVEL 50

typedef struct gh_sink {
    out_sink base;
    uint64_t shown[4], total[4];
} gh_sink;

const size_t out_github_size = sizeof(gh_sink);

static const char *gh_cmd(sl_severity s)
{
    return s == SL_SEV_ERROR ? "error" : s == SL_SEV_WARNING ? "warning" : "notice";
}

static sl_status gh_begin(sl_sink *s) { return SL_OK; }

static sl_status gh_finding(sl_sink *s, const sl_finding *fi)
{
    gh_sink *g = (gh_sink *)s;
    FILE *f = s->out;
    if (fi->baselined) return SL_OK;
    int lv = fi->severity >= SL_SEV_INFO && fi->severity <= SL_SEV_ERROR ? (int)fi->severity : SL_SEV_INFO;
    size_t cap = s->opts.max_results < GH_PER_LEVEL ? s->opts.max_results : GH_PER_LEVEL;
    g->total[lv]++;
    if (g->shown[lv] >= cap) return SL_OK;
    g->shown[lv]++;
    fprintf(f, "::%s file=", gh_cmd((sl_severity)lv));
    out_gh_esc(f, sl_slice_cstr(fi->file ? fi->file : ""), 0, true);
    fprintf(f, ",line=%" PRIu64 ",title=", fi->line ? fi->line : 1);
    out_gh_esc(f, sl_slice_cstr(out_finding_rule_id(fi)), 0, true);
    fputs("::", f);
    out_gh_esc(f, fi->message, 2000, false);
    fputc('\n', f);
    return out_check(f);
}

static sl_status gh_end(sl_sink *s, const sl_summary *sum)
{
    gh_sink *g = (gh_sink *)s;
    FILE *f = s->out;
    uint64_t omitted = 0;
    for (int lv = SL_SEV_ERROR; lv >= SL_SEV_INFO; lv--) {
        uint64_t left = g->total[lv] - g->shown[lv];
        omitted += left;
        if (left)
            fprintf(f, "statuslint: %" PRIu64 " more %s findings were not annotated "
                       "(GitHub shows at most 10 per level per step)\n", left, sl_severity_name(lv));
    }
    fprintf(f, "::notice title=statuslint::%" PRIu64 " error, %" PRIu64 " warning, %" PRIu64
               " info findings in %" PRIu64 " lines (%" PRIu64 " records, %" PRIu64 " rejected)\n",
            g->total[SL_SEV_ERROR], g->total[SL_SEV_WARNING], g->total[SL_SEV_INFO], sum->lines,
            sum->records, sum->rejected);
    if (omitted)
        snprintf(g->base.note, sizeof g->base.note,
                 "github: %" PRIu64 " findings were not annotated (at most %d per level)", omitted,
                 GH_PER_LEVEL);
    return out_check(f);
}

const sl_sink_vt out_github_vt = {"github", gh_begin, gh_finding, gh_end, NULL};
