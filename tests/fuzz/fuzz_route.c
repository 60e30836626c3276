/* fuzz_route.c: routes of arbitrary paths under arbitrary user patterns. The input is
 * lines: every line but the last is offered to sl_routes_add as a pattern (malformed ones
 * must be refused with a message), the last is the path. Invariants: the route is the same
 * whether computed with room or cut short (a cut route is a prefix of the whole one, and
 * the returned length does not change); it is the same on a second call (no state);
 * without patterns it fits SL_ROUTE_MAX; it never holds a '?' or '#' (query and fragment
 * are dropped); the NULL path gives the empty route. */
#include "fuzz_common.h"
#include "record/rec_route.h"

static void check(const sl_routes *r, const char *path, size_t n, bool patterns)
{
    sl_slice p = sl_slice_make(path, n);
    size_t whole = sl_route(r, p, NULL, 0);
    char *full = malloc(whole + 1);
    FZ_CHECK(full != NULL);
    FZ_CHECK(sl_route(r, p, full, whole + 1) == whole);
    FZ_CHECK(strlen(full) <= whole); /* a NUL byte in the path may end the C string early */
    for (size_t cap = 1; cap <= whole && cap < 64; cap += 7) {
        char cut[64];
        FZ_CHECK(sl_route(r, p, cut, cap) == whole);
        FZ_CHECK(memcmp(cut, full, cap - 1) == 0 && cut[cap - 1] == '\0');
    }
    char *again = malloc(whole + 1);
    FZ_CHECK(again != NULL);
    FZ_CHECK(sl_route(r, p, again, whole + 1) == whole && memcmp(again, full, whole) == 0);
    if (!patterns) FZ_CHECK(whole <= SL_ROUTE_MAX(n));
    /* the query and fragment are dropped, and no pattern may hold '?' or '#' */
    FZ_CHECK(!memchr(full, '?', whole) && !memchr(full, '#', whole));
    free(again);
    free(full);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data, *end = s + size;
    sl_routes *r = sl_routes_new();
    const char *last = s;
    for (const char *nl; (nl = memchr(last, '\n', (size_t)(end - last)));) {
        char *pat = fz_dup(last, (size_t)(nl - last)), err[200] = "";
        bool ok = sl_routes_add(r, pat, (size_t)(nl - last), err, sizeof err);
        FZ_CHECK(ok || err[0] != '\0');
        free(pat);
        last = nl + 1;
    }
    char *path = fz_dup(last, (size_t)(end - last));
    check(r, path, (size_t)(end - last), sl_routes_count(r) > 0);
    check(NULL, path, (size_t)(end - last), false);
    char empty[1];
    FZ_CHECK(sl_route(r, SL_SLICE_NULL, empty, 1) == 0 && empty[0] == '\0');
    free(path);
    sl_routes_free(r);
    return 0;
}
