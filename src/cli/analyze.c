/* analyze.c: `statuslint [OPTIONS] PATH...`: options -> the engine (engine/engine.h) -> exit
 * status. Loads the rules, settings, baselines and state store the options name, walks the
 * directories, opens the report files and their sinks, runs the inputs through the engine,
 * then publishes: ends the sinks with the summary, renames the report files into place,
 * writes the baseline, and turns the outcome into 0, 1 or 2. The progress bar is drawn here
 * from the engine's progress hooks. */
#include "base/sl_alloc.h"
#include "cli/msg.h"
#include "cli/outguard.h"
#include "cli/progress.h"
#include "cli/run.h"
#include "engine/budget.h"
#include "engine/engine.h"
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

_Static_assert(SL_MAX_SINKS <= SL_FANOUT_MAX, "every -f must fit in the fan-out");

typedef struct analyze {
    const sl_opts *o;
    sl_fields *ft;
    sl_ruleset *rs;
    sl_config cfg;
    bool have_cfg;
    sl_format_opts fopts;
    sl_format *forced;               /* --log-format (or the settings'), compiled once */
    sl_fanout fan;                   /* the sinks, with the baseline marking */
    sl_outfile *outs[SL_MAX_SINKS];
    sl_baseline *baseline, *record;  /* --update-baseline: the same table */
    int64_t today;                   /* days since 1970 (baseline dates) */
    int fail_on;
    sl_window window;
    sl_state *state;
    sl_progress prog;
    sl_outguard guard;               /* the run's own files, never read as inputs */
    sl_analysis *engine;
} analyze;

static void say(const char *text) { sl_msg("%s", text); }

static const char *settings_file(const sl_opts *o)
{
    return o->config ? o->config : ".statuslint.yml";
}

/* ---- engine hooks ---- */

static void on_progress(void *ctx, uint64_t raw, uint64_t decoded)
{
    sl_progress_update(&((analyze *)ctx)->prog, raw, decoded);
}

static void on_file_done(void *ctx, uint64_t raw, uint64_t decoded)
{
    sl_progress_file_done(&((analyze *)ctx)->prog, raw, decoded);
}

/* A finding never lands on the bar. */
static void on_findings(void *ctx) { sl_progress_clear(&((analyze *)ctx)->prog); }

static const char *on_own(void *ctx, const struct stat *st, const char **path)
{
    return sl_outguard_own(&((analyze *)ctx)->guard, st, path);
}

static void clear_bar(void *ctx) { sl_progress_clear(ctx); }

/* ---- sinks ---- */

static bool color_on(const sl_opts *o, FILE *f)
{
    if (o->color >= 0) return o->color == 1;
    return isatty(fileno(f)) && !sl_env_set("NO_COLOR");
}

static bool open_sinks(analyze *r)
{
    const sl_opts *o = r->o;
    static const char *const deflt[] = {"text"};
    const char *const *fmts = o->nsinks ? o->formats : deflt;
    size_t n = o->nsinks ? o->nsinks : 1;
    char err[512];
    for (size_t i = 0; i < n; i++) {
        const char *path = o->nsinks ? o->outputs[i] : NULL;
        sl_outfile *of = sl_outfile_open(path, err, sizeof err);
        if (!of) {
            sl_msg("%s", err);
            return false;
        }
        FILE *f = sl_outfile_stream(of);
        sl_sink_opts so = {.color = color_on(o, f) && !strcmp(fmts[i], "text"),
                           .version = SL_VERSION, .max_results = 25000, .group = o->group,
                           .inputs = o->args, .ninputs = o->nargs,
                           .timestamps = o->timestamps};
        r->outs[i] = of;
        if (sl_fanout_open(&r->fan, fmts[i], f, r->rs, &so, o->baseline || o->update_baseline,
                           r->fail_on) != SL_OK) {
            /* the stream's own error (e.g. a full disk) says more than "cannot start" */
            if (fflush(f) != 0 || ferror(f)) {
                if (!(f == stdout && errno == EPIPE)) /* its reader left (| head): quietly */
                    sl_msg("%s: %s", path ? path : "stdout", strerror(errno));
            }
            else
                sl_msg("cannot start the %s output", fmts[i]);
            return false;
        }
    }
    return true;
}

/* Ends every sink and renames its file into place; false if any write failed. */
static bool close_sinks(analyze *r, const sl_summary *sum, bool commit, bool stdout_closed)
{
    bool ok = true;
    char err[512];
    for (size_t i = 0; i < r->fan.n; i++) {
        sl_sink *s = r->fan.sinks[i];
        if (commit && s && s->vt->end(s, sum) != SL_OK) ok = false;
        const char *note = s ? sl_sink_note(s) : NULL;
        if (commit && note) sl_msg("%s", note);
        sl_sink_free(s);
        r->fan.sinks[i] = NULL;
        if (!r->outs[i]) continue;
        if (!commit) {
            sl_outfile_abort(r->outs[i]);
        } else if (sl_outfile_commit(r->outs[i], err, sizeof err) != SL_OK) {
            /* a reader of stdout that left (| head) is not worth a message */
            bool named = r->o->nsinks && r->o->outputs[i] && strcmp(r->o->outputs[i], "-") != 0;
            bool gone = stdout_closed || (!named && errno == EPIPE);
            if (!gone) sl_msg("%s", err);
            ok = false;
        }
        r->outs[i] = NULL;
    }
    r->fan.n = 0;
    return ok;
}

/* ---- the command ---- */

static uint64_t total_bytes(char **paths)
{
    uint64_t t = 0;
    struct stat st;
    for (char **p = paths; *p; p++)
        if (strcmp(*p, "-") != 0 && stat(*p, &st) == 0) t += (uint64_t)st.st_size;
    return t;
}

static bool start(analyze *r)
{
    const sl_opts *o = r->o;
    r->fail_on = o->fail_on >= 0 ? o->fail_on : r->cfg.fail_on >= 0 ? r->cfg.fail_on : SL_SEV_ERROR;
    r->fopts.csv_map = o->csv_map;
    const char *log_format = o->log_format ? o->log_format : r->cfg.log_format;
    if (log_format && !strcmp(log_format, "auto")) log_format = NULL;
    char err[512];
    if (log_format) {
        int col = 0;
        r->forced = sl_format_compile(log_format, &r->fopts, r->ft, err, sizeof err, &col);
        if (!r->forced && !o->log_format && r->have_cfg) {
            /* from the settings file: point at the character in it */
            int line, c;
            sl_config_log_format_pos(&r->cfg, col > 0 ? (size_t)col - 1 : 0, &line, &c);
            const char *msg = err;
            if (!strncmp(msg, "column ", 7) && (msg = strstr(msg, ": "))) msg += 2;
            else msg = err;
            sl_msg("%s:%d:%d: error: log_format: %s", settings_file(o), line, c, msg);
            return false;
        }
        if (!r->forced) {
            sl_msg("--log-format: %s", err);
            return false;
        }
    }
    if (o->baseline && !(r->baseline = sl_baseline_load(o->baseline, err, sizeof err))) {
        sl_msg("--baseline: %s", err);
        return false;
    }
    if (o->update_baseline) {
        if (!(r->baseline = sl_baseline_open(o->update_baseline, true, err, sizeof err))) {
            sl_msg("--update-baseline: %s", err);
            return false;
        }
        r->record = r->baseline;
    }
    if (o->write_baseline) r->record = sl_baseline_new();
    r->today = sl_baseline_today();
    sl_fanout_set_baseline(&r->fan, r->baseline, r->record, r->today);
    r->window = (sl_window){.on = o->since || o->until, .since = o->since ? o->since_t : INT64_MIN,
                            .until = o->until ? o->until_t : INT64_MAX};
    if (o->state) {
        if (!(r->state = sl_state_open(o->state, true, err, sizeof err)) ||
            sl_state_run_begin(r->state, (int64_t)time(NULL), err, sizeof err)) {
            sl_msg("%s", err);
            return false;
        }
    }
    return true;
}

/* After the engine: publish (or keep the previous files) and decide the exit status. */
static int publish(analyze *r, const sl_summary *sum)
{
    const sl_opts *o = r->o;
    bool stdout_closed = sl_analysis_stdout_closed(r->engine);
    /* A run that stopped before its inputs ended publishes nothing: the previous report
     * files stay as they were. One that read everything it could publishes its reports,
     * marked unsuccessful if an input was damaged, but never a baseline missing findings. */
    bool files = r->record != NULL;
    for (size_t i = 0; i < r->fan.n; i++) files |= r->outs[i] && o->outputs[i] &&
                                                      strcmp(o->outputs[i], "-") != 0;
    if (stdout_closed) {
        close_sinks(r, sum, false, true);
        if (files)
            sl_msg("standard output was closed before every input was read: report files "
                   "were not written (the previous ones are kept)");
        return 2;
    }
    bool out_ok = close_sinks(r, sum, true, false);
    char err[512];
    const char *bl_path = o->update_baseline ? o->update_baseline : o->write_baseline;
    const char *bl_flag = o->update_baseline ? "--update-baseline" : "--write-baseline";
    if (r->record && !sum->success) {
        sl_msg("%s: %s not written: not every input was read completely "
               "(the previous baseline is kept)", bl_flag, bl_path);
    } else if (r->record) {
        if (o->update_baseline) sl_baseline_expire(r->record, r->today, o->baseline_max_age);
        if (sl_baseline_write(r->record, bl_path, err, sizeof err)) {
            sl_msg("%s: %s", bl_flag, err);
            out_ok = false;
        }
    }
    sl_analysis_warn_limits(r->engine);
    if (!out_ok || !sum->success) return 2;
    /* a finding at or above --fail-on (baselined ones are not counted) */
    bool failed = false;
    for (int s = r->fail_on; r->fail_on != SL_SEV_NONE && s <= SL_SEV_ERROR; s++)
        failed |= sum->findings[s] > 0;
    return failed ? 1 : 0;
}

static void cleanup(analyze *r)
{
    sl_analysis_free(r->engine);
    for (size_t i = 0; i < r->fan.n; i++) sl_sink_free(r->fan.sinks[i]);
    sl_state_close(r->state);
    if (r->record != r->baseline) sl_baseline_free(r->record);
    sl_baseline_free(r->baseline);
    if (r->forced) sl_format_free(r->forced);
    if (r->have_cfg) sl_config_fini(&r->cfg);
    sl_ruleset_free(r->rs);
    sl_fields_free(r->ft);
}

/* Whether path was named on the command line ("-" always is). */
static bool named_input(const sl_opts *o, const char *path)
{
    bool named = !strcmp(path, "-");
    for (size_t i = 0; i < o->nargs && !named; i++) named = !strcmp(o->args[i], path);
    return named;
}

int sl_run_analyze(const sl_opts *o)
{
    static const char *const dash[] = {"-"};
    const char *const *args = o->args;
    size_t nargs = o->nargs;
    if (!nargs) {
        if (isatty(STDIN_FILENO)) {
            sl_msg("no input: give log files or directories, or - to read "
                            "stdin (see statuslint --help)");
            return 2;
        }
        args = dash, nargs = 1;
    }
    analyze *r = sl_xcalloc(1, sizeof *r);
    r->o = o;
    r->ft = sl_fields_new();
    sl_fanout_init(&r->fan);
    int64_t started = (int64_t)time(NULL);
    int rc = 2;
    if (!(r->rs = sl_setup_rules(o, r->ft, &r->cfg, &r->have_cfg)) || !start(r)) {
        cleanup(r);
        free(r);
        return 2;
    }
    sl_fields_freeze(r->ft);
    size_t npaths = 0, path_errors = 0, walk_skipped = 0;
    sl_walk_opts wo;
    sl_walk_opts_init(&wo, o, r->have_cfg ? &r->cfg : NULL);
    char **paths = sl_expand_paths(args, nargs, &wo, &npaths, &path_errors, &walk_skipped);
    sl_walk_opts_fini(&wo);
    bool prog = o->progress == 1 || (o->progress < 0 && isatty(STDERR_FILENO) && !sl_env_set("CI"));
    sl_progress_start(&r->prog, prog, total_bytes(paths));
    sl_msg_before(clear_bar, &r->prog);
    sl_analysis_cfg cfg = {
        .ft = r->ft, .forced = r->forced, .fopts = r->fopts, .threads = o->threads,
        .memory_budget = o->memory_budget, .quiet = o->quiet, .timestamps = o->timestamps,
        .aggregate_memory = o->aggregate_memory,
        .window = r->window, .state = r->state, .started = started, .ninputs = npaths,
        .walk_skipped = walk_skipped, .input_errors = path_errors,
        .hooks = {.ctx = r, .progress = on_progress, .file_done = on_file_done,
                  .before_findings = isatty(STDOUT_FILENO) ? on_findings : NULL,
                  .own = on_own, .report_kind = sl_outguard_report_kind}};
    r->engine = sl_analysis_new(&cfg, r->rs, &r->fan, say);
    sl_outfile_cleanup_on_signals();
    if (!sl_outguard_init(&r->guard, o, args, nargs)) {
        rc = 2;
    } else if (open_sinks(r)) {
        for (size_t i = 0; i < npaths; i++) {
            const char *name = strcmp(paths[i], "-") ? paths[i]
                                                     : o->stdin_filename ? o->stdin_filename : "-";
            if (!sl_analysis_add_input(r->engine, paths[i], name, named_input(o, paths[i]))) break;
        }
        sl_progress_end(&r->prog);
        rc = publish(r, sl_analysis_finish(r->engine));
    } else {
        close_sinks(r, NULL, false, false);
    }
    sl_msg_before(NULL, NULL);
    sl_free_paths(paths);
    cleanup(r);
    free(r);
    return rc;
}
