/* cli_opts.c: getopt_long over argv -> sl_opts. Only parses and validates the words; it
 * opens no file and loads no rule (cli/analyze.c does). Every rejection says what to type
 * instead. */
#include "cli/cli_opts.h"
#include "engine/budget.h"
#include "format/fmt.h"
#include "output/out.h"
#include "state/st_store.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { O_LOG_FORMAT = 256, O_RULES, O_NO_DEFAULT_RULES, O_CONFIG, O_FAIL_ON, O_EXIT_ZERO,
       O_BASELINE, O_WRITE_BASELINE, O_PROGRESS, O_NO_PROGRESS, O_COLOR, O_STDIN_FILENAME,
       O_CSV_MAP, O_DETECT, O_VERSION, O_UPDATE_BASELINE, O_BASELINE_MAX_AGE, O_MEMORY_BUDGET,
       O_CONFIG_ROOT, O_GROUP, O_INCLUDE, O_EXCLUDE, O_STATE, O_SINCE, O_UNTIL,
       O_LISTEN, O_MAX_SERIES, O_FROM_START, O_TIMESTAMPS, O_KV, O_AGGREGATE_MEMORY, O_AGGREGATE };
enum { O_LIST = 1024 }; /* hidden --list, for shell completions (cli_list.c) */

static const struct option longopts[] = {
    {"list", required_argument, NULL, O_LIST},
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"log-format", required_argument, NULL, O_LOG_FORMAT},
    {"csv-map", required_argument, NULL, O_CSV_MAP},
    {"rules", required_argument, NULL, O_RULES},
    {"no-default-rules", no_argument, NULL, O_NO_DEFAULT_RULES},
    {"config", required_argument, NULL, O_CONFIG},
    {"config-root", required_argument, NULL, O_CONFIG_ROOT},
    {"fail-on", required_argument, NULL, O_FAIL_ON},
    {"exit-zero", no_argument, NULL, O_EXIT_ZERO},
    {"baseline", required_argument, NULL, O_BASELINE},
    {"write-baseline", required_argument, NULL, O_WRITE_BASELINE},
    {"update-baseline", required_argument, NULL, O_UPDATE_BASELINE},
    {"baseline-max-age", required_argument, NULL, O_BASELINE_MAX_AGE},
    {"threads", required_argument, NULL, 'j'},
    {"memory-budget", required_argument, NULL, O_MEMORY_BUDGET},
    {"aggregate-memory", required_argument, NULL, O_AGGREGATE_MEMORY},
    {"aggregate", no_argument, NULL, O_AGGREGATE},
    {"progress", no_argument, NULL, O_PROGRESS},
    {"no-progress", no_argument, NULL, O_NO_PROGRESS},
    {"color", required_argument, NULL, O_COLOR},
    {"stdin-filename", required_argument, NULL, O_STDIN_FILENAME},
    {"quiet", no_argument, NULL, 'q'},
    {"group", no_argument, NULL, O_GROUP},
    {"detect", no_argument, NULL, O_DETECT},
    {"include", required_argument, NULL, O_INCLUDE},
    {"exclude", required_argument, NULL, O_EXCLUDE},
    {"listen", required_argument, NULL, O_LISTEN},
    {"max-series", required_argument, NULL, O_MAX_SERIES},
    {"from-start", no_argument, NULL, O_FROM_START},
    {"timestamps", no_argument, NULL, O_TIMESTAMPS},
    {"kv", no_argument, NULL, O_KV},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, O_VERSION},
    {"state", required_argument, NULL, O_STATE},
    {"since", required_argument, NULL, O_SINCE},
    {"until", required_argument, NULL, O_UNTIL},
    {NULL, 0, NULL, 0},
};

/* One --help entry: the option column, then words filled to HELP_WIDTH with continuation
 * lines indented to the description column. */
#define HELP_COL 27
#define HELP_WIDTH 84
static void help_words(FILE *f, const char *opt, const char *words)
{
    int col = fprintf(f, "%-*s", HELP_COL, opt);
    for (const char *w = words; *w;) {
        while (*w == ' ') w++;
        int n = (int)strcspn(w, " ");
        if (!n) break;
        if (col > HELP_COL && col + 1 + n > HELP_WIDTH) col = fprintf(f, "\n%*s", HELP_COL, "") - 1;
        else if (col > HELP_COL) col += fprintf(f, " ");
        col += fprintf(f, "%.*s", n, w);
        w += n;
    }
    fputc('\n', f);
}

void sl_opts_usage(FILE *f)
{
    fputs(
        "usage: statuslint [OPTIONS] [PATH ...]        analyze files, directories or - (stdin)\n"
        "       statuslint rules list [-f text|jsonl]   the loaded rules\n"
        "       statuslint rules test [RULEFILE ...]    run the rules' own tests\n"
        "       statuslint rules explain ID             a rule's rationale and references\n"
        "       statuslint --detect PATH ...            show the detected log format (exit 1\n"
        "                                               if a file fits no known format)\n"
        "       statuslint report --state FILE [--since T] [--until T] [-f text|json|markdown|html]\n"
        "       statuslint state list|check|forget PATH --state FILE\n"
        "       statuslint follow [OPTIONS] PATH ...    follow growing logs (files, directories)\n"
        "         --listen HOST:PORT  serve /metrics and /healthz;  --max-series N  label budget\n"
        "         --from-start        read files present at start from their beginning\n"
        "       statuslint merge [-f FMT -o FILE]... PARTIAL...|-  reports from -f partial files\n"
        "       statuslint map [--kv] [-o FILE]         a partial from log lines on stdin\n"
        "         --kv                map/merge: one key<TAB>base64 record per partial\n"
        "\n"
        "options:\n",
        f);
    char *fmts = NULL;
    size_t fmtslen = 0;
    FILE *mem = open_memstream(&fmts, &fmtslen);
    if (mem) {
        sl_sink_names(mem, " ");
        fputs(" (repeatable; pairs with the next -o)", mem);
        fclose(mem);
    }
    help_words(f, "  -f, --format FMT", fmts ? fmts : "");
    free(fmts);
    fputs(
        "  -o, --output FILE        where the preceding -f goes (default: stdout)\n",
        f);
    mem = open_memstream(&fmts, &fmtslen);
    if (mem) {
        fputs("auto (default), a preset (", mem);
        for (size_t i = 0; i < sl_format_preset_count(); i++)
            if (sl_format_preset_in_help(i)) fprintf(mem, "%s ", sl_format_preset_name(i));
        fputs("...), an nginx log_format or an Apache LogFormat string", mem);
        fclose(mem);
    }
    help_words(f, "  --log-format FMT", fmts ? fmts : "");
    free(fmts);
    fputs(
        "  --csv-map NAME=COL,...   map CSV header columns to fields\n"
        "  --rules PATH             extra rule file or directory (repeatable)\n"
        "  --no-default-rules       do not load the built-in pack\n"
        "  --include GLOB, --exclude GLOB  which files a directory walk reads (repeatable)\n"
        "  --config FILE            project settings (default: ./.statuslint.yml if present)\n"
        "  --config-root DIR        the tree the settings' rule paths may lead into (default:\n"
        "                           the settings file's own directory)\n"
        "  --fail-on LEVEL          error (default), warning, info or none\n"
        "  --exit-zero              same as --fail-on none\n"
        "  --baseline FILE          suppress findings recorded in FILE\n"
        "  --write-baseline FILE    record this run's findings in FILE\n"
        "  --update-baseline FILE   report what FILE lacks, then add it (missing FILE: empty)\n"
        "  --baseline-max-age DAYS  drop entries unseen for DAYS (default 30)\n"
        "  --state FILE             SQLite store: read each input once, mark new findings\n"
        "  --since T, --until T     only records from/until T (RFC 3339 or YYYY-MM-DD)\n"
        "  -j, --threads N          worker threads (default: number of cores)\n"
        "  --memory-budget SIZE     memory for buffers and decompression (default 24M)\n"
        "  --aggregate              run the built-in pack's aggregate rules too (agg.*: counts,\n"
        "                           shares and sequences across lines; slower)\n"
        "  --aggregate-memory SIZE  memory for the state of aggregate rules (default 4M)\n"
        "  --progress, --no-progress  progress bar on stderr (default: on a terminal, CI unset)\n"
        "  --color auto|always|never  colour (honours NO_COLOR)\n"
        "  --stdin-filename NAME    file name reported for -\n"
        "  --timestamps             -f openmetrics: counters by minute of log time (backfill)\n"
        "  -q, --quiet              no notes on stderr (warnings and errors still print)\n"
        "  --group                  text: one line per finding group (rule, host, method,\n"
        "                           route, status) with its count, not one per finding\n"
        "  -h, --help               this help;  --version  the version\n"
        "\n"
        "exit status: 0 nothing at or above --fail-on, 1 findings at or above it,\n"
        "             2 usage error, bad rule or settings file, or unreadable input\n",
        f);
}

const struct option *sl_opts_longopts(void) { return longopts; }

/* The -f names, space-separated, into buf. */
static const char *sink_names(char *buf, size_t len)
{
    FILE *mem = fmemopen(buf, len, "w");
    buf[0] = '\0';
    if (mem) {
        sl_sink_names(mem, " ");
        fclose(mem);
    }
    return buf;
}

static sl_status set_format(sl_opts *o, const char *v, char *err, size_t errlen)
{
    if (!sl_sink_kind(v) && strcmp(v, "html") != 0) { /* html: `report` only, checked later */
        const char *near = sl_sink_nearest(v);
        char names[256];
        snprintf(err, errlen, "unknown output format '%s'%s%s%s (use one of: %s)", v,
                 near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "",
                 sink_names(names, sizeof names));
        return SL_EUSAGE;
    }
    if (o->nsinks == SL_MAX_SINKS) {
        snprintf(err, errlen, "too many -f options (at most %d)", SL_MAX_SINKS);
        return SL_EUSAGE;
    }
    o->formats[o->nsinks++] = v;
    o->format_given = true;
    return SL_OK;
}

/* -o before any -f: the format its name says (x.json is json), else text. */
static const char *format_of_name(const char *v)
{
    const sl_sink_vt *k = sl_sink_kind_of_file(v);
    size_t n = strlen(v);
    if (k) return k->name;
    if (n > 5 && !strcasecmp(v + n - 5, ".html")) return "html"; /* the report-only format */
    return "text";
}

static sl_status set_output(sl_opts *o, const char *v, char *err, size_t errlen)
{
    if (o->nsinks == 0) o->formats[o->nsinks++] = format_of_name(v);
    if (o->outputs[o->nsinks - 1]) {
        snprintf(err, errlen, "-o %s: the preceding -f %s already has an output; give a -f "
                              "before each -o", v, o->formats[o->nsinks - 1]);
        return SL_EUSAGE;
    }
    o->outputs[o->nsinks - 1] = v;
    return SL_OK;
}

static sl_status parse_int_opt(const char *name, const char *v, int lo, int hi, int *out,
                               char *err, size_t errlen)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (!*v || *end || n < lo || n > hi) {
        snprintf(err, errlen, "%s: expected a whole number from %d to %d, got '%s'", name, lo,
                 hi, v);
        return SL_EUSAGE;
    }
    *out = (int)n;
    return SL_OK;
}

static sl_status one_option(sl_opts *o, int c, const char *v, char *err, size_t errlen)
{
    int sev;
    switch (c) {
    case O_LIST: o->cmd = SL_CMD_LIST; o->list_what = v; return SL_OK;
    case 'f': return set_format(o, v, err, errlen);
    case 'o': return set_output(o, v, err, errlen);
    case 'j': return parse_int_opt("--threads", v, 1, 256, &o->threads, err, errlen);
    case O_MEMORY_BUDGET:
        if (!sl_budget_parse(v, &o->memory_budget) || o->memory_budget < SL_BUDGET_MIN) {
            snprintf(err, errlen, "--memory-budget: expected a size from 16M to 1024G such as "
                                  "64M or 1G, got '%s'", v);
            return SL_EUSAGE;
        }
        return SL_OK;
    case O_AGGREGATE_MEMORY:
        if (!sl_budget_parse(v, &o->aggregate_memory) || o->aggregate_memory < ((uint64_t)256 << 10) ||
            o->aggregate_memory > ((uint64_t)1 << 30)) {
            snprintf(err, errlen, "--aggregate-memory: expected a size from 256K to 1G such as "
                                  "4M or 64M, got '%s'", v);
            return SL_EUSAGE;
        }
        return SL_OK;
    case O_LOG_FORMAT: o->log_format = v; return SL_OK;
    case O_CSV_MAP: o->csv_map = v; return SL_OK;
    case O_RULES:
        if (o->nrules == SL_ARRAY_LEN(o->rules)) {
            snprintf(err, errlen, "too many --rules options; name a directory instead");
            return SL_EUSAGE;
        }
        o->rules[o->nrules++] = v;
        return SL_OK;
    case O_INCLUDE:
    case O_EXCLUDE: {
        const char **list = c == O_INCLUDE ? o->include : o->exclude;
        size_t *nlist = c == O_INCLUDE ? &o->ninclude : &o->nexclude;
        if (!*v) {
            snprintf(err, errlen, "--%s: expected a glob such as 'access.log*'",
                     c == O_INCLUDE ? "include" : "exclude");
            return SL_EUSAGE;
        }
        if (*nlist == 64) {
            snprintf(err, errlen, "too many --%s options (at most 64)",
                     c == O_INCLUDE ? "include" : "exclude");
            return SL_EUSAGE;
        }
        list[(*nlist)++] = v;
        return SL_OK;
    }
    case O_NO_DEFAULT_RULES: o->no_default_rules = true; return SL_OK;
    case O_CONFIG: o->config = v; return SL_OK;
    case O_CONFIG_ROOT: o->config_root = v; return SL_OK;
    case O_FAIL_ON:
        sev = sl_severity_parse(v, strlen(v));
        if (sev < 0) {
            snprintf(err, errlen, "--fail-on: expected error, warning, info or none, got '%s'", v);
            return SL_EUSAGE;
        }
        o->fail_on = sev;
        return SL_OK;
    case O_EXIT_ZERO: o->fail_on = SL_SEV_NONE; return SL_OK;
    case O_BASELINE: o->baseline = v; return SL_OK;
    case O_WRITE_BASELINE: o->write_baseline = v; return SL_OK;
    case O_UPDATE_BASELINE: o->update_baseline = v; return SL_OK;
    case O_BASELINE_MAX_AGE:
        return parse_int_opt("--baseline-max-age", v, 0, 36500, &o->baseline_max_age, err, errlen);
    case O_PROGRESS: o->progress = 1; return SL_OK;
    case O_NO_PROGRESS: o->progress = 0; return SL_OK;
    case O_COLOR:
        if (!strcmp(v, "auto")) o->color = -1;
        else if (!strcmp(v, "always")) o->color = 1;
        else if (!strcmp(v, "never")) o->color = 0;
        else {
            snprintf(err, errlen, "--color: expected auto, always or never, got '%s'", v);
            return SL_EUSAGE;
        }
        return SL_OK;
    case O_STDIN_FILENAME: o->stdin_filename = v; return SL_OK;
    case 'q': o->quiet = true; return SL_OK;
    case O_GROUP: o->group = true; return SL_OK;
    case O_AGGREGATE: o->aggregate = true; return SL_OK;
    case O_DETECT: o->cmd = SL_CMD_DETECT; return SL_OK;
    case O_STATE: o->state = v; return SL_OK;
    case O_SINCE:
    case O_UNTIL:
        if (!sl_state_parse_time(v, c == O_UNTIL, c == O_SINCE ? &o->since_t : &o->until_t)) {
            snprintf(err, errlen, "%s: expected RFC 3339 (2026-11-30T22:00:00Z) or YYYY-MM-DD, "
                     "got '%s'", c == O_SINCE ? "--since" : "--until", v);
            return SL_EUSAGE;
        }
        *(c == O_SINCE ? &o->since : &o->until) = v;
        return SL_OK;
    case O_LISTEN: o->listen = v; return SL_OK;
    case O_MAX_SERIES: return parse_int_opt("--max-series", v, 32, 1000000, &o->max_series, err, errlen);
    case O_FROM_START: o->from_start = true; return SL_OK;
    case O_KV: o->kv = true; return SL_OK;
    case O_TIMESTAMPS: o->timestamps = true; return SL_OK;
    case O_VERSION: o->cmd = SL_CMD_VERSION; return SL_OK;
    case 'h': o->cmd = SL_CMD_HELP; return SL_OK;
    default: return SL_EUSAGE;
    }
}

/* "rules list|test|explain": args[0] is "rules". */
static sl_status subcommand(sl_opts *o, const char *const *args, char *err, size_t errlen)
{
    const char *sub = args[1];
    if (!sub) {
        snprintf(err, errlen, "rules: expected list, test or explain (see statuslint rules --help)");
        return SL_EUSAGE;
    }
    if (!strcmp(sub, "list")) o->cmd = SL_CMD_RULES_LIST;
    else if (!strcmp(sub, "test")) o->cmd = SL_CMD_RULES_TEST;
    else if (!strcmp(sub, "explain")) o->cmd = SL_CMD_RULES_EXPLAIN;
    else if (!strcmp(sub, "help")) o->cmd = SL_CMD_HELP;
    else {
        snprintf(err, errlen, "rules: unknown subcommand '%s' (use list, test or explain; see "
                              "statuslint rules --help)", sub);
        return SL_EUSAGE;
    }
    return SL_OK;
}

/* "merge PARTIAL..." and "map": args[0] is the command word (merge.c). */
static sl_status pipe_command(sl_opts *o, char *err, size_t errlen)
{
    bool merge = !strcmp(o->args[0], "merge");
    o->cmd = merge ? SL_CMD_MERGE : SL_CMD_MAP;
    o->args++;
    o->nargs--;
    if (merge && !o->nargs) {
        snprintf(err, errlen, "merge: give the partial files (written with -f partial), or - "
                              "to read them from stdin");
        return SL_EUSAGE;
    }
    if (merge) {
        const char *run_only = o->baseline ? "--baseline" : o->write_baseline ? "--write-baseline"
                             : o->update_baseline ? "--update-baseline" : o->state ? "--state"
                             : o->since ? "--since" : o->until ? "--until"
                             : o->log_format ? "--log-format" : o->csv_map ? "--csv-map"
                             : o->stdin_filename ? "--stdin-filename"
                             : o->ninclude ? "--include" : o->nexclude ? "--exclude" : NULL;
        if (run_only) {
            snprintf(err, errlen, "merge: %s shapes the runs that write the partials; give it "
                                  "to them, not to merge", run_only);
            return SL_EUSAGE;
        }
        return SL_OK;
    }
    if (o->nargs) {
        snprintf(err, errlen, "map reads log lines on stdin, not '%s': for files run statuslint "
                              "-f partial -o FILE PATH...", o->args[0]);
        return SL_EUSAGE;
    }
    for (size_t i = 0; i < o->nsinks; i++)
        if (o->format_given && strcmp(o->formats[i], "partial") != 0) {
            snprintf(err, errlen, "map writes a partial (-f partial), not %s: run statuslint merge "
                                  "on the partials for other formats", o->formats[i]);
            return SL_EUSAGE;
        }
    if (o->nsinks > 1) {
        snprintf(err, errlen, "map writes one partial: give at most one -o");
        return SL_EUSAGE;
    }
    return SL_OK;
}

/* "report ..." and "state list|check|forget PATH": args[0] is the command word. */
static sl_status state_command(sl_opts *o, char *err, size_t errlen)
{
    bool report = !strcmp(o->args[0], "report");
    o->cmd = report ? SL_CMD_REPORT : SL_CMD_STATE;
    o->args++, o->nargs--;
    if (!o->state) {
        snprintf(err, errlen, "%s: give the store with --state FILE", report ? "report" : "state");
        return SL_EUSAGE;
    }
    if (report) {
        if (o->nargs) {
            snprintf(err, errlen, "report reads no logs, only --state: unexpected '%s'", o->args[0]);
            return SL_EUSAGE;
        }
        if (o->nsinks > 1) {
            snprintf(err, errlen, "report writes one format: give one -f (and -o)");
            return SL_EUSAGE;
        }
        for (size_t i = 0; i < o->nsinks; i++)
            if (strcmp(o->formats[i], "text") != 0 && strcmp(o->formats[i], "json") != 0 &&
                strcmp(o->formats[i], "markdown") != 0 && strcmp(o->formats[i], "html") != 0) {
                snprintf(err, errlen, "report: -f takes text, json, markdown or html, not '%s'",
                         o->formats[i]);
                return SL_EUSAGE;
            }
        return SL_OK;
    }
    const char *sub = o->nargs ? o->args[0] : NULL;
    if (!sub || (strcmp(sub, "list") != 0 && strcmp(sub, "check") != 0 && strcmp(sub, "forget") != 0)) {
        snprintf(err, errlen, "state: expected list, check or forget PATH%s%s%s",
                 sub ? " (not '" : "", sub ? sub : "", sub ? "')" : "");
        return SL_EUSAGE;
    }
    o->state_sub = sub;
    o->args++, o->nargs--;
    if (!strcmp(sub, "forget") != (o->nargs == 1) || o->nargs > 1) {
        snprintf(err, errlen, "state %s: %s", sub, !strcmp(sub, "forget")
                 ? "expected one PATH (as `state list` shows it)" : "takes no arguments");
        return SL_EUSAGE;
    }
    return SL_OK;
}

sl_status sl_opts_parse(int argc, char **argv, sl_opts *o, char *err, size_t errlen)
{
    *o = (sl_opts){.fail_on = -1, .progress = -1, .color = -1, .baseline_max_age = 30};
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "f:o:j:hq", longopts, NULL)) != -1) {
        if (c == '?' || c == ':') {
            const char *bad = argv[optind - 1];
            if (optopt && strchr("foj", optopt))
                snprintf(err, errlen, "option -%c needs a value (see statuslint --help)", optopt);
            else
                snprintf(err, errlen, "unknown option '%s' (see statuslint --help)", bad);
            return SL_EUSAGE;
        }
        if (one_option(o, c, optarg, err, errlen)) return SL_EUSAGE;
    }
    o->args = (const char *const *)argv + optind;
    o->nargs = (size_t)(argc - optind);
    if (o->nargs && !strcmp(o->args[0], "rules") && o->cmd == SL_CMD_ANALYZE) {
        if (subcommand(o, o->args, err, errlen)) return SL_EUSAGE;
        if (o->cmd == SL_CMD_HELP) return SL_OK; /* rules help: args still say "rules" */
        o->args += 2;
        o->nargs -= 2;
        if (o->cmd == SL_CMD_RULES_LIST && o->nsinks) {
            if (o->nsinks > 1 ||
                (strcmp(o->formats[0], "text") != 0 && strcmp(o->formats[0], "jsonl") != 0)) {
                snprintf(err, errlen, "rules list: -f takes text or jsonl");
                return SL_EUSAGE;
            }
            o->list_format = o->formats[0];
            o->nsinks = 0;
        }
    }
    if (o->cmd == SL_CMD_VERSION && o->nsinks) {
        const char *fmt = o->formats[0];
        if (o->nsinks > 1 || o->outputs[0] ||
            (strcmp(fmt, "text") != 0 && strcmp(fmt, "json") != 0)) {
            snprintf(err, errlen, "--version: -f takes text or json, written to stdout");
            return SL_EUSAGE;
        }
        o->list_format = o->formats[0];
        o->nsinks = 0;
    }
    if (o->nargs && o->cmd == SL_CMD_ANALYZE &&
        (!strcmp(o->args[0], "report") || !strcmp(o->args[0], "state"))) {
        if (state_command(o, err, errlen)) return SL_EUSAGE;
    } else {
        for (size_t i = 0; i < o->nsinks; i++)
            if (!strcmp(o->formats[i], "html")) {
                char names[256];
                snprintf(err, errlen, "-f html is for `statuslint report --state FILE`; an "
                                      "analysis writes %s", sink_names(names, sizeof names));
                return SL_EUSAGE;
            }
    }
    if ((o->since || o->until) && o->state && o->cmd == SL_CMD_ANALYZE) {
        snprintf(err, errlen, "--since/--until with --state would record the inputs as read "
                              "while leaving out their other records: give them to `statuslint "
                              "report --state FILE` instead, or analyze without --state");
        return SL_EUSAGE;
    }
    if (o->since && o->until && o->since_t > o->until_t) {
        snprintf(err, errlen, "--since %s is after --until %s", o->since, o->until);
        return SL_EUSAGE;
    }
    if (o->nargs && !strcmp(o->args[0], "follow") && o->cmd == SL_CMD_ANALYZE) {
        o->cmd = SL_CMD_FOLLOW;
        o->args++;
        o->nargs--;
        if (!o->nargs) {
            snprintf(err, errlen, "follow: give the log files or directories to follow");
            return SL_EUSAGE;
        }
    }
    if (o->nargs && o->cmd == SL_CMD_ANALYZE &&
        (!strcmp(o->args[0], "merge") || !strcmp(o->args[0], "map"))) {
        if (pipe_command(o, err, errlen)) return SL_EUSAGE;
    } else if (o->kv) {
        snprintf(err, errlen, "--kv is an option of statuslint map and statuslint merge");
        return SL_EUSAGE;
    }
    if (o->cmd != SL_CMD_FOLLOW && (o->listen || o->from_start || o->max_series)) {
        snprintf(err, errlen, "%s is an option of statuslint follow",
                 o->listen ? "--listen" : o->from_start ? "--from-start" : "--max-series");
        return SL_EUSAGE;
    }
    if (!o->max_series) o->max_series = 2000;
    if (o->timestamps) {
        bool om = false;
        for (size_t i = 0; i < o->nsinks; i++) om |= !strcmp(o->formats[i], "openmetrics");
        if (!om || (o->cmd != SL_CMD_ANALYZE && o->cmd != SL_CMD_MERGE)) {
            snprintf(err, errlen, "--timestamps stamps the samples of -f openmetrics with log "
                                  "time: give it with -f openmetrics -o FILE (not with follow)");
            return SL_EUSAGE;
        }
    }
    if (o->cmd == SL_CMD_RULES_EXPLAIN && o->nargs != 1) {
        snprintf(err, errlen, "rules explain: expected one rule id (see statuslint rules list)");
        return SL_EUSAGE;
    }
    if (o->update_baseline && (o->baseline || o->write_baseline)) {
        snprintf(err, errlen, "--update-baseline reads and writes its file: give it alone, "
                              "without --baseline or --write-baseline");
        return SL_EUSAGE;
    }
    size_t to_stdout = 0;
    for (size_t i = 0; i < o->nsinks; i++)
        to_stdout += !o->outputs[i] || !strcmp(o->outputs[i], "-");
    if (to_stdout > 1) {
        snprintf(err, errlen, "more than one -f writes to stdout; give each an -o FILE");
        return SL_EUSAGE;
    }
    return SL_OK;
}
