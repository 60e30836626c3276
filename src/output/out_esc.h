/* out_esc.h: private to src/output: writers that escape log bytes for each output syntax.
 * Every function reads raw bytes (any sequence, NUL included) and writes only bytes that
 * are safe in the target syntax. A NULL slice writes nothing. max > 0 caps how many input
 * bytes are shown (cut at a character boundary, followed by "..."). */
#ifndef SL_OUT_ESC_H
#define SL_OUT_ESC_H
#include "base/sl_base.h"
#include <stdio.h>

/* Text for terminals: sl_term_write_ex with TAB and backslash escaped too: controls as
 * \xNN (U+0080.. as \u{XXXX}), invalid UTF-8 bytes as \xNN, backslash as \\. */
void out_text_esc(FILE *f, sl_slice s, size_t max);
/* JSON string body (no quotes): \" \\ and controls as \u00XX, dangerous code points as
 * \uXXXX, invalid UTF-8 as \ufffd. */
void out_json_esc(FILE *f, sl_slice s, size_t max);
/* Quoted JSON string. */
void out_json_str(FILE *f, sl_slice s, size_t max);
void out_json_cstr(FILE *f, const char *s);
/* XML text or attribute value: & < > " ' as entities; TAB/LF/CR as character references in
 * attributes; other controls (XML 1.0 forbids C0, discourages DEL and C1) removed;
 * U+FFFE/U+FFFF and invalid UTF-8 become U+FFFD. */
void out_xml_esc(FILE *f, sl_slice s, size_t max, bool attr);
/* GitHub workflow command data (% \r \n) or property value (also : and ,); other controls
 * as \xNN text, invalid UTF-8 as U+FFFD. */
void out_gh_esc(FILE *f, sl_slice s, size_t max, bool prop);
/* Prometheus / OpenMetrics label value: backslash, quote and LF escaped as \\ \" \n;
 * invalid UTF-8 as U+FFFD; other controls and bidi code points as the text \xNN / \u{XXXX}
 * (with an escaped backslash, the only form the parsers accept). */
void out_prom_esc(FILE *f, const char *s);
/* A file path as a URI reference (RFC 3986): unreserved characters and '/' kept, every
 * other byte percent-encoded. */
void out_uri_esc(FILE *f, const char *path);

#endif
