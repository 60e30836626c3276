/* fmt_json.c: JSON lines (one object per line: nginx escape=json, Caddy, Traefik, Cloudflare
 * Logpush, ECS, matomo-style); keys map onto fields through the key table every structured
 * format shares (fmt_keys.h). Owns a hand-written, allocation-free JSON scanner: nested objects are
 * flattened with dots, an array gives its first element, plain strings are views into the
 * line and escaped ones are decoded into rec->arena. It refuses anything that is not one
 * well-formed object per line, and nesting deeper than JSON_MAX_DEPTH. */
#include "format/fmt_keys.h"
#include "format/fmt_structured.h"

#include "base/sl_alloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#define JSON_MAX_DEPTH 64
#define JSON_PATH_MAX 256

/* ---------------------------------------------------------------------------------------
 * The per-parser key cache: flattened paths repeat on every line, so each is resolved once.
 * Open addressing, bounded; a path too long or a full table just resolves again. */
#define KC_SLOTS 256
#define KC_KEYMAX 54
#define KC_PROBES 8

typedef struct key_slot {
    uint8_t len; /* 0 = empty */
    sl_keyact act;
    char key[KC_KEYMAX];
} key_slot;

typedef struct json_format {
    sl_format head;
    const sl_fields *ft;
} json_format;

typedef struct json_parser {
    sl_parser head;
    sl_fieldset line_set; /* the fields this line's keys supply (rec->supplied) */
    key_slot slots[KC_SLOTS];
} json_parser;

static sl_keyact cache_resolve(json_parser *jp, const char *k, size_t n)
{
    const sl_fields *ft = ((const json_format *)jp->head.fmt)->ft;
    if (n == 0 || n > KC_KEYMAX) return sl_fmtmap_resolve(ft, k, n);
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)k[i]) * 16777619u;
    for (int probe = 0; probe < KC_PROBES; probe++) {
        key_slot *s = &jp->slots[(h + (uint32_t)probe) % KC_SLOTS];
        if (s->len == n && !memcmp(s->key, k, n)) return s->act;
        if (s->len == 0) {
            s->act = sl_fmtmap_resolve(ft, k, n);
            memcpy(s->key, k, n);
            s->len = (uint8_t)n;
            return s->act;
        }
    }
    return sl_fmtmap_resolve(ft, k, n);
}

/* ---------------------------------------------------------------------------------------
 * The scanner. Recursive descent over one line; depth-limited; no allocation except the
 * decoded form of escaped strings that are stored (or used as keys). */
typedef struct jscan {
    const char *p, *end;
    const char *err;
    json_parser *jp;   /* NULL: validate only (sniffing) */
    sl_record *rec;
    size_t plen;       /* bytes of path in use */
    char path[JSON_PATH_MAX];
} jscan;

static const char E_EOL[] = "unexpected end of line inside JSON";

static bool j_fail(jscan *s, const char *why)
{
    if (!s->err) s->err = why;
    return false;
}

static void j_ws(jscan *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\r' || *s->p == '\n'))
        s->p++;
}

static long hex_n(const char *p, int n)
{
    long v = 0;
    for (int i = 0; i < n; i++) {
        int h = fmt_hexval(p[i]);
        if (h < 0) return -1;
        v = v * 16 + h;
    }
    return v;
}

static size_t put_utf8(char *o, unsigned long cp)
{
    if (cp < 0x80) return o[0] = (char)cp, 1;
    if (cp < 0x800) return o[0] = (char)(0xc0 | cp >> 6), o[1] = (char)(0x80 | (cp & 63)), 2;
    if (cp < 0x10000) {
        o[0] = (char)(0xe0 | cp >> 12), o[1] = (char)(0x80 | (cp >> 6 & 63));
        return o[2] = (char)(0x80 | (cp & 63)), 3;
    }
    o[0] = (char)(0xf0 | cp >> 18), o[1] = (char)(0x80 | (cp >> 12 & 63));
    o[2] = (char)(0x80 | (cp >> 6 & 63));
    return o[3] = (char)(0x80 | (cp & 63)), 4;
}

/* \uXXXX at p (p points after "\u"); joins a surrogate pair; lone halves become U+FFFD. */
static unsigned long j_codepoint(const char **pp, const char *end)
{
    const char *p = *pp;
    unsigned long cp = (unsigned long)hex_n(p, 4);
    p += 4;
    if (cp >= 0xd800 && cp <= 0xdbff) {
        long lo = end - p >= 6 && p[0] == '\\' && p[1] == 'u' ? hex_n(p + 2, 4) : -1;
        if (lo >= 0xdc00 && lo <= 0xdfff) {
            cp = 0x10000 + ((cp - 0xd800) << 10) + ((unsigned long)lo - 0xdc00);
            p += 6;
        } else {
            cp = 0xfffd;
        }
    } else if (cp >= 0xdc00 && cp <= 0xdfff) {
        cp = 0xfffd;
    }
    *pp = p;
    return cp;
}

/* Decodes the escaped string body [b, e) (already validated) into o; returns its length. */
static size_t j_decode(const char *b, const char *e, char *o)
{
    size_t k = 0;
    while (b < e) {
        if (*b != '\\') {
            o[k++] = *b++;
            continue;
        }
        char c = b[1];
        b += 2;
        switch (c) {
        case 'b': o[k++] = '\b'; break;
        case 'f': o[k++] = '\f'; break;
        case 'n': o[k++] = '\n'; break;
        case 'r': o[k++] = '\r'; break;
        case 't': o[k++] = '\t'; break;
        case 'x': o[k++] = (char)hex_n(b, 2), b += 2; break; /* nginx escape=default */
        case 'u': k += put_utf8(o + k, j_codepoint(&b, e)); break;
        default: o[k++] = c; break; /* " \ / */
        }
    }
    return k;
}

/* Validates one escape at p (pointing at the backslash); returns its length or 0. */
static size_t j_escape_len(const char *p, const char *end)
{
    if (end - p < 2) return 0;
    switch (p[1]) {
    case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't': return 2;
    case 'u': return end - p >= 6 && hex_n(p + 2, 4) >= 0 ? 6 : 0;
    case 'x': return end - p >= 4 && hex_n(p + 2, 2) >= 0 ? 4 : 0;
    default: return 0;
    }
}

/* A string at s->p (the opening quote). *out is a view, or decoded into the arena when
 * want is set and the string has escapes. */
static bool j_string(jscan *s, bool want, sl_slice *out)
{
    const char *b = ++s->p, *p = b;
    bool esc = false;
    for (;;) {
        while (p < s->end && (unsigned char)*p >= 0x20 && *p != '"' && *p != '\\') p++;
        if (p >= s->end) return j_fail(s, E_EOL);
        if (*p == '"') break;
        if (*p != '\\' && *p != '\t') return j_fail(s, "control character inside a JSON string");
        if (*p == '\t') {
            p++;
            continue;
        }
        size_t el = j_escape_len(p, s->end);
        if (!el) return j_fail(s, "invalid escape in a JSON string");
        p += el, esc = true;
    }
    s->p = p + 1;
    *out = sl_slice_make(b, (size_t)(p - b));
    if (!esc || !want) return true;
    char *o = s->rec && s->rec->arena ? sl_arena_alloc(s->rec->arena, (size_t)(p - b)) : NULL;
    if (!o) return j_fail(s, "decoded JSON strings exceed the per-line memory cap");
    *out = sl_slice_make(o, j_decode(b, p, o));
    return true;
}

static void j_emit(jscan *s, sl_slice v)
{
    if (!s->jp || !s->plen) return;
    sl_keyact a = cache_resolve(s->jp, s->path, s->plen);
    if (a.id < 0) return;
    sl_fmtmap_supply(&s->jp->line_set, a);
    if (!sl_fmtmap_store(s->rec, a, v))
        j_fail(s, "decoded JSON strings exceed the per-line memory cap");
}

static bool j_value(jscan *s, int depth, bool emit);

/* After a member or an element: ',' goes on (0), the closing bracket ends the container
 * (1), anything else fails (-1). */
static int j_next(jscan *s, char close, const char *why)
{
    j_ws(s);
    if (s->p >= s->end) return j_fail(s, E_EOL), -1;
    if (*s->p == close) return s->p++, 1;
    if (*s->p != ',') return j_fail(s, why), -1;
    s->p++;
    return 0;
}

static bool j_number(jscan *s, bool emit)
{
    const char *b = s->p, *p = b;
    if (p < s->end && *p == '-') p++;
    const char *d = p;
    while (p < s->end && ((*p >= '0' && *p <= '9') || *p == '.' || *p == 'e' || *p == 'E' ||
                          *p == '+' || *p == '-'))
        p++;
    if (p == d || *d < '0' || *d > '9') return j_fail(s, "invalid JSON value");
    s->p = p;
    if (emit) j_emit(s, sl_slice_make(b, (size_t)(p - b)));
    return !s->err;
}

static bool j_literal(jscan *s, const char *lit, bool emit)
{
    size_t n = strlen(lit);
    if ((size_t)(s->end - s->p) < n || memcmp(s->p, lit, n) != 0)
        return j_fail(s, "invalid JSON value");
    if (emit) j_emit(s, lit[0] == 'n' ? SL_SLICE_NULL : sl_slice_make(s->p, n));
    s->p += n;
    return !s->err;
}

/* Appends ".key" (or "key" at the top) to the path; false if it would not fit. */
static bool j_path_push(jscan *s, size_t base, sl_slice k)
{
    size_t need = base + (base ? 1 : 0) + k.n;
    if (need > JSON_PATH_MAX) return false;
    if (base) s->path[base++] = '.';
    memcpy(s->path + base, k.p, k.n);
    s->plen = need;
    return true;
}

static bool j_object(jscan *s, int depth, bool emit)
{
    if (depth > JSON_MAX_DEPTH) return j_fail(s, "JSON nested deeper than 64 levels");
    size_t base = s->plen;
    s->p++;
    j_ws(s);
    if (s->p < s->end && *s->p == '}') return s->p++, true;
    for (;;) {
        j_ws(s);
        if (s->p >= s->end) return j_fail(s, E_EOL);
        if (*s->p != '"') return j_fail(s, "expected a string key in a JSON object");
        sl_slice k;
        if (!j_string(s, emit, &k)) return false;
        j_ws(s);
        if (s->p >= s->end || *s->p != ':') return j_fail(s, s->p >= s->end ? E_EOL : "expected ':' after a JSON key");
        s->p++;
        bool sub = emit && j_path_push(s, base, k);
        if (!j_value(s, depth, sub)) return false;
        s->plen = base;
        int r = j_next(s, '}', "expected ',' or '}' in a JSON object");
        if (r) return r > 0;
    }
}

/* Arrays: the first element stands for the array (Caddy writes headers as lists). */
static bool j_array(jscan *s, int depth, bool emit)
{
    if (depth > JSON_MAX_DEPTH) return j_fail(s, "JSON nested deeper than 64 levels");
    s->p++;
    j_ws(s);
    if (s->p < s->end && *s->p == ']') return s->p++, true;
    for (bool first = true;; first = false) {
        size_t base = s->plen;
        if (!j_value(s, depth, emit && first)) return false;
        s->plen = base;
        int r = j_next(s, ']', "expected ',' or ']' in a JSON array");
        if (r) return r > 0;
    }
}

static bool j_value(jscan *s, int depth, bool emit)
{
    j_ws(s);
    if (s->p >= s->end) return j_fail(s, E_EOL);
    switch (*s->p) {
    case '{': return j_object(s, depth + 1, emit);
    case '[': return j_array(s, depth + 1, emit);
    case '"': {
        sl_slice v;
        if (!j_string(s, emit, &v)) return false;
        if (emit) j_emit(s, v);
        return !s->err;
    }
    case 't': return j_literal(s, "true", emit);
    case 'f': return j_literal(s, "false", emit);
    case 'n': return j_literal(s, "null", emit); /* a present key, logged empty */
    default: return j_number(s, emit);
    }
}

/* Scans one line holding one object. */
static bool j_line(jscan *s)
{
    j_ws(s);
    if (s->p >= s->end || *s->p != '{') return j_fail(s, "line is not a JSON object");
    if (!j_object(s, 1, s->jp != NULL)) return false;
    j_ws(s);
    return s->p == s->end || j_fail(s, "text after the JSON object");
}

/* ---- the format ---- */

static bool blank(const char *line, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r') return false;
    return true;
}

static sl_line_kind json_parse(sl_parser *p, const char *line, size_t len, sl_record *rec,
                               const char **reason)
{
    if (blank(line, len)) return SL_LINE_SKIPPED;
    json_parser *jp = (json_parser *)p;
    memset(&jp->line_set, 0, sizeof jp->line_set);
    jscan s = {.p = line, .end = line + len, .jp = jp, .rec = rec};
    if (!j_line(&s)) {
        *reason = s.err ? s.err : "malformed JSON";
        return SL_LINE_REJECTED;
    }
    sl_fmtmap_finish(rec);
    if (!rec->v[SL_F_STATUS].p) {
        *reason = "JSON object has no status field (not an access log entry?)";
        return SL_LINE_REJECTED;
    }
    rec->supplied = &jp->line_set;
    return SL_LINE_RECORD;
}

static sl_parser *json_parser_new(const sl_format *f)
{
    json_parser *jp = sl_xcalloc(1, sizeof *jp);
    jp->head.fmt = f;
    return &jp->head;
}

static const sl_format_vt json_vt = {json_parser_new, json_parse, sl_parser_free_plain,
                                     sl_format_free_plain};

sl_format *sl_fmt_json_new(const char *preset, sl_fields *ft, char *err, size_t errlen)
{
    if (!ft) {
        snprintf(err, errlen, "JSON format needs a field table");
        return NULL;
    }
    json_format *jf = sl_xcalloc(1, sizeof *jf);
    jf->head.vt = &json_vt;
    snprintf(jf->head.name, sizeof jf->head.name, "%s", preset && *preset ? preset : "jsonl");
    jf->head.fields.any = true;
    jf->ft = ft;
    return &jf->head;
}

/* The first non-blank line starts with '{' and scans as one JSON object (a line cut off at
 * the end of head counts when all of it scanned). */
bool sl_fmt_json_sniff(const char *head, size_t len)
{
    const char *p = head, *end = head + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        if (!blank(p, (size_t)(le - p))) {
            jscan s = {.p = p, .end = le};
            if (j_line(&s)) return true;
            return !nl && s.err == E_EOL && le - p > 16;
        }
        if (!nl) break;
        p = nl + 1;
    }
    return false;
}
