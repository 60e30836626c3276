/* stream.h: an input the engine is fed incrementally (follow): bytes as they are read, in
 * any pieces, while other streams of the same analysis are fed in between. Each stream runs
 * the batch path's steps (engine/run_int.h): format detection, the parser and evaluator,
 * counting lines as parsed, rejected or skipped, rules-off reasons, rejected-line samples,
 * findings into the fan-out and the state store. It parses on the calling thread with its
 * own worker (parser, evaluator), so a stateful format keeps its state per stream.
 *
 *       sl_analysis_cfg cfg = {..., .streams = true};
 *       sl_analysis *a = sl_analysis_new(&cfg, rs, &fanout, msg_fn);
 *       sl_stream *s = sl_stream_open(a, name, &opts);
 *       sl_stream_feed(s, bytes, n); ...        (whole lines run; a partial last line waits)
 *       sl_stream_flush(s);                     (its content ended: the partial line is one)
 *       sl_stream_close(s);                     (every stream, before finish)
 *       const sl_summary *sum = sl_analysis_finish(a);
 *
 * What is follow's own stays out: watching files, rotation, offsets, the state store's
 * batches and commits (through opts.before_merge), /metrics, signals.
 *
 * Until a format fits, a stream's lines are rejected (said once) and each later piece is
 * tried again. A stream whose first bytes are a web server's error log is passed over, as
 * in a batch run: a note, and none of its lines counted. A line longer than 512 KiB is one
 * rejected line, however it arrives. */
#ifndef SL_STREAM_H
#define SL_STREAM_H
#include "engine/engine.h"

typedef struct sl_stream sl_stream;

typedef struct sl_stream_opts {
    bool routes;                 /* jobs tally records by route (follow --listen) */
    /* Called on the main thread before a job's results are merged (done) or its full
     * findings buffer is written out (!done): the state store's current input is set here. */
    void (*before_merge)(void *ctx, const sl_job *j, bool done);
    void *ctx;
} sl_stream_opts;

/* A new input called name (copied) in the analysis, counted among its files. */
sl_stream *sl_stream_open(sl_analysis *a, const char *name, const sl_stream_opts *o);
/* Takes bytes read from the input (counted in the summary's bytes): the whole lines among
 * them are parsed, evaluated and merged before it returns; the rest waits for its newline. */
void sl_stream_feed(sl_stream *s, const char *p, size_t n);
/* The content ended (closed, truncated, the run stops): a partial last line is a line, and
 * a record still open in a stateful format ends. The stream may be fed again after. */
void sl_stream_flush(sl_stream *s);
/* Bytes of a partial last line waiting for its newline. */
size_t sl_stream_pending(const sl_stream *s);
/* Forgets the partial last line (it will be read whole again, by a later run). */
void sl_stream_drop_pending(sl_stream *s);
/* Lines of the input so far: findings of the next line say line + 1. Set to resume a read
 * part-way (a state store's commit) or start over (new content, e.g. after a truncation). */
uint64_t sl_stream_line(const sl_stream *s);
void sl_stream_set_line(sl_stream *s, uint64_t line);
/* Whether the stream is recorded in the analysis's state store (per-day tallies, finding
 * novelty); off until set. Takes effect from the next lines. */
void sl_stream_set_state(sl_stream *s, bool on);
/* The input is called name (copied) from now on (a renamed file). */
void sl_stream_rename(sl_stream *s, const char *name);
/* A read error, told through msg_fn ("NAME: ERR") and counted as an input error. */
void sl_stream_read_error(sl_stream *s, const char *err);
/* Frees the stream; a partial line still waiting is dropped (flush first to count it). */
void sl_stream_close(sl_stream *s);

#endif
