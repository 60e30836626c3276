/* rec.c: record helpers shared by every format: clearing, status parsing, request-line and
 * target splitting, integer parsing. Pure functions over borrowed views; no allocation. */
#include "record/rec.h"

void sl_record_clear(sl_record *rec)
{
    sl_arena *a = rec->arena;
    memset(rec, 0, sizeof *rec);
    rec->status = -1;
    rec->arena = a;
}

void sl_record_set_status(sl_record *rec)
{
    sl_slice s = rec->v[SL_F_STATUS];
    rec->status = -1;
    if (!s.p || s.n == 0 || s.n > 4) return;
    int v = 0;
    for (size_t i = 0; i < s.n; i++) {
        unsigned d = (unsigned char)s.p[i] - '0';
        if (d > 9) return;
        v = v * 10 + (int)d;
    }
    rec->status = v;
}

void sl_record_split_target(sl_record *rec)
{
    sl_slice t = rec->v[SL_F_TARGET];
    if (!t.p) {
        rec->v[SL_F_PATH] = rec->v[SL_F_QUERY] = SL_SLICE_NULL;
        return;
    }
    const char *q = memchr(t.p, '?', t.n);
    if (q) {
        rec->v[SL_F_PATH] = sl_slice_make(t.p, (size_t)(q - t.p));
        rec->v[SL_F_QUERY] = sl_slice_make(q + 1, t.n - (size_t)(q - t.p) - 1);
    } else {
        rec->v[SL_F_PATH] = t;
        rec->v[SL_F_QUERY] = SL_SLICE_NULL;
    }
}

bool sl_record_split_request(sl_record *rec, sl_slice req)
{
    rec->v[SL_F_METHOD] = rec->v[SL_F_TARGET] = rec->v[SL_F_PROTOCOL] = SL_SLICE_NULL;
    rec->v[SL_F_PATH] = rec->v[SL_F_QUERY] = SL_SLICE_NULL;
    if (!req.p || req.n == 0) return false;
    const char *end = req.p + req.n;
    const char *sp1 = memchr(req.p, ' ', req.n);
    if (!sp1 || sp1 == req.p) return false;
    const char *t = sp1 + 1;
    /* The protocol is the last word; the target may (wrongly) contain spaces. */
    const char *sp2 = end;
    while (sp2 > t && sp2[-1] != ' ') sp2--;
    if (sp2 <= t) { /* HTTP/0.9 style: "GET /" */
        rec->v[SL_F_METHOD] = sl_slice_make(req.p, (size_t)(sp1 - req.p));
        rec->v[SL_F_TARGET] = sl_slice_make(t, (size_t)(end - t));
        sl_record_split_target(rec);
        return true;
    }
    rec->v[SL_F_METHOD] = sl_slice_make(req.p, (size_t)(sp1 - req.p));
    rec->v[SL_F_TARGET] = sl_slice_make(t, (size_t)(sp2 - 1 - t));
    rec->v[SL_F_PROTOCOL] = sl_slice_make(sp2, (size_t)(end - sp2));
    if (rec->v[SL_F_TARGET].n == 0) rec->v[SL_F_TARGET] = SL_SLICE_NULL;
    sl_record_split_target(rec);
    return true;
}

bool sl_parse_int(sl_slice s, int64_t *out)
{
    if (!s.p || s.n == 0) return false;
    int64_t v = 0;
    size_t i = 0;
    for (; i < s.n && s.p[i] != '.'; i++) {
        unsigned d = (unsigned char)s.p[i] - '0';
        if (d > 9 || v > (INT64_MAX - (int64_t)d) / 10) return false;
        v = v * 10 + (int64_t)d;
    }
    if (i == 0) return false;
    if (i < s.n) { /* fraction: digits only */
        for (i++; i < s.n; i++)
            if ((unsigned)((unsigned char)s.p[i] - (unsigned)'0') > 9u) return false;
    }
    *out = v;
    return true;
}
