/* test_group.c: the finding-group table behind `-f json` groups and --group: counts, first
 * and last occurrence, at most 3 samples, the order (most severe, then count, then first
 * seen), and its bounds (group count and string budget), past which findings are counted
 * as overflow and not held. */
#include "output/out_group.h"
#include "tinytest.h"
#include <stdio.h>
#include <stdlib.h>

static sl_finding mk(const char *file, uint64_t line, uint64_t fp, int sev, const char *path)
{
    sl_finding f = {.file = file, .line = line, .rule = fp % 3, .severity = (sl_severity)sev,
                    .status = 404, .method = SL_SLICE_LIT("GET"), .path = sl_slice_cstr(path),
                    .route = SL_SLICE_LIT("/r/{int}"), .message = sl_slice_cstr(path),
                    .fingerprint = fp, .has_time = true, .time = (int64_t)line};
    return f;
}

TEST(counts_first_last_samples)
{
    out_groups g;
    out_groups_init(&g);
    for (uint64_t i = 1; i <= 5; i++) {
        sl_finding f = mk(i < 4 ? "a.log" : "b.log", i * 10, 7, SL_SEV_WARNING, i == 1 ? "/r/1" : "/r/2");
        out_groups_add(&g, &f);
    }
    sl_finding other = mk("a.log", 15, 8, SL_SEV_WARNING, "/s");
    out_groups_add(&g, &other);
    INT_EQ(g.n, 2);
    INT_EQ(g.grouped, 6);
    INT_EQ(g.overflow, 0);
    const out_group *e = &g.v[0];
    INT_EQ(e->count, 5);
    STR_EQ(out_groups_file(&g, e->first.file), "a.log");
    INT_EQ(e->first.line, 10);
    STR_EQ(out_groups_file(&g, e->last.file), "b.log");
    INT_EQ(e->last.line, 50);
    INT_EQ(e->last.time, 50);
    INT_EQ(e->nsamples, 3);
    INT_EQ(e->sample[2].line, 30);
    SLICE_EQ(out_group_sample_path(&g, e, 0), "/r/1");
    SLICE_EQ(out_group_sample_path(&g, e, 1), "/r/2");
    SLICE_EQ(out_group_str(&g, e, OG_MESSAGE), "/r/1"); /* the first occurrence's */
    SLICE_EQ(out_group_str(&g, e, OG_ROUTE), "/r/{int}");
    CHECK(out_group_str(&g, e, OG_HOST).p == NULL);
    INT_EQ(g.nfiles, 2);
    out_groups_fini(&g);
}

TEST(same_fingerprint_other_rule_is_another_group)
{
    out_groups g;
    out_groups_init(&g);
    sl_finding f = mk("a.log", 1, 9, SL_SEV_ERROR, "/x");
    out_groups_add(&g, &f);
    f.rule = 2;
    out_groups_add(&g, &f);
    f.status = 500;
    out_groups_add(&g, &f);
    INT_EQ(g.n, 3);
    out_groups_fini(&g);
}

TEST(order_severity_count_first_seen)
{
    out_groups g;
    out_groups_init(&g);
    const struct { uint64_t fp; int sev, times; } plan[] = {
        {1, SL_SEV_INFO, 9}, {2, SL_SEV_WARNING, 2}, {3, SL_SEV_ERROR, 1}, {4, SL_SEV_WARNING, 5},
        {5, SL_SEV_WARNING, 2}, {6, SL_SEV_ERROR, 3}};
    uint64_t line = 1;
    for (size_t k = 0; k < SL_ARRAY_LEN(plan); k++)
        for (int t = 0; t < plan[k].times; t++) {
            sl_finding f = mk("a.log", line++, plan[k].fp, plan[k].sev, "/p");
            out_groups_add(&g, &f);
        }
    size_t *o = out_groups_sorted(&g);
    const uint64_t want[] = {6, 3, 4, 2, 5, 1};
    for (size_t i = 0; i < SL_ARRAY_LEN(want); i++) INT_EQ(g.v[o[i]].fingerprint, want[i]);
    free(o);
    out_groups_fini(&g);
}

TEST(bounded_by_count)
{
    out_groups g;
    out_groups_init(&g);
    for (uint64_t i = 0; i < OUT_GROUPS_MAX + 100; i++) {
        sl_finding f = mk("a.log", i + 1, i * 0x9E3779B97F4A7C15ull + 1, SL_SEV_INFO, "/p");
        out_groups_add(&g, &f);
    }
    INT_EQ(g.n, OUT_GROUPS_MAX);
    INT_EQ(g.overflow, 100);
    /* a group already held still counts */
    sl_finding again = mk("a.log", 1, 1, SL_SEV_INFO, "/p");
    out_groups_add(&g, &again);
    INT_EQ(g.v[0].count, 2);
    INT_EQ(g.overflow, 100);
    out_groups_fini(&g);
}

TEST(bounded_by_bytes)
{
    out_groups g;
    out_groups_init(&g);
    char *big = malloc(5000);
    memset(big, 'a', 4999);
    big[0] = '/', big[4999] = 0;
    uint64_t n = 0;
    for (uint64_t i = 0; i < 5000; i++, n++) {
        sl_finding f = mk("a.log", i + 1, i + 1, SL_SEV_INFO, big);
        f.host = sl_slice_cstr(big);
        out_groups_add(&g, &f);
    }
    CHECK(g.overflow > 0);
    INT_EQ(g.n + g.overflow, n);
    CHECK(g.nstr <= OUT_GROUPS_BYTES + 4096);
    INT_EQ(out_group_str(&g, &g.v[0], OG_MESSAGE).n, OUT_GROUP_STR_MAX); /* cut */
    free(big);
    out_groups_fini(&g);
}

int main(void)
{
    RUN(counts_first_last_samples);
    RUN(same_fingerprint_other_rule_is_another_group);
    RUN(order_severity_count_first_seen);
    RUN(bounded_by_count);
    RUN(bounded_by_bytes);
    return tt_report();
}
