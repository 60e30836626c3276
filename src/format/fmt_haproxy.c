/* fmt_haproxy.c: the HAProxy HTTP log (option httplog), with or without a syslog prefix:
 *   [prefix: ]client:port [accept_date] frontend backend/server TR/Tw/Tc/Tr/Ta status bytes
 *   req_cookie resp_cookie term_state conns queues [{req_hdrs}] [{resp_hdrs}] "request"
 * Its optional header captures and prefix do not fit a fixed program, so it is hand-written.
 * bytes ("bytes_read", all bytes sent to the client) is stored as bytes_total; Tr and Ta
 * (milliseconds) as upstream_time and request_time in seconds. TCP-mode lines and HAProxy's
 * own notices are rejected. Allocates nothing per line. */
#include "format/fmt_internal.h"
#include "base/sl_alloc.h"
#include <stdio.h>
#include <stdlib.h>

typedef struct haproxy_format {
    sl_format base;
    int frontend, backend, term; /* interned field ids (or -1) */
} haproxy_format;

typedef struct cursor {
    const char *p, *e;
} cursor;

/* The next blank-separated word; false at the end of the line. */
static bool word(cursor *c, sl_slice *w)
{
    if (c->p >= c->e) return false;
    const char *sp = memchr(c->p, ' ', (size_t)(c->e - c->p));
    if (!sp || sp == c->p) return false;
    *w = sl_slice_make(c->p, (size_t)(sp - c->p));
    c->p = sp + 1;
    return true;
}

/* The k-th '/'-separated part of w (k < 0: the last). */
static sl_slice part(sl_slice w, int k)
{
    const char *s = w.p, *e = w.p + w.n;
    for (int i = 0; s <= e; i++) {
        const char *sl = memchr(s, '/', (size_t)(e - s));
        const char *pe = sl ? sl : e;
        if (i == k || (k < 0 && !sl)) return sl_slice_make(s, (size_t)(pe - s));
        if (!sl) break;
        s = sl + 1;
    }
    return SL_SLICE_NULL;
}

static void set(sl_record *rec, int id, sl_slice v)
{
    if (id >= 0 && id < SL_MAX_FIELDS) rec->v[id] = (v.n == 1 && v.p[0] == '-') ? SL_SLICE_NULL : v;
}

/* Everything after the accept date. */
static const char *haproxy_rest(const haproxy_format *f, cursor *c, sl_record *rec)
{
    sl_slice fe, be, timers, st, bytes, w;
    if (!word(c, &fe) || !word(c, &be) || !word(c, &timers) || !word(c, &st) || !word(c, &bytes))
        return "not an HTTP-mode HAProxy log line (too few fields)";
    if (!memchr(timers.p, '/', timers.n) || !fmt_isdigit(st.p[0]))
        return "not an HTTP-mode HAProxy log line (no timers and status)";
    for (int i = 0; i < 5; i++) {
        if (!word(c, &w)) return "not an HTTP-mode HAProxy log line (too few fields)";
        if (i == 2) set(rec, f->term, w);
    }
    while (c->p < c->e && *c->p == '{') { /* captured request/response headers */
        const char *cb = memchr(c->p, '}', (size_t)(c->e - c->p));
        if (!cb || c->e - cb < 2 || cb[1] != ' ') return "header capture not closed with '} '";
        c->p = cb + 2;
    }
    if (c->p >= c->e || *c->p != '"') return "expected '\"' before the HAProxy request";
    /* The request ends at its closing quote (HAProxy writes a '"' inside it as #22); what
     * follows (a TLS version and cipher, captures of a custom log-format) is not part of it. */
    const char *r = c->p + 1, *re = memchr(r, '"', (size_t)(c->e - r));
    if (!re) re = c->e; /* a line cut inside the request keeps what it has */
    set(rec, f->frontend, fe);
    set(rec, f->backend, be);
    fmt_store(rec, SL_F_UPSTREAM_TIME, FC_MS, 0, part(timers, 3));
    fmt_store(rec, SL_F_REQUEST_TIME, FC_MS, 0, part(timers, -1));
    set(rec, SL_F_STATUS, st);
    sl_record_set_status(rec);
    set(rec, SL_F_BYTES_TOTAL, bytes);
    sl_record_split_request(rec, sl_slice_make(r, (size_t)(re - r)));
    return NULL;
}

static const char *haproxy_at(const haproxy_format *f, const char *s, const char *e,
                              sl_record *rec)
{
    cursor c = {s, e};
    sl_slice client;
    if (!word(&c, &client) || !memchr(client.p, ':', client.n))
        return "no client:port address where HAProxy writes it (a HAProxy notice, not a request?)";
    if (c.p >= e || *c.p != '[') return "expected '[' before the HAProxy accept date";
    const char *rb = memchr(c.p, ']', (size_t)(e - c.p));
    if (!rb || e - rb < 2 || rb[1] != ' ') return "accept date not closed with '] '";
    sl_slice date = sl_slice_make(c.p + 1, (size_t)(rb - c.p - 1));
    if (date.n > 20 && date.p[20] == '.') date.n = 20; /* drop milliseconds: CLF, local time */
    c.p = rb + 2;
    const char *why = haproxy_rest(f, &c, rec);
    if (why) return why;
    fmt_store(rec, SL_F_CLIENT, FC_HOSTPORT, 0, client);
    fmt_store(rec, SL_F_TIME, FC_TIME, SL_TIME_CLF, date);
    return NULL;
}

static sl_line_kind haproxy_parse(sl_parser *pp, const char *line, size_t len, sl_record *rec,
                                  const char **reason)
{
    const haproxy_format *f = (const haproxy_format *)pp->fmt;
    if (fmt_line_skippable(line, len)) return SL_LINE_SKIPPED;
    const char *e = line + len, *s = line;
    size_t scan = len < 512 ? len : 512;
    /* Try the line as is, then after each ": " of a syslog prefix (at most 4 tries). */
    for (int tries = 0; tries < 5 && s; tries++) {
        const char *why = haproxy_at(f, s, e, rec);
        if (!why) return SL_LINE_RECORD;
        *reason = why;
        const char *from = s == line ? line : s;
        s = NULL;
        for (const char *p = from; p + 1 < line + scan; p++)
            if (p[0] == ':' && p[1] == ' ') { s = p + 2; break; }
    }
    sl_record_clear(rec);
    return SL_LINE_REJECTED;
}

static const sl_format_vt haproxy_vt = {sl_parser_new_plain, haproxy_parse,
                                        sl_parser_free_plain, sl_format_free_plain};

sl_format *fmt_haproxy_new(sl_fields *ft)
{
    haproxy_format *f = sl_xcalloc(1, sizeof *f);
    f->base.vt = &haproxy_vt;
    snprintf(f->base.name, sizeof f->base.name, "haproxy");
    f->frontend = sl_fields_intern(ft, "frontend", 8);
    f->backend = sl_fields_intern(ft, "backend", 7);
    f->term = sl_fields_intern(ft, "termination_state", 17);
    static const int ids[] = {SL_F_CLIENT, SL_F_TIME, SL_F_METHOD, SL_F_TARGET, SL_F_PATH,
                              SL_F_QUERY, SL_F_PROTOCOL, SL_F_STATUS, SL_F_BYTES_TOTAL,
                              SL_F_REQUEST_TIME, SL_F_UPSTREAM_TIME};
    for (size_t i = 0; i < SL_ARRAY_LEN(ids); i++) sl_fieldset_add(&f->base.fields, ids[i]);
    sl_fieldset_add(&f->base.fields, f->frontend);
    sl_fieldset_add(&f->base.fields, f->backend);
    sl_fieldset_add(&f->base.fields, f->term);
    f->base.bytes_total_only = true;
    return &f->base;
}
