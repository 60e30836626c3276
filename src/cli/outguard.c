/* outguard.c: keeps a run's outputs and inputs apart. Before anything is opened it refuses
 * (exit 2) two reports aimed at the same file, a report aimed at this run's standard output
 * while another report goes there, and a report or baseline that would replace an input;
 * while inputs are read it recognizes the run's own report files among them (a report
 * written into the scanned directory) by device and inode, and any statuslint report by
 * its first bytes, so they are never read as logs.
 * It only compares files; it never opens, writes or removes one. */
#include "cli/outguard.h"
#include "base/sl_alloc.h"
#include "cli/msg.h"
#include "output/out.h"
#include <stdlib.h>
#include <unistd.h>

/* Fills id for an output path (NULL or "-": stdout). */
static void identify(sl_outguard_id *id, const char *opt, const char *path)
{
    memset(id, 0, sizeof *id);
    id->opt = opt;
    id->path = path ? path : "-";
    struct stat st;
    if (!path || !strcmp(path, "-")) {
        id->is_stdout = true;
        id->exists = fstat(STDOUT_FILENO, &st) == 0;
    } else {
        char *t = sl_outfile_target(path);
        id->exists = stat(t, &st) == 0;
        if (!id->exists) { /* not there yet: the same directory and name is the same file */
            const char *slash = strrchr(t, '/');
            char *dir = slash ? sl_xstrndup(t, (size_t)(slash - t) + 1) : sl_xstrdup(".");
            struct stat ds;
            if (stat(dir, &ds) == 0) {
                id->dev = ds.st_dev, id->ino = ds.st_ino;
                snprintf(id->name, sizeof id->name, "%s", slash ? slash + 1 : t);
            }
            free(dir);
        }
        free(t);
    }
    if (id->exists) {
        id->dev = st.st_dev, id->ino = st.st_ino;
        id->is_reg = S_ISREG(st.st_mode);
        struct stat dn;
        id->is_null = S_ISCHR(st.st_mode) && stat("/dev/null", &dn) == 0 &&
                      dn.st_dev == st.st_dev && dn.st_ino == st.st_ino;
    }
}

static bool same(const sl_outguard_id *a, const sl_outguard_id *b)
{
    if (a->exists != b->exists || a->dev != b->dev || a->ino != b->ino) return false;
    return a->exists || (a->name[0] && !strcmp(a->name, b->name));
}

static bool check_pairs(const sl_outguard *g)
{
    for (size_t i = 0; i < g->nout; i++)
        for (size_t j = i + 1; j < g->nout; j++) {
            const sl_outguard_id *a = &g->out[i], *b = &g->out[j];
            if (!same(a, b) || a->is_null) continue;
            if (a->is_stdout || b->is_stdout) {
                const sl_outguard_id *f = a->is_stdout ? b : a;
                sl_msg("%s %s is this run's standard output, where another report already goes: "
                       "the two would interleave; write one of them to a file", f->opt, f->path);
            } else {
                sl_msg("%s %s and %s %s are the same file: one report would replace the other; "
                       "give each its own file", a->opt, a->path, b->opt, b->path);
            }
            return false;
        }
    return true;
}

/* An input named on the command line (not a directory) that an output would replace. */
static bool check_inputs(const sl_outguard *g, const char *const *args, size_t nargs,
                         const char *baseline)
{
    for (size_t k = 0; k <= nargs; k++) {
        const char *in = k < nargs ? args[k] : baseline;
        if (!in) continue;
        struct stat st;
        bool is_stdin = !strcmp(in, "-") && k < nargs;
        if (is_stdin ? fstat(STDIN_FILENO, &st) != 0 : stat(in, &st) != 0) continue;
        if (!S_ISREG(st.st_mode)) continue;
        for (size_t i = 0; i < g->nout; i++) {
            const sl_outguard_id *o = &g->out[i];
            if (k == nargs && !strcmp(o->opt, "--write-baseline")) continue; /* read first */
            if (!o->exists || o->dev != st.st_dev || o->ino != st.st_ino) continue;
            if (o->is_stdout)
                sl_msg("standard output is also an input (%s%s): the report would be written "
                       "over it; redirect it to another file", k < nargs ? "" : "--baseline ",
                       is_stdin ? "standard input" : in);
            else
                sl_msg("%s %s is also an input (%s%s): it would be replaced by this run's report; "
                       "write the report to another file", o->opt, o->path,
                       k < nargs ? "" : "--baseline ", is_stdin ? "standard input" : in);
            return false;
        }
    }
    return true;
}

bool sl_outguard_init(sl_outguard *g, const sl_opts *o, const char *const *args, size_t nargs)
{
    memset(g, 0, sizeof *g);
    size_t n = o->nsinks ? o->nsinks : 1;
    for (size_t i = 0; i < n && g->nout < SL_ARRAY_LEN(g->out); i++)
        identify(&g->out[g->nout++], o->nsinks && o->outputs[i] ? "-o" : "standard output",
                 o->nsinks ? o->outputs[i] : NULL);
    if (o->write_baseline && g->nout < SL_ARRAY_LEN(g->out))
        identify(&g->out[g->nout++], "--write-baseline", o->write_baseline);
    /* --baseline is read first, so --write-baseline may replace it; a report may not */
    if (o->baseline) identify(&g->own[g->nown++], "--baseline", o->baseline);
    return check_pairs(g) && check_inputs(g, args, nargs, o->baseline);
}

const char *sl_outguard_own(const sl_outguard *g, const struct stat *st, const char **path)
{
    for (size_t i = 0; i < g->nout + g->nown; i++) {
        const sl_outguard_id *o = i < g->nout ? &g->out[i] : &g->own[i - g->nout];
        if ((o->is_stdout && !o->is_reg) || o->is_null || !o->exists) continue;
        if (o->dev == st->st_dev && o->ino == st->st_ino) {
            *path = o->path;
            return o->opt;
        }
    }
    return NULL;
}

static bool starts(const char *p, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && !memcmp(p, prefix, k);
}

/* True if needle occurs in the first line of p (at most 4 KiB of it). */
static bool in_first_line(const char *p, size_t n, const char *needle)
{
    const char *nl = memchr(p, '\n', n);
    size_t len = nl ? (size_t)(nl - p) : n, k = strlen(needle);
    if (len > 4096) len = 4096;
    for (size_t i = 0; i + k <= len; i++)
        if (p[i] == needle[0] && !memcmp(p + i, needle, k)) return true;
    return false;
}

const char *sl_outguard_report_kind(const char *p, size_t n)
{
    const char *nl = memchr(p, '\n', n);
    const char *l2 = nl ? nl + 1 : p + n; /* the second line */
    size_t n2 = (size_t)(p + n - l2);
    if (starts(p, n, "{\"tool\":{\"name\":\"statuslint\"")) return "json report";
    if (starts(p, n, "{\"file\":") && in_first_line(p, n, ",\"rule\":\"") &&
        in_first_line(p, n, ",\"fingerprint\":\""))
        return "jsonl findings";
    if (starts(p, n, "{\"$schema\":\"https://json.schemastore.org/sarif-") &&
        in_first_line(l2, n2, "\"name\":\"statuslint\""))
        return "sarif report";
    if (starts(p, n, "# HELP statuslint_") || starts(p, n, "# TYPE statuslint_")) return "metrics";
    if (starts(p, n, "# statuslint baseline:")) return "baseline";
    if (starts(p, n, "<?xml") && starts(l2, n2, "<testsuites name=\"statuslint\""))
        return "junit report";
    if (starts(p, n, "[\n") && starts(l2, n2, "{\"type\":\"issue\",\"check_name\":"))
        return "code quality report";
    if (starts(p, n, "::notice title=statuslint::")) return "github annotations"; /* summary first */
    if ((starts(p, n, "::error file=") || starts(p, n, "::warning file=") ||
         starts(p, n, "::notice file=")) && in_first_line(p, n, ",title="))
        return "github annotations";
    return NULL;
}
