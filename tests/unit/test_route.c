/* test_route.c: routes of paths: the segment classifier, user patterns and their precedence,
 * truncation, and that a route depends on nothing but the path and the patterns. */
#include "record/rec_route.h"
#include "tinytest.h"

static const char *route_of(const sl_routes *r, const char *path)
{
    static char buf[512];
    sl_route(r, sl_slice_cstr(path), buf, sizeof buf);
    return buf;
}

TEST(classifier_replaces_variable_segments)
{
    STR_EQ(route_of(NULL, "/users/12345/orders/7"), "/users/{int}/orders/{int}");
    STR_EQ(route_of(NULL, "/items/0b9e4a5e-8c4f-4d0e-9b1a-2f3c4d5e6f70"), "/items/{uuid}");
    STR_EQ(route_of(NULL, "/items/01ARZ3NDEKTSV4RRFFQ69G5FAV"), "/items/{uuid}");
    STR_EQ(route_of(NULL, "/commit/4f3a2b1c9d8e7f60"), "/commit/{hex}");
    STR_EQ(route_of(NULL, "/blob/deadbeefdeadbeef"), "/blob/{hex}");
    STR_EQ(route_of(NULL, "/archive/2026-12-01/report"), "/archive/{date}/report");
    STR_EQ(route_of(NULL, "/archive/2026-12"), "/archive/{date}");
    STR_EQ(route_of(NULL, "/at/2026-12-01T10:00:00Z"), "/at/{date}");
    STR_EQ(route_of(NULL, "/people/jane.doe@example.org/inbox"), "/people/{email}/inbox");
    STR_EQ(route_of(NULL, "/people/jane%40example.org"), "/people/{email}");
    STR_EQ(route_of(NULL, "/s/eyJhbGciOiJIUzI1NiJ9"), "/s/{token}");
    STR_EQ(route_of(NULL, "/s/a1b2c3d4e5"), "/s/{hex}"); /* hex letters only */
    STR_EQ(route_of(NULL, "/s/k1m2n3p4q5"), "/s/{token}");
    STR_EQ(route_of(NULL, "/u/user12345"), "/u/{token}");
}

TEST(classifier_keeps_words_slugs_and_versions)
{
    STR_EQ(route_of(NULL, "/"), "/");
    STR_EQ(route_of(NULL, "/api/v2/health"), "/api/v2/health");
    STR_EQ(route_of(NULL, "/blog/how-to-install-nginx-on-debian-12"), "/blog/how-to-install-nginx-on-debian-12");
    STR_EQ(route_of(NULL, "/pkg/x86_64/html5/rfc9110"), "/pkg/x86_64/html5/rfc9110");
    STR_EQ(route_of(NULL, "/cafe/decade/facade"), "/cafe/decade/facade");
    STR_EQ(route_of(NULL, "/release/1.2.3"), "/release/1.2.3");
    STR_EQ(route_of(NULL, "/dav/"), "/dav/");
    STR_EQ(route_of(NULL, "//double//slash"), "//double//slash");
    STR_EQ(route_of(NULL, "/month/2026-13"), "/month/2026-13");
    STR_EQ(route_of(NULL, "/not@email"), "/not@email");
    STR_EQ(route_of(NULL, "*"), "*"); /* OPTIONS * */
}

TEST(extension_is_kept_and_query_dropped)
{
    STR_EQ(route_of(NULL, "/img/4f3a2b1c9d.png"), "/img/{hex}.png");
    STR_EQ(route_of(NULL, "/export/123.csv.gz"), "/export/123.csv.gz"); /* base "123.csv" is no class */
    STR_EQ(route_of(NULL, "/export/123.json"), "/export/{int}.json");
    STR_EQ(route_of(NULL, "/search?q=1&page=2"), "/search");
    STR_EQ(route_of(NULL, "/users/42?tab=x#top"), "/users/{int}");
    STR_EQ(route_of(NULL, "/static/app.css"), "/static/app.css");
}

TEST(user_patterns_win_and_the_most_specific_one_is_taken)
{
    sl_routes *r = sl_routes_new();
    char err[200];
    CHECK(sl_routes_add(r, "/users/{id}/orders/{id}", 23, err, sizeof err));
    CHECK(sl_routes_add(r, "/users/{id}", 11, err, sizeof err));
    CHECK(sl_routes_add(r, "/users/me", 9, err, sizeof err));
    CHECK(sl_routes_add(r, "/static/*", 9, err, sizeof err));
    CHECK(sl_routes_add(r, "/static/{file}", 14, err, sizeof err));
    INT_EQ(sl_routes_count(r), 5);
    STR_EQ(route_of(r, "/users/alice/orders/X9"), "/users/{id}/orders/{id}");
    STR_EQ(route_of(r, "/users/alice"), "/users/{id}");
    STR_EQ(route_of(r, "/users/me"), "/users/me");            /* a literal beats a placeholder */
    STR_EQ(route_of(r, "/static/css/site.css"), "/static/*");
    STR_EQ(route_of(r, "/static/site.css"), "/static/{file}"); /* a placeholder beats a star */
    STR_EQ(route_of(r, "/static/"), "/static/*");              /* {file} needs a non-empty segment */
    STR_EQ(route_of(r, "/users/42/avatar"), "/users/{int}/avatar"); /* no pattern: classifier */
    STR_EQ(route_of(r, "/users/alice?x=1"), "/users/{id}");
    sl_routes_free(r);
}

TEST(malformed_patterns_are_refused_with_a_reason)
{
    sl_routes *r = sl_routes_new();
    char err[200];
    CHECK(!sl_routes_add(r, "users/{id}", 10, err, sizeof err));
    CHECK(strstr(err, "starts with '/'") != NULL);
    CHECK(!sl_routes_add(r, "/a/*/b", 6, err, sizeof err));
    CHECK(strstr(err, "last segment") != NULL);
    CHECK(!sl_routes_add(r, "/a/{}", 5, err, sizeof err));
    CHECK(!sl_routes_add(r, "/a/{x-y}", 8, err, sizeof err));
    CHECK(!sl_routes_add(r, "/a/x{id}", 8, err, sizeof err));
    CHECK(!sl_routes_add(r, "/a b", 4, err, sizeof err));
    CHECK(!sl_routes_add(r, "/a?b", 4, err, sizeof err));
    INT_EQ(sl_routes_count(r), 0);
    sl_routes_free(r);
}

TEST(truncation_is_reported_like_snprintf)
{
    char small[8];
    size_t n = sl_route(NULL, sl_slice_cstr("/users/1/orders/2"), small, sizeof small);
    INT_EQ(n, strlen("/users/{int}/orders/{int}"));
    STR_EQ(small, "/users/");
    INT_EQ(sl_route(NULL, SL_SLICE_NULL, small, sizeof small), 0);
    STR_EQ(small, "");
    /* The documented bound holds for the worst case: one-byte numeric segments. */
    char big[SL_ROUTE_MAX(8)];
    n = sl_route(NULL, sl_slice_cstr("/1/2/3/4"), big, sizeof big);
    CHECK(n < sizeof big);
    STR_EQ(big, "/{int}/{int}/{int}/{int}");
}

TEST(route_is_a_pure_function_of_the_path)
{
    /* The same path gives the same route whatever came before it. */
    const char *paths[] = {"/a/1", "/a/2", "/b/ff00ff00", "/a/1", "/c/x", "/a/99999999"};
    char first[64], again[64];
    sl_route(NULL, sl_slice_cstr("/a/1"), first, sizeof first);
    for (size_t i = 0; i < SL_ARRAY_LEN(paths); i++) sl_route(NULL, sl_slice_cstr(paths[i]), again, sizeof again);
    sl_route(NULL, sl_slice_cstr("/a/1"), again, sizeof again);
    STR_EQ(again, first);
    /* A path that is not NUL-terminated is read only within its length. */
    const char buf[] = "/users/123XYZ";
    char out[64];
    sl_route(NULL, sl_slice_make(buf, 10), out, sizeof out);
    STR_EQ(out, "/users/{int}");
}

int main(void)
{
    RUN(classifier_replaces_variable_segments);
    RUN(classifier_keeps_words_slugs_and_versions);
    RUN(extension_is_kept_and_query_dropped);
    RUN(user_patterns_win_and_the_most_specific_one_is_taken);
    RUN(malformed_patterns_are_refused_with_a_reason);
    RUN(truncation_is_reported_like_snprintf);
    RUN(route_is_a_pure_function_of_the_path);
    return tt_report();
}
