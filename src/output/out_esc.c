/* out_esc.c: escaping of raw log bytes for text, JSON, XML, GitHub commands, Prometheus
 * labels and URIs. Text is the terminal escaper's (sl_term.h); for the others one scanner
 * walks the input by UTF-8 character (sl_utf8_next), copies runs of safe
 * characters with fwrite and hands every other character to a per-syntax writer.
 * Owns no memory; never reads past the slice; never writes a raw control byte. */
#include "output/out_esc.h"
#include "base/sl_term.h"

#define BAD_CP 0xFFFFFFFFu   /* an invalid UTF-8 byte (len 1) */

/* The characters no syntax copies as they are: those a terminal or editor may act on
 * (sl_term.h) and invalid UTF-8. */
static bool dangerous(uint32_t cp) { return cp == BAD_CP || sl_term_dangerous(cp); }

/* Writes one unsafe character (cp, its raw bytes) in the target syntax. */
typedef void (*esc_one_fn)(FILE *f, uint32_t cp, const unsigned char *raw, size_t len, int mode);
/* True if the character may be copied as is. */
typedef bool (*esc_safe_fn)(uint32_t cp, int mode);

static void esc_run(FILE *f, sl_slice s, size_t max, esc_safe_fn safe, esc_one_fn one, int mode)
{
    if (!s.p) return;
    const unsigned char *p = (const unsigned char *)s.p, *end = p + s.n, *span = p;
    bool cut = false;
    if (max && s.n > max) { end = p + max; cut = true; }
    while (p < end) {
        uint32_t cp;
        size_t len = sl_utf8_next(p, (size_t)((const unsigned char *)s.p + s.n - p), &cp);
        if (!len) { len = 1; cp = BAD_CP; }
        if (p + len > end) break; /* a character straddling the cap is left out */
        if (!safe(cp, mode)) {
            if (p > span) fwrite(span, 1, (size_t)(p - span), f);
            one(f, cp, p, len, mode);
            span = p + len;
        }
        p += len;
    }
    if (p > span) fwrite(span, 1, (size_t)(p - span), f);
    if (cut) fputs("...", f);
}

/* ---- text: the terminal escaper, with backslash and TAB escaped too ---- */
void out_text_esc(FILE *f, sl_slice s, size_t max)
{
    sl_term_write_ex(f, s.p, s.n, SL_TERM_BACKSLASH | SL_TERM_TAB, max);
}

/* ---- JSON ---- */
static bool json_safe(uint32_t cp, int mode)
{
    return cp != '"' && cp != '\\' && !dangerous(cp);
}

static void json_one(FILE *f, uint32_t cp, const unsigned char *raw, size_t len, int mode)
{
    if (cp == '"') fputs("\\\"", f);
    else if (cp == '\\') fputs("\\\\", f);
    else if (cp == BAD_CP) fputs("\\ufffd", f);
    else fprintf(f, "\\u%04x", (unsigned)cp);
}

void out_json_esc(FILE *f, sl_slice s, size_t max) { esc_run(f, s, max, json_safe, json_one, 0); }

void out_json_str(FILE *f, sl_slice s, size_t max)
{
    fputc('"', f);
    out_json_esc(f, s, max);
    fputc('"', f);
}

void out_json_cstr(FILE *f, const char *s) { out_json_str(f, sl_slice_cstr(s ? s : ""), 0); }

/* ---- XML ---- */
static bool xml_safe(uint32_t cp, int attr)
{
    if (cp == '&' || cp == '<' || cp == '>' || cp == '"' || cp == '\'') return false;
    if (cp == '\n' || cp == '\t') return !attr;
    if (cp == 0xFFFE || cp == 0xFFFF) return false;
    /* bidi overrides and line separators can disguise text: dropped like controls */
    return cp >= 0x20 && !dangerous(cp);
}

static void xml_one(FILE *f, uint32_t cp, const unsigned char *raw, size_t len, int attr)
{
    switch (cp) {
    case '&': fputs("&amp;", f); return;
    case '<': fputs("&lt;", f); return;
    case '>': fputs("&gt;", f); return;
    case '"': fputs("&quot;", f); return;
    case '\'': fputs("&apos;", f); return;
    case '\t': case '\n': case '\r': fprintf(f, "&#%u;", (unsigned)cp); return;
    case 0xFFFE: case 0xFFFF: case BAD_CP: fputs("\xEF\xBF\xBD", f); return;
    default: return; /* other controls: removed */
    }
}

void out_xml_esc(FILE *f, sl_slice s, size_t max, bool attr)
{
    esc_run(f, s, max, xml_safe, xml_one, attr);
}

/* ---- GitHub workflow commands ---- */
static bool gh_safe(uint32_t cp, int prop)
{
    if (cp == '%') return false;
    if (prop && (cp == ':' || cp == ',')) return false;
    return !dangerous(cp);
}

static void gh_one(FILE *f, uint32_t cp, const unsigned char *raw, size_t len, int prop)
{
    if (cp == '%' || cp == '\r' || cp == '\n' || cp == ':' || cp == ',') fprintf(f, "%%%02X", (unsigned)cp);
    else if (cp == BAD_CP) fputs("\xEF\xBF\xBD", f);
    else if (cp < 0x80) fprintf(f, "\\x%02x", (unsigned)cp);
    else fprintf(f, "\\u{%04x}", (unsigned)cp);
}

void out_gh_esc(FILE *f, sl_slice s, size_t max, bool prop)
{
    esc_run(f, s, max, gh_safe, gh_one, prop);
}

/* ---- Prometheus label values ---- */
static bool prom_safe(uint32_t cp, int mode)
{
    return cp != '\\' && cp != '"' && !dangerous(cp);
}

static void prom_one(FILE *f, uint32_t cp, const unsigned char *raw, size_t len, int mode)
{
    if (cp == '\\') fputs("\\\\", f);
    else if (cp == '"') fputs("\\\"", f);
    else if (cp == '\n') fputs("\\n", f);
    else if (cp == BAD_CP) fputs("\xEF\xBF\xBD", f);
    else if (cp < 0x80) fprintf(f, "\\\\x%02x", (unsigned)cp);
    else fprintf(f, "\\\\u{%04x}", (unsigned)cp);  /* C1, bidi: shown, not acted on */
}

void out_prom_esc(FILE *f, const char *s)
{
    esc_run(f, sl_slice_cstr(s ? s : ""), 0, prom_safe, prom_one, 0);
}

/* ---- URIs ---- */
void out_uri_esc(FILE *f, const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        unsigned c = *p;
        bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
        if (keep) fputc((int)c, f);
        else {
            fputc('%', f);
            fputc(hex[c >> 4], f);
            fputc(hex[c & 15], f);
        }
    }
}
