/* test_fmt_hostile.c: text formats on hostile lines, each on a guard page (any read past the
 * line faults): every prefix of a valid line, NUL bytes at every position, 100 KB fields, a
 * 10 MB line of quotes (the matcher's retry budget), and random separator soup. */
#include "test_fmt_helpers.h"

static const struct { const char *fmt, *line; } samples[] = {
    {"combined", "1.2.3.4 - u [01/Jun/2026:10:00:00 +0000] \"GET /a?b HTTP/1.1\" 200 5 \"r\" \"ua\""},
    {"common", "1.2.3.4 - u [01/Jun/2026:10:00:00 +0000] \"GET /a?b HTTP/1.1\" 200 -"},
    {"vhost_combined", "h:80 1.2.3.4 - - [01/Jun/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"u\""},
    {"traefik", "1.2.3.4 - - [01/Jun/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"u\" 7 \"r\" \"http://x\" 3ms"},
    {"alb", "http 2020-01-01T00:55:04Z app/x 1.2.3.4:1 10.0.0.1:80 0.1 0.2 0.3 200 200 1 2 \"GET http://h/ HTTP/1.1\" \"ua\" - -"},
    {"elb", "2020-01-01T00:55:04Z x 1.2.3.4:1 10.0.0.1:80 0.1 0.2 0.3 200 200 1 2 \"GET http://h/ HTTP/1.1\" \"ua\" - -"},
    {"s3", "o b [10/Feb/2012:16:42:07 -0500] 1.2.3.4 r i OP k \"GET /k HTTP/1.1\" 200 - 3 3 10 9 \"-\" \"ua\" x"},
    {"haproxy", "x haproxy[1]: 1.2.3.4:5 [25/Sep/2018:06:05:27.584] f b/s 0/0/0/7/8 200 74 - - ---- 5/4/0/1/0 0/0 {a} \"GET / HTTP/1.1\""},
    {"$remote_addr $uri$is_args$args \"$http_user_agent\" $upstream_addr", "1.2.3.4 /a?b \"u\" 1.1.1.1:80, 2.2.2.2:80"},
    {"%h %t \"%r\" %>s %D %{ms}T", "1.2.3.4 [01/Jun/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 123 4"},
};

TEST(every_prefix_and_nul)
{
    for (size_t i = 0; i < SL_ARRAY_LEN(samples); i++) {
        sl_format *f = compile(samples[i].fmt);
        CHECK(f != NULL);
        if (!f) continue;
        size_t n = strlen(samples[i].line);
        INT_EQ(parse(f, samples[i].line), SL_LINE_RECORD);
        for (size_t k = 0; k < n; k++) {
            sl_line_kind kind = parse_n(f, samples[i].line, k);
            CHECK(kind <= SL_LINE_SKIPPED);
            if (kind == SL_LINE_REJECTED) CHECK(g_reason != NULL);
        }
        char buf[512];
        for (size_t k = 0; k < n; k++) {
            memcpy(buf, samples[i].line, n);
            buf[k] = '\0';
            CHECK(parse_n(f, buf, n) <= SL_LINE_SKIPPED);
        }
        sl_format_free(f);
    }
}

TEST(huge_fields)
{
    size_t big = 100 * 1024;
    char *ua = malloc(big + 1), *line = malloc(big * 2 + 256);
    memset(ua, 'A', big);
    ua[big] = '\0';
    sprintf(line, "1.2.3.4 - - [01/Jun/2026:10:00:00 +0000] \"GET /%s HTTP/1.1\" 200 5 \"-\" \"%s\"",
            ua, ua);
    const char *fmts[] = {"combined", "$remote_addr - $remote_user [$time_local] \"$request\" "
                                      "$status $bytes_sent \"$http_referer\" \"$http_user_agent\""};
    for (size_t i = 0; i < 2; i++) {
        sl_format *f = compile(fmts[i]);
        INT_EQ(parse(f, line), SL_LINE_RECORD);
        INT_EQ(g_rec.v[SL_F_USER_AGENT].n, big);
        INT_EQ(g_rec.v[SL_F_PATH].n, big + 1);
        INT_EQ(g_rec.status, 200);
        sl_format_free(f);
    }
    free(ua);
    free(line);
}

/* 10 MB of `" "` pairs: every position is a candidate end for a quoted field. */
TEST(quote_storm_is_bounded)
{
    size_t n = 10u << 20;
    char *line = malloc(n);
    const char *head = "1.2.3.4 - - [01/Jun/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 5 \"";
    size_t h = strlen(head);
    memcpy(line, head, h);
    for (size_t i = h; i < n; i++) line[i] = (i % 3 == 0) ? '"' : ' ';
    const char *fmts[] = {"combined", "vhost_combined", "traefik", "s3",
                          "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\" \"%{X}i\" %D"};
    for (size_t i = 0; i < SL_ARRAY_LEN(fmts); i++) {
        sl_format *f = compile(fmts[i]);
        CHECK(parse_n(f, line, n) <= SL_LINE_SKIPPED);
        sl_format_free(f);
    }
    free(line);
}

TEST(random_separator_soup)
{
    static const char alphabet[] = "\"[] -\\:0123456789/aGET\x00\xff\t{}";
    unsigned seed = 12345;
    char buf[300];
    for (size_t i = 0; i < SL_ARRAY_LEN(samples); i++) {
        sl_format *f = compile(samples[i].fmt);
        for (int r = 0; r < 2000; r++) {
            size_t n = (seed = seed * 1103515245u + 12345u) % sizeof buf;
            for (size_t k = 0; k < n; k++) {
                seed = seed * 1103515245u + 12345u;
                buf[k] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
            }
            CHECK(parse_n(f, buf, n) <= SL_LINE_SKIPPED);
        }
        sl_format_free(f);
    }
}

TEST(detect_on_garbage)
{
    char why[256];
    static const char *heads[] = {"", "\n\n", "#x\n", "\"\"\"\n[[[\n", "a b c d e f g\n"};
    for (size_t i = 0; i < SL_ARRAY_LEN(heads); i++) {
        sl_format *f = sl_format_detect(heads[i], strlen(heads[i]), NULL, g_ft, why, sizeof why);
        CHECK(f == NULL && why[0]);
    }
    const char *two = "1.2.3.4 - - [01/Jun/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"u\"\n"
                      "1.2.3.4 - - [01/Jun/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 404 5 \"-\" \"u\"\n";
    sl_format *f = sl_format_detect(two, strlen(two), NULL, g_ft, why, sizeof why);
    CHECK(f && !strcmp(f->name, "combined"));
    STR_EQ(why, "combined: 2 of 2 sampled lines parsed");
    sl_format_free(f);
}

int main(void)
{
    fx_init();
    RUN(every_prefix_and_nul);
    RUN(huge_fields);
    RUN(quote_storm_is_bounded);
    RUN(random_separator_soup);
    RUN(detect_on_garbage);
    return tt_report();
}
