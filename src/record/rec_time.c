/* rec_time.c: timestamps as logs write them -> seconds since the epoch (UTC), and back to
 * ISO 8601. Only findings need a time, so this runs per finding, not per line. Impossible
 * dates (month 13, Feb 30, hour 25) do not parse. */
#include "record/rec.h"

int64_t sl_days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static bool valid_date(int y, int m, int d, int hh, int mm, int ss)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int md = mdays[m - 1] + (m == 2 && leap);
    return d <= md && hh >= 0 && hh < 24 && mm >= 0 && mm < 60 && ss >= 0 && ss <= 60;
}

/* Reads exactly n digits at *p (bounded by end). */
static bool digits(const char **p, const char *end, int n, int *out)
{
    int v = 0;
    if (end - *p < n) return false;
    for (int i = 0; i < n; i++) {
        unsigned d = (unsigned char)(*p)[i] - '0';
        if (d > 9) return false;
        v = v * 10 + (int)d;
    }
    *p += n;
    *out = v;
    return true;
}

static bool expect(const char **p, const char *end, char c)
{
    if (*p >= end || **p != c) return false;
    (*p)++;
    return true;
}

/* "+0200", "+02:00", "Z", or nothing (UTC). Returns offset seconds east of UTC. */
static bool tz_offset(const char *p, const char *end, int *off)
{
    *off = 0;
    while (p < end && *p == ' ') p++;
    if (p == end || *p == 'Z' || *p == 'z') return true;
    if (*p != '+' && *p != '-') return false;
    int sign = *p == '-' ? -1 : 1, h, m;
    p++;
    if (!digits(&p, end, 2, &h)) return false;
    if (p < end && *p == ':') p++;
    if (!digits(&p, end, 2, &m)) return false;
    *off = sign * (h * 3600 + m * 60);
    return h < 24 && m < 60;
}

static int month_index(const char *p)
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    for (int i = 0; i < 12; i++)
        if (!memcmp(p, months + (ptrdiff_t)3 * i, 3)) return i + 1;
    return 0;
}

static bool parse_clf(const char *p, const char *end, int64_t *epoch)
{
    int d, y, hh, mm, ss, off;
    if (!digits(&p, end, 2, &d) || !expect(&p, end, '/') || end - p < 4) return false;
    int m = month_index(p);
    p += 3;
    if (!m || !expect(&p, end, '/') || !digits(&p, end, 4, &y) || !expect(&p, end, ':') ||
        !digits(&p, end, 2, &hh) || !expect(&p, end, ':') || !digits(&p, end, 2, &mm) ||
        !expect(&p, end, ':') || !digits(&p, end, 2, &ss))
        return false;
    if (!valid_date(y, m, d, hh, mm, ss) || !tz_offset(p, end, &off)) return false;
    *epoch = sl_days_from_civil(y, m, d) * 86400 + (int64_t)hh * 3600 + (int64_t)mm * 60 + ss
             - off;
    return true;
}

static bool parse_iso(const char *p, const char *end, int64_t *epoch)
{
    int y, m, d, hh, mm, ss, off;
    if (!digits(&p, end, 4, &y) || !expect(&p, end, '-') || !digits(&p, end, 2, &m) ||
        !expect(&p, end, '-') || !digits(&p, end, 2, &d))
        return false;
    if (p >= end || (*p != 'T' && *p != ' ' && *p != 't')) return false;
    p++;
    if (!digits(&p, end, 2, &hh) || !expect(&p, end, ':') || !digits(&p, end, 2, &mm) ||
        !expect(&p, end, ':') || !digits(&p, end, 2, &ss))
        return false;
    if (p < end && (*p == '.' || *p == ',')) {
        p++;
        while (p < end && (unsigned)((unsigned char)*p - (unsigned)'0') <= 9u) p++;
    }
    if (!valid_date(y, m, d, hh, mm, ss) || !tz_offset(p, end, &off)) return false;
    *epoch = sl_days_from_civil(y, m, d) * 86400 + (int64_t)hh * 3600 + (int64_t)mm * 60 + ss
             - off;
    return true;
}

bool sl_time_parse(sl_slice t, sl_time_kind k, int64_t *epoch)
{
    if (!t.p || t.n == 0) return false;
    const char *p = t.p, *end = t.p + t.n;
    if (*p == '[' && end[-1] == ']') p++, end--;
    int64_t v;
    static const int64_t div[] = {1, 1, 1, 1, 1000, 1000000, 1000000000};
    switch (k) {
    case SL_TIME_CLF: return parse_clf(p, end, epoch);
    case SL_TIME_ISO8601: return parse_iso(p, end, epoch);
    case SL_TIME_EPOCH:
    case SL_TIME_EPOCH_MS:
    case SL_TIME_EPOCH_US:
    case SL_TIME_EPOCH_NS:
        if (!sl_parse_int(sl_slice_make(p, (size_t)(end - p)), &v)) return false;
        v /= div[k];
        if (v > 253402300799) return false; /* 9999-12-31T23:59:59Z */
        *epoch = v;
        return true;
    default: return false;
    }
}

void sl_time_iso(int64_t epoch, char out[21])
{
    int64_t days = epoch / 86400, secs = epoch % 86400;
    if (secs < 0) secs += 86400, days--;
    /* civil_from_days (H. Hinnant) */
    days += 719468;
    int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    int64_t doe = days - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    unsigned yy = (unsigned)(y % 10000), mo = (unsigned)m % 13, dd = (unsigned)d % 32;
    unsigned hh = (unsigned)(secs / 3600) % 24, mi = (unsigned)(secs / 60 % 60), ss = (unsigned)(secs % 60);
    /* by hand: snprintf took 3,000 instructions, and every finding with a time prints one */
    const unsigned v[6] = {yy % 100, mo, dd, hh, mi, ss};
    static const char sep[6] = {'-', '-', 'T', ':', ':', 'Z'};
    out[0] = (char)('0' + yy / 1000 % 10), out[1] = (char)('0' + yy / 100 % 10);
    for (int i = 0, k = 2; i < 6; i++, k += 3)
        out[k] = (char)('0' + v[i] / 10 % 10), out[k + 1] = (char)('0' + v[i] % 10), out[k + 2] = sep[i];
    out[20] = '\0';
}
