/* fmt_keys.h: the key -> field mapping shared by the structured formats (JSON lines,
 * CSV/TSV headers, W3C #Fields). Private to fmt_json.c, fmt_csv.c and fmt_w3c.c; the
 * table lives in fmt_keys.c, the conversions in the value layer (fmt_value.h). One table knows nginx variable names (with or without
 * '$'), Caddy, Traefik, Cloudflare Logpush, ECS, W3C/IIS/CloudFront and plain canonical
 * names; anything else is looked up in the field table as is. */
#ifndef SL_FMT_KEYS_H
#define SL_FMT_KEYS_H
#include "format/fmt_value.h"

typedef struct sl_keyact {
    int16_t id;    /* field id; -1: not a field we know */
    uint8_t conv;  /* fmt_conv */
    uint8_t weak;  /* only stored if no other key already set the field */
} sl_keyact;

/* Resolves a key (a flattened JSON path, a CSV header name, a W3C field name). Case-
 * insensitive for the known names; a leading '$' is ignored. Safe on a frozen table. */
sl_keyact sl_fmtmap_resolve(const sl_fields *ft, const char *name, size_t len);
/* Stores v under a through fmt_store; "-" and "" are null, a weak key does not overwrite,
 * and a target is split by sl_fmtmap_finish. A W3C date and time of day are joined by the
 * caller (sl_fmtmap_store_datetime). False only when the arena is exhausted. */
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
