/* test_stream.c: the engine's line streams (engine/stream.h) against its batch path: the same
 * bytes fed in any pieces (one byte at a time, odd sizes, all at once) give the findings and
 * counts a batch run over them gives; a partial last line waits, counts at a flush and can
 * be dropped; two streams fed in turns keep their own line numbers and state; the
 * before_merge hook sees every line once. */
#include "engine/engine.h"
#include "engine/stream.h"
#include "tinytest.h"
#include <stdlib.h>
#include <unistd.h>

static char msgs[8192];
static void on_msg(const char *text)
{
    size_t n = strlen(msgs);
    snprintf(msgs + n, sizeof msgs - n, "%s\n", text);
}

typedef struct env {
    sl_fields *ft;
    sl_ruleset *rs;
    sl_fanout fo;
    FILE *f;
    char *out;
    size_t n;
    sl_analysis *a;
    sl_summary sum;
} env;

static void env_open(env *e, bool streams)
{
    memset(e, 0, sizeof *e);
    e->ft = sl_fields_new();
    sl_diags d;
    sl_diags_init(&d);
    e->rs = sl_ruleset_new(e->ft);
    INT_EQ(sl_ruleset_add_builtin(e->rs, &d), SL_OK);
    for (size_t i = 0; i < sl_ruleset_count(e->rs); i++) /* as the command line: no --aggregate */
        if (sl_ruleset_info(e->rs, i)->aggregate) sl_ruleset_set_enabled(e->rs, i, false);
    INT_EQ(sl_ruleset_finish(e->rs, &d), SL_OK);
    sl_diags_fini(&d);
    sl_fields_freeze(e->ft);
    e->f = open_memstream(&e->out, &e->n);
    sl_fanout_init(&e->fo);
    INT_EQ(sl_fanout_open(&e->fo, "jsonl", e->f, e->rs, NULL, false, SL_SEV_INFO), SL_OK);
    sl_analysis_cfg cfg = {.ft = e->ft, .threads = 1, .quiet = true, .ninputs = 1,
                           .streams = streams};
    e->a = sl_analysis_new(&cfg, e->rs, &e->fo, on_msg);
}

/* Ends the run: e->sum is the summary, e->out the jsonl findings. */
static void env_close(env *e)
{
    e->sum = *sl_analysis_finish(e->a);
    e->sum.by_rule = NULL;
    e->sum.nsamples = 0; /* their names are the run's */
    e->fo.sinks[0]->vt->end(e->fo.sinks[0], &e->sum);
    sl_sink_free(e->fo.sinks[0]);
    fclose(e->f);
    sl_analysis_free(e->a);
    sl_ruleset_free(e->rs);
    sl_fields_free(e->ft);
}

static char *slurp(const char *path, size_t *n)
{
    FILE *in = fopen(path, "rb");
    CHECK(in != NULL);
    if (!in) return NULL;
    char *p = malloc(1 << 20);
    *n = fread(p, 1, 1 << 20, in);
    fclose(in);
    return p;
}

/* A batch run over data[0..n) as the file "in.log". */
static void batch(env *e, const char *data, size_t n)
{
    char path[] = "/tmp/test_stream.XXXXXX";
    int fd = mkstemp(path);
    CHECK(write(fd, data, n) == (ssize_t)n);
    close(fd);
    env_open(e, false);
    CHECK(sl_analysis_add_input(e->a, path, "in.log", true));
    env_close(e);
    unlink(path);
}

typedef struct hook_seen {
    uint64_t lines, turns;
} hook_seen;

static void before_merge(void *ctx, const sl_job *j, bool done)
{
    hook_seen *h = ctx;
    h->turns++;
    if (done) h->lines += j->lines;
}

/* data fed to one stream in pieces of `piece` bytes (0: all at once), then flushed. */
static void streamed(env *e, const char *data, size_t n, size_t piece, hook_seen *h)
{
    env_open(e, true);
    sl_stream_opts o = {.before_merge = before_merge, .ctx = h};
    sl_stream *s = sl_stream_open(e->a, "in.log", &o);
    for (size_t at = 0; at < n;) {
        size_t k = piece && n - at > piece ? piece : n - at;
        sl_stream_feed(s, data + at, k);
        at += k;
    }
    sl_stream_flush(s);
    sl_stream_close(s);
    env_close(e);
}

static void same(const env *b, const env *s)
{
    CHECK(b->out && s->out && strcmp(b->out, s->out) == 0);
    INT_EQ(s->sum.files, b->sum.files);
    INT_EQ(s->sum.lines, b->sum.lines);
    INT_EQ(s->sum.records, b->sum.records);
    INT_EQ(s->sum.rejected, b->sum.rejected);
    INT_EQ(s->sum.skipped, b->sum.skipped);
    INT_EQ(s->sum.bytes, b->sum.bytes);
    INT_EQ(s->sum.rules_off, b->sum.rules_off);
    for (int k = 0; k < 4; k++) INT_EQ(s->sum.findings[k], b->sum.findings[k]);
}

/* combined.log with what a live file brings: CRLF, blank lines, a binary line, a line over
 * 512 KiB, a last line without its newline. */
static char *mixed(size_t *n)
{
    const char *src = getenv("SL_SOURCE_DIR");
    char sample[512];
    snprintf(sample, sizeof sample, "%s/samples/combined.log", src ? src : ".");
    size_t k = 0;
    char *base = slurp(sample, &k);
    if (!base) return NULL;
    size_t cap = 2 * k + (700u << 10);
    char *p = malloc(cap);
    size_t at = 0;
    memcpy(p + at, base, k), at += k;
    at += (size_t)snprintf(p + at, cap - at, "\n\x01\x02 binary\r\n");
    memset(p + at, 'x', 600u << 10), at += 600u << 10;
    p[at++] = '\n';
    memcpy(p + at, base, k), at += k;
    at += (size_t)snprintf(p + at, cap - at, "10.0.0.9 - - [01/Dec/2026:10:00:00 +0000] \"GET /"
                                             "end HTTP/1.1\" 204 9 \"-\" \"t\"\r\nunended");
    free(base);
    *n = at;
    return p;
}

TEST(any_pieces_same_as_batch)
{
    size_t n = 0;
    char *data = mixed(&n);
    if (!data) return;
    env b;
    batch(&b, data, n);
    CHECK(b.sum.findings[1] + b.sum.findings[2] + b.sum.findings[3] > 0);
    CHECK(b.sum.rejected >= 3); /* binary, overlong, unended */
    size_t pieces[] = {0, 1, 7, 4093, 65536};
    for (size_t i = 0; i < sizeof pieces / sizeof pieces[0]; i++) {
        env s;
        hook_seen h = {0};
        streamed(&s, data, n, pieces[i], &h);
        same(&b, &s);
        INT_EQ(h.lines, b.sum.lines); /* every line once through the hook */
        free(s.out);
    }
    free(b.out);
    free(data);
    STR_EQ(msgs, "");
}

TEST(stateful_format_in_pieces)
{
    const char *w3c = "#Software: IIS\n#Fields: date time cs-method cs-uri-stem sc-status sc-bytes\n"
                      "2026-12-01 10:00:00 GET /a 204 5\n2026-12-01 10:00:01 HEAD /b 200 9\n"
                      "#Fields: date time cs-method cs-uri-stem sc-status\n"
                      "2026-12-01 10:00:02 GET /c 204\n";
    env b, s;
    hook_seen h = {0};
    batch(&b, w3c, strlen(w3c));
    streamed(&s, w3c, strlen(w3c), 3, &h);
    same(&b, &s);
    INT_EQ(s.sum.records, 3);
    free(b.out);
    free(s.out);
}

TEST(partial_line_waits_and_can_be_dropped)
{
    env e;
    env_open(&e, true);
    sl_stream *s = sl_stream_open(e.a, "a.log", NULL);
    const char *l1 = "10.0.0.1 - - [01/Dec/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"t\"\n";
    sl_stream_feed(s, l1, strlen(l1));
    INT_EQ(sl_stream_line(s), 1);
    sl_stream_feed(s, l1, 20); /* a line still being written */
    INT_EQ(sl_stream_pending(s), 20);
    INT_EQ(sl_stream_line(s), 1);
    sl_stream_drop_pending(s); /* stopping: a later run reads it whole */
    INT_EQ(sl_stream_pending(s), 0);
    sl_stream_flush(s);
    INT_EQ(sl_stream_line(s), 1);
    sl_stream_set_line(s, 41); /* resumed part-way: line numbers go on */
    sl_stream_feed(s, l1, 30);
    sl_stream_flush(s); /* the content ended: the partial line is a (rejected) line */
    INT_EQ(sl_stream_line(s), 42);
    sl_stream_close(s);
    env_close(&e);
    INT_EQ(e.sum.lines, 2);
    INT_EQ(e.sum.records, 1);
    INT_EQ(e.sum.rejected, 1);
    free(e.out);
}

TEST(streams_fed_in_turns_keep_their_own_lines)
{
    size_t n = 0;
    const char *src = getenv("SL_SOURCE_DIR");
    char sample[512];
    snprintf(sample, sizeof sample, "%s/samples/combined.log", src ? src : ".");
    char *data = slurp(sample, &n);
    if (!data) return;
    env b;
    batch(&b, data, n);
    env e;
    env_open(&e, true);
    sl_stream *s1 = sl_stream_open(e.a, "in.log", NULL), *s2 = sl_stream_open(e.a, "two.log", NULL);
    for (size_t at = 0; at < n; at += 777) {
        size_t k = n - at < 777 ? n - at : 777;
        sl_stream_feed(s1, data + at, k);
        sl_stream_feed(s2, data + at, k);
    }
    sl_stream_flush(s1);
    sl_stream_flush(s2);
    INT_EQ(sl_stream_line(s1), b.sum.lines);
    INT_EQ(sl_stream_line(s2), b.sum.lines);
    sl_stream_close(s1);
    sl_stream_close(s2);
    env_close(&e);
    INT_EQ(e.sum.files, 2);
    INT_EQ(e.sum.lines, 2 * b.sum.lines);
    INT_EQ(e.sum.findings[1] + e.sum.findings[2] + e.sum.findings[3],
           2 * (b.sum.findings[1] + b.sum.findings[2] + b.sum.findings[3]));
    /* in.log's findings, in order, are the batch run's */
    char *mine = calloc(1, e.n + 1);
    size_t used = 0;
    for (char *p = e.out, *nl; p && *p; p = nl + 1) {
        nl = strchr(p, '\n');
        if (!nl) break;
        if (strstr(p, "\"file\":\"in.log\"") && strstr(p, "\"file\":\"in.log\"") < nl)
            memcpy(mine + used, p, (size_t)(nl + 1 - p)), used += (size_t)(nl + 1 - p);
    }
    STR_EQ(mine, b.out);
    free(mine);
    free(e.out);
    free(b.out);
    free(data);
}

int main(void)
{
    RUN(any_pieces_same_as_batch);
    RUN(stateful_format_in_pieces);
    RUN(partial_line_waits_and_can_be_dropped);
    RUN(streams_fed_in_turns_keep_their_own_lines);
    return tt_report();
}
