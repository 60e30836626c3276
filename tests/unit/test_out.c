/* test_out.c: drives every sink with synthetic findings (hostile bytes included) and checks
 * exact text/jsonl output, escaping, caps, baselines and that no raw control byte leaks.
 * Schema validation of the same outputs is tests/validate (label validate). */
#include "output/out_esc.h"
#include "base/sl_term.h"
#include "test_out_fixture.h"
#include "tinytest.h"
#include <stdlib.h>
#include <unistd.h>

static char *render(const char *fmt, size_t n, size_t max, const bool *bl, size_t *len, const char **note)
{
    char *buf = NULL;
    size_t sz = 0;
    FILE *f = open_memstream(&buf, &sz);
    sl_sink *s = fx_run(fmt, f, n, max, bl);
    if (note) *note = s && sl_sink_note(s) ? strdup(sl_sink_note(s)) : NULL;
    sl_sink_free(s);
    fclose(f);
    if (len) *len = sz;
    return buf;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle)) n++;
    return n;
}

/* No C0 (but LF; TAB), no DEL, no C1 as raw byte or as UTF-8. */
static bool clean(const char *p, size_t n, bool allow_esc)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == 0x1b && allow_esc) continue;
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) return false;
        if (c == 0xc2 && i + 1 < n && (unsigned char)p[i + 1] >= 0x80 && (unsigned char)p[i + 1] <= 0x9f) return false;
    }
    return true;
}

TEST(formats_known)
{
    size_t n = 0;
    while (sl_sink_kinds[n]) n++;
    INT_EQ(n, 11);
    CHECK(sl_sink_new("nope", stdout, NULL, NULL) == NULL);
    CHECK(sl_sink_kind("nope") == NULL && sl_sink_kind(NULL) == NULL);
    for (size_t i = 0; i < n; i++) {
        const sl_sink_vt *k = sl_sink_kinds[i];
        CHECK(sl_sink_kind(k->name) == k);
        CHECK(k->begin && k->finding && k->end && k->size >= sizeof(sl_sink));
        for (size_t j = 0; j < i; j++) CHECK(strcmp(sl_sink_kinds[j]->name, k->name) != 0);
        sl_sink *s = sl_sink_new(k->name, stdout, NULL, NULL);
        CHECK(s && s->vt == k && !strcmp(s->vt->name, k->name));
        sl_sink_free(s);
    }
}

TEST(formats_derived_lookups)
{
    const struct { const char *path, *kind; } files[] = {
        {"r.sarif.json", "sarif"}, {"r.SARIF", "sarif"}, {"r.json", "json"}, {"R.JSON", "json"},
        {"r.jsonl", "jsonl"},      {"r.ndjson", "jsonl"}, {"r.xml", "junit"}, {"m.prom", "prometheus"},
        {"r.txt", NULL},           {".json", NULL},      {"report", NULL},   {"r.html", NULL}};
    for (size_t i = 0; i < SL_ARRAY_LEN(files); i++) {
        const sl_sink_vt *k = sl_sink_kind_of_file(files[i].path);
        TT_CHECK_(files[i].kind ? k && !strcmp(k->name, files[i].kind) : k == NULL, "%s gives %s",
                  files[i].path, k ? k->name : "none");
    }
    STR_EQ(sl_sink_nearest("jsn"), "json");
    STR_EQ(sl_sink_nearest("markdwon"), "markdown");
    STR_EQ(sl_sink_nearest("sarif"), "sarif");
    CHECK(sl_sink_nearest("xxxxxxxx") == NULL);
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    sl_sink_names(mem, ",");
    fclose(mem);
    STR_EQ(buf, "text,jsonl,json,sarif,codequality,junit,github,prometheus,openmetrics,markdown,partial");
    free(buf);
}

TEST(jsonl_exact)
{
    char *out = render("jsonl", 2, 0, NULL, NULL, NULL);
    sl_finding f0 = fx_finding(0), f1 = fx_finding(1);
    char want[2048];
    snprintf(want, sizeof want,
             "{\"file\":\"logs/access.log\",\"line\":42,\"rule\":\"dav.207-non-webdav-method\","
             "\"severity\":\"warning\",\"status\":207,\"method\":\"GET\",\"path\":\"/api/items\","
             "\"time\":\"2026-11-24T10:00:10Z\",\"message\":\"GET /api/items answered 207 Multi-Status\","
             "\"suggest\":[200],\"fingerprint\":\"%016llx\"}\n"
             "{\"file\":\"logs/we\\u001b[2Jird log.gz\",\"line\":8,\"rule\":\"status.out-of-range\","
             "\"severity\":\"error\",\"status\":600,\"method\":\"GET\",\"path\":\"/a,b:c%%d\\u001b]0;x\\u0007/\\ufffd\","
             "\"host\":\"Example.COM\",\"message\":\"GET /x\\u001b[31mred\\u0007\\u0000\\\"q\\\"\\\\ \\ufffd\\ufffd( <&> "
             "a\\u000ab\\u000dc\\u007f\\u009bd\\u202ee \xc3\xa9\",\"suggest\":[],\"fingerprint\":\"%016llx\"}\n",
             (unsigned long long)f0.fingerprint, (unsigned long long)f1.fingerprint);
    STR_EQ(out, want);
    free(out);
}

TEST(text_exact)
{
    size_t len;
    char *out = render("text", 2, 0, NULL, &len, NULL);
    const char *want2 = "logs/we\\x1b[2Jird log.gz:8: error: GET /x\\x1b[31mred\\x07\\x00\"q\"\\\\ \\xff\\xc3( <&> "
                        "a\\x0ab\\x0dc\\x7f\\u{009b}d\\u{202e}e \xc3\xa9 [status.out-of-range]\n";
    const char *want1 = "logs/access.log:42: warning: GET /api/items answered 207 Multi-Status "
                        "[dav.207-non-webdav-method]\n";
    CHECK(!strncmp(out, want1, strlen(want1)));
    CHECK(strstr(out, want2) != NULL);
    CHECK(strstr(out, "\n2 files, 100 lines: 90 records, 6 rejected, 4 skipped (1.25 s)\n"));
    CHECK(strstr(out, "  2xx              86\n"));
    CHECK(strstr(out, "  other             4\n"));  /* 600 x3 + no status */
    CHECK(strstr(out, "  200  "));
    CHECK(strstr(out, "Findings by rule:\n  dav.207-non-webdav-method  warning  1\n  status.out-of-range  error  1\n"));
    CHECK(strstr(out, "Findings: 1 error, 1 warning, 0 info\n"));
    CHECK(strstr(out, "  logs/we\\x1b[2Jird log.gz:9: no closing quote\n"));
    CHECK(clean(out, len, false));
    free(out);
}

TEST(text_color)
{
    char *buf = NULL;
    size_t sz = 0;
    FILE *f = open_memstream(&buf, &sz);
    sl_sink_opts o = {.color = true, .version = "1"};
    sl_sink *s = sl_sink_new("text", f, NULL, &o);
    sl_sink_set_rules(s, fx_rules, FX_NRULES);
    sl_finding fi = fx_finding(1);
    s->vt->begin(s);
    s->vt->finding(s, &fi);
    sl_sink_free(s);
    fclose(f);
    CHECK(strstr(buf, "\033[1;31merror\033[0m"));
    CHECK(strstr(buf, "we\\x1b[2Jird")); /* the log's ESC is still escaped */
    free(buf);
}

TEST(no_raw_controls_anywhere)
{
    for (size_t i = 0; sl_sink_kinds[i]; i++) {
        size_t len;
        const char *name = sl_sink_kinds[i]->name;
        char *out = render(name, 30, 0, NULL, &len, NULL);
        TT_CHECK_(out && len > 0 && clean(out, len, false), "%s leaks a control byte", name);
        free(out);
    }
}

TEST(json_document)
{
    char *out = render("json", 3, 0, NULL, NULL, NULL);
    CHECK(!strncmp(out, "{\"tool\":{\"name\":\"statuslint\",\"version\":\"1.2.3\"},\n\"findings\":[\n{\"file\"", 67));
    CHECK(strstr(out, "\"summary\":{\"files\":2,\"lines\":100,\"records\":90,\"rejected\":6,\"skipped\":4,"));
    CHECK(strstr(out, "\"findings\":{\"error\":1,\"warning\":2,\"info\":0}"));
    CHECK(strstr(out, "\"by_rule\":{\"dav.207-non-webdav-method\":2,\"status.out-of-range\":1,\"body.204-with-body\":0}"));
    CHECK(strstr(out, "\"status\":{\"200\":80,\"207\":5,\"299\":1,\"600\":3,\"other\":1}"));
    CHECK(strstr(out, "\"rejected_samples\":[\n{\"file\":\"logs/we\\u001b[2Jird log.gz\",\"line\":9,\"reason\":\"no closing quote\"}"));
    CHECK(strstr(out, "\"status\":null"));
    free(out);
}

TEST(sarif_cap_and_fingerprints)
{
    const char *note = NULL;
    char *out = render("sarif", 10, 25000, NULL, NULL, &note);
    INT_EQ(count(out, "\"ruleId\""), 10);
    CHECK(note == NULL);
    CHECK(strstr(out, "\"capped\":false"));
    sl_finding f0 = fx_finding(0);
    char h[64];
    snprintf(h, sizeof h, "\"%016llx:1\"", (unsigned long long)f0.fingerprint);
    CHECK(strstr(out, h));
    snprintf(h, sizeof h, "\"%016llx:4\"", (unsigned long long)f0.fingerprint); /* 0,3,6,9 */
    CHECK(strstr(out, h));
    CHECK(strstr(out, "\"uri\":\"logs/we%1B%5B2Jird%20log.gz\",\"uriBaseId\":\"%SRCROOT%\""));
    CHECK(strstr(out, "\"uri\":\"file:///var/log/nginx/a%26b.log\"}"));
    CHECK(strstr(out, "\"helpUri\":\"https://www.rfc-editor.org/rfc/rfc4918#section-11.1\""));
    CHECK(!strstr(out, "security-severity"));
    CHECK(!strstr(out, "baselineState"));
    free(out);
    free((void *)note);

    out = render("sarif", 100, 10, NULL, NULL, &note);
    CHECK(count(out, "\"ruleId\"") <= 10);
    INT_EQ(count(out, "\"aggregated\":true"), 2);
    CHECK(strstr(out, "\"capped\":true"));
    CHECK(strstr(out, "\"omittedFindings\":94"));
    CHECK(note && strstr(note, "94 findings"));
    free(out);
    free((void *)note);
}

TEST(sarif_baseline_state)
{
    bool bl[4] = {true, false, false, true};
    char *out = render("sarif", 4, 0, bl, NULL, NULL);
    INT_EQ(count(out, "\"baselineState\":\"unchanged\""), 2);
    INT_EQ(count(out, "\"baselineState\":\"new\""), 2);
    free(out);
    out = render("jsonl", 4, 0, bl, NULL, NULL);
    INT_EQ(count(out, "\n"), 2);  /* baselined findings are not reported */
    free(out);
}

TEST(codequality_unique)
{
    char *out = render("codequality", 9, 0, NULL, NULL, NULL);
    char fps[9][40];
    size_t n = 0;
    for (const char *p = out; (p = strstr(p, "\"fingerprint\":\"")) && n < 9; p += 15) {
        memcpy(fps[n], p + 15, 32);
        fps[n++][32] = '\0';
    }
    INT_EQ(n, 9);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) CHECK(strcmp(fps[i], fps[j]) != 0);
    CHECK(strstr(out, "\"severity\":\"critical\""));
    CHECK(strstr(out, "\"severity\":\"minor\""));
    CHECK(strstr(out, "\"path\":\"var/log/nginx/a&b.log\""));
    CHECK(out[0] == '[');
    free(out);
    out = render("codequality", 0, 0, NULL, NULL, NULL);
    STR_EQ(out, "[]\n");
    free(out);
}

TEST(junit_cases)
{
    char *out = render("junit", 50, 0, NULL, NULL, NULL);
    CHECK(strstr(out, "<testsuite name=\"statuslint\" tests=\"3\" failures=\"2\" errors=\"0\""));
    CHECK(strstr(out, "<testcase name=\"body.204-with-body\" classname=\"statuslint.body\" time=\"0.000\"/>"));
    CHECK(strstr(out, "<failure message=\"33 findings: 207 Multi-Status answering a non-WebDAV method\" type=\"warning\">"));
    CHECK(strstr(out, "... and 13 more\n</failure>"));
    CHECK(strstr(out, "logs/we[2Jird log.gz:8: error: GET /x[31mred&quot;q&quot;\\ \xef\xbf\xbd\xef\xbf\xbd( &lt;&amp;&gt; a\nb&#13;cd" "e \xc3\xa9\n"));
    CHECK(!strstr(out, "off.disabled"));
    free(out);
}

TEST(github_commands)
{
    const char *note = NULL;
    char *out = render("github", 2, 0, NULL, NULL, NULL);
    CHECK(strstr(out, "::warning file=logs/access.log,line=42,title=dav.207-non-webdav-method::GET /api/items answered 207 Multi-Status\n"));
    CHECK(strstr(out, "::error file=logs/we\\x1b[2Jird log.gz,line=8,title=status.out-of-range::GET /x\\x1b[31mred\\x07\\x00\"q\"\\ "
                      "\xef\xbf\xbd\xef\xbf\xbd( <&> a%0Ab%0Dc\\x7f\\u{009b}d\\u{202e}e \xc3\xa9\n"));
    CHECK(strstr(out, "::notice title=statuslint::1 error, 1 warning, 0 info findings"));
    free(out);
    out = render("github", 300, 0, NULL, NULL, &note);
    INT_EQ(count(out, "::warning "), 10); /* GitHub shows 10 per level per step */
    INT_EQ(count(out, "::error "), 10);
    CHECK(strstr(out, "statuslint: 190 more warning findings were not annotated"));
    CHECK(strstr(out, "statuslint: 90 more error findings were not annotated"));
    CHECK(!strncmp(out, "::notice title=statuslint::100 error, 200 warning, 0 info", 57)); /* summary first */
    CHECK(note != NULL);
    free(out);
    free((void *)note);
}

TEST(prometheus_text)
{
    char *out = render("prometheus", 3, 0, NULL, NULL, NULL);
    /* one run's values are gauges: a smaller run is no counter reset */
    CHECK(strstr(out, "# HELP statuslint_last_run_lines Physical lines the last run read.\n"
                      "# TYPE statuslint_last_run_lines gauge\nstatuslint_last_run_lines 100\n"));
    CHECK(strstr(out, "statuslint_last_run_responses{code=\"207\",class=\"2xx\"} 5\n"));
    CHECK(strstr(out, "statuslint_last_run_responses{code=\"600\",class=\"other\"} 3\n"));
    CHECK(strstr(out, "statuslint_last_run_findings{rule=\"dav.207-non-webdav-method\",severity=\"warning\"} 2\n"));
    CHECK(strstr(out, "statuslint_last_run_findings{rule=\"body.204-with-body\",severity=\"info\"} 0\n"));
    CHECK(strstr(out, "statuslint_last_run_timestamp_seconds 1795514410\n"));
    CHECK(strstr(out, "statuslint_last_run_success 1\n"));
    CHECK(strstr(out, "statuslint_last_run_rules_off 0\n"));
    CHECK(!strstr(out, "_total"));
    CHECK(!strstr(out, " counter\n"));
    CHECK(!strstr(out, "newest_record")); /* no record time in the fixture: no sample */
    CHECK(!strstr(out, "/api/items"));
    free(out);
    out = render("openmetrics", 3, 0, NULL, NULL, NULL);
    CHECK(strstr(out, "# TYPE statuslint_last_run_lines gauge\n# HELP statuslint_last_run_lines Physical lines the last run read.\nstatuslint_last_run_lines 100\n"));
    CHECK(strstr(out, "# TYPE statuslint_last_run_read_bytes gauge\n# UNIT statuslint_last_run_read_bytes bytes\n"));
    CHECK(strstr(out, "# TYPE statuslint_build info\n"));
    size_t n = strlen(out);
    CHECK(n > 6 && !strcmp(out + n - 6, "# EOF\n"));
    free(out);
}

/* A sink over findings 0..n-1 with --fail-on and a rule switched off for the input. */
static char *render_ci(const char *fmt, size_t n, int fail_on, const bool *bl)
{
    char *buf = NULL;
    size_t sz = 0;
    FILE *f = open_memstream(&buf, &sz);
    sl_sink_opts o = {.version = "1.2.3"};
    sl_sink *s = sl_sink_new(fmt, f, NULL, &o);
    sl_sink_set_rules(s, fx_rules, FX_NRULES);
    sl_sink_set_fail_on(s, fail_on);
    if (bl) sl_sink_set_baseline(s, true);
    sl_sink_rule_off(s, 2, "off for a.log: the log format does not record <bytes> & more");
    sl_sink_rule_off(s, 2, "a second reason is not kept");
    s->vt->begin(s);
    sl_fanout fo; /* the run's path: baselined findings reach only the sinks that show them */
    sl_fanout_init(&fo);
    sl_fanout_add(&fo, s);
    for (size_t i = 0; i < n; i++) {
        sl_finding fi = fx_finding(i);
        fi.baselined = bl && bl[i];
        sl_fanout_finding(&fo, &fi);
    }
    sl_summary sum = fx_summary(n, bl);
    s->vt->end(s, &sum);
    sl_sink_free(s);
    fclose(f);
    return buf;
}

TEST(junit_follows_fail_on)
{
    char *out = render_ci("junit", 3, SL_SEV_ERROR, NULL);
    /* the warning rule fired below --fail-on error: it passes, findings in system-out */
    CHECK(strstr(out, "tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\""));
    CHECK(strstr(out, "<system-out>2 warning findings, below --fail-on:\nlogs/access.log:42: warning:"));
    CHECK(strstr(out, "<failure message=\"1 finding: Status code outside 100..599\" type=\"error\">"));
    CHECK(strstr(out, "<testcase name=\"body.204-with-body\" classname=\"statuslint.body\" time=\"0.000\">\n"
                      "      <skipped message=\"off for a.log: the log format does not record &lt;bytes&gt; &amp; more\"/>\n"
                      "    </testcase>\n"));
    free(out);
    out = render_ci("junit", 3, SL_SEV_WARNING, NULL);
    CHECK(strstr(out, "failures=\"2\" errors=\"0\" skipped=\"1\""));
    free(out);
    out = render_ci("junit", 3, SL_SEV_NONE, NULL);
    CHECK(strstr(out, "failures=\"0\" errors=\"0\" skipped=\"1\""));
    CHECK(!strstr(out, "<failure"));
    free(out);
}

TEST(markdown_report)
{
    bool bl[6] = {false, false, false, true, false, false};
    char *out = render_ci("markdown", 6, SL_SEV_ERROR, bl);
    CHECK(!strncmp(out, "## statuslint\n\n**5 new findings** (2 error, 3 warning, 0 info), 1 already in the baseline. "
                        "**Fails** at `--fail-on error`.\n", 107));
    CHECK(strstr(out, "| rule | severity | new | baselined | first example |\n|---|---|---:|---:|---|\n"));
    /* most severe first; counts exclude the baselined one */
    const char *err = strstr(out, "| status.out-of-range | error | 2 | 0 | logs/we");
    const char *warn = strstr(out, "| dav.207-non-webdav-method | warning | 3 | 1 | logs/access.log:42: GET /api/items answered 207 Multi-Status |");
    CHECK(err && warn && err < warn);
    /* hostile bytes: no raw control, no markup, mention, entity or cell break */
    CHECK(err && strstr(err, "\\<&#38;\\>"));
    CHECK(!strstr(out, "<&>"));
    CHECK(clean(out, strlen(out), false));
    for (const char *p = err ? err + 1 : NULL; p && *p && *p != '\n'; p++) CHECK(*p != '|' || p[-1] == '\\' || p[-1] == ' ');
    free(out);
    out = render_ci("markdown", 0, SL_SEV_NONE, NULL);
    CHECK(strstr(out, "**0 new findings** (0 error, 0 warning, 0 info). Never fails (`--fail-on none`).\n"));
    CHECK(!strstr(out, "| rule |"));
    free(out);
}

TEST(github_order_and_summary)
{
    char path[] = "/tmp/sl-gh-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    setenv("GITHUB_STEP_SUMMARY", path, 1);
    char *out = render_ci("github", 30, SL_SEV_ERROR, NULL);
    unsetenv("GITHUB_STEP_SUMMARY");
    CHECK(!strncmp(out, "::notice title=statuslint::", 27));
    const char *e = strstr(out, "::error "), *w = strstr(out, "::warning ");
    CHECK(e && w && e < w); /* most severe first */
    INT_EQ(count(out, "::warning "), 10);
    FILE *f = fopen(path, "r");
    char md[4096] = "";
    CHECK(f && fread(md, 1, sizeof md - 1, f) > 0);
    if (f) fclose(f);
    CHECK(!strncmp(md, "## statuslint\n", 14));
    CHECK(strstr(md, "| dav.207-non-webdav-method | warning | 20 |"));
    unlink(path);
    free(out);
}

TEST(escapers)
{
    char *buf = NULL;
    size_t sz = 0;
    FILE *f = open_memstream(&buf, &sz);
    out_uri_esc(f, "logs/a b%\xc3\xa9.log");
    fputc('|', f);
    out_prom_esc(f, "a\"b\\c\nd");
    fputc('|', f);
    out_json_str(f, SL_SLICE_LIT("abcdef\xc3\xa9z"), 7); /* é would straddle the cap */
    fputc('|', f);
    out_xml_esc(f, SL_SLICE_LIT("a\tb\x01'\xef\xbf\xbe"), 0, true);
    fclose(f);
    STR_EQ(buf, "logs/a%20b%25%C3%A9.log|a\\\"b\\\\c\\nd|\"abcdef...\"|a&#9;b&apos;\xef\xbf\xbd");
    free(buf);
    uint32_t cp;
    INT_EQ(sl_utf8_next((const unsigned char *)"\xed\xa0\x80", 3, &cp), 0); /* surrogate */
    INT_EQ(sl_utf8_next((const unsigned char *)"\xc0\xaf", 2, &cp), 0);     /* overlong */
    INT_EQ(sl_utf8_next((const unsigned char *)"\xf4\x90\x80\x80", 4, &cp), 0);
    INT_EQ(sl_utf8_next((const unsigned char *)"\xf0\x9f\x98\x80", 4, &cp), 4);
    INT_EQ(cp, 0x1F600);
}

/* Valid UTF-8 throughout (the decoder accepts what it writes). */
static bool utf8_ok(const char *p, size_t n)
{
    uint32_t cp;
    for (size_t i = 0; i < n;) {
        size_t l = sl_utf8_next((const unsigned char *)p + i, n - i, &cp);
        if (!l) return false;
        i += l;
    }
    return true;
}

TEST(random_bytes_every_escaper)
{
    unsigned seed = 12345;
    char in[65];
    for (int round = 0; round < 5000; round++) {
        size_t n = (size_t)(round % 64);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            in[i] = (char)(seed >> 16);
        }
        in[n] = '\0';
        sl_slice s = sl_slice_make(in, n);
        char *buf = NULL;
        size_t sz = 0;
        FILE *f = open_memstream(&buf, &sz);
        out_text_esc(f, s, 0);
        out_json_esc(f, s, 0);
        out_xml_esc(f, s, 0, true);
        out_gh_esc(f, s, 0, round & 1);
        out_json_esc(f, s, 17);
        out_prom_esc(f, in[0] ? in : "x"); /* up to the first NUL */
        fclose(f);
        bool ok = clean(buf, sz, false) && utf8_ok(buf, sz) && !memchr(buf, '\n', sz);
        TT_CHECK_(ok, "round %d: raw control, newline or bad UTF-8 in the output", round);
        free(buf);
        if (!ok) break;
    }
}

int main(void)
{
    RUN(formats_known);
    RUN(formats_derived_lookups);
    RUN(jsonl_exact);
    RUN(text_exact);
    RUN(text_color);
    RUN(no_raw_controls_anywhere);
    RUN(json_document);
    RUN(sarif_cap_and_fingerprints);
    RUN(sarif_baseline_state);
    RUN(codequality_unique);
    RUN(junit_cases);
    RUN(github_commands);
    RUN(junit_follows_fail_on);
    RUN(markdown_report);
    RUN(github_order_and_summary);
    RUN(prometheus_text);
    RUN(escapers);
    RUN(random_bytes_every_escaper);
    return tt_report();
}
