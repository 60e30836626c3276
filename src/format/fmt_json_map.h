/* fmt_json_map.h: the key -> field mapping shared by the structured formats (JSON lines,
 * CSV/TSV headers, W3C #Fields). Private to fmt_json.c, fmt_csvin.c and fmt_w3c.c; the
 * implementation lives in fmt_json.c. One table knows nginx variable names (with or without
 * '$'), Caddy, Traefik, Cloudflare Logpush, ECS, W3C/IIS/CloudFront and plain canonical
 * names; anything else is looked up in the field table as is. */
#ifndef SL_FMT_JSON_MAP_H
#define SL_FMT_JSON_MAP_H
#include "record/rec.h"

/* What happens to a value before it is stored. */
typedef enum sl_keyconv {
    SL_KC_PLAIN = 0, /* as is */
    SL_KC_TIME,      /* timestamp: kind guessed from the value (epoch s/ms/us/ns, ISO, CLF) */
    SL_KC_REQUEST,   /* "METHOD TARGET PROTOCOL" */
    SL_KC_TARGET,    /* request target; path/query are split from it unless set */
    SL_KC_NS,        /* nanoseconds -> decimal seconds */
    SL_KC_US,        /* microseconds -> decimal seconds */
    SL_KC_MS,        /* milliseconds -> decimal seconds */
    SL_KC_HTTPVER,   /* "1.1" -> "HTTP/1.1" (ECS http.version) */
    SL_KC_PLUS,      /* '+' means space (IIS cs(User-Agent)) */
    SL_KC_HOSTPORT,  /* "addr:port" -> addr */
    SL_KC_DATE,      /* W3C date (YYYY-MM-DD): joined with SL_KC_TOD by the format */
    SL_KC_TOD        /* W3C time of day (HH:MM:SS[.fff]) */
} sl_keyconv;

typedef struct sl_keyact {
    int16_t id;    /* field id; -1: not a field we know */
    uint8_t conv;  /* sl_keyconv */
    uint8_t weak;  /* only stored if no other key already set the field */
} sl_keyact;

/* Resolves a key (a flattened JSON path, a CSV header name, a W3C field name). Case-
 * insensitive for the known names; a leading '$' is ignored. Safe on a frozen table. */
sl_keyact sl_fmtmap_resolve(const sl_fields *ft, const char *name, size_t len);
/* Stores v under a; "-" and "" are null. Values that need rewriting go to rec->arena.
 * SL_KC_DATE/SL_KC_TOD are not handled here (the caller joins them). False only when the
 * arena is exhausted. */
bool sl_fmtmap_store(sl_record *rec, sl_keyact a, sl_slice v);
/* After all keys: fills path/query from target when unset, splits a path that carries a
 * '?', and sets rec->status. */
void sl_fmtmap_finish(sl_record *rec);
/* Adds what storing under a supplies to s: the field itself and what is split from it
 * (a request line gives method, target, path, query and protocol; a date or time of day
 * gives time). For sl_record.supplied: a key that is present supplies its field even when
 * its value is empty, since an empty logged header is a missing header. */
void sl_fmtmap_supply(sl_fieldset *s, sl_keyact a);
/* Joins a W3C date and time of day into "YYYY-MM-DDTHH:MM:SSZ" in the arena and stores it
 * as an ISO8601 time. False if either is missing or the arena is exhausted. */
bool sl_fmtmap_store_datetime(sl_record *rec, sl_slice date, sl_slice tod);

#endif
