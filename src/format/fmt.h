/* fmt.h: log formats. A format (sl_format) is a compiled, immutable description of how a
 * line maps onto record fields: a preset, an nginx log_format string, an Apache LogFormat
 * string, JSON lines, CSV, W3C... A parser (sl_parser) is the per-input state for one file
 * (W3C #Fields, the CSV header, ...); each worker thread has its own.
 *
 * Formats never print and never fail on a line: a line is a record, rejected (with a
 * static reason string) or skipped. */
#ifndef SL_FMT_H
#define SL_FMT_H
#include "base/sl_base.h"
#include "record/rec.h"

typedef struct sl_format sl_format;
typedef struct sl_parser sl_parser;

typedef struct sl_format_vt {
    sl_parser *(*parser_new)(const sl_format *f);
    /* Parses one physical line (no line terminator; may contain any byte, including NUL).
     * Fields set must be cleared first by the caller (sl_record_clear or per-field).
     * On SL_LINE_REJECTED sets *reason to a static string like "expected '[' before time".
     * SL_LINE_PENDING: the line opened or continued a record that is not complete yet (at
     * most SL_SPAN_LINES lines and SL_SPAN_BYTES bytes). The next other outcome settles
     * the held lines: a record or header means they were part of it; SL_LINE_REJECTED
     * means the record failed, and the caller rejects the first held line and feeds the
     * others and the current line again, one by one. line NULL (end of input) tells a
     * parser holding an open record to forget it; it returns SL_LINE_SKIPPED. */
    sl_line_kind (*parse)(sl_parser *p, const char *line, size_t len, sl_record *rec,
                          const char **reason);
    void (*parser_free)(sl_parser *p);
    void (*free)(sl_format *f);
} sl_format_vt;

#define SL_SPAN_LINES 8              /* physical lines one record may hold */
#define SL_SPAN_BYTES ((size_t)64 << 10) /* bytes one multi-line record may hold */

/* The public head of every format; implementations embed it first. */
struct sl_format {
    const sl_format_vt *vt;
    char name[48];          /* preset name, or "nginx", "apache", "json", "csv", "w3c" ... */
    char *spec;             /* the user's format string, if any (owned) */
    sl_fieldset fields;     /* what the format can supply (fields.any for JSON) */
    bool bytes_total_only;  /* bytes are total bytes (headers included): no body rules */
    bool bytes_ambiguous;   /* the byte column may be %b or %O (the CLF presets): decided
                             * per input by sl_format_infer_bytes */
    bool stateful;          /* lines depend on earlier lines: parse one file in one thread */
    char bytes_why[200];    /* why bytes_total_only was inferred from content, or "" */
};

/* Every parser begins with this head. */
struct sl_parser {
    const sl_format *fmt;
};

/* Compiles spec: a preset name, an nginx log_format string (contains '$'), or an Apache
 * LogFormat string (contains '%'). On failure returns NULL and writes a message a user can
 * act on into err (with the column of the problem when known, 1-based, in *errcol). */
/* Options that some formats take from the command line. */
typedef struct sl_format_opts {
    const char *csv_map; /* --csv-map "name=column,..." or NULL */
} sl_format_opts;

sl_format *sl_format_compile(const char *spec, const sl_format_opts *o, sl_fields *ft,
                             char *err, size_t errlen, int *errcol);
/* The detection sample: an input's format (and, for the CLF presets, what its byte column
 * counts) is decided once, on its first lines, SL_DETECT_SAMPLE bytes of them at most.
 * Lines longer than SL_DETECT_LINE_MAX (a 300 KB request target, a stray binary blob) are
 * stepped over, not sampled, so one of them first cannot make a file undetectable (unless
 * every line is that long: then those up to SL_DETECT_SAMPLE / 4 are). The analysis and
 * `--detect` both hand over their first chunk of whole lines (larger than the sample), so
 * the decision does not depend on the thread count. */
#define SL_DETECT_SAMPLE (1u << 20)
#define SL_DETECT_LINE_MAX (64u << 10)

/* Guesses the format of an input from its detection sample (head: its first chunk).
 * Returns NULL if nothing fits; why says what was tried or what matched, for `--detect`. */
sl_format *sl_format_detect(const char *head, size_t len, const sl_format_opts *o,
                            sl_fields *ft, char *why, size_t whylen);
/* True when head has no line to sample (blank, comment or over-long lines only): callers
 * then decide on the next chunk instead (a first line longer than a whole chunk). */
bool sl_format_sample_empty(const char *head, size_t len);
void sl_format_free(sl_format *f);

/* What the byte column of one input counts, for formats with bytes_ambiguous (fmt_bytes.c).
 * Debian's stock Apache logs `combined` and `common` with %O (headers included), upstream
 * Apache and nginx with %b/$body_bytes_sent: the same line shape. Reads the whole lines of
 * the detection sample (head as for sl_format_detect). True when they show total bytes:
 * at least three bodyless responses (1xx, 204, 304, HEAD), every one logging a header-sized
 * count, never 0 or '-' (and 0 rare on the others); why then says so. False (body bytes,
 * as declared) otherwise. */
bool sl_format_infer_bytes(const sl_format *f, const char *head, size_t len, char *why,
                           size_t whylen);
/* A view of inner whose byte column is total bytes: records carry it as bytes_total, the
 * format has bytes_total_only set and bytes_why copied from why. Takes ownership of inner
 * when owns (sl_format_free frees both), else borrows it (inner must outlive the view). */
sl_format *sl_format_total_bytes_view(sl_format *inner, bool owns, const char *why);

static inline sl_parser *sl_parser_new(const sl_format *f) { return f->vt->parser_new(f); }
static inline sl_line_kind sl_parser_parse(sl_parser *p, const char *line, size_t len,
                                           sl_record *rec, const char **reason)
{
    return p->fmt->vt->parse(p, line, len, rec, reason);
}

/* What the analysis makes of a parsed line: a record only if it has a status code. A line
 * without one (absent, '-', not a number) cannot tell anything about status codes, and
 * counting it as a record would let a --log-format that misses $status check nothing and
 * pass; so it is rejected, with *reason saying why. Parsers themselves stay field
 * extractors (tests and --detect parse partial formats). */
static inline sl_line_kind sl_format_accept(const sl_format *f, sl_line_kind k,
                                            const sl_record *rec, const char **reason)
{
    if (k != SL_LINE_RECORD || rec->status >= 0) return k;
    *reason = sl_fieldset_has(&f->fields, SL_F_STATUS)
                  ? "no status code: the status is missing, '-' or not a number"
                  : "the log format has no status field (nginx $status, Apache %>s)";
    return SL_LINE_REJECTED;
}
static inline void sl_parser_free(sl_parser *p)
{
    if (p) p->fmt->vt->parser_free(p);
}

/* Vtable pieces for formats that need nothing more (fmt_vtable.c): a parser that is only
 * the head, a parser freed whole, a format that owns nothing but its spec. */
sl_parser *sl_parser_new_plain(const sl_format *f);
void sl_parser_free_plain(sl_parser *p);
void sl_format_free_plain(sl_format *f);

/* The presets, in table order (--list log-formats, messages): how many, the i-th name (NULL
 * past the end), whether --help names it, and the one named closest to a mistyped name. */
size_t sl_format_preset_count(void);
const char *sl_format_preset_name(size_t i);
bool sl_format_preset_in_help(size_t i);
const char *sl_format_preset_nearest(const char *name);

#endif
