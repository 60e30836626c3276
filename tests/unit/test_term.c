/* test_term.c: the terminal escaper (base/sl_term.h) that messages, diagnostics, --detect and
 * rules list/explain/test share, and the text report and echoed source lines use with their
 * own flags: what it escapes, what it keeps, and how it cuts. */
#include "base/sl_term.h"
#include "tinytest.h"
#include <stdlib.h>

static const char *esc(const char *s, size_t cap)
{
    static char buf[512];
    sl_term_esc(buf, cap, s, strlen(s));
    return buf;
}

static const char *written(const char *s, bool keep_nl)
{
    static char buf[512];
    FILE *f = fmemopen(buf, sizeof buf, "w");
    sl_term_write(f, s, strlen(s), keep_nl);
    fclose(f);
    return buf;
}

TEST(escapes)
{
    STR_EQ(esc("plain text, caf\xc3\xa9 \xe2\x82\xac", 512), "plain text, caf\xc3\xa9 \xe2\x82\xac");
    STR_EQ(esc("a\tb\\c", 512), "a\tb\\c");                                /* TAB, backslash kept */
    STR_EQ(esc("\x1b[31m\x07\x7f\n", 512), "\\x1b[31m\\x07\\x7f\\x0a");        /* C0, DEL, LF */
    STR_EQ(esc("\xc2\x9b" "31m \xc2\x85", 512), "\\u{009b}31m \\u{0085}");    /* C1 in UTF-8 */
    STR_EQ(esc("\xe2\x80\xae" "txt.exe \xe2\x81\xa6 \xe2\x80\xa8", 512), "\\u{202e}txt.exe \\u{2066} \\u{2028}");
    STR_EQ(esc("\x9b" "31m \xff \xc0\xaf \xed\xa0\x80", 512),                 /* not UTF-8 */
           "\\x9b31m \\xff \\xc0\\xaf \\xed\\xa0\\x80");
    STR_EQ(esc("x\xe2\x80", 512), "x\\xe2\\x80");                               /* truncated */
}

TEST(keeps_lines_when_asked)
{
    STR_EQ(written("one\ntwo\x1b", true), "one\ntwo\\x1b");
    STR_EQ(written("one\ntwo", false), "one\\x0atwo");
}

TEST(cuts_whole)
{
    STR_EQ(esc("abcdef", 4), "abc");
    STR_EQ(esc("ab\x1b", 5), "ab");                  /* \x1b needs 4 bytes: left out whole */
    STR_EQ(esc("ab\x1b", 7), "ab\\x1b");
    STR_EQ(esc("a\xc3\xa9z", 3), "a");               /* not half of the é */
    STR_EQ(esc("a\xc3\xa9z", 4), "a\xc3\xa9");
    STR_EQ(esc("", 1), "");
}

static const char *flagged(const char *s, unsigned flags, size_t max)
{
    static char buf[512];
    FILE *f = fmemopen(buf, sizeof buf, "w");
    sl_term_write_ex(f, s, strlen(s), flags, max);
    fclose(f);
    return buf;
}

/* The text report and echoed source lines use the same scanner with other flags. */
TEST(flags_for_the_text_report_and_source_echo)
{
    STR_EQ(flagged("a\tb\\c\x1b", SL_TERM_TAB | SL_TERM_BACKSLASH, 0), "a\\x09b\\\\c\\x1b");
    STR_EQ(flagged("a\tb\\c", 0, 0), "a\tb\\c");
    STR_EQ(flagged("ab\x1b[2J\xc3\xa9\xff\xe2\x80\xae", SL_TERM_MASK, 0), "ab?[2J\xc3\xa9????");
    STR_EQ(flagged("a\tb", SL_TERM_MASK, 0), "a\tb"); /* TAB kept: the caret line copies it */
    STR_EQ(flagged("abcdef", 0, 4), "abcd...");
    STR_EQ(flagged("ab\xc3\xa9z", 0, 3), "ab...");    /* not half of the é */
    STR_EQ(flagged("abc", 0, 3), "abc");
}

int main(void)
{
    RUN(flags_for_the_text_report_and_source_echo);
    RUN(escapes);
    RUN(keeps_lines_when_asked);
    RUN(cuts_whole);
    return tt_report();
}
