/* fmt_csvfields.h: what one CSV/TSV file's header supplies. The CSV format itself says
 * "any field" (the header decides, file by file), so without this no rule would ever be
 * reported as switched off for a CSV input. */
#ifndef SL_FMT_CSVFIELDS_H
#define SL_FMT_CSVFIELDS_H
#include "format/fmt.h"

/* Parses the header at the start of head[0..n) with f's column mapping. Returns false if
 * f is not a CSV/TSV format or the header is unusable (no status column, ...). */
bool sl_fmt_csv_header_fields(const sl_format *f, const char *head, size_t n, sl_fieldset *out);

#endif
