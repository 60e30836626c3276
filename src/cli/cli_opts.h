/* cli_opts.h: the command line (docs/ARCHITECTURE.md "Command line") parsed into plain data. */
#ifndef SL_CLI_OPTS_H
#define SL_CLI_OPTS_H
#include "base/sl_base.h"
#include <stdio.h>

#define SL_MAX_SINKS 16

typedef enum sl_cmd { SL_CMD_ANALYZE, SL_CMD_RULES_LIST, SL_CMD_RULES_TEST, SL_CMD_RULES_EXPLAIN,
                      SL_CMD_DETECT, SL_CMD_HELP, SL_CMD_VERSION, SL_CMD_LIST, SL_CMD_REPORT,
                      SL_CMD_STATE, SL_CMD_FOLLOW, SL_CMD_MERGE, SL_CMD_MAP } sl_cmd;

typedef struct sl_opts {
    sl_cmd cmd;
    const char *formats[SL_MAX_SINKS]; /* -f, in order */
    const char *outputs[SL_MAX_SINKS]; /* -o paired with formats[i]; NULL = stdout */
    size_t nsinks;
    const char *log_format;            /* --log-format; NULL = auto (or the settings') */
    const char *csv_map;
    const char *rules[64];             /* --rules */
    size_t nrules;
    bool no_default_rules;
    const char *config;                /* --config */
    const char *config_root;           /* --config-root: where settings' rule paths may lead */
    int fail_on;                       /* sl_severity; -1 = unset */
    const char *baseline, *write_baseline;
    const char *update_baseline;       /* --update-baseline: read (missing = empty), write merge */
    int baseline_max_age;              /* --baseline-max-age DAYS (default 30) */
    int threads;                       /* 0 = number of cores */
    uint64_t memory_budget;            /* --memory-budget bytes; 0 = the default */
    uint64_t aggregate_memory;         /* --aggregate-memory bytes; 0 = the default */
    int progress;                      /* -1 auto, 0 off, 1 on */
    int color;                         /* -1 auto, 0 never, 1 always */
    const char *stdin_filename;
    bool quiet;                        /* -q: no notes (warnings and errors still print) */
    bool group;                        /* --group: text shows finding groups */
    bool aggregate;                    /* --aggregate: the pack's aggregate rules run too */
    const char *include[64];           /* --include globs (directory walks) */
    const char *exclude[64];           /* --exclude globs */
    size_t ninclude, nexclude;
    const char *const *args;           /* paths (analyze/detect), files (rules test), id (explain) */
    size_t nargs;
    const char *list_format;           /* rules list -f, --version -f */
    const char *list_what;             /* --list (hidden; cli_list.c) */
    const char *state;                 /* --state FILE */
    const char *since, *until;         /* --since / --until as given */
    int64_t since_t, until_t;          /* ... parsed (epoch seconds, inclusive) */
    const char *state_sub;             /* state list|check|forget */
    const char *listen;                /* follow --listen HOST:PORT */
    int max_series;                    /* follow --max-series (2000 when not given) */
    bool from_start;                   /* follow --from-start: read existing files whole */
    bool timestamps;                   /* --timestamps: openmetrics stamped with log time */
    bool kv;                           /* map/merge --kv: key<TAB>value records */
    bool format_given;                 /* some -f was given (not only -o) */
} sl_opts;

/* Parses argv. On a usage error returns SL_EUSAGE and writes a message a user can act on
 * into err. */
sl_status sl_opts_parse(int argc, char **argv, sl_opts *o, char *err, size_t errlen);
void sl_opts_usage(FILE *f);
/* The getopt_long table, {NULL} terminated: the one list of options (cli_list.c prints it). */
struct option;
const struct option *sl_opts_longopts(void);

#endif
