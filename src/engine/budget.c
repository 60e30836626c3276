/* budget.c: --memory-budget arithmetic (see budget.h). Half of the budget bounds reading:
 * the reader's carry and raw buffers, then per in-flight chunk its 2 MiB buffer, the
 * findings it may hold before the main thread drains them, and its counters. The other
 * half bounds a decompressor's window. Workers beyond what the chunks in flight can feed
 * would only wait, so the thread count follows from the slots. */
#include "engine/budget.h"
#include "engine/work.h"
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

#define READER_FIXED (SL_CHUNK_CAP + ((size_t)256 << 10)) /* carry + raw read buffer */
#define SLOT_COST (SL_CHUNK_CAP + SL_JOB_FINDINGS_CAP + sizeof(sl_job))
#define SPARE_SLOTS 2 /* one being filled by the main thread, one finished awaiting merge */

void sl_budget_plan(uint64_t total, int wanted, sl_budget *b)
{
    b->total = total;
    b->decoder = total / 2;
    uint64_t reading = total - b->decoder;
    uint64_t slots = reading > READER_FIXED ? (reading - READER_FIXED) / SLOT_COST : 0;
    b->threads = 0;
    b->nslots = 0;
    if (wanted <= 1 || slots <= SPARE_SLOTS) return; /* one thread does everything */
    uint64_t workers = slots - SPARE_SLOTS;
    b->threads = workers < (uint64_t)wanted ? (int)workers : wanted;
    b->nslots = (size_t)b->threads + SPARE_SLOTS;
}

uint64_t sl_budget_for_threads(int threads)
{
    uint64_t reading = READER_FIXED + ((uint64_t)threads + SPARE_SLOTS) * SLOT_COST;
    uint64_t mib = ((uint64_t)1 << 20), need = 2 * reading;
    need = (need + mib - 1) / mib * mib;
    return need < SL_BUDGET_MIN ? SL_BUDGET_MIN : need;
}

bool sl_budget_parse(const char *s, uint64_t *out)
{
    if (!isdigit((unsigned char)*s)) return false;
    char *end;
    errno = 0;
    unsigned long long n = strtoull(s, &end, 10);
    if (errno) return false;
    unsigned shift = 0;
    switch (toupper((unsigned char)*end)) {
    case 'K': shift = 10; end++; break;
    case 'M': shift = 20; end++; break;
    case 'G': shift = 30; end++; break;
    default: break;
    }
    if (shift && (end[0] == 'i' || end[0] == 'I') && toupper((unsigned char)end[1]) == 'B') end += 2;
    else if (shift && toupper((unsigned char)end[0]) == 'B') end++;
    if (*end || n > (SL_BUDGET_MAX >> shift)) return false;
    *out = (uint64_t)n << shift;
    return true;
}
