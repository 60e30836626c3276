/* test_fmt.c: text log formats: presets, nginx and Apache strings, field mappings, escapes,
 * "-" handling, format-string errors. Every line is parsed on a guard page. */
#include "format/fmt_internal.h"
#include "test_fmt_helpers.h"

#define CLF_LINE "203.0.113.7 - alice [01/Jun/2026:10:00:00 +0000] \"GET /a/b?x=1 HTTP/1.1\" 207 90"
#define COMBINED_LINE CLF_LINE " \"http://ref/\" \"curl/8 (x)\""

TEST(combined_preset)
{
    sl_format *f = compile("combined");
    CHECK(f && !strcmp(f->name, "combined"));
    INT_EQ(parse(f, COMBINED_LINE), SL_LINE_RECORD);
    STR_EQ(fv("client"), "203.0.113.7");
    STR_EQ(fv("user"), "alice");
    STR_EQ(fv("time"), "01/Jun/2026:10:00:00 +0000");
    INT_EQ(g_rec.time_kind, SL_TIME_CLF);
    STR_EQ(fv("method"), "GET");
    STR_EQ(fv("target"), "/a/b?x=1");
    STR_EQ(fv("path"), "/a/b");
    STR_EQ(fv("query"), "x=1");
    STR_EQ(fv("protocol"), "HTTP/1.1");
    INT_EQ(g_rec.status, 207);
    STR_EQ(fv("bytes"), "90");
    STR_EQ(fv("referer"), "http://ref/");
    STR_EQ(fv("user_agent"), "curl/8 (x)");
    CHECK(sl_fieldset_has(&f->fields, SL_F_USER_AGENT));
    CHECK(!sl_fieldset_has(&f->fields, SL_F_CONTENT_TYPE));
    CHECK(!f->bytes_total_only);
    /* nginx appends "$http_x_forwarded_for": accepted after a blank */
    INT_EQ(parse(f, COMBINED_LINE " \"10.0.0.1\""), SL_LINE_RECORD);
    STR_EQ(fv("user_agent"), "curl/8 (x)");
    INT_EQ(parse(f, CLF_LINE), SL_LINE_REJECTED);
    STR_EQ(g_reason, "expected ' \"' (the referer) after the byte count");
    INT_EQ(parse(f, ""), SL_LINE_SKIPPED);
    INT_EQ(parse(f, "# comment"), SL_LINE_SKIPPED);
    sl_format_free(f);
}

TEST(common_preset)
{
    sl_format *f = compile("common");
    INT_EQ(parse(f, CLF_LINE), SL_LINE_RECORD);
    STR_EQ(fv("bytes"), "90");
    STR_EQ(fv("path"), "/a/b");
    INT_EQ(parse(f, COMBINED_LINE), SL_LINE_REJECTED);
    STR_EQ(g_reason, "unexpected text after the byte count");
    CHECK(!sl_fieldset_has(&f->fields, SL_F_REFERER));
    sl_format_free(f);
}

TEST(dash_handling)
{
    sl_format *f = compile("combined");
    INT_EQ(parse(f, "::1 - - [01/Jun/2026:10:00:00 +0000] \"-\" 400 - \"-\" \"-\""), SL_LINE_RECORD);
    STR_EQ(fv("client"), "::1");
    STR_EQ(fv("user"), "(null)");
    STR_EQ(fv("method"), "(null)");
    STR_EQ(fv("bytes"), "0"); /* CLF "-" byte count is zero */
    STR_EQ(fv("referer"), "(null)");
    STR_EQ(fv("user_agent"), "(null)");
    INT_EQ(g_rec.status, 400);
    INT_EQ(parse(f, "h - - [01/Jun/2026:10:00:00 +0000] \"GET / HTTP/1.0\" - 0 \"-\" \"-\""),
           SL_LINE_RECORD);
    INT_EQ(g_rec.status, -1);
    STR_EQ(fv("status"), "(null)");
    sl_format_free(f);
}

TEST(escapes_and_raw_quotes)
{
    sl_format *f = compile("combined");
    /* Apache escapes quotes as \" ; nginx writes \x22 */
    INT_EQ(parse(f, "h - - [01/Jun/2026:10:00:00 +0000] \"GET /q\\\"x HTTP/1.1\" 200 1 "
                    "\"a\\\"b\" \"UA \\x22quoted\\x22 \\\\ end\""), SL_LINE_RECORD);
    STR_EQ(fv("target"), "/q\"x");
    STR_EQ(fv("referer"), "a\"b");
    STR_EQ(fv("user_agent"), "UA \"quoted\" \\ end");
    /* raw quotes inside the user agent and the request: the reading that parses wins */
    INT_EQ(parse(f, "h - - [01/Jun/2026:10:00:00 +0000] \"GET /a\"b HTTP/1.1\" 200 1 "
                    "\"-\" \"Mozilla \"X\"Y\""), SL_LINE_RECORD);
    STR_EQ(fv("target"), "/a\"b");
    STR_EQ(fv("user_agent"), "Mozilla \"X\"Y");
    sl_format_free(f);
}

TEST(issue2_nginx_string)
{
    sl_format *f = compile("$remote_addr - $remote_user [$time_local] \"$request\" $status "
                           "$body_bytes_sent \"$http_referer\" \"$http_user_agent\" "
                           "\"$sent_http_content_type\"");
    CHECK(f && !strcmp(f->name, "nginx"));
    CHECK(sl_fieldset_has(&f->fields, SL_F_CONTENT_TYPE));
    INT_EQ(parse(f, COMBINED_LINE " \"application/xml; charset=utf-8\""), SL_LINE_RECORD);
    STR_EQ(fv("content_type"), "application/xml; charset=utf-8");
    STR_EQ(fv("user_agent"), "curl/8 (x)");
    INT_EQ(g_rec.status, 207);
    INT_EQ(parse(f, COMBINED_LINE " \"-\""), SL_LINE_RECORD);
    STR_EQ(fv("content_type"), "(null)");
    sl_format_free(f);
}

TEST(issue2_apache_string)
{
    sl_format *f = compile("%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\" "
                           "\"%{Content-Type}o\"");
    CHECK(f && !strcmp(f->name, "apache"));
    INT_EQ(parse(f, COMBINED_LINE " \"text/xml\""), SL_LINE_RECORD);
    STR_EQ(fv("content_type"), "text/xml");
    STR_EQ(fv("referer"), "http://ref/");
    STR_EQ(fv("time"), "01/Jun/2026:10:00:00 +0000");
    INT_EQ(g_rec.time_kind, SL_TIME_CLF);
    sl_format_free(f);
}

TEST(strings_equal_to_presets_use_fast_path)
{
    sl_format *c = compile("combined"), *m = compile("common");
    const char *combined[] = {
        "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent "
        "\"$http_referer\" \"$http_user_agent\"",
        "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-agent}i\"",
        "%h %l %u %t \\\"%r\\\" %>s %b \\\"%{Referer}i\\\" \\\"%{User-Agent}i\\\""};
    for (size_t i = 0; i < 3; i++) {
        sl_format *f = compile(combined[i]);
        CHECK(f && f->vt == c->vt);
        INT_EQ(parse(f, COMBINED_LINE), SL_LINE_RECORD);
        sl_format_free(f);
    }
    sl_format *f = compile("%h %l %u %t \"%r\" %>s %b");
    CHECK(f && f->vt == m->vt);
    sl_format_free(f);
    f = compile("%h %l %u %t \"%r\" %>s %O"); /* total bytes: not the common shape */
    CHECK(f && f->vt != m->vt && f->bytes_total_only);
    sl_format_free(f);
    sl_format_free(c);
    sl_format_free(m);
}

TEST(nginx_mappings)
{
    sl_format *f = compile(
        "$remote_addr|$remote_user|$time_iso8601|$request_method|$request_uri|$server_protocol|"
        "$status|$bytes_sent|$body_bytes_sent|$http_referer|$http_user_agent|$host|"
        "$sent_http_content_type|$content_type|$request_time|$upstream_status|$upstream_addr|"
        "$upstream_response_time|$request_length|$http_x_forwarded_for|$sent_http_location|"
        "$scheme|${server_port}");
    CHECK(f != NULL);
    INT_EQ(parse(f, "10.0.0.1|bob|2026-06-01T10:00:00+00:00|PROPFIND|/dav/?depth=1|HTTP/1.1|207|"
                    "900|512|-|ua|dav.example|application/xml|text/plain|0.012|502, 207|"
                    "10.1.1.1:80, 10.1.1.2:80|0.001, 0.010|321|1.2.3.4|/next|https|443"),
           SL_LINE_RECORD);
    STR_EQ(fv("client"), "10.0.0.1");
    STR_EQ(fv("user"), "bob");
    INT_EQ(g_rec.time_kind, SL_TIME_ISO8601);
    STR_EQ(fv("method"), "PROPFIND");
    STR_EQ(fv("target"), "/dav/?depth=1");
    STR_EQ(fv("path"), "/dav/");
    STR_EQ(fv("query"), "depth=1");
    STR_EQ(fv("protocol"), "HTTP/1.1");
    INT_EQ(g_rec.status, 207);
    STR_EQ(fv("bytes_total"), "900");
    STR_EQ(fv("bytes"), "512");
    STR_EQ(fv("referer"), "(null)");
    STR_EQ(fv("user_agent"), "ua");
    STR_EQ(fv("host"), "dav.example");
    STR_EQ(fv("content_type"), "application/xml");
    STR_EQ(fv("req.content_type"), "text/plain");
    STR_EQ(fv("request_time"), "0.012");
    STR_EQ(fv("upstream_status"), "502, 207");
    STR_EQ(fv("upstream_addr"), "10.1.1.1:80, 10.1.1.2:80");
    STR_EQ(fv("upstream_time"), "0.001, 0.010");
    STR_EQ(fv("request_length"), "321");
    STR_EQ(fv("req.x_forwarded_for"), "1.2.3.4");
    STR_EQ(fv("resp.location"), "/next");
    STR_EQ(fv("scheme"), "https");
    STR_EQ(fv("server_port"), "443");
    CHECK(!f->bytes_total_only);
    sl_format_free(f);

    f = compile("$msec $uri$is_args$args \"$http_user_agent\"");
    INT_EQ(parse(f, "1717236000.123 /p?a=1&b \"x\""), SL_LINE_RECORD);
    INT_EQ(g_rec.time_kind, SL_TIME_EPOCH);
    STR_EQ(fv("path"), "/p");
    STR_EQ(fv("query"), "a=1&b");
    INT_EQ(parse(f, "1717236000.123 /p \"x\""), SL_LINE_RECORD);
    STR_EQ(fv("query"), "(null)");
    sl_format_free(f);

    /* as pasted from nginx.conf: '...' pieces */
    f = compile("'$remote_addr [$time_local] '\n    '\"$request\" $status';");
    CHECK(f != NULL);
    INT_EQ(parse(f, "1.2.3.4 [01/Jun/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 204"), SL_LINE_RECORD);
    INT_EQ(g_rec.status, 204);
    sl_format_free(f);
}

TEST(apache_mappings)
{
    sl_format *f = compile("%v:%p %a %u %{%Y-%m-%dT%H:%M:%S}t \"%m %U%q %H\" %>s %B %O %I %D "
                           "%{ms}T %T %{X-Forwarded-For}i %{Location}o %{Content-Type}i %s %P");
    CHECK(f != NULL);
    INT_EQ(parse(f, "h.example:443 10.0.0.9 - 2026-06-01T10:00:00 \"COPY /a/b?c=d HTTP/2.0\" "
                    "201 0 250 400 1500 12 3 9.9.9.9 /a/c application/json 302 4242"),
           SL_LINE_RECORD);
    STR_EQ(fv("host"), "h.example");
    STR_EQ(fv("server_port"), "443");
    STR_EQ(fv("client"), "10.0.0.9");
    INT_EQ(g_rec.time_kind, SL_TIME_ISO8601);
    STR_EQ(fv("method"), "COPY");
    STR_EQ(fv("path"), "/a/b");
    STR_EQ(fv("query"), "c=d");
    STR_EQ(fv("protocol"), "HTTP/2.0");
    INT_EQ(g_rec.status, 201);
    STR_EQ(fv("original_status"), "302"); /* %s beside %>s */
    STR_EQ(fv("bytes"), "0");
    STR_EQ(fv("bytes_total"), "250");
    STR_EQ(fv("request_length"), "400");
    STR_EQ(fv("request_time"), "3"); /* %T last wins over %D and %{ms}T */
    STR_EQ(fv("req.x_forwarded_for"), "9.9.9.9");
    STR_EQ(fv("resp.location"), "/a/c");
    STR_EQ(fv("req.content_type"), "application/json");
    STR_EQ(fv("pid"), "4242");
    sl_format_free(f);

    f = compile("%h %D");
    INT_EQ(parse(f, "1.2.3.4 1500"), SL_LINE_RECORD);
    STR_EQ(fv("request_time"), "0.001500");
    INT_EQ(parse(f, "1.2.3.4 2345678"), SL_LINE_RECORD);
    STR_EQ(fv("request_time"), "2.345678");
    sl_format_free(f);
    f = compile("%h %{ms}T %400,501{User-agent}i %{sec}t");
    INT_EQ(parse(f, "1.2.3.4 45 ua 1717236000"), SL_LINE_RECORD);
    STR_EQ(fv("request_time"), "0.045");
    STR_EQ(fv("user_agent"), "ua");
    INT_EQ(g_rec.time_kind, SL_TIME_EPOCH);
    sl_format_free(f);
    f = compile("%h %q|%%|%b");
    INT_EQ(parse(f, "1.2.3.4 |%|-"), SL_LINE_RECORD);
    STR_EQ(fv("query"), "(null)");
    STR_EQ(fv("bytes"), "0");
    sl_format_free(f);
}

static void bad(const char *spec, const char *msg, int col)
{
    char err[512];
    int c = -1;
    sl_format *f = sl_format_compile(spec, NULL, g_ft, err, sizeof err, &c);
    CHECK(f == NULL);
    STR_EQ(err, msg);
    INT_EQ(c, col);
    sl_format_free(f);
}

TEST(bad_format_strings)
{
    bad("%h %Z", "column 4: unknown Apache directive '%Z'", 4);
    bad("%h %{Referer", "column 4: unterminated '%{': missing '}'", 4);
    bad("%h %", "column 4: '%' directive without its letter at end of format", 4);
    bad("%h%l", "column 3: '%l' directly follows '%h' with no text between them, so the two "
                "fields cannot be told apart:", 3);
    bad("$remote_addr$status", "column 13: '$status' directly follows '$remote_addr' with no "
                               "text between them, so the two fields cannot be told apart:", 13);
    bad("x ${status", "column 3: unterminated '${': missing '}'", 3);
    bad("$ x", "column 1: '$' is not followed by a variable name", 1);
    bad("", "empty log format", 0);
    bad("%%", "column 1: the format names no field", 1);
    char err[600];
    CHECK(!sl_format_compile("nosuch", NULL, g_ft, err, sizeof err, NULL));
    CHECK(strstr(err, "unknown log format 'nosuch'") && strstr(err, "vhost_combined"));
}

TEST(vhost_combined_preset)
{
    sl_format *f = compile("vhost_combined");
    CHECK(f->bytes_total_only);
    CHECK(sl_fieldset_has(&f->fields, SL_F_BYTES_TOTAL) && !sl_fieldset_has(&f->fields, SL_F_BYTES));
    INT_EQ(parse(f, "www.example.com:443 1.2.3.4 - - [01/Jun/2026:10:00:00 +0000] "
                    "\"GET / HTTP/1.1\" 200 5316 \"-\" \"ua\""), SL_LINE_RECORD);
    STR_EQ(fv("host"), "www.example.com");
    STR_EQ(fv("client"), "1.2.3.4");
    STR_EQ(fv("bytes_total"), "5316");
    STR_EQ(fv("bytes"), "(null)");
    INT_EQ(parse(f, "www.example.com 1.2.3.4 - theuser [01/Jun/2026:10:00:00 +0000] "
                    "\"GET / HTTP/1.0\" 301 368 \"-\" \"ua\""), SL_LINE_RECORD);
    STR_EQ(fv("host"), "www.example.com");
    STR_EQ(fv("user"), "theuser");
    INT_EQ(parse(f, COMBINED_LINE), SL_LINE_REJECTED);
    sl_format_free(f);
}

TEST(alb_elb_presets)
{
    sl_format *f = compile("alb");
    CHECK(f->bytes_total_only);
    INT_EQ(parse(f, "https 2020-01-01T00:55:04.127531Z app/my-alb/abcdef 1.2.3.4:2817 "
                    "10.0.0.1:80 0.001 0.102 0.000 200 502 225 24950 \"GET "
                    "https://www.example.com:443/path/index.html?a=b HTTP/1.1\" \"Mozilla/5.0\" "
                    "ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:x \"Root=1-a\" \"-\" \"-\" 0"),
           SL_LINE_RECORD);
    STR_EQ(fv("client"), "1.2.3.4");
    STR_EQ(fv("upstream_addr"), "10.0.0.1:80");
    INT_EQ(g_rec.time_kind, SL_TIME_ISO8601);
    INT_EQ(g_rec.status, 200);
    STR_EQ(fv("upstream_status"), "502");
    STR_EQ(fv("upstream_time"), "0.102");
    STR_EQ(fv("bytes_total"), "24950");
    STR_EQ(fv("request_length"), "225");
    STR_EQ(fv("method"), "GET");
    STR_EQ(fv("host"), "www.example.com");
    STR_EQ(fv("path"), "/path/index.html");
    STR_EQ(fv("query"), "a=b");
    STR_EQ(fv("user_agent"), "Mozilla/5.0");
    sl_format_free(f);

    f = compile("elb");
    CHECK(!f->bytes_total_only);
    INT_EQ(parse(f, "2015-05-13T23:39:43.945958Z my-loadbalancer 1.2.3.4:2817 10.0.0.1:80 "
                    "0.000086 0.001048 0.001337 200 200 0 57 \"GET "
                    "https://www.example.com:443/ HTTP/1.1\" \"curl/7.46.0\" DHE-RSA-AES128-SHA "
                    "TLSv1.2"), SL_LINE_RECORD);
    STR_EQ(fv("bytes"), "57");
    STR_EQ(fv("path"), "/");
    INT_EQ(parse(f, "2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 "
                    "10.0.0.1:80 0.001069 0.000028 0.000041 - - 82 305 \"- - - \" \"-\" - -"),
           SL_LINE_REJECTED);
    STR_EQ(g_reason, "load balancer entry without an HTTP request or status (TCP/SSL listener)");
    sl_format_free(f);
}

TEST(s3_traefik_haproxy_presets)
{
    sl_format *f = compile("s3");
    INT_EQ(parse(f, "b659b576cff1e15e www.example.com [10/Feb/2012:16:42:07 -0500] 1.2.3.4 "
                    "arn:aws:iam::1:user/x EB3502676500C6BE WEBSITE.GET.OBJECT index "
                    "\"GET /index HTTP/1.1\" 200 - - 368 10 9 \"-\" \"Mozilla/5.0\""),
           SL_LINE_RECORD);
    STR_EQ(fv("bucket"), "www.example.com");
    STR_EQ(fv("client"), "1.2.3.4");
    STR_EQ(fv("bytes"), "0");
    STR_EQ(fv("request_time"), "0.010");
    STR_EQ(fv("path"), "/index");
    sl_format_free(f);

    f = compile("traefik");
    INT_EQ(parse(f, "172.17.0.1 - - [08/Dec/2021:09:16:05 +0000] \"GET /x?y HTTP/1.1\" 404 19 "
                    "\"-\" \"Nikto\" 500 \"test@docker\" \"http://172.17.0.3:80\" 12ms"),
           SL_LINE_RECORD);
    STR_EQ(fv("router"), "test@docker");
    STR_EQ(fv("upstream_addr"), "http://172.17.0.3:80");
    STR_EQ(fv("request_time"), "0.012");
    INT_EQ(g_rec.status, 404);
    sl_format_free(f);

    f = compile("haproxy");
    CHECK(f->bytes_total_only);
    INT_EQ(parse(f, "Sep 25 06:05:27 hostname haproxy[6801]: 4.3.2.1:55008 "
                    "[25/Sep/2018:06:05:27.584] ft_https~ bk_https/abc 0/0/0/72/80 200 7456 - - "
                    "---- 5/4/0/1/0 0/0 \"POST /user/?a=1 HTTP/1.1\""), SL_LINE_RECORD);
    STR_EQ(fv("client"), "4.3.2.1");
    STR_EQ(fv("time"), "25/Sep/2018:06:05:27");
    STR_EQ(fv("upstream_time"), "0.072");
    STR_EQ(fv("request_time"), "0.080");
    STR_EQ(fv("bytes_total"), "7456");
    STR_EQ(fv("method"), "POST");
    STR_EQ(fv("query"), "a=1");
    STR_EQ(fv("backend"), "bk_https/abc");
    INT_EQ(parse(f, "141.35.244.171:53332 [25/Feb/2019:16:19:48.143] prod_http_in~ "
                    "bk_admin/nginx 0/0/7/1457/1487 301 11394 - - ---- 2/1/0/0/0 0/0 "
                    "{Mozilla/5.0 (X11)} {} \"GET /admin HTTP/1.1\""), SL_LINE_RECORD);
    INT_EQ(g_rec.status, 301);
    STR_EQ(fv("path"), "/admin");
    INT_EQ(parse(f, "Feb 25 16:19:38 192.168.4.2 haproxy[1]: Proxy prod_http_in started."),
           SL_LINE_REJECTED);
    sl_format_free(f);
}

TEST(dispatch_structured)
{
    const char *names[] = {"jsonl", "nginx_json", "caddy", "traefik_json", "csv", "tsv", "w3c",
                           "cloudfront"};
    for (size_t i = 0; i < SL_ARRAY_LEN(names); i++) {
        char err[256] = "";
        sl_format *f = sl_format_compile(names[i], NULL, g_ft, err, sizeof err, NULL);
        CHECK(f != NULL || err[0] != '\0'); /* either built, or the constructor said why */
        sl_format_free(f);
    }
}

/* The preset table: every row compiles under its name, names are unique, the detect ranks run
 * 1..n without a gap, and detection picks only what the table lets it. */
TEST(preset_table)
{
    size_t n = sl_format_preset_count(), ranked = 0, listed = 0;
    INT_EQ(n, 21);
    CHECK(sl_format_preset_name(n) == NULL);
    for (size_t i = 0; i < n; i++) {
        const char *name = sl_format_preset_name(i);
        char err[256] = "";
        sl_format *f = sl_format_compile(name, NULL, g_ft, err, sizeof err, NULL);
        TT_CHECK_(f != NULL, "preset %s: %s", name, err);
        sl_format_free(f);
        for (size_t j = 0; j < i; j++) CHECK(strcmp(sl_format_preset_name(j), name) != 0);
        STR_EQ(sl_format_preset_nearest(name), name);
        listed += sl_format_preset_in_help(i);
        if (fmt_preset_detect(name) > 0) ranked++;
        else CHECK(fmt_preset_detect(name) == FMT_DETECT_NAME || fmt_preset_detect(name) == FMT_DETECT_SNIFF);
    }
    for (int r = 1; r <= (int)ranked; r++) CHECK(fmt_detect_ranked(r) != NULL);
    CHECK(fmt_detect_ranked((int)ranked + 1) == NULL && fmt_detect_ranked(0) == NULL);
    STR_EQ(fmt_detect_ranked(1), "combined"); /* ties go to the most common layout */
    CHECK(listed > 0 && listed < n);
    INT_EQ(fmt_preset_detect("caddy"), FMT_DETECT_NAME);
    INT_EQ(fmt_preset_detect("jsonl"), FMT_DETECT_SNIFF);
    STR_EQ(sl_format_preset_nearest("combind"), "combined");
    STR_EQ(sl_format_preset_nearest("cloudfrnt"), "cloudfront");
    CHECK(sl_format_preset_nearest("qqqqqqqqqq") == NULL);
    char err[600], why[400];
    CHECK(!sl_format_compile("vhost_combine", NULL, g_ft, err, sizeof err, NULL));
    CHECK(strstr(err, "unknown log format 'vhost_combine' (did you mean 'vhost_combined'?): "
                      "not a preset (combined, common,"));
    /* a JSON sample is picked as jsonl (SNIFF), never as nginx_json or caddy (NAME only) */
    const char *js = "{\"status\":200,\"request\":\"GET / HTTP/1.1\"}\n";
    sl_format *f = sl_format_detect(js, strlen(js), NULL, g_ft, why, sizeof why);
    CHECK(f && !strcmp(f->name, "jsonl"));
    sl_format_free(f);
}

/* The text between fields is found wherever it falls against the 16-byte steps of the
 * search, after near misses (its first or last bytes alone, runs of them), and at the very
 * end of the line (which ends at a guard page: a load past it faults). */
TEST(separator_search_positions)
{
    sl_format *f = compile("$remote_addr [$time_local] \"$request\" $status ::-:: $http_referer ::-:: $host");
    CHECK(f != NULL);
    if (!f) return;
    static const char *const noise[] = {"", "::-:", ":-::", "::::::::", "--------", ":::-", "x::-x::", "::-;::"};
    for (size_t ni = 0; ni < SL_ARRAY_LEN(noise); ni++)
        for (size_t pad = 0; pad < 40; pad++) {
            char ref[128], line[512], host[64];
            size_t k = 0;
            for (size_t i = 0; i < pad; i++) ref[k++] = (char)('a' + (char)(i % 26));
            k += (size_t)snprintf(ref + k, sizeof ref - k, "%s%s", noise[ni], pad % 3 ? "z" : "");
            ref[k] = 0;
            snprintf(host, sizeof host, "%.*s", (int)(1 + pad % 20), "h.example.org.and.more.text");
            int n = snprintf(line, sizeof line, "192.0.2.1 [24/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" "
                             "200 ::-:: %s ::-:: %s", ref, host);
            INT_EQ(parse_n(f, line, (size_t)n), SL_LINE_RECORD);
            STR_EQ(fv("referer"), ref);
            STR_EQ(fv("host"), host);
        }
    /* the separator missing: rejected, not found past the end */
    INT_EQ(parse(f, "192.0.2.1 [24/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 ::-:: abc ::-:"), SL_LINE_REJECTED);
    sl_format_free(f);
}

int main(void)
{
    fx_init();
    RUN(combined_preset);
    RUN(common_preset);
    RUN(dash_handling);
    RUN(escapes_and_raw_quotes);
    RUN(issue2_nginx_string);
    RUN(issue2_apache_string);
    RUN(strings_equal_to_presets_use_fast_path);
    RUN(nginx_mappings);
    RUN(apache_mappings);
    RUN(bad_format_strings);
    RUN(vhost_combined_preset);
    RUN(alb_elb_presets);
    RUN(s3_traefik_haproxy_presets);
    RUN(dispatch_structured);
    RUN(preset_table);
    RUN(separator_search_positions);
    return tt_report();
}
