/* fmt_prog.c: runs a compiled text-format program (fmt_internal.h) over one line; what a
 * matched value becomes is the value layer's (fmt_value.h). It owns the spec-format
 * vtable; it never allocates per line (decoded values go to the record arena) and never
 * reads outside [line, line+len).
 * Matching is left to right; a quoted field (or a list-valued one such as upstream_addr)
 * may end at a later occurrence of its closing text when the rest of the line would not
 * parse otherwise, within a fixed budget of retries per line. */
#include "format/fmt_internal.h"
#include "base/sl_alloc.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define FMT_BUDGET 64

typedef struct matcher {
    const fmt_prog *p;
    const char *s;
    size_t len;
    sl_slice *caps;
    int budget;
    int deepest; /* furthest field reached, for the reject reason */
    size_t none_from[FMT_MAX_FIELDS]; /* field i's closing text is absent from here on */
} matcher;

/* ======== value helpers ======== */

bool fmt_line_skippable(const char *line, size_t len)
{
    size_t i = 0;
    while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) i++;
    return i == len || line[i] == '#';
}

/* ======== matching ======== */

/* Does s[at, at + n) equal lit (whose first and last bytes are known to match)? Inline:
 * candidates can be many (a run of the literal's first and last byte). */
static inline bool lit_at(const char *s, size_t at, const char *lit, size_t n)
{
    for (size_t k = 1; k + 1 < n; k++)
        if (s[at + k] != lit[k]) return false;
    return true;
}

/* First occurrence of lit in s[from, len), or SIZE_MAX. The literals between fields are a
 * few bytes and usually close: rather than memmem's setup per call, 16 positions at a time
 * are tested on the literal's first and last bytes (SSE2), and only those candidates are
 * compared. Linear in the bytes searched however they repeat (a field of blanks), and no
 * load reaches past s[len - 1]. */
static size_t find_lit(const char *s, size_t from, size_t len, const char *lit, size_t ln)
{
    if (from >= len || ln > len - from || !ln) return SIZE_MAX;
    if (ln == 1) {
        const char *q = memchr(s + from, lit[0], len - from);
        return q ? (size_t)(q - s) : SIZE_MAX;
    }
    size_t last = len - ln, i = from; /* the last position lit may start at */
#if defined(__SSE2__)
    const __m128i f = _mm_set1_epi8(lit[0]), l = _mm_set1_epi8(lit[ln - 1]);
    for (; i <= last && last - i >= 15; i += 16) { /* starts i..i+15; loads end at i+15+ln-1 < len */
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + i + ln - 1));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, f), _mm_cmpeq_epi8(b, l)));
        for (; m; m &= m - 1) {
            size_t at = i + (size_t)__builtin_ctz(m);
            if (lit_at(s, at, lit, ln)) return at;
        }
    }
#endif
    for (; i <= last; i++)
        if (s[i] == lit[0] && s[i + ln - 1] == lit[ln - 1] && lit_at(s, i, lit, ln)) return i;
    return SIZE_MAX;
}

/* Is s[at] preceded by an odd number of backslashes (after start)? */
static bool escaped(const char *s, size_t start, size_t at)
{
    size_t k = 0;
    while (at > start + k && s[at - 1 - k] == '\\') k++;
    return k & 1;
}

static bool tail_ok(const matcher *m, size_t pos)
{
    if (pos < m->len && m->p->trail_ok && (m->s[pos] == ' ' || m->s[pos] == '\t')) return true;
    while (pos < m->len && (m->s[pos] == ' ' || m->s[pos] == '\t' || m->s[pos] == '\r')) pos++;
    return pos == m->len;
}

static bool match_from(matcher *m, int i, size_t pos);

/* Is the blank at s[at] inside a list value: after its ',' ("a, b") or around the ':' that
 * separates nginx's upstream groups ("a : b")? nginx writes such lists verbatim, so a field
 * separator is never one of these blanks. */
static bool list_blank(const char *s, size_t at, size_t len)
{
    return (at > 0 && s[at - 1] == ',') || (at + 2 < len && s[at + 1] == ':' && s[at + 2] == ' ') ||
           (at > 1 && s[at - 1] == ':' && s[at - 2] == ' ');
}

static bool digits(sl_slice v)
{
    for (size_t k = 0; k < v.n; k++)
        if (!fmt_isdigit(v.p[k])) return false;
    return v.n > 0;
}

/* Values whose shape is known: a status is 1-4 digits (or "-"), so an unquoted request
 * line ("%r %>s") ends where a status can follow; an unquoted client or host is one
 * word, never a list (the client is never two words); a byte count is digits; a list has
 * blanks only inside its separators. */
static bool shape_ok(const fmt_field *f, sl_slice v)
{
    bool dash = v.n == 1 && v.p[0] == '-';
    switch (f->shape) {
    case FS_STATUS: return dash || (v.n <= 4 && digits(v));
    case FS_COUNT: return dash || digits(v);
    case FS_WORD: return !memchr(v.p, ' ', v.n) && !memchr(v.p, ',', v.n);
    case FS_LIST: {
        const char *e = v.p + v.n;
        for (const char *b = memchr(v.p, ' ', v.n); b; b = memchr(b + 1, ' ', (size_t)(e - b - 1)))
            if (!list_blank(v.p, (size_t)(b - v.p), v.n)) return false;
        return true;
    }
    default: return true;
    }
}

static inline bool plausible(const fmt_field *f, sl_slice v)
{
    return f->shape == FS_ANY || shape_ok(f, v);
}

/* A field with no closing text: the last one (to the end of the line, or to the first blank
 * when trailing text is allowed), or a path directly followed by its query (%U%q). */
static bool match_open(matcher *m, int i, size_t pos)
{
    const fmt_field *f = &m->p->f[i];
    size_t end = pos;
    if (i + 1 < m->p->nf) {
        const fmt_field *nx = &m->p->f[i + 1];
        char stop = nx->afterlen ? nx->after[0] : '\0';
        while (end < m->len && m->s[end] != '?' && (!nx->afterlen || m->s[end] != stop)) end++;
        m->caps[i] = sl_slice_make(m->s + pos, end - pos);
        return match_from(m, i + 1, end);
    }
    end = m->len;
    if (m->p->trail_ok && !f->quoted) {
        const char *sp = memchr(m->s + pos, ' ', m->len - pos);
        if (sp) end = (size_t)(sp - m->s);
    }
    size_t vend = end;
    while (vend > pos && (m->s[vend - 1] == ' ' || m->s[vend - 1] == '\t' ||
                          m->s[vend - 1] == '\r'))
        vend--;
    m->caps[i] = sl_slice_make(m->s + pos, vend - pos);
    return plausible(f, m->caps[i]) && tail_ok(m, end);
}

/* A line cut inside its last quoted field (`... "Mozilla/5.0 (compat`) keeps what it has. */
static bool last_quoted_cut(matcher *m, int i, size_t pos)
{
    const fmt_field *f = &m->p->f[i];
    if (!f->quoted || i + 1 != m->p->nf || f->afterlen != 1) return false;
    if (memchr(m->s + pos, '"', m->len - pos)) return false;
    m->caps[i] = sl_slice_make(m->s + pos, m->len - pos);
    return true;
}

/* Does field i's closing text follow at pos (or, for the last field, the end)? */
static bool closes_at(const matcher *m, int i, size_t pos)
{
    const fmt_field *f = &m->p->f[i];
    if (f->afterlen == 0) return i + 1 == m->p->nf;
    return pos <= m->len && f->afterlen <= m->len - pos &&
           !memcmp(m->s + pos, f->after, f->afterlen);
}

/* A field written "quoted", or as a bare '-' when it has no value. */
static bool match_optq(matcher *m, int i, size_t pos)
{
    const fmt_field *f = &m->p->f[i];
    if (pos >= m->len) return false;
    if (m->s[pos] != '"') {
        m->caps[i] = sl_slice_make(m->s + pos, 1);
        return m->s[pos] == '-' && closes_at(m, i, pos + 1) &&
               match_from(m, i + 1, pos + 1 + f->afterlen);
    }
    for (size_t from = pos + 1;;) {
        const char *q = from < m->len ? memchr(m->s + from, '"', m->len - from) : NULL;
        if (!q && from == pos + 1 && i + 1 == m->p->nf) { /* cut inside the last field */
            m->caps[i] = sl_slice_make(m->s + pos + 1, m->len - pos - 1);
            return true;
        }
        if (!q) return false;
        size_t at = (size_t)(q - m->s);
        from = at + 1;
        if (escaped(m->s, pos + 1, at) || !closes_at(m, i, at + 1)) continue;
        m->caps[i] = sl_slice_make(m->s + pos + 1, at - pos - 1);
        if (match_from(m, i + 1, at + 1 + f->afterlen)) return true;
        if (--m->budget <= 0) return false;
    }
}

/* Older layouts end early (classic ELB before its user-agent and TLS columns): field i
 * (i + 1 >= opt_from) may end the line with its closing text up to the first blank (`"` of
 * `" "`); the fields after it are absent. */
static bool cut_short(matcher *m, int i, size_t pos)
{
    const fmt_field *f = &m->p->f[i];
    const char *sp = f->afterlen ? memchr(f->after, ' ', f->afterlen) : NULL;
    size_t cl = sp ? (size_t)(sp - f->after) : f->afterlen, end = m->len;
    while (end > pos && (m->s[end - 1] == ' ' || m->s[end - 1] == '\r')) end--;
    if (end - pos < cl || memcmp(m->s + end - cl, f->after, cl) != 0) return false;
    if (f->quoted && cl && escaped(m->s, pos, end - cl)) return false;
    m->caps[i] = sl_slice_make(m->s + pos, end - cl - pos);
    if (!plausible(f, m->caps[i])) return false;
    for (int k = i + 1; k < m->p->nf; k++) m->caps[k] = SL_SLICE_NULL;
    return true;
}

/* Field i failed at pos: an older, shorter layout may still end the line here. */
static bool failed(matcher *m, int i, size_t pos)
{
    int opt = m->p->opt_from;
    return opt > 0 && i + 1 >= opt && i + 1 < m->p->nf && cut_short(m, i, pos);
}

static bool match_from(matcher *m, int i, size_t pos)
{
    if (i > m->deepest) m->deepest = i;
    if (i >= m->p->nf) return tail_ok(m, pos);
    const fmt_field *f = &m->p->f[i];
    if (f->optq) return match_optq(m, i, pos) || failed(m, i, pos);
    if (f->afterlen == 0) return match_open(m, i, pos) || failed(m, i, pos);
    size_t from = pos;
    if (f->clf_time && m->len - pos > 21 && m->s[pos + 20] == ' ') from = pos + 21;
    for (;;) {
        size_t at = from >= m->none_from[i] ? SIZE_MAX
                  : find_lit(m->s, from, m->len, f->after, f->afterlen);
        if (at == SIZE_MAX && from == pos && last_quoted_cut(m, i, pos)) return true;
        if (at == SIZE_MAX) {
            if (from < m->none_from[i]) m->none_from[i] = from;
            return failed(m, i, pos);
        }
        if ((f->quoted && escaped(m->s, pos, at)) ||
            (f->list && f->after[0] == ' ' && list_blank(m->s, at, m->len))) {
            from = at + 1;
            continue;
        }
        m->caps[i] = sl_slice_make(m->s + pos, at - pos);
        if (plausible(f, m->caps[i]) && match_from(m, i + 1, at + f->afterlen)) return true;
        if (!(f->quoted || f->multi) || --m->budget <= 0) return failed(m, i, pos);
        from = at + 1;
    }
}

static const char *reject_reason(const fmt_prog *p, int deepest)
{
    if (deepest < 0) return "line does not begin with the text the log format begins with";
    if (deepest >= p->nf) return "unexpected text after the last field of the log format";
    switch (p->f[deepest].post) {
    case FC_TIME: return "time field not found where the log format puts it";
    case FC_REQUEST: case FC_REQUEST_ABS:
        return "request field not closed where the log format expects (quote or text missing)";
    case FC_STATUS: return "status field not found where the log format puts it";
    default: break;
    }
    if (p->f[deepest].quoted) return "quoted field not closed as the log format expects";
    return "line does not match the log format (a field or separator is missing)";
}

static void apply_caps(const fmt_prog *p, const sl_slice *caps, sl_record *rec)
{
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < p->nf; i++) {
            const fmt_field *f = &p->f[i];
            bool req = f->post == FC_REQUEST || f->post == FC_REQUEST_ABS;
            if (req != (pass == 0) || f->post == FC_SKIP) continue;
            sl_slice v = caps[i];
            if (v.n == 1 && v.p[0] == '-') v = SL_SLICE_NULL;
            else if (f->quoted) v = fmt_unescape(rec, v);
            fmt_store(rec, f->id, f->post, f->tkind, v);
        }
    }
    sl_record_set_status(rec);
}

/* A classic ELB TCP/SSL listener entry: request "- - - " and no status. (With a status, a
 * "- - -" request is an HTTP response to a request that could not be parsed.) */
static bool tcp_entry(const fmt_prog *p, const sl_slice *caps)
{
    bool nohttp = false, nostatus = true;
    for (int i = 0; i < p->nf; i++) {
        sl_slice c = caps[i];
        if (p->f[i].post == FC_REQUEST_ABS && c.p && c.n >= 5 && !memcmp(c.p, "- - -", 5))
            nohttp = true;
        if (p->f[i].post == FC_STATUS && c.p && !(c.n == 1 && c.p[0] == '-')) nostatus = false;
    }
    return nohttp && nostatus;
}

sl_line_kind fmt_prog_parse(const fmt_prog *p, sl_slice *caps, const char *line, size_t len,
                            sl_record *rec, const char **reason)
{
    if (fmt_line_skippable(line, len)) return SL_LINE_SKIPPED;
    matcher m; /* none_from is set for the program's fields only: this runs per line */
    m.p = p, m.s = line, m.len = len, m.caps = caps, m.budget = FMT_BUDGET, m.deepest = -1;
    for (int i = 0; i < p->nf; i++) m.none_from[i] = SIZE_MAX;
    if (len < p->leadlen || memcmp(line, p->lead, p->leadlen) != 0) {
        *reason = reject_reason(p, -1);
        return SL_LINE_REJECTED;
    }
    if (!match_from(&m, 0, p->leadlen)) {
        *reason = reject_reason(p, m.deepest);
        return SL_LINE_REJECTED;
    }
    if (p->reject_nohttp && tcp_entry(p, caps)) {
        *reason = "load balancer entry without an HTTP request or status (TCP/SSL listener)";
        return SL_LINE_REJECTED;
    }
    apply_caps(p, caps, rec);
    return SL_LINE_RECORD;
}

/* ======== the spec format ======== */

typedef struct spec_format {
    sl_format base;
    fmt_prog prog;
} spec_format;

typedef struct spec_parser {
    sl_parser base;
    sl_slice caps[FMT_MAX_FIELDS];
} spec_parser;

static sl_parser *spec_parser_new(const sl_format *f)
{
    spec_parser *p = sl_xcalloc(1, sizeof *p);
    p->base.fmt = f;
    return &p->base;
}

static sl_line_kind spec_parse(sl_parser *pp, const char *line, size_t len, sl_record *rec,
                               const char **reason)
{
    spec_parser *p = (spec_parser *)pp;
    const spec_format *f = (const spec_format *)pp->fmt;
    return fmt_prog_parse(&f->prog, p->caps, line, len, rec, reason);
}

static void spec_parser_free(sl_parser *p) { free(p); }

static void spec_free(sl_format *f)
{
    spec_format *sf = (spec_format *)f;
    fmt_prog_fini(&sf->prog);
    free(sf->base.spec);
    free(sf);
}

static const sl_format_vt spec_vt = {spec_parser_new, spec_parse, spec_parser_free, spec_free};

sl_format *fmt_spec_format_new(const char *name, const char *spec, bool is_nginx, sl_fields *ft,
                               char *err, size_t errlen, int *errcol)
{
    spec_format *sf = sl_xcalloc(1, sizeof *sf);
    if (!fmt_prog_compile(&sf->prog, spec, is_nginx, ft, err, errlen, errcol)) {
        free(sf);
        return NULL;
    }
    sf->base.vt = &spec_vt;
    snprintf(sf->base.name, sizeof sf->base.name, "%s", name);
    sf->base.spec = sl_xstrdup(spec);
    fmt_prog_fieldset(&sf->prog, &sf->base.fields);
    bool body = sl_fieldset_has(&sf->base.fields, SL_F_BYTES);
    sf->base.bytes_total_only = !body && sl_fieldset_has(&sf->base.fields, SL_F_BYTES_TOTAL);
    return &sf->base;
}

fmt_prog *fmt_spec_format_prog(sl_format *f) { return &((spec_format *)f)->prog; }
