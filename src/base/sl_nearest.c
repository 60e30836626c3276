/* sl_nearest.c: edit distance and the nearest candidate name (sl_nearest.h). */
#include "base/sl_nearest.h"
#include <string.h>

size_t sl_edit_distance(const char *a, size_t na, const char *b, size_t nb)
{
    size_t row[64], i, j;
    if (na >= 63 || nb >= 63) return 99;
    for (j = 0; j <= nb; j++) row[j] = j;
    for (i = 1; i <= na; i++) {
        size_t prev = row[0];
        row[0] = i;
        for (j = 1; j <= nb; j++) {
            size_t cur = row[j];
            size_t sub = prev + (a[i - 1] != b[j - 1]);
            size_t best = row[j] + 1 < row[j - 1] + 1 ? row[j] + 1 : row[j - 1] + 1;
            row[j] = sub < best ? sub : best;
            prev = cur;
        }
    }
    return row[nb];
}

const char *sl_nearest(const char *word, size_t n, const char *const *cands, size_t nc)
{
    const char *best = NULL;
    size_t bestd = (size_t)-1, limit = n < 4 ? 1 : n < 9 ? 2 : 3;
    for (size_t i = 0; i < nc; i++) {
        if (!cands[i]) continue;
        size_t dd = sl_edit_distance(word, n, cands[i], strlen(cands[i]));
        if (dd < bestd) bestd = dd, best = cands[i];
    }
    return bestd <= limit ? best : NULL;
}
