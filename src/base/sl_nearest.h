/* sl_nearest.h: "did you mean" for every table of names (output formats, log-format presets,
 * rule functions, rule keys): the candidate closest to a mistyped word by edit distance, when
 * it is close enough to be a likely typo. Pure; allocates nothing. */
#ifndef SL_NEAREST_H
#define SL_NEAREST_H
#include <stddef.h>

/* Levenshtein distance of a[0..na) and b[0..nb); words of 63 bytes or more count as far
 * apart (99). */
size_t sl_edit_distance(const char *a, size_t na, const char *b, size_t nb);

/* The first of the nc candidates (NULL entries ignored) nearest to word[0..n), or NULL when
 * even the nearest needs more edits than a typo would: 1 for words under 4 bytes, 2 under 9,
 * else 3. */
const char *sl_nearest(const char *word, size_t n, const char *const *cands, size_t nc);

#endif
