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

void sl_progress_update(sl_progress *p, uint64_t cur, uint64_t out_cur)
{
    if (!p->on) return;
    double now = sl_now();
    if (now - p->last < 0.1) return;
    p->last = now;
    uint64_t done = p->done_before + cur, out = p->out_before + out_cur;
    double el = now - p->start, rate = el > 0 ? (double)done / el : 0;
    char dec[48] = "";
    if (out != done && el > 0) /* compressed input: what the rules actually read */
        snprintf(dec, sizeof dec, " (%.1f MB/s decompressed)", (double)out / el / 1e6);
    int w;
    if (p->total) {
        double frac = (double)done / (double)p->total;
        if (frac > 1) frac = 1;
        int bar = 30, fill = (int)(frac * bar);
        double eta = rate > 0 ? (double)(p->total - (done < p->total ? done : p->total)) / rate : 0;
        w = fprintf(stderr, "\r[%.*s%*s] %3.0f%% %7.1f MB/s%s ETA %4.0fs ", fill,
                    "##############################", bar - fill, "", frac * 100, rate / 1e6, dec,
                    eta);
    } else {
        w = fprintf(stderr, "\r%9.1f MB read, %7.1f MB/s%s ", (double)done / 1e6, rate / 1e6, dec);
    }
    if (w > p->width) p->width = w;
    p->drawn = true;
}

void sl_progress_file_done(sl_progress *p, uint64_t bytes, uint64_t out_bytes)
{
    p->done_before += bytes;
    p->out_before += out_bytes;
}

void sl_progress_clear(sl_progress *p)
{
    if (!p->on || !p->drawn) return;
    fprintf(stderr, "\r%*s\r", p->width > 1 ? p->width - 1 : 1, "");
    p->drawn = false;
    p->last = 0; /* redraw at the next update */
}

void sl_progress_end(sl_progress *p) { sl_progress_clear(p); }
