/* fuzz_format_compile.c: fuzzes sl_format_compile on random specs (nginx log_format and
 * Apache LogFormat strings, preset names) and --csv-map values: the input is spec NUL
 * csv_map. A spec that compiles parses a few fixed lines; one that fails must say why,
 * with a column inside the spec. */
#include "fuzz_common.h"
#include "format/fmt.h"
#include "record/rec.h"

static const char *const lines[] = {
    "203.0.113.7 - - [01/Jun/2026:10:00:00 +0000] \"GET /x HTTP/1.1\" 207 90 \"-\" \"curl/8\"",
    "example.com 203.0.113.7 [2026-06-01T10:00:00+00:00] \"PROPFIND /dav/ HTTP/1.1\" 208 1 0.2",
    "1780300800.123|1.2.3.4|GET|/a|b=1|204|12|ua", "", "-", "\"\\\"\t[]{}%$"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sl_slice a, b;
    fz_split(data, size, &a, &b);
    char *spec = fz_strdup(a.p, a.n), *map = fz_strdup(b.p, b.n);
    sl_fields *ft = sl_fields_new();
    char err[512] = "";
    int col = -1;
    sl_format_opts o = {.csv_map = b.n ? map : NULL};
    sl_format *f = sl_format_compile(spec, &o, ft, err, sizeof err, &col);
    if (!f) {
        FZ_CHECK(err[0] != '\0');
        FZ_CHECK(col <= (int)a.n + 1);
    } else {
        sl_fields_freeze(ft);
        sl_arena arena;
        sl_arena_init(&arena, 1u << 20);
        static sl_record rec;
        rec.arena = &arena;
        sl_parser *p = sl_parser_new(f);
        for (size_t i = 0; i < SL_ARRAY_LEN(lines); i++) {
            size_t n = strlen(lines[i]);
            char *line = fz_dup(lines[i], n);
            const char *reason = NULL;
            sl_record_clear(&rec);
            sl_arena_reset(&arena);
            if (n && sl_parser_parse(p, line, n, &rec, &reason) == SL_LINE_RECORD)
                for (int id = 0; id < SL_MAX_FIELDS; id++) fz_touch(rec.v[id]);
            free(line);
        }
        sl_parser_free(p);
        sl_format_free(f);
        sl_arena_fini(&arena);
    }
    sl_fields_free(ft);
    free(spec);
    free(map);
    return 0;
}
