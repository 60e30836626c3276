/* live.c: `follow`'s counters and its /metrics endpoint. Every counter only grows over the
 * life of the process (Prometheus rate() and increase() need that); the last-run gauges of
 * one batch run are out_prom.c's. Labels are bounded: response codes and (rule, severity)
 * pairs, (route, class) pairs and a route's request-time histogram take series until the budget
 * is spent; later ones are folded into code="other" / rule="other" / route="other" and the
 * folded samples are counted, so a log full of odd status codes or paths can never grow the
 * scrape without limit. */
#include "cli/live.h"
#include "base/sl_alloc.h"
#include "engine/route_tally.h"
#include "output/out_esc.h"
#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#ifdef SL_HAVE_MHD
#include <microhttpd.h>
#include <netdb.h>
#include <sys/socket.h>
#endif

#define NCODES 1001   /* 0..999, then 1000 = a record with no 3-digit status */
#define NCLASS 6      /* 1xx..5xx, other */
#define HIST_SERIES (SL_RT_NBUCKETS + 2) /* buckets, _sum, _count */
/* the "other" series: responses by class, findings by severity, route responses by class
 * and the route histogram */
#define FOLD_SERIES (NCLASS + 3 + NCLASS + HIST_SERIES)

enum { SER_NONE, SER_OWN, SER_FOLDED };

struct sl_live {
    pthread_mutex_t mu;
    const sl_ruleset *rs;
    size_t nrules, budget, used;  /* budget: own series allowed (fold series excluded) */
    size_t route_used;            /* of used, by routes: at most half the budget */
    const char *version;
    int64_t started;
    uint64_t lines, records, rejected, skipped, files, input_errors, folded;
    uint64_t resp[NCODES];
    uint8_t resp_state[NCODES];
    uint64_t resp_other[NCLASS];
    uint64_t *find;               /* [nrules * 4]: by rule and severity */
    uint8_t *find_state;
    uint64_t find_other[4];
    sl_route_tally routes;        /* routes with a series of their own */
    sl_route_row route_other;     /* records of the others */
    uint64_t routes_folded;
    bool has_rt;
#ifdef SL_HAVE_MHD
    struct MHD_Daemon *daemon;
#endif
};

static int class_of(int code) { return sl_status_class(code); }
static const char *const class_names[NCLASS] = {"1xx", "2xx", "3xx", "4xx", "5xx", "other"};

/* n series for a label value seen for the first time, if the budget has room. */
static uint8_t take_n(sl_live *l, size_t n)
{
    if (l->used + n > l->budget) return SER_FOLDED;
    l->used += n;
    return SER_OWN;
}

static uint8_t take_series(sl_live *l) { return take_n(l, 1); }

/* Routes take at most half the budget, so codes and rules seen late still get series. */
static uint8_t take_route(sl_live *l, size_t n)
{
    if (l->route_used + n > l->budget / 2 || take_n(l, n) != SER_OWN) return SER_FOLDED;
    l->route_used += n;
    return SER_OWN;
}

sl_live *sl_live_new(const sl_ruleset *rs, size_t max_series, const char *version)
{
    sl_live *l = sl_xcalloc(1, sizeof *l);
    pthread_mutex_init(&l->mu, NULL);
    l->rs = rs;
    l->nrules = sl_ruleset_count(rs);
    l->budget = max_series > FOLD_SERIES ? max_series - FOLD_SERIES : 0;
    l->version = version;
    l->started = (int64_t)time(NULL);
    l->find = sl_xcalloc(l->nrules * 4 + 1, sizeof *l->find);
    l->find_state = sl_xcalloc(l->nrules * 4 + 1, 1);
    /* every enabled rule shows at zero from the first scrape, so increase() sees its first
     * finding; they take the budget first, in rule order */
    for (size_t i = 0; i < l->nrules; i++) {
        const sl_rule_info *r = sl_ruleset_info(rs, i);
        if (r->enabled && r->severity > SL_SEV_NONE && r->severity <= 3)
            l->find_state[i * 4 + r->severity] = take_series(l);
    }
    return l;
}

void sl_live_free(sl_live *l)
{
    if (!l) return;
#ifdef SL_HAVE_MHD
    if (l->daemon) MHD_stop_daemon(l->daemon);
#endif
    pthread_mutex_destroy(&l->mu);
    sl_route_tally_fini(&l->routes);
    free(l->find);
    free(l->find_state);
    free(l);
}

static void add_resp(sl_live *l, int code, uint64_t n)
{
    if (!n) return;
    if (!l->resp_state[code]) l->resp_state[code] = take_series(l);
    if (l->resp_state[code] == SER_OWN) {
        l->resp[code] += n;
    } else {
        l->resp_other[code < 1000 ? class_of(code) : NCLASS - 1] += n;
        l->folded += n;
    }
}

/* A job's routes: each (route, class) pair takes a series, and a route's request times take
 * HIST_SERIES together, from at most half the budget; what gets none is counted under
 * route="other". */
static void add_routes(sl_live *l, const sl_route_tally *t)
{
    for (size_t i = 0; i < t->n; i++) {
        const sl_route_row *in = &t->rows[i];
        sl_route_row *own = sl_route_tally_find(&l->routes, sl_route_tally_key(t, in));
        uint64_t timed = 0;
        for (int b = 0; b < SL_RT_NBUCKETS; b++) timed += in->bucket[b];
        for (int c = 0; c < NCLASS; c++) {
            if (!in->cls[c]) continue;
            if (!own || !own->cls_state[c]) { /* a new pair: a new route too, perhaps */
                if (take_route(l, 1) == SER_OWN) {
                    if (!own) own = sl_route_tally_row(&l->routes, sl_route_tally_key(t, in));
                    own->cls_state[c] = SER_OWN;
                } else if (own) {
                    own->cls_state[c] = SER_FOLDED;
                }
            }
            sl_route_row *to = own && own->cls_state[c] == SER_OWN ? own : &l->route_other;
            to->cls[c] += in->cls[c];
            if (to == &l->route_other) l->routes_folded += in->cls[c], l->folded += in->cls[c];
        }
        if (!timed) continue;
        l->has_rt = true;
        if (own && !own->hist_state) own->hist_state = take_route(l, HIST_SERIES);
        sl_route_row *to = own && own->hist_state == SER_OWN ? own : &l->route_other;
        for (int b = 0; b < SL_RT_NBUCKETS; b++) to->bucket[b] += in->bucket[b];
        to->sum += in->sum;
        if (to == &l->route_other) l->folded += timed;
    }
}

void sl_live_add(sl_live *l, const sl_job *j)
{
    pthread_mutex_lock(&l->mu);
    l->lines += j->lines;
    l->records += j->records;
    l->rejected += j->rejected;
    l->skipped += j->skipped;
    for (int c = 0; c < 1000; c++) add_resp(l, c, j->status[c]);
    add_resp(l, 1000, j->status_other);
    if (j->routes) add_routes(l, j->routes);
    size_t pos = 0;
    const sl_packed *pf;
    while (sl_job_next_finding(j, &pos, &pf)) {
        size_t k = (size_t)pf->rule * 4 + (pf->severity & 3);
        if (pf->rule >= l->nrules) continue;
        if (!l->find_state[k]) l->find_state[k] = take_series(l);
        if (l->find_state[k] == SER_OWN) {
            l->find[k]++;
        } else {
            l->find_other[pf->severity & 3]++;
            l->folded++;
        }
    }
    pthread_mutex_unlock(&l->mu);
}

void sl_live_file_opened(sl_live *l)
{
    pthread_mutex_lock(&l->mu);
    l->files++;
    pthread_mutex_unlock(&l->mu);
}

void sl_live_input_error(sl_live *l)
{
    pthread_mutex_lock(&l->mu);
    l->input_errors++;
    pthread_mutex_unlock(&l->mu);
}

/* ---- rendering ---- */

typedef enum { T_COUNTER, T_GAUGE, T_INFO } mtype;

static void head(FILE *f, bool om, const char *base, mtype t, const char *help)
{
    static const char *const names[] = {"counter", "gauge", "info"};
    const char *suffix = t == T_COUNTER ? "_total" : t == T_INFO ? "_info" : "";
    if (om) {
        fprintf(f, "# TYPE %s %s\n# HELP %s %s\n", base, names[t], base, help);
    } else {
        fprintf(f, "# HELP %s%s %s\n# TYPE %s%s %s\n", base, suffix, help, base, suffix,
                t == T_INFO ? "gauge" : names[t]);
    }
}

static void counter(FILE *f, bool om, const char *base, const char *help, uint64_t v)
{
    head(f, om, base, T_COUNTER, help);
    fprintf(f, "%s_total %" PRIu64 "\n", base, v);
}

static void gauge(FILE *f, bool om, const char *base, const char *help, double v)
{
    head(f, om, base, T_GAUGE, help);
    fprintf(f, "%s %.17g\n", base, v);
}

static void route_label(FILE *f, const sl_route_tally *t, const sl_route_row *r)
{
    fputs("route=\"", f);
    out_prom_esc(f, r == NULL ? "other" : t->keys.p + r->key);
    fputc('"', f);
}

/* One route's histogram (r NULL: route="other"); _count is the +Inf bucket, always. */
static void histogram(FILE *f, const char *n, const sl_route_tally *t, const sl_route_row *r,
                      const sl_route_row *v)
{
    uint64_t cum = 0;
    for (int b = 0; b < SL_RT_NBUCKETS; b++) {
        cum += v->bucket[b];
        fprintf(f, "%s_bucket{", n);
        route_label(f, t, r);
        if (b == SL_RT_BUCKETS) {
            fputs(",le=\"+Inf\"", f);
        } else {
            double le = sl_rt_bounds[b]; /* 1.0, not 1: one spelling in both formats */
            fprintf(f, le == (double)(int)le ? ",le=\"%.1f\"" : ",le=\"%g\"", le);
        }
        fprintf(f, "} %" PRIu64 "\n", cum);
    }
    fprintf(f, "%s_sum{", n);
    route_label(f, t, r);
    fprintf(f, "} %.17g\n%s_count{", v->sum, n);
    route_label(f, t, r);
    fprintf(f, "} %" PRIu64 "\n", cum);
}

static void render_routes(FILE *f, bool om, const sl_live *l)
{
    const sl_route_tally *t = &l->routes;
    const char *n = "statuslint_route_responses";
    head(f, om, n, T_COUNTER, "Response records by route (the path's template) and status class.");
    for (size_t i = 0; i < t->n; i++)
        for (int c = 0; c < NCLASS; c++) {
            if (t->rows[i].cls_state[c] != SER_OWN) continue;
            fprintf(f, "%s_total{", n);
            route_label(f, t, &t->rows[i]);
            fprintf(f, ",class=\"%s\"} %" PRIu64 "\n", class_names[c], t->rows[i].cls[c]);
        }
    for (int c = 0; c < NCLASS; c++)
        if (l->route_other.cls[c])
            fprintf(f, "%s_total{route=\"other\",class=\"%s\"} %" PRIu64 "\n", n,
                    class_names[c], l->route_other.cls[c]);
    counter(f, om, "statuslint_routes_folded",
            "Records counted under route=\"other\" because the series budget was spent.",
            l->routes_folded);
    if (!l->has_rt) return; /* only when the log format records request time */
    n = "statuslint_request_duration_seconds";
    const char *help = "Request time the log records, by route.";
    if (om)
        fprintf(f, "# TYPE %s histogram\n# UNIT %s seconds\n# HELP %s %s\n", n, n, n, help);
    else
        fprintf(f, "# HELP %s %s\n# TYPE %s histogram\n", n, help, n);
    for (size_t i = 0; i < t->n; i++)
        if (t->rows[i].hist_state == SER_OWN) histogram(f, n, t, &t->rows[i], &t->rows[i]);
    uint64_t other = 0;
    for (int b = 0; b < SL_RT_NBUCKETS; b++) other += l->route_other.bucket[b];
    if (other) histogram(f, n, t, NULL, &l->route_other);
}

char *sl_live_render(sl_live *l, bool om, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    if (!f) return NULL;
    pthread_mutex_lock(&l->mu);
    counter(f, om, "statuslint_lines", "Physical lines read since the process started.", l->lines);
    counter(f, om, "statuslint_records", "Lines parsed into response records.", l->records);
    counter(f, om, "statuslint_rejected", "Lines that did not parse.", l->rejected);
    counter(f, om, "statuslint_skipped", "Blank, comment and header lines.", l->skipped);
    counter(f, om, "statuslint_files_opened", "Log files opened (new files and rotations).",
            l->files);
    counter(f, om, "statuslint_input_errors", "Read errors on followed files.", l->input_errors);
    const char *n = "statuslint_responses";
    head(f, om, n, T_COUNTER, "Response records by HTTP status code and class.");
    for (int c = 0; c < NCODES; c++) {
        if (l->resp_state[c] != SER_OWN) continue;
        if (c == 1000)
            fprintf(f, "%s_total{code=\"none\",class=\"other\"} %" PRIu64 "\n", n, l->resp[c]);
        else
            fprintf(f, "%s_total{code=\"%d\",class=\"%s\"} %" PRIu64 "\n", n, c,
                    class_names[class_of(c)], l->resp[c]);
    }
    for (int k = 0; k < NCLASS; k++)
        if (l->resp_other[k])
            fprintf(f, "%s_total{code=\"other\",class=\"%s\"} %" PRIu64 "\n", n, class_names[k],
                    l->resp_other[k]);
    n = "statuslint_findings";
    head(f, om, n, T_COUNTER, "Findings by rule and effective severity.");
    for (size_t i = 0; i < l->nrules; i++)
        for (int s = 1; s <= 3; s++) {
            if (l->find_state[i * 4 + (size_t)s] != SER_OWN) continue;
            fprintf(f, "%s_total{rule=\"", n);
            out_prom_esc(f, sl_ruleset_info(l->rs, i)->id);
            fprintf(f, "\",severity=\"%s\"} %" PRIu64 "\n", sl_severity_name((sl_severity)s),
                    l->find[i * 4 + (size_t)s]);
        }
    for (int s = 1; s <= 3; s++)
        if (l->find_other[s])
            fprintf(f, "%s_total{rule=\"other\",severity=\"%s\"} %" PRIu64 "\n", n,
                    sl_severity_name((sl_severity)s), l->find_other[s]);
    render_routes(f, om, l);
    counter(f, om, "statuslint_series_folded",
            "Samples counted under a label value \"other\" because the series budget was spent.",
            l->folded);
    gauge(f, om, "statuslint_series", "Labelled series in use (folded ones excluded).",
          (double)l->used);
    gauge(f, om, "statuslint_series_budget", "Labelled series allowed (--max-series).",
          (double)(l->budget + FOLD_SERIES));
    gauge(f, om, "statuslint_start_time_seconds", "Unix time the process started.",
          (double)l->started);
    pthread_mutex_unlock(&l->mu);
    head(f, om, "statuslint_build", T_INFO, "The statuslint version.");
    fputs("statuslint_build_info{version=\"", f);
    out_prom_esc(f, l->version);
    fputs("\"} 1\n", f);
    if (om) fputs("# EOF\n", f);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* ---- HTTP ---- */

#ifdef SL_HAVE_MHD
static enum MHD_Result reply(struct MHD_Connection *c, unsigned code, const char *type,
                             char *body, size_t len, enum MHD_ResponseMemoryMode mode)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, body, mode);
    if (!r) return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    enum MHD_Result ret = MHD_queue_response(c, code, r);
    MHD_destroy_response(r);
    return ret;
}

/* OpenMetrics when the scraper lists it in Accept (Prometheus does, first). */
static bool wants_openmetrics(struct MHD_Connection *c)
{
    const char *a = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT);
    return a && strstr(a, "application/openmetrics-text");
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **req)
{
    (void)version, (void)upload;
    sl_live *l = cls;
    if (!*req) { /* the first call only announces the request */
        *req = l;
        return MHD_YES;
    }
    if (*upload_size) return MHD_NO; /* no request bodies */
    static char not_found[] = "not found: try /metrics or /healthz\n";
    static char not_allowed[] = "method not allowed\n";
    static char ok[] = "ok\n";
    const char *plain = "text/plain; charset=utf-8";
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
        return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, plain, not_allowed, sizeof not_allowed - 1,
                     MHD_RESPMEM_PERSISTENT);
    if (!strcmp(url, "/healthz"))
        return reply(c, MHD_HTTP_OK, plain, ok, sizeof ok - 1, MHD_RESPMEM_PERSISTENT);
    if (strcmp(url, "/metrics") != 0)
        return reply(c, MHD_HTTP_NOT_FOUND, plain, not_found, sizeof not_found - 1,
                     MHD_RESPMEM_PERSISTENT);
    bool om = wants_openmetrics(c);
    size_t len = 0;
    char *body = sl_live_render(l, om, &len);
    if (!body) return MHD_NO;
    return reply(c, MHD_HTTP_OK,
                 om ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                    : "text/plain; version=0.0.4; charset=utf-8",
                 body, len, MHD_RESPMEM_MUST_FREE);
}

bool sl_live_listen(sl_live *l, const char *hostport, char *err, size_t errlen)
{
    const char *colon = strrchr(hostport, ':');
    if (!colon || !colon[1]) {
        snprintf(err, errlen, "--listen %s: expected HOST:PORT (e.g. 127.0.0.1:9464)", hostport);
        return false;
    }
    char host[256];
    size_t hn = (size_t)(colon - hostport);
    if (hn >= 2 && hostport[0] == '[' && hostport[hn - 1] == ']') hostport++, hn -= 2;
    if (hn >= sizeof host) hn = sizeof host - 1;
    memcpy(host, hostport, hn);
    host[hn] = '\0';
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 1 || port > 65535) {
        snprintf(err, errlen, "--listen: port '%s' is not a number from 1 to 65535", colon + 1);
        return false;
    }
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE | AI_NUMERICSERV}, *ai = NULL;
    int g = getaddrinfo(hn ? host : NULL, colon + 1, &hints, &ai);
    if (g != 0 || !ai) {
        snprintf(err, errlen, "--listen %s: %s", host, gai_strerror(g));
        return false;
    }
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL;
    if (ai->ai_family == AF_INET6) flags |= MHD_USE_IPv6;
    l->daemon = MHD_start_daemon(flags, (uint16_t)port, NULL, NULL, handle, l,
                                 MHD_OPTION_SOCK_ADDR, ai->ai_addr,
                                 MHD_OPTION_CONNECTION_LIMIT, (unsigned)64,
                                 MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10, MHD_OPTION_END);
    freeaddrinfo(ai);
    if (!l->daemon) {
        snprintf(err, errlen, "--listen %s:%ld: cannot listen there (address in use, or not "
                              "an address of this host?)", host, port);
        return false;
    }
    return true;
}
#else
bool sl_live_listen(sl_live *l, const char *hostport, char *err, size_t errlen)
{
    (void)l;
    snprintf(err, errlen, "--listen %s: this statuslint was built without libmicrohttpd "
                          "(install libmicrohttpd-dev and rebuild)", hostport);
    return false;
}
#endif
