/* test_out_fixture.h: synthetic rules, findings and a summary for the output tests and the
 * validation driver (tests/validate/out_emit.c), including hostile bytes in every field a
 * log supplies. The weak definitions below only stand in while the rule module is absent
 * from the link; the sinks get their rules from sl_sink_set_rules, never from a ruleset. */
#ifndef TEST_OUT_FIXTURE_H
#define TEST_OUT_FIXTURE_H
#include "output/out.h"
#include "output/out_ext.h"
#include "output/out_fanout.h"
#include "record/rec.h"
#include <stdio.h>
#include <string.h>

__attribute__((weak)) size_t sl_ruleset_count(const sl_ruleset *rs) { return 0; }
__attribute__((weak)) const sl_rule_info *sl_ruleset_info(const sl_ruleset *rs, size_t i) { return NULL; }
__attribute__((weak)) bool sl_reference_url(const char *ref, char *buf, size_t n)
{
    unsigned rfc = 0;
    char sec[32] = "";
    if (sscanf(ref, "RFC %u \xC2\xA7%31s", &rfc, sec) < 1) return false;
    if (sec[0]) snprintf(buf, n, "https://www.rfc-editor.org/rfc/rfc%u#section-%s", rfc, sec);
    else snprintf(buf, n, "https://www.rfc-editor.org/rfc/rfc%u", rfc);
    return true;
}
__attribute__((weak)) void sl_time_iso(int64_t t, char out[21])
{
    int64_t days = t / 86400, secs = t % 86400;
    if (secs < 0) { secs += 86400; days--; }
    days += 719468; /* civil from days (H. Hinnant) */
    int64_t era = (days >= 0 ? days : days - 146096) / 146097, doe = days - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
    int64_t y = yoe + era * 400 + (m <= 2);
    snprintf(out, 21, "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)y, (int)m, (int)d, (int)(secs / 3600),
             (int)(secs / 60 % 60), (int)(secs % 60));
}

static const int fx_suggest0[] = {200};
static const char *const fx_refs0[] = {"RFC 4918 \xC2\xA7" "11.1", "RFC 4918 \xC2\xA7" "13"};
static const char *const fx_tags0[] = {"webdav"};
static const int fx_codes0[] = {207};
static const char *const fx_refs1[] = {"RFC 9110 \xC2\xA7" "15"};

static const sl_rule_info fx_rule0 = {
    .id = "dav.207-non-webdav-method", .title = "207 Multi-Status answering a non-WebDAV method",
    .description = "207 is defined only for WebDAV methods such as PROPFIND.",
    .severity = SL_SEV_WARNING, .default_severity = SL_SEV_WARNING, .codes = fx_codes0, .ncodes = 1,
    .suggest = fx_suggest0, .nsuggest = 1, .references = fx_refs0, .nrefs = 2, .tags = fx_tags0,
    .ntags = 1, .enabled = true};
static const sl_rule_info fx_rule1 = {
    .id = "status.out-of-range", .title = "Status code outside 100..599",
    .description = "A \"status\" <outside> the 1xx-5xx classes & not a code at all.",
    .severity = SL_SEV_ERROR, .default_severity = SL_SEV_ERROR, .references = fx_refs1, .nrefs = 1,
    .enabled = true};
static const sl_rule_info fx_rule2 = {
    .id = "body.204-with-body", .title = "204 No Content with a body", .severity = SL_SEV_INFO,
    .default_severity = SL_SEV_WARNING, .enabled = true};
static const sl_rule_info fx_rule3 = {
    .id = "off.disabled", .title = "A disabled rule", .severity = SL_SEV_INFO, .enabled = false};
static const sl_rule_info *const fx_rules[] = {&fx_rule0, &fx_rule1, &fx_rule2, &fx_rule3};
#define FX_NRULES 4

/* ESC [31m, BEL, NUL, quotes, backslash, invalid UTF-8 (ff, c3 28), <&>, LF, CR, DEL, C1
 * (c2 9b), RLO (e2 80 ae) and a valid é. */
static const char fx_hostile[] = "GET /x\x1b[31mred\x07\x00\"q\"\\ \xff\xc3\x28 <&> a\nb\rc\x7f"
                                 "\xc2\x9b" "d\xe2\x80\xae" "e \xc3\xa9";
#define FX_HOSTILE_LEN (sizeof fx_hostile - 1)
static const char fx_hostile_path[] = "/a,b:c%d\x1b]0;x\x07/\xfe";

static sl_finding fx_finding(size_t i)
{
    sl_finding f;
    memset(&f, 0, sizeof f);
    if (i % 3 == 0) {
        f = (sl_finding){.file = "logs/access.log", .line = 42, .rule = 0, .info = &fx_rule0,
                         .severity = SL_SEV_WARNING, .status = 207, .method = SL_SLICE_LIT("GET"),
                         .path = SL_SLICE_LIT("/api/items"), .has_time = true, .time = 1795514410,
                         .message = SL_SLICE_LIT("GET /api/items answered 207 Multi-Status")};
    } else if (i % 3 == 1) {
        f = (sl_finding){.file = "logs/we\x1b[2Jird log.gz", .line = 7, .rule = 1, .info = &fx_rule1,
                         .severity = SL_SEV_ERROR, .status = 600,
                         .method = sl_slice_make(fx_hostile, 3),
                         .path = sl_slice_make(fx_hostile_path, sizeof fx_hostile_path - 1),
                         .host = SL_SLICE_LIT("Example.COM"),
                         .message = sl_slice_make(fx_hostile, FX_HOSTILE_LEN)};
    } else {
        f = (sl_finding){.file = "/var/log/nginx/a&b.log", .line = 3, .rule = 0, .info = &fx_rule0,
                         .severity = SL_SEV_WARNING, .status = -1,
                         .message = SL_SLICE_LIT("no status <here>")};
    }
    f.fingerprint = sl_fingerprint(f.info->id, f.host, f.method, f.path, f.status);
    f.line += i;
    return f;
}

static uint64_t fx_by_rule[FX_NRULES];

/* The summary after findings 0..n-1 (baselined ones counted apart). */
static sl_summary fx_summary(size_t n, const bool *baselined)
{
    static sl_summary s;
    memset(&s, 0, sizeof s);
    memset(fx_by_rule, 0, sizeof fx_by_rule);
    s.files = 2; s.lines = 100; s.records = 90; s.rejected = 6; s.skipped = 4; s.bytes = 12345;
    s.status[200] = 80; s.status[207] = 5; s.status[600] = 3; s.status[299] = 1; s.status_other = 1;
    for (size_t i = 0; i < n; i++) {
        sl_finding f = fx_finding(i);
        if (baselined && baselined[i]) { s.baselined++; continue; }
        s.findings[f.severity]++;
        fx_by_rule[f.rule]++;
    }
    s.by_rule = fx_by_rule; s.nrules = FX_NRULES;
    s.samples[0] = (sl_reject_sample){"logs/we\x1b[2Jird log.gz", 9, "no closing quote"};
    s.samples[1] = (sl_reject_sample){"logs/access.log", 11, "status is not a number"};
    s.nsamples = 2;
    s.started = 1795514400; s.finished = 1795514410; s.seconds = 1.25; s.success = true;
    return s;
}

/* Runs one sink over findings 0..n-1 into out, through the run's fan-out (which keeps
 * baselined findings from sinks that do not show them); returns the sink for notes (caller
 * frees). */
static sl_sink *fx_run(const char *fmt, FILE *out, size_t n, size_t max_results, const bool *baselined)
{
    sl_sink_opts o = {.color = false, .version = "1.2.3", .max_results = max_results};
    sl_sink *s = sl_sink_new(fmt, out, NULL, &o);
    if (!s) return NULL;
    sl_sink_set_rules(s, fx_rules, FX_NRULES);
    if (baselined) sl_sink_set_baseline(s, true);
    s->vt->begin(s);
    sl_fanout fo;
    sl_fanout_init(&fo);
    sl_fanout_add(&fo, s);
    for (size_t i = 0; i < n; i++) {
        sl_finding f = fx_finding(i);
        f.baselined = baselined && baselined[i];
        sl_fanout_finding(&fo, &f);
    }
    sl_summary sum = fx_summary(n, baselined);
    s->vt->end(s, &sum);
    return s;
}

#endif
