/* run.h: the commands behind main(): analysis, `rules ...` and `--detect`. Each returns
 * the process exit status (DESIGN.md: 0, 1 or 2) and prints its own diagnostics. */
#ifndef SL_RUN_H
#define SL_RUN_H
#include "base/sl_diag.h"
#include "cli/cli_opts.h"
#include "rule/rule.h"

int sl_run_analyze(const sl_opts *o);
int sl_run_rules(const sl_opts *o);
int sl_run_detect(const sl_opts *o);

/* Shared set-up: settings file, built-in pack, --rules and settings rules, finish, apply
 * settings. Prints diagnostics; returns NULL (exit 2) on any error. */
sl_ruleset *sl_setup_rules(const sl_opts *o, sl_fields *ft, sl_config *cfg, bool *have_cfg);
/* Expands paths: directories recursively (sorted), "-" as is. Returns a NULL-terminated
 * array of owned strings; unreadable directories are reported and counted in *errors. */
char **sl_expand_paths(const char *const *args, size_t n, size_t *count, size_t *errors);
void sl_free_paths(char **v);

#endif
