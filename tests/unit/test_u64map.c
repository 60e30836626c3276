/* test_u64map.c: the entry index (base/sl_u64map.h) behind finding groups, baselines and
 * the state store: every entry is found under its key after any number of growths, entries
 * sharing a key are all walked, and clear forgets them. */
#include "base/sl_u64map.h"
#include "tinytest.h"
#include <stdlib.h>

#define N 100000

static uint64_t keys[N];

static uint64_t key_of(const void *ctx, size_t e) { return ((const uint64_t *)ctx)[e]; }

static bool is_target(const void *ctx, size_t e) { return e == *(const size_t *)ctx; }

TEST(finds_every_entry_after_growing)
{
    sl_u64map m;
    sl_u64map_init(&m, 16);
    for (size_t i = 0; i < N; i++) {
        keys[i] = i % 3 == 0 ? (uint64_t)(i / 3) << 40 : (uint64_t)i * 0x100000001ull;
        INT_EQ(sl_u64map_add(&m, keys[i], key_of, keys), i);
    }
    INT_EQ(m.n, N);
    CHECK(m.cap >= 2 * N && (m.cap & (m.cap - 1)) == 0);
    size_t missing = 0;
    for (size_t i = 0; i < N; i++) {
        size_t want = i;
        if (sl_u64map_find(&m, keys[i], is_target, &want) != i) missing++;
    }
    INT_EQ(missing, 0);
    size_t pos = 0, walked = 0;
    while (sl_u64map_next(&m, 0xdeadbeefull, &pos) != SL_U64MAP_END) walked++;
    CHECK(walked < 64); /* an absent key ends at the first empty slot, soon: half full at most */
    sl_u64map_fini(&m);
}

TEST(entries_sharing_a_key_are_all_walked)
{
    sl_u64map m = {0}; /* a zeroed map works as an initialised one */
    for (size_t i = 0; i < 1000; i++) {
        keys[i] = i % 10;
        sl_u64map_add(&m, keys[i], key_of, keys);
    }
    size_t pos = 0, e, hits = 0;
    while ((e = sl_u64map_next(&m, 7, &pos)) != SL_U64MAP_END) {
        if (keys[e] == 7) {
            CHECK(e % 10 == 7);
            hits++;
        }
    }
    INT_EQ(hits, 100);
    sl_u64map_clear(&m);
    INT_EQ(m.n, 0);
    pos = 0;
    CHECK(sl_u64map_next(&m, 7, &pos) == SL_U64MAP_END);
    keys[0] = 7;
    INT_EQ(sl_u64map_add(&m, 7, key_of, keys), 0); /* numbering starts again */
    pos = 0;
    INT_EQ(sl_u64map_next(&m, 7, &pos), 0);
    sl_u64map_fini(&m);
    pos = 0;
    CHECK(sl_u64map_next(&m, 7, &pos) == SL_U64MAP_END); /* empty after fini */
}

int main(void)
{
    RUN(finds_every_entry_after_growing);
    RUN(entries_sharing_a_key_are_all_walked);
    return tt_report();
}
