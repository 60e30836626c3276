/* test_term.c: the terminal escaper (base/sl_term.h) that messages, diagnostics, --detect and
 * rules list/explain/test share: what it escapes, what it keeps, and how it cuts. */
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

int main(void)
{
    RUN(escapes);
    RUN(keeps_lines_when_asked);
    RUN(cuts_whole);
    return tt_report();
}
