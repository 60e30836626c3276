/* test_walk.c: error-log recognition (every prefix of a real line in an exact-size buffer,
 * so a read past the end shows under ASan), the (device, inode) set, and the directory
 * walk's order and globs. */
#include "base/sl_alloc.h"
#include "base/sl_seen.h"
#include "base/sl_walk.h"
#include "cli/run.h"
#include "format/fmt_errlog.h"
#include "tinytest.h"
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *kind(const char *s)
{
    size_t n = strlen(s);
    char *p = sl_xmalloc(n ? n : 1); /* exact size: no terminating NUL to lean on */
    memcpy(p, s, n);
    const char *k = sl_error_log_kind(p, n);
    free(p);
    return k;
}

static const char NGINX[] =
    "2026/11/24 10:00:00 [error] 811#811: *1 open() \"/x\" failed (2: No such file or directory)";
static const char APACHE24[] = "[Tue Nov 24 10:00:00.123456 2026] [core:error] [pid 1234] "
                               "[client 203.0.113.7:5050] AH00126: Invalid URI";
static const char APACHE22[] =
    "[Tue Nov 24 10:00:00 2026] [error] [client 203.0.113.7] File does not exist: /var/www/x";
static const char ACCESS[] =
    "203.0.113.7 - - [24/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"c\"";

TEST(recognizes_error_logs)
{
    STR_EQ(kind(NGINX), "nginx");
    STR_EQ(kind(APACHE24), "Apache");
    STR_EQ(kind(APACHE22), "Apache");
    STR_EQ(kind("2026/11/24 10:00:00 [notice] 1#1: signal process started\r\n"), "nginx");
    STR_EQ(kind("[Tue Nov 24 10:00:00.1 2026] [ssl:trace3] [pid 9] x\n"), "Apache");
}

TEST(access_logs_are_not_error_logs)
{
    CHECK(kind(ACCESS) == NULL);
    CHECK(kind("") == NULL);
    CHECK(kind("\n\n\n") == NULL);
    CHECK(kind("2026/11/24 10:00:00 [loud] 811#811: x") == NULL);   /* no such level */
    CHECK(kind("2026/11/24 10:00:00 [error] abc: x") == NULL);      /* no pid#tid */
    CHECK(kind("[Tue Nov 24 10:00:00 2026] [bogus] x") == NULL);
    CHECK(kind("{\"time\":\"2026/11/24 10:00:00 [error] 1#1: x\"}") == NULL);
    /* one error line among access lines is an access log */
    char mixed[1024];
    snprintf(mixed, sizeof mixed, "%s\n%s\n%s\n%s\n", NGINX, ACCESS, ACCESS, ACCESS);
    CHECK(kind(mixed) == NULL);
    /* a stray continuation line among error lines is still an error log */
    snprintf(mixed, sizeof mixed, "%s\n%s\n%s\nPHP message: trace\n", NGINX, NGINX, NGINX);
    STR_EQ(kind(mixed), "nginx");
}

TEST(every_prefix_is_safe)
{
    const char *lines[] = {NGINX, APACHE24, APACHE22, ACCESS};
    for (size_t l = 0; l < 4; l++) {
        size_t n = strlen(lines[l]);
        for (size_t k = 0; k <= n; k++) {
            char *p = sl_xmalloc(k ? k : 1);
            memcpy(p, lines[l], k);
            const char *r = sl_error_log_kind(p, k); /* any answer, no overread */
            CHECK(r == NULL || !strcmp(r, "nginx") || !strcmp(r, "Apache"));
            free(p);
        }
    }
}

TEST(seen_set)
{
    sl_seen s = {0};
    struct stat st;
    memset(&st, 0, sizeof st);
    size_t added = 0;
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 5000; i++) {
            st.st_dev = (dev_t)(i % 7);
            st.st_ino = (ino_t)i;
            added += sl_seen_add(&s, &st);
        }
    INT_EQ(added, 5000); /* the second round finds every pair, (0, 0) included */
    sl_seen_fini(&s);
    st.st_dev = 0, st.st_ino = 0;
    CHECK(sl_seen_add(&s, &st)); /* (0, 0) on an empty set: a key like any other */
    CHECK(!sl_seen_add(&s, &st));
    sl_seen_fini(&s);
}

static void touch(const char *dir, const char *name)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    if (f) fputs("x\n", f), fclose(f);
}

static char *joined(char **v, size_t skip)
{
    static char out[4096];
    size_t k = 0;
    out[0] = '\0';
    for (; *v && k < sizeof out; v++)
        k += (size_t)snprintf(out + k, sizeof out - k, "%s%s", k ? " " : "", *v + skip);
    return out;
}

TEST(walk_order_and_globs)
{
    char dir[] = "/tmp/sl_test_walk_XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    const char *names[] = {"access.log", "access.log.1", "access.log.2.gz", "access.log.10.gz",
                           "access.log-20261123.gz", "access.log-20261122", "b.log", "a.log",
                           ".hidden", "README.md", NULL};
    for (size_t i = 0; names[i]; i++) touch(dir, names[i]);
    const char *args[] = {dir};
    size_t n = 0, errors = 0, skipped = 0, skip = strlen(dir) + 1;
    char **v = sl_expand_paths(args, 1, NULL, &n, &errors, &skipped);
    STR_EQ(joined(v, skip), "a.log access.log.10.gz access.log.2.gz access.log.1 "
                            "access.log-20261122 access.log-20261123.gz access.log b.log");
    INT_EQ(errors, 0);
    INT_EQ(skipped, 2);
    sl_free_paths(v);
    const char *inc[] = {"access.log*"}, *exc[] = {"*.gz"};
    sl_walk_opts wo = {inc, 1, exc, 1};
    v = sl_expand_paths(args, 1, &wo, &n, &errors, &skipped);
    STR_EQ(joined(v, skip), "access.log.1 access.log-20261122 access.log");
    sl_free_paths(v);
    for (size_t i = 0; names[i]; i++) {
        char p[4096];
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
    }
    rmdir(dir);
}

/* The shared walker: each directory once (a link back to the root is not a loop), no
 * deeper than the limit (reported), names in order, the caller's filter and policy. */
typedef struct seen_log {
    char text[4096];
    size_t n;
    int errors;
} seen_log;

static bool log_visit(void *ctx, const sl_walk_entry *e)
{
    seen_log *l = ctx;
    l->n += (size_t)snprintf(l->text + l->n, sizeof l->text - l->n, "%s%s%d:%s", l->n ? " " : "",
                             e->isdir ? "d" : "f", e->depth, e->rel);
    return strcmp(e->name, "skipme") != 0;
}

static void log_error(void *ctx, const char *path, int err)
{
    seen_log *l = ctx;
    l->errors++;
    CHECK(err == 0 && strstr(path, "/a/b/c") != NULL); /* too deep, not unreadable */
}

static bool not_x(void *ctx, const char *name) { return name[0] != 'x'; }

TEST(shared_walker)
{
    char dir[] = "/tmp/sl_test_swalk_XXXXXX", p[4096];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(p, sizeof p, "%s/a/b/c/d", dir);
    char mk[4200];
    snprintf(mk, sizeof mk, "mkdir -p '%s' '%s/skipme' && ln -s .. '%s/a/up'", p, dir, dir);
    CHECK(system(mk) == 0);
    touch(dir, "z.log");
    touch(dir, "x.log");
    touch(dir, "a/b/c/deep.log");
    touch(dir, "skipme/in.log");
    seen_log l = {{0}, 0, 0};
    sl_seen seen = {0};
    struct stat st;
    CHECK(stat(dir, &st) == 0 && sl_seen_add(&seen, &st));
    sl_walk_ops ops = {.max_depth = 2, .seen = &seen, .keep_name = not_x, .visit = log_visit,
                       .error = log_error, .ctx = &l};
    sl_walk(dir, &ops);
    STR_EQ(l.text, "d0:a d1:a/b d2:a/b/c d1:a/up d0:skipme f0:z.log");
    INT_EQ(l.errors, 1);
    sl_seen_fini(&seen);
    snprintf(mk, sizeof mk, "rm -rf '%s'", dir);
    CHECK(system(mk) == 0);
}

int main(void)
{
    RUN(shared_walker);
    RUN(recognizes_error_logs);
    RUN(access_logs_are_not_error_logs);
    RUN(every_prefix_is_safe);
    RUN(seen_set);
    RUN(walk_order_and_globs);
    return tt_report();
}
