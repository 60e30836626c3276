/* fmt_csvin.c: CSV/TSV exports (placeholder until the structured-formats work lands). */
#include "format/fmt_structured.h"
#include <stdio.h>

sl_format *sl_fmt_csv_new(char delim, const char *csv_map, sl_fields *ft, char *err,
                          size_t errlen)
{
    (void)delim; (void)csv_map; (void)ft;
    snprintf(err, errlen, "CSV exports are not supported yet");
    return NULL;
}
bool sl_fmt_csv_sniff(const char *head, size_t len, char *delim)
{
    (void)head; (void)len; (void)delim;
    return false;
}
