/* fmt_compile.c: compiles nginx log_format and Apache LogFormat strings into a program (see
 * fmt_internal.h): literals and fields, each field mapped to a canonical field (docs/ARCHITECTURE.md
 * "Fields") or to a field of its own name. It owns the variable/directive tables and the
 * compile-time error messages (with 1-based columns); it does not parse log lines.
 *
 * Choices: an unknown nginx variable ($foo) becomes a field named "foo" (interned), so rules
 * can use it; an unknown Apache directive is an error. Apache %D (microseconds) and %{ms}T
 * are normalized to seconds like nginx's $request_time, written as a decimal string into the
 * record arena, so request_time is always seconds. %l (identd) is matched and dropped. */
#include "format/fmt_internal.h"
#include "base/sl_alloc.h"
#include <ctype.h>
#include <strings.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct field_map {
    int id;       /* canonical id, or -1 to intern name */
    int post;
    int tkind;
    bool multi;
    bool list;
    char name[80]; /* name to intern when id < 0 and post != FC_SKIP */
} field_map;

typedef struct builder {
    fmt_prog *p;
    size_t used;      /* bytes used in p->store */
    size_t pend;      /* offset where the pending literal starts */
    char prev[48];    /* spelling of the previous field, for messages */
    sl_fields *ft;
    char *err;
    size_t errlen;
    int *errcol;
} builder;

static bool fail(builder *b, int col, const char *msg, const char *tok)
{
    snprintf(b->err, b->errlen, "column %d: %s%s%s%s", col, msg, tok ? " '" : "", tok ? tok : "",
             tok ? "'" : "");
    if (b->errcol) *b->errcol = col;
    return false;
}

static void lit_char(builder *b, char c) { b->p->store[b->used++] = c; }

/* Closes the pending literal onto the lead or the previous field. */
static void close_literal(builder *b)
{
    fmt_prog *p = b->p;
    const char *s = p->store + b->pend;
    size_t n = b->used - b->pend;
    if (p->nf == 0) p->lead = s, p->leadlen = n;
    else p->f[p->nf - 1].after = s, p->f[p->nf - 1].afterlen = n;
    b->pend = b->used;
}

static bool add_field(builder *b, const field_map *m, int col, const char *spelled)
{
    fmt_prog *p = b->p;
    bool adjacent = p->nf > 0 && b->used == b->pend;
    if (adjacent && !(p->f[p->nf - 1].id == SL_F_PATH && m->post == FC_QUERY)) {
        char msg[160];
        snprintf(msg, sizeof msg, "'%s' directly follows '%s' with no text between them, so "
                 "the two fields cannot be told apart:", spelled, b->prev);
        return fail(b, col, msg, NULL);
    }
    if (p->nf >= FMT_MAX_FIELDS) return fail(b, col, "too many fields (at most 64) at", spelled);
    close_literal(b);
    fmt_field *f = &p->f[p->nf++];
    memset(f, 0, sizeof *f);
    f->id = m->id;
    f->post = (uint8_t)m->post;
    f->tkind = (uint8_t)m->tkind;
    f->multi = m->multi || m->list;
    f->list = m->list;
    if (f->id < 0 && m->post != FC_SKIP && m->name[0]) {
        f->id = sl_fields_intern(b->ft, m->name, strlen(m->name));
        if (f->id < 0) f->post = FC_SKIP; /* table full or frozen: match, don't store */
    }
    if (f->id < 0 && f->post != FC_REQUEST && f->post != FC_REQUEST_ABS) f->post = FC_SKIP;
    snprintf(b->prev, sizeof b->prev, "%s", spelled);
    return true;
}

/* ======== nginx variables ======== */

static const struct {
    const char *var;
    int id, post, tkind;
    bool multi;
} nginx_vars[] = {
    {"remote_addr", SL_F_CLIENT, FC_PLAIN, 0, false},
    {"remote_user", SL_F_USER, FC_PLAIN, 0, false},
    {"time_local", SL_F_TIME, FC_TIME, SL_TIME_CLF, false},
    {"time_iso8601", SL_F_TIME, FC_TIME, SL_TIME_ISO8601, false},
    {"msec", SL_F_TIME, FC_TIME, SL_TIME_EPOCH, false},
    {"request", -1, FC_REQUEST, 0, false},
    {"status", SL_F_STATUS, FC_STATUS, 0, false},
    {"body_bytes_sent", SL_F_BYTES, FC_PLAIN, 0, false},
    {"bytes_sent", SL_F_BYTES_TOTAL, FC_PLAIN, 0, false},
    {"http_referer", SL_F_REFERER, FC_PLAIN, 0, false},
    {"http_user_agent", SL_F_USER_AGENT, FC_PLAIN, 0, false},
    {"host", SL_F_HOST, FC_PLAIN, 0, false},
    {"server_name", SL_F_HOST, FC_PLAIN, 0, false},
    {"sent_http_content_type", SL_F_CONTENT_TYPE, FC_PLAIN, 0, false},
    {"request_time", SL_F_REQUEST_TIME, FC_PLAIN, 0, false},
    {"request_length", SL_F_REQUEST_LENGTH, FC_PLAIN, 0, false},
    {"upstream_status", SL_F_UPSTREAM_STATUS, FC_PLAIN, 0, true},
    {"upstream_addr", SL_F_UPSTREAM_ADDR, FC_PLAIN, 0, true},
    {"upstream_response_time", SL_F_UPSTREAM_TIME, FC_PLAIN, 0, true},
    {"request_method", SL_F_METHOD, FC_PLAIN, 0, false},
    {"request_uri", SL_F_TARGET, FC_TARGET, 0, false},
    {"uri", SL_F_PATH, FC_PLAIN, 0, false},
    {"document_uri", SL_F_PATH, FC_PLAIN, 0, false},
    {"args", SL_F_QUERY, FC_QUERY, 0, false},
    {"query_string", SL_F_QUERY, FC_QUERY, 0, false},
    {"server_protocol", SL_F_PROTOCOL, FC_PLAIN, 0, false},
    /* the request's own Content-Type, never the response's */
    {"content_type", -1, FC_PLAIN, 0, false},
    /* internal names used by the built-in presets (fmt_registry.c) */
    {"sl_skip", -1, FC_SKIP, 0, false},
    {"sl_skip_multi", -1, FC_SKIP, 0, true},
    {"sl_client_port", SL_F_CLIENT, FC_HOSTPORT, 0, false},
    {"sl_vhost_port", SL_F_HOST, FC_VHOSTPORT, 0, false},
    {"sl_request_abs", -1, FC_REQUEST_ABS, 0, false},
    {"sl_clf_bytes", SL_F_BYTES, FC_CLF_BYTES, 0, false},
    {"sl_request_time_ms", SL_F_REQUEST_TIME, FC_MS, 0, false},
    {"sl_upstream_time_ms", SL_F_UPSTREAM_TIME, FC_MS, 0, false},
    {"sl_xff_client", -1, FC_XFF, 0, true},
};

/* Request headers whose value is a comma-separated list with blanks (RFC 7239, and the
 * de facto X-Forwarded-For), by interned name ("req.x_forwarded_for"). */
static bool is_list_header(const char *name)
{
    static const char *const lists[] = {"req.x_forwarded_for", "req.forwarded", "req.via",
                                        "req.x-forwarded-for"};
    for (size_t i = 0; i < SL_ARRAY_LEN(lists); i++)
        if (!strcasecmp(name, lists[i])) return true;
    return false;
}

static void map_nginx(const char *v, size_t n, field_map *m)
{
    memset(m, 0, sizeof *m);
    m->id = -1;
    for (size_t i = 0; i < SL_ARRAY_LEN(nginx_vars); i++) {
        if (strlen(nginx_vars[i].var) == n && !memcmp(nginx_vars[i].var, v, n)) {
            m->id = nginx_vars[i].id;
            m->post = nginx_vars[i].post;
            m->tkind = nginx_vars[i].tkind;
            m->list = nginx_vars[i].multi && nginx_vars[i].id != -1;
            m->multi = nginx_vars[i].multi;
            if (n == 12 && !memcmp(v, "content_type", 12)) strcpy(m->name, "req.content_type");
            if (m->post == FC_XFF) strcpy(m->name, "req.x_forwarded_for"), m->list = true;
            return;
        }
    }
    if (n > 10 && !memcmp(v, "sent_http_", 10))
        snprintf(m->name, sizeof m->name, "resp.%.*s", (int)(n - 10), v + 10);
    else if (n > 5 && !memcmp(v, "http_", 5))
        snprintf(m->name, sizeof m->name, "req.%.*s", (int)(n - 5), v + 5);
    else if (n == 25 && !memcmp(v, "proxy_add_x_forwarded_for", 25))
        strcpy(m->name, "req.x_forwarded_for");
    else
        snprintf(m->name, sizeof m->name, "%.*s", (int)n, v);
    /* lists like "a, b" (upstream_addr "a, b : c"; X-Forwarded-For "client, proxy") */
    m->list = (n > 9 && !memcmp(v, "upstream_", 9)) || is_list_header(m->name);
}

static bool is_name_char(char c) { return isalnum((unsigned char)c) || c == '_'; }

/* One $variable at s[*i] ('$'); advances *i past it. */
static bool nginx_variable(builder *b, const char *s, size_t *i, int col)
{
    size_t start = *i + 1, end;
    bool braced = s[start] == '{';
    if (braced) {
        start++;
        for (end = start; s[end] && s[end] != '}'; end++) {
            if (is_name_char(s[end])) continue;
            char bad[8];
            snprintf(bad, sizeof bad, (unsigned char)s[end] < 0x20 ? "\\x%02x" : "%c",
                     (unsigned char)s[end]);
            return fail(b, col + (int)(end - *i), "character not allowed in a '${...}' name:", bad);
        }
        if (!s[end]) return fail(b, col, "unterminated '${': missing '}'", NULL);
        *i = end + 1;
    } else {
        for (end = start; is_name_char(s[end]); end++) {}
        *i = end;
    }
    if (end == start) return fail(b, col, "'$' is not followed by a variable name", NULL);
    char spelled[48];
    snprintf(spelled, sizeof spelled, "$%.*s", (int)(end - start), s + start);
    if (end - start == 7 && !memcmp(s + start, "is_args", 7) && b->p->nf > 0 &&
        b->used == b->pend && b->p->f[b->p->nf - 1].id == SL_F_PATH)
        return true; /* "$uri$is_args$args": the '?' splits path and query */
    field_map m;
    map_nginx(s + start, end - start, &m);
    return add_field(b, &m, col, spelled);
}

/* nginx configs write formats as '...' '...' pieces: with surrounding quotes, only the
 * text inside them counts. */
static bool nginx_quoted_pieces(const char *s)
{
    size_t n = strlen(s);
    while (n && (isspace((unsigned char)s[n - 1]) || s[n - 1] == ';')) n--;
    while (*s && isspace((unsigned char)*s)) s++, n--;
    return n >= 2 && s[0] == '\'' && s[n - 1] == '\'';
}

static bool compile_nginx(builder *b, const char *s)
{
    bool pieces = nginx_quoted_pieces(s), inq = false;
    for (size_t i = 0; s[i];) {
        int col = (int)i + 1;
        if (pieces && s[i] == '\'') { inq = !inq; i++; continue; }
        if (pieces && !inq) { i++; continue; }
        if (s[i] == '$') {
            if (!nginx_variable(b, s, &i, col)) return false;
            continue;
        }
        lit_char(b, s[i++]);
    }
    return true;
}

/* ======== Apache directives ======== */

/* %{...}t: the time's kind from its strftime or keyword argument. */
static void apache_time(const char *a, size_t n, field_map *m)
{
    m->id = SL_F_TIME;
    m->post = FC_TIME;
    if (n >= 6 && (!memcmp(a, "begin:", 6))) a += 6, n -= 6;
    else if (n >= 4 && !memcmp(a, "end:", 4)) a += 4, n -= 4;
    char buf[96];
    snprintf(buf, sizeof buf, "%.*s", (int)n, a);
    if (!strcmp(buf, "sec")) m->tkind = SL_TIME_EPOCH;
    else if (!strcmp(buf, "msec")) m->tkind = SL_TIME_EPOCH_MS;
    else if (!strcmp(buf, "usec")) m->tkind = SL_TIME_EPOCH_US;
    else if (!strcmp(buf, "msec_frac") || !strcmp(buf, "usec_frac")) m->id = -1, m->post = FC_SKIP;
    else if (strstr(buf, "%Y-%m-%d") || strstr(buf, "%F")) m->tkind = SL_TIME_ISO8601;
    else if (strstr(buf, "%d/%b/%Y:%H:%M:%S") || strstr(buf, "%d/%b/%Y:%T"))
        m->tkind = SL_TIME_CLF;
    else m->tkind = SL_TIME_NONE; /* kept as text; rules cannot read it as a time */
}

static void apache_header(char dir, const char *a, size_t n, field_map *m)
{
    char h[64];
    snprintf(h, sizeof h, "%.*s", (int)n, a);
    if (dir == 'i' && !strcasecmp(h, "Referer")) m->id = SL_F_REFERER;
    else if (dir == 'i' && !strcasecmp(h, "User-Agent")) m->id = SL_F_USER_AGENT;
    else if (dir == 'o' && !strcasecmp(h, "Content-Type")) m->id = SL_F_CONTENT_TYPE;
    else snprintf(m->name, sizeof m->name, "%s.%s", dir == 'i' ? "req" : "resp", h);
    m->list = dir == 'i' && is_list_header(m->name);
}

/* Maps one directive (letter, optional {arg}) to a field; false if the letter is unknown.
 * has_final_status: %s is the original status because the format also has %>s. */
static bool map_apache(char d, const char *a, size_t n, bool has_final_status, field_map *m)
{
    static const struct { char d; int id, post; const char *name; } simple[] = {
        {'a', SL_F_CLIENT, FC_PLAIN, NULL}, {'h', SL_F_CLIENT, FC_PLAIN, NULL},
        {'A', -1, FC_PLAIN, "server_addr"}, {'B', SL_F_BYTES, FC_PLAIN, NULL},
        {'b', SL_F_BYTES, FC_CLF_BYTES, NULL}, {'D', SL_F_REQUEST_TIME, FC_US, NULL},
        {'f', -1, FC_PLAIN, "filename"}, {'H', SL_F_PROTOCOL, FC_PLAIN, NULL},
        {'k', -1, FC_PLAIN, "keepalive"}, {'l', -1, FC_SKIP, NULL},
        {'L', -1, FC_PLAIN, "log_id"}, {'m', SL_F_METHOD, FC_PLAIN, NULL},
        {'p', -1, FC_PLAIN, "server_port"}, {'P', -1, FC_PLAIN, "pid"},
        {'q', SL_F_QUERY, FC_QUERY, NULL}, {'r', -1, FC_REQUEST, NULL},
        {'R', -1, FC_PLAIN, "handler"}, {'u', SL_F_USER, FC_PLAIN, NULL},
        {'U', SL_F_PATH, FC_PLAIN, NULL}, {'v', SL_F_HOST, FC_PLAIN, NULL},
        {'V', SL_F_HOST, FC_PLAIN, NULL}, {'X', -1, FC_PLAIN, "conn_status"},
        {'I', SL_F_REQUEST_LENGTH, FC_PLAIN, NULL}, {'O', SL_F_BYTES_TOTAL, FC_PLAIN, NULL},
        {'S', -1, FC_PLAIN, "bytes_transferred"}, {'T', SL_F_REQUEST_TIME, FC_PLAIN, NULL},
    };
    memset(m, 0, sizeof *m);
    m->id = -1;
    switch (d) {
    case 't': if (a) apache_time(a, n, m); else m->id = SL_F_TIME, m->post = FC_TIME, m->tkind = SL_TIME_CLF; return true;
    case 's':
        if (has_final_status) strcpy(m->name, "original_status");
        else m->id = SL_F_STATUS, m->post = FC_STATUS;
        return true;
    case 'i': case 'o': if (!a) return false; apache_header(d, a, n, m); return true;
    case 'e': case 'n': case 'C': case 'x': /* x: mod_ssl variables */
        if (!a) return false;
        snprintf(m->name, sizeof m->name, "%s.%.*s",
                 d == 'e' ? "env" : d == 'n' ? "note" : d == 'x' ? "ssl" : "cookie", (int)n, a);
        return true;
    }
    for (size_t i = 0; i < SL_ARRAY_LEN(simple); i++) {
        if (simple[i].d != d) continue;
        m->id = simple[i].id;
        m->post = simple[i].post;
        if (simple[i].name) snprintf(m->name, sizeof m->name, "%s", simple[i].name);
        if (d == 'T' && a && n == 2 && !memcmp(a, "ms", 2)) m->post = FC_MS;
        if (d == 'T' && a && n == 2 && !memcmp(a, "us", 2)) m->post = FC_US;
        return true;
    }
    return false;
}

/* One %directive at s[*i] ('%'); advances *i past it. */
static bool apache_directive(builder *b, const char *s, size_t *i, int col, bool final_status)
{
    size_t j = *i + 1;
    if (s[j] == '%') { lit_char(b, '%'); *i = j + 1; return true; }
    while (s[j] == '!' || s[j] == ',' || isdigit((unsigned char)s[j])) j++; /* %400,501{..}i */
    bool final = false;
    while (s[j] == '<' || s[j] == '>') final |= s[j++] == '>';
    const char *arg = NULL;
    size_t argn = 0;
    if (s[j] == '{') {
        const char *close = strchr(s + j, '}');
        if (!close) return fail(b, col, "unterminated '%{': missing '}'", NULL);
        arg = s + j + 1;
        argn = (size_t)(close - arg);
        j = (size_t)(close - s) + 1;
    }
    if (!s[j]) return fail(b, col, "'%' directive without its letter at end of format", NULL);
    char spelled[48];
    char d = s[j];
    bool trailer = d == '^' && s[j + 1] == 't' && (s[j + 2] == 'i' || s[j + 2] == 'o');
    size_t end = trailer ? j + 3 : j + 1;
    snprintf(spelled, sizeof spelled, "%.*s", (int)(end - *i), s + *i);
    *i = end;
    field_map m;
    if (trailer) {
        memset(&m, 0, sizeof m);
        m.id = -1;
        snprintf(m.name, sizeof m.name, "trailer.%.*s", (int)argn, arg ? arg : "");
    } else if (!map_apache(d, arg, argn, final_status && !final, &m)) {
        return fail(b, col, "unknown Apache directive", spelled);
    }
    if (d == 't' && !arg) { /* %t writes its own brackets */
        lit_char(b, '[');
        if (!add_field(b, &m, col, spelled)) return false;
        lit_char(b, ']');
        return true;
    }
    return add_field(b, &m, col, spelled);
}

static bool compile_apache(builder *b, const char *s)
{
    bool final_status = strstr(s, "%>s") != NULL;
    for (size_t i = 0; s[i];) {
        int col = (int)i + 1;
        if (s[i] == '%') {
            if (!apache_directive(b, s, &i, col, final_status)) return false;
            continue;
        }
        if (s[i] == '\\' && s[i + 1]) { /* as written in httpd.conf: \" \t \n \\ */
            char c = s[i + 1];
            lit_char(b, c == 't' ? '\t' : c == 'n' ? '\n' : c);
            i += 2;
            continue;
        }
        lit_char(b, s[i++]);
    }
    return true;
}

/* ======== program assembly ======== */

static void mark_styles(fmt_prog *p)
{
    for (int i = 0; i < p->nf; i++) {
        fmt_field *f = &p->f[i];
        const char *prev = i ? p->f[i - 1].after : p->lead;
        size_t pn = i ? p->f[i - 1].afterlen : p->leadlen;
        bool open_q = pn && prev[pn - 1] == '"';
        f->quoted = open_q && f->afterlen && f->after[0] == '"';
        bool bracketed = pn && prev[pn - 1] == '[';
        f->clf_time = f->post == FC_TIME && f->tkind == SL_TIME_CLF && !bracketed;
        /* an unquoted request line has blanks inside: let it end at a later one */
        if ((f->post == FC_REQUEST || f->post == FC_REQUEST_ABS) && !f->quoted) f->multi = true;
    }
}

void fmt_prog_shapes(fmt_prog *prog)
{
    for (int i = 0; i < prog->nf; i++) {
        fmt_field *f = &prog->f[i];
        bool bare = !f->quoted && !f->optq;
        f->shape = f->post == FC_STATUS ? FS_STATUS
                 : !bare ? FS_ANY
                 : f->list ? FS_LIST
                 : f->id == SL_F_CLIENT || f->id == SL_F_HOST ? FS_WORD
                 : f->id == SL_F_BYTES || f->id == SL_F_BYTES_TOTAL ? FS_COUNT : FS_ANY;
    }
}

void fmt_prog_bare_dash(fmt_prog *prog)
{
    for (int i = 0; i < prog->nf; i++) {
        fmt_field *f = &prog->f[i];
        if (!f->quoted) continue;
        if (i == 0) prog->leadlen--;
        else prog->f[i - 1].afterlen--;
        f->after++, f->afterlen--;
        f->optq = true;
    }
    fmt_prog_shapes(prog);
}

bool fmt_prog_compile(fmt_prog *prog, const char *spec, bool is_nginx, sl_fields *ft,
                      char *err, size_t errlen, int *errcol)
{
    memset(prog, 0, sizeof *prog);
    prog->store = sl_xmalloc(strlen(spec) + 1);
    builder b = {.p = prog, .ft = ft, .err = err, .errlen = errlen, .errcol = errcol};
    prog->lead = prog->store;
    bool ok = is_nginx ? compile_nginx(&b, spec) : compile_apache(&b, spec);
    if (ok && prog->nf == 0) ok = fail(&b, 1, "the format names no field", NULL);
    if (!ok) {
        fmt_prog_fini(prog);
        return false;
    }
    close_literal(&b);
    mark_styles(prog);
    fmt_prog_shapes(prog);
    return true;
}

void fmt_prog_fini(fmt_prog *prog)
{
    free(prog->store);
    prog->store = NULL;
    prog->nf = 0;
}

void fmt_prog_fieldset(const fmt_prog *prog, sl_fieldset *fs)
{
    memset(fs, 0, sizeof *fs);
    for (int i = 0; i < prog->nf; i++) {
        const fmt_field *f = &prog->f[i];
        if (f->post == FC_REQUEST || f->post == FC_REQUEST_ABS) {
            static const int parts[] = {SL_F_METHOD, SL_F_TARGET, SL_F_PATH, SL_F_QUERY,
                                        SL_F_PROTOCOL};
            for (size_t k = 0; k < SL_ARRAY_LEN(parts); k++) sl_fieldset_add(fs, parts[k]);
            if (f->post == FC_REQUEST_ABS) sl_fieldset_add(fs, SL_F_HOST);
        } else if (f->post == FC_XFF) {
            /* The list also lands in req.x_forwarded_for, but the format claims only client:
             * on a line whose list is one address it says no more than combined does, so
             * detection's tie-break (more fields wins) keeps plain combined logs combined. */
            sl_fieldset_add(fs, SL_F_CLIENT);
        } else if (f->post == FC_TARGET) {
            sl_fieldset_add(fs, SL_F_TARGET);
            sl_fieldset_add(fs, SL_F_PATH);
            sl_fieldset_add(fs, SL_F_QUERY);
        } else if (f->post != FC_SKIP && f->id >= 0) {
            sl_fieldset_add(fs, f->id);
        }
    }
}

/* The line shape, with dropped fields written as '-' so that nginx's literal "-" and
 * Apache's %l compare equal: "c - u [t] \"r\" s b \"f\" \"a\"" for combined. */
const char *fmt_prog_clf_shape(const fmt_prog *prog)
{
    char shape[256];
    size_t n = 0;
    for (int i = -1; i < prog->nf && n < sizeof shape - 8; i++) {
        const char *lit = i < 0 ? prog->lead : prog->f[i].after;
        size_t ln = i < 0 ? prog->leadlen : prog->f[i].afterlen;
        if (i >= 0) {
            const fmt_field *f = &prog->f[i];
            char c = f->post == FC_SKIP ? '-' : f->post == FC_REQUEST ? 'r'
                   : f->id == SL_F_CLIENT ? 'c' : f->id == SL_F_USER ? 'u'
                   : f->id == SL_F_TIME && f->tkind == SL_TIME_CLF ? 't'
                   : f->id == SL_F_STATUS ? 's' : f->id == SL_F_BYTES ? 'b'
                   : f->id == SL_F_REFERER ? 'f' : f->id == SL_F_USER_AGENT ? 'a' : '?';
            shape[n++] = c;
        }
        if (ln > sizeof shape - 8 - n) return NULL;
        memcpy(shape + n, lit, ln);
        n += ln;
    }
    shape[n] = 0;
    if (!strcmp(shape, "c - u [t] \"r\" s b \"f\" \"a\"")) return "combined";
    if (!strcmp(shape, "c - u [t] \"r\" s b")) return "common";
    return NULL;
}
