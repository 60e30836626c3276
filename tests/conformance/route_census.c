/* route_census.c: how many distinct routes the route classifier gives on the real access logs
 * of ../shared/corpora, against how many distinct paths they hold (the cardinality that
 * grouping, aggregate state and metric labels would otherwise have). Reads the file list and
 * formats from corpora_expect.tsv and parses each file as corpora_check does; counts are per
 * corpus (the first directory under corpora/) and in all (distinct across all files).
 *   route_census EXPECT.TSV SHARED_DIR CENSUS.TSV          check against CENSUS.TSV; exit 1 on a difference
 *   route_census --print EXPECT.TSV SHARED_DIR             print the observed table
 * Exits 77 (skipped) when the shared folder is absent. */
#include "format/fmt.h"
#include "record/rec_route.h"
#include <stdio.h>
#include <stdlib.h>

/* ---- a set of strings (open addressing on FNV-1a; grows) ---- */
typedef struct strset {
    char **v;
    size_t cap, n;
} strset;

static uint64_t hash(const char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)p[i]) * 0x100000001b3ull;
    return h;
}

static void set_add(strset *s, const char *p, size_t n);

static void set_grow(strset *s)
{
    strset t = {calloc(s->cap ? s->cap * 2 : 1024, sizeof(char *)), s->cap ? s->cap * 2 : 1024, 0};
    for (size_t i = 0; i < s->cap; i++)
        if (s->v[i]) { set_add(&t, s->v[i], strlen(s->v[i])); free(s->v[i]); }
    free(s->v);
    *s = t;
}

static void set_add(strset *s, const char *p, size_t n)
{
    if ((s->n + 1) * 2 > s->cap) set_grow(s);
    size_t i = hash(p, n) & (s->cap - 1);
    while (s->v[i]) {
        if (strlen(s->v[i]) == n && !memcmp(s->v[i], p, n)) return;
        i = (i + 1) & (s->cap - 1);
    }
    s->v[i] = malloc(n + 1);
    memcpy(s->v[i], p, n);
    s->v[i][n] = 0;
    s->n++;
}

static void set_free(strset *s)
{
    for (size_t i = 0; i < s->cap; i++) free(s->v[i]);
    free(s->v);
    memset(s, 0, sizeof *s);
}

typedef struct tally {
    char name[64];
    long records;
    strset paths, routes;
} tally;

static char *slurp(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    size_t cap = 1 << 16, len = 0, r;
    char *buf = malloc(cap);
    while ((r = fread(buf + len, 1, cap - len, fp)) > 0)
        if ((len += r) == cap) buf = realloc(buf, cap *= 2);
    fclose(fp);
    *n = len;
    return buf;
}

static void count_file(const char *path, const char *format, tally *t, tally *all)
{
    size_t n;
    char *buf = slurp(path, &n);
    if (!buf) return;
    sl_fields *ft = sl_fields_new();
    char why[512];
    sl_format *f = !strcmp(format, "auto")
                       ? sl_format_detect(buf, n < 65536 ? n : 65536, NULL, ft, why, sizeof why)
                       : sl_format_compile(format, NULL, ft, why, sizeof why, NULL);
    if (f) {
        sl_parser *p = sl_parser_new(f);
        sl_arena arena;
        sl_arena_init(&arena, 1 << 22);
        static sl_record rec;
        rec.arena = &arena;
        static char route[SL_ROUTE_MAX(1 << 16)];
        for (const char *s = buf, *e = buf + n; s < e;) {
            const char *nl = memchr(s, '\n', (size_t)(e - s));
            size_t len = (size_t)((nl ? nl : e) - s);
            if (len && s[len - 1] == '\r') len--;
            sl_record_clear(&rec);
            sl_arena_reset(&arena);
            const char *reason = NULL;
            if (sl_parser_parse(p, s, len, &rec, &reason) == SL_LINE_RECORD && rec.v[SL_F_PATH].p &&
                rec.v[SL_F_PATH].n < (1 << 16)) {
                sl_slice pv = rec.v[SL_F_PATH];
                size_t rn = sl_route(NULL, pv, route, sizeof route);
                t->records++, all->records++;
                set_add(&t->paths, pv.p, pv.n), set_add(&all->paths, pv.p, pv.n);
                set_add(&t->routes, route, rn), set_add(&all->routes, route, rn);
            }
            s = nl ? nl + 1 : e;
        }
        sl_parser_free(p);
        sl_arena_fini(&arena);
    }
    sl_format_free(f);
    sl_fields_free(ft);
    free(buf);
}

#define MAX_CORPORA 64

int main(int argc, char **argv)
{
    bool print = argc > 1 && !strcmp(argv[1], "--print");
    if (argc != 4) {
        fprintf(stderr, "usage: route_census EXPECT.TSV SHARED_DIR CENSUS.TSV | --print EXPECT.TSV SHARED_DIR\n");
        return 2;
    }
    const char *expect = argv[1 + print], *shared = argv[2 + print], *census = print ? NULL : argv[3];
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
    static tally corp[MAX_CORPORA], all = {.name = "all"};
    int nc = 0;
    char line[2048];
    while (fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#') continue;
        char *tab = strchr(line, '\t');
        if (!tab) continue;
        *tab = 0;
        char *fmt = tab + 1, *t2 = strchr(fmt, '\t');
        if (t2) *t2 = 0;
        size_t dl = strcspn(line, "/");
        int k = 0;
        while (k < nc && (strlen(corp[k].name) != dl || strncmp(corp[k].name, line, dl))) k++;
        if (k == nc) {
            if (nc == MAX_CORPORA) continue;
            snprintf(corp[nc++].name, sizeof corp[0].name, "%.*s", (int)dl, line);
        }
        char path[4096];
        snprintf(path, sizeof path, "%s/corpora/%s", shared, line);
        count_file(path, fmt, &corp[k], &all);
    }
    fclose(fp);

    /* The observed table, one row per corpus and one for all. */
    char observed[MAX_CORPORA + 1][160];
    int rows = 0;
    for (int k = 0; k <= nc; k++) {
        tally *t = k < nc ? &corp[k] : &all;
        snprintf(observed[rows++], sizeof observed[0], "%.63s\t%ld\t%zu\t%zu", t->name, t->records,
                 t->paths.n, t->routes.n);
    }
    if (print) {
        puts("# corpus\trecords\tdistinct paths\tdistinct routes");
        for (int i = 0; i < rows; i++) puts(observed[i]);
    } else {
        FILE *cf = fopen(census, "r");
        if (!cf) { perror(census); return 2; }
        int bad = 0, seen = 0;
        while (fgets(line, sizeof line, cf)) {
            line[strcspn(line, "\r\n")] = '\0';
            if (!line[0] || line[0] == '#') continue;
            int i = 0;
            while (i < rows && strcmp(observed[i], line)) i++;
            printf("%s %s\n", i < rows ? "ok  " : "FAIL", line);
            if (i == rows) bad++;
            seen++;
        }
        fclose(cf);
        if (seen != rows) { printf("FAIL: %d rows recorded, %d observed\n", seen, rows); bad++; }
        if (bad) {
            puts("observed:");
            for (int i = 0; i < rows; i++) printf("     %s\n", observed[i]);
        }
        printf("%d corpora, %d differ from %s\n", rows, bad, census);
        if (bad) return 1;
    }
    for (int k = 0; k < nc; k++) set_free(&corp[k].paths), set_free(&corp[k].routes);
    set_free(&all.paths), set_free(&all.routes);
    return 0;
}
