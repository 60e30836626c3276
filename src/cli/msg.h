/* msg.h: messages to stderr. File names and log content are attacker-controlled, so every
 * message goes through here: "statuslint: " + the text with control bytes (C0, DEL, ESC)
 * shown as \xHH, + a newline. */
#ifndef SL_MSG_H
#define SL_MSG_H

void sl_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* True when the environment variable is set to a non-empty value (CI, NO_COLOR). */
_Bool sl_env_set(const char *name);

#endif
