/* corpora_check.c: every real access log in ../shared/corpora is detected and parsed with the
 * counts recorded in corpora_expect.tsv (file, log format given, format detected, lines,
 * records, rejected, skipped, reason for any rejects). Library-level: detection on the
 * detection sample of a first 2 MiB chunk, then every physical line through the parser and
 * sl_format_accept, as the CLI does.
 *   corpora_check EXPECT.TSV SHARED_DIR          check; exit 1 on any difference
 *   corpora_check --print EXPECT.TSV SHARED_DIR  print the observed table (to review/update)
 * Exits 77 (skipped) when the shared folder is absent. */
#include "format/fmt.h"
#include <stdio.h>
#include <stdlib.h>

typedef struct counts {
    long lines, records, rejected, skipped;
    char detected[48];
    char first_reason[160];
} counts;

static char *slurp(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    size_t r;
    while ((r = fread(buf + len, 1, cap - len, fp)) > 0) {
        len += r;
        if (len == cap) buf = realloc(buf, cap *= 2);
    }
    fclose(fp);
    *n = len;
    return buf;
}

static void run_lines(sl_format *f, const char *buf, size_t n, counts *c)
{
    sl_parser *p = sl_parser_new(f);
    sl_arena arena;
    sl_arena_init(&arena, 1 << 22);
    static sl_record rec;
    rec.arena = &arena;
    for (const char *s = buf, *e = buf + n; s < e;) {
        const char *nl = memchr(s, '\n', (size_t)(e - s));
        const char *le = nl ? nl : e;
        size_t len = (size_t)(le - s);
        if (len && s[len - 1] == '\r') len--;
        sl_record_clear(&rec);
        sl_arena_reset(&arena);
        const char *why = NULL;
        sl_line_kind k = sl_format_accept(f, sl_parser_parse(p, s, len, &rec, &why), &rec, &why);
        c->lines++;
        if (k == SL_LINE_RECORD) c->records++;
        else if (k == SL_LINE_SKIPPED || k == SL_LINE_PENDING) c->skipped++;
        else {
            if (!c->rejected++) snprintf(c->first_reason, sizeof c->first_reason, "line %ld: %s",
                                         c->lines, why ? why : "?");
        }
        s = nl ? nl + 1 : e;
    }
    sl_parser_free(p);
    sl_arena_fini(&arena);
}

/* Detects (format "auto") or compiles the format, then parses the whole file. */
static bool measure(const char *path, const char *format, counts *c)
{
    memset(c, 0, sizeof *c);
    size_t n;
    char *buf = slurp(path, &n);
    if (!buf) return false;
    sl_fields *ft = sl_fields_new();
    char why[512];
    size_t head = n < (2u << 20) ? n : (2u << 20); /* the CLI's first chunk */
    sl_format *f = !strcmp(format, "auto")
                       ? sl_format_detect(buf, head, NULL, ft, why, sizeof why)
                       : sl_format_compile(format, NULL, ft, why, sizeof why, NULL);
    snprintf(c->detected, sizeof c->detected, "%s", f ? f->name : "-");
    if (f) run_lines(f, buf, n, c);
    else for (const char *s = buf; s < buf + n; s++) c->lines += *s == '\n';
    if (!f && n && buf[n - 1] != '\n') c->lines++;
    sl_format_free(f);
    sl_fields_free(ft);
    free(buf);
    return true;
}

/* Splits a TSV line in place into at most max columns. */
static int columns(char *line, char **col, int max)
{
    int n = 0;
    for (char *s = line; n < max;) {
        col[n++] = s;
        char *t = strchr(s, '\t');
        if (!t) break;
        *t = '\0';
        s = t + 1;
    }
    return n;
}

int main(int argc, char **argv)
{
    bool print = argc > 1 && !strcmp(argv[1], "--print");
    if (argc != 3 + print) {
        fprintf(stderr, "usage: corpora_check [--print] EXPECT.TSV SHARED_DIR\n");
        return 2;
    }
    const char *expect = argv[1 + print], *shared = argv[2 + print];
    char probe[4096];
    snprintf(probe, sizeof probe, "%s/corpora/PROVENANCE.md", shared);
    FILE *pf = fopen(probe, "r");
    if (!pf) {
        printf("SKIPPED: %s not found\n", probe);
        return 77;
    }
    fclose(pf);
    FILE *fp = fopen(expect, "r");
    if (!fp) { perror(expect); return 2; }
    char line[2048];
    int bad = 0, rows = 0;
    while (fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#') { if (print) puts(line); continue; }
        char *col[8] = {0};
        if (columns(line, col, 8) < 7) { fprintf(stderr, "bad row: %s\n", line); bad++; continue; }
        char path[4096];
        snprintf(path, sizeof path, "%s/corpora/%s", shared, col[0]);
        counts c;
        if (!measure(path, col[1], &c)) { printf("MISSING %s\n", col[0]); bad++; continue; }
        rows++;
        if (print) {
            printf("%s\t%s\t%s\t%ld\t%ld\t%ld\t%ld\t%s\n", col[0], col[1], c.detected, c.lines,
                   c.records, c.rejected, c.skipped,
                   col[7] && col[7][0] ? col[7] : c.rejected ? c.first_reason : "");
            continue;
        }
        bool ok = !strcmp(c.detected, col[2]) && c.lines == atol(col[3]) &&
                  c.records == atol(col[4]) && c.rejected == atol(col[5]) &&
                  c.skipped == atol(col[6]);
        if (c.rejected && (!col[7] || !col[7][0])) ok = false; /* every reject is explained */
        printf("%s %-70s %-15s lines %ld records %ld rejected %ld skipped %ld\n",
               ok ? "ok  " : "FAIL", col[0], c.detected, c.lines, c.records, c.rejected, c.skipped);
        if (!ok) {
            printf("     expected %s lines %s records %s rejected %s skipped %s%s\n", col[2],
                   col[3], col[4], col[5], col[6], c.rejected ? " (and a reason)" : "");
            if (c.rejected) printf("     first reject: %s\n", c.first_reason);
            bad++;
        }
    }
    fclose(fp);
    if (!print) printf("%d files, %d differ from %s\n", rows, bad, expect);
    return bad ? 1 : 0;
}
