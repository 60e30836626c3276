/* version.h: `statuslint --version`: the version, the commit and the compiled-in features. */
#ifndef SL_VERSION_H
#define SL_VERSION_H
#include <stdio.h>

/* Writes the report to f; json selects one JSON object instead of "name value" lines. Returns
 * 0, or 2 when f could not be written. */
int sl_version_print(FILE *f, _Bool json);

#endif
