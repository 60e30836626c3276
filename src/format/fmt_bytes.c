/* fmt_bytes.c: what the byte column of a CLF-shaped log counts. Apache's %b and nginx's
 * $body_bytes_sent count the body; Apache's %O (Debian's and Ubuntu's stock `combined`,
 * `common` and `vhost_combined`) counts everything sent, headers included. Both print the
 * same line shape, so for the ambiguous presets the answer comes from the input itself:
 * responses that cannot have a body show it. Decided once per input on the detection
 * sample; a view format then hands the column to rules as bytes_total. Prints nothing. */
#include "format/fmt_internal.h"
#include "base/sl_alloc.h"
#include <stdio.h>
#include <stdlib.h>

/* Header sections of real responses: a status line and Date alone are over 60 bytes (the
 * 25-byte "HTTP/1.1 100 Continue" that nginx adds to $body_bytes_sent stays below). */
#define HEADER_MIN 48
#define HEADER_MAX (16u << 10)
/* "Consistently": this many bodyless responses, all header-sized, before a verdict. */
#define EVIDENCE_MIN 3
/* Zeros on other responses say little (an empty 200 under %b, a client gone before the
 * headers under %O), but more than one record in this many is not an %O log. */
#define ZERO_OTHER_RATIO 20

typedef struct evidence {
    unsigned records, zero, bodyless, header_sized; /* zero: other responses logging 0 */
    int64_t lo, hi; /* range of the bodyless responses' counts */
} evidence;

static bool is_bodyless(const sl_record *rec)
{
    int st = rec->status;
    sl_slice m = rec->v[SL_F_METHOD];
    if (m.p && m.n == 4 && !memcmp(m.p, "HEAD", 4)) return true;
    /* 101 is left out: after the switch nginx counts the tunnelled bytes */
    return (st >= 100 && st <= 199 && st != 101) || st == 204 || st == 205 || st == 304;
}

/* Weighs one record; false once the verdict is body bytes whatever follows (a bodyless
 * response logging 0, '-' or a count no header section has), so a %b or nginx log stops
 * at its first 304 or HEAD instead of being parsed through the whole sample. */
static bool weigh(const sl_record *rec, evidence *ev)
{
    int64_t b;
    if (rec->status < 100 || !sl_parse_int(rec->v[SL_F_BYTES], &b)) return true;
    ev->records++;
    if (!is_bodyless(rec)) {
        /* A request that never got a response (408 on an idle connection, "-" requests)
         * sends nothing even under %O: not counted. */
        if (b == 0 && rec->v[SL_F_METHOD].p && rec->status != 408) ev->zero++;
        return true;
    }
    ev->bodyless++;
    if (ev->bodyless == 1 || b < ev->lo) ev->lo = b;
    if (ev->bodyless == 1 || b > ev->hi) ev->hi = b;
    if (b < HEADER_MIN || b > (int64_t)HEADER_MAX) return false;
    ev->header_sized++;
    return true;
}

static void gather(const sl_format *f, const char *head, size_t len, evidence *ev)
{
    sl_arena arena;
    sl_arena_init(&arena, 1 << 16);
    static const sl_record rec_zero;
    sl_record rec = rec_zero;
    rec.arena = &arena;
    sl_parser *ps = sl_parser_new(f);
    fmt_sample it;
    fmt_sample_begin(&it, head, len);
    sl_slice l;
    while (fmt_sample_next(&it, &l)) {
        sl_record_clear(&rec);
        sl_arena_reset(&arena);
        const char *reason = NULL;
        if (l.n && sl_parser_parse(ps, l.p, l.n, &rec, &reason) == SL_LINE_RECORD &&
            !weigh(&rec, ev))
            break;
    }
    sl_parser_free(ps);
    sl_arena_fini(&arena);
}

bool sl_format_infer_bytes(const sl_format *f, const char *head, size_t len, char *why,
                           size_t whylen)
{
    if (why && whylen) why[0] = '\0';
    if (!f->bytes_ambiguous || !sl_fieldset_has(&f->fields, SL_F_BYTES)) return false;
    evidence ev = {0};
    gather(f, head, len, &ev);
    if (ev.bodyless < EVIDENCE_MIN || ev.header_sized != ev.bodyless ||
        ev.zero * ZERO_OTHER_RATIO > ev.records)
        return false;
    snprintf(why, whylen, "%u bodyless responses (1xx, 204, 304, HEAD) logged %lld..%lld "
             "bytes, none 0 or '-'", ev.bodyless, (long long)ev.lo, (long long)ev.hi);
    return true;
}

/* ==== the total-bytes view ==== */

typedef struct view_format {
    sl_format base;
    sl_format *inner;
    bool owns;
} view_format;

typedef struct view_parser {
    sl_parser base;
    sl_parser *inner;
} view_parser;

static sl_parser *view_parser_new(const sl_format *f)
{
    view_parser *p = sl_xcalloc(1, sizeof *p);
    p->base.fmt = f;
    p->inner = sl_parser_new(((const view_format *)f)->inner);
    return &p->base;
}

static sl_line_kind view_parse(sl_parser *pp, const char *line, size_t len, sl_record *rec,
                               const char **reason)
{
    view_parser *p = (view_parser *)pp;
    sl_line_kind k = sl_parser_parse(p->inner, line, len, rec, reason);
    rec->v[SL_F_BYTES_TOTAL] = rec->v[SL_F_BYTES];
    rec->v[SL_F_BYTES] = SL_SLICE_NULL;
    return k;
}

static void view_parser_free(sl_parser *pp)
{
    view_parser *p = (view_parser *)pp;
    sl_parser_free(p->inner);
    free(p);
}

static void view_free(sl_format *f)
{
    view_format *v = (view_format *)f;
    if (v->owns) sl_format_free(v->inner);
    free(v);
}

static const sl_format_vt view_vt = {view_parser_new, view_parse, view_parser_free, view_free};

sl_format *sl_format_total_bytes_view(sl_format *inner, bool owns, const char *why)
{
    view_format *v = sl_xcalloc(1, sizeof *v);
    v->base = *inner;
    v->base.vt = &view_vt;
    v->base.spec = NULL; /* inner's */
    v->base.bytes_total_only = true;
    v->base.bytes_ambiguous = false;
    snprintf(v->base.bytes_why, sizeof v->base.bytes_why, "%s", why ? why : "");
    /* bytes leaves the set: the view clears it itself */
    v->base.fields.bits[SL_F_BYTES / 64] &= ~((uint64_t)1 << (SL_F_BYTES % 64));
    sl_fieldset_add(&v->base.fields, SL_F_BYTES_TOTAL);
    v->inner = inner;
    v->owns = owns;
    return &v->base;
}
