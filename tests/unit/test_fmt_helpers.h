/* test_fmt_helpers.h: shared by the format tests: a guard-page line buffer (the byte after
 * the line is unreadable, so any over-read faults), one record with its arena, and
 * parse/field helpers. */
#ifndef TEST_FMT_HELPERS_H
#define TEST_FMT_HELPERS_H
#include "format/fmt.h"
#include "tinytest.h"
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

static sl_fields *g_ft;
static sl_record g_rec;
static sl_arena g_arena;
static const char *g_reason;

/* Copies line so that it ends exactly at a PROT_NONE page; the caller munmaps via guard_free. */
static char *guard_copy(const char *line, size_t len, size_t *maplen)
{
    size_t ps = (size_t)sysconf(_SC_PAGESIZE);
    size_t pages = (len + ps - 1) / ps + 1;
    char *base = mmap(NULL, (pages + 1) * ps, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) abort();
    mprotect(base + pages * ps, ps, PROT_NONE);
    *maplen = (pages + 1) * ps;
    char *dst = base + pages * ps - len;
    memcpy(dst, line, len);
    return dst;
}

static void guard_free(char *p, size_t len, size_t maplen)
{
    size_t ps = (size_t)sysconf(_SC_PAGESIZE);
    char *end = p + len;
    char *base = end - (maplen - ps);
    munmap(base, maplen);
}

static void fx_init(void)
{
    g_ft = sl_fields_new();
    sl_arena_init(&g_arena, 1 << 24);
    g_rec.arena = &g_arena;
}

/* Parses a line (of length n) with format f on a guard page; returns the line kind. The
 * record stays valid until the next call (the guard copy is kept until then). */
static char *g_line;
static size_t g_len, g_map;
static sl_line_kind parse_n(sl_format *f, const char *line, size_t n)
{
    if (g_line) guard_free(g_line, g_len, g_map);
    g_line = guard_copy(line, n, &g_map);
    g_len = n;
    sl_parser *p = sl_parser_new(f);
    sl_record_clear(&g_rec);
    sl_arena_reset(&g_arena);
    g_reason = NULL;
    sl_line_kind k = sl_parser_parse(p, g_line, n, &g_rec, &g_reason);
    sl_parser_free(p);
    return k;
}
static sl_line_kind parse(sl_format *f, const char *line) { return parse_n(f, line, strlen(line)); }

static sl_format *compile(const char *spec)
{
    char err[512];
    int col;
    sl_format *f = sl_format_compile(spec, NULL, g_ft, err, sizeof err, &col);
    if (!f) fprintf(stderr, "compile failed: %s: %s\n", spec, err);
    return f;
}

/* The value of a named field as a C string in a static buffer; "(null)" when absent. */
static inline const char *fv(const char *name)
{
    static char buf[4][256];
    static int k;
    int id = sl_fields_find(g_ft, name, strlen(name));
    char *b = buf[k++ & 3];
    if (id < 0) return "(unknown field)";
    sl_slice s = g_rec.v[id];
    if (!s.p) return "(null)";
    snprintf(b, 256, "%.*s", (int)(s.n < 255 ? s.n : 255), s.p);
    return b;
}
#endif
