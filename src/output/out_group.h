/* out_group.h: private to src/output: finding groups, one per (rule, host, method, route,
 * status), i.e. per fingerprint, with a count, the first and last occurrence and a few
 * samples. Used by the json sink (`groups`) and by the text sink under --group.
 *
 * Bounded: at most OUT_GROUPS_MAX groups and OUT_GROUPS_BYTES of copied strings; a finding
 * that would open a group beyond either is counted in `overflow` and nowhere else. Findings
 * arrive in input order whatever --threads is, so the table (and its order) is the same for
 * any -j. */
#ifndef SL_OUT_GROUP_H
#define SL_OUT_GROUP_H
#include "output/out.h"
#include "base/sl_u64map.h"

#define OUT_GROUPS_MAX 65536
#define OUT_GROUPS_BYTES ((size_t)4 << 20)
#define OUT_GROUP_SAMPLES 3
#define OUT_GROUP_STR_MAX 1024 /* a longer host, route, message or sample path is cut */

typedef struct out_where {
    uint32_t file;     /* index into out_groups.files */
    bool has_time;
    uint64_t line;
    int64_t time;
} out_where;

enum { OG_HOST, OG_METHOD, OG_ROUTE, OG_MESSAGE, OG_NSTR };

typedef struct out_group {
    uint64_t fingerprint;
    uint64_t count;
    uint32_t rule;
    int32_t status;
    uint8_t severity;
    uint8_t nsamples;
    uint32_t off[OG_NSTR], len[OG_NSTR];        /* len UINT32_MAX: null */
    out_where first, last;
    out_where sample[OUT_GROUP_SAMPLES];        /* sample[0] is first */
    uint32_t soff[OUT_GROUP_SAMPLES], slen[OUT_GROUP_SAMPLES]; /* the sample's path */
} out_group;

typedef struct out_groups {
    out_group *v;
    size_t n, cap;
    sl_u64map index;   /* fingerprint -> group */
    char *str;         /* copied strings */
    size_t nstr, capstr;
    uint32_t *files;   /* offsets in str of the file names seen */
    size_t nfiles, capfiles;
    uint64_t grouped;  /* findings counted in a group */
    uint64_t overflow; /* findings whose group did not fit */
} out_groups;

void out_groups_init(out_groups *g);
void out_groups_fini(out_groups *g);
void out_groups_add(out_groups *g, const sl_finding *f);
/* Group indices, most severe first, then by count (descending), then by first occurrence.
 * Caller frees. */
size_t *out_groups_sorted(const out_groups *g);
sl_slice out_group_str(const out_groups *g, const out_group *e, int k);
sl_slice out_group_sample_path(const out_groups *g, const out_group *e, int k);
const char *out_groups_file(const out_groups *g, uint32_t file);

#endif
