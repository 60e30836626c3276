/* run.h: the commands behind main(): analysis, `rules ...` and `--detect`. Each returns
 * the process exit status (0, 1 or 2: docs/ARCHITECTURE.md "Exit status") and prints its own diagnostics. */
#ifndef SL_RUN_H
#define SL_RUN_H
#include "base/sl_diag.h"
#include "cli/cli_opts.h"
#include "output/out.h"
#include "rule/rule.h"

int sl_run_analyze(const sl_opts *o);
int sl_run_rules(const sl_opts *o);
int sl_run_detect(const sl_opts *o);
/* `statuslint rules --help` (and `rules help`). */
void sl_rules_usage(FILE *f);
/* `statuslint report --state FILE ...` and `statuslint state list|check|forget`. */
int sl_run_report(const sl_opts *o);
int sl_run_state(const sl_opts *o);
/* `statuslint follow`: follows growing logs until SIGINT/SIGTERM (follow.c). */
int sl_run_follow(const sl_opts *o);

/* The run's outputs, the -f / -o pairs in order (none given: text on stdout); returns how
 * many (outputs.c). path NULL or "-": standard output. */
typedef struct sl_output {
    const char *format, *path;
} sl_output;
size_t sl_outputs(const sl_opts *o, sl_output out[SL_MAX_SINKS]);
/* The options a sink of this format gets from the command line (colour only for text). */
sl_sink_opts sl_output_sink_opts(const sl_opts *o, const char *format, bool color);

/* Shared set-up: settings file, built-in pack, --rules and settings rules, finish, apply
 * settings. Prints diagnostics; returns NULL (exit 2) on any error. */
sl_ruleset *sl_setup_rules(const sl_opts *o, sl_fields *ft, sl_config *cfg, bool *have_cfg);
/* What a directory walk reads: a file is read when it matches an include glob (or there
 * is none) and no exclude glob; an excluded directory is not entered. */
typedef struct sl_walk_opts {
    const char *const *include;
    size_t ninclude;
    const char *const *exclude;
    size_t nexclude;
} sl_walk_opts;

/* The command line's globs plus the settings' (cfg may be NULL); fini frees the lists,
 * not the strings, which stay the options' and the settings'. */
void sl_walk_opts_init(sl_walk_opts *wo, const sl_opts *o, const sl_config *cfg);
void sl_walk_opts_fini(sl_walk_opts *wo);

/* Expands paths (walk.c): directories recursively, each (device, inode) once, rotated
 * siblings oldest first; "-" as is. Returns a NULL-terminated array of owned strings;
 * unreadable directories are reported and counted in *errors; *skipped (if not NULL)
 * counts the entries a walk passed over. wo may be NULL. */
char **sl_expand_paths(const char *const *args, size_t n, const sl_walk_opts *wo, size_t *count,
                       size_t *errors, size_t *skipped);
void sl_free_paths(char **v);

#endif
