/* test_fanout.c: the fan-out of findings to a run's sinks (output/out_fanout.h): a failing
 * sink is called no more, baselined findings reach only the sinks that show them, and the
 * baseline marking and recording happen on the way. */
#include "output/out_fanout.h"
#include "tinytest.h"
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

/* Real sinks whose finding() is replaced by a counter that fails when asked to. */
static int calls[2];
static sl_sink_vt counting_vt[2];
static bool failing[2];

static sl_status count_finding(int k)
{
    calls[k]++;
    return failing[k] ? SL_EIO : SL_OK;
}
static sl_status count0(sl_sink *s, const sl_finding *f)
{
    return (void)s, (void)f, count_finding(0);
}
static sl_status count1(sl_sink *s, const sl_finding *f)
{
    return (void)s, (void)f, count_finding(1);
}

static sl_sink *counting(int k, const char *fmt, FILE *f)
{
    static sl_status (*const fns[2])(sl_sink *, const sl_finding *) = {count0, count1};
    sl_sink *s = sl_sink_new(fmt, f, NULL, NULL);
    counting_vt[k] = *s->vt;
    counting_vt[k].finding = fns[k];
    s->vt = &counting_vt[k];
    calls[k] = 0;
    failing[k] = false;
    return s;
}

static sl_finding finding(uint64_t fp)
{
    return (sl_finding){.file = "a.log", .line = 1, .severity = SL_SEV_ERROR, .status = 207,
                        .fingerprint = fp};
}

TEST(dead_sink_is_not_called_again)
{
    FILE *f = fopen("/dev/null", "w");
    sl_fanout fo;
    sl_fanout_init(&fo);
    sl_fanout_add(&fo, counting(0, "jsonl", f));
    sl_fanout_add(&fo, counting(1, "jsonl", f));
    failing[0] = true;
    for (uint64_t i = 0; i < 5; i++) {
        sl_finding fi = finding(i);
        sl_fanout_finding(&fo, &fi);
    }
    INT_EQ(calls[0], 1); /* failed once, then left alone */
    INT_EQ(calls[1], 5); /* the other sink got every finding */
    CHECK(sl_fanout_dead(&fo, 0));
    CHECK(!sl_fanout_dead(&fo, 1));
    CHECK(!sl_fanout_pipe_gone(&fo, f)); /* /dev/null never fails: the counter did */
    for (size_t i = 0; i < fo.n; i++) sl_sink_free(fo.sinks[i]);
    fclose(f);
}

TEST(baselined_findings_only_to_sinks_that_show_them)
{
    static const char *const want[] = {"sarif", "github", "markdown"};
    static const char *const drop[] = {"text", "jsonl", "json", "codequality", "junit",
                                       "prometheus", "openmetrics"};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        sl_sink *s = sl_sink_new(want[i], stdout, NULL, NULL);
        CHECK(sl_sink_wants_baselined(s));
        sl_sink_free(s);
    }
    for (size_t i = 0; i < sizeof drop / sizeof *drop; i++) {
        sl_sink *s = sl_sink_new(drop[i], stdout, NULL, NULL);
        CHECK(!sl_sink_wants_baselined(s));
        sl_sink_free(s);
    }
    FILE *f = fopen("/dev/null", "w");
    sl_fanout fo;
    sl_fanout_init(&fo);
    sl_fanout_add(&fo, counting(0, "jsonl", f));
    sl_fanout_add(&fo, counting(1, "sarif", f));
    sl_fanout_add(&fo, NULL); /* an unknown format stays a hole */
    sl_finding a = finding(1), b = finding(2);
    b.baselined = true;
    sl_fanout_finding(&fo, &a);
    sl_fanout_finding(&fo, &b);
    INT_EQ(calls[0], 1);
    INT_EQ(calls[1], 2);
    INT_EQ(fo.n, 3);
    for (size_t i = 0; i < fo.n; i++) sl_sink_free(fo.sinks[i]);
    fclose(f);
}

TEST(marking_against_the_baseline)
{
    /* only entries read from a file suppress: write one, read it back */
    char path[] = "/tmp/test_fanout.XXXXXX", err[256];
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    sl_baseline *w = sl_baseline_new();
    sl_baseline_add(w, 42, "dav.207-non-webdav-method");
    CHECK(sl_baseline_write(w, path, err, sizeof err) == SL_OK);
    sl_baseline_free(w);
    sl_baseline *bl = sl_baseline_load(path, err, sizeof err), *rec = sl_baseline_new();
    unlink(path);
    CHECK(bl != NULL);
    sl_fanout fo;
    sl_fanout_init(&fo);
    sl_fanout_set_baseline(&fo, bl, rec, 20000);
    sl_finding known = finding(42), fresh = finding(43);
    sl_fanout_mark(&fo, &known);
    sl_fanout_mark(&fo, &fresh);
    CHECK(known.baselined);
    CHECK(!fresh.baselined);
    INT_EQ(sl_baseline_count(rec), 2); /* both recorded for --write-baseline */
    sl_fanout_set_baseline(&fo, NULL, NULL, 0);
    sl_fanout_mark(&fo, &known);
    CHECK(!known.baselined); /* no baseline: nothing is baselined */
    sl_baseline_free(bl);
    sl_baseline_free(rec);
}

TEST(pipe_reader_gone)
{
    int p[2];
    CHECK(pipe(p) == 0);
    close(p[0]);
    signal(SIGPIPE, SIG_IGN);
    FILE *f = fdopen(p[1], "w");
    setvbuf(f, NULL, _IONBF, 0);
    sl_fanout fo;
    sl_fanout_init(&fo);
    sl_fanout_add(&fo, sl_sink_new("jsonl", f, NULL, NULL));
    sl_finding fi = finding(7);
    sl_fanout_finding(&fo, &fi);
    CHECK(sl_fanout_dead(&fo, 0));
    CHECK(sl_fanout_pipe_gone(&fo, f));
    CHECK(!sl_fanout_pipe_gone(&fo, stdout));
    sl_sink_free(fo.sinks[0]);
    fclose(f);
}

int main(void)
{
    RUN(dead_sink_is_not_called_again);
    RUN(baselined_findings_only_to_sinks_that_show_them);
    RUN(marking_against_the_baseline);
    RUN(pipe_reader_gone);
    return tt_report();
}
