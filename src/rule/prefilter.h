/* prefilter.h: literals a regular expression cannot match without. Built once per pattern at
 * compilation: a set of strings, at least one of which every match contains (`(?i)/(404|not
 * [-_]?found)$` gives "404" and "found", caseless). A subject holding none of them cannot
 * match, so the evaluator answers "no match" without running pcre2, which is the point: most
 * subjects of a rule's regex hold none of its words, and a scan for two short words costs a
 * fraction of a JIT match that tries every '/'.
 *
 * The analysis reads a conservative subset of the PCRE2 syntax and gives up (no literals,
 * every subject goes to pcre2) on anything outside it: verbs, inline options other than a
 * leading (?i), named groups, \Q..\E, numeric and property escapes, POSIX classes. It never
 * claims a literal a match could lack; tests/unit/test_prefilter.c checks that against pcre2. */
#ifndef SL_PREFILTER_H
#define SL_PREFILTER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SL_PF_MAX 8   /* literals at most (more: no prefilter) */
#define SL_PF_LEN 32  /* bytes of one literal at most */

typedef struct sl_prefilter {
    uint8_t n;                      /* literals; 0: none known, every subject may match */
    bool icase;                     /* compared ASCII-caseless; the literals are lower case */
    uint8_t len[SL_PF_MAX];
    char lit[SL_PF_MAX][SL_PF_LEN];
    uint8_t first[256];             /* per byte: the literals that begin with it (bit i: lit[i]) */
} sl_prefilter;

/* The literals of pattern pat (n bytes, as pcre2_compile took it with no options); a pattern
 * outside the subset, or without a literal of 2 bytes or more in every match, gives n = 0. */
void sl_prefilter_build(const char *pat, size_t n, sl_prefilter *pf);

/* False when subject s holds none of the literals: pcre2 would not match it. */
bool sl_prefilter_may_match(const sl_prefilter *pf, const char *s, size_t n);

#endif
