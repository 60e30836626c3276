/* cli_list.h: `statuslint --list WHAT`, the hidden query the shell completions ask. */
#ifndef SL_CLI_LIST_H
#define SL_CLI_LIST_H
#include <stdio.h>

/* WHAT is options, formats, log-formats or commands; writes one item a line to f. Returns 0, or
 * 2 (with a message on stderr) for an unknown WHAT or a failed write. */
int sl_cli_list(const char *what, FILE *f);

#endif
