/* out_baseline.c: line-independent fingerprints (FNV-1a 64 over rule id, host, method,
 * normalized path and status) and baselines: a text file with one `<16 hex> <rule id>`
 * a line, sorted, after a header comment; loaded into a hash set (bounded by
 * SL_BASELINE_MAX), written atomically through sl_outfile. */
#include "output/out_ext.h"
#include "base/sl_alloc.h"
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>

#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull
#define NO_NAME UINT32_MAX

static uint64_t fnv(uint64_t h, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)p[i]) * FNV_PRIME;
    return h;
}

static uint64_t fnv_byte(uint64_t h, unsigned char c) { return (h ^ c) * FNV_PRIME; }

/* A field, then a separator; an absent field hashes differently from an empty one. */
static uint64_t fnv_field(uint64_t h, sl_slice s, bool lower)
{
    if (!s.p) return fnv_byte(fnv_byte(h, 0x1e), 0x1f);
    for (size_t i = 0; i < s.n; i++)
        h = fnv_byte(h, lower ? (unsigned char)tolower((unsigned char)s.p[i]) : (unsigned char)s.p[i]);
    return fnv_byte(h, 0x1f);
}

static bool is_hex(char c) { return isxdigit((unsigned char)c) != 0; }

/* All digits, hex of 8+ characters, or a UUID (8-4-4-4-12). */
static bool variable_segment(const char *p, size_t n)
{
    size_t digits = 0, hex = 0;
    for (size_t i = 0; i < n; i++) {
        digits += isdigit((unsigned char)p[i]) != 0;
        hex += is_hex(p[i]);
    }
    if (n && digits == n) return true;
    if (n >= 8 && hex == n) return true;
    if (n != 36) return false;
    for (size_t i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? p[i] != '-' : !is_hex(p[i])) return false;
    }
    return true;
}

static uint64_t fnv_path(uint64_t h, sl_slice path)
{
    if (!path.p) return fnv_field(h, path, false);
    size_t end = 0;
    while (end < path.n && path.p[end] != '?' && path.p[end] != '#') end++;
    size_t i = 0;
    while (i <= end) {
        size_t j = i;
        while (j < end && path.p[j] != '/') j++;
        if (variable_segment(path.p + i, j - i)) h = fnv(h, "{}", 2);
        else h = fnv(h, path.p + i, j - i);
        if (j < end) h = fnv_byte(h, '/');
        i = j + 1;
    }
    return fnv_byte(h, 0x1f);
}

uint64_t sl_fingerprint(const char *rule_id, sl_slice host, sl_slice method, sl_slice path,
                        int status)
{
    uint64_t h = fnv_field(FNV_OFFSET, sl_slice_cstr(rule_id ? rule_id : ""), false);
    h = fnv_field(h, host, true);
    h = fnv_field(h, method, false);
    h = fnv_path(h, path);
    char num[16];
    int n = snprintf(num, sizeof num, "%d", status);
    return fnv(h, num, (size_t)n);
}

/* ---- the set ---- */
struct sl_baseline {
    uint64_t *keys;
    uint32_t *names_of;         /* rule name index per slot */
    size_t cap, n, dropped;
    bool has_zero;
    uint32_t zero_name;
    char **names;               /* interned rule ids (recorded baselines) */
    size_t nnames, capnames;
};

sl_baseline *sl_baseline_new(void) { return sl_xcalloc(1, sizeof(sl_baseline)); }

void sl_baseline_free(sl_baseline *b)
{
    if (!b) return;
    for (size_t i = 0; i < b->nnames; i++) free(b->names[i]);
    free(b->names);
    free(b->keys);
    free(b->names_of);
    free(b);
}

size_t sl_baseline_count(const sl_baseline *b) { return b ? b->n + b->has_zero : 0; }
size_t sl_baseline_dropped(const sl_baseline *b) { return b ? b->dropped : 0; }

static size_t slot(const uint64_t *keys, size_t cap, uint64_t fp)
{
    size_t i = (size_t)(fp * 0x9E3779B97F4A7C15ull >> 17) & (cap - 1);
    while (keys[i] && keys[i] != fp) i = (i + 1) & (cap - 1);
    return i;
}

static void grow(sl_baseline *b)
{
    size_t ncap = b->cap ? b->cap * 2 : 256;
    uint64_t *nk = sl_xcalloc(ncap, sizeof *nk);
    uint32_t *nn = sl_xcalloc(ncap, sizeof *nn);
    for (size_t i = 0; i < b->cap; i++) {
        if (!b->keys[i]) continue;
        size_t j = slot(nk, ncap, b->keys[i]);
        nk[j] = b->keys[i];
        nn[j] = b->names_of[i];
    }
    free(b->keys);
    free(b->names_of);
    b->keys = nk;
    b->names_of = nn;
    b->cap = ncap;
}

bool sl_baseline_has(const sl_baseline *b, uint64_t fp)
{
    if (!b) return false;
    if (fp == 0) return b->has_zero;
    return b->cap && b->keys[slot(b->keys, b->cap, fp)] == fp;
}

static void insert(sl_baseline *b, uint64_t fp, uint32_t name)
{
    if (fp == 0) { b->has_zero = true; b->zero_name = name; return; }
    if (b->cap && b->keys[slot(b->keys, b->cap, fp)] == fp) return;
    if (b->n >= SL_BASELINE_MAX) { b->dropped++; return; }
    if ((b->n + 1) * 2 > b->cap) grow(b);
    size_t i = slot(b->keys, b->cap, fp);
    b->keys[i] = fp;
    b->names_of[i] = name;
    b->n++;
}

static uint32_t intern(sl_baseline *b, const char *id)
{
    if (!id) return NO_NAME;
    for (size_t i = b->nnames; i-- > 0;)
        if (strcmp(b->names[i], id) == 0) return (uint32_t)i;
    if (b->nnames >= 65536) return NO_NAME;
    if (b->nnames == b->capnames) {
        b->capnames = b->capnames ? b->capnames * 2 : 16;
        b->names = sl_xrealloc(b->names, b->capnames * sizeof *b->names);
    }
    b->names[b->nnames] = sl_xstrdup(id);
    return (uint32_t)b->nnames++;
}

void sl_baseline_add(sl_baseline *b, uint64_t fp, const char *rule_id)
{
    if (!b || sl_baseline_has(b, fp)) return;
    insert(b, fp, intern(b, rule_id));
}

/* ---- the file ---- */
typedef struct bl_entry {
    uint64_t fp;
    const char *name;
} bl_entry;

static int entry_cmp(const void *a, const void *b)
{
    const bl_entry *x = a, *y = b;
    if (x->fp != y->fp) return x->fp < y->fp ? -1 : 1;
    return strcmp(x->name, y->name);
}

static const char *name_of(const sl_baseline *b, uint32_t i)
{
    return i < b->nnames ? b->names[i] : "?";
}

sl_status sl_baseline_write(const sl_baseline *b, const char *path, char *err, size_t errlen)
{
    size_t n = 0, total = sl_baseline_count(b);
    bl_entry *v = sl_xcalloc(total + 1, sizeof *v);
    if (b && b->has_zero) v[n++] = (bl_entry){0, name_of(b, b->zero_name)};
    for (size_t i = 0; b && i < b->cap; i++)
        if (b->keys[i]) v[n++] = (bl_entry){b->keys[i], name_of(b, b->names_of[i])};
    qsort(v, n, sizeof *v, entry_cmp);
    sl_outfile *o = sl_outfile_open(path, err, errlen);
    if (!o) { free(v); return SL_EIO; }
    FILE *f = sl_outfile_stream(o);
    fputs("# statuslint baseline: <fingerprint> <rule id>, one a line, sorted\n", f);
    for (size_t i = 0; i < n; i++) fprintf(f, "%016" PRIx64 " %s\n", v[i].fp, v[i].name);
    free(v);
    return sl_outfile_commit(o, err, errlen);
}

/* "<16 hex> <rule id>" with optional surrounding blanks; false if malformed. */
static bool parse_entry(const char *p, uint64_t *fp)
{
    uint64_t v = 0;
    for (int i = 0; i < 16; i++, p++) {
        if (!is_hex(*p)) return false;
        v = v << 4 | (uint64_t)(isdigit((unsigned char)*p) ? *p - '0' : (tolower((unsigned char)*p) - 'a' + 10));
    }
    if (*p != ' ' && *p != '\t') return false;
    while (*p == ' ' || *p == '\t') p++;
    size_t idlen = 0;
    while (isalnum((unsigned char)p[idlen]) || p[idlen] == '.' || p[idlen] == '-' || p[idlen] == '_') idlen++;
    if (!idlen) return false;
    p += idlen;
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
    *fp = v;
    return *p == '\0';
}

static bool load_lines(sl_baseline *b, FILE *f, const char *path, char *err, size_t errlen)
{
    char line[1024];
    unsigned long no = 0;
    while (fgets(line, sizeof line, f)) {
        no++;
        size_t len = strlen(line);
        if (len == sizeof line - 1 && line[len - 1] != '\n' && !feof(f)) {
            snprintf(err, errlen, "%s:%lu: line too long for a baseline entry", path, no);
            return false;
        }
        const char *p = line;
        while (*p == ' ' || *p == '\t') p++;
        if (*p == '#' || *p == '\n' || *p == '\r' || *p == '\0') continue;
        uint64_t fp;
        if (!parse_entry(p, &fp)) {
            snprintf(err, errlen, "%s:%lu: malformed baseline entry (expected <16 hex digits> <rule id>)",
                     path, no);
            return false;
        }
        insert(b, fp, NO_NAME);
    }
    if (ferror(f)) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return false;
    }
    return true;
}

sl_baseline *sl_baseline_load(const char *path, char *err, size_t errlen)
{
    char dummy[8];
    if (!err || !errlen) { err = dummy; errlen = sizeof dummy; }
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    sl_baseline *b = sl_baseline_new();
    bool ok = load_lines(b, f, path, err, errlen);
    fclose(f);
    if (!ok) {
        sl_baseline_free(b);
        return NULL;
    }
    return b;
}
