/* msg.h: messages to stderr. File names and log content are attacker-controlled, so every
 * message goes through here: "statuslint: " + the text through the terminal escaper
 * (base/sl_term.h: C0, DEL, C1, bidi overrides and invalid UTF-8 shown as text) + a newline. */
#ifndef SL_MSG_H
#define SL_MSG_H

void sl_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Called before every message is written (the progress bar erases itself); NULL: none. */
void sl_msg_before(void (*fn)(void *ctx), void *ctx);
/* Whether diagnostics on stderr are coloured: a terminal, and NO_COLOR unset. */
_Bool sl_msg_color(void);
/* True when the environment variable is set to a non-empty value (CI, NO_COLOR). */
_Bool sl_env_set(const char *name);

#endif
