/* cli_list.c: the hidden `--list WHAT` query. Shell completions (completions/) ask the binary
 * for its options, output formats, log-format presets and subcommands instead of carrying their
 * own copies, so an option added to the getopt table is completed without editing them.
 * options: "--long<TAB>-s<TAB>1" per option (short "-" when none; 1 = takes a value). */
#include "cli/cli_list.h"
#include "cli/cli_opts.h"
#include "cli/msg.h"
#include "format/fmt.h"
#include "output/out.h"
#include <getopt.h>
#include <string.h>

/* The subcommands sl_opts_parse accepts (its subcommand()), as typed. */
static const char *const commands[] = {"rules list", "rules test", "rules explain", NULL};

static void list_options(FILE *f)
{
    for (const struct option *o = sl_opts_longopts(); o->name; o++) {
        if (!strcmp(o->name, "list")) continue; /* this query is not for users */
        char shortname[3] = "-";
        if (o->val > 0 && o->val < 128) shortname[0] = '-', shortname[1] = (char)o->val;
        fprintf(f, "--%s\t%s\t%d\n", o->name, shortname, o->has_arg != no_argument);
    }
}

static void list_words(FILE *f, const char *first, const char *const *words)
{
    if (first) fprintf(f, "%s\n", first);
    for (size_t i = 0; words[i]; i++) fprintf(f, "%s\n", words[i]);
}

int sl_cli_list(const char *what, FILE *f)
{
    if (!strcmp(what, "options")) list_options(f);
    else if (!strcmp(what, "formats")) list_words(f, NULL, sl_sink_formats);
    else if (!strcmp(what, "log-formats")) list_words(f, "auto", sl_format_presets);
    else if (!strcmp(what, "commands")) list_words(f, NULL, commands);
    else {
        sl_msg("--list: expected options, formats, log-formats or commands, got '%s'", what);
        return 2;
    }
    return fflush(f) || ferror(f) ? 2 : 0;
}
