/* in_decomp.c: streaming decompression (placeholder: recognizes formats, decodes none
 * until the compression work lands). */
#include "input/in_decomp.h"
#include <stdio.h>

sl_comp_kind sl_comp_sniff(const unsigned char *p, size_t n)
{
    if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b) return SL_COMP_GZIP;
    if (n >= 4 && p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f && p[3] == 0xfd) return SL_COMP_ZSTD;
    if (n >= 3 && p[0] == 'B' && p[1] == 'Z' && p[2] == 'h') return SL_COMP_BZIP2;
    if (n >= 6 && !memcmp(p, "\xfd" "7zXZ\0", 6)) return SL_COMP_XZ;
    return SL_COMP_NONE;
}
const char *sl_comp_name(sl_comp_kind k)
{
    static const char *const names[] = {"none", "gzip", "zstd", "bzip2", "xz"};
    return names[k];
}
bool sl_comp_supported(sl_comp_kind k) { return k == SL_COMP_NONE; }
sl_decomp *sl_decomp_new(sl_comp_kind k) { (void)k; return NULL; }
sl_status sl_decomp_run(sl_decomp *d, const unsigned char *in, size_t inlen, size_t *consumed,
                        unsigned char *out, size_t outcap, size_t *produced, char *err,
                        size_t errlen)
{
    (void)d; (void)in; (void)inlen; (void)out; (void)outcap;
    *consumed = *produced = 0;
    snprintf(err, errlen, "decompression is not available");
    return SL_EIO;
}
sl_status sl_decomp_finish(sl_decomp *d, char *err, size_t errlen)
{
    (void)d; (void)err; (void)errlen;
    return SL_OK;
}
void sl_decomp_free(sl_decomp *d) { (void)d; }
