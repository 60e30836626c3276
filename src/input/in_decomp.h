/* in_decomp.h: streaming decompression, recognized by content (magic bytes), never by name.
 * gzip (zlib, or libisal's igzip where faster), zstd, bzip2, xz. Concatenated members and
 * frames (logrotate output, `cat a.gz b.gz`) decode as one stream. A damaged or truncated
 * stream is SL_EIO with a message saying what broke and at which compressed byte offset. */
#ifndef SL_IN_DECOMP_H
#define SL_IN_DECOMP_H
#include "base/sl_base.h"

typedef enum sl_comp_kind {
    SL_COMP_NONE = 0,
    SL_COMP_GZIP,
    SL_COMP_ZSTD,
    SL_COMP_BZIP2,
    SL_COMP_XZ
} sl_comp_kind;

/* Looks at the first bytes of an input (n may be small; returns NONE when unsure). */
sl_comp_kind sl_comp_sniff(const unsigned char *p, size_t n);
const char *sl_comp_name(sl_comp_kind k); /* "gzip", "zstd", "bzip2", "xz", "none" */
/* True if this build can decode k. */
bool sl_comp_supported(sl_comp_kind k);

/* What a decoder may allocate unless told otherwise: enough for xz -6 (8 MiB dictionary)
 * and zstd up to -19 (8 MiB window), the tools' defaults and common archive settings. */
#define SL_DECOMP_MEM_DEFAULT ((uint64_t)12 << 20)

typedef struct sl_decomp sl_decomp;
sl_decomp *sl_decomp_new(sl_comp_kind k); /* with SL_DECOMP_MEM_DEFAULT */
/* A decoder that allocates at most about memlimit bytes: an xz stream whose dictionary or a
 * zstd frame whose window needs more fails with SL_ELIMIT and a message saying how much it
 * needs (not "corrupt": the file may be fine). gzip and bzip2 need at most 4 MiB. */
sl_decomp *sl_decomp_new_mem(sl_comp_kind k, uint64_t memlimit);
/* Decodes from in[0..inlen) into out[0..outcap). Sets *consumed and *produced (either may
 * be 0 when the other is not). Returns SL_EIO with err on corrupt data, SL_ELIMIT when the
 * stream needs more memory than the decoder's limit. */
sl_status sl_decomp_run(sl_decomp *d, const unsigned char *in, size_t inlen, size_t *consumed,
                        unsigned char *out, size_t outcap, size_t *produced, char *err,
                        size_t errlen);
/* Called at end of input: SL_EIO with err if the stream ended inside a member/frame. */
sl_status sl_decomp_finish(sl_decomp *d, char *err, size_t errlen);
/* After SL_ELIMIT: the memory the stream needs, in bytes (0 if it did not say). */
uint64_t sl_decomp_need(const sl_decomp *d);
/* A condition worth a warning that did not stop decoding (zero padding after the last gzip
 * member, which gzip -dc accepts too), or NULL. Valid until the next call on d. */
const char *sl_decomp_warning(sl_decomp *d);
void sl_decomp_free(sl_decomp *d);

#endif
