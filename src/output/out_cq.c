/* out_cq.c: the GitLab Code Quality sink: one JSON array of CodeClimate-style issues
 * (description, check_name, fingerprint, severity, location.path + lines.begin), streamed.
 * Fingerprints are unique per finding and stable across line shifts: the finding's stable
 * fingerprint plus the count of its earlier repeats. Severity (outputs.md §2): info -> info,
 * warning -> minor, error -> critical. Paths are made relative (GitLab rejects absolute). */
#include "output/out_esc.h"
#include "output/out_sink.h"
#include <inttypes.h>

typedef struct cq_sink {
    out_sink base;
    uint64_t n;
    out_counter repeats;
} cq_sink;


static const char *cq_severity(sl_severity s)
{
    return s == SL_SEV_ERROR ? "critical" : s == SL_SEV_WARNING ? "minor" : "info";
}

static uint64_t mix(uint64_t h, uint64_t v)
{
    for (int i = 0; i < 8; i++) h = (h ^ ((v >> (8 * i)) & 0xff)) * 0x100000001b3ull;
    return h;
}

static uint64_t mix_str(uint64_t h, const char *s)
{
    for (; s && *s; s++) h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
    return h;
}

static sl_status cq_begin(sl_sink *s)
{
    out_counter_init(&((cq_sink *)s)->repeats, (size_t)1 << 20);
    fputc('[', s->out);
    return out_check(s->out);
}

static void cq_path(FILE *f, const char *file)
{
    const char *p = file && *file ? file : "stdin";
    for (;;) {
        if (p[0] == '/') p++;
        else if (p[0] == '.' && p[1] == '/') p += 2;
        else break;
    }
    out_json_cstr(f, *p ? p : "stdin");
}

static sl_status cq_finding(sl_sink *s, const sl_finding *fi)
{
    cq_sink *c = (cq_sink *)s;
    FILE *f = s->out;
    uint32_t n = out_counter_next(&c->repeats, fi->fingerprint);
    uint64_t second = n ? mix(0xcbf29ce484222325ull, n)
                        : mix(mix_str(0x84222325cbf29ce4ull, fi->file), fi->line);
    fputs(c->n++ ? ",\n{\"type\":\"issue\",\"check_name\":" : "\n{\"type\":\"issue\",\"check_name\":", f);
    out_json_cstr(f, out_finding_rule_id(fi));
    fputs(",\"description\":", f);
    if (fi->message.p && fi->message.n) out_json_str(f, fi->message, 2000);
    else out_json_cstr(f, fi->info && fi->info->title ? fi->info->title : out_finding_rule_id(fi));
    fprintf(f, ",\"categories\":[\"Bug Risk\"],\"fingerprint\":\"%016" PRIx64 "%016" PRIx64 "\"",
            fi->fingerprint, mix(second, fi->fingerprint));
    fprintf(f, ",\"severity\":\"%s\",\"location\":{\"path\":", cq_severity(fi->severity));
    cq_path(f, fi->file);
    fprintf(f, ",\"lines\":{\"begin\":%" PRIu64 "}}}", fi->line ? fi->line : 1);
    return out_check(f);
}

static sl_status cq_end(sl_sink *s, const sl_summary *sum)
{
    fputs(((cq_sink *)s)->n ? "\n]\n" : "]\n", s->out);
    return out_check(s->out);
}

static void cq_free(sl_sink *s) { out_counter_fini(&((cq_sink *)s)->repeats); }

const sl_sink_vt out_cq_vt = {
    .name = "codequality", .size = sizeof(cq_sink), .exts = NULL,
    .begin = cq_begin, .finding = cq_finding, .end = cq_end, .free = cq_free};
