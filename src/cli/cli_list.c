/* cli_list.c: the hidden `--list WHAT` query. Shell completions (src/shell/) ask the binary
 * for its options, output formats, log-format presets and subcommands instead of carrying their
 * own copies, so an option added to the getopt table is completed without editing them; the
 * man page check asks it for the rule functions ("name(argument)<TAB>help").
 * options: "--long<TAB>-s<TAB>1<TAB>description" per option (short "-" when none; 1 = takes a
 * value; the description is the text --help gives it, empty when --help has no line for it). */
#include "cli/cli_list.h"
#include "cli/cli_opts.h"
#include "cli/msg.h"
#include "format/fmt.h"
#include "output/out.h"
#include "rule/rule.h"
#include <getopt.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* The subcommands sl_opts_parse accepts (its subcommand()), as typed. */
static const char *const commands[] = {"rules list", "rules test", "rules explain", "report",
                                       "state list", "state check", "state forget", "follow",
                                       "merge", "map", NULL};

/* Whether the option column of a help line (up to end) names --name as a whole word. */
static bool names_option(const char *col, const char *end, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = col; (p = strstr(p, "--")) && p < end; p += 2)
        if ((size_t)(end - p - 2) >= n && !strncmp(p + 2, name, n) &&
            (p + 2 + n == end || strchr(" ,", p[2 + n])))
            return true;
    return false;
}

/* Where a help line's option column starts ("  -f, --format FMT", "usage: statuslint --detect
 * PATH"), or NULL when the line does not begin with options. */
static const char *option_column(const char *line)
{
    while (*line == ' ') line++;
    if (!strncmp(line, "usage: ", 7)) line += 7;
    if (!strncmp(line, "statuslint -", 12)) line += 11;
    return *line == '-' ? line : NULL;
}

/* The description --help gives --name: the text after the 2+ space gap of the first line whose
 * option column names it, with the lines continuing it (indented to its column), up to a ";  "
 * that starts another option's text (itself searched as such a column). "" when no line names
 * it. */
static void help_description(const char *help, const char *name, char *out, size_t outlen)
{
    size_t n = 0;
    out[0] = '\0';
    for (const char *line = help, *seg = help; *line;) {
        const char *eol = strchr(line, '\n'), *col = option_column(seg), *gap, *semi;
        if (!eol) eol = line + strlen(line);
        gap = col && col < eol ? strstr(col, "  ") : NULL;
        if (gap && gap < eol && names_option(col, gap, name)) {
            while (*gap == ' ') gap++;
            size_t indent = (size_t)(gap - line);
            for (;;) {
                const char *stop = strstr(gap, ";  ");
                const char *end = stop && stop < eol ? stop : eol;
                n += (size_t)snprintf(out + n, outlen - n, "%s%.*s", n ? " " : "", (int)(end - gap),
                                      gap);
                if (n >= outlen || end == stop || !*eol) break;
                const char *next = eol + 1, *p = next;
                while (*p == ' ') p++;
                if ((size_t)(p - next) != indent || *p == '\n' || !*p) break;
                gap = p;
                if (!(eol = strchr(p, '\n'))) eol = p + strlen(p);
            }
            if (n >= outlen) out[outlen - 1] = '\0';
            return;
        }
        if ((semi = strstr(seg, ";  ")) && semi < eol) { /* "this help;  --version  the version" */
            seg = semi + 1;
            continue;
        }
        line = seg = *eol ? eol + 1 : eol;
    }
}

static void list_options(FILE *f)
{
    char *help = NULL, desc[200];
    size_t helplen = 0;
    FILE *mem = open_memstream(&help, &helplen);
    if (mem) {
        sl_opts_usage(mem);
        fclose(mem);
    }
    for (const struct option *o = sl_opts_longopts(); o->name; o++) {
        if (!strcmp(o->name, "list")) continue; /* this query is not for users */
        char shortname[3] = "-";
        if (o->val > 0 && o->val < 128) shortname[0] = '-', shortname[1] = (char)o->val;
        help_description(help ? help : "", o->name, desc, sizeof desc);
        fprintf(f, "--%s\t%s\t%d\t%s\n", o->name, shortname, o->has_arg != no_argument, desc);
    }
    free(help);
}

static void list_words(FILE *f, const char *const *words)
{
    for (size_t i = 0; words[i]; i++) fprintf(f, "%s\n", words[i]);
}

int sl_cli_list(const char *what, FILE *f)
{
    if (!strcmp(what, "options")) list_options(f);
    else if (!strcmp(what, "formats")) {
        sl_sink_names(f, "\n");
        fputc('\n', f);
    }
    else if (!strcmp(what, "log-formats")) {
        fputs("auto\n", f);
        for (size_t i = 0; i < sl_format_preset_count(); i++)
            fprintf(f, "%s\n", sl_format_preset_name(i));
    }
    else if (!strcmp(what, "commands")) list_words(f, commands);
    else if (!strcmp(what, "functions")) sl_rule_functions(f);
    else {
        sl_msg("--list: expected options, formats, log-formats, commands or functions, got '%s'",
               what);
        return 2;
    }
    return fflush(f) || ferror(f) ? 2 : 0;
}
