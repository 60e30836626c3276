/* sl_term.h: text bound for a terminal or a CI log, from bytes a hostile file may hold (rule
 * files, settings, file names, log content quoted in messages). A terminal acts on C0 and C1
 * controls (ESC, CSI, OSC...), and editors and viewers reorder text around the bidi
 * overrides, so every such character is shown as text instead:
 *   C0 (but TAB, and LF when asked) and DEL     \xNN
 *   C1, U+2028/U+2029, U+202A..U+202E, U+2066..U+2069   \u{XXXX}
 *   a byte that is not part of valid UTF-8        \xNN
 * Backslash is left alone (messages are for people, not for parsers). */
#ifndef SL_TERM_H
#define SL_TERM_H
#include "base/sl_base.h"
#include <stdio.h>

/* Length of the valid UTF-8 sequence at p (1-4), or 0 if invalid (overlong, surrogate,
 * > U+10FFFF, truncated); *cp receives the code point. n >= 1. */
size_t sl_utf8_next(const unsigned char *p, size_t n, uint32_t *cp);
/* True for a code point a terminal or text viewer may act on (the list above, TAB and LF too). */
bool sl_term_dangerous(uint32_t cp);
/* Writes s[0..n) to f, escaped; LF is kept when keep_nl. */
void sl_term_write(FILE *f, const char *s, size_t n, bool keep_nl);
/* A NUL-terminated string (NULL writes nothing); LF is escaped. */
void sl_term_puts(FILE *f, const char *s);
/* Escapes s[0..n) into buf (cap >= 1; always NUL-terminated; an escape that does not fit is
 * left out whole). Returns the length written. */
size_t sl_term_esc(char *buf, size_t cap, const char *s, size_t n);

#endif
