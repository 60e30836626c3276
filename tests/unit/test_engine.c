/* test_engine.c: the engine API (engine/engine.h) as a caller other than the command line
 * uses it: a run over a log of several chunks, inline (-j1) and with the pool and work
 * stealing (-j2, -j3), gives byte-identical findings and the same summary; the after-merge
 * hook sees every job once, in input order, with every packed finding the sinks got. */
#include "engine/engine.h"
#include "tinytest.h"
#include <stdlib.h>
#include <unistd.h>

static char msgs[4096];
static void on_msg(const char *text)
{
    size_t n = strlen(msgs);
    snprintf(msgs + n, sizeof msgs - n, "%s\n", text);
}

typedef struct seen {
    uint64_t jobs, done_lines, findings, agg_lines, agg_findings, last_base, last_seq;
    bool in_order;
} seen;

static void after_merge(void *ctx, const sl_job *j, uint64_t line_base, bool done)
{
    seen *s = ctx;
    size_t pos = 0;
    const sl_packed *pf;
    while (sl_job_next_finding(j, &pos, &pf)) {
        if (pf->severity == SL_PACKED_AGG) s->agg_lines++; /* a line for the aggregate state */
        else s->findings++;
    }
    if (s->jobs && (j->seq < s->last_seq || line_base < s->last_base)) s->in_order = false;
    s->last_seq = j->seq;
    s->last_base = line_base;
    if (done) s->jobs++, s->done_lines += j->lines;
}

/* Runs the builtin pack over path with `threads`; the jsonl output goes to *out. */
static sl_summary run(const char *path, int threads, char **out, seen *s)
{
    sl_fields *ft = sl_fields_new();
    sl_diags d;
    sl_diags_init(&d);
    sl_ruleset *rs = sl_ruleset_new(ft);
    INT_EQ(sl_ruleset_add_builtin(rs, &d), SL_OK);
    INT_EQ(sl_ruleset_finish(rs, &d), SL_OK);
    sl_diags_fini(&d);
    sl_fields_freeze(ft);
    size_t n = 0;
    FILE *f = open_memstream(out, &n);
    sl_fanout fo;
    sl_fanout_init(&fo);
    INT_EQ(sl_fanout_open(&fo, "jsonl", f, rs, NULL, false, SL_SEV_ERROR), SL_OK);
    *s = (seen){.in_order = true};
    sl_analysis_cfg cfg = {.ft = ft, .threads = threads, .quiet = true, .ninputs = 1,
                           .hooks = {.ctx = s, .after_merge = after_merge}};
    sl_analysis *a = sl_analysis_new(&cfg, rs, &fo, on_msg);
    CHECK(sl_analysis_add_input(a, path, "big.log", true));
    sl_summary sum = *sl_analysis_finish(a);
    sum.by_rule = NULL; /* owned by the run */
    s->agg_findings = 0; /* findings of aggregate rules: emitted on the main thread, not packed */
    for (size_t r = 0; sum.agg && r < sl_ruleset_count(rs); r++) {
        const sl_agg_stats *st = sl_agg_rule_stats(sum.agg, r);
        if (st) s->agg_findings += st->findings;
    }
    sum.agg = NULL;
    CHECK(!sl_analysis_stdout_closed(a));
    fo.sinks[0]->vt->end(fo.sinks[0], &sum);
    sl_sink_free(fo.sinks[0]);
    fclose(f);
    sl_analysis_free(a);
    sl_ruleset_free(rs);
    sl_fields_free(ft);
    return sum;
}

TEST(any_thread_count_same_output_and_hook_order)
{
    const char *src = getenv("SL_SOURCE_DIR");
    char sample[512], path[] = "/tmp/test_engine.XXXXXX";
    snprintf(sample, sizeof sample, "%s/samples/combined.log", src ? src : ".");
    FILE *in = fopen(sample, "rb");
    CHECK(in != NULL);
    if (!in) return;
    char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf, in);
    fclose(in);
    int fd = mkstemp(path);
    FILE *out = fdopen(fd, "wb");
    uint64_t lines = 0;
    for (int i = 0; i < 1000; i++) fwrite(buf, 1, n, out); /* several 2 MiB chunks */
    fclose(out);
    for (size_t i = 0; i < n; i++) lines += buf[i] == '\n';
    lines *= 1000;

    char *want = NULL;
    seen s1;
    sl_summary one = run(path, 1, &want, &s1);
    INT_EQ(one.lines, lines);
    INT_EQ(one.files, 1);
    CHECK(one.success);
    CHECK(one.findings[1] + one.findings[2] + one.findings[3] > 0);
    INT_EQ(s1.done_lines, lines); /* every job once, by its lines */
    INT_EQ(s1.findings + s1.agg_findings,
           one.findings[1] + one.findings[2] + one.findings[3] + one.baselined);
    CHECK(s1.in_order);
    for (int t = 2; t <= 3; t++) {
        char *got = NULL;
        seen s;
        sl_summary sum = run(path, t, &got, &s);
        CHECK(got && want && strcmp(got, want) == 0);
        INT_EQ(sum.lines, one.lines);
        INT_EQ(sum.records, one.records);
        INT_EQ(sum.rejected, one.rejected);
        for (int k = 1; k < 4; k++) INT_EQ(sum.findings[k], one.findings[k]);
        INT_EQ(s.done_lines, lines);
        INT_EQ(s.findings, s1.findings);
        CHECK(s.jobs > 1); /* more than one chunk: the pool was used */
        CHECK(s.in_order);
        free(got);
    }
    free(want);
    unlink(path);
    STR_EQ(msgs, ""); /* quiet, and nothing went wrong */
}

int main(void)
{
    RUN(any_thread_count_same_output_and_hook_order);
    return tt_report();
}
