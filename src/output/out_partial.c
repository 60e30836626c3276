/* out_partial.c: the partial sink (-f partial; the format is docs/partial.md): every
 * finding with all its fields, each input's accounting, rejected samples and rules-off
 * reasons, the run's summary, regex give-ups, minute counts and aggregate state, closed by
 * a length + checksum trailer. Writes as it goes; keeps only the current input's name and
 * its sample count. */
#include "output/out_minutes.h"
#include "output/out_partial.h"
#include "output/out_sink.h"
#include "base/sl_alloc.h"
#include "base/sl_term.h"
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>

#define PARTIAL_MAX_AGG 16

extern const sl_sink_vt out_partial_vt; /* below; as_partial() knows a partial sink by it */

typedef struct partial_sink {
    out_sink base;
    uint64_t hash, len;          /* of everything written so far */
    char *cur;                   /* the open input section's name, or NULL */
    size_t cur_samples;          /* rejected samples written for it */
    uint64_t *gave_up;           /* [ngave] */
    size_t ngave;
    const sl_partial_agg *agg[PARTIAL_MAX_AGG];
    size_t nagg;
    const sl_partial_agg *agg_cur; /* the state being serialized */
} partial_sink;


uint64_t sl_partial_fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 0x100000001b3ull;
    return h;
}

static void put(partial_sink *ps, const char *p, size_t n)
{
    ps->hash = sl_partial_fnv(ps->hash, p, n);
    ps->len += n;
    fwrite(p, 1, n, ps->base.head.out);
}

static void putf(partial_sink *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(partial_sink *ps, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > 0) put(ps, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

/* A TAB and then the field, escaped; a null view is \N. Besides \\ \t \n \r \0, every
 * byte a terminal could act on (other C0, DEL, C1, bidi overrides: sl_term_dangerous) and
 * every byte outside valid UTF-8 is written \xHH, so a partial shown on a terminal is inert. */
static void put_field(partial_sink *ps, const char *p, size_t n, bool null)
{
    put(ps, "\t", 1);
    if (null) {
        put(ps, "\\N", 2);
        return;
    }
    size_t from = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)p[i];
        const char *esc = NULL;
        size_t len = 1, nhex = 0;
        switch (c) {
        case '\\': esc = "\\\\"; break;
        case '\t': esc = "\\t"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\0': esc = "\\0"; break;
        default: {
            uint32_t cp = c;
            len = c < 0x80 ? 1 : sl_utf8_next((const unsigned char *)p + i, n - i, &cp);
            if (len == 0) nhex = len = 1;             /* not UTF-8: the byte */
            else if (sl_term_dangerous(cp)) nhex = len; /* each byte of the character */
        }
        }
        if (!esc && !nhex) {
            i += len;
            continue;
        }
        put(ps, p + from, i - from);
        if (esc) put(ps, esc, 2);
        for (size_t k = 0; k < nhex; k++) {
            char hex[5];
            snprintf(hex, sizeof hex, "\\x%02x", (unsigned char)p[i + k]);
            put(ps, hex, 4);
        }
        i += len;
        from = i;
    }
    put(ps, p + from, n - from);
}

static void put_str(partial_sink *ps, const char *s) { put_field(ps, s, s ? strlen(s) : 0, !s); }
static void put_slice(partial_sink *ps, sl_slice v) { put_field(ps, v.p, v.n, v.p == NULL); }

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

size_t sl_partial_unescape(char *p, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] != '\\') {
            p[o++] = p[i];
            continue;
        }
        if (++i == n) return SIZE_MAX;
        switch (p[i]) {
        case '\\': p[o++] = '\\'; break;
        case 't': p[o++] = '\t'; break;
        case 'n': p[o++] = '\n'; break;
        case 'r': p[o++] = '\r'; break;
        case '0': p[o++] = '\0'; break;
        case 'x': {
            int hi = i + 2 < n ? hexval(p[i + 1]) : -1, lo = hi >= 0 ? hexval(p[i + 2]) : -1;
            if (lo < 0) return SIZE_MAX;
            p[o++] = (char)(hi << 4 | lo);
            i += 2;
            break;
        }
        default: return SIZE_MAX;
        }
    }
    return o;
}

static uint64_t digest_str(uint64_t h, const char *s)
{
    h = sl_partial_fnv(h, s ? s : "", s ? strlen(s) + 1 : 1);
    return h;
}

uint64_t sl_partial_rules_digest(const sl_ruleset *rs)
{
    uint64_t h = SL_FNV_INIT;
    size_t n = rs ? sl_ruleset_count(rs) : 0;
    for (size_t i = 0; i < n; i++) {
        const sl_rule_info *r = sl_ruleset_info(rs, i);
        char sev[8];
        snprintf(sev, sizeof sev, "%d%d", (int)r->severity, r->enabled ? 1 : 0);
        h = digest_str(h, r->id);
        h = digest_str(h, sev);
        h = digest_str(h, r->when);
        h = digest_str(h, r->message);
    }
    return h;
}

static partial_sink *as_partial(sl_sink *s)
{
    return s && s->vt == &out_partial_vt ? (partial_sink *)s : NULL;
}

/* Opens an input section for file unless it is the open one. */
static void section(partial_sink *ps, const char *file)
{
    if (ps->cur && !strcmp(ps->cur, file)) return;
    free(ps->cur);
    ps->cur = sl_xstrdup(file);
    ps->cur_samples = 0;
    put(ps, "input", 5);
    put_str(ps, file);
    put(ps, "\n", 1);
}

void sl_partial_reject(sl_sink *s, const char *file, uint64_t line, const char *reason)
{
    partial_sink *ps = as_partial(s);
    if (!ps || !file) return;
    section(ps, file);
    if (ps->cur_samples >= SL_MAX_REJECT_SAMPLES) return;
    ps->cur_samples++;
    putf(ps, "reject\t%" PRIu64, line);
    put_str(ps, reason ? reason : "");
    put(ps, "\n", 1);
}

void sl_partial_rule_off(sl_sink *s, const char *file, size_t rule, const char *why)
{
    partial_sink *ps = as_partial(s);
    if (!ps || !file || !why) return;
    section(ps, file);
    putf(ps, "off\t%zu", rule);
    put_str(ps, why);
    put(ps, "\n", 1);
}

void sl_partial_input_end(sl_sink *s, const char *file, const sl_partial_counts *c)
{
    partial_sink *ps = as_partial(s);
    if (!ps || !file) return;
    section(ps, file);
    putf(ps, "done\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64
             "\t%" PRIu64 "\n", c->files, c->lines, c->records, c->rejected, c->skipped, c->bytes,
         c->input_errors);
    free(ps->cur);
    ps->cur = NULL;
}

void sl_partial_gave_up(sl_sink *s, const uint64_t *by_rule, size_t n)
{
    partial_sink *ps = as_partial(s);
    if (!ps) return;
    free(ps->gave_up);
    ps->gave_up = sl_xcalloc(n ? n : 1, sizeof *ps->gave_up);
    if (n) memcpy(ps->gave_up, by_rule, n * sizeof *by_rule);
    ps->ngave = n;
}

void sl_partial_add_agg(sl_sink *s, const sl_partial_agg *a)
{
    partial_sink *ps = as_partial(s);
    if (ps && a && ps->nagg < PARTIAL_MAX_AGG) ps->agg[ps->nagg++] = a;
}

static sl_status partial_begin(sl_sink *s)
{
    partial_sink *ps = (partial_sink *)s;
    ps->hash = SL_FNV_INIT;
    putf(ps, "%s\t%d\n", SL_PARTIAL_MAGIC, SL_PARTIAL_VERSION);
    put(ps, "tool\tstatuslint", 15);
    put_str(ps, s->opts.version);
    put(ps, "\n", 1);
    size_t n = out_rule_count(s);
    putf(ps, "rules\t%zu\t%016" PRIx64 "\n", n, sl_partial_rules_digest(s->rs));
    for (size_t i = 0; i < n; i++) {
        const sl_rule_info *r = out_rule(s, i);
        putf(ps, "rule\t%zu", i);
        put_str(ps, r ? r->id : "?");
        put(ps, "\n", 1);
    }
    return out_check(s->out);
}

static sl_status partial_finding(sl_sink *s, const sl_finding *f)
{
    partial_sink *ps = (partial_sink *)s;
    section(ps, f->file ? f->file : "-");
    putf(ps, "finding\t%" PRIu64 "\t%zu\t%d\t%d", f->line, f->rule, (int)f->severity, f->status);
    put_slice(ps, f->method);
    put_slice(ps, f->path);
    put_slice(ps, f->host);
    put_slice(ps, f->route);
    if (f->has_time) putf(ps, "\t%" PRId64, f->time);
    else put(ps, "\t\\N", 3);
    put_slice(ps, f->message);
    putf(ps, "\t%016" PRIx64 "\t%s%s%s\n", f->fingerprint, f->baselined ? "b" : "",
         f->has_new ? (f->is_new ? "n" : "o") : "", "-");
    if (f->agg) { /* an aggregate rule's finding: what it counted, from where to where */
        putf(ps, "fagg\t%" PRIu64 "\t%" PRId64, f->agg->count, f->agg->span);
        const sl_agg_pos *w[2] = {&f->agg->first, &f->agg->last};
        for (int i = 0; i < 2; i++) {
            put_str(ps, w[i]->file);
            putf(ps, "\t%" PRIu64 "\t%" PRId64, w[i]->line, w[i]->time);
        }
        putf(ps, "\t%" PRIu64 "\t%" PRId64 "\n", f->agg->clients, f->agg->retries);
    }
    return SL_OK;
}

static void agg_put(void *ctx, const char *p, size_t n)
{
    partial_sink *ps = ctx;
    put(ps, "agg", 3);
    put_str(ps, ps->agg_cur->kind);
    put_field(ps, p, n, false);
    put(ps, "\n", 1);
}

static void summary_counts(partial_sink *ps, const sl_summary *u)
{
    static const char *const names[] = {"files", "lines", "records", "rejected", "skipped",
                                        "bytes", "error", "warning", "info", "status_other",
                                        "suppressed", "baselined", "regex_limit",
                                        "input_errors", "rules_off", "state_unchanged",
                                        "state_resumed", "state_new", "state_fresh",
                                        "state_gone"};
    const uint64_t v[] = {u->files, u->lines, u->records, u->rejected, u->skipped, u->bytes,
                          u->findings[SL_SEV_ERROR], u->findings[SL_SEV_WARNING],
                          u->findings[SL_SEV_INFO], u->status_other, u->suppressed, u->baselined,
                          u->regex_limit, u->input_errors, u->rules_off, u->state_unchanged,
                          u->state_resumed, u->state_new, u->state_fresh, u->state_gone};
    _Static_assert(sizeof names / sizeof *names == sizeof v / sizeof *v, "one name per count");
    for (size_t i = 0; i < SL_ARRAY_LEN(names); i++)
        putf(ps, "count\t%s\t%" PRIu64 "\n", names[i], v[i]);
    putf(ps, "flag\tsuccess\t%d\nflag\tstate\t%d\nflag\tbaseline\t%d\n", u->success ? 1 : 0,
         u->state ? 1 : 0, ps->base.baseline ? 1 : 0);
    putf(ps, "time\tstarted\t%" PRId64 "\ntime\tfinished\t%" PRId64 "\ntime\tseconds\t%.6f\n",
         u->started, u->finished, u->seconds);
    if (u->has_newest) putf(ps, "time\tnewest\t%" PRId64 "\n", u->newest);
}

static sl_status partial_end(sl_sink *s, const sl_summary *sum)
{
    partial_sink *ps = (partial_sink *)s;
    summary_counts(ps, sum);
    for (int code = 0; code < 1000; code++)
        if (sum->status[code]) putf(ps, "status\t%d\t%" PRIu64 "\n", code, sum->status[code]);
    for (size_t i = 0; sum->by_rule && i < sum->nrules; i++)
        if (sum->by_rule[i]) putf(ps, "byrule\t%zu\t%" PRIu64 "\n", i, sum->by_rule[i]);
    for (size_t i = 0; sum->agg && i < sum->nrules; i++) {
        const sl_agg_stats *a = sl_agg_rule_stats(sum->agg, i);
        if (a)
            putf(ps, "aggstat\t%zu\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64
                     "\t%" PRIu64 "\t%" PRIu64 "\n", i, a->lines, a->findings, a->quieted,
                 a->capacity, a->evicted, a->late, a->untimed);
    }
    for (size_t i = 0; i < ps->ngave; i++)
        if (ps->gave_up[i]) putf(ps, "giveup\t%zu\t%" PRIu64 "\n", i, ps->gave_up[i]);
    size_t nm = 0;
    sl_minute_entry *m = sum->minutes ? sl_minutes_sorted(sum->minutes, &nm) : NULL;
    for (size_t i = 0; i < nm; i++)
        putf(ps, "minute\t%" PRId64 "\t%u\t%u\t%" PRIu64 "\n", m[i].minute, m[i].kind, m[i].label,
             m[i].count);
    free(m);
    for (size_t i = 0; i < ps->nagg; i++)
        if ((ps->agg_cur = ps->agg[i])->serialize) ps->agg_cur->serialize(ps->agg_cur->state, agg_put, ps);
    char trailer[96];
    snprintf(trailer, sizeof trailer, "end\t%" PRIu64 "\t%016" PRIx64 "\n", ps->len, ps->hash);
    fputs(trailer, s->out);
    return out_check(s->out);
}

static void partial_free(sl_sink *s)
{
    partial_sink *ps = (partial_sink *)s;
    free(ps->cur);
    free(ps->gave_up);
}

/* Baselined findings too: the merge hands them to the sinks that show them. */
const sl_sink_vt out_partial_vt = {
    .name = "partial", .size = sizeof(partial_sink), .exts = ".partial", .baselined = true,
    .begin = partial_begin, .finding = partial_finding, .end = partial_end, .free = partial_free};
