/* test_agg.c: the state of aggregate rules: windows that slide on the lines' own times, lines
 * out of order (accepted within the tolerance, counted beyond it), lines without a time,
 * cooldowns, fixed tables that evict and stay within the budget, distinct counts that
 * saturate, Space-Saving top values, learned sets, sequences (expiry, next: true), and the
 * conjuncts of `having` checked on the sums, which must decide as the evaluator does. */
#include "rule/agg.h"
#include "rule/agg_int.h"
#include "rule/rule_int.h"
#include "test_rules_fixture.h"
#include "tinytest.h"
#include <stdlib.h>

static sl_evaluator *ev;

static const char *const YML =
    "rules:\n"
    "  - id: t.count\n    when: status == 404\n"
    "    aggregate: {by: [client], window: 60s, having: count >= 5}\n"
    "    message: '{client} {count} {span}'\n"
    "  - id: t.every\n    when: status == 299\n"
    "    aggregate: {by: [client], window: 80s, count: {odd: bytes == 1}, having: count >= 1,"
    " cooldown: 0s}\n"
    "    message: '{count} {odd} {span}'\n"
    "  - id: t.distinct\n    when: status == 403\n"
    "    aggregate: {by: [path], window: 1h, distinct: client, having: distinct >= 40, cooldown: 0s}\n"
    "  - id: t.top\n    when: status in (200, 503)\n"
    "    aggregate:\n      by: [path]\n      window: 60s\n      count: {limited: status == 503}\n"
    "      top: {field: client, of: limited}\n"
    "      having: limited >= 20 and top_share >= 80\n"
    "    message: '{top} {top_count} {top_share}'\n"
    "  - id: t.learn\n    when: status in (200, 404)\n"
    "    aggregate: {by: [host], window: 1h, learn: {from: status == 404, value: bytes, max: 2},"
    " having: status == 200 and learned == 1, cooldown: 0s}\n"
    "  - id: t.seq\n    when: status == 410 or status == 200\n"
    "    sequence: {by: [path], within: 1h, first: status == 410, then: status == 200}\n"
    "    message: '{first.client} {client} {count} {span}'\n"
    "  - id: t.next\n    when: status >= 200\n"
    "    sequence: {by: [client], within: 30s, first: status == 301, then: method != first.method,"
    " next: true}\n"
    /* the same `having` twice: as conjuncts checked on the sums first, and with every conjunct
     * an `or` of itself, which only the evaluator decides */
    "  - id: t.checks\n    when: status in 520..529\n"
    "    aggregate: {by: [client], window: 60s, count: {e: status == 521},"
    " having: '3 <= count and span in 0..30 and share(e) > 49 and status != 525 and e < 4',"
    " cooldown: 0s}\n"
    "  - id: t.nochecks\n    when: status in 520..529\n"
    "    aggregate: {by: [client], window: 60s, count: {e: status == 521},"
    " having: '(3 <= count or 3 <= count) and (span in 0..30 or span in 0..30) and"
    " (share(e) > 49 or share(e) > 49) and (status != 525 or status != 525) and (e < 4 or e < 4)',"
    " cooldown: 0s}\n";

/* The lines one record gives the aggregate rules that select it. */
typedef struct got {
    struct { char payload[SL_AGG_PAYLOAD_MAX]; size_t len, rule; } ev[8];
    size_t n;
} got;

static void on_agg(void *ctx, size_t ri, const void *p, size_t len)
{
    got *g = ctx;
    if (g->n == 8) return;
    memcpy(g->ev[g->n].payload, p, len);
    g->ev[g->n].len = len, g->ev[g->n++].rule = ri;
}

typedef struct seen {
    int n;
    sl_agg_result last;
    char msg[256];
} seen;

static void on_finding(void *ctx, const sl_agg_line *ln, const sl_agg_result *res, const char *msg,
                       size_t n)
{
    seen *s = ctx;
    (void)ln;
    s->n++;
    s->last = *res;
    snprintf(s->msg, sizeof s->msg, "%.*s", (int)n, msg);
}

/* Feeds one line "k=v k=v" at time t (INT64_MIN: no time) to st for the rule it selects. */
static void line(sl_aggstate *st, const char *spec, int64_t t, seen *s)
{
    static sl_record rec;
    static char store[1000];
    static uint64_t no;
    sl_record_clear(&rec);
    strcpy(store, spec);
    for (char *tok = strtok(store, " "); tok; tok = strtok(NULL, " ")) {
        char *eq = strchr(tok, '=');
        *eq = 0;
        rec.v[sl_fields_find(ft, tok, strlen(tok))] = sl_slice_cstr(eq + 1);
    }
    sl_record_set_status(&rec);
    static got g;
    g.n = 0;
    sl_evaluator_on_aggregate(ev, on_agg, &g);
    sl_evaluate(ev, plan, &rec, NULL, NULL);
    no++;
    for (size_t i = 0; i < g.n; i++) {
        sl_agg_line ln = {.rule = g.ev[i].rule, .file = "f", .line = no, .has_time = t != INT64_MIN,
                          .time = t, .status = rec.status, .method = rec.v[SL_F_METHOD],
                          .path = rec.v[SL_F_PATH], .host = rec.v[SL_F_HOST],
                          .payload = g.ev[i].payload, .len = g.ev[i].len};
        sl_agg_feed(st, &ln, on_finding, s);
    }
}

static size_t rule_of(const char *id) { return (size_t)sl_ruleset_find(rs, id); }

#define T0 1795000000

TEST(window_slides)
{
    sl_aggstate *st = sl_agg_new(rs, SL_AGG_BUDGET_DEFAULT);
    seen s = {0};
    for (int i = 0; i < 4; i++) line(st, "client=a status=404", T0 + i * 20, &s); /* 0 20 40 60 */
    INT_EQ(s.n, 0); /* never 5 within a minute */
    for (int i = 0; i < 5; i++) line(st, "client=b status=404", T0 + 100 + i * 14, &s); /* 56 s */
    INT_EQ(s.n, 1);
    INT_EQ(s.last.count, 5);
    INT_EQ(s.last.span, 56);
    INT_EQ(s.last.first.time, T0 + 100);
    STR_EQ(s.msg, "b 5 56");
    /* the cooldown (the window) holds the key quiet, then it may fire again */
    for (int i = 0; i < 5; i++) line(st, "client=b status=404", T0 + 160 + i, &s);
    INT_EQ(s.n, 1);
    INT_EQ(sl_agg_rule_stats(st, rule_of("t.count"))->quieted, 5); /* what it went on costing */
    for (int i = 0; i < 5; i++) line(st, "client=b status=404", T0 + 300 + i, &s);
    INT_EQ(s.n, 2);
    sl_agg_free(st);
}

TEST(out_of_order_and_untimed)
{
    sl_aggstate *st = sl_agg_new(rs, SL_AGG_BUDGET_DEFAULT);
    seen s = {0};
    size_t r = rule_of("t.count");
    line(st, "client=c status=404", T0 + 10, &s);
    line(st, "client=c status=404", T0 + 7, &s);   /* 3 s late: counted */
    line(st, "client=c status=404", T0 + 2, &s);   /* 8 s late: not */
    line(st, "client=c status=404", INT64_MIN, &s); /* no time: not */
    line(st, "client=c status=404", T0 + 11, &s);
    line(st, "client=c status=404", T0 + 12, &s);
    INT_EQ(s.n, 0);
    line(st, "client=c status=404", T0 + 13, &s);
    INT_EQ(s.n, 1);
    INT_EQ(s.last.first.time, T0 + 7); /* the late line is the window's first */
    const sl_agg_stats *a = sl_agg_rule_stats(st, r);
    INT_EQ(a->lines, 7);
    INT_EQ(a->late, 1);
    INT_EQ(a->untimed, 1);
    CHECK(sl_agg_rule_stats(st, rule_of("t.count") + 100) == NULL);
    sl_agg_free(st);
}

TEST(bounded_tables_evict)
{
    sl_aggstate *st = sl_agg_new(rs, SL_AGG_BUDGET_MIN);
    seen s = {0};
    size_t r = rule_of("t.count");
    const sl_agg_stats *a = sl_agg_rule_stats(st, r);
    uint64_t cap = a->capacity;
    CHECK(cap >= 8);
    CHECK(sl_agg_bytes(st) <= SL_AGG_BUDGET_MIN);
    char spec[64];
    for (uint64_t i = 0; i < cap * 4; i++) {
        snprintf(spec, sizeof spec, "client=k%llu status=404", (unsigned long long)i);
        line(st, spec, T0, &s);
    }
    CHECK(a->evicted >= cap * 3 - cap / 2); /* nearly every key beyond the capacity */
    INT_EQ(a->capacity, cap);
    /* a key seen again and again survives the flood: least recently seen goes first */
    for (int round = 0; round < 5; round++) {
        line(st, "client=hot status=404", T0 + 1 + round, &s);
        for (int i = 0; i < 3; i++) {
            snprintf(spec, sizeof spec, "client=f%d-%d status=404", round, i);
            line(st, spec, T0 + 1 + round, &s);
        }
    }
    INT_EQ(s.n, 1);
    STR_EQ(s.msg, "hot 5 4");
    sl_agg_free(st);
}

TEST(distinct_saturates)
{
    sl_aggstate *st = sl_agg_new(rs, SL_AGG_BUDGET_DEFAULT);
    seen s = {0};
    char spec[64];
    for (int i = 0; i < 100; i++) {
        snprintf(spec, sizeof spec, "client=c%d path=/x status=403", i);
        line(st, spec, T0 + i, &s);
    }
    INT_EQ(s.n, 0); /* exact up to 32, then 32: never 40 */
    sl_agg_free(st);
}

TEST(top_value)
{
    sl_aggstate *st = sl_agg_new(rs, SL_AGG_BUDGET_DEFAULT);
    seen s = {0};
    char spec[64];
    for (int i = 0; i < 30; i++) { /* 3 of every 10 503s go elsewhere, one each */
        snprintf(spec, sizeof spec, "client=%s path=/api status=503", i % 10 < 7 ? "heavy" : "x");
        if (i % 10 >= 7) snprintf(spec, sizeof spec, "client=o%d path=/api status=503", i);
        line(st, spec, T0 + i, &s);
    }
    INT_EQ(s.n, 0); /* 70 % */
    for (int i = 0; i < 40; i++) line(st, "client=heavy path=/api status=503", T0 + 30, &s);
    INT_EQ(s.n, 1);
    STR_EQ(s.msg, "heavy 36 80"); /* at the line where 36 of 45 (80 %) went to heavy */
    sl_agg_free(st);
}

/* The top value is kept by the lines that make it the heaviest even while `having`'s other
 * checks fail (fewer than 20 503s): the finding then names it although the line that fires
 * is another client's. */
TEST(top_value_kept_before_checks_hold)
{
    sl_aggstate *st = sl_agg_new(rs, SL_AGG_BUDGET_DEFAULT);
    seen s = {0};
    for (int i = 0; i < 19; i++) line(st, "client=heavy path=/k status=503", T0 + i, &s);
    line(st, "client=other path=/k status=200", T0 + 19, &s);
    INT_EQ(s.n, 0);
    line(st, "client=light path=/k status=503", T0 + 20, &s);
    INT_EQ(s.n, 1);
    STR_EQ(s.msg, "heavy 19 95");
    sl_agg_free(st);
}

/* The window's sums as lines come and buckets leave it, against a model that keeps every
 * line: gaps within a bucket, of a few buckets and of more than the window, on two keys. */
TEST(window_sums_follow_model)
{
    sl_aggstate *st = sl_agg_new(rs, SL_AGG_BUDGET_DEFAULT);
    seen s = {0};
    enum { N = 6000 };
    static int64_t when[N];
    static int odd[N], key[N];
    int64_t now = T0;
    uint64_t x = 12345;
    int bad = 0;
    for (int i = 0; i < N; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        int k = (int)(x % 3 == 0), o = (int)((x >> 3) & 1);
        uint64_t g = (x >> 8) % 100; /* mostly short gaps, some long */
        now += g < 70 ? (int64_t)(g % 6) : g < 95 ? (int64_t)(g % 40) : 90 + (int64_t)(g % 300);
        when[i] = now, odd[i] = o, key[i] = k;
        char spec[64];
        snprintf(spec, sizeof spec, "client=c%d status=299 bytes=%d", k, o);
        int before = s.n;
        line(st, spec, now, &s);
        /* the model: width 10 s, the window from the bucket of now - 80 s on */
        int64_t lo = (now - 80) / 10 * 10, count = 0, odds = 0, firstt = now;
        for (int j = 0; j <= i; j++)
            if (key[j] == k && when[j] >= lo) {
                count++, odds += odd[j];
                if (when[j] < firstt) firstt = when[j];
            }
        char want[64];
        snprintf(want, sizeof want, "%lld %lld %lld", (long long)count, (long long)odds,
                 (long long)(now - firstt));
        bad += s.n != before + 1 || strcmp(s.msg, want) != 0;
    }
    INT_EQ(bad, 0);
    sl_agg_free(st);
}

/* The set index without a division: x % d, exactly, for any 64-bit x and d. */
TEST(set_index_exact)
{
    static const uint64_t ds[] = {1, 2, 3, 7, 8, 87, 641, 1000003, 4294967291u, 4294967296u,
                                  (1ull << 40) + 7, UINT64_MAX / 3, UINT64_MAX};
    uint64_t x = 0x9e3779b97f4a7c15ull;
    for (size_t i = 0; i < sizeof ds / sizeof *ds; i++) {
        uint64_t d = ds[i], hi, lo;
        agg_mod_init(d, &hi, &lo);
        int bad = 0;
        for (int k = 0; k < 20000; k++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            uint64_t v = k < 8 ? (uint64_t[]){0, 1, d - 1, d, d + 1, UINT64_MAX, UINT64_MAX - 1,
                                              2 * d - 1}[k] : x >> (k % 64);
            bad += agg_mod(v, d, hi, lo) != v % d;
        }
        INT_EQ(bad, 0);
    }
}

TEST(learned_set)
{
    sl_aggstate *st = sl_agg_new(rs, SL_AGG_BUDGET_DEFAULT);
    seen s = {0};
    line(st, "host=h status=200 bytes=900", T0, &s);  /* not learned yet */
    line(st, "host=h status=404 bytes=900", T0 + 1, &s);
    line(st, "host=g status=200 bytes=900", T0 + 2, &s); /* another host */
    INT_EQ(s.n, 0);
    line(st, "host=h status=200 bytes=900", T0 + 3, &s);
    INT_EQ(s.n, 1);
    line(st, "host=h status=404 bytes=1", T0 + 4, &s); /* max 2: 900 stays, the oldest of 3 goes */
    line(st, "host=h status=404 bytes=2", T0 + 5, &s);
    line(st, "host=h status=200 bytes=900", T0 + 6, &s);
    INT_EQ(s.n, 1);
    line(st, "host=h status=200 bytes=2", T0 + 7, &s);
    INT_EQ(s.n, 2);
    sl_agg_free(st);
}

TEST(sequences)
{
    sl_aggstate *st = sl_agg_new(rs, SL_AGG_BUDGET_DEFAULT);
    seen s = {0};
    line(st, "client=a path=/p status=200", T0, &s); /* 200 first: nothing open */
    line(st, "client=a path=/p status=410", T0 + 1, &s);
    line(st, "client=b path=/p status=410", T0 + 2, &s);
    line(st, "client=c path=/q status=200", T0 + 3, &s);
    INT_EQ(s.n, 0);
    line(st, "client=d path=/p status=200", T0 + 10, &s);
    INT_EQ(s.n, 1);
    STR_EQ(s.msg, "b d 2 8"); /* renewed by the second 410: its client; two 410s */
    INT_EQ(s.last.first.time, T0 + 2);
    line(st, "client=d path=/p status=200", T0 + 11, &s); /* closed */
    INT_EQ(s.n, 1);
    line(st, "client=a path=/r status=410", T0, &s);
    line(st, "client=a path=/r status=200", T0 + 3601, &s); /* past within */
    INT_EQ(s.n, 1);
    /* next: true: only the very next line of the key may complete it */
    line(st, "client=z method=POST status=301", T0 + 4000, &s);
    line(st, "client=z method=POST status=200", T0 + 4001, &s);
    line(st, "client=z method=GET status=405", T0 + 4002, &s);
    INT_EQ(s.n, 1);
    line(st, "client=z method=POST status=301", T0 + 4003, &s);
    line(st, "client=z method=GET status=405", T0 + 4004, &s);
    INT_EQ(s.n, 2);
    sl_agg_free(st);
}

typedef struct fired {
    int n[2];
    uint64_t sum[2]; /* of line number * count, per rule */
} fired;

static void on_fired(void *ctx, const sl_agg_line *ln, const sl_agg_result *res, const char *msg,
                     size_t n)
{
    fired *f = ctx;
    (void)msg, (void)n;
    int k = ln->rule == rule_of("t.checks") ? 0 : 1;
    f->n[k]++;
    f->sum[k] += ln->line * 1000 + res->count;
}

/* `having` checked on the sums first gives exactly what the evaluator gives: over lines in
 * and out of order (negative spans), with every conjunct deciding some of them. */
TEST(having_checks_exact)
{
    INT_EQ(rs->rules[rule_of("t.checks")].agg->nchecks, 5);
    INT_EQ(rs->rules[rule_of("t.nochecks")].agg->nchecks, 0);
    sl_aggstate *st = sl_agg_new(rs, SL_AGG_BUDGET_DEFAULT);
    fired f = {{0, 0}, {0, 0}};
    static sl_record rec;
    static got g;
    uint64_t x = 12345;
    int64_t t = T0;
    for (uint64_t no = 1; no <= 20000; no++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        unsigned r = (unsigned)(x >> 33);
        t += r % 4 == 0; /* a few lines a second */
        int64_t when = t - (int64_t)(r % 16 == 0 ? (r >> 4) % 8 : 0); /* some late, a few too late */
        char client[16], status[8];
        snprintf(client, sizeof client, "c%u", (r >> 8) % 40);
        snprintf(status, sizeof status, "%u", (r >> 16) % 2 ? 521 : 520 + (r >> 17) % 7);
        sl_record_clear(&rec);
        rec.v[SL_F_CLIENT] = sl_slice_cstr(client);
        rec.v[SL_F_STATUS] = sl_slice_cstr(status);
        sl_record_set_status(&rec);
        g.n = 0;
        sl_evaluator_on_aggregate(ev, on_agg, &g);
        sl_evaluate(ev, plan, &rec, NULL, NULL);
        for (size_t i = 0; i < g.n; i++) {
            sl_agg_line ln = {.rule = g.ev[i].rule, .file = "f", .line = no, .has_time = true,
                              .time = when, .status = rec.status, .payload = g.ev[i].payload,
                              .len = g.ev[i].len};
            sl_agg_feed(st, &ln, on_fired, &f);
        }
    }
    CHECK(f.n[0] > 100);
    INT_EQ(f.n[0], f.n[1]);
    CHECK(f.sum[0] == f.sum[1]);
    sl_agg_free(st);
}

int main(void)
{
    rules_load(YML);
    ev = sl_evaluator_new(rs);
    RUN(window_slides);
    RUN(out_of_order_and_untimed);
    RUN(bounded_tables_evict);
    RUN(distinct_saturates);
    RUN(top_value);
    RUN(top_value_kept_before_checks_hold);
    RUN(set_index_exact);
    RUN(window_sums_follow_model);
    RUN(learned_set);
    RUN(sequences);
    RUN(having_checks_exact);
    sl_evaluator_free(ev);
    rules_free();
    return tt_report();
}
