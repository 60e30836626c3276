/* fmt_w3c.c: W3C extended logs (placeholder until the structured-formats work lands). */
#include "format/fmt_structured.h"
#include <stdio.h>

sl_format *sl_fmt_w3c_new(const char *preset, sl_fields *ft, char *err, size_t errlen)
{
    (void)preset; (void)ft;
    snprintf(err, errlen, "W3C logs are not supported yet");
    return NULL;
}
bool sl_fmt_w3c_sniff(const char *head, size_t len, const char **preset)
{
    (void)head; (void)len; (void)preset;
    return false;
}
