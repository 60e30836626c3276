/* setup.c: what every command shares before it reads a log: the settings file, the rule
 * pack and extra rule files. The list of input files is walk.c's. */
#include "base/sl_alloc.h"
#include "base/sl_clock.h"
#include "cli/msg.h"
#include "cli/run.h"
#include "rule/pack.h"
#include <errno.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>


static const char *settings_path(const sl_opts *o)
{
    if (o->config) return o->config;
    return access(".statuslint.yml", F_OK) == 0 ? ".statuslint.yml" : NULL;
}

/* The .statuslint.yml found in the working directory comes with the checkout: a symbolic
 * link there may not lead elsewhere (--config FILE names a file on purpose, and is followed). */
static bool found_settings_inside(const char *cp, sl_diags *d)
{
    char here[4096], real[4096];
    if (!realpath(".", here) || !realpath(cp, real)) return true; /* loading reports it */
    size_t n = strlen(here);
    if (!strncmp(here, real, n) && (real[n] == '/' || (n == 1 && here[0] == '/'))) return true;
    sl_diags_add(d, SL_DIAG_ERROR, cp, 0, 0, 0, NULL, 0,
                 "a symbolic link leading outside the working directory; it was not read (name "
                 "the settings file with --config FILE to use it)");
    return false;
}

/* `--rules X rules test X` names X twice: load it once. */
static bool already_loaded(const sl_opts *o, const char *path)
{
    char a[4096], b[4096];
    if (!realpath(path, a)) return false;
    for (size_t i = 0; i < o->nrules; i++)
        if (realpath(o->rules[i], b) && !strcmp(a, b)) return true;
    return false;
}

/* The built-in pack's aggregate and sequence rules run with --aggregate only: they look at
 * most lines, on the one thread that keeps input order, and cost several times the per-line
 * pack (tests/bench/agg.sh). Rules of the user's own files run as written. */
static void builtin_aggregates_off(sl_ruleset *rs)
{
    for (size_t i = 0; i < sl_ruleset_count(rs); i++) {
        const sl_rule_info *r = sl_ruleset_info(rs, i);
        if (!r->aggregate || !r->file || !r->enabled) continue; /* settings turned it off */
        for (const sl_pack_file *p = sl_builtin_pack; p->name; p++)
            if (!strcmp(r->file, p->name)) sl_ruleset_set_opt_in(rs, i);
    }
}

sl_ruleset *sl_setup_rules(const sl_opts *o, sl_fields *ft, sl_config *cfg, bool *have_cfg)
{
    sl_diags d;
    sl_diags_init(&d);
    memset(cfg, 0, sizeof *cfg);
    cfg->fail_on = -1;
    *have_cfg = false;
    const char *cp = settings_path(o);
    if (cp && !o->config && !found_settings_inside(cp, &d)) cp = NULL;
    if (cp) {
        if (sl_config_load_within(cp, o->config_root, cfg, &d) == SL_OK) *have_cfg = true;
    }
    sl_ruleset *rs = sl_ruleset_new(ft);
    if (!d.errors && !o->no_default_rules) sl_ruleset_add_builtin(rs, &d);
    /* sl_config_load already made them relative to the settings file's directory */
    for (size_t i = 0; !d.errors && *have_cfg && i < cfg->nrule_paths; i++)
        sl_ruleset_add_path_within(rs, cfg->rule_paths[i], cfg->rule_root, &d);
    for (size_t i = 0; i < o->nrules; i++) sl_ruleset_add_path(rs, o->rules[i], &d);
    for (size_t i = 0; i < o->nargs && o->cmd == SL_CMD_RULES_TEST; i++)
        if (!already_loaded(o, o->args[i])) sl_ruleset_add_path(rs, o->args[i], &d);
    sl_ruleset_finish(rs, &d); /* compile errors too: every error is reported at once */
    if (!d.errors && *have_cfg) sl_config_apply(cfg, rs, sl_clock_now(), &d);
    if (!o->aggregate) builtin_aggregates_off(rs);
    sl_diags_print(&d, stderr, sl_msg_color());
    bool bad = d.errors > 0;
    sl_diags_fini(&d);
    if (bad) {
        sl_msg("rule or settings errors: nothing was analyzed");
        sl_ruleset_free(rs);
        if (*have_cfg) sl_config_fini(cfg);
        *have_cfg = false;
        return NULL;
    }
    return rs;
}
