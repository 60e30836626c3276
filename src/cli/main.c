/* main.c: statuslint's entry point: parse the command line and dispatch. Everything else
 * lives in sl_core so tests and fuzz targets link the same code. */
#include "cli/cli_list.h"
#include "cli/cli_opts.h"
#include "cli/merge.h"
#include "cli/msg.h"
#include "cli/run.h"
#include "cli/version.h"
#include <signal.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    sl_opts o;
    char err[512];
    /* A closed pipe (statuslint ... | head) shows up as EPIPE on stdout: the run stops
     * reading, finishes its report files and exits without a message. */
    signal(SIGPIPE, SIG_IGN);
#if defined(__GLIBC__) && defined(M_TOP_PAD)
    /* Heaps grow in 16 MiB steps of address space, not glibc's 128 KiB, and keep that much
     * free at their top instead of handing it back: the tables that grow by doubling
     * (finding groups, the state store's day and client tables) then reuse pages already
     * touched instead of faulting in new ones each time. On the 1M-line benchmark log this
     * cut the state store's cost by about 4 points, for 0.2 MiB more peak memory without
     * the store and 1.4 MiB with it (tests/bench/README.md). */
    mallopt(M_TOP_PAD, 16 << 20);
#endif
    if (sl_opts_parse(argc, argv, &o, err, sizeof err) != SL_OK) {
        sl_msg("%s", err);
        return 2;
    }
    switch (o.cmd) {
    case SL_CMD_HELP:
        if (o.nargs && !strcmp(o.args[0], "rules")) sl_rules_usage(stdout); /* rules --help */
        else sl_opts_usage(stdout);
        return 0;
    case SL_CMD_VERSION:
        return sl_version_print(stdout, o.list_format && !strcmp(o.list_format, "json"));
    case SL_CMD_LIST: return sl_cli_list(o.list_what, stdout);
    case SL_CMD_DETECT: return sl_run_detect(&o);
    case SL_CMD_REPORT: return sl_run_report(&o);
    case SL_CMD_STATE: return sl_run_state(&o);
    case SL_CMD_FOLLOW: return sl_run_follow(&o);
    case SL_CMD_MERGE: return sl_run_merge(&o);
    case SL_CMD_MAP: return sl_run_map(&o);
    case SL_CMD_RULES_LIST:
    case SL_CMD_RULES_TEST:
    case SL_CMD_RULES_EXPLAIN: return sl_run_rules(&o);
    default: return sl_run_analyze(&o);
    }
}
