/* progress.h: a one-line progress bar on stderr (bytes done of total, rate, ETA), redrawn
 * at most ten times a second, and erased at the end. */
#ifndef SL_PROGRESS_H
#define SL_PROGRESS_H
#include <stdbool.h>
#include <stdint.h>

typedef struct sl_progress {
    bool on;
    uint64_t total;       /* bytes of all inputs (0 = unknown, e.g. stdin) */
    uint64_t done_before; /* bytes of finished inputs */
    double start, last;
    bool drawn;
} sl_progress;

double sl_now(void);
void sl_progress_start(sl_progress *p, bool on, uint64_t total);
void sl_progress_update(sl_progress *p, uint64_t done_in_current);
void sl_progress_file_done(sl_progress *p, uint64_t file_bytes);
void sl_progress_end(sl_progress *p);

#endif
