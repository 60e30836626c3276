/* fmt_detect.c: sl_format_detect, the --log-format auto guess for one input from its first
 * bytes. Structured formats are asked first (JSON, W3C, CSV/TSV sniffers); then every text
 * preset parses up to 20 non-blank, non-comment lines and the one that parses the most wins
 * (ties: the one supplying more fields, then table order). A line counts only if its status
 * is a 3-digit code and its time, when present, reads as a time. Nothing is printed; `why`
 * says what matched and how well. Runs once per input, on the detection sample (its lines
 * are walked by fmt_sample_next, which fmt_bytes.c shares), so it may allocate. */
#include "format/fmt_internal.h"
#include "format/fmt_structured.h"
#include <stdio.h>

#define DETECT_LINES 20

typedef struct sample {
    sl_slice line[DETECT_LINES];
    int n;
} sample;

void fmt_sample_begin(fmt_sample *it, const char *head, size_t len)
{
    it->p = head, it->e = head + len, it->left = SL_DETECT_SAMPLE;
    it->line_max = SL_DETECT_LINE_MAX;
    /* If stepping over long lines leaves no log line at all, every line is long: take
     * those up to a quarter of the sample as they come rather than find nothing. */
    fmt_sample probe = *it;
    sl_slice l;
    while (fmt_sample_next(&probe, &l))
        if (!fmt_line_skippable(l.p, l.n)) return;
    it->line_max = SL_DETECT_SAMPLE / 4;
}

bool fmt_sample_next(fmt_sample *it, sl_slice *line)
{
    while (it->p < it->e) {
        const char *p = it->p, *nl = memchr(p, '\n', (size_t)(it->e - p));
        const char *next = nl ? nl + 1 : it->e;
        size_t n = (size_t)((nl ? nl : it->e) - p), used = (size_t)(next - p);
        if (n > it->line_max) { /* stepped over, whatever the budget */
            it->p = next;
            continue;
        }
        if (used > it->left) return false;
        it->left -= used;
        it->p = next;
        if (n && p[n - 1] == '\r') n--;
        *line = sl_slice_make(p, n);
        return true;
    }
    return false;
}

/* The first lines of the sample that are neither blank nor comments. */
static void take_sample(const char *head, size_t len, sample *s)
{
    fmt_sample it;
    fmt_sample_begin(&it, head, len);
    sl_slice l;
    s->n = 0;
    while (s->n < DETECT_LINES && fmt_sample_next(&it, &l))
        if (!fmt_line_skippable(l.p, l.n)) s->line[s->n++] = l;
}

bool sl_format_sample_empty(const char *head, size_t len)
{
    sample s;
    take_sample(head, len, &s);
    return s.n == 0;
}

/* A line counts for a format only if what the format says it supplies is really there: a
 * status code and a time that parses (a null time does not count: that is how a pattern
 * that merely matches field counts, such as alb on an extended combined line, shows).
 * The request line is not required: logs of malformed requests are real logs. */
static bool good_record(const sl_format *f, const sl_record *rec)
{
    if (sl_fieldset_has(&f->fields, SL_F_STATUS) && (rec->status < 100 || rec->status > 999))
        return false;
    int64_t t;
    if (sl_fieldset_has(&f->fields, SL_F_TIME) &&
        (rec->time_kind == SL_TIME_NONE || !sl_time_parse(rec->v[SL_F_TIME], rec->time_kind, &t)))
        return false;
    return true;
}

static int count_good(const sl_format *f, const sample *s, sl_arena *arena)
{
    sl_parser *p = sl_parser_new(f);
    static sl_record rec_zero;
    int good = 0;
    for (int i = 0; i < s->n; i++) {
        sl_record rec = rec_zero;
        rec.arena = arena;
        sl_record_clear(&rec);
        sl_arena_reset(arena);
        const char *reason = NULL;
        if (sl_parser_parse(p, s->line[i].p, s->line[i].n, &rec, &reason) == SL_LINE_RECORD &&
            good_record(f, &rec))
            good++;
    }
    sl_parser_free(p);
    return good;
}

static int field_count(const sl_fieldset *fs)
{
    int n = 0;
    for (size_t i = 0; i < SL_ARRAY_LEN(fs->bits); i++) n += __builtin_popcountll(fs->bits[i]);
    return n;
}

static sl_format *detect_text(const sample *s, const sl_format_opts *o, sl_fields *ft,
                              char *why, size_t whylen)
{
    sl_arena arena;
    sl_arena_init(&arena, 1 << 20);
    sl_format *best = NULL;
    int best_good = -1, best_fields = -1;
    const char *name;
    for (int rank = 1; (name = fmt_detect_ranked(rank)); rank++) {
        char err[256];
        sl_format *f = sl_format_compile(name, o, ft, err, sizeof err, NULL);
        if (!f) continue;
        int good = count_good(f, s, &arena), nf = field_count(&f->fields);
        if (good > best_good || (good == best_good && nf > best_fields)) {
            sl_format_free(best);
            best = f, best_good = good, best_fields = nf;
        } else {
            sl_format_free(f);
        }
    }
    sl_arena_fini(&arena);
    if (best && best_good > 0 && best_good * 2 >= s->n) {
        snprintf(why, whylen, "%s: %d of %d sampled lines parsed", best->name, best_good, s->n);
        return best;
    }
    if (!best || best_good <= 0)
        snprintf(why, whylen, "no known log format parsed any of %d sampled lines", s->n);
    else
        snprintf(why, whylen, "no log format parsed at least half of %d sampled lines (closest: "
                 "%s, %d)", s->n, best->name, best_good);
    sl_format_free(best);
    return NULL;
}

/* A structured format the sniffers recognise, or NULL (why then says what failed). */
static sl_format *detect_structured(const char *head, size_t len, const sl_format_opts *o,
                                    sl_fields *ft, char *why, size_t whylen)
{
    char err[256] = "";
    const char *preset = NULL, *what = NULL;
    char delim = ',';
    sl_format *f = NULL;
    if (sl_fmt_json_sniff(head, len)) {
        what = "JSON lines";
        preset = "jsonl";
    } else if (sl_fmt_w3c_sniff(head, len, &preset)) {
        what = "W3C extended (#Fields:)";
        if (!preset) preset = "w3c";
    } else if (sl_fmt_csv_sniff(head, len, &delim)) {
        what = delim == '\t' ? "TSV with a header row" : "CSV with a header row";
        preset = delim == '\t' ? "tsv" : "csv";
    }
    /* the preset table says which presets a sniffer may pick */
    if (preset && fmt_preset_detect(preset) == FMT_DETECT_SNIFF)
        f = sl_format_compile(preset, o, ft, err, sizeof err, NULL);
    else if (preset)
        snprintf(err, sizeof err, "the %s preset is not one detection picks", preset);
    if (f) snprintf(why, whylen, "%s: looks like %s", f->name, what);
    else if (what) snprintf(why, whylen, "looks like %s, but: %s", what, err);
    return f;
}

sl_format *sl_format_detect(const char *head, size_t len, const sl_format_opts *o,
                            sl_fields *ft, char *why, size_t whylen)
{
    char swhy[320] = "";
    if (why && whylen) why[0] = '\0';
    /* the sniffers look at the first line or two: they get the sample's bytes */
    sl_format *f = detect_structured(head, len < SL_DETECT_SAMPLE ? len : SL_DETECT_SAMPLE, o,
                                     ft, swhy, sizeof swhy);
    if (f) {
        snprintf(why, whylen, "%s", swhy);
        return f;
    }
    sample s;
    take_sample(head, len, &s);
    if (s.n == 0) {
        snprintf(why, whylen, "%s%sno log lines to sample (empty, blank or comments only)", swhy,
                 swhy[0] ? "; " : "");
        return NULL;
    }
    char twhy[256];
    f = detect_text(&s, o, ft, twhy, sizeof twhy);
    snprintf(why, whylen, "%s%s%s", swhy, swhy[0] ? "; " : "", twhy);
    return f;
}
