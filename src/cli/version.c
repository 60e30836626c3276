/* version.c: what this binary is: its version, the commit it was built from (cmake/version.cmake)
 * and the libraries compiled in, with the versions they report at run time. It prints only; the
 * command line decides text or JSON. Features not built in read "no" (text) or false (JSON). */
#include "cli/version.h"
#include "sl_build_info.h"
#include <csv.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>
#include <yaml.h>
#include <zlib.h>
#ifdef SL_HAVE_ISAL
#include <isa-l.h>
#endif
#ifdef SL_HAVE_ZSTD
#include <zstd.h>
#endif
#ifdef SL_HAVE_BZIP2
#include <bzlib.h>
#endif
#ifdef SL_HAVE_LZMA
#include <lzma.h>
#endif
#ifdef SL_HAVE_SQLITE
#include <sqlite3.h>
#endif
#ifdef SL_HAVE_MHD
#include <microhttpd.h>
#endif

#define VBUF 64

typedef struct feature {
    const char *name;
    /* Fills buf with the version (or "yes") and returns it, or returns NULL when absent. */
    const char *(*get)(char *buf);
    _Bool boolean; /* JSON true/false instead of a version string */
} feature;

static const char *ver_zlib(char *buf) { return zlibVersion(); }
static const char *ver_isal(char *buf)
{
#ifdef SL_HAVE_ISAL
    snprintf(buf, VBUF, "%d.%d.%d", ISAL_MAJOR_VERSION, ISAL_MINOR_VERSION, ISAL_PATCH_VERSION);
    return buf;
#else
    return NULL;
#endif
}
static const char *ver_zstd(char *buf)
{
#ifdef SL_HAVE_ZSTD
    return ZSTD_versionString();
#else
    return NULL;
#endif
}
static const char *ver_bzip2(char *buf)
{
#ifdef SL_HAVE_BZIP2
    /* "1.0.8, 13-Jul-2019": keep the number */
    snprintf(buf, VBUF, "%s", BZ2_bzlibVersion());
    buf[strcspn(buf, ", ")] = '\0';
    return buf;
#else
    return NULL;
#endif
}
static const char *ver_xz(char *buf)
{
#ifdef SL_HAVE_LZMA
    return lzma_version_string();
#else
    return NULL;
#endif
}
static const char *ver_pcre2(char *buf)
{
    int need = pcre2_config(PCRE2_CONFIG_VERSION, NULL); /* code units, with the NUL */
    if (need <= 0 || need > VBUF) return "unknown";
    pcre2_config(PCRE2_CONFIG_VERSION, buf);
    buf[strcspn(buf, " ")] = '\0'; /* "10.42 2022-12-11" */
    return buf;
}
static const char *ver_pcre2_jit(char *buf)
{
    uint32_t jit = 0;
    return pcre2_config(PCRE2_CONFIG_JIT, &jit) == 0 && jit ? "yes" : NULL;
}
static const char *ver_yaml(char *buf) { return yaml_get_version_string(); }
static const char *ver_csv(char *buf)
{
    snprintf(buf, VBUF, "%d.%d.%d", CSV_MAJOR, CSV_MINOR, CSV_RELEASE);
    return buf;
}
static const char *ver_sqlite(char *buf)
{
#ifdef SL_HAVE_SQLITE
    return sqlite3_libversion();
#else
    return NULL;
#endif
}
static const char *ver_http(char *buf)
{
#ifdef SL_HAVE_MHD
    return MHD_get_version();
#else
    return NULL;
#endif
}

static const feature features[] = {
    {"zlib", ver_zlib, 0},      {"isal", ver_isal, 0},           {"zstd", ver_zstd, 0},
    {"bzip2", ver_bzip2, 0},    {"xz", ver_xz, 0},               {"pcre2", ver_pcre2, 0},
    {"pcre2_jit", ver_pcre2_jit, 1}, {"libyaml", ver_yaml, 0},   {"libcsv", ver_csv, 0},
    {"sqlite", ver_sqlite, 0},  {"http_server", ver_http, 0},
};

/* Version strings come from libraries; escape anyway so the JSON is always valid. */
static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') fprintf(f, "\\%c", c);
        else if (c < 0x20 || c == 0x7f) fprintf(f, "\\u%04x", c);
        else fputc(c, f);
    }
    fputc('"', f);
}

int sl_version_print(FILE *f, _Bool json)
{
    char buf[VBUF];
    size_t n = sizeof features / sizeof features[0];
    if (!json) {
        fprintf(f, "statuslint %s\ncommit %s\n", SL_VERSION, SL_BUILD_COMMIT);
        for (size_t i = 0; i < n; i++) {
            const char *v = features[i].get(buf);
            fprintf(f, "%s %s\n", features[i].name, v ? v : "no");
        }
    } else {
        fputs("{\"name\":\"statuslint\",\"version\":", f);
        json_str(f, SL_VERSION);
        fputs(",\"commit\":", f);
        json_str(f, SL_BUILD_COMMIT);
        fputs(",\"features\":{", f);
        for (size_t i = 0; i < n; i++) {
            const char *v = features[i].get(buf);
            fprintf(f, "%s\"%s\":", i ? "," : "", features[i].name);
            if (!v) fputs("false", f);
            else if (features[i].boolean) fputs("true", f);
            else json_str(f, v);
        }
        fputs("}}\n", f);
    }
    return fflush(f) || ferror(f) ? 2 : 0;
}
