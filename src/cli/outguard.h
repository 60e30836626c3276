/* outguard.h: a run's outputs never clobber each other or an input, and are never read back
 * as inputs (see outguard.c). */
#ifndef SL_OUTGUARD_H
#define SL_OUTGUARD_H
#include "cli/cli_opts.h"
#include <sys/stat.h>

typedef struct sl_outguard_id {
    const char *opt;        /* "-o", "--write-baseline", ... for messages */
    const char *path;       /* as given ("-" for stdout) */
    bool exists, is_stdout, is_null, is_reg;
    dev_t dev;              /* the file's, or (not existing) its directory's */
    ino_t ino;
    char name[256];         /* not existing: the name inside that directory */
} sl_outguard_id;

typedef struct sl_outguard {
    sl_outguard_id out[SL_MAX_SINKS + 1]; /* every report, then --write-baseline */
    size_t nout;
    sl_outguard_id own[1];                /* --baseline: read, never analyzed as a log */
    size_t nown;
} sl_outguard;

/* Identifies every output of o before any is opened. False (message printed) when two
 * outputs are one file, an output is stdout while another report goes there, or an output
 * would replace an input named in args (or the --baseline file). */
bool sl_outguard_init(sl_outguard *g, const sl_opts *o, const char *const *args, size_t nargs);
/* The option ("-o", ...) whose file st is, with its path in *path; NULL if st is none of
 * the run's own files. */
const char *sl_outguard_own(const sl_outguard *g, const struct stat *st, const char **path);
/* What kind of statuslint output the first bytes of an input are ("json report", ...), or
 * NULL: such a file is a report (of this or another run), never an access log. */
const char *sl_outguard_report_kind(const char *p, size_t n);

#endif
