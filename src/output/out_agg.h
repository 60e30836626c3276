/* out_agg.h: private to src/output: findings gathered by rule for the reports that are
 * written at the end (markdown, the GitHub annotations and job summary): counts by rule
 * and severity, baselined findings counted apart, and the first few examples of each rule
 * (bounded: `keep` per rule, messages capped). */
#ifndef SL_OUT_AGG_H
#define SL_OUT_AGG_H
#include "output/out_sink.h"

#define OUT_AGG_MSG 600            /* bytes of a message kept */

typedef struct out_example {
    char *file;                    /* copied */
    uint64_t line;
    sl_severity severity;
    char *msg;                     /* copied raw bytes (may hold NUL) */
    size_t msglen;
} out_example;

typedef struct out_agg_rule {
    uint64_t count;                /* findings not in the baseline */
    uint64_t baselined;
    sl_severity worst;
    out_example *ex;               /* [nex] of at most keep */
    size_t nex;
} out_agg_rule;

typedef struct out_agg {
    out_agg_rule *r;               /* [n] */
    size_t n, keep;
    uint64_t total[4];             /* by severity, not in the baseline */
    uint64_t baselined;
} out_agg;

void out_agg_init(out_agg *a, size_t nrules, size_t keep);
void out_agg_fini(out_agg *a);
void out_agg_add(out_agg *a, const sl_finding *f);
/* Rule indices with findings (new or baselined), most severe first, then most frequent, then by index.
 * Writes up to a->n indices to idx (caller-sized [a->n]); returns how many. */
size_t out_agg_order(const out_agg *a, size_t *idx);

/* The Markdown report (-f markdown and the GitHub job summary). */
void out_markdown_write(FILE *f, const sl_sink *s, const out_agg *a, const sl_summary *sum);

#endif
