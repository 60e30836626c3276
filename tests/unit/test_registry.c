/* test_registry.c: record/registry.c against rules/iana-status-codes.tsv: every assigned
 * code is found with IANA's name, every unassigned one is NULL, and the notes for the
 * temporary 104 and the obsoleted 510 are there. */
#include "record/registry.h"
#include "tinytest.h"
#include <stdlib.h>

TEST(known_codes)
{
    STR_EQ(sl_registry_lookup(207)->name, "Multi-Status");
    STR_EQ(sl_registry_lookup(207)->reference, "RFC 4918 §11.1");
    STR_EQ(sl_registry_lookup(418)->name, "(Unused)");
    STR_EQ(sl_registry_lookup(413)->name, "Content Too Large");
    STR_EQ(sl_registry_lookup(104)->note, "TEMPORARY, expires 2026-11-13");
    STR_EQ(sl_registry_lookup(510)->note, "OBSOLETED");
    CHECK(sl_registry_lookup(200)->note == NULL);
    STR_EQ(sl_registry_date, "2025-09-15");
}

TEST(out_of_table)
{
    int bad[] = {-1, 0, 99, 105, 199, 209, 299, 419, 420, 430, 509, 512, 599, 600, 999, 100000};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK(sl_registry_lookup(bad[i]) == NULL);
}

/* Walks the TSV: "code<TAB>description<TAB>reference"; ranges "105-199" are unassigned. */
TEST(matches_tsv)
{
    const char *src = getenv("SL_SOURCE_DIR");
    char path[4096], line[512];
    snprintf(path, sizeof path, "%s/rules/iana-status-codes.tsv", src ? src : ".");
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    if (!f) return;
    int assigned = 0, seen[600] = {0};
    while (fgets(line, sizeof line, f)) {
        int lo, hi;
        char *tab = strchr(line, '\t');
        if (!tab || sscanf(line, "%d", &lo) != 1) continue;
        if (sscanf(line, "%d-%d", &lo, &hi) != 2) hi = lo;
        bool unassigned = strncmp(tab + 1, "Unassigned", 10) == 0;
        for (int c = lo; c <= hi && c < 600; c++) {
            seen[c] = 1;
            const sl_status_entry *e = sl_registry_lookup(c);
            if (unassigned) { CHECK(e == NULL); continue; }
            assigned++;
            CHECK(e != NULL && e->code == c);
            if (e) CHECK(strncmp(tab + 1, e->name, strlen(e->name)) == 0);
        }
    }
    fclose(f);
    INT_EQ(assigned, 64);
    for (int c = 100; c < 600; c++) CHECK(seen[c]);
}

int main(void)
{
    RUN(known_codes);
    RUN(out_of_table);
    RUN(matches_tsv);
    return tt_report();
}
