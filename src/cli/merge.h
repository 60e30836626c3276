/* merge.h: `statuslint merge PARTIAL...` (every report format from partial summaries) and
 * `statuslint map` (a partial from lines on stdin, for engines that pipe). Each returns the
 * process exit status (0, 1 or 2, as an analysis does). docs/partial.md has the format. */
#ifndef SL_MERGE_H
#define SL_MERGE_H
#include "cli/cli_opts.h"

int sl_run_merge(const sl_opts *o);
int sl_run_map(const sl_opts *o);

#endif
