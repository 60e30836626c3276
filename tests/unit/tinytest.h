/* tinytest.h: a minimal unit-test harness (cmark api_test style).
 *   TEST(name) { CHECK(cond); INT_EQ(a, b); STR_EQ(a, b); MEM_EQ(p, n, "lit"); }
 *   int main(void) { RUN(name); ...; return tt_report(); }
 * tt_report prints "N passed, N failed" (a closing line CI reads) and returns 1 on failure. */
#ifndef TINYTEST_H
#define TINYTEST_H
#include <stdio.h>
#include <string.h>

static int tt_pass, tt_fail;
static const char *tt_name;

#define TEST(name) static void name(void)
#define RUN(name) (tt_name = #name, name())
#define TT_CHECK_(cond, ...)                                                              \
    do {                                                                                  \
        if (cond) tt_pass++;                                                              \
        else {                                                                            \
            tt_fail++;                                                                    \
            fprintf(stderr, "%s:%d: %s: ", __FILE__, __LINE__, tt_name);                 \
            fprintf(stderr, __VA_ARGS__);                                                 \
            fputc('\n', stderr);                                                          \
        }                                                                                 \
    } while (0)
#define CHECK(cond) TT_CHECK_((cond), "check failed: %s", #cond)
#define INT_EQ(a, b)                                                                      \
    do {                                                                                  \
        long long tt_a = (long long)(a), tt_b = (long long)(b);                          \
        TT_CHECK_(tt_a == tt_b, "%s == %lld, expected %lld", #a, tt_a, tt_b);            \
    } while (0)
#define STR_EQ(a, b)                                                                      \
    do {                                                                                  \
        const char *tt_a = (a), *tt_b = (b);                                              \
        TT_CHECK_(tt_a && tt_b && strcmp(tt_a, tt_b) == 0, "%s == \"%s\", expected \"%s\"", \
                  #a, tt_a ? tt_a : "(null)", tt_b ? tt_b : "(null)");                   \
    } while (0)
/* A view (pointer + length) equals a C string literal; a NULL view never equals. */
#define MEM_EQ(p, n, lit)                                                                 \
    do {                                                                                  \
        const char *tt_p = (p);                                                           \
        size_t tt_n = (n);                                                                \
        TT_CHECK_(tt_p && tt_n == strlen(lit) && memcmp(tt_p, lit, tt_n) == 0,           \
                  "%s == \"%.*s\", expected \"%s\"", #p, tt_p ? (int)tt_n : 6,            \
                  tt_p ? tt_p : "(null)", lit);                                           \
    } while (0)
#define SLICE_EQ(s, lit) MEM_EQ((s).p, (s).n, lit)

static inline int tt_report(void)
{
    printf("%d passed, %d failed\n", tt_pass, tt_fail);
    return tt_fail ? 1 : 0;
}
#endif
