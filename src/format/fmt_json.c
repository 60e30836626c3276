/* fmt_json.c: JSON lines (placeholder until the structured-formats work lands). */
#include "format/fmt_structured.h"
#include <stdio.h>

sl_format *sl_fmt_json_new(const char *preset, sl_fields *ft, char *err, size_t errlen)
{
    (void)preset; (void)ft;
    snprintf(err, errlen, "JSON logs are not supported yet");
    return NULL;
}
bool sl_fmt_json_sniff(const char *head, size_t len) { (void)head; (void)len; return false; }
