/* fuzz_prefilter.c: the regex prefilter against pcre2. The input's first line is a pattern,
 * every other line a subject. The analysis must read any pattern without reading past it;
 * when pcre2 compiles the pattern (no options, as rules compile theirs), no subject it
 * matches may be refused by the prefilter, and the literals found must each be 2 bytes or
 * more (prefilter.h's promise). Subjects are matched whole and, to reach matches the raw
 * bytes rarely give, with the pattern's own literals written into their middle. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "fuzz_common.h"
#include "rule/prefilter.h"
#include <pcre2.h>

static pcre2_match_data *md;

static void agree(const pcre2_code *re, const sl_prefilter *pf, const char *s, size_t n)
{
    char *c = fz_dup(s, n); /* exact size: ASan sees a read past the subject */
    if (pcre2_match(re, (PCRE2_SPTR)c, n, 0, 0, md, NULL) >= 0) FZ_CHECK(sl_prefilter_may_match(pf, c, n));
    free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data, *end = s + size;
    const char *nl = memchr(s, '\n', size);
    size_t plen = nl ? (size_t)(nl - s) : size;
    char *pat = fz_dup(s, plen);
    sl_prefilter pf;
    sl_prefilter_build(pat, plen, &pf);
    FZ_CHECK(pf.n <= SL_PF_MAX);
    for (size_t i = 0; i < pf.n; i++) FZ_CHECK(pf.len[i] >= 2 && pf.len[i] <= SL_PF_LEN);
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, plen, 0, &code, &off, NULL);
    if (re && !md) md = pcre2_match_data_create(1, NULL);
    for (const char *p = nl ? nl + 1 : end; re && md && p < end;) {
        const char *e = memchr(p, '\n', (size_t)(end - p));
        size_t n = e ? (size_t)(e - p) : (size_t)(end - p);
        agree(re, &pf, p, n);
        for (size_t i = 0; i < pf.n && n < 200; i++) { /* the subject with a literal inside */
            char buf[256];
            size_t h = n / 2;
            memcpy(buf, p, h), memcpy(buf + h, pf.lit[i], pf.len[i]), memcpy(buf + h + pf.len[i], p + h, n - h);
            agree(re, &pf, buf, n + pf.len[i]);
        }
        p = e ? e + 1 : end;
    }
    pcre2_code_free(re);
    free(pat);
    return 0;
}
