/* fmt_errlog.c: error-log recognition (see fmt_errlog.h). The default line shapes:
 *   nginx        2026/11/24 10:00:00 [error] 1234#1234: *5 open() "/x" failed ...
 *   Apache 2.4   [Tue Nov 24 10:00:00.123456 2026] [core:error] [pid 1234] ...
 *   Apache 2.2   [Tue Nov 24 10:00:00 2026] [error] [client 203.0.113.7] ...
 * No access log line starts like either, so a wrong call would need a deliberately odd
 * log format. */
#include "format/fmt_errlog.h"
#include <stdbool.h>
#include <string.h>

#define ERRLOG_SAMPLE 20

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

static const char *const levels[] = {"emerg", "alert", "crit", "error", "warn", "notice", "info",
                                     "debug", NULL};

static bool level_at(const char *s, size_t n, size_t *used)
{
    for (size_t i = 0; levels[i]; i++) {
        size_t k = strlen(levels[i]);
        if (n >= k && !memcmp(s, levels[i], k)) {
            *used = k;
            return true;
        }
    }
    /* Apache 2.4 trace levels: trace1 .. trace8 */
    if (n >= 6 && !memcmp(s, "trace", 5) && s[5] >= '1' && s[5] <= '8') {
        *used = 6;
        return true;
    }
    return false;
}

/* 2026/11/24 10:00:00 [error] 1234#1234: */
static bool nginx_line(const char *s, size_t n)
{
    size_t k;
    if (n < 30 || !digits(s, 4) || s[4] != '/' || !digits(s + 5, 2) || s[7] != '/' ||
        !digits(s + 8, 2) || s[10] != ' ' || !digits(s + 11, 2) || s[13] != ':' ||
        !digits(s + 14, 2) || s[16] != ':' || !digits(s + 17, 2) || s[19] != ' ' || s[20] != '[')
        return false;
    if (!level_at(s + 21, n - 21, &k) || 21 + k >= n || s[21 + k] != ']') return false;
    size_t i = 22 + k;
    if (i >= n || s[i] != ' ') return false;
    size_t d0 = ++i;
    while (i < n && s[i] >= '0' && s[i] <= '9') i++;
    return i > d0 && i < n && s[i] == '#';
}

/* [Tue Nov 24 10:00:00[.123456] 2026] [module:level] or [level] */
static bool apache_line(const char *s, size_t n)
{
    if (n < 28 || s[0] != '[' || s[4] != ' ' || s[8] != ' ' || s[11] != ' ' || s[14] != ':' ||
        s[17] != ':' || !digits(s + 12, 2) || !digits(s + 15, 2) || !digits(s + 18, 2))
        return false;
    size_t i = 20;
    if (i < n && s[i] == '.')
        for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++) {}
    if (i + 8 > n || s[i] != ' ' || !digits(s + i + 1, 4) || s[i + 5] != ']' || s[i + 6] != ' ' ||
        s[i + 7] != '[')
        return false;
    i += 8;
    const char *colon = memchr(s + i, ':', n - i > 40 ? 40 : n - i);
    const char *close = memchr(s + i, ']', n - i > 48 ? 48 : n - i);
    if (!close) return false;
    if (colon && colon < close) i = (size_t)(colon - s) + 1;
    size_t k;
    return level_at(s + i, n - i, &k) && s + i + k == close;
}

const char *sl_error_log_kind(const char *p, size_t n)
{
    size_t lines = 0, ng = 0, ap = 0;
    const char *end = p + n;
    while (p < end && lines < ERRLOG_SAMPLE) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (len && p[len - 1] == '\r') len--;
        if (len) {
            lines++;
            ng += nginx_line(p, len);
            ap += apache_line(p, len);
        }
        if (!nl) break;
        p = nl + 1;
    }
    /* three quarters of the sample: a stray continuation line (a PHP trace) is fine */
    if (!lines) return NULL;
    if (ng * 4 >= lines * 3) return "nginx";
    if (ap * 4 >= lines * 3) return "Apache";
    return NULL;
}
