/* fmt_registry.c: the preset table and sl_format_compile: a preset name, an nginx log_format
 * string (contains '$') or an Apache LogFormat string (contains '%') becomes a format. The
 * table is the one list of presets: --log-format's names, --help, --list log-formats, the
 * unknown-format message with its did-you-mean and what detection may pick (its detect
 * column) all come from it, so a new preset is one row (plus a constructor if it is a new
 * kind).
 * Text presets are written here as internal nginx-style programs (variables named sl_* are
 * the presets' own helpers); JSON, CSV and W3C names are handed to their constructors
 * (fmt_structured.h). Strings equal to combined/common get the fast parser (fmt_clf.c).
 * It owns no parsing code and keeps no global state. */
#include "format/fmt_internal.h"
#include "base/sl_nearest.h"
#include "format/fmt_structured.h"
#include <stdio.h>
#include <stdlib.h>

enum { PK_CLF, PK_SPEC, PK_HAPROXY, PK_JSON, PK_CSV, PK_TSV, PK_W3C };

typedef struct preset {
    const char *name;
    int kind;
    int detect;       /* whether and how --log-format auto picks it: NAME (never: only when
                       * named), SNIFF (when a structured sniffer of fmt_detect.c names it),
                       * or N > 0: scored on the sample, N-th in the tie-break order */
    const char *spec; /* PK_SPEC: nginx-style program; PK_CLF: non-NULL for combined */
    bool trail_ok;    /* more fields may follow (formats that grow over the years) */
    bool nohttp;      /* "- - -" requests without a status are TCP entries */
    bool bare_dash;   /* quoted fields may be a bare '-' (no quotes) when empty */
    bool help;        /* named in --help's --log-format line */
    int opt_from;     /* > 0: lines may end after this many fields (older layouts) */
} preset;

#define NAME FMT_DETECT_NAME
#define SNIFF FMT_DETECT_SNIFF

/* Byte counts: vhost_combined (Apache's %O) and alb ("sent_bytes" counts headers) supply
 * bytes_total only; elb ("sent_bytes" is the body for HTTP listeners), s3 ("bytes sent,
 * excluding HTTP protocol overhead") and traefik (DownstreamContentSize) supply body bytes;
 * haproxy ("bytes_read": all bytes sent to the client) supplies bytes_total. */
/* Traefik 1.x's CLF and S3 write a bare '-' (no quotes) for an empty quoted field (S3: no
 * Request-URI, referer or user agent on BATCH.DELETE.OBJECT and lifecycle entries). Classic
 * ELB logs from before the user-agent and TLS columns end after the request (opt_from 12).
 * ALB logs "- - -" for a request it could not parse and still answers it (400), so only
 * classic ELB's TCP/SSL entries (no status either) are rejected.
 * combined_xff: nginx's combined layout with $http_x_forwarded_for where the client goes
 * (the list is req.x_forwarded_for; its first address, the originating client, is client).
 * ingress_nginx: ingress-nginx's default log-format-upstream. apache_ssl: mod_ssl's
 * ssl_request_log (Debian's and RHEL's default ssl.conf). iis: IIS W3C logs without their
 * #Fields: header (IIS's default field set). */
static const preset presets[] = {
    {"combined", PK_CLF, 1, "combined", true, false, false, true, 0},
    {"common", PK_CLF, 3, NULL, false, false, false, true, 0},
    {"vhost_combined", PK_SPEC, 2,
     "$sl_vhost_port $remote_addr $sl_skip $remote_user [$time_local] \"$request\" $status "
     "$bytes_sent \"$http_referer\" \"$http_user_agent\"", true, false, false, true, 0},
    {"vhost_common", PK_SPEC, 4,
     "$sl_vhost_port $remote_addr $sl_skip $remote_user [$time_local] \"$request\" $status "
     "$sl_clf_bytes", false, false, false, false, 0},
    {"combined_xff", PK_SPEC, 10,
     "$sl_xff_client - $remote_user [$time_local] \"$request\" $status "
     "$body_bytes_sent \"$http_referer\" \"$http_user_agent\"", true, false, false, false, 0},
    {"ingress_nginx", PK_SPEC, 11,
     "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent "
     "\"$http_referer\" \"$http_user_agent\" $request_length $request_time "
     "[$proxy_upstream_name] [$proxy_alternative_upstream_name] $upstream_addr "
     "$upstream_response_length $upstream_response_time $upstream_status $req_id",
     true, false, false, false, 0},
    {"apache_ssl", PK_SPEC, 12,
     "[$time_local] $remote_addr $ssl_protocol $ssl_cipher \"$request\" $sl_clf_bytes",
     false, false, false, false, 0},
    {"traefik", PK_SPEC, 5,
     "$remote_addr - $remote_user [$time_local] \"$request\" $status $sl_clf_bytes "
     "\"$http_referer\" \"$http_user_agent\" $sl_skip \"$router\" \"$upstream_addr\" "
     "${sl_request_time_ms}ms", true, false, true, false, 0},
    {"alb", PK_SPEC, 6,
     "$alb_type $time_iso8601 $sl_skip $sl_client_port $upstream_addr $request_processing_time "
     "$upstream_response_time $response_processing_time $status $upstream_status "
     "$request_length $bytes_sent \"$sl_request_abs\" \"$http_user_agent\" $ssl_cipher "
     "$ssl_protocol", true, false, false, true, 0},
    {"elb", PK_SPEC, 7,
     "$time_iso8601 $sl_skip $sl_client_port $upstream_addr $request_processing_time "
     "$upstream_response_time $response_processing_time $status $upstream_status "
     "$received_bytes $body_bytes_sent \"$sl_request_abs\" \"$http_user_agent\" $ssl_cipher "
     "$ssl_protocol", true, true, false, true, 12},
    {"s3", PK_SPEC, 8,
     "$sl_skip $bucket [$time_local] $remote_addr $remote_user $sl_skip $operation $key "
     "\"$request\" $status $error_code $sl_clf_bytes $object_size $sl_request_time_ms "
     "$sl_upstream_time_ms \"$http_referer\" \"$http_user_agent\"", true, false, true, false, 0},
    {"haproxy", PK_HAPROXY, 9, NULL, false, false, false, false, 0},
    {"jsonl", PK_JSON, SNIFF, NULL, false, false, false, true, 0},
    {"nginx_json", PK_JSON, NAME, NULL, false, false, false, true, 0},
    {"caddy", PK_JSON, NAME, NULL, false, false, false, true, 0},
    {"traefik_json", PK_JSON, NAME, NULL, false, false, false, true, 0},
    {"csv", PK_CSV, SNIFF, NULL, false, false, false, true, 0},
    {"tsv", PK_TSV, SNIFF, NULL, false, false, false, false, 0},
    {"w3c", PK_W3C, SNIFF, NULL, false, false, false, true, 0},
    {"cloudfront", PK_W3C, SNIFF, NULL, false, false, false, true, 0},
    {"iis", PK_W3C, 13, NULL, false, false, false, false, 0},
};

#undef NAME
#undef SNIFF

size_t sl_format_preset_count(void) { return SL_ARRAY_LEN(presets); }

const char *sl_format_preset_name(size_t i)
{
    return i < SL_ARRAY_LEN(presets) ? presets[i].name : NULL;
}

bool sl_format_preset_in_help(size_t i) { return i < SL_ARRAY_LEN(presets) && presets[i].help; }

const char *sl_format_preset_nearest(const char *name)
{
    const char *names[SL_ARRAY_LEN(presets)];
    for (size_t i = 0; i < SL_ARRAY_LEN(presets); i++) names[i] = presets[i].name;
    return name ? sl_nearest(name, strlen(name), names, SL_ARRAY_LEN(presets)) : NULL;
}

int fmt_preset_detect(const char *name)
{
    for (size_t i = 0; name && i < SL_ARRAY_LEN(presets); i++)
        if (!strcmp(presets[i].name, name)) return presets[i].detect;
    return FMT_DETECT_NAME;
}

const char *fmt_detect_ranked(int rank)
{
    for (size_t i = 0; rank > 0 && i < SL_ARRAY_LEN(presets); i++)
        if (presets[i].detect == rank) return presets[i].name;
    return NULL;
}

static sl_format *preset_new(const preset *p, const sl_format_opts *o, sl_fields *ft,
                             char *err, size_t errlen, int *errcol)
{
    sl_format *f = NULL;
    switch (p->kind) {
    case PK_CLF: return fmt_clf_new(p->name, p->spec != NULL, NULL);
    case PK_HAPROXY: return fmt_haproxy_new(ft);
    case PK_JSON: return sl_fmt_json_new(p->name, ft, err, errlen);
    case PK_CSV: return sl_fmt_csv_new(',', o ? o->csv_map : NULL, ft, err, errlen);
    case PK_TSV: return sl_fmt_csv_new('\t', o ? o->csv_map : NULL, ft, err, errlen);
    case PK_W3C: return sl_fmt_w3c_new(p->name, ft, err, errlen);
    default: break;
    }
    f = fmt_spec_format_new(p->name, p->spec, true, ft, err, errlen, errcol);
    if (!f) return NULL;
    fmt_prog *prog = fmt_spec_format_prog(f);
    prog->trail_ok = p->trail_ok;
    prog->reject_nohttp = p->nohttp;
    prog->opt_from = p->opt_from;
    if (p->bare_dash) fmt_prog_bare_dash(prog);
    free(f->spec);
    f->spec = NULL;
    return f;
}

/* An nginx or Apache string; the fast parser when its shape is combined or common. */
static sl_format *string_new(const char *spec, bool nginx, sl_fields *ft, char *err,
                             size_t errlen, int *errcol)
{
    const char *name = nginx ? "nginx" : "apache";
    sl_format *f = fmt_spec_format_new(name, spec, nginx, ft, err, errlen, errcol);
    if (!f) return NULL;
    const char *shape = fmt_prog_clf_shape(fmt_spec_format_prog(f));
    if (!shape) return f;
    sl_format *fast = fmt_clf_new(name, !strcmp(shape, "combined"), spec);
    sl_format_free(f);
    return fast;
}

sl_format *sl_format_compile(const char *spec, const sl_format_opts *o, sl_fields *ft,
                             char *err, size_t errlen, int *errcol)
{
    if (errcol) *errcol = 0;
    if (err && errlen) err[0] = '\0';
    if (!spec || !*spec) {
        snprintf(err, errlen, "empty log format");
        return NULL;
    }
    for (size_t i = 0; i < SL_ARRAY_LEN(presets); i++)
        if (!strcmp(spec, presets[i].name)) return preset_new(&presets[i], o, ft, err, errlen, errcol);
    if (strchr(spec, '$')) return string_new(spec, true, ft, err, errlen, errcol);
    if (strchr(spec, '%')) return string_new(spec, false, ft, err, errlen, errcol);
    const char *near = sl_format_preset_nearest(spec);
    size_t n = (size_t)snprintf(err, errlen, "unknown log format '%s'%s%s%s: not a preset (", spec,
                                near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
    for (size_t i = 0; i < SL_ARRAY_LEN(presets) && n < errlen; i++)
        n += (size_t)snprintf(err + n, errlen - n, "%s%s", i ? ", " : "", presets[i].name);
    if (n < errlen)
        snprintf(err + n, errlen - n, "), and neither an nginx log_format ($variables) nor an "
                 "Apache LogFormat (%%directives)");
    return NULL;
}

void sl_format_free(sl_format *f)
{
    if (f) f->vt->free(f);
}
