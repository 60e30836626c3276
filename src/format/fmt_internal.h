/* fmt_internal.h: what the text-format files share (not a public interface).
 * A text format compiles to a "program": a leading literal, then fields, each followed by
 * the literal that ends it. fmt_compile.c compiles nginx/Apache strings into programs,
 * fmt_prog.c runs them, and what a matched value becomes is the value layer's (fmt_value.h);
 * fmt_clf.c is the hand-written combined/common parser; fmt_haproxy.c holds HAProxy;
 * fmt_registry.c names the presets; fmt_detect.c guesses. */
#ifndef SL_FMT_INTERNAL_H
#define SL_FMT_INTERNAL_H
#include "format/fmt.h"
#include "format/fmt_value.h"

#define FMT_MAX_FIELDS 64

static inline bool fmt_isdigit(char c) { return c >= '0' && c <= '9'; }

/* The shape a field's value must have for a match to stand (fmt_prog.c checks it). */
typedef enum fmt_shape {
    FS_ANY = 0,
    FS_STATUS, /* 1-4 digits or '-' */
    FS_WORD,   /* unquoted client or host: no blank, no ',' */
    FS_COUNT,  /* unquoted byte count: digits or '-' */
    FS_LIST    /* unquoted list: blanks only after ',' or around " : " */
} fmt_shape;

typedef struct fmt_field {
    int id;              /* field id, or -1 (skip) */
    uint8_t post;        /* fmt_conv: what the matched value becomes (fmt_value.h) */
    uint8_t tkind;       /* sl_time_kind for FP_TIME */
    bool quoted;         /* between '"' literals: escape-aware, may backtrack */
    bool multi;          /* unquoted but may contain the next literal ("a, b" lists) */
    bool list;           /* a list ("a, b", "a : b"): its blanks follow ',' or surround ':' */
    bool optq;           /* "quoted", or a bare '-' for no value (Traefik 1.x, S3) */
    uint8_t shape;       /* fmt_shape: what a matched value must look like */
    bool clf_time;       /* unbracketed CLF time: has one space inside */
    const char *after;   /* literal that ends the field (into the program's storage) */
    size_t afterlen;
} fmt_field;

typedef struct fmt_prog {
    char *store;         /* literal storage (owned) */
    const char *lead;
    size_t leadlen;
    fmt_field f[FMT_MAX_FIELDS];
    int nf;
    bool trail_ok;       /* extra text after the last field is allowed if it starts with a blank */
    bool reject_nohttp;  /* classic ELB: "- - - " with no status is a TCP/SSL entry: reject */
    int opt_from;        /* > 0: a line may end after field opt_from - 1 (older layouts) */
} fmt_prog;

/* Compiles an nginx (is_nginx) or Apache string into prog; err/errcol as sl_format_compile. */
bool fmt_prog_compile(fmt_prog *prog, const char *spec, bool is_nginx, sl_fields *ft,
                      char *err, size_t errlen, int *errcol);
void fmt_prog_fini(fmt_prog *prog);
/* Sets each field's shape from its kind and quoting; run after any change to them. */
void fmt_prog_shapes(fmt_prog *prog);
/* Lets every quoted field of prog also be a bare '-' (no quotes) for "no value". */
void fmt_prog_bare_dash(fmt_prog *prog);
/* The set of fields prog supplies. */
void fmt_prog_fieldset(const fmt_prog *prog, sl_fieldset *fs);
/* "combined", "common" or NULL: whether prog describes exactly one of those line shapes. */
const char *fmt_prog_clf_shape(const fmt_prog *prog);
/* Runs prog over a line. */
sl_line_kind fmt_prog_parse(const fmt_prog *prog, sl_slice *caps, const char *line, size_t len,
                            sl_record *rec, const char **reason);

/* A format running a program (fmt_prog.c). name is copied; spec may be NULL. */
sl_format *fmt_spec_format_new(const char *name, const char *spec, bool is_nginx, sl_fields *ft,
                               char *err, size_t errlen, int *errcol);
/* The program of a format made by fmt_spec_format_new, for presets to adjust (trail_ok...). */
fmt_prog *fmt_spec_format_prog(sl_format *f);
/* The combined/common fast path (fmt_clf.c). */
sl_format *fmt_clf_new(const char *name, bool combined, const char *spec);
/* HAProxy HTTP log (fmt_haproxy.c). */
sl_format *fmt_haproxy_new(sl_fields *ft);

/* The preset table's detect column (fmt_registry.c): a preset detection never picks (only
 * --log-format NAME selects it), one a structured sniffer may name, or (> 0) a text preset
 * scored on the sample, that many-th in the tie-break order. */
#define FMT_DETECT_NAME 0
#define FMT_DETECT_SNIFF (-1)
int fmt_preset_detect(const char *name);
/* The text preset of tie-break rank 1, 2, ... or NULL past the last. */
const char *fmt_detect_ranked(int rank);

/* Shared line helpers (fmt_prog.c). */
/* True for blank lines and '#' comments, which every text format skips. */
bool fmt_line_skippable(const char *line, size_t len);
/* Walks the detection sample of head (see SL_DETECT_SAMPLE): fmt_sample_next gives the next
 * sampled line (CR dropped), stepping over over-long ones, and false at the sample's end
 * (fmt_detect.c). */
typedef struct fmt_sample {
    const char *p, *e;
    size_t left;     /* sample bytes not yet used */
    size_t line_max; /* longer lines are stepped over */
} fmt_sample;
void fmt_sample_begin(fmt_sample *it, const char *head, size_t len);
bool fmt_sample_next(fmt_sample *it, sl_slice *line);

#endif
