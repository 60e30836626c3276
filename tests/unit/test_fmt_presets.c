/* test_fmt_presets.c: presets that must accept neither too much nor too little, on lines
 * shaped as the servers document them: CLF's three words before the time, lists in unquoted
 * nginx variables, absolute-form request targets, bare '-' for empty quoted fields (Traefik
 * 1.x, S3), load balancer entries without a request, old classic ELB lines, HAProxy's text
 * after the request, and the default layouts detection must recognise (mod_ssl's
 * ssl_request_log, IIS without #Fields:, ingress-nginx). */
#include "test_fmt_helpers.h"

#define TIME "[01/Dec/2026:10:00:00 +0000]"

static sl_format *detect(const char *text, char *why, size_t whylen)
{
    return sl_format_detect(text, strlen(text), NULL, g_ft, why, whylen);
}

/* ---- CLF: exactly client, ident and user before '[' ---- */

TEST(clf_rejects_vhost_and_lists)
{
    sl_format *c = compile("combined"), *m = compile("common");
    INT_EQ(parse(c, "www.example.com 192.0.2.7 - - " TIME " \"GET / HTTP/1.1\" 200 5 \"-\" \"ua\""),
           SL_LINE_REJECTED);
    CHECK(strstr(g_reason, "more than client, ident and user") != NULL);
    INT_EQ(parse(c, "10.0.0.2, 10.0.0.1 - - " TIME " \"GET / HTTP/1.1\" 200 5 \"-\" \"ua\""),
           SL_LINE_REJECTED);
    INT_EQ(parse(m, "www.example.com 192.0.2.7 - - " TIME " \"GET / HTTP/1.1\" 200 5"),
           SL_LINE_REJECTED);
    INT_EQ(parse(m, "10.0.0.2, 10.0.0.1 - - " TIME " \"GET / HTTP/1.1\" 200 5"), SL_LINE_REJECTED);
    /* the three words themselves still parse, and a user is kept */
    INT_EQ(parse(c, "192.0.2.7 - alice " TIME " \"GET / HTTP/1.1\" 200 5 \"-\" \"ua\""),
           SL_LINE_RECORD);
    STR_EQ(fv("client"), "192.0.2.7");
    STR_EQ(fv("user"), "alice");
    sl_format_free(c);
    sl_format_free(m);
}

TEST(detect_vhost_and_xff)
{
    char why[320];
    sl_format *f = detect("www.example.com 192.0.2.7 - - " TIME " \"GET / HTTP/1.1\" 200 5 \"-\" "
                          "\"ua\"\nshop.example.com:443 192.0.2.8 - - " TIME " \"GET /a HTTP/1.1\" "
                          "404 9 \"-\" \"ua\"\n", why, sizeof why);
    CHECK(f && !strcmp(f->name, "vhost_combined"));
    sl_format_free(f);
    /* nginx: log_format main '$http_x_forwarded_for - $remote_user [$time_local] ...' */
    f = detect("203.0.113.9, 10.0.0.2 - - " TIME " \"GET / HTTP/1.1\" 200 5 \"-\" \"ua\"\n"
               "203.0.113.10 - - " TIME " \"GET /b HTTP/1.1\" 301 0 \"-\" \"ua\"\n", why, sizeof why);
    CHECK(f && !strcmp(f->name, "combined_xff"));
    if (f) {
        INT_EQ(parse(f, "203.0.113.9, 10.0.0.2 - - " TIME " \"GET / HTTP/1.1\" 200 5 \"-\" \"ua\""),
               SL_LINE_RECORD);
        STR_EQ(fv("req.x_forwarded_for"), "203.0.113.9, 10.0.0.2");
        STR_EQ(fv("client"), "203.0.113.9"); /* the originating client */
        STR_EQ(fv("path"), "/");
        INT_EQ(parse(f, "2001:db8::7 - - " TIME " \"GET / HTTP/1.1\" 200 5 \"-\" \"ua\""),
               SL_LINE_RECORD);
        STR_EQ(fv("client"), "2001:db8::7");
    }
    sl_format_free(f);
    /* plain combined lines stay combined */
    f = detect("192.0.2.7 - - " TIME " \"GET / HTTP/1.1\" 200 5 \"-\" \"ua\"\n", why, sizeof why);
    CHECK(f && !strcmp(f->name, "combined"));
    sl_format_free(f);
    /* a list where a common log has its client fits nothing: detection says so */
    f = detect("10.0.0.2, 10.0.0.1 - - " TIME " \"GET / HTTP/1.1\" 200 5\n", why, sizeof why);
    CHECK(f == NULL);
    CHECK(strstr(why, "no known log format parsed") != NULL);
    sl_format_free(f);
}

/* ---- nginx: unquoted lists split where nginx wrote the separator ---- */

TEST(nginx_unquoted_lists)
{
    sl_format *f = compile("$http_x_forwarded_for $remote_addr - $remote_user [$time_local] "
                           "\"$request\" $status $body_bytes_sent");
    INT_EQ(parse(f, "203.0.113.9, 10.0.0.1 198.51.100.2 - - " TIME " \"GET / HTTP/1.1\" 200 12"),
           SL_LINE_RECORD);
    STR_EQ(fv("client"), "198.51.100.2");
    STR_EQ(fv("req.x_forwarded_for"), "203.0.113.9, 10.0.0.1");
    sl_format_free(f);
    /* a following field with no shape of its own must not take the list's tail */
    f = compile("$remote_addr [$time_local] $status $http_x_forwarded_for $request_time");
    INT_EQ(parse(f, "198.51.100.2 " TIME " 200 203.0.113.9, 10.0.0.1, 10.0.0.3 0.004"),
           SL_LINE_RECORD);
    STR_EQ(fv("req.x_forwarded_for"), "203.0.113.9, 10.0.0.1, 10.0.0.3");
    STR_EQ(fv("request_time"), "0.004");
    sl_format_free(f);
    /* nginx's upstream lists: ", " between servers, " : " between internal redirects */
    f = compile("$remote_addr [$time_local] $status $upstream_addr $upstream_status "
                "$upstream_response_time $request_time");
    INT_EQ(parse(f, "198.51.100.2 " TIME " 200 10.0.0.1:80, 10.0.0.2:80 : 10.0.0.3:80 502, 504 "
                    ": 200 0.001, 0.002 : 0.003 0.010"), SL_LINE_RECORD);
    STR_EQ(fv("upstream_addr"), "10.0.0.1:80, 10.0.0.2:80 : 10.0.0.3:80");
    STR_EQ(fv("upstream_status"), "502, 504 : 200");
    STR_EQ(fv("upstream_time"), "0.001, 0.002 : 0.003");
    STR_EQ(fv("request_time"), "0.010");
    sl_format_free(f);
    /* Apache: %{X-Forwarded-For}i is a list too */
    f = compile("%{X-Forwarded-For}i %h %l %u %t \"%r\" %>s %b");
    INT_EQ(parse(f, "203.0.113.9, 10.0.0.1 198.51.100.2 - - " TIME " \"GET / HTTP/1.1\" 200 12"),
           SL_LINE_RECORD);
    STR_EQ(fv("client"), "198.51.100.2");
    sl_format_free(f);
}

/* ---- absolute-form targets (RFC 9112 §3.2.2) in every format ---- */

TEST(absolute_form_everywhere)
{
    const char *specs[] = {"combined", "common",
                           "$remote_addr - $remote_user [$time_local] \"$request\" $status",
                           "%h %l %u %t \"%r\" %>s %b %D"};
    const char *lines[] = {
        "192.0.2.7 - - " TIME " \"GET http://host:8080/p?q=1 HTTP/1.1\" 200 5 \"-\" \"ua\"",
        "192.0.2.7 - - " TIME " \"GET http://host:8080/p?q=1 HTTP/1.1\" 200 5",
        "192.0.2.7 - - " TIME " \"GET http://host:8080/p?q=1 HTTP/1.1\" 200",
        "192.0.2.7 - - " TIME " \"GET http://host:8080/p?q=1 HTTP/1.1\" 200 5 1000"};
    for (size_t i = 0; i < SL_ARRAY_LEN(specs); i++) {
        sl_format *f = compile(specs[i]);
        INT_EQ(parse(f, lines[i]), SL_LINE_RECORD);
        STR_EQ(fv("target"), "http://host:8080/p?q=1");
        STR_EQ(fv("path"), "/p");
        STR_EQ(fv("query"), "q=1");
        sl_format_free(f);
    }
    sl_format *f = compile("nginx_json");
    INT_EQ(parse(f, "{\"time_iso8601\":\"2026-12-01T10:00:00+00:00\",\"request\":\"GET "
                    "http://host:8080/p?q=1 HTTP/1.1\",\"status\":200}"), SL_LINE_RECORD);
    STR_EQ(fv("path"), "/p");
    STR_EQ(fv("query"), "q=1");
    sl_format_free(f);
    f = compile("jsonl");
    INT_EQ(parse(f, "{\"request_uri\":\"http://host:8080/p?q=1\",\"status\":200}"), SL_LINE_RECORD);
    STR_EQ(fv("path"), "/p");
    STR_EQ(fv("query"), "q=1");
    sl_format_free(f);
    f = compile("combined");
    INT_EQ(parse(f, "192.0.2.7 - - " TIME " \"OPTIONS HTTPS://Example.COM HTTP/1.1\" 200 0 \"-\" "
                    "\"ua\""), SL_LINE_RECORD);
    STR_EQ(fv("path"), "/"); /* an empty path is "/" (RFC 9110 §4.2.3) */
    INT_EQ(parse(f, "192.0.2.7 - - " TIME " \"CONNECT example.com:443 HTTP/1.1\" 200 0 \"-\" "
                    "\"ua\""), SL_LINE_RECORD);
    STR_EQ(fv("path"), "example.com:443"); /* authority-form is not absolute-form */
    INT_EQ(parse(f, "192.0.2.7 - - " TIME " \"GET /a/http://b/c HTTP/1.1\" 200 0 \"-\" \"ua\""),
           SL_LINE_RECORD);
    STR_EQ(fv("path"), "/a/http://b/c");
    sl_format_free(f);
}

/* ---- Traefik 1.x and S3: a bare '-' for an empty quoted field ---- */

TEST(traefik_s3_bare_dash)
{
    sl_format *f = compile("traefik");
    /* Traefik 1.x CLF: <referer> <user agent> <count> <frontend> <backend> <ms>ms, each a
     * bare "-" when empty */
    INT_EQ(parse(f, "10.0.0.2 - - [18/Nov/2018:21:34:30 +0000] \"GET /dashboard/ HTTP/2.0\" 404 19 "
                    "- - 72 - - 0ms"), SL_LINE_RECORD);
    INT_EQ(g_rec.status, 404);
    STR_EQ(fv("referer"), "(null)");
    STR_EQ(fv("user_agent"), "(null)");
    STR_EQ(fv("router"), "(null)");
    STR_EQ(fv("upstream_addr"), "(null)");
    STR_EQ(fv("request_time"), "0.000");
    /* Traefik 1.7's formatter: referer and user agent default to "-" (quoted), frontend
     * and backend to a bare - */
    INT_EQ(parse(f, "10.0.0.2 - - [18/Nov/2018:21:34:30 +0000] \"GET /x HTTP/1.1\" 404 19 \"-\" "
                    "\"-\" 5 - - 0ms"), SL_LINE_RECORD);
    STR_EQ(fv("path"), "/x");
    STR_EQ(fv("router"), "(null)");
    INT_EQ(parse(f, "10.0.0.2 - - [18/Nov/2018:21:34:30 +0000] \"GET / HTTP/2.0\" 200 7 - "
                    "\"Mozilla/5.0 (X11)\" 73 \"Host-web-0\" \"http://10.0.0.5:80\" 3ms"),
           SL_LINE_RECORD);
    STR_EQ(fv("user_agent"), "Mozilla/5.0 (X11)");
    STR_EQ(fv("router"), "Host-web-0");
    sl_format_free(f);

    f = compile("s3");
    /* AWS S3 server access log, a multi-object delete: the POST, then one
     * BATCH.DELETE.OBJECT entry per key with no HTTP request of its own */
    INT_EQ(parse(f, "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be "
                    "amzn-s3-demo-bucket1 [06/Feb/2019:00:00:38 +0000] 192.0.2.3 "
                    "arn:aws:iam::123456789012:user/alice 3E57427F3EXAMPLE BATCH.DELETE.OBJECT "
                    "photos/cat.jpg - 204 - - 1024 - - - - -"), SL_LINE_RECORD);
    INT_EQ(g_rec.status, 204);
    STR_EQ(fv("operation"), "BATCH.DELETE.OBJECT");
    STR_EQ(fv("key"), "photos/cat.jpg");
    STR_EQ(fv("method"), "(null)");
    STR_EQ(fv("user_agent"), "(null)");
    /* a lifecycle expiration: AmazonS3 as requester, no request, referer or user agent */
    INT_EQ(parse(f, "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be "
                    "amzn-s3-demo-bucket1 [06/Feb/2019:00:00:38 +0000] - AmazonS3 "
                    "4A5B6C7D8E9FEXAMPLE S3.EXPIRE.OBJECT logs/2019/01/a.gz - 204 - - 4096 - - - "
                    "- -"), SL_LINE_RECORD);
    STR_EQ(fv("operation"), "S3.EXPIRE.OBJECT");
    /* and the documented quoted entry still parses */
    INT_EQ(parse(f, "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be "
                    "amzn-s3-demo-bucket1 [06/Feb/2019:00:00:38 +0000] 192.0.2.3 "
                    "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be "
                    "3E57427F3EXAMPLE REST.GET.VERSIONING - \"GET /amzn-s3-demo-bucket1?versioning "
                    "HTTP/1.1\" 200 - 113 - 7 - \"-\" \"S3Console/0.4\" - "
                    "s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234= "
                    "SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader "
                    "amzn-s3-demo-bucket1.s3.us-west-1.amazonaws.com TLSV1.2"), SL_LINE_RECORD);
    STR_EQ(fv("query"), "versioning");
    STR_EQ(fv("user_agent"), "S3Console/0.4");
    /* a line cut inside its last quoted field keeps what it has, as in other formats */
    INT_EQ(parse(f, "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be "
                    "amzn-s3-demo-bucket1 [06/Feb/2019:00:00:38 +0000] 192.0.2.3 - 3E57427F3EXAMPLE "
                    "REST.GET.OBJECT k \"GET /k HTTP/1.1\" 200 - 113 113 7 6 \"-\" \"Mozilla/5.0 (X"),
           SL_LINE_RECORD);
    STR_EQ(fv("user_agent"), "Mozilla/5.0 (X");
    sl_format_free(f);
}

/* ---- load balancers: "- - -" requests, old classic ELB lines ---- */

TEST(load_balancer_no_request)
{
    sl_format *f = compile("alb");
    /* an ALB answering a request it could not parse: a 400 with request "- - - " */
    INT_EQ(parse(f, "http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 "
                    "192.168.131.39:2817 - -1 -1 -1 400 - 0 0 \"- - - \" \"-\" - - - \"-\" \"-\" "
                    "\"-\" - 2018-07-02T22:22:48.364000Z \"-\" \"-\" \"-\" \"-\" \"-\" \"-\""),
           SL_LINE_RECORD);
    INT_EQ(g_rec.status, 400);
    STR_EQ(fv("method"), "(null)");
    STR_EQ(fv("target"), "(null)");
    STR_EQ(fv("protocol"), "(null)");
    sl_format_free(f);

    f = compile("elb");
    /* classic ELB TCP listener: no request and no status */
    INT_EQ(parse(f, "2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 "
                    "10.0.0.1:80 0.001069 0.000028 0.000041 - - 82 305 \"- - - \" \"-\" - -"),
           SL_LINE_REJECTED);
    /* classic ELB before the user-agent and TLS columns (2014 documentation) */
    INT_EQ(parse(f, "2014-02-15T23:39:43.945958Z my-test-loadbalancer 192.168.131.39:2817 "
                    "10.0.0.1:80 0.000073 0.001048 0.000057 200 200 0 29 \"GET "
                    "http://www.example.com:80/ HTTP/1.1\""), SL_LINE_RECORD);
    INT_EQ(g_rec.status, 200);
    STR_EQ(fv("bytes"), "29");
    STR_EQ(fv("host"), "www.example.com");
    STR_EQ(fv("path"), "/");
    STR_EQ(fv("protocol"), "HTTP/1.1");
    STR_EQ(fv("user_agent"), "(null)");
    INT_EQ(parse(f, "2014-02-15T23:39:43.945958Z my-test-loadbalancer 192.168.131.39:2817 "
                    "10.0.0.1:80 0.000073 0.001048 0.000057 200 200 0 29 \"GET "
                    "http://www.example.com:80/ HTTP/1.1\"   "), SL_LINE_RECORD);
    /* detection reads old classic ELB logs as elb */
    char why[320];
    sl_format *d = detect("2014-02-15T23:39:43.945958Z my-test-loadbalancer 192.168.131.39:2817 "
                          "10.0.0.1:80 0.000073 0.001048 0.000057 200 200 0 29 \"GET "
                          "http://www.example.com:80/ HTTP/1.1\"\n", why, sizeof why);
    CHECK(d && !strcmp(d->name, "elb"));
    sl_format_free(d);
    /* an old line cut inside its request is still not a record */
    INT_EQ(parse(f, "2014-02-15T23:39:43.945958Z my-test-loadbalancer 192.168.131.39:2817 "
                    "10.0.0.1:80 0.000073 0.001048 0.000057 200 200 0 29 \"GET "
                    "http://www.example.com:80/ HT"), SL_LINE_REJECTED);
    sl_format_free(f);
}

/* ---- HAProxy: the request ends at its closing quote ---- */

TEST(haproxy_text_after_request)
{
    sl_format *f = compile("haproxy");
    /* log-format "%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc %ac/%fc/%bc/
     * %sc/%rc %sq/%bq %hr %hs %{+Q}r %sslv %sslc" */
    INT_EQ(parse(f, "192.0.2.10:51234 [01/Dec/2026:10:00:00.123] fe-https~ be-app/srv1 "
                    "0/0/1/12/13 200 1024 - - ---- 1/1/0/0/0 0/0 \"GET /p?q=1 HTTP/1.1\" TLSv1.3 "
                    "TLS_AES_256_GCM_SHA384"), SL_LINE_RECORD);
    STR_EQ(fv("path"), "/p");
    STR_EQ(fv("query"), "q=1");
    STR_EQ(fv("protocol"), "HTTP/1.1");
    INT_EQ(parse(f, "192.0.2.10:51234 [01/Dec/2026:10:00:00.123] fe~ be/srv1 0/0/1/12/13 200 1024 "
                    "- - ---- 1/1/0/0/0 0/0 {curl/8.4} \"GET / HTTP/1.1\" {captured} "
                    "\"extra quoted\""), SL_LINE_RECORD);
    STR_EQ(fv("target"), "/");
    STR_EQ(fv("protocol"), "HTTP/1.1");
    sl_format_free(f);
}

/* ---- defaults that ship with the servers ---- */

TEST(detect_server_defaults)
{
    char why[320];
    /* RHEL/Fedora ssl.conf: CustomLog logs/ssl_request_log "%t %h %{SSL_PROTOCOL}x
     * %{SSL_CIPHER}x \"%r\" %b" */
    sl_format *f = detect("[01/Dec/2026:10:00:00 +0000] 192.0.2.7 TLSv1.2 ECDHE-RSA-AES256-GCM-SHA384 "
                          "\"GET /index.html HTTP/1.1\" 5120\n[01/Dec/2026:10:00:01 +0000] 192.0.2.8 "
                          "TLSv1.3 TLS_AES_128_GCM_SHA256 \"POST /login HTTP/1.1\" -\n",
                          why, sizeof why);
    CHECK(f && !strcmp(f->name, "apache_ssl"));
    if (f) {
        INT_EQ(parse(f, "[01/Dec/2026:10:00:00 +0000] 192.0.2.7 TLSv1.2 ECDHE-RSA-AES256-GCM-SHA384 "
                        "\"GET /index.html HTTP/1.1\" 5120"), SL_LINE_RECORD);
        STR_EQ(fv("client"), "192.0.2.7");
        STR_EQ(fv("ssl_protocol"), "TLSv1.2");
        STR_EQ(fv("path"), "/index.html");
        STR_EQ(fv("bytes"), "5120");
    }
    sl_format_free(f);

    /* IIS 8.5+ default fields, the #Fields: header lost (15 values), and IIS 7 (14) */
    f = detect("2026-12-01 10:00:01 192.0.2.10 GET /default.htm - 80 - 198.51.100.7 "
               "Mozilla/5.0+(Windows+NT+10.0) - 200 0 0 15\n2026-12-01 10:00:02 192.0.2.10 POST "
               "/api/items a=1 443 alice 198.51.100.8 curl/8.4 https://example.com/ 207 0 0 31\n",
               why, sizeof why);
    CHECK(f && !strcmp(f->name, "iis"));
    if (f) {
        INT_EQ(parse(f, "2026-12-01 10:00:02 192.0.2.10 POST /api/items a=1 443 alice "
                        "198.51.100.8 curl/8.4 https://example.com/ 207 0 0 31"), SL_LINE_RECORD);
        INT_EQ(g_rec.status, 207);
        STR_EQ(fv("method"), "POST");
        STR_EQ(fv("path"), "/api/items");
        STR_EQ(fv("query"), "a=1");
        STR_EQ(fv("client"), "198.51.100.8");
        STR_EQ(fv("referer"), "https://example.com/");
        STR_EQ(fv("request_time"), "0.031");
        INT_EQ(parse(f, "2026-12-01 10:00:03 192.0.2.10 GET /old.htm - 80 - 198.51.100.9 "
                        "Mozilla/4.0+(compatible) 404 0 2 0"), SL_LINE_RECORD);
        INT_EQ(g_rec.status, 404);
        STR_EQ(fv("user_agent"), "Mozilla/4.0 (compatible)");
        INT_EQ(parse(f, "2026-12-01 10:00:03 192.0.2.10 GET /old.htm"), SL_LINE_REJECTED);
    }
    sl_format_free(f);

    /* ingress-nginx's default log-format-upstream */
    const char *ing = "203.0.113.1 - - " TIME " \"GET /api HTTP/1.1\" 200 512 \"-\" \"curl/8.4\" 78 "
                      "0.004 [default-echo-80] [] 10.244.0.5:8080, 10.244.0.6:8080 0, 512 0.001, "
                      "0.003 502, 200 3f2b1c0d9e8a7b6c5d4e3f2a1b0c9d8e\n";
    f = detect(ing, why, sizeof why);
    CHECK(f && !strcmp(f->name, "ingress_nginx"));
    if (f) {
        INT_EQ(parse_n(f, ing, strlen(ing) - 1), SL_LINE_RECORD);
        STR_EQ(fv("proxy_upstream_name"), "default-echo-80");
        STR_EQ(fv("upstream_addr"), "10.244.0.5:8080, 10.244.0.6:8080");
        STR_EQ(fv("upstream_status"), "502, 200");
        STR_EQ(fv("upstream_time"), "0.001, 0.003");
        STR_EQ(fv("request_time"), "0.004");
        STR_EQ(fv("request_length"), "78");
        STR_EQ(fv("req_id"), "3f2b1c0d9e8a7b6c5d4e3f2a1b0c9d8e");
    }
    sl_format_free(f);
    /* the example of a parser of ingress-nginx's default format, both upstream names set */
    f = detect("10.244.0.1 - - [25/Feb/2026:10:30:15 +0000] \"GET /api/v1/users HTTP/1.1\" 200 1234 "
               "\"https://example.com\" \"Mozilla/5.0\" 456 0.032 [default-myapp-svc-80] "
               "[default-myapp-svc-80] 192.168.22.1:8080 1234 0.031 200 abc123\n", why, sizeof why);
    CHECK(f && !strcmp(f->name, "ingress_nginx"));
    sl_format_free(f);
}

int main(void)
{
    fx_init();
    RUN(clf_rejects_vhost_and_lists);
    RUN(detect_vhost_and_xff);
    RUN(nginx_unquoted_lists);
    RUN(absolute_form_everywhere);
    RUN(traefik_s3_bare_dash);
    RUN(load_balancer_no_request);
    RUN(haproxy_text_after_request);
    RUN(detect_server_defaults);
    return tt_report();
}
