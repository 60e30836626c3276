/* progress.c: the progress bar. Writes only to stderr and only when enabled (a terminal
 * and CI unset, unless --progress/--no-progress say otherwise: decided by the caller). */
#include "cli/progress.h"
#include <stdio.h>
#include <time.h>

double sl_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void sl_progress_start(sl_progress *p, bool on, uint64_t total)
{
    *p = (sl_progress){.on = on, .total = total, .start = sl_now()};
}

void sl_progress_update(sl_progress *p, uint64_t cur)
{
    if (!p->on) return;
    double now = sl_now();
    if (now - p->last < 0.1) return;
    p->last = now;
    uint64_t done = p->done_before + cur;
    double el = now - p->start, rate = el > 0 ? (double)done / el : 0;
    if (p->total) {
        double frac = (double)done / (double)p->total;
        if (frac > 1) frac = 1;
        int w = 30, fill = (int)(frac * w);
        double eta = rate > 0 ? (double)(p->total - (done < p->total ? done : p->total)) / rate : 0;
        fprintf(stderr, "\r[%.*s%*s] %3.0f%% %7.1f MB/s ETA %4.0fs ",
                fill, "##############################", w - fill, "", frac * 100, rate / 1e6, eta);
    } else {
        fprintf(stderr, "\r%9.1f MB read, %7.1f MB/s ", (double)done / 1e6, rate / 1e6);
    }
    p->drawn = true;
}

void sl_progress_file_done(sl_progress *p, uint64_t bytes) { p->done_before += bytes; }

void sl_progress_end(sl_progress *p)
{
    if (p->on && p->drawn) fprintf(stderr, "\r%60s\r", "");
}
