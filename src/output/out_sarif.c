/* out_sarif.c: the SARIF 2.1.0 sink, shaped for GitHub code scanning (outputs.md §1):
 * full rule metadata, one result per finding with a physical location and a
 * primaryLocationLineHash from the stable fingerprint, baselineState when a baseline was
 * given, and a cap (opts.max_results) past which findings are aggregated per rule, said in
 * run.properties and in the sink's note. Never writes a result without a location and never
 * writes security-severity: status-code misuse is not a security problem. */
#include "output/out_esc.h"
#include "output/out_sink.h"
#include "base/sl_alloc.h"
#include "base/sl_buf.h"
#include "record/rec.h"
#include <inttypes.h>
#include <stdlib.h>

typedef struct sarif_first { /* the first finding of a rule that did not get its own result */
    char *file;
    uint64_t line;
} sarif_first;

typedef struct sarif_sink {
    out_sink base;
    size_t limit, cap;          /* all results; individual results before aggregation */
    uint64_t emitted, findings, omitted, omitted_unlisted;
    uint64_t *omitted_by_rule;  /* [nrules] */
    sarif_first *first;         /* [nrules] */
    size_t nrules;
    out_counter repeats;
} sarif_sink;


static const char *level_of(sl_severity s)
{
    return s == SL_SEV_ERROR ? "error" : s == SL_SEV_WARNING ? "warning" : "note";
}

/* "dav.207-non-webdav-method" -> "Dav207NonWebdavMethod" */
static void pascal_name(FILE *f, const char *id)
{
    bool up = true;
    fputc('"', f);
    for (const char *p = id; *p; p++) {
        char c = *p;
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum) { up = true; continue; }
        fputc(up && c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c, f);
        up = false;
    }
    fputc('"', f);
}

static void help_texts(const sl_rule_info *r, sl_buf *text, sl_buf *md)
{
    sl_buf_printf(text, "%s.", r->title ? r->title : r->id);
    sl_buf_printf(md, "**%s**", r->title ? r->title : r->id);
    if (r->description) {
        sl_buf_printf(text, "\n\n%s", r->description);
        sl_buf_printf(md, "\n\n%s", r->description);
    }
    for (size_t i = 0; i < r->nsuggest; i++) {
        sl_buf_printf(text, "%s%d", i ? ", " : "\n\nProbably meant: ", r->suggest[i]);
        sl_buf_printf(md, "%s%d", i ? ", " : "\n\nProbably meant: ", r->suggest[i]);
    }
    for (size_t i = 0; i < r->nrefs; i++) {
        char url[256];
        bool ok = sl_reference_url(r->references[i], url, sizeof url);
        sl_buf_printf(text, "%s%s", i ? "\n- " : "\n\nReferences:\n- ", r->references[i]);
        sl_buf_printf(md, "%s", i ? "\n- " : "\n\nReferences:\n- ");
        if (ok) {
            sl_buf_printf(text, " <%s>", url);
            sl_buf_printf(md, "[%s](%s)", r->references[i], url);
        } else sl_buf_printf(md, "%s", r->references[i]);
    }
}

static void rule_props(FILE *f, const sl_rule_info *r)
{
    fputs(",\"properties\":{\"tags\":[\"http\",\"status-code\"", f);
    for (size_t i = 0; i < r->ntags && i < 18; i++) {
        fputc(',', f);
        out_json_cstr(f, r->tags[i]);
    }
    fprintf(f, "],\"precision\":\"high\",\"problem.severity\":\"%s\"}}",
            r->severity == SL_SEV_ERROR ? "error"
            : r->severity == SL_SEV_WARNING ? "warning" : "recommendation");
}

static void rule_object(FILE *f, const sl_rule_info *r)
{
    const char *title = r->title && *r->title ? r->title : r->id;
    sl_buf text, md;
    sl_buf_init(&text, 1 << 16);
    sl_buf_init(&md, 1 << 16);
    help_texts(r, &text, &md);
    fputs("{\"id\":", f);
    out_json_cstr(f, r->id);
    fputs(",\"name\":", f);
    pascal_name(f, r->id);
    fputs(",\"shortDescription\":{\"text\":", f);
    out_json_str(f, sl_slice_cstr(title), 1000);
    fputs("},\"fullDescription\":{\"text\":", f);
    out_json_str(f, sl_slice_cstr(r->description && *r->description ? r->description : title), 1000);
    fputs("},\"help\":{\"text\":", f);
    out_json_str(f, sl_slice_make(text.p ? text.p : "", text.n), 0);
    fputs(",\"markdown\":", f);
    out_json_str(f, sl_slice_make(md.p ? md.p : "", md.n), 0);
    fputc('}', f);
    char url[256];
    if (r->nrefs && sl_reference_url(r->references[0], url, sizeof url)) {
        fputs(",\"helpUri\":", f);
        out_json_cstr(f, url);
    }
    fprintf(f, ",\"defaultConfiguration\":{\"level\":\"%s\",\"enabled\":%s}",
            level_of(r->severity), r->enabled ? "true" : "false");
    rule_props(f, r);
    sl_buf_fini(&text);
    sl_buf_fini(&md);
}

static sl_status sarif_begin(sl_sink *s)
{
    sarif_sink *z = (sarif_sink *)s;
    FILE *f = s->out;
    z->nrules = out_rule_count(s);
    z->limit = s->opts.max_results;
    size_t reserve = z->nrules < z->limit / 2 ? z->nrules : z->limit / 2;
    z->cap = z->limit - reserve;
    z->omitted_by_rule = sl_xcalloc(z->nrules + 1, sizeof *z->omitted_by_rule);
    z->first = sl_xcalloc(z->nrules + 1, sizeof *z->first);
    out_counter_init(&z->repeats, z->limit + 1);
    fputs("{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\n"
          "\"runs\":[{\"tool\":{\"driver\":{\"name\":\"statuslint\",\"version\":", f);
    out_json_cstr(f, s->opts.version);
    fputs(",\"semanticVersion\":", f);
    out_json_cstr(f, s->opts.version);
#ifdef SL_HOMEPAGE
    fputs(",\"informationUri\":\"" SL_HOMEPAGE "\"", f);
#endif
    fputs(",\n\"rules\":[", f);
    for (size_t i = 0; i < z->nrules; i++) {
        fputs(i ? ",\n" : "\n", f);
        rule_object(f, out_rule(s, i));
    }
    fputs("]}},\n\"results\":[", f);
    return out_check(f);
}

static void location(FILE *f, const char *file, uint64_t line)
{
    const char *p = file && *file ? file : "stdin";
    while (p[0] == '.' && p[1] == '/') p += 2;
    fputs("\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"", f);
    if (*p == '/') {
        fputs("file://", f);
        out_uri_esc(f, p);
        fputs("\"}", f);
    } else {
        out_uri_esc(f, p);
        fputs("\",\"uriBaseId\":\"%SRCROOT%\"}", f);
    }
    fprintf(f, ",\"region\":{\"startLine\":%" PRIu64 "}}}]", line ? line : 1);
}

static void result_head(FILE *f, const char *rule_id, size_t index, bool indexed, sl_severity sev)
{
    fputs("{\"ruleId\":", f);
    out_json_cstr(f, rule_id);
    if (indexed) fprintf(f, ",\"ruleIndex\":%zu", index);
    fprintf(f, ",\"level\":\"%s\",", level_of(sev));
}

static sl_status sarif_finding(sl_sink *s, const sl_finding *fi)
{
    sarif_sink *z = (sarif_sink *)s;
    FILE *f = s->out;
    bool base = z->base.baseline || fi->baselined;
    z->findings++;
    if (z->emitted >= z->cap) {
        z->omitted++;
        if (fi->rule >= z->nrules) { z->omitted_unlisted++; return SL_OK; }
        if (!z->omitted_by_rule[fi->rule]++)
            z->first[fi->rule] = (sarif_first){sl_xstrdup(fi->file ? fi->file : ""), fi->line};
        return SL_OK;
    }
    fputs(z->emitted++ ? ",\n" : "\n", f);
    result_head(f, out_finding_rule_id(fi), fi->rule, fi->rule < z->nrules, fi->severity);
    fputs("\"message\":{\"text\":", f);
    if (fi->message.p && fi->message.n) out_json_str(f, fi->message, 2000);
    else out_json_cstr(f, fi->info && fi->info->title ? fi->info->title : out_finding_rule_id(fi));
    fputs("},", f);
    location(f, fi->file, fi->line);
    uint32_t n = out_counter_next(&z->repeats, fi->fingerprint);
    fprintf(f, ",\"partialFingerprints\":{\"primaryLocationLineHash\":\"%016" PRIx64 ":%" PRIu32 "\"}",
            fi->fingerprint, n ? n : (uint32_t)z->emitted);
    if (base) fprintf(f, ",\"baselineState\":\"%s\"", fi->baselined ? "unchanged" : "new");
    if (fi->status >= 0 || fi->route.p) { /* property bag: free-form per SARIF 2.1.0 §3.8 */
        fputs(",\"properties\":{", f);
        if (fi->status >= 0) fprintf(f, "\"status\":%d", fi->status);
        if (fi->route.p) {
            fputs(fi->status >= 0 ? ",\"route\":" : "\"route\":", f);
            out_json_str(f, fi->route, 2000);
        }
        fputc('}', f);
    }
    fputc('}', f);
    return out_check(f);
}

static uint64_t agg_hash(const char *id)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (const char *p = "statuslint.omitted\x1f"; *p; p++) h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
    for (const char *p = id; *p; p++) h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
    return h;
}

/* One result per rule whose findings were cut, while there is room under the limit. */
static void sarif_aggregates(sl_sink *s)
{
    sarif_sink *z = (sarif_sink *)s;
    FILE *f = s->out;
    for (size_t i = 0; i < z->nrules; i++) {
        uint64_t n = z->omitted_by_rule[i];
        if (!n || z->emitted >= z->limit) continue;
        const sl_rule_info *r = out_rule(s, i);
        fputs(z->emitted++ ? ",\n" : "\n", f);
        result_head(f, r->id, i, true, r->severity);
        fprintf(f, "\"message\":{\"text\":\"%" PRIu64 " more findings of this rule were not listed "
                   "(the report holds at most %zu results). The first is here; see the jsonl or "
                   "text output for all.\"},", n, z->limit);
        location(f, z->first[i].file, z->first[i].line);
        fprintf(f, ",\"partialFingerprints\":{\"primaryLocationLineHash\":\"%016" PRIx64 ":1\"}",
                agg_hash(r->id));
        fprintf(f, ",\"properties\":{\"aggregated\":true,\"count\":%" PRIu64 "}}", n);
    }
}

static sl_status sarif_end(sl_sink *s, const sl_summary *sum)
{
    sarif_sink *z = (sarif_sink *)s;
    FILE *f = s->out;
    sarif_aggregates(s);
    char a[21], b[21];
    sl_time_iso(sum->started, a);
    sl_time_iso(sum->finished, b);
    fprintf(f, "\n],\n\"invocations\":[{\"executionSuccessful\":%s,\"startTimeUtc\":\"%s\","
               "\"endTimeUtc\":\"%s\"}],\n",
            sum->success ? "true" : "false", a, b);
    fprintf(f, "\"properties\":{\"findings\":%" PRIu64 ",\"results\":%" PRIu64
               ",\"maxResults\":%zu,\"capped\":%s,\"omittedFindings\":%" PRIu64 "}}]}\n",
            z->findings, z->emitted, z->limit, z->omitted ? "true" : "false", z->omitted);
    if (z->omitted)
        snprintf(z->base.note, sizeof z->base.note,
                 "sarif: %" PRIu64 " findings over the cap of %zu results were aggregated into "
                 "one result per rule (run.properties says how many)", z->omitted, z->limit);
    return out_check(f);
}

static void sarif_free(sl_sink *s)
{
    sarif_sink *z = (sarif_sink *)s;
    for (size_t i = 0; z->first && i < z->nrules; i++) free(z->first[i].file);
    free(z->first);
    free(z->omitted_by_rule);
    out_counter_fini(&z->repeats);
}

const sl_sink_vt out_sarif_vt = {
    .name = "sarif", .size = sizeof(sarif_sink), .exts = ".sarif .sarif.json", .baselined = true,
    .begin = sarif_begin, .finding = sarif_finding, .end = sarif_end, .free = sarif_free};
