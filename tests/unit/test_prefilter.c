/* test_prefilter.c: the regex prefilter. The literals it finds for known patterns (so a
 * prefilter that finds nothing fails here), the patterns it must leave alone, and its one
 * promise checked against pcre2 itself: on every subject pcre2 matches, may_match is true.
 * The subjects are random strings over each pattern's own characters (and their other
 * case), plus hand-written matches, plus every regex of the built-in pack. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "rule/pack.h"
#include "rule/prefilter.h"
#include "tinytest.h"
#include <pcre2.h>
#include <stdlib.h>

/* "lit1,lit2" for pattern p: the literals found, in order, joined; "" for none. */
static const char *lits(const char *p)
{
    static char out[SL_PF_MAX * (SL_PF_LEN + 1) + 8];
    sl_prefilter pf;
    sl_prefilter_build(p, strlen(p), &pf);
    size_t k = 0;
    if (pf.icase) out[k++] = '~';
    for (size_t i = 0; i < pf.n; i++) {
        if (i) out[k++] = ',';
        memcpy(out + k, pf.lit[i], pf.len[i]), k += pf.len[i];
    }
    out[k] = 0;
    if (!pf.n) return "";
    return out;
}

TEST(finds_literals)
{
    STR_EQ(lits("(?i)/(404|not[-_]?found|page[-_]?not[-_]?found)(\\.(html?|php|aspx?))?$"), "~404,found");
    STR_EQ(lits("^application/json"), "application/json");
    STR_EQ(lits("(?i)pingdom|uptimerobot|statuscake"), "~pingdom,uptimerobot,statuscake");
    STR_EQ(lits("(?i)^\\s*multipart/byteranges"), "~multipart/byteranges");
    STR_EQ(lits("ab(c|d)e"), "abce,abde");
    STR_EQ(lits("abc+d"), "ab");           /* + repeats the c alone */
    STR_EQ(lits("x(abc)+y"), "abc");
    STR_EQ(lits("foo\\.bar"), "foo.bar");
    STR_EQ(lits("(?i)rel\\s*=\\s*\"?blocked-by"), "~blocked-by");
    STR_EQ(lits("a(?=bcd)xy"), "axy");      /* a lookahead consumes nothing */
    STR_EQ(lits("ab?c"), "abc,ac");
    STR_EQ(lits("ab{2,3}cde"), "cde");
    STR_EQ(lits("[a-z]+token[0-9]"), "token");
    STR_EQ(lits("[]x]yz"), "yz");          /* a leading ']' is a member of the class */
    STR_EQ(lits("[^]]qq"), "qq");
}

TEST(leaves_alone)
{
    STR_EQ(lits(""), "");
    STR_EQ(lits("a"), "");                 /* one byte: not worth a scan */
    STR_EQ(lits("abc|"), "");              /* may match the empty string */
    STR_EQ(lits("abc|[0-9]+"), "");        /* a branch without a literal */
    STR_EQ(lits("(abc)*"), "");
    STR_EQ(lits("(abc){0,2}"), "");
    STR_EQ(lits("^[0-9]{1,6}$"), "");
    STR_EQ(lits("(*UTF)abc"), "");         /* verbs */
    STR_EQ(lits("x(?i)abc"), "");          /* options other than a leading (?i) */
    STR_EQ(lits("(?x) a b c"), "");
    STR_EQ(lits("(?i:abc)"), "");
    STR_EQ(lits("\\Qab.c\\E"), "");
    STR_EQ(lits("\\x41bc"), "");
    STR_EQ(lits("(abc)\\1"), "");
    STR_EQ(lits("(?<n>abc)"), "");
    STR_EQ(lits("a{x}bc"), "");            /* a literal '{' to pcre2: too subtle to mirror */
    STR_EQ(lits("[[:alpha:]]abc"), "");
    STR_EQ(lits("(?i)caf\xc3\xa9"), "~caf"); /* non-ASCII bytes end the literal */
    STR_EQ(lits("a|b|c|d|e|f|g|h|i"), "");
}

TEST(scans)
{
    sl_prefilter pf;
    const char *p = "(?i)/(404|not[-_]?found)$";
    sl_prefilter_build(p, strlen(p), &pf);
    CHECK(sl_prefilter_may_match(&pf, "/x/NOT-FOUND", 12));
    CHECK(sl_prefilter_may_match(&pf, "/404", 4));
    CHECK(sl_prefilter_may_match(&pf, "FoUnD", 5));
    CHECK(!sl_prefilter_may_match(&pf, "/api/orders/17", 14));
    CHECK(!sl_prefilter_may_match(&pf, "/40", 3));
    CHECK(!sl_prefilter_may_match(&pf, "", 0));
    p = "Found";
    sl_prefilter_build(p, strlen(p), &pf);
    CHECK(sl_prefilter_may_match(&pf, "xxFound", 7));
    CHECK(!sl_prefilter_may_match(&pf, "xxfound", 7)); /* case matters without (?i) */
    CHECK(!sl_prefilter_may_match(&pf, "Foun", 4));
}

/* pcre2 matches s => the prefilter lets s through; counts the matches seen. */
static size_t agree(const char *pat, const char *s, size_t n, pcre2_code *re, pcre2_match_data *md,
                    const sl_prefilter *pf)
{
    int rc = pcre2_match(re, (PCRE2_SPTR)s, n, 0, 0, md, NULL);
    if (rc >= 0 && !sl_prefilter_may_match(pf, s, n)) {
        TT_CHECK_(0, "pattern %s matches \"%.*s\" but its prefilter says no", pat, (int)n, s);
    }
    return rc >= 0;
}

static unsigned long rng = 88172645463325252ul;
static unsigned long next(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng;
}

/* Random subjects over the pattern's characters (both cases) and a few others. */
static size_t fuzz_one(const char *pat, size_t rounds)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, strlen(pat), 0, &code, &off, NULL);
    if (!re) return 0;
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    sl_prefilter pf;
    sl_prefilter_build(pat, strlen(pat), &pf);
    char alpha[256];
    size_t na = 0;
    for (const char *p = pat; *p && na < 200; p++) {
        alpha[na++] = *p;
        if (*p >= 'a' && *p <= 'z') alpha[na++] = (char)(*p - 32);
        if (*p >= 'A' && *p <= 'Z') alpha[na++] = (char)(*p + 32);
    }
    const char extra[] = "/.-_ 0123456789\n";
    memcpy(alpha + na, extra, sizeof extra - 1), na += sizeof extra - 1;
    size_t hits = 0;
    char s[64];
    for (size_t r = 0; r < rounds; r++) {
        size_t n = next() % 24;
        for (size_t i = 0; i < n; i++) s[i] = alpha[next() % na];
        /* and now and then a literal of the pattern's, cut from it, in the middle */
        if (n > 8 && next() % 2) {
            size_t from = next() % strlen(pat), len = 1 + next() % 8;
            if (from + len > strlen(pat)) len = strlen(pat) - from;
            memcpy(s + next() % (n - len + 1), pat + from, len);
        }
        hits += agree(pat, s, n, re, md, &pf);
    }
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    return hits;
}

TEST(never_refuses_a_match)
{
    static const char *pats[] = {
        "(?i)/(404|not[-_]?found|page[-_]?not[-_]?found)(\\.(html?|php|aspx?))?$",
        "ab(c|d)e", "abc+d", "x(abc)+y", "ab?c", "ab{2,3}cde", "a(?=bcd)xy", "a(?!b)cd",
        "(?<=x)abc", "(?i)AbC|dEf", "ab|cd|ef", "(a|b)(c|d)(e|f)", "^ab$", "ab\\bcd",
        "\\d+ab", "[]a]bc", "[^]a]bc", "(?:ab)?cd", "ab??cd", "ab*?cd", "ab++cd", "(ab|)cd",
        "a.c.e", "(?i)x\\.y", "((ab)|(cd))ef", "ab{1}c", "ab{0}c", "a\\Kbc", "a$|bc",
        "[a\\]]bc", "(?i)^\\s*application/([a-z0-9.-]+\\+)?json"};
    for (size_t i = 0; i < sizeof pats / sizeof *pats; i++) fuzz_one(pats[i], 20000);
    /* subjects known to match, so the check above cannot pass by never matching */
    int code;
    PCRE2_SIZE off;
    const char *p = pats[0];
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)p, strlen(p), 0, &code, &off, NULL);
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    sl_prefilter pf;
    sl_prefilter_build(p, strlen(p), &pf);
    const char *yes[] = {"/404", "/x/Not_Found.HTML", "/page-not-found.aspx", "/PAGENOTFOUND"};
    for (size_t i = 0; i < 4; i++) INT_EQ(agree(p, yes[i], strlen(yes[i]), re, md, &pf), 1);
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    INT_EQ(fuzz_one("ab|cd", 20000) > 1000, 1);
}

/* Every regex of the built-in pack: quoted after =~ or !~ in the YAML, unescaped as the
 * rule language does for \\ and \" (enough for the pack's patterns). */
TEST(pack_patterns)
{
    size_t seen = 0, with = 0;
    for (const sl_pack_file *f = sl_builtin_pack; f->name; f++) {
        for (const char *q = f->text; (q = strstr(q, "=~ \"")) != NULL;) {
            q += 4;
            char pat[512];
            size_t n = 0;
            for (; *q && *q != '"' && n + 1 < sizeof pat; q++) {
                if (*q == '\\' && (q[1] == '\\' || q[1] == '"')) q++;
                pat[n++] = *q;
            }
            pat[n] = 0;
            seen++;
            with += lits(pat)[0] != 0;
            fuzz_one(pat, 5000);
        }
    }
    INT_EQ(seen >= 10, 1);
    INT_EQ(with >= 5, 1); /* most of the pack's regexes name a word */
}

int main(void)
{
    RUN(finds_literals);
    RUN(leaves_alone);
    RUN(scans);
    RUN(never_refuses_a_match);
    RUN(pack_patterns);
    return tt_report();
}
