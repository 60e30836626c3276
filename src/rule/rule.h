/* rule.h: rule files (YAML + the expression language of docs/writing-rules.md), their compilation,
 * evaluation over records, self-tests, and project settings (.statuslint.yml).
 *
 * Life cycle (single-threaded setup, then shared read-only):
 *   rs = sl_ruleset_new(fields);
 *   sl_ruleset_add_buffer/add_file(...)   -- any number; errors accumulate in diags
 *   sl_ruleset_finish(rs, diags)          -- resolves macros/lists, compiles, checks ids
 *   sl_config_apply(...)                  -- disable / severity / suppress
 * Per input format: plan = sl_plan_new(rs, fmt, notice, ctx)  (rules switched off by `needs`)
 * Per thread:       ev = sl_evaluator_new(rs)   (pcre2 match data, scratch buffers)
 * Per record:       sl_evaluate(ev, plan, rec, hit_fn, ctx)
 *
 * Nothing here prints except the functions that take a FILE* (rules test/list/explain). */
#ifndef SL_RULE_H
#define SL_RULE_H
#include "base/sl_base.h"
#include "base/sl_diag.h"
#include "format/fmt.h"
#include "record/rec.h"
#include <stdio.h>

typedef struct sl_ruleset sl_ruleset;
typedef struct sl_plan sl_plan;
typedef struct sl_evaluator sl_evaluator;

/* Read-only description of one rule, owned by the ruleset. */
typedef struct sl_rule_info {
    const char *id;
    const char *title;
    const char *description;       /* rationale; may be NULL */
    sl_severity severity;          /* effective, after settings */
    sl_severity default_severity;  /* as written in the rule file */
    const int *codes;              /* dispatch codes; ncodes == 0 means any status */
    size_t ncodes;
    const int *suggest;
    size_t nsuggest;
    const char *const *references; /* "RFC 9110 §15.3.5" */
    size_t nrefs;
    const char *const *needs;      /* field names */
    size_t nneeds;
    const char *const *tags;
    size_t ntags;
    const char *message;           /* the template as written */
    const char *when;              /* the condition as written */
    const char *file;              /* where defined, e.g. "rules/webdav.yml" */
    int line;
    size_t tests_match, tests_no_match;
    const char *aggregate;         /* NULL for a per-line rule, else "aggregate" or "sequence" */
    bool enabled;                  /* false when disabled by settings or opt_in */
    bool opt_in;                   /* off only because the run lacks --aggregate (the built-in
                                    * pack's agg.* rules), not by settings */
} sl_rule_info;

sl_ruleset *sl_ruleset_new(sl_fields *ft);
void sl_ruleset_free(sl_ruleset *rs);
/* Parses one YAML rule document. name is used in diagnostics. text need not be
 * NUL-terminated. Returns SL_ERULE (and fills diags) on any error; keeps going to report
 * every error in the file. */
sl_status sl_ruleset_add_buffer(sl_ruleset *rs, const char *name, const char *text, size_t len,
                                sl_diags *d);
/* A file, or a directory (every *.yml / *.yaml inside, recursively, sorted). */
sl_status sl_ruleset_add_path(sl_ruleset *rs, const char *path, sl_diags *d);
/* The same, for a path named by a settings file: every file read must resolve (symbolic
 * links followed) inside root, an absolute path without symbolic links (sl_config's
 * rule_root); one that does not is an error and is not read. */
sl_status sl_ruleset_add_path_within(sl_ruleset *rs, const char *path, const char *root,
                                     sl_diags *d);
/* The built-in pack (rule/pack.h). */
sl_status sl_ruleset_add_builtin(sl_ruleset *rs, sl_diags *d);
/* Resolves lists and macros across files, compiles every rule, checks duplicate ids. */
sl_status sl_ruleset_finish(sl_ruleset *rs, sl_diags *d);

size_t sl_ruleset_count(const sl_ruleset *rs);
const sl_rule_info *sl_ruleset_info(const sl_ruleset *rs, size_t i);
/* Index of the rule with this id, or -1. */
long sl_ruleset_find(const sl_ruleset *rs, const char *id);
/* The id closest to a mistyped one (a small edit away, or holding it), or NULL. */
const char *sl_ruleset_nearest(const sl_ruleset *rs, const char *id);
/* The functions of the rule language, one "name(argument)<TAB>help" line each. */
void sl_rule_functions(FILE *f);
void sl_ruleset_set_severity(sl_ruleset *rs, size_t i, sl_severity sev);
void sl_ruleset_set_enabled(sl_ruleset *rs, size_t i, bool on);
/* Turns rule i off until the run asks for it (--aggregate): rules explain and list say so. */
void sl_ruleset_set_opt_in(sl_ruleset *rs, size_t i);
/* The `routes:` patterns of the settings (owned by the ruleset from now on; NULL: none). */
struct sl_routes;
void sl_ruleset_set_routes(sl_ruleset *rs, struct sl_routes *routes);
const struct sl_routes *sl_ruleset_routes(const sl_ruleset *rs);

/* ---- plans: which rules run for a given input format ---- */
/* notice is called once for every enabled rule switched off because fmt can never supply
 * one of its `needs` (field = that field's id). fmt may be NULL: every rule runs. */
typedef void (*sl_notice_fn)(void *ctx, size_t rule, int field);
sl_plan *sl_plan_new(const sl_ruleset *rs, const sl_format *fmt, sl_notice_fn notice, void *ctx);
void sl_plan_free(sl_plan *p);

/* ---- evaluation ---- */
/* Called for each rule that fires and is not suppressed. msg is the rendered message
 * template (raw field bytes: sinks escape), valid only during the call. */
typedef void (*sl_hit_fn)(void *ctx, size_t rule, sl_severity sev, const char *msg, size_t msglen);

/* Values longer than this are not regex-matched: the match gives up (counted as no match). */
#define SL_REGEX_SUBJECT_MAX ((size_t)64 << 10)

typedef struct sl_eval_stats {
    uint64_t suppressed;   /* hits dropped by a settings `suppress` entry */
    uint64_t regex_limit;  /* regex matches that gave up: a pcre2 limit, or a value longer
                              than SL_REGEX_SUBJECT_MAX (counted as no match) */
    const uint64_t *regex_limit_by_rule; /* [rule count]: the same, per rule */
} sl_eval_stats;

sl_evaluator *sl_evaluator_new(const sl_ruleset *rs);
void sl_evaluator_free(sl_evaluator *ev);
/* Runs the plan's rules for rec->status (rules dispatched by code, then code-less rules),
 * in ruleset order. Returns the number of hits. */
size_t sl_evaluate(sl_evaluator *ev, const sl_plan *p, const sl_record *rec, sl_hit_fn fn,
                   void *ctx);
const sl_eval_stats *sl_evaluator_stats(const sl_evaluator *ev);
/* Aggregate rules do not hit: each line they select is packed (payload, valid during the
 * call) for the aggregate state (rule/agg.h), which the caller feeds in input order. */
#define SL_AGG_PAYLOAD_MAX 2048 /* no more than a rendered message: SL_PACKED_MAX holds */
typedef void (*sl_agg_fn)(void *ctx, size_t rule, const void *payload, size_t len);
void sl_evaluator_on_aggregate(sl_evaluator *ev, sl_agg_fn fn, void *ctx);
/* Or packed in place, without a copy: room(ctx, rule) gives where to write at most
 * SL_AGG_PAYLOAD_MAX bytes (NULL: the line is not wanted), then done(ctx, rule, len) says
 * how many were written there. */
typedef char *(*sl_agg_room_fn)(void *ctx, size_t rule);
typedef void (*sl_agg_done_fn)(void *ctx, size_t rule, size_t len);
void sl_evaluator_pack_in_place(sl_evaluator *ev, sl_agg_room_fn room, sl_agg_done_fn done, void *ctx);
/* The route of rec's path (record/rec_route.h, with the ruleset's `routes:` patterns), NULL
 * when it has no path. Computed at most once per sl_evaluate, on first use: by a condition
 * or message that reads `route`, or by the hit callback. Valid until the next evaluation. */
sl_slice sl_evaluator_route(sl_evaluator *ev, const sl_record *rec);

/* ---- rules list / test / explain ---- */
/* `statuslint rules test`: runs every rule's inline tests (only rules from files whose
 * name is in only[], when nonly > 0). Prints "PASS id (m match, n no_match)" or
 * "FAIL id: ..." lines, then "N passed, N failed". Returns the number of failures. */
size_t sl_ruleset_selftest(const sl_ruleset *rs, FILE *out, const char *const *only, size_t nonly);
/* `statuslint rules list`: jsonl = one JSON object per rule, else an aligned table. */
void sl_ruleset_list(const sl_ruleset *rs, FILE *out, bool jsonl);
/* `statuslint rules explain ID`: title, severity, codes, rationale, references with
 * rfc-editor.org links, the condition, and the examples. */
void sl_rule_explain(const sl_ruleset *rs, size_t i, FILE *out);
/* "RFC 9110 §15.3.5" -> "https://www.rfc-editor.org/rfc/rfc9110#section-15.3.5";
 * false if ref is not an RFC reference. */
bool sl_reference_url(const char *ref, char *buf, size_t n);

/* ---- project settings (.statuslint.yml) ---- */
typedef struct sl_config {
    char **rule_paths;     /* `rules:` (relative to the settings file's directory) */
    size_t nrule_paths;
    char *log_format;      /* `log_format:` or NULL */
    int fail_on;           /* sl_severity, or -1 when unset */
    char *rule_root;       /* the tree rule_paths must stay in (resolved, absolute) */
    char **include, **exclude; /* `include:` / `exclude:` globs for directory walks */
    size_t ninclude, nexclude;
    void *priv;            /* disable / severity / suppress entries, applied later */
} sl_config;

/* Loads and checks a settings file (unknown keys are errors with a did-you-mean). Its rule
 * paths must stay inside the settings file's own directory tree: an absolute path or a `..`
 * leading out of it is an error. */
sl_status sl_config_load(const char *path, sl_config *cfg, sl_diags *d);
/* The same, with the tree widened (or moved) to root, a directory given on the command
 * line (--config-root); NULL means the settings file's directory. */
sl_status sl_config_load_within(const char *path, const char *root, sl_config *cfg, sl_diags *d);
/* Applies disable / severity / suppress to a finished ruleset. Unknown rule ids are errors.
 * A suppression whose `expires` date is before `now` adds a warning and is not applied. */
sl_status sl_config_apply(const sl_config *cfg, sl_ruleset *rs, int64_t now, sl_diags *d);
/* Where byte off of the `log_format:` value was written (0, 0 when unknown). */
void sl_config_log_format_pos(const sl_config *cfg, size_t off, int *line, int *col);
/* Line `line` (1-based) of the settings file, for a diagnostic's source line. */
bool sl_config_source_line(const sl_config *cfg, int line, const char **src, size_t *srclen);
void sl_config_fini(sl_config *cfg);

#endif
