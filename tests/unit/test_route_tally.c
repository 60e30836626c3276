/* test_route_tally.c: follow's per-route tallies: one row per route however many records,
 * rows that survive the table's growth, request-time buckets at their bounds, the route of a
 * record without a path, and label values cut short on a character boundary. */
#include "engine/route_tally.h"
#include "engine/work.h"
#include "tinytest.h"
#include <stdio.h>

TEST(one_row_per_route_with_classes_and_buckets)
{
    sl_route_tally t = {0};
    sl_route_tally_add(&t, sl_slice_cstr("/users/{int}"), 200, 0.004);
    sl_route_tally_add(&t, sl_slice_cstr("/users/{int}"), 503, 0.005); /* le="0.005" holds it */
    sl_route_tally_add(&t, sl_slice_cstr("/users/{int}"), 404, -1);    /* no request time */
    sl_route_tally_add(&t, sl_slice_cstr("/"), 999, 30);                /* above every bound */
    INT_EQ(t.n, 2);
    sl_route_row *r = sl_route_tally_find(&t, sl_slice_cstr("/users/{int}"));
    CHECK(r != NULL);
    INT_EQ(r->cls[1], 1);
    INT_EQ(r->cls[3], 1);
    INT_EQ(r->cls[4], 1);
    INT_EQ(r->bucket[0], 2);
    uint64_t timed = 0;
    for (int b = 0; b < SL_RT_NBUCKETS; b++) timed += r->bucket[b];
    INT_EQ(timed, 2);
    CHECK(r->sum > 0.0089 && r->sum < 0.0091);
    r = sl_route_tally_find(&t, sl_slice_cstr("/"));
    INT_EQ(r->cls[5], 1);
    INT_EQ(r->bucket[SL_RT_BUCKETS], 1);
    CHECK(sl_route_tally_find(&t, sl_slice_cstr("/nowhere")) == NULL);
    sl_route_tally_clear(&t);
    INT_EQ(t.n, 0);
    CHECK(sl_route_tally_find(&t, sl_slice_cstr("/")) == NULL);
    sl_route_tally_fini(&t);
}

TEST(rows_survive_growth)
{
    sl_route_tally t = {0};
    char k[32];
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < 5000; i++) {
            snprintf(k, sizeof k, "/r%d", i);
            sl_route_tally_add(&t, sl_slice_cstr(k), 200 + round, -1);
        }
    INT_EQ(t.n, 5000);
    for (int i = 0; i < 5000; i += 499) {
        snprintf(k, sizeof k, "/r%d", i);
        sl_route_row *r = sl_route_tally_find(&t, sl_slice_cstr(k));
        CHECK(r != NULL);
        if (r) INT_EQ(r->cls[1], 3);
        if (r) SLICE_EQ(sl_route_tally_key(&t, r), k);
    }
    sl_route_tally_fini(&t);
}

TEST(no_path_and_long_routes)
{
    sl_route_tally t = {0};
    sl_route_tally_add(&t, SL_SLICE_NULL, 200, -1);
    sl_route_row *r = sl_route_tally_find(&t, SL_SLICE_NULL);
    CHECK(r != NULL);
    if (r) SLICE_EQ(sl_route_tally_key(&t, r), SL_ROUTE_NONE);
    /* 199 ASCII bytes, then a two-byte character across the 200-byte cut: it goes whole */
    char longr[400];
    memset(longr, 'a', 199);
    memcpy(longr + 199, "\xc3\xa9", 2);
    memset(longr + 201, 'b', 100);
    longr[301] = '\0';
    r = sl_route_tally_row(&t, sl_slice_cstr(longr));
    INT_EQ(sl_route_tally_key(&t, r).n, 199);
    /* a route that differs only past the cut is the same label */
    longr[300] = 'c';
    CHECK(sl_route_tally_row(&t, sl_slice_cstr(longr)) == r);
    INT_EQ(t.n, 2);
    sl_route_tally_fini(&t);
}

int main(void)
{
    RUN(one_row_per_route_with_classes_and_buckets);
    RUN(rows_survive_growth);
    RUN(no_path_and_long_routes);
    return tt_report();
}
