/* fmt_structured.h: constructors and sniffers for the structured formats (JSON lines,
 * CSV/TSV exports, W3C extended). fmt_registry.c and fmt_detect.c call these; the
 * implementations live in fmt_json.c, fmt_csv.c and fmt_w3c.c. */
#ifndef SL_FMT_STRUCTURED_H
#define SL_FMT_STRUCTURED_H
#include "format/fmt.h"

/* preset: "jsonl" (generic), "nginx_json", "caddy", "traefik_json" (all share one
 * key-mapping table; the preset only names the format). NULL on error with err set. */
sl_format *sl_fmt_json_new(const char *preset, sl_fields *ft, char *err, size_t errlen);
/* delim ',' or '\t'; csv_map may be NULL. The header row is read by the parser. */
sl_format *sl_fmt_csv_new(char delim, const char *csv_map, sl_fields *ft, char *err,
                          size_t errlen);
/* preset: "w3c", "cloudfront" or "iis". #Fields: lines are read by the parser. */
sl_format *sl_fmt_w3c_new(const char *preset, sl_fields *ft, char *err, size_t errlen);

/* Sniffers look at the first bytes of an input and say whether it looks like the format.
 * csv: sets *delim. */
bool sl_fmt_json_sniff(const char *head, size_t len);
bool sl_fmt_csv_sniff(const char *head, size_t len, char *delim);
bool sl_fmt_w3c_sniff(const char *head, size_t len, const char **preset);

#endif
