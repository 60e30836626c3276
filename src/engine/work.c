/* work.c: the hot path. Splits a chunk into lines (memchr; CR before LF dropped), clears
 * only the fields the format fills, parses, counts, evaluates the plan, and packs each hit
 * into the job's buffer. No allocation per line: the arena and buffers reach a steady size.
 * Lines of a multi-line record (SL_LINE_PENDING) are held until it ends: then they are
 * skipped lines of that record, or, if it fails, the first is rejected and the others are
 * parsed again, so an unbalanced quote costs one line, never the lines after it.
 * It knows nothing of threads, files or sinks. */
#include "engine/work.h"
#include "base/sl_alloc.h"
#include "engine/route_tally.h"
#include <stdlib.h>

const double sl_rt_bounds[SL_RT_BUCKETS] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
                                            5, 10};

/* The record's request time in seconds (as the formats give it), or -1 if it has none. */
static double request_time(const sl_record *rec)
{
    sl_slice v = rec->v[SL_F_REQUEST_TIME];
    char num[32];
    if (!v.p || !v.n || v.n >= sizeof num) return -1;
    memcpy(num, v.p, v.n);
    num[v.n] = '\0';
    char *end;
    double s = strtod(num, &end);
    if (*end || !(s >= 0) || s > 1e9) return -1; /* "-", NaN, garbage: not observed */
    return s;
}

static char *agg_room(void *ctx, size_t rule);
static void agg_done(void *ctx, size_t rule, size_t len);

void sl_worker_init(sl_worker *w, const sl_ruleset *rs, const sl_fields *ft)
{
    memset(w, 0, sizeof *w);
    w->rs = rs;
    w->ft = ft;
    w->ev = sl_evaluator_new(rs);
    sl_evaluator_pack_in_place(w->ev, agg_room, agg_done, w);
    w->agg_run = w->agg_item = SIZE_MAX;
    sl_arena_init(&w->arena, 8u << 20);
    w->rec.arena = &w->arena;
    sl_record_clear(&w->rec);
}

void sl_worker_fini(sl_worker *w)
{
    sl_buf_fini(&w->held);
    sl_parser_free(w->parser);
    sl_evaluator_free(w->ev);
    sl_arena_fini(&w->arena);
}

void sl_worker_drop_parser(sl_worker *w)
{
    sl_parser_free(w->parser);
    w->parser = NULL;
    w->parser_file = 0;
    w->nheld = 0;
    sl_buf_clear(&w->held);
}

void sl_job_reset(sl_job *j, size_t nrules)
{
    j->lines = j->records = j->rejected = j->skipped = 0;
    memset(j->status, 0, sizeof j->status);
    j->status_other = 0;
    j->has_newest = false;
    if (j->nrules != nrules) {
        free(j->by_rule);
        j->by_rule = sl_xcalloc(nrules ? nrules : 1, sizeof *j->by_rule);
        j->nrules = nrules;
    } else if (nrules) {
        memset(j->by_rule, 0, nrules * sizeof *j->by_rule);
    }
    sl_buf_clear(&j->packed);
    j->packed_before = 0;
    j->nfound = 0;
    j->nsamples = 0;
    j->ndays = 0;
    j->cur_day = SL_STATE_NO_DAY;
    j->day_lo = 1, j->day_hi = 0;
    memset(j->day_mark, 0, sizeof j->day_mark);
    j->day_changes = 0;
    j->day_direct = false;
    j->outside = 0;
    if (j->minutes) sl_minutes_clear(j->minutes);
    if (j->routes) sl_route_tally_clear(j->routes);
}

void sl_job_fini(sl_job *j)
{
    free(j->by_rule);
    free(j->days);
    if (j->minutes) sl_minutes_fini(j->minutes);
    free(j->minutes);
    if (j->routes) sl_route_tally_fini(j->routes);
    free(j->routes);
    sl_buf_fini(&j->packed);
    free(j->chunk.buf);
}

static void select_parser(sl_worker *w, const sl_job *j)
{
    if (w->parser && w->parser_file == j->file_seq) return;
    sl_parser_free(w->parser);
    w->parser = sl_parser_new(j->fmt);
    w->parser_file = j->file_seq;
    w->file_lines = 0;
    w->nheld = 0;
    sl_buf_clear(&w->held);
    w->nclear = 0;
    int n = sl_fields_count(w->ft);
    for (int id = 0; id < n; id++)
        if (sl_fieldset_has(&j->fmt->fields, id) && id != SL_F_ROUTE) /* route: never read */
            w->clear_ids[w->nclear++] = id;
    sl_record_clear(&w->rec);
}

static void put_str(sl_job *j, sl_packed *pf, int k, sl_slice s)
{
    if (!s.p) {
        pf->off[k] = 0;
        pf->len[k] = UINT32_MAX;
        return;
    }
    size_t n = s.n > 4096 ? 4096 : s.n; /* a finding quotes at most 4 KiB of one field */
    pf->off[k] = (uint32_t)j->packed.n;
    pf->len[k] = (uint32_t)n;
    sl_buf_put(&j->packed, s.p, n);
}

/* Room for a whole item: its record header (when it opens a run), the item, its three
 * strings and its entries. Reserved once when the item opens, so neither the strings nor
 * the rules' entries check the buffer again (the entries were a call each). */
#define ITEM_ROOM (sizeof(sl_packed) + sizeof(sl_agg_item) + (size_t)3 * 4096 + SL_AGG_LINE_MAX + 8)

_Static_assert(ITEM_ROOM <= SL_PACKED_MAX,
               "a line for aggregate rules fits where one finding does (back-pressure bound)");

static void agg_line_out(sl_worker *w);

/* Whether the job's findings buffer could not take one more record (back-pressure). */
static bool buffer_full(const sl_worker *w, const sl_job *j)
{
    return w->flush && j->packed.n > SL_JOB_FINDINGS_CAP - SL_PACKED_MAX;
}

/* Hands the job's findings to the engine thread, counting their bytes (the engine sizes
 * later chunks from them). */
static void hand_over(sl_worker *w, sl_job *j)
{
    j->packed_before += j->packed.n;
    w->flush(w->flush_ctx, j);
}

/* Ends the open run of aggregate lines: the next record starts aligned. */
static void agg_run_end(sl_worker *w)
{
    sl_job *j = w->job;
    agg_line_out(w);
    if (w->agg_run == SIZE_MAX || !j) return;
    static const char zeros[8];
    sl_buf_put(&j->packed, zeros, (8 - j->packed.n % 8) % 8);
    w->agg_run = SIZE_MAX;
}

/* Appends n bytes where the item's room was reserved. */
static inline void put_reserved(sl_job *j, const void *p, size_t n)
{
    memcpy(j->packed.p + j->packed.n, p, n);
    j->packed.n += n;
}

/* A field of the line's item: a reference when its bytes are the chunk's (they stay as they
 * are until the job is merged), else a copy. */
static void item_str(sl_job *j, sl_agg_item *it, int i, sl_slice s)
{
    if (!s.p) {
        it->len[i] = UINT32_MAX;
        return;
    }
    uint32_t n = (uint32_t)(s.n > 4096 ? 4096 : s.n); /* as a finding quotes a field */
    if (s.p >= j->chunk.p && n <= j->chunk.n && (size_t)(s.p - j->chunk.p) <= j->chunk.n - n) {
        it->len[i] = n | SL_AGG_IN_CHUNK;
        it->at[i] = (uint32_t)(s.p - j->chunk.p);
        return;
    }
    it->len[i] = n;
    put_reserved(j, s.p, n);
}

/* Opens the current line's item in the open run of aggregate lines (a new SL_PACKED_AGG
 * record if none is open): its line, time and status, then its method, path and host, which
 * its entries follow as the rules pack them. */
static void agg_item_open(sl_worker *w)
{
    sl_job *j = w->job;
    const sl_record *rec = &w->rec;
    sl_buf_room(&j->packed, ITEM_ROOM);
    if (w->agg_run == SIZE_MAX) {
        sl_packed pf = {.rule = UINT32_MAX, .severity = SL_PACKED_AGG};
        for (int k = 0; k < SL_PACKED_STRS; k++) pf.off[k] = 0, pf.len[k] = UINT32_MAX;
        w->agg_run = j->packed.n;
        pf.off[3] = (uint32_t)(j->packed.n + sizeof pf), pf.len[3] = 0;
        put_reserved(j, &pf, sizeof pf);
    }
    sl_agg_item it = {.line = w->cur_line, .time = w->cur_time, .status = rec->status,
                      .has_time = w->cur_timed};
    w->agg_item = j->packed.n;
    w->agg_entries = 0;
    j->packed.n += sizeof it;
    item_str(j, &it, 0, rec->v[SL_F_METHOD]);
    item_str(j, &it, 1, rec->v[SL_F_PATH]);
    item_str(j, &it, 2, rec->v[SL_F_HOST]);
    memcpy(j->packed.p + w->agg_item, &it, sizeof it);
    j->packed.p[j->packed.n] = '\0';
}

/* Closes the current line's item: written before a finding of the line, at its end, and when
 * its entries would pass SL_AGG_LINE_MAX (the line goes on in another item), so the state
 * sees entries and findings in the order the rules ran. Findings are rare, so a record holds
 * many lines. */
static void agg_line_out(sl_worker *w)
{
    sl_job *j = w->job;
    if (w->agg_item == SIZE_MAX || !j) return;
    uint32_t n = (uint32_t)w->agg_entries;
    memcpy(j->packed.p + w->agg_item + offsetof(sl_agg_item, len[3]), &n, sizeof n);
    uint32_t run = (uint32_t)(j->packed.n - (w->agg_run + sizeof(sl_packed)));
    memcpy(j->packed.p + w->agg_run + offsetof(sl_packed, len[3]), &run, sizeof run);
    w->agg_item = SIZE_MAX;
    if (buffer_full(w, j)) {
        agg_run_end(w);
        hand_over(w, j);
    }
}

/* An aggregate rule selected the line: its entry is packed straight into the job's buffer,
 * after the line's item. */
static char *agg_room(void *ctx, size_t rule)
{
    sl_worker *w = ctx;
    sl_job *j = w->job;
    (void)rule;
    if (!j || !j->aggregates) return NULL;
    if (w->agg_item != SIZE_MAX && w->agg_entries + SL_AGG_ENTRY_HDR + SL_AGG_PAYLOAD_MAX > SL_AGG_LINE_MAX)
        agg_line_out(w);
    if (w->agg_item == SIZE_MAX) agg_item_open(w); /* with room for the line's entries */
    return j->packed.p + j->packed.n + SL_AGG_ENTRY_HDR;
}

static void agg_done(void *ctx, size_t rule, size_t len)
{
    sl_worker *w = ctx;
    sl_job *j = w->job;
    uint32_t hdr[2] = {(uint32_t)rule, (uint32_t)len};
    memcpy(j->packed.p + j->packed.n, hdr, sizeof hdr);
    j->packed.n += SL_AGG_ENTRY_HDR + len;
    j->packed.p[j->packed.n] = '\0';
    w->agg_entries += SL_AGG_ENTRY_HDR + len;
}

static void on_hit(void *ctx, size_t rule, sl_severity sev, const char *msg, size_t msglen)
{
    sl_worker *w = ctx;
    sl_job *j = w->job;
    agg_run_end(w); /* the line's aggregate entries so far come before this finding */
    const sl_record *rec = &w->rec;
    const sl_rule_info *info = sl_ruleset_info(w->rs, rule);
    sl_packed pf = {.line = w->cur_line, .rule = (uint32_t)rule, .status = rec->status,
                    .severity = (uint8_t)sev};
    sl_slice route = sl_evaluator_route(w->ev, rec); /* only findings pay for it */
    pf.fingerprint = sl_fingerprint(info->id, rec->v[SL_F_HOST], rec->v[SL_F_METHOD], route,
                                    rec->status);
    pf.has_time = sl_time_parse(rec->v[SL_F_TIME], rec->time_kind, &pf.time);
    size_t at = j->packed.n;
    sl_buf_put(&j->packed, &pf, sizeof pf);
    sl_packed tmp = pf;
    put_str(j, &tmp, 0, rec->v[SL_F_METHOD]);
    put_str(j, &tmp, 1, rec->v[SL_F_PATH]);
    put_str(j, &tmp, 2, rec->v[SL_F_HOST]);
    put_str(j, &tmp, 3, sl_slice_make(msg, msglen));
    put_str(j, &tmp, 4, route);
    put_str(j, &tmp, 5, rec->v[SL_F_CLIENT]);
    memcpy(j->packed.p + at, &tmp, sizeof tmp);
    /* keep the next record aligned */
    while (j->packed.n % 8) sl_buf_putc(&j->packed, 0);
    j->nfound++;
    j->by_rule[rule]++;
    if (buffer_full(w, j)) hand_over(w, j);
}

bool sl_job_next_finding(const sl_job *j, size_t *pos, const sl_packed **pf)
{
    if (*pos >= j->packed.n) return false;
    const sl_packed *p = (const sl_packed *)(j->packed.p + *pos);
    size_t end = *pos + sizeof *p;
    for (int k = 0; k < SL_PACKED_STRS; k++)
        if (p->len[k] != UINT32_MAX && p->off[k] + p->len[k] > end) end = p->off[k] + p->len[k];
    *pos = (end + 7) & ~(size_t)7;
    *pf = p;
    return true;
}

/* The tally of day d in j (days of a chunk are few: the last one is nearly always it). */
static sl_daytally *day_of(sl_job *j, int64_t d)
{
    for (size_t i = j->ndays; i-- > 0;)
        if (j->days[i].day == d) return &j->days[i];
    if (j->ndays == j->days_cap) {
        j->days_cap = j->days_cap ? 2 * j->days_cap : 4;
        j->days = sl_xrealloc(j->days, j->days_cap * sizeof *j->days);
    }
    sl_daytally *t = &j->days[j->ndays++];
    memset(t, 0, sizeof *t);
    t->day = d;
    return t;
}

/* Adds the records of the current day since it became current to its tally (see day_mark). */
static void day_settle(sl_job *j)
{
    if (j->day_direct || j->day_at >= j->ndays) return;
    uint32_t *t = j->days[j->day_at].status;
    for (int c = 0; c < 1000; c++) {
        t[c] += (uint32_t)(j->status[c] - j->day_mark[c]);
        j->day_mark[c] = j->status[c];
    }
    t[1000] += (uint32_t)(j->status_other - j->day_mark[1000]);
    j->day_mark[1000] = j->status_other;
}

/* Changes of day after which a job counts each record in its day's tally: a settle costs
 * two passes over the codes, a record one increment. */
#define DAY_CHANGES 16

/* A record of another day than the last one (or without a time): its tally becomes current
 * (before the record is counted in status[]). */
static void day_enter(sl_job *j, bool timed, int64_t e)
{
    day_settle(j);
    if (++j->day_changes > DAY_CHANGES) j->day_direct = true;
    j->cur_day = timed ? sl_state_day(e) : SL_STATE_NO_DAY;
    j->day_at = (size_t)(day_of(j, j->cur_day) - j->days);
    if (timed) j->day_lo = j->cur_day * 86400, j->day_hi = j->day_lo + 86400;
    else j->day_lo = 1, j->day_hi = 0;
}

static void reject(sl_job *j, uint64_t line, const char *reason)
{
    j->rejected++;
    if (j->by_day) day_of(j, j->cur_day)->rejected++;
    if (j->nsamples < SL_MAX_REJECT_SAMPLES)
        j->samples[j->nsamples].line = line, j->samples[j->nsamples++].reason = reason;
}

/* Keeps the job's newest record time; a time field equal to the last one parsed costs a
 * memcmp only. Returns whether the record has a time, in *e. */
static bool newest_time(sl_worker *w, sl_job *j, int64_t *e)
{
    sl_slice t = w->rec.v[SL_F_TIME];
    if (!t.p || !t.n || t.n > sizeof w->tcache) return false;
    if (t.n != w->tcache_n || memcmp(t.p, w->tcache, t.n) != 0) {
        memcpy(w->tcache, t.p, t.n);
        w->tcache_n = t.n;
        w->tcache_ok = sl_time_parse(t, w->rec.time_kind, &w->tcache_time);
        if (w->tcache_ok && (!j->has_newest || w->tcache_time > j->newest))
            j->newest = w->tcache_time, j->has_newest = true;
    }
    *e = w->tcache_time;
    return w->tcache_ok;
}


static void one_line(sl_worker *w, sl_job *j, const char *p, size_t len, uint64_t line);

/* Keeps a line of the open record; false if the record is over the bounds already. */
static bool hold(sl_worker *w, const char *p, size_t len, uint64_t line)
{
    if (w->nheld >= SL_SPAN_LINES || w->held.n + len > SL_SPAN_BYTES + SL_READER_LONG_LINE)
        return false;
    w->held_at[w->nheld].line = line;
    w->held_at[w->nheld].off = w->held.n;
    w->held_at[w->nheld++].len = len;
    sl_buf_put(&w->held, p, len);
    return true;
}

/* The open record failed at line (p NULL: at end of input): its first line is rejected,
 * the lines held after it and this one are parsed again on their own. */
static void span_failed(sl_worker *w, sl_job *j, const char *p, size_t len, uint64_t line,
                        const char *reason)
{
    size_t n = w->nheld;
    struct { uint64_t line; size_t off, len; } at[SL_SPAN_LINES + 1];
    memcpy(at, w->held_at, n * sizeof at[0]);
    size_t bytes = w->held.n;
    char *copy = sl_xmalloc(bytes + len + 1); /* rare: a copy, since replays hold lines too */
    memcpy(copy, w->held.p, bytes);
    if (p) {
        memcpy(copy + bytes, p, len);
        at[n].line = line, at[n].off = bytes, at[n++].len = len;
    }
    w->nheld = 0;
    sl_buf_clear(&w->held);
    reject(j, at[0].line - w->job_base, reason); /* may be in an earlier chunk: wraps, then
                                                  * the chunk's base is added back */
    for (size_t i = 1; i < n; i++) one_line(w, j, copy + at[i].off, at[i].len, at[i].line);
    free(copy);
}

/* Parses one line (line: its number in the file as this worker counts it). */
static void one_line(sl_worker *w, sl_job *j, const char *p, size_t len, uint64_t line)
{
    uint64_t rel = line - w->job_base; /* the job's own numbering */
    if (len > SL_READER_LONG_LINE) {
        reject(j, rel, "line longer than 512 KiB");
        return;
    }
    if (len && p[len - 1] == '\r') len--;
    if (len == 0) {
        j->skipped++;
        return;
    }
    for (int i = 0; i < w->nclear; i++) w->rec.v[w->clear_ids[i]] = SL_SLICE_NULL;
    w->rec.status = -1;
    w->rec.supplied = NULL;
    if (w->arena.total) sl_arena_reset(&w->arena);
    const char *reason = "unparseable line";
    sl_line_kind k = sl_parser_parse(w->parser, p, len, &w->rec, &reason);
    if (k == SL_LINE_PENDING) {
        if (hold(w, p, len, line)) return;
        (void)sl_parser_parse(w->parser, NULL, 0, &w->rec, &reason); /* forget it */
        k = SL_LINE_REJECTED, reason = "record spans too many lines";
    }
    if (w->nheld) {
        if (k == SL_LINE_REJECTED) {
            span_failed(w, j, p, len, line, reason ? reason : "unparseable record");
            return;
        }
        j->skipped += w->nheld; /* the record's earlier lines */
        w->nheld = 0;
        sl_buf_clear(&w->held);
    }
    k = sl_format_accept(j->fmt, k, &w->rec, &reason); /* a whole record, with a status? */
    if (k == SL_LINE_SKIPPED) {
        j->skipped++;
        return;
    }
    if (k != SL_LINE_RECORD) {
        reject(j, rel, reason ? reason : "unparseable line");
        return;
    }
    int64_t e = 0;
    bool timed = newest_time(w, j, &e);
    if (j->window && j->window->on && (!timed || e < j->window->since || e > j->window->until)) {
        j->skipped++; /* outside --since/--until (or without a time to tell) */
        j->outside++;
        return;
    }
    j->records++;
    int st = w->rec.status;
    if (j->by_day) {
        if (!(timed && e >= j->day_lo && e < j->day_hi)) day_enter(j, timed, e);
        if (j->day_direct) j->days[j->day_at].status[st >= 0 && st < 1000 ? st : 1000]++;
    }
    if (st >= 0 && st < 1000) j->status[st]++;
    else j->status_other++;
    if (j->minutes && timed) {
        int64_t minute = e >= 0 ? e / 60 : -((59 - e) / 60);
        sl_minutes_add(j->minutes, minute, SL_MIN_RECORDS, 0, 1);
        sl_minutes_add(j->minutes, minute, SL_MIN_STATUS, st >= 0 && st < 1000 ? (uint32_t)st : 1000, 1);
    }
    w->cur_line = rel;
    w->cur_timed = timed, w->cur_time = e;
    sl_evaluate(w->ev, j->plan, &w->rec, on_hit, w);
    agg_line_out(w);
    if (j->routes) /* after the evaluation: its route, if a finding needed it already */
        sl_route_tally_add(j->routes, sl_evaluator_route(w->ev, &w->rec), st, request_time(&w->rec));
}

void sl_worker_end_input(sl_worker *w, sl_job *j)
{
    if (!w->parser) return;
    select_parser(w, j);
    w->job = j;
    w->job_base = w->file_lines;
    while (w->nheld) { /* a replay may open a record again, up to the end */
        const char *reason = NULL;
        sl_record_clear(&w->rec);
        (void)sl_parser_parse(w->parser, NULL, 0, &w->rec, &reason);
        span_failed(w, j, NULL, 0, 0, "CSV quoted field still open at end of input "
                                      "(unbalanced quote?)");
    }
    if (j->by_day) day_settle(j);
    agg_run_end(w);
    w->job = NULL;
}

void sl_worker_run(sl_worker *w, sl_job *j)
{
    select_parser(w, j);
    w->job = j;
    w->job_base = w->file_lines;
    w->tcache_n = 0;
    const char *p = j->chunk.p, *end = p + j->chunk.n;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (++j->lines % SL_WORKER_POLL_LINES == 0 && w->poll) w->poll(w->flush_ctx, j);
        one_line(w, j, p, len, ++w->file_lines);
        p += len + (nl != NULL);
    }
    if (j->by_day) day_settle(j);
    agg_run_end(w);
    w->job = NULL;
}
