/* fuzz_format.c: fuzzes one group of log format parsers (built once per group with
 * -DFZ_GROUP_<NAME>: clf, nginx, apache, json, csv, w3c, cloud). Byte 0 picks the format
 * in the group; the rest is a file of lines, each parsed from an exact-size copy with one
 * parser (stateful formats see the sequence), then again with the format sl_format_detect
 * picks. Every field view is read in full so ASan checks it; nothing else is asserted
 * beyond the parser contract (record, rejected with a reason, or skipped). Detection gets
 * the whole body, as the CLI gives it its first chunk. A "XPND" recipe (fuzz_expand.h) grows
 * the body to a boundary size first (op bits 5-7 then pick the format), so lines near the
 * 512 KiB cap, CSV records near their 64 KiB span bound and the edges of the detection
 * sample are fuzzed too. */
#include "fuzz_common.h"
#include "fuzz_expand.h"
#include "input/in_reader.h"
#include "format/fmt.h"
#include "record/rec.h"

#if defined(FZ_GROUP_CLF)
static const char *const specs[] = {"combined", "common", "vhost_combined", "vhost_common",
                                    "combined_xff", "ingress_nginx", "apache_ssl"};
#elif defined(FZ_GROUP_NGINX)
static const char *const specs[] = {
    "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent "
    "\"$http_referer\" \"$http_user_agent\" \"$sent_http_content_type\"",
    "$host $remote_addr [$time_iso8601] \"$request_method $request_uri $server_protocol\" "
    "$status $bytes_sent $request_time $request_length \"$upstream_status\" "
    "\"$upstream_addr\" $upstream_response_time \"$http_x_forwarded_for\" $sent_http_location",
    "$msec|$remote_addr|$request_method|$uri|$args|$status|$body_bytes_sent|$http_user_agent",
    "$time_local\t$status\t$request\t$http_referer"};
#elif defined(FZ_GROUP_APACHE)
static const char *const specs[] = {
    "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\" \"%{Content-Type}o\"",
    "%v:%p %h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-agent}i\" %D %T %I",
    "%h %t \"%m %U%q %H\" %s %B %V \"%{Location}o\" \"%{X-Forwarded-For}i\"",
    "%{%d/%b/%Y:%H:%M:%S %z}t %>s %b %r"};
#elif defined(FZ_GROUP_JSON)
static const char *const specs[] = {"jsonl", "nginx_json", "caddy", "traefik_json"};
#elif defined(FZ_GROUP_CSV)
static const char *const specs[] = {"csv", "tsv"};
#elif defined(FZ_GROUP_W3C)
static const char *const specs[] = {"w3c", "cloudfront", "iis"};
#elif defined(FZ_GROUP_CLOUD)
static const char *const specs[] = {"alb", "elb", "s3", "haproxy", "traefik"};
#else
#error "define FZ_GROUP_<NAME>"
#endif

static void parse_all(const sl_format *f, const char *p, size_t n, sl_record *rec)
{
    sl_parser *ps = sl_parser_new(f);
    FZ_CHECK(ps != NULL);
    for (const char *end = p + n; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (len > SL_READER_LONG_LINE) { /* the CLI rejects these before any parser sees them */
            p += len + (nl != NULL);
            continue;
        }
        size_t l = len && p[len - 1] == '\r' ? len - 1 : len;
        if (l) {
            char *line = fz_dup(p, l);
            sl_record_clear(rec);
            sl_arena_reset(rec->arena);
            const char *reason = NULL;
            sl_line_kind k = sl_parser_parse(ps, line, l, rec, &reason);
            FZ_CHECK(k == SL_LINE_RECORD || k == SL_LINE_REJECTED || k == SL_LINE_SKIPPED ||
                     k == SL_LINE_PENDING);
            FZ_CHECK(k != SL_LINE_REJECTED || (reason && reason[0]));
            if (k == SL_LINE_RECORD) {
                for (int id = 0; id < SL_MAX_FIELDS; id++) fz_touch(rec->v[id]);
                FZ_CHECK(rec->status >= -1 && rec->status <= 9999);
                int64_t t;
                (void)sl_time_parse(rec->v[SL_F_TIME], rec->time_kind, &t);
            }
            free(line);
        }
        p += len + (nl != NULL);
    }
    sl_parser_free(ps);
}

static void run_format(uint8_t sel, const char *body, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *big;
    size_t bign;
    uint8_t op;
    if (fz_expand(data, size, &big, &bign, &op)) { /* megabytes: the format from op bits 5-7 */
        run_format((uint8_t)(op >> 5), big, bign);
        free(big);
    } else if (size >= 1) {
        run_format(data[0], (const char *)data + 1, size - 1);
    }
    return 0;
}

static void run_format(uint8_t sel, const char *body, size_t n)
{
    const char *spec = specs[sel % SL_ARRAY_LEN(specs)];
    sl_fields *ft = sl_fields_new();
    char err[512];
    int col = 0;
    sl_format_opts o = {.csv_map = (sel & 0x80) ? "st=status,ua=user_agent,m=method" : NULL};
    sl_format *f = sl_format_compile(spec, &o, ft, err, sizeof err, &col);
    FZ_CHECK(f != NULL);
    sl_fields_freeze(ft);
    static sl_record rec;
    sl_arena arena;
    sl_arena_init(&arena, 8u << 20);
    rec.arena = &arena;
    parse_all(f, body, n, &rec);
    char why[512];
    char *head = fz_dup(body, n);
    sl_format *d = sl_format_detect(head, n, &o, ft, why, sizeof why);
    if (d && sl_format_infer_bytes(d, head, n, why, sizeof why)) /* as the analysis does */
        d = sl_format_total_bytes_view(d, true, why);
    free(head);
    if (d) {
        parse_all(d, body, n, &rec);
        sl_format_free(d);
    }
    sl_format_free(f);
    sl_arena_fini(&arena);
    sl_fields_free(ft);
}
