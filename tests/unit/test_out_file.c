/* test_out_file.c: atomic report files (temp + rename, special files, /dev/full errors,
 * written through symbolic links),
 * line-independent fingerprints and their path normalization, and baselines (write, load,
 * has, malformed files). */
#include "output/out.h"
#include "output/out_ext.h"
#include "record/rec.h"
#include "record/rec_route.h"
#include "tinytest.h"
#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    static char buf[8192];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void spit(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

static int entries(void)
{
    int n = 0;
    DIR *d = opendir(dir);
    for (struct dirent *e; (e = readdir(d));) n += e->d_name[0] != '.' || strlen(e->d_name) > 2;
    closedir(d);
    return n;
}

/* The fingerprint of a finding on path, whose route the run computes first. */
static uint64_t fp(const char *path, int status)
{
    char route[256];
    size_t n = sl_route(NULL, sl_slice_cstr(path), route, sizeof route);
    return sl_fingerprint("r.x", SL_SLICE_LIT("example.com"), SL_SLICE_LIT("GET"), sl_slice_make(route, n), status);
}

TEST(outfile_atomic)
{
    char path[128], err[256];
    snprintf(path, sizeof path, "%s/report.txt", dir);
    spit(path, "old\n");
    sl_outfile *o = sl_outfile_open(path, err, sizeof err);
    CHECK(o != NULL);
    fputs("new\n", sl_outfile_stream(o));
    fflush(sl_outfile_stream(o));
    STR_EQ(slurp(path), "old\n");    /* readers still see the old report */
    INT_EQ(entries(), 2);              /* report.txt and the temporary file */
    INT_EQ(sl_outfile_commit(o, err, sizeof err), SL_OK);
    STR_EQ(slurp(path), "new\n");
    INT_EQ(entries(), 1);

    o = sl_outfile_open(path, err, sizeof err);
    fputs("half", sl_outfile_stream(o));
    sl_outfile_abort(o);
    STR_EQ(slurp(path), "new\n");
    INT_EQ(entries(), 1);
}

TEST(outfile_new_file_mode)
{
    char path[128], err[256];
    snprintf(path, sizeof path, "%s/fresh.prom", dir);
    mode_t um = umask(022);
    sl_outfile *o = sl_outfile_open(path, err, sizeof err);
    fputs("x 1\n", sl_outfile_stream(o));
    INT_EQ(sl_outfile_commit(o, err, sizeof err), SL_OK);
    umask(um);
    struct stat st;
    CHECK(stat(path, &st) == 0);
    INT_EQ(st.st_mode & 0777, 0644);   /* readable by the node_exporter user, not 0600 */
    unlink(path);
}

TEST(outfile_special_and_errors)
{
    char err[256] = "";
    sl_outfile *o = sl_outfile_open("/dev/full", err, sizeof err);
    CHECK(o != NULL);
    for (int i = 0; i < 1000; i++) fputs("0123456789", sl_outfile_stream(o));
    INT_EQ(sl_outfile_commit(o, err, sizeof err), SL_EIO);
    STR_EQ(err, "/dev/full: No space left on device");

    o = sl_outfile_open("/dev/null", err, sizeof err);
    fputs("x", sl_outfile_stream(o));
    INT_EQ(sl_outfile_commit(o, err, sizeof err), SL_OK);

    o = sl_outfile_open("-", err, sizeof err);
    CHECK(o && sl_outfile_stream(o) == stdout);
    INT_EQ(sl_outfile_commit(o, err, sizeof err), SL_OK);

    CHECK(sl_outfile_open("/nonexistent-dir/x.sarif", err, sizeof err) == NULL);
    STR_EQ(err, "/nonexistent-dir/x.sarif: No such file or directory");
    CHECK(sl_outfile_open(dir, err, sizeof err) == NULL);  /* a directory */
}

TEST(outfile_through_symlinks)
{
    char real[128], link1[128], link2[128], dangling[128], missing[128], err[256];
    snprintf(real, sizeof real, "%s/real.prom", dir);
    snprintf(link1, sizeof link1, "%s/link1.prom", dir);
    snprintf(link2, sizeof link2, "%s/link2.prom", dir);
    snprintf(dangling, sizeof dangling, "%s/dangling.prom", dir);
    snprintf(missing, sizeof missing, "%s/missing.prom", dir);
    spit(real, "old\n");
    CHECK(symlink("real.prom", link1) == 0);  /* relative to the link's directory */
    CHECK(symlink(link1, link2) == 0);        /* a chain, absolute */
    CHECK(symlink("missing.prom", dangling) == 0);
    char *t = sl_outfile_target(link2);
    STR_EQ(t, real);
    free(t);
    t = sl_outfile_target(dangling);
    STR_EQ(t, missing);
    free(t);
    t = sl_outfile_target("/dev/stdout"); /* a descriptor, never replaced */
    STR_EQ(t, "/dev/stdout");
    free(t);
    sl_outfile *o = sl_outfile_open(link2, err, sizeof err);
    CHECK(o != NULL);
    fputs("new\n", sl_outfile_stream(o));
    INT_EQ(sl_outfile_commit(o, err, sizeof err), SL_OK);
    struct stat st;
    CHECK(lstat(link2, &st) == 0 && S_ISLNK(st.st_mode));
    CHECK(lstat(link1, &st) == 0 && S_ISLNK(st.st_mode));
    STR_EQ(slurp(real), "new\n");
    o = sl_outfile_open(dangling, err, sizeof err);
    CHECK(o != NULL);
    fputs("first\n", sl_outfile_stream(o));
    INT_EQ(sl_outfile_commit(o, err, sizeof err), SL_OK);
    CHECK(lstat(dangling, &st) == 0 && S_ISLNK(st.st_mode));
    STR_EQ(slurp(missing), "first\n");
    unlink(link2), unlink(link1), unlink(dangling), unlink(real), unlink(missing);
}

TEST(fingerprint_normalization)
{
    uint64_t a = fp("/users/123/orders", 404);
    INT_EQ(a, fp("/users/98765/orders?page=2", 404));
    INT_EQ(a, fp("/users/123/orders#frag", 404));
    INT_EQ(fp("/o/0f3a9b2d4e61aa/x", 200), fp("/o/9F86D081884C/x", 200));
    CHECK(fp("/o/0f3a9b2d4e61aa/x", 200) != fp("/o/123/x", 200)); /* {hex} is not {int} */
    INT_EQ(fp("/u/alice@example.org/feed", 200), fp("/u/bob@example.com/feed", 200));
    INT_EQ(fp("/o/123e4567-e89b-12d3-a456-426614174000", 200), fp("/o/00000000-0000-0000-0000-000000000000", 200));
    CHECK(fp("/o/abcdefg", 200) != fp("/o/abcdefa", 200));    /* not hex */
    CHECK(fp("/o/abc", 200) != fp("/o/abd", 200));            /* short hex stays */
    CHECK(a != fp("/users/123/orders", 410));
    CHECK(a != fp("/users/123/order", 404));
    CHECK(sl_fingerprint("r.x", SL_SLICE_LIT("EXAMPLE.com"), SL_SLICE_LIT("GET"), SL_SLICE_LIT("/"), 200) ==
          sl_fingerprint("r.x", SL_SLICE_LIT("example.com"), SL_SLICE_LIT("GET"), SL_SLICE_LIT("/"), 200));
    CHECK(sl_fingerprint("r.x", SL_SLICE_NULL, SL_SLICE_LIT("GET"), SL_SLICE_LIT("/"), 200) !=
          sl_fingerprint("r.x", SL_SLICE_LIT(""), SL_SLICE_LIT("GET"), SL_SLICE_LIT("/"), 200));
    CHECK(sl_fingerprint("a", SL_SLICE_LIT("bc"), SL_SLICE_NULL, SL_SLICE_NULL, 1) !=
          sl_fingerprint("ab", SL_SLICE_LIT("c"), SL_SLICE_NULL, SL_SLICE_NULL, 1));
    /* Stable across releases: baselines written today must match tomorrow. */
    INT_EQ(sl_fingerprint("dav.207-non-webdav-method", SL_SLICE_NULL, SL_SLICE_LIT("GET"),
                          SL_SLICE_LIT("/api/items"), 207), 0x42bfbcfb7284a52aull);
}

TEST(baseline_roundtrip)
{
    char path[128], err[256];
    snprintf(path, sizeof path, "%s/baseline.txt", dir);
    sl_baseline *b = sl_baseline_new();
    sl_baseline_add(b, 0xffff000000000001ull, "z.rule");
    sl_baseline_add(b, 0x0000000000000abcull, "a.rule");
    sl_baseline_add(b, 0x0000000000000abcull, "a.rule");
    sl_baseline_add(b, 0, "zero.rule");
    INT_EQ(sl_baseline_count(b), 3);
    INT_EQ(sl_baseline_write(b, path, err, sizeof err), SL_OK);
    sl_baseline_free(b);
    STR_EQ(slurp(path), "# statuslint baseline: <fingerprint> <rule id> <method> <status> <first seen> "
                        "<last seen> <route>, sorted\n"
                        "0000000000000000 zero.rule - - - - -\n"
                        "0000000000000abc a.rule - - - - -\n"
                        "ffff000000000001 z.rule - - - - -\n");
    b = sl_baseline_load(path, err, sizeof err);
    CHECK(b != NULL);
    CHECK(sl_baseline_has(b, 0xabc));
    CHECK(sl_baseline_has(b, 0xffff000000000001ull));
    CHECK(sl_baseline_has(b, 0));
    CHECK(!sl_baseline_has(b, 0xabd));
    sl_baseline_free(b);
}

TEST(baseline_tolerant_and_strict)
{
    char path[128], err[256] = "";
    snprintf(path, sizeof path, "%s/b2.txt", dir);
    spit(path, "# comment\n\n   \n  0123456789ABCDEF  some.rule  \r\n# end\n");
    sl_baseline *b = sl_baseline_load(path, err, sizeof err);
    CHECK(b && sl_baseline_has(b, 0x0123456789abcdefull));
    sl_baseline_free(b);

    spit(path, "# ok\n0123456789abcdef r\n0123 short\n");
    CHECK(sl_baseline_load(path, err, sizeof err) == NULL);
    CHECK(strstr(err, "b2.txt:3: malformed baseline entry") != NULL);
    spit(path, "0123456789abcdef\n");
    CHECK(sl_baseline_load(path, err, sizeof err) == NULL);
    CHECK(strstr(err, ":1: ") != NULL);
    CHECK(sl_baseline_load("/nonexistent/b", err, sizeof err) == NULL);
    STR_EQ(err, "/nonexistent/b: No such file or directory");
    unlink(path);
}

TEST(baseline_nightly)
{
    char path[128], err[256] = "";
    snprintf(path, sizeof path, "%s/nightly.txt", dir);
    unlink(path);
    CHECK(sl_baseline_load(path, err, sizeof err) == NULL); /* plain --baseline: missing is an error */
    sl_baseline *b = sl_baseline_open(path, true, err, sizeof err);
    CHECK(b && sl_baseline_count(b) == 0);
    int64_t day = sl_days_from_civil(2026, 11, 24);
    char r1[128], r2[128]; /* the run hands over each finding's route */
    size_t n1 = sl_route(NULL, SL_SLICE_LIT("/api/items/12345/x%y z/0f3a9b2d4e61aa00?q=1"), r1, sizeof r1);
    size_t n2 = sl_route(NULL, SL_SLICE_LIT("/u/123e4567-e89b-12d3-a456-426614174000"), r2, sizeof r2);
    sl_baseline_seen s1 = {0x1111, "dav.207-non-webdav-method", SL_SLICE_LIT("GET"),
                           sl_slice_make(r1, n1), 207, day};
    sl_baseline_seen s2 = {0x2222, "core.status-out-of-range", SL_SLICE_NULL, sl_slice_make(r2, n2),
                           600, day - 40};
    sl_baseline_see(b, &s1);
    sl_baseline_see(b, &s2);
    CHECK(!sl_baseline_has(b, 0x1111)); /* seen this run, not read from the file */
    INT_EQ(sl_baseline_write(b, path, err, sizeof err), SL_OK);
    sl_baseline_free(b);
    const char *want2 = "0000000000002222 core.status-out-of-range - 600 2026-10-15 2026-10-15 /u/{uuid}\n";
    const char *want1 = "0000000000001111 dav.207-non-webdav-method GET 207 2026-11-24 2026-11-24 "
                        "/api/items/{int}/x%25y%20z/{hex}\n";
    char *txt = slurp(path);
    CHECK(strstr(txt, want1) && strstr(txt, want2) && strstr(txt, want1) < strstr(txt, want2)); /* sorted */
    /* the next night: read back, seen again moves last-seen, the unseen old one expires */
    b = sl_baseline_open(path, true, err, sizeof err);
    CHECK(b && sl_baseline_has(b, 0x1111) && sl_baseline_has(b, 0x2222));
    s1.day = day + 1;
    sl_baseline_see(b, &s1);
    INT_EQ(sl_baseline_expire(b, day + 1, 30), 1);
    INT_EQ(sl_baseline_count(b), 1);
    INT_EQ(sl_baseline_write(b, path, err, sizeof err), SL_OK);
    sl_baseline_free(b);
    txt = slurp(path);
    CHECK(strstr(txt, "0000000000001111 dav.207-non-webdav-method GET 207 2026-11-24 2026-11-25 /api/"));
    CHECK(!strstr(txt, "2222"));
    /* an old two-column file: entries get today's date when expiry first sees them */
    spit(path, "0123456789abcdef some.rule\n");
    b = sl_baseline_open(path, false, err, sizeof err);
    CHECK(b != NULL);
    INT_EQ(sl_baseline_expire(b, day, 0), 0);
    INT_EQ(sl_baseline_write(b, path, err, sizeof err), SL_OK);
    sl_baseline_free(b);
    STR_EQ(strchr(slurp(path), '\n') + 1, "0123456789abcdef some.rule - - 2026-11-24 2026-11-24 -\n");
    unlink(path);
}

TEST(baseline_damaged)
{
    char path[128], err[256] = "";
    snprintf(path, sizeof path, "%s/damaged.txt", dir);
    FILE *f = fopen(path, "w");
    for (int i = 0; i < 4096; i++) fputc(0, f);
    fclose(f);
    CHECK(sl_baseline_open(path, true, err, sizeof err) == NULL);
    CHECK(strstr(err, "damaged.txt:1: NUL byte: the file is damaged") != NULL);
    CHECK(sl_baseline_open("/dev/zero", false, err, sizeof err) == NULL); /* ends, and says why */
    CHECK(strstr(err, "/dev/zero:1: NUL byte") != NULL);
    CHECK(sl_baseline_open(dir, false, err, sizeof err) == NULL);
    CHECK(strstr(err, "is a directory") != NULL);
    sl_baseline *b = sl_baseline_open("/dev/null", false, err, sizeof err);
    CHECK(b && sl_baseline_count(b) == 0);
    sl_baseline_free(b);
    spit(path, "0123456789abcdef r GET 207 2026-13-01 2026-11-24 /x\n");
    CHECK(sl_baseline_open(path, false, err, sizeof err) == NULL);
    CHECK(strstr(err, "damaged.txt:1: malformed baseline entry") != NULL);
    unlink(path);
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/sl-outfile-XXXXXX");
    if (!mkdtemp(dir)) return 1;
    RUN(outfile_atomic);
    RUN(outfile_new_file_mode);
    RUN(outfile_special_and_errors);
    RUN(outfile_through_symlinks);
    RUN(fingerprint_normalization);
    RUN(baseline_roundtrip);
    RUN(baseline_tolerant_and_strict);
    RUN(baseline_nightly);
    RUN(baseline_damaged);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd)) return 1;
    return tt_report();
}
