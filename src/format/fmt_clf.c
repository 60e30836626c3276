/* fmt_clf.c: the hot path. A hand-written single-pass parser for the NCSA common and
 * combined shapes (the presets, and any nginx/Apache string equal to them): memchr from one
 * separator to the next, no allocation (escaped quoted values are decoded into the record
 * arena), never a byte read outside [line, line+len).
 * combined accepts text after the user agent when a blank separates it (nginx logs often
 * append "$http_x_forwarded_for"); common accepts nothing after the byte count. Both take
 * exactly three words before the time (client, ident, user), never a vhost or a list. */
#include "format/fmt_internal.h"
#include "base/sl_alloc.h"
#include <stdio.h>
#include <stdlib.h>

typedef struct clf_format {
    sl_format base;
    bool combined;
} clf_format;

#define REJECT(msg) do { *reason = (msg); return SL_LINE_REJECTED; } while (0)

static bool is_escaped(const char *start, const char *q)
{
    size_t k = 0;
    while (q - k > start && q[-1 - (ptrdiff_t)k] == '\\') k++;
    return k & 1;
}

/* The closing quote of the request: followed by " <digit>" or " -" (the status). Quotes
 * inside the request that are not followed by that are part of it. */
static const char *request_end(const char *s, const char *e)
{
    for (const char *p = s; p < e;) {
        const char *q = memchr(p, '"', (size_t)(e - p));
        if (!q) return NULL;
        if (e - q >= 3 && q[1] == ' ' && (fmt_isdigit(q[2]) || q[2] == '-') &&
            !is_escaped(s, q))
            return q;
        p = q + 1;
    }
    return NULL;
}

/* The closing quote of a quoted field: followed by `next` (2 bytes, e.g. ` "`), or by the
 * end of the line or a blank when next is NULL. */
static const char *quoted_end(const char *s, const char *e, const char *next)
{
    for (const char *p = s; p < e;) {
        const char *q = memchr(p, '"', (size_t)(e - p));
        if (!q) return NULL;
        bool ok = next ? e - q >= 3 && q[1] == next[0] && q[2] == next[1]
                       : q + 1 == e || q[1] == ' ' || q[1] == '\t' || q[1] == '\r';
        if (ok && !is_escaped(s, q)) return q;
        p = q + 1;
    }
    return NULL;
}

static sl_slice val(const char *p, const char *e)
{
    if (e - p == 1 && *p == '-') return SL_SLICE_NULL;
    return sl_slice_make(p, (size_t)(e - p));
}

static sl_slice qval(sl_record *rec, const char *p, const char *e)
{
    sl_slice v = val(p, e);
    return v.p && memchr(v.p, '\\', v.n) ? fmt_unescape(rec, v) : v;
}

static bool only_blanks(const char *p, const char *e)
{
    while (p < e && (*p == ' ' || *p == '\t' || *p == '\r')) p++;
    return p == e;
}

/* Parses referer and user agent from s (just after the opening quote of the referer). */
static const char *combined_tail(const char *s, const char *e, sl_record *rec)
{
    const char *q = quoted_end(s, e, " \"");
    if (!q) return "referer not closed with '\" \"' before the user agent";
    rec->v[SL_F_REFERER] = qval(rec, s, q);
    const char *u = q + 3, *uq = quoted_end(u, e, NULL);
    /* A line cut inside the user agent (seen in real logs) keeps what it has. */
    if (!uq && !memchr(u, '"', (size_t)(e - u))) uq = e;
    if (!uq) return "user agent not closed with '\"'";
    rec->v[SL_F_USER_AGENT] = qval(rec, u, uq);
    return NULL;
}

static sl_line_kind clf_parse(sl_parser *pp, const char *line, size_t len, sl_record *rec,
                              const char **reason)
{
    const clf_format *f = (const clf_format *)pp->fmt;
    const char *s = line, *e = line + len;
    if (len == 0 || *s == '#' || *s == ' ' || *s == '\t' || *s == '\r') {
        if (fmt_line_skippable(line, len)) return SL_LINE_SKIPPED;
        REJECT("line starts with a blank");
    }
    const char *sp = memchr(s, ' ', len);
    if (!sp) REJECT("no blank after the client address");
    rec->v[SL_F_CLIENT] = val(s, sp);
    const char *id = sp + 1, *idend = id < e ? memchr(id, ' ', (size_t)(e - id)) : NULL;
    if (!idend || idend == id) REJECT("expected 'ident user' after the client address");
    const char *u = idend + 1, *lb = u < e ? memchr(u, '[', (size_t)(e - u)) : NULL;
    if (!lb || lb == u || lb[-1] != ' ') REJECT("expected ' [' before the time");
    /* CLF has exactly host, ident and authuser before '['; a fourth word is a virtual host
     * in front (vhost_combined) or a client list ("10.0.0.2, 10.0.0.1", X-Forwarded-For). */
    if (lb - 1 - u > 1 && memchr(u, ' ', (size_t)(lb - 1 - u)))
        REJECT("more than client, ident and user before '[' (a virtual host or an "
               "X-Forwarded-For list in front of the client?)");
    rec->v[SL_F_USER] = val(u, lb - 1);
    const char *rb = memchr(lb + 1, ']', (size_t)(e - lb - 1));
    if (!rb) REJECT("time not closed with ']'");
    rec->v[SL_F_TIME] = sl_slice_make(lb + 1, (size_t)(rb - lb - 1));
    rec->time_kind = SL_TIME_CLF;
    if (e - rb < 3 || rb[1] != ' ' || rb[2] != '"') REJECT("expected ' \"' after the time");
    const char *r = rb + 3, *rq = request_end(r, e);
    if (!rq) REJECT("request not closed with '\"' followed by the status");
    sl_record_split_request(rec, qval(rec, r, rq));
    const char *st = rq + 2, *stend = memchr(st, ' ', (size_t)(e - st));
    const char *b = stend ? stend + 1 : e;
    if (!stend && f->combined) REJECT("line ends after the status: no byte count");
    rec->v[SL_F_STATUS] = val(st, stend ? stend : e);
    sl_record_set_status(rec);
    const char *bend = b < e ? memchr(b, ' ', (size_t)(e - b)) : NULL;
    if (!bend) bend = e;
    sl_slice bytes = val(b, bend);
    rec->v[SL_F_BYTES] = bytes.p ? bytes : SL_SLICE_LIT("0");
    if (!f->combined) {
        if (b >= e) REJECT("line ends after the status: no byte count");
        if (!only_blanks(bend, e)) REJECT("unexpected text after the byte count");
        return SL_LINE_RECORD;
    }
    if (e - bend < 3 || bend[1] != '"') REJECT("expected ' \"' (the referer) after the byte count");
    const char *why = combined_tail(bend + 2, e, rec);
    if (why) REJECT(why);
    return SL_LINE_RECORD;
}

static const sl_format_vt clf_vt = {sl_parser_new_plain, clf_parse, sl_parser_free_plain,
                                    sl_format_free_plain};

sl_format *fmt_clf_new(const char *name, bool combined, const char *spec)
{
    clf_format *f = sl_xcalloc(1, sizeof *f);
    f->base.vt = &clf_vt;
    f->combined = combined;
    snprintf(f->base.name, sizeof f->base.name, "%s", name);
    f->base.spec = spec ? sl_xstrdup(spec) : NULL;
    /* The presets do not say whether their byte column is %b or %O; a string does. */
    f->base.bytes_ambiguous = spec == NULL;
    static const int common_ids[] = {SL_F_TIME, SL_F_CLIENT, SL_F_USER, SL_F_METHOD, SL_F_TARGET,
                                     SL_F_PATH, SL_F_QUERY, SL_F_PROTOCOL, SL_F_STATUS,
                                     SL_F_BYTES};
    for (size_t i = 0; i < SL_ARRAY_LEN(common_ids); i++)
        sl_fieldset_add(&f->base.fields, common_ids[i]);
    if (combined) {
        sl_fieldset_add(&f->base.fields, SL_F_REFERER);
        sl_fieldset_add(&f->base.fields, SL_F_USER_AGENT);
    }
    return &f->base;
}
