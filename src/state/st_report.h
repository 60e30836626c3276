/* st_report.h: `statuslint report`: trends by day read from the state store alone (no log is
 * read): findings by rule and severity, responses by class, top routes and hosts per rule,
 * new and resolved finding groups, inputs read per night; as text, json, markdown or one
 * self-contained html file. Its size follows the summaries, never the logs. */
#ifndef SL_ST_REPORT_H
#define SL_ST_REPORT_H
#include "state/st_store.h"
#include <stdio.h>

typedef struct sl_report_opts {
    const char *format;      /* text json markdown html */
    int64_t since, until;    /* epoch seconds, inclusive (INT64_MIN/MAX: open); whole days count */
    const char *version;
} sl_report_opts;

/* Writes the report to f. SL_EIO with err when the store cannot be read or f fails. */
sl_status sl_state_report(sl_state *s, FILE *f, const sl_report_opts *o, char *err,
                          size_t errlen);

#endif
