/* out_esc.c: escaping of raw log bytes for text, JSON, XML, GitHub commands, Prometheus
 * labels and URIs. One scanner walks the input by UTF-8 character, copies runs of safe
 * characters with fwrite and hands every other character to a per-syntax writer.
 * Owns no memory; never reads past the slice; never writes a raw control byte. */
#include "output/out_esc.h"

#define BAD_CP 0xFFFFFFFFu   /* an invalid UTF-8 byte (len 1) */

size_t out_utf8_next(const unsigned char *p, size_t n, uint32_t *cp)
{
    unsigned c = p[0];
    size_t len;
    uint32_t v, min;
    if (c < 0x80) { *cp = c; return 1; }
    if (c >= 0xC2 && c <= 0xDF) { len = 2; v = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { len = 3; v = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; v = c & 0x07; min = 0x10000; }
    else return 0;
    if (n < len) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        v = v << 6 | (p[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return len;
}

bool out_cp_dangerous(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == BAD_CP;
}

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
        size_t len = out_utf8_next(p, (size_t)((const unsigned char *)s.p + s.n - p), &cp);
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

/* ---- text ---- */
static bool text_safe(uint32_t cp, int mode) { return cp != '\\' && !out_cp_dangerous(cp); }

static void text_one(FILE *f, uint32_t cp, const unsigned char *raw, size_t len, int mode)
{
    if (cp == '\\') fputs("\\\\", f);
    else if (cp == BAD_CP || cp < 0x80) fprintf(f, "\\x%02x", raw[0]);
    else fprintf(f, "\\u{%04x}", (unsigned)cp);
}

void out_text_esc(FILE *f, sl_slice s, size_t max) { esc_run(f, s, max, text_safe, text_one, 0); }

/* ---- JSON ---- */
static bool json_safe(uint32_t cp, int mode)
{
    return cp != '"' && cp != '\\' && !out_cp_dangerous(cp);
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
    return cp >= 0x20 && !out_cp_dangerous(cp);
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
    return !out_cp_dangerous(cp);
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
    return cp != '\\' && cp != '"' && !out_cp_dangerous(cp);
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
