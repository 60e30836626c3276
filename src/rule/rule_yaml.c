/* rule_yaml.c: YAML documents (rule files, settings) as a small tree with source marks,
 * plus the diagnostics helpers of the rule module: positions inside scalars mapped back to
 * file:line:col, caret spans, and did-you-mean suggestions.
 * Owns nothing beyond the arena it is given; refuses aliases, several documents and
 * collections nested deeper than SL_RULE_YAML_DEPTH. Never prints. */
#include "base/sl_nearest.h"
#include "base/sl_term.h"
#include "rule/rule_int.h"
#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>

/* ================= small helpers ================= */

void *sl_rule_alloc(sl_arena *a, size_t n)
{
    void *p = sl_arena_alloc(a, n ? n : 1);
    if (!p) return NULL;
    memset(p, 0, n ? n : 1);
    return p;
}

char *sl_rule_strdup(sl_arena *a, const char *s, size_t n)
{
    return sl_arena_strndup(a, s ? s : "", s ? n : 0);
}

bool sl_rule_parse_int(const char *s, size_t n, int64_t *out)
{
    int64_t v = 0;
    if (n == 0 || n > 18) return false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

void sl_rule_json_str(FILE *out, const char *s, size_t n)
{
    fputc('"', out);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') fprintf(out, "\\%c", c);
        else if (c == '\n') fputs("\\n", out);
        else if (c == '\t') fputs("\\t", out);
        else if (c < 0x20 || c == 0x7f) fprintf(out, "\\u%04x", c);
        else if (c < 0x80) fputc(c, out);
        else { /* C1 and bidi overrides escaped, as in every other JSON this program writes */
            uint32_t cp = 0;
            size_t len = sl_utf8_next((const unsigned char *)s + i, n - i, &cp);
            if (!len) fputs("\\ufffd", out);
            else if (sl_term_dangerous(cp)) fprintf(out, "\\u%04x", (unsigned)cp);
            else fwrite(s + i, 1, len, out);
            i += len ? len - 1 : 0;
        }
    }
    fputc('"', out);
}

/* ================= diagnostics ================= */

static void vdiag(sl_diags *d, sl_diag_level lv, const srcfile *f, int line, int col, int end_col,
                  const char *fmt, va_list ap)
{
    char msg[512];
    const char *src = NULL;
    size_t srclen = 0;
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (f && line > 0 && !sl_text_line(f->text, f->len, line, &src, &srclen)) src = NULL;
    sl_diags_add(d, lv, f ? f->name : "", line, col, end_col, src, srclen, "%s", msg);
}

static size_t utf8_len(unsigned char c);
static size_t char_to_byte(const char *s, size_t n, int col);

/* libyaml counts columns in characters; the renderer places carets by byte. */
static int byte_col(const srcfile *f, int line, int col)
{
    const char *s;
    size_t n;
    if (!f || col < 1 || !sl_text_line(f->text, f->len, line, &s, &n)) return col;
    return (int)char_to_byte(s, n, col) + 1;
}

void sl_rule_diag_at(sl_diags *d, sl_diag_level lv, const srcfile *f, int line, int col,
                     int end_col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vdiag(d, lv, f, line, byte_col(f, line, col), end_col > 0 ? byte_col(f, line, end_col) : 0, fmt, ap);
    va_end(ap);
}

void sl_rule_diag_node(sl_diags *d, sl_diag_level lv, const srcfile *f, const ynode *n,
                       const char *fmt, ...)
{
    va_list ap;
    int line = n ? n->line : 0, col = n ? byte_col(f, n->line, n->col) : 0;
    int end = n && n->eline == n->line ? byte_col(f, n->line, n->ecol) : 0;
    va_start(ap, fmt);
    vdiag(d, lv, f, line, col, end, fmt, ap);
    va_end(ap);
}

void sl_rule_diag_span(sl_diags *d, sl_diag_level lv, const srcref *ref, size_t off, size_t len,
                       const char *fmt, ...)
{
    int l1, c1, l2, c2;
    va_list ap;
    sl_rule_srcpos(ref, off, &l1, &c1);
    sl_rule_srcpos(ref, off + (len ? len : 1), &l2, &c2);
    va_start(ap, fmt);
    vdiag(d, lv, ref->f, l1, c1, l2 == l1 ? c2 : 0, fmt, ap);
    va_end(ap);
}

const char *sl_rule_didyoumean(const char *word, size_t n, const char *const *cands, size_t nc)
{
    return sl_nearest(word, n, cands, nc);
}

bool sl_rule_foreign_root(sl_diags *d, const srcfile *f, const ynode *root, const char *expect,
                          const char *const *allowed)
{
    size_t na = 0;
    while (allowed[na]) na++;
    bool foreign = root->kind != Y_MAP;
    if (!foreign && root->nkid) {
        foreign = true;
        for (size_t i = 0; foreign && i + 1 < root->nkid; i += 2)
            if (sl_rule_didyoumean(root->kid[i]->s, root->kid[i]->n, allowed, na)) foreign = false;
    }
    if (foreign)
        sl_diags_add(d, SL_DIAG_ERROR, f->name, root->line, byte_col(f, root->line, root->col), 0,
                     NULL, 0, "%s; this file is not one (its content is not shown)", expect);
    return foreign;
}

size_t sl_rule_check_keys(sl_diags *d, const srcfile *f, const ynode *map, const char *what,
                          const char *const *allowed)
{
    size_t bad = 0, na = 0;
    while (allowed[na]) na++;
    for (size_t i = 0; i + 1 < map->nkid; i += 2) {
        const ynode *k = map->kid[i];
        size_t j;
        for (j = 0; j < na && strcmp(k->s, allowed[j]) != 0; j++) {}
        if (j < na) continue;
        const char *dym = sl_rule_didyoumean(k->s, k->n, allowed, na);
        if (dym)
            sl_rule_diag_node(d, SL_DIAG_ERROR, f, k, "unknown key '%s' in %s; did you mean '%s'?",
                              k->s, what, dym);
        else
            sl_rule_diag_node(d, SL_DIAG_ERROR, f, k, "unknown key '%s' in %s", k->s, what);
        bad++;
    }
    return bad;
}

/* ================= positions inside scalars ================= */

srcref sl_rule_ref(const srcfile *f, const ynode *n)
{
    srcref r = {f, n ? n->line : 0, n ? n->col : 0, n ? n->style : 0};
    return r;
}

static size_t utf8_len(unsigned char c) { return c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1; }

/* Byte offset of character column col (1-based) in line s. */
static size_t char_to_byte(const char *s, size_t n, int col)
{
    size_t b = 0;
    for (int c = 1; c < col && b < n; c++) b += utf8_len((unsigned char)s[b]);
    return b < n ? b : n;
}


/* How many value bytes the escape at s[0] ('\\' in a double-quoted scalar) produces, and
 * how many source bytes it takes (*take). */
static size_t dq_escape(const char *s, size_t n, size_t *take)
{
    size_t w = 1;
    char e = n > 1 ? s[1] : 0;
    *take = 2;
    if (e == 'x') *take = 4, w = 1;
    else if (e == 'u') *take = 6, w = 2;
    else if (e == 'U') *take = 10, w = 4;
    if (*take > n) *take = n;
    return w;
}

typedef struct walk {
    const srcfile *f;
    int line;
    const char *s;
    size_t n, b;
} walk;

static bool walk_line(walk *w, int line)
{
    w->line = line;
    w->b = 0;
    return sl_text_line(w->f->text, w->f->len, line, &w->s, &w->n);
}

/* Moves to the next line for a folded/flow continuation; skips its indentation. */
static bool walk_next(walk *w)
{
    if (!walk_line(w, w->line + 1)) return false;
    while (w->b < w->n && (w->s[w->b] == ' ' || w->s[w->b] == '\t')) w->b++;
    return true;
}

void sl_rule_srcpos(const srcref *ref, size_t off, int *line, int *col)
{
    walk w = {ref->f, 0, NULL, 0, 0};
    size_t k = 0;
    *line = ref->line, *col = ref->col;
    if (!ref->f || !walk_line(&w, ref->line)) return;
    w.b = char_to_byte(w.s, w.n, ref->col);
    int st = ref->style;
    if (st == YAML_LITERAL_SCALAR_STYLE || st == YAML_FOLDED_SCALAR_STYLE) {
        if (!walk_next(&w)) return;
    } else if (st == YAML_SINGLE_QUOTED_SCALAR_STYLE || st == YAML_DOUBLE_QUOTED_SCALAR_STYLE) {
        w.b++;
    }
    while (k < off) {
        if (w.b >= w.n) {
            if (!walk_next(&w)) break;
            k++; /* the line break became one byte (space or newline) */
            continue;
        }
        size_t take = utf8_len((unsigned char)w.s[w.b]), width = take;
        if (st == YAML_DOUBLE_QUOTED_SCALAR_STYLE && w.s[w.b] == '\\')
            width = dq_escape(w.s + w.b, w.n - w.b, &take);
        else if (st == YAML_SINGLE_QUOTED_SCALAR_STYLE && w.s[w.b] == '\'')
            take = 2, width = 1;
        if (k + width > off) break;
        k += width;
        w.b += take;
    }
    if (w.b > w.n) w.b = w.n;
    *line = w.line;
    *col = (int)w.b + 1; /* byte column, as the renderer counts */
}

/* ================= the tree builder ================= */

typedef struct ybuild {
    yaml_parser_t p;
    sl_arena *a;
    sl_diags *d;
    const srcfile *f;
    bool failed;
} ybuild;

/* A file that is not YAML (a key file, /proc/self/environ, a binary) may hold secrets: errors
 * found while reading the YAML itself name the line and column but never show the text. */
static void ydiag(ybuild *b, int line, int col, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void ydiag(ybuild *b, int line, int col, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    sl_diags_add(b->d, SL_DIAG_ERROR, b->f->name, line, byte_col(b->f, line, col), 0, NULL, 0, "%s", msg);
}

static void yerr(ybuild *b)
{
    char ctx[160] = "";
    if (b->failed) return;
    b->failed = true;
    if (b->p.error == YAML_READER_ERROR) { /* no mark: locate the byte offset */
        size_t off = b->p.problem_offset < b->f->len ? b->p.problem_offset : b->f->len;
        int line = 1;
        size_t start = 0;
        for (size_t i = 0; i < off; i++)
            if (b->f->text[i] == '\n') line++, start = i + 1;
        sl_diags_add(b->d, SL_DIAG_ERROR, b->f->name, line, (int)(off - start) + 1, 0, NULL, 0,
                     "invalid YAML: %s (rule files are UTF-8)", b->p.problem ? b->p.problem : "bad byte");
        return;
    }
    if (b->p.context)
        snprintf(ctx, sizeof ctx, " %s (line %d)", b->p.context, (int)b->p.context_mark.line + 1);
    ydiag(b, (int)b->p.problem_mark.line + 1, (int)b->p.problem_mark.column + 1, "invalid YAML: %s%s",
          b->p.problem ? b->p.problem : "syntax error", ctx);
}

static bool next_event(ybuild *b, yaml_event_t *ev)
{
    if (b->failed) return false;
    if (!yaml_parser_parse(&b->p, ev)) {
        yerr(b);
        return false;
    }
    return true;
}

static ynode *new_node(ybuild *b, ykind k, const yaml_event_t *ev)
{
    ynode *n = sl_rule_alloc(b->a, sizeof *n);
    if (!n) return NULL;
    n->kind = k;
    n->line = (int)ev->start_mark.line + 1;
    n->col = (int)ev->start_mark.column + 1;
    n->eline = (int)ev->end_mark.line + 1;
    n->ecol = (int)ev->end_mark.column + 1;
    return n;
}

static bool add_kid(ybuild *b, ynode *n, ynode *k, size_t *cap)
{
    if (n->nkid == *cap) {
        size_t nc = *cap ? *cap * 2 : 8;
        ynode **v = sl_arena_alloc(b->a, nc * sizeof(ynode *));
        if (!v) return false;
        if (n->nkid) memcpy(v, n->kid, n->nkid * sizeof(ynode *));
        n->kid = v, *cap = nc;
    }
    n->kid[n->nkid++] = k;
    return true;
}

static ynode *build(ybuild *b, yaml_event_t *ev, int depth);

static bool check_dup_key(ybuild *b, ynode *map, ynode *key)
{
    if (key->kind != Y_SCALAR) {
        ydiag(b, key->line, key->col, "mapping keys must be plain words");
        return false;
    }
    for (size_t i = 0; i + 1 < map->nkid; i += 2)
        if (strcmp(map->kid[i]->s, key->s) == 0) {
            ydiag(b, key->line, key->col, "duplicate key (first on line %d)", map->kid[i]->line);
            return false;
        }
    return true;
}

static ynode *build_coll(ybuild *b, yaml_event_t *ev, int depth, ykind k)
{
    ynode *n = new_node(b, k, ev);
    size_t cap = 0;
    yaml_event_type_t end = k == Y_SEQ ? YAML_SEQUENCE_END_EVENT : YAML_MAPPING_END_EVENT;
    yaml_event_delete(ev);
    if (depth >= SL_RULE_YAML_DEPTH) {
        ydiag(b, n->line, n->col, "YAML nested deeper than %d levels", SL_RULE_YAML_DEPTH);
        b->failed = true;
        return NULL;
    }
    for (;;) {
        yaml_event_t e;
        if (!next_event(b, &e)) return NULL;
        if (e.type == end) {
            n->eline = (int)e.end_mark.line + 1, n->ecol = (int)e.end_mark.column + 1;
            yaml_event_delete(&e);
            return n;
        }
        ynode *kid = build(b, &e, depth + 1);
        if (!kid || !n) return NULL;
        if (k == Y_MAP && n->nkid % 2 == 0 && !check_dup_key(b, n, kid)) {
            /* keep going: the value is parsed and dropped */
            yaml_event_t v;
            if (!next_event(b, &v)) return NULL;
            if (!build(b, &v, depth + 1)) return NULL;
            continue;
        }
        if (!add_kid(b, n, kid, &cap)) return NULL;
    }
}

static ynode *build(ybuild *b, yaml_event_t *ev, int depth)
{
    ynode *n = NULL;
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        n = new_node(b, Y_SCALAR, ev);
        if (n) {
            n->style = ev->data.scalar.style;
            n->n = ev->data.scalar.length;
            n->s = sl_rule_strdup(b->a, (const char *)ev->data.scalar.value, n->n);
        }
        break;
    case YAML_SEQUENCE_START_EVENT:
        return build_coll(b, ev, depth, Y_SEQ);
    case YAML_MAPPING_START_EVENT:
        return build_coll(b, ev, depth, Y_MAP);
    case YAML_ALIAS_EVENT:
        ydiag(b, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1,
              "YAML aliases are not supported");
        b->failed = true;
        break;
    default:
        b->failed = true;
        break;
    }
    yaml_event_delete(ev);
    return b->failed ? NULL : n;
}

static ynode *load_doc(ybuild *b, bool *ok)
{
    yaml_event_t ev;
    ynode *root = NULL;
    if (!next_event(b, &ev)) return NULL; /* stream start */
    yaml_event_delete(&ev);
    if (!next_event(b, &ev)) return NULL;
    if (ev.type == YAML_STREAM_END_EVENT) {
        yaml_event_delete(&ev);
        *ok = true;
        return NULL;
    }
    yaml_event_delete(&ev); /* document start */
    if (!next_event(b, &ev)) return NULL;
    root = build(b, &ev, 0);
    if (!root || !next_event(b, &ev)) return NULL;
    yaml_event_delete(&ev); /* document end */
    if (!next_event(b, &ev)) return NULL;
    if (ev.type != YAML_STREAM_END_EVENT) {
        ydiag(b, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
              "only one YAML document per file");
        yaml_event_delete(&ev);
        return NULL;
    }
    yaml_event_delete(&ev);
    *ok = true;
    return root;
}

ynode *sl_rule_yaml_load(const srcfile *f, sl_arena *a, sl_diags *d, bool *ok)
{
    ybuild b;
    ynode *root;
    memset(&b, 0, sizeof b);
    *ok = false;
    if (!yaml_parser_initialize(&b.p)) return NULL;
    b.a = a, b.d = d, b.f = f;
    yaml_parser_set_input_string(&b.p, (const unsigned char *)f->text, f->len);
    root = load_doc(&b, ok);
    yaml_parser_delete(&b.p);
    if (b.failed) *ok = false;
    if (root && root->kind == Y_SCALAR && root->n == 0 && root->style == YAML_PLAIN_SCALAR_STYLE)
        root = NULL; /* an empty document */
    return *ok ? root : NULL;
}

const ynode *sl_rule_yaml_get(const ynode *map, const char *key)
{
    if (!map || map->kind != Y_MAP) return NULL;
    for (size_t i = 0; i + 1 < map->nkid; i += 2)
        if (strcmp(map->kid[i]->s, key) == 0) return map->kid[i + 1];
    return NULL;
}

srcfile *sl_rule_srcfile(const char *name, const char *text, size_t len)
{
    srcfile *f = sl_xcalloc(1, sizeof *f);
    f->name = sl_xstrdup(name);
    f->text = sl_xmalloc(len + 1);
    if (len) memcpy(f->text, text, len);
    f->text[len] = 0;
    f->len = len;
    return f;
}

void sl_rule_srcfile_free(srcfile *f)
{
    if (!f) return;
    free(f->name);
    free(f->text);
    free(f);
}
