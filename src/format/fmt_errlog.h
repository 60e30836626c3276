/* fmt_errlog.h: telling a web server's *error* log from an access log by its content, so
 * a directory such as /var/log/nginx/ can be read whole: error logs are skipped, not
 * rejected line by line. */
#ifndef SL_FMT_ERRLOG_H
#define SL_FMT_ERRLOG_H
#include <stddef.h>

/* "nginx" or "Apache" when most of the first lines of p[0..n) are that server's error
 * log lines (default formats), else NULL. */
const char *sl_error_log_kind(const char *p, size_t n);

#endif
