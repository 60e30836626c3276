/* sl_term.h: text bound for a terminal or a CI log, from bytes a hostile file may hold (rule
 * files, settings, file names, log content quoted in messages). A terminal acts on C0 and C1
 * controls (ESC, CSI, OSC...), and editors and viewers reorder text around the bidi
 * overrides, so every such character is shown as text instead:
 *   C0 (but TAB, and LF when asked) and DEL     \xNN
 *   C1, U+2028/U+2029, U+202A..U+202E, U+2066..U+2069   \u{XXXX}
 *   a byte that is not part of valid UTF-8        \xNN
 * Backslash is left alone in messages (they are for people, not for parsers); the text
 * report escapes it too (SL_TERM_BACKSLASH), so an escape there cannot be forged by a log.
 * One scanner serves messages, diagnostics (their echoed source lines) and the text report. */
#ifndef SL_TERM_H
#define SL_TERM_H
#include "base/sl_base.h"
#include <stdio.h>

/* Length of the valid UTF-8 sequence at p (1-4), or 0 if invalid (overlong, surrogate,
 * > U+10FFFF, truncated); *cp receives the code point. n >= 1. */
size_t sl_utf8_next(const unsigned char *p, size_t n, uint32_t *cp);
/* True for a code point a terminal or text viewer may act on (the list above, TAB and LF too). */
bool sl_term_dangerous(uint32_t cp);
/* How sl_term_write_ex treats the characters a caller wants other than by default. */
enum {
    SL_TERM_KEEP_NL = 1u,   /* LF is written as is (multi-line text such as descriptions) */
    SL_TERM_TAB = 2u,       /* TAB is escaped too (a report line stays one line of columns) */
    SL_TERM_BACKSLASH = 4u, /* backslash is written as \\ */
    SL_TERM_MASK = 8u       /* every byte of a dangerous character is shown as '?' instead of
                             * an escape, so columns stay where they were (echoed source) */
};
/* Writes s[0..n) to f, escaped as flags say. max > 0 shows at most max input bytes (cut
 * before a character that would straddle it), followed by "...". */
void sl_term_write_ex(FILE *f, const char *s, size_t n, unsigned flags, size_t max);
/* Writes s[0..n) to f, escaped; LF is kept when keep_nl. */
void sl_term_write(FILE *f, const char *s, size_t n, bool keep_nl);
/* A NUL-terminated string (NULL writes nothing); LF is escaped. */
void sl_term_puts(FILE *f, const char *s);
/* Escapes s[0..n) into buf (cap >= 1; always NUL-terminated; an escape that does not fit is
 * left out whole). Returns the length written. */
size_t sl_term_esc(char *buf, size_t cap, const char *s, size_t n);

#endif
