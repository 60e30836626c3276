/* in_reader.h: turns one input (a file or stdin, plain or compressed) into chunks of whole
 * lines. Input is read or decompressed into caller-provided buffers, and a partial last
 * line is carried into the next chunk. A line longer than the chunk buffer is truncated to
 * SL_READER_LONG_LINE + 1 bytes (callers reject lines longer than their limit), so memory
 * stays bounded whatever the input. Line numbers are counted by the consumer. */
#ifndef SL_IN_READER_H
#define SL_IN_READER_H
#include "base/sl_base.h"
#include "input/in_decomp.h"

#define SL_READER_LONG_LINE (512u << 10) /* lines longer than this are rejected as too long */

typedef struct sl_reader sl_reader;

typedef struct sl_chunk {
    const char *p;   /* whole lines; the last may lack '\n' only at end of input */
    size_t n;
    char *buf;       /* backing buffer provided by the caller */
    size_t cap;      /* must be > 2 * the reader's line limit (+ 2) */
    size_t want;     /* stop reading once this much holds a whole line (0: fill to cap); a
                      * longer line still fills up to cap */
} sl_chunk;

/* A chunk buffer of cap bytes: 2 MiB-aligned and backed by transparent huge pages where the
 * kernel allows, so filling it costs a couple of page faults instead of a thousand. Free
 * with free(). */
char *sl_chunk_alloc(size_t cap);

/* path "-" is stdin. NULL with err ("cannot open x: reason") on failure. */
sl_reader *sl_reader_open(const char *path, char *err, size_t errlen);
/* The same, with a decompressor limited to decoder_mem bytes (sl_decomp_new_mem). */
sl_reader *sl_reader_open_mem(const char *path, uint64_t decoder_mem, char *err, size_t errlen);
/* Fills c with the next lines. *eof is set when the input is exhausted (c->n may still be
 * > 0). On SL_EIO (read error, damaged compressed data) or SL_ELIMIT (a compressed stream
 * needing more memory than allowed) c holds the complete lines decoded before it and err
 * says what happened. */
sl_status sl_reader_next(sl_reader *r, sl_chunk *c, bool *eof, char *err, size_t errlen);
/* Lines longer than limit are truncated to limit + 1 bytes (default SL_READER_LONG_LINE);
 * tests use a small limit with small chunk buffers. */
void sl_reader_set_line_limit(sl_reader *r, size_t limit);
sl_comp_kind sl_reader_compression(const sl_reader *r);
/* Before the first sl_reader_next: copies up to cap of the input's first decoded bytes into
 * out (decoding them apart for compressed input, so nothing is consumed); returns how many. */
size_t sl_reader_head(const sl_reader *r, unsigned char *out, size_t cap);
/* The raw (undecoded) bytes read so far at open; returns their count. Borrowed. */
size_t sl_reader_raw_head(const sl_reader *r, const unsigned char **p);
/* Before the first sl_reader_next: drops the first n decoded bytes (a plain file seeks
 * there). *skipped < n when the input is shorter. SL_EIO with err on a read error. */
sl_status sl_reader_skip(sl_reader *r, uint64_t n, uint64_t *skipped, char *err, size_t errlen);
/* Decoded bytes handed out so far (skipped ones included): at end of input, its size. */
uint64_t sl_reader_decoded_done(const sl_reader *r);
/* fstat() of the input's descriptor (to tell which file it is); false on failure. */
struct stat;
bool sl_reader_stat(const sl_reader *r, struct stat *st);
/* After SL_ELIMIT: the decoder memory the stream needs, in bytes (0 if unknown). */
uint64_t sl_reader_decoder_need(const sl_reader *r);
/* For progress: bytes of the underlying file consumed so far, and its size (0 if unknown). */
uint64_t sl_reader_raw_done(const sl_reader *r);
/* After the last chunk: a warning about the input that did not stop reading it (such as
 * zero padding after a gzip stream), or NULL. */
const char *sl_reader_warning(const sl_reader *r);
/* A pipe, terminal or socket read as it comes (`tail -F log | statuslint -`): sl_reader_next
 * returns the whole lines it has as soon as no more bytes are waiting, rather than filling
 * the chunk. */
bool sl_reader_streaming(const sl_reader *r);
uint64_t sl_reader_raw_total(const sl_reader *r);
void sl_reader_close(sl_reader *r);

#endif
