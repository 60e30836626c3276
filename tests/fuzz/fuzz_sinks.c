/* fuzz_sinks.c: fuzzes every sink with findings and summaries made of input bytes. The
 * input, split at NULs, gives each finding's file, method, path, host and message (and
 * the reject samples' file names); byte values pick rules, severities, status codes,
 * times and baseline flags. Checks each report: valid UTF-8, no raw C0 byte except TAB
 * and LF, no DEL, C1 or (but in XML) bidi control; JSON reports (json, jsonl, sarif, codequality)
 * parse. The sinks' own escaping is what is tested; the rules are fixed. */
#define _GNU_SOURCE
#include "fuzz_common.h"
#include "json_check.h"
#include "output/out.h"
#include "output/out_ext.h"
#include "output/out_fanout.h"
#include "record/rec_route.h"

static const int codes0[] = {207};
static const int sugg0[] = {200, 204};
static const char *const refs0[] = {"RFC 4918 \xC2\xA7" "11.1", "RFC 9110"};
static const sl_rule_info r0 = {.id = "dav.207-non-webdav-method", .title = "207 for GET",
    .severity = SL_SEV_WARNING, .default_severity = SL_SEV_WARNING, .codes = codes0, .ncodes = 1,
    .suggest = sugg0, .nsuggest = 2, .references = refs0, .nrefs = 2, .enabled = true};
static const sl_rule_info r1 = {.id = "status.out-of-range", .title = "Status <outside> & \"odd\"",
    .description = "Not a code at all.", .severity = SL_SEV_ERROR,
    .default_severity = SL_SEV_ERROR, .enabled = true};
static const sl_rule_info r2 = {.id = "body.204-with-body", .title = "204 with a body",
    .severity = SL_SEV_INFO, .default_severity = SL_SEV_WARNING, .enabled = true};
static const sl_rule_info *const rules[] = {&r0, &r1, &r2};

typedef struct pieces { sl_slice v[256]; size_t n, next; } pieces;

static sl_slice take(pieces *ps)
{
    if (!ps->n) return SL_SLICE_NULL;
    sl_slice s = ps->v[ps->next++ % ps->n];
    return s.n == 1 && s.p[0] == '-' ? SL_SLICE_NULL : s;
}

static char *cstr(sl_slice s, char **owned, size_t *nowned)
{
    char *c = fz_strdup(s.p ? s.p : "", s.p ? s.n : 0);
    owned[(*nowned)++] = c;
    return c;
}

/* Valid UTF-8 with no C0 (but TAB, LF), DEL, C1 or (unless bidi) bidi/line-separator
 * code point. XML cannot escape the latter (a character reference is the same character),
 * so junit may carry them. */
static bool clean(const char *p, size_t n, bool bidi)
{
    const unsigned char *s = (const unsigned char *)p, *end = s + n;
    while (s < end) {
        unsigned b = *s;
        if (b < 0x80) {
            if ((b < 0x20 && b != '\t' && b != '\n') || b == 0x7f) return false;
            s++;
            continue;
        }
        jc c = {s, end, 0};
        if (!jc_utf8(&c)) return false;
        if (b == 0xc2 && s[1] < 0xa0) return false; /* C1 */
        if (!bidi && b == 0xe2 && s[1] == 0x80 && (s[2] >= 0xa8 && s[2] <= 0xae)) return false;
        if (!bidi && b == 0xe2 && s[1] == 0x81 && (s[2] >= 0xa6 && s[2] <= 0xa9)) return false;
        s = c.p;
    }
    return true;
}

/* Saves the bad report as fuzz_sinks.<fmt>.out in the working directory, then aborts. */
static void dump_and_abort(const char *fmt, const char *what, const char *buf, size_t len)
{
    char name[64];
    snprintf(name, sizeof name, "fuzz_sinks.%s.out", fmt);
    FILE *f = fopen(name, "wb");
    if (f) fwrite(buf, 1, len, f), fclose(f);
    fprintf(stderr, "fuzz_sinks: %s wrote %s (report saved as %s)\n", fmt, what, name);
    abort();
}

static void run_sink(const char *fmt, const sl_finding *fs, size_t nf, const sl_summary *sum,
                     bool baseline)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    FZ_CHECK(f != NULL);
    sl_sink_opts o = {.version = "0.0.0", .max_results = 1 + nf / 2};
    sl_sink *s = sl_sink_new(fmt, f, NULL, &o);
    FZ_CHECK(s != NULL);
    sl_sink_set_rules(s, rules, SL_ARRAY_LEN(rules));
    sl_sink_set_baseline(s, baseline);
    FZ_CHECK(s->vt->begin(s) == SL_OK);
    sl_fanout fo; /* as a run hands them over: baselined ones only to sinks that show them */
    sl_fanout_init(&fo);
    sl_fanout_add(&fo, s);
    for (size_t i = 0; i < nf; i++) sl_fanout_finding(&fo, &fs[i]);
    FZ_CHECK(!sl_fanout_dead(&fo, 0));
    FZ_CHECK(s->vt->end(s, sum) == SL_OK);
    sl_sink_free(s);
    fclose(f);
    bool json = !strcmp(fmt, "json") || !strcmp(fmt, "sarif") || !strcmp(fmt, "codequality");
    const char *bad = !clean(buf, len, !strcmp(fmt, "junit"))                                 ? "a raw control byte or invalid UTF-8"
                      : json && !json_check(buf, len)                  ? "invalid JSON"
                      : !strcmp(fmt, "jsonl") && !jsonl_check(buf, len) ? "invalid JSON Lines"
                                                                       : NULL;
    if (bad) dump_and_abort(fmt, bad, buf, len);
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    static pieces ps;
    ps.n = ps.next = 0;
    const char *p = (const char *)data + 1, *end = (const char *)data + size;
    while (ps.n < SL_ARRAY_LEN(ps.v)) {
        const char *z = memchr(p, 0, (size_t)(end - p));
        ps.v[ps.n++] = sl_slice_make(p, z ? (size_t)(z - p) : (size_t)(end - p));
        if (!z) break;
        p = z + 1;
    }
    size_t nf = ps.n / 5 < 40 ? ps.n / 5 : 40;
    static sl_finding fs[40];
    static char routes[40 * 512];
    static char *owned[64];
    size_t nowned = 0;
    static uint64_t by_rule[3];
    static sl_summary sum;
    memset(&sum, 0, sizeof sum);
    memset(by_rule, 0, sizeof by_rule);
    for (size_t i = 0; i < nf; i++) {
        sl_finding *f = &fs[i];
        memset(f, 0, sizeof *f);
        f->file = cstr(take(&ps), owned, &nowned);
        f->method = take(&ps), f->path = take(&ps), f->host = take(&ps), f->message = take(&ps);
        unsigned k = (f->message.n ? (unsigned char)f->message.p[0] : (unsigned)i) + data[0];
        f->rule = k % 3, f->info = rules[f->rule];
        f->severity = (sl_severity)(1 + k % 3);
        f->status = (int)(k * 37 % 1100) - 1;
        f->line = (uint64_t)k * 977 + i;
        f->has_time = k & 1, f->time = (int64_t)k * 86399 * 3;
        f->baselined = (data[0] & 1) && (k & 4);
        char *rt = routes + i * 512;
        f->route = f->path.p ? sl_slice_make(rt, sl_route(NULL, f->path, rt, 512)) : SL_SLICE_NULL;
        if (f->route.n > 511) f->route.n = 511;
        f->fingerprint = sl_fingerprint(f->info->id, f->host, f->method, f->route, f->status);
        if (!f->baselined) sum.findings[f->severity]++, by_rule[f->rule]++;
        else sum.baselined++;
    }
    sum.files = ps.n, sum.lines = size, sum.records = size / 2, sum.skipped = size - size / 2;
    sum.by_rule = by_rule, sum.nrules = 3, sum.status[data[0] % 1000] = size;
    sum.nsamples = nf < SL_MAX_REJECT_SAMPLES ? nf : SL_MAX_REJECT_SAMPLES;
    for (size_t i = 0; i < sum.nsamples; i++)
        sum.samples[i] = (sl_reject_sample){fs[i].file, fs[i].line, "no closing quote"};
    sum.success = !(data[0] & 2);
    for (const sl_sink_vt *const *k = sl_sink_kinds; *k; k++)
        run_sink((*k)->name, fs, nf, &sum, (data[0] & 1) != 0);
    for (size_t i = 0; i < nowned; i++) free(owned[i]);
    return 0;
}
