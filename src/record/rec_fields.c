/* rec_fields.c: the field table. Canonical fields (rec_fields.def) have fixed ids; other
 * names (req.<header>, resp.<header>, JSON keys) are interned during setup. The table is
 * frozen before any worker starts, then only read. Lookup is a linear scan over at most
 * SL_MAX_FIELDS short names: it runs at setup and for JSON/CSV keys, never per byte. */
#include "record/rec.h"
#include "base/sl_alloc.h"
#include <stdio.h>
#include <stdlib.h>

struct sl_fields {
    char *names[SL_MAX_FIELDS];
    int count;
    bool frozen;
};

static const char *const canonical[][3] = {
#define X(e, name, ng, ap) {name, ng, ap},
#include "record/rec_fields.def"
#undef X
};

sl_fields *sl_fields_new(void)
{
    sl_fields *ft = sl_xcalloc(1, sizeof *ft);
    for (int i = 0; i < SL_F_CANONICAL_COUNT; i++) ft->names[i] = sl_xstrdup(canonical[i][0]);
    ft->count = SL_F_CANONICAL_COUNT;
    return ft;
}

void sl_fields_free(sl_fields *ft)
{
    if (!ft) return;
    for (int i = 0; i < ft->count; i++) free(ft->names[i]);
    free(ft);
}

/* Lower-cases; inside req./resp. header names '-' becomes '_'. */
static size_t normalize(const char *name, size_t len, char *out, size_t cap)
{
    if (len >= cap) return 0;
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        out[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    }
    out[len] = '\0';
    if (!strncmp(out, "req.", 4) || !strncmp(out, "resp.", 5))
        for (char *p = strchr(out, '.'); *p; p++)
            if (*p == '-') *p = '_';
    return len;
}

int sl_fields_find(const sl_fields *ft, const char *name, size_t len)
{
    char buf[256];
    if (!normalize(name, len, buf, sizeof buf)) return -1;
    for (int i = 0; i < ft->count; i++)
        if (!strcmp(ft->names[i], buf)) return i;
    return -1;
}

int sl_fields_intern(sl_fields *ft, const char *name, size_t len)
{
    int id = sl_fields_find(ft, name, len);
    if (id >= 0) return id;
    char buf[256];
    if (ft->frozen || ft->count >= SL_MAX_FIELDS || !normalize(name, len, buf, sizeof buf))
        return -1;
    ft->names[ft->count] = sl_xstrdup(buf);
    return ft->count++;
}

const char *sl_fields_name(const sl_fields *ft, int id)
{
    return id >= 0 && id < ft->count ? ft->names[id] : "?";
}

int sl_fields_count(const sl_fields *ft) { return ft->count; }
void sl_fields_freeze(sl_fields *ft) { ft->frozen = true; }

/* "req.if_none_match" -> nginx $http_if_none_match, Apache %{If-None-Match}i. */
static void header_hint(const char *h, const char *ngprefix, char apsuffix, char *buf, size_t n)
{
    char ap[200];
    size_t k = 0;
    bool up = true;
    for (const char *s = h; *s && k + 1 < sizeof ap; s++) {
        char c = *s == '_' ? '-' : *s;
        ap[k++] = up && c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
        up = c == '-';
    }
    ap[k] = '\0';
    snprintf(buf, n, "nginx: $%s%s, Apache: %%{%s}%c", ngprefix, h, ap, apsuffix);
}

void sl_fields_hint(const sl_fields *ft, int id, char *buf, size_t n)
{
    const char *name = sl_fields_name(ft, id);
    if (id >= 0 && id < SL_F_CANONICAL_COUNT) {
        if (*canonical[id][2])
            snprintf(buf, n, "nginx: %s, Apache: %s", canonical[id][1], canonical[id][2]);
        else
            snprintf(buf, n, "nginx: %s (Apache has no equivalent)", canonical[id][1]);
    } else if (!strncmp(name, "req.", 4)) {
        header_hint(name + 4, "http_", 'i', buf, n);
    } else if (!strncmp(name, "resp.", 5)) {
        header_hint(name + 5, "sent_http_", 'o', buf, n);
    } else {
        snprintf(buf, n, "a log field named '%s'", name);
    }
}
