/* out_emit.c: writes every output format from synthetic findings (hostile bytes included)
 * into a directory, through sl_outfile, for the real validators run by check.sh:
 *   out_emit DIR  ->  DIR/{findings.jsonl,report.json,report.sarif,capped.sarif,empty-*,
 *                      baseline.sarif,gl-code-quality.json,junit.xml,metrics.prom,
 *                      metrics.om,github.txt,report.txt}
 * Exits 1 if any file could not be written. */
#include "../unit/test_out_fixture.h"
#include <stdlib.h>

static int emit(const char *dir, const char *name, const char *fmt, size_t n, size_t max,
                const bool *baselined)
{
    char path[1024], err[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    sl_outfile *o = sl_outfile_open(path, err, sizeof err);
    if (!o) { fprintf(stderr, "%s\n", err); return 1; }
    sl_sink *s = fx_run(fmt, sl_outfile_stream(o), n, max, baselined);
    if (s && sl_sink_note(s)) fprintf(stderr, "note: %s\n", sl_sink_note(s));
    sl_sink_free(s);
    if (sl_outfile_commit(o, err, sizeof err) != SL_OK) { fprintf(stderr, "%s\n", err); return 1; }
    return s ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc != 2) { fprintf(stderr, "usage: out_emit DIR\n"); return 2; }
    static bool bl[60];
    for (size_t i = 0; i < 60; i++) bl[i] = i % 4 == 0;
    const char *d = argv[1];
    int bad = 0;
    bad |= emit(d, "findings.jsonl", "jsonl", 60, 0, NULL);
    bad |= emit(d, "report.json", "json", 60, 0, NULL);
    bad |= emit(d, "empty-report.json", "json", 0, 0, NULL);
    bad |= emit(d, "report.sarif", "sarif", 60, 0, NULL);
    bad |= emit(d, "empty.sarif", "sarif", 0, 0, NULL);
    bad |= emit(d, "capped.sarif", "sarif", 500, 20, NULL);
    bad |= emit(d, "baseline.sarif", "sarif", 60, 0, bl);
    bad |= emit(d, "gl-code-quality.json", "codequality", 60, 0, NULL);
    bad |= emit(d, "empty-code-quality.json", "codequality", 0, 0, NULL);
    bad |= emit(d, "junit.xml", "junit", 60, 0, NULL);
    bad |= emit(d, "empty-junit.xml", "junit", 0, 0, NULL);
    bad |= emit(d, "metrics.prom", "prometheus", 60, 0, NULL);
    bad |= emit(d, "metrics.om", "openmetrics", 60, 0, NULL);
    bad |= emit(d, "github.txt", "github", 200, 0, NULL);
    bad |= emit(d, "report.txt", "text", 60, 0, NULL);
    bad |= emit(d, "report.md", "markdown", 60, 0, NULL);
    bad |= emit(d, "baseline-report.md", "markdown", 60, 0, bl);
    bad |= emit(d, "empty-report.md", "markdown", 0, 0, NULL);
    return bad;
}
