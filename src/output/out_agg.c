/* out_agg.c: findings gathered by rule (see out_agg.h). Owns copies of the first examples
 * of each rule and nothing else; memory is bounded by rules x keep x OUT_AGG_MSG. */
#include "output/out_agg.h"
#include "base/sl_alloc.h"
#include <stdlib.h>

void out_agg_init(out_agg *a, size_t nrules, size_t keep)
{
    *a = (out_agg){.n = nrules, .keep = keep};
    a->r = sl_xcalloc(nrules + 1, sizeof *a->r);
}

void out_agg_fini(out_agg *a)
{
    for (size_t i = 0; a->r && i < a->n; i++) {
        for (size_t k = 0; k < a->r[i].nex; k++) {
            free(a->r[i].ex[k].file);
            free(a->r[i].ex[k].msg);
        }
        free(a->r[i].ex);
    }
    free(a->r);
    *a = (out_agg){0};
}

void out_agg_add(out_agg *a, const sl_finding *f)
{
    if (f->rule >= a->n) return;
    out_agg_rule *r = &a->r[f->rule];
    if (f->severity > r->worst && f->severity <= SL_SEV_ERROR) r->worst = f->severity;
    if (f->baselined) {
        r->baselined++;
        a->baselined++;
        return;
    }
    int sev = f->severity >= SL_SEV_INFO && f->severity <= SL_SEV_ERROR ? (int)f->severity : SL_SEV_INFO;
    a->total[sev]++;
    r->count++;
    if ((sl_severity)sev > r->worst) r->worst = (sl_severity)sev;
    if (r->nex >= a->keep) return;
    if (!r->ex) r->ex = sl_xcalloc(a->keep, sizeof *r->ex);
    out_example *e = &r->ex[r->nex++];
    size_t n = f->message.p ? (f->message.n < OUT_AGG_MSG ? f->message.n : OUT_AGG_MSG) : 0;
    e->file = sl_xstrdup(f->file ? f->file : "");
    e->line = f->line;
    e->severity = (sl_severity)sev;
    e->msg = sl_xmalloc(n + 1);
    if (n) memcpy(e->msg, f->message.p, n);
    e->msg[n] = '\0';
    e->msglen = n;
}

static const out_agg *order_agg; /* qsort has no context argument */

static int order_cmp(const void *pa, const void *pb)
{
    size_t x = *(const size_t *)pa, y = *(const size_t *)pb;
    const out_agg_rule *a = &order_agg->r[x], *b = &order_agg->r[y];
    if (a->worst != b->worst) return a->worst > b->worst ? -1 : 1;
    if (a->count != b->count) return a->count > b->count ? -1 : 1;
    return x < y ? -1 : x > y;
}

size_t out_agg_order(const out_agg *a, size_t *idx)
{
    size_t n = 0;
    for (size_t i = 0; i < a->n; i++)
        if (a->r[i].count || a->r[i].baselined) idx[n++] = i;
    order_agg = a;
    qsort(idx, n, sizeof *idx, order_cmp);
    order_agg = NULL;
    return n;
}
