/* test_file.c: the whole-file reader (base/sl_file.h) that rule files and settings share:
 * a file up to its caller's limit is read whole, NULs included; a larger one, a missing one
 * and a directory are refused with a reason. */
#include "base/sl_file.h"
#include "tinytest.h"
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char dir[] = "/tmp/sl_test_file_XXXXXX";

static const char *put(const char *name, const char *data, size_t n)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f) abort();
    fwrite(data, 1, n, f);
    fclose(f);
    return path;
}

TEST(reads_up_to_the_limit_and_refuses_past_it)
{
    char why[128] = "";
    size_t len = 99;
    bool opened = false;
    const char *p = put("ten", "0123\0" "56789", 10);
    char *t = sl_file_read(p, 10, &len, &opened, why, sizeof why);
    CHECK(t && opened);
    INT_EQ(len, 10);
    CHECK(memcmp(t, "0123\0" "56789", 10) == 0);
    INT_EQ(t[10], '\0');
    free(t);
    CHECK(sl_file_read(p, 9, &len, &opened, why, sizeof why) == NULL);
    CHECK(opened);
    STR_EQ(why, "larger than 9 bytes");
    char *big = calloc(1, (3u << 20) + 1);
    p = put("big", big, (3u << 20) + 1);
    free(big);
    CHECK(sl_file_read(p, 3u << 20, &len, NULL, why, sizeof why) == NULL);
    STR_EQ(why, "larger than 3 MiB");
    t = sl_file_read(put("empty", "", 0), 10, &len, NULL, why, sizeof why);
    CHECK(t && len == 0 && t[0] == '\0');
    free(t);
}

TEST(missing_files_and_directories_say_why)
{
    char why[128] = "", path[256];
    size_t len;
    bool opened = true;
    snprintf(path, sizeof path, "%s/none", dir);
    CHECK(sl_file_read(path, 100, &len, &opened, why, sizeof why) == NULL);
    CHECK(!opened);
    STR_EQ(why, "No such file or directory");
    CHECK(sl_file_read(dir, 100, &len, &opened, why, sizeof why) == NULL);
    STR_EQ(why, "Is a directory");
}

int main(void)
{
    if (!mkdtemp(dir)) return 1;
    RUN(reads_up_to_the_limit_and_refuses_past_it);
    RUN(missing_files_and_directories_say_why);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) return 1;
    return tt_report();
}
