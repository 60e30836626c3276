/* peer_dump.c: the C half of the peer-conformance test (peer_check.py drives it). Reads pairs
 * of lines on stdin, a log format ("auto" to detect from the line itself) then a log line,
 * and prints one line per pair: the outcome and the compared fields,
 *   RECORD<TAB>format=combined<TAB>client=1.2.3.4<TAB>time=1361916000<TAB>...
 * with absent fields left out and '\\', tab and newline escaped. time is epoch seconds. */
#include "format/fmt.h"
#include <stdio.h>
#include <stdlib.h>

static const int compared[] = {SL_F_CLIENT, SL_F_METHOD, SL_F_TARGET, SL_F_PATH, SL_F_QUERY,
                               SL_F_PROTOCOL, SL_F_STATUS, SL_F_BYTES, SL_F_BYTES_TOTAL,
                               SL_F_REFERER, SL_F_USER_AGENT, SL_F_HOST};

static void put_escaped(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (c == '\\') fputs("\\\\", stdout);
        else if (c == '\t') fputs("\\t", stdout);
        else if (c == '\n') fputs("\\n", stdout);
        else putchar(c);
    }
}

static void dump(sl_fields *ft, const char *fmt, const char *line, size_t len, sl_record *rec)
{
    char err[512];
    sl_format *f = !strcmp(fmt, "auto") ? sl_format_detect(line, len, NULL, ft, err, sizeof err)
                                        : sl_format_compile(fmt, NULL, ft, err, sizeof err, NULL);
    if (!f) {
        printf("ERROR\t");
        put_escaped(err, strlen(err));
        putchar('\n');
        return;
    }
    sl_parser *p = sl_parser_new(f);
    sl_record_clear(rec);
    sl_arena_reset(rec->arena);
    const char *why = "";
    sl_line_kind k = sl_parser_parse(p, line, len, rec, &why);
    printf("%s\tformat=%s", k == SL_LINE_RECORD ? "RECORD" : k == SL_LINE_SKIPPED ? "SKIPPED" : "REJECTED", f->name);
    if (k == SL_LINE_REJECTED) printf("\treason=%s", why);
    for (size_t i = 0; k == SL_LINE_RECORD && i < SL_ARRAY_LEN(compared); i++) {
        sl_slice v = rec->v[compared[i]];
        if (!v.p) continue;
        printf("\t%s=", sl_fields_name(ft, compared[i]));
        put_escaped(v.p, v.n);
    }
    int64_t t;
    if (k == SL_LINE_RECORD && sl_time_parse(rec->v[SL_F_TIME], rec->time_kind, &t))
        printf("\ttime=%lld", (long long)t);
    putchar('\n');
    sl_parser_free(p);
    sl_format_free(f);
}

int main(void)
{
    sl_fields *ft = sl_fields_new();
    sl_arena arena;
    sl_arena_init(&arena, 1 << 22);
    static sl_record rec;
    rec.arena = &arena;
    char *fmt = NULL, *line = NULL;
    size_t fcap = 0, lcap = 0;
    ssize_t fn, ln;
    while ((fn = getline(&fmt, &fcap, stdin)) > 0 && (ln = getline(&line, &lcap, stdin)) >= 0) {
        if (fmt[fn - 1] == '\n') fmt[--fn] = '\0';
        if (ln > 0 && line[ln - 1] == '\n') line[--ln] = '\0';
        dump(ft, fmt, line, (size_t)ln, &rec);
        fflush(stdout);
    }
    free(fmt);
    free(line);
    sl_arena_fini(&arena);
    sl_fields_free(ft);
    return 0;
}
