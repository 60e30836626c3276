/* rec_route.h: the route of a request path, a low-cardinality template such as
 * "/users/{int}/orders/{uuid}" that groups findings, keys aggregate state and names metric
 * series.
 *
 * The route is a pure function of the path and the user's patterns: the same path gives the
 * same route on any machine, shard or thread, whatever else was seen (an order-dependent
 * clustering would make partial results of two shards disagree). The query and fragment are
 * dropped. User patterns (`routes:` in .statuslint.yml) are tried first; among those that
 * match, the most specific wins (a literal segment beats a `{name}` placeholder, which beats a
 * trailing `*`). Otherwise each segment is classified on its own: all digits {int}, a UUID or
 * ULID {uuid}, a date or date-time {date}, an e-mail address {email}, hex of 8+ characters
 * {hex}, a high-entropy token {token}; a file extension is kept ({hex}.png). Anything else is
 * kept as written. */
#ifndef SL_REC_ROUTE_H
#define SL_REC_ROUTE_H
#include "base/sl_base.h"

typedef struct sl_routes sl_routes;

sl_routes *sl_routes_new(void);
void sl_routes_free(sl_routes *r);

/* Adds a user pattern: it starts with '/'; its segments are literals, `{name}` placeholders
 * (name of [A-Za-z0-9_]) that match one non-empty segment, or a last segment `*` that matches
 * one or more remaining segments. False with a message in err when it is malformed. */
bool sl_routes_add(sl_routes *r, const char *pat, size_t n, char *err, size_t errlen);
int sl_routes_count(const sl_routes *r);
/* Pattern i (0 <= i < count) as it was added, n bytes. Borrowed. */
const char *sl_routes_text(const sl_routes *r, int i, size_t *n);

/* Writes the route of path (r may be NULL: no user patterns) into out, at most cap - 1 bytes
 * and a NUL when cap > 0. Returns the route's full length (like snprintf): a return >= cap
 * means it was truncated. A NULL path gives the empty route. */
size_t sl_route(const sl_routes *r, sl_slice path, char *out, size_t cap);

/* An upper bound of sl_route's length for a path of n bytes without user patterns (each
 * one-byte segment may become a 7-byte placeholder). With patterns, add the longest one. */
#define SL_ROUTE_MAX(n) ((n) * 7 + 1)

#endif
