/* progress.h: a one-line progress bar on stderr (bytes done of total, rate, ETA; for
 * compressed input the decompressed rate too), redrawn at most ten times a second. It is
 * erased before anything else reaches the terminal (messages, findings on a terminal
 * stdout) and at the end; the next update draws it again. */
#ifndef SL_PROGRESS_H
#define SL_PROGRESS_H
#include <stdbool.h>
#include <stdint.h>

typedef struct sl_progress {
    bool on;
    uint64_t total;       /* bytes of all inputs (0 = unknown, e.g. stdin) */
    uint64_t done_before; /* bytes of finished inputs */
    uint64_t out_before;  /* decompressed bytes of finished inputs */
    double start, last;
    bool drawn;
    int width;            /* characters of the line drawn */
} sl_progress;

double sl_now(void);
void sl_progress_start(sl_progress *p, bool on, uint64_t total);
/* done_in_current: bytes read of the current input as stored; out_in_current: after
 * decompression (equal for plain files). */
void sl_progress_update(sl_progress *p, uint64_t done_in_current, uint64_t out_in_current);
void sl_progress_file_done(sl_progress *p, uint64_t file_bytes, uint64_t out_bytes);
/* Erases the bar if it is on screen (cheap when it is not). */
void sl_progress_clear(sl_progress *p);
void sl_progress_end(sl_progress *p);

#endif
