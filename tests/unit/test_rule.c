/* test_rule.c: the rule engine: lexer, parser precedence, every operator, null semantics,
 * lists/ranges/macros, functions, regex limits, templates, plans and needs, diagnostics
 * (exact file:line:col and caret), deep nesting, and the self-test runner. */
#include "rule/rule_builtins.h"
#include "rule/rule_int.h"
#include "tinytest.h"
#include <stdlib.h>

static sl_fields *ft;

/* "k=v k=v": ~ as a value leaves the field absent. Values must not contain spaces. */
static void fill(sl_record *rec, const char *spec, char *store)
{
    sl_record_clear(rec);
    strcpy(store, spec);
    for (char *tok = strtok(store, " "); tok; tok = strtok(NULL, " ")) {
        char *eq = strchr(tok, '=');
        if (!eq) continue;
        *eq = 0;
        int id = sl_fields_intern(ft, tok, strlen(tok));
        if (id >= 0 && strcmp(eq + 1, "~") != 0) rec->v[id] = sl_slice_cstr(eq + 1);
    }
    sl_record_set_status(rec);
}

static sl_ruleset *load(const char *yml, sl_diags *d)
{
    sl_ruleset *rs = sl_ruleset_new(ft);
    sl_ruleset_add_buffer(rs, "t.yml", yml, strlen(yml), d);
    sl_ruleset_finish(rs, d);
    return rs;
}

static char ybuf[70000];

/* 1 fires, 0 does not, -1 the rule did not load. */
static int run_with(const char *prelude, const char *cond, const char *rec_spec, sl_eval_stats *st)
{
    sl_diags d;
    static sl_record rec;
    static char store[50000];
    sl_diags_init(&d);
    snprintf(ybuf, sizeof ybuf, "%srules:\n  - id: t\n    when: >-\n      %s\n", prelude, cond);
    sl_ruleset *rs = load(ybuf, &d);
    int out = -1;
    if (d.errors == 0 && sl_ruleset_count(rs) == 1) {
        sl_plan *p = sl_plan_new(rs, NULL, NULL, NULL);
        sl_evaluator *ev = sl_evaluator_new(rs);
        fill(&rec, rec_spec, store);
        out = (int)sl_evaluate(ev, p, &rec, NULL, NULL);
        if (st) *st = *sl_evaluator_stats(ev);
        sl_evaluator_free(ev);
        sl_plan_free(p);
    } else {
        sl_diags_print(&d, stderr, false);
    }
    sl_ruleset_free(rs);
    sl_diags_fini(&d);
    return out;
}

static int run(const char *cond, const char *rec_spec) { return run_with("", cond, rec_spec, NULL); }

/* The printed diagnostics of a rule file. */
static char *diag_text(const char *yml, char *out, size_t n)
{
    sl_diags d;
    sl_diags_init(&d);
    sl_ruleset *rs = load(yml, &d);
    FILE *f = fmemopen(out, n, "w");
    sl_diags_print(&d, f, false);
    fclose(f);
    sl_ruleset_free(rs);
    sl_diags_fini(&d);
    return out;
}

TEST(lexing)
{
    sl_arena a;
    lexer lx;
    sl_arena_init(&a, 0);
    const char *src = "a.b == \"x\\\"y\" and @l 500..599 !~ not";
    tkind want[] = {T_IDENT, T_EQ, T_STR, T_AND, T_LISTREF, T_INT, T_DOTDOT, T_INT, T_NMATCH, T_NOT, T_EOF};
    sl_rule_lex_init(&lx, src, strlen(src), &a);
    for (size_t i = 0; i < SL_ARRAY_LEN(want); i++) {
        token t = sl_rule_lex_next(&lx);
        INT_EQ(t.kind, want[i]);
        if (i == 2) MEM_EQ(t.s, t.n, "x\"y");
        if (i == 5) INT_EQ(t.i, 500);
    }
    sl_rule_lex_init(&lx, "a = 1", 5, &a);
    sl_rule_lex_next(&lx);
    INT_EQ(sl_rule_lex_next(&lx).kind, T_ERR);
    /* raw offsets: "a\+b" decodes to a\+b (unknown escape kept), "\n" to one byte */
    INT_EQ(sl_rule_lex_rawoff("\"a\\nb\"", 6, 2), 4);
    INT_EQ(sl_rule_lex_rawoff("\"a\\+b\"", 6, 2), 3);
    sl_arena_fini(&a);
}

TEST(precedence)
{
    sl_arena a;
    sl_diags d;
    sl_arena_init(&a, 0);
    sl_diags_init(&d);
    pexpr pe = {"not a == 1 or b == 2 and c == 3", 0, {0}, NULL};
    pe.len = strlen(pe.text);
    CHECK(sl_rule_parse(&pe, &a, &d));
    CHECK(pe.root && pe.root->kind == E_OR && pe.root->nkid == 2);
    if (pe.root && pe.root->nkid == 2) {
        INT_EQ(pe.root->kid[0]->kind, E_NOT);
        INT_EQ(pe.root->kid[0]->kid[0]->kind, E_CMP);
        INT_EQ(pe.root->kid[1]->kind, E_AND);
    }
    pexpr p2 = {"x not in (1, 2)", 15, {0}, NULL};
    CHECK(sl_rule_parse(&p2, &a, &d));
    CHECK(p2.root && p2.root->kind == E_CMP && p2.root->op == T_NOTIN);
    /* the or/and chain semantics */
    INT_EQ(run("status == 1 or status == 207 and method == \"GET\"", "status=207 method=POST"), 0);
    INT_EQ(run("(status == 1 or status == 207) and not method == \"GET\"", "status=207 method=POST"), 1);
    INT_EQ(run("not not status == 207", "status=207"), 1);
    sl_diags_fini(&d);
    sl_arena_fini(&a);
}

TEST(operators)
{
    INT_EQ(run("method == \"GET\"", "method=GET"), 1);
    INT_EQ(run("method == 'get'", "method=GET"), 0); /* byte-exact */
    INT_EQ(run("method != \"GET\"", "method=POST"), 1);
    INT_EQ(run("bytes < 10", "bytes=9"), 1);
    INT_EQ(run("bytes <= 10", "bytes=10"), 1);
    INT_EQ(run("bytes > 10", "bytes=10"), 0);
    INT_EQ(run("bytes >= 10", "bytes=10"), 1);
    INT_EQ(run("bytes == 0", "bytes=0.5"), 1); /* the fraction is dropped */
    INT_EQ(run("path =~ \"^/api/[0-9]+$\"", "path=/api/12"), 1);
    INT_EQ(run("path !~ \"^/api\"", "path=/web"), 1);
    INT_EQ(run("path startswith \"/dav\"", "path=/dav/x"), 1);
    INT_EQ(run("path endswith \".xml\"", "path=/a.xml"), 1);
    INT_EQ(run("user_agent contains \"bot\"", "user_agent=googlebot/2"), 1);
    INT_EQ(run("user_agent contains \"bot\"", "user_agent=curl"), 0);
    INT_EQ(run("method in (\"GET\", \"HEAD\")", "method=HEAD"), 1);
    INT_EQ(run("method not in (\"GET\", \"HEAD\")", "method=HEAD"), 0);
    INT_EQ(run("status in 500..599", "status=503"), 1);
    INT_EQ(run("status not in 500..599", "status=503"), 0);
    INT_EQ(run("status in (301, 302)", "status=302"), 1);
    INT_EQ(run("upstream_status != status", "status=502 upstream_status=504"), 1);
    INT_EQ(run("request_time > 10", "request_time=abc"), 0); /* non-numeric is null */
}

TEST(null_semantics)
{
    INT_EQ(run("method == \"GET\"", "status=200"), 0);
    INT_EQ(run("method != \"GET\"", "status=200"), 0);
    INT_EQ(run("method not in (\"GET\")", "status=200"), 0);
    INT_EQ(run("path !~ \"x\"", "status=200"), 0);
    INT_EQ(run("bytes != 0", "status=200"), 0);
    INT_EQ(run("not method == \"GET\"", "status=200"), 1);
    INT_EQ(run("exists(method)", "status=200"), 0);
    INT_EQ(run("exists(method)", "method=GET"), 1);
    INT_EQ(run("not exists(content_type)", "status=200"), 1);
    INT_EQ(run("status != 200", "method=GET"), 0); /* no status at all */
    INT_EQ(run("len(referer) == 0", "status=200"), 0);
}

TEST(lists_ranges_macros)
{
    const char *pre = "lists:\n  dav: [PROPFIND, COPY]\n  redirects: [301, 302]\n"
                      "macros:\n  is_dav: method in @dav\n  dav_ok: is_dav and status == 207\n";
    INT_EQ(run_with(pre, "method in @dav", "method=COPY", NULL), 1);
    INT_EQ(run_with(pre, "method not in @dav", "method=GET", NULL), 1);
    INT_EQ(run_with(pre, "status in @redirects", "status=301", NULL), 1);
    INT_EQ(run_with(pre, "status in @redirects", "status=307", NULL), 0);
    INT_EQ(run_with(pre, "dav_ok", "method=PROPFIND status=207", NULL), 1);
    INT_EQ(run_with(pre, "not dav_ok", "method=GET status=207", NULL), 1);
    INT_EQ(run_with(pre, "method in @nope", "method=GET", NULL), -1);
    INT_EQ(run("status in 600..500", "status=550"), -1); /* empty range */
    INT_EQ(run("method in (1, \"a\")", "method=GET"), -1); /* mixed list */
}

TEST(functions)
{
    INT_EQ(run("lower(method) == \"get\"", "method=GeT"), 1);
    INT_EQ(run("lower(content_type) startswith \"text/\"", "content_type=TEXT/html"), 1);
    INT_EQ(run("lower(user_agent) =~ \"bot\"", "user_agent=GoogleBot"), 1);
    INT_EQ(run("len(path) > 3", "path=/abcd"), 1);
    INT_EQ(run("len(path) > 3", "path=/a"), 0);
    INT_EQ(run("len(\"abc\") == 3", "path=/a"), 1);
    INT_EQ(run("registered(status)", "status=207"), 1);
    INT_EQ(run("registered(status)", "status=299"), 0);
    INT_EQ(run("not registered(status)", "status=600"), 1);
    INT_EQ(run("exists(req.x_forwarded_for)", "req.x_forwarded_for=1.2.3.4"), 1);
    INT_EQ(run("lower(method)", "method=GET"), -1);   /* a value is not a condition */
    INT_EQ(run("exists(\"x\")", "method=GET"), -1);
    INT_EQ(run("method", "method=GET"), -1);          /* a field is not a condition */
    INT_EQ(run("bytes > \"abc\"", "bytes=1"), -1);    /* numbers vs strings */
    INT_EQ(run("lower(referer) == \"\"", "referer="), 1); /* present but empty stays present */
    INT_EQ(run("lower(referer) == \"\"", "referer=~"), 0);
    INT_EQ(run("len(referer) == 0", "referer="), 1);
    INT_EQ(run("lower(lower(method)) == \"get\"", "method=GET"), 1); /* calls nest */
    INT_EQ(run("len(lower(path)) == 4", "path=/ABC"), 1);
    INT_EQ(run("lower(\"AbC\") == \"abc\"", "path=/a"), 1); /* folded at compile time */
    INT_EQ(run("registered(\"404\")", "path=/a"), 1);
    INT_EQ(run("registered(upstream_status)", "upstream_status=abc"), 0); /* not a number */
    INT_EQ(run("lower(1) == \"1\"", "path=/a"), -1);
    INT_EQ(run("len(method, path) > 1", "path=/a"), -1);
    INT_EQ(run("exists(method) == 1", "method=GET"), -1);
}

/* The functions table: what compile, eval and did-you-mean rely on in every row. */
TEST(builtins_table)
{
    size_t n = 0;
    for (; sl_builtins[n].name; n++) {
        const sl_builtin *b = &sl_builtins[n];
        CHECK(b->eval && b->sig && *b->sig && b->help && *b->help && b->nargs == 1);
        CHECK(b->ret != FN_FIELD && b->arg != FN_COND);
        CHECK(!(b->fold && b->ret == FN_COND)); /* conditions are evaluated per record */
        INT_EQ(sl_builtin_find(b->name, strlen(b->name)), (long long)n);
        for (size_t j = 0; j < n; j++) CHECK(strcmp(sl_builtins[j].name, b->name) != 0);
    }
    INT_EQ(n, 4);
    INT_EQ(sl_builtin_find("lenx", 4), -1);
    INT_EQ(sl_builtin_find("lenx", 3), 2);
    const char *names[8];
    INT_EQ(sl_builtin_names(names, 8), 4);
    INT_EQ(sl_builtin_names(names, 2), 2);
    STR_EQ(names[1], "lower");
    char out[4096];
    diag_text("rules:\n  - id: a\n    when: lenn(path) > 3\n", out, sizeof out);
    STR_EQ(out, "t.yml:3:11: error: unknown function 'lenn'; did you mean 'len'?\n"
                "      when: lenn(path) > 3\n"
                "            ^~~~~~~~~~\n");
    diag_text("rules:\n  - id: a\n    when: exist(path)\n", out, sizeof out);
    CHECK(strstr(out, "error: unknown function 'exist'; did you mean 'exists'?\n"));
    diag_text("rules:\n  - id: a\n    when: foo(path) == 1\n", out, sizeof out);
    CHECK(strstr(out, "error: unknown function 'foo'\n"));
    diag_text("rules:\n  - id: a\n    when: exists(method) == 1\n", out, sizeof out);
    CHECK(strstr(out, "error: exists() is a condition, not a value\n"));
    diag_text("rules:\n  - id: a\n    when: len(path)\n", out, sizeof out);
    CHECK(strstr(out, "error: len() gives a value, not a condition; compare it\n"));
    diag_text("rules:\n  - id: a\n    when: lower(path, method) == \"x\"\n", out, sizeof out);
    CHECK(strstr(out, "error: lower() takes one argument\n"));
    diag_text("rules:\n  - id: a\n    when: exists(\"x\")\n", out, sizeof out);
    CHECK(strstr(out, "error: exists() takes a field name\n"));
    diag_text("rules:\n  - id: a\n    when: len(3) > 1\n", out, sizeof out);
    CHECK(strstr(out, "error: len() takes a string or a field\n"));
}

TEST(regex_limit)
{
    static char spec[40100];
    sl_eval_stats st;
    memcpy(spec, "path=", 5);
    memset(spec + 5, 'a', 40000);
    strcpy(spec + 40005, "b");
    memset(&st, 0, sizeof st);
    INT_EQ(run_with("", "path =~ \"(a+)+$\"", spec, &st), 0);
    CHECK(st.regex_limit >= 1);
    memset(&st, 0, sizeof st);
    INT_EQ(run_with("", "path !~ \"(a+)+$\"", spec, &st), 0); /* a limit hit is false both ways */
    CHECK(st.regex_limit >= 1);
    /* a short subject goes to the JIT'ed code straight: the match limit holds there too */
    memset(spec + 5, 'a', 40);
    strcpy(spec + 45, "b");
    memset(&st, 0, sizeof st);
    INT_EQ(run_with("", "path =~ \"(a+)+$\"", spec, &st), 0);
    CHECK(st.regex_limit >= 1);
    /* (*UTF) patterns keep pcre2_match's check of the subject: bad UTF-8 is no match */
    INT_EQ(run("user_agent =~ \"(*UTF)^.a\"", "user_agent=\xc3\xa9" "a"), 1);
    INT_EQ(run("user_agent =~ \"(*UTF)^.a\"", "user_agent=\xff\xfe" "a"), 0);
    INT_EQ(run("user_agent =~ \"(*UTF)^.a\"", "user_agent=\xc3" "a"), 0);
}

typedef struct hit {
    size_t n, rule;
    char msg[256];
    sl_severity sev;
} hit;

static void on_hit(void *ctx, size_t ri, sl_severity sev, const char *msg, size_t len)
{
    hit *h = ctx;
    h->n++, h->rule = ri, h->sev = sev;
    snprintf(h->msg, sizeof h->msg, "%.*s", (int)len, msg);
}

TEST(templates)
{
    sl_diags d;
    sl_record rec;
    char store[256];
    hit h = {0};
    sl_diags_init(&d);
    sl_ruleset *rs = load("rules:\n  - id: a\n    severity: error\n    when: status == 207\n"
                          "    message: \"{method} {path} got {status} {{literal}} ({content_type})\"\n",
                          &d);
    INT_EQ(d.errors, 0);
    sl_plan *p = sl_plan_new(rs, NULL, NULL, NULL);
    sl_evaluator *ev = sl_evaluator_new(rs);
    fill(&rec, "method=GET path=/x status=207", store);
    INT_EQ(sl_evaluate(ev, p, &rec, on_hit, &h), 1);
    STR_EQ(h.msg, "GET /x got 207 {literal} (-)");
    INT_EQ(h.sev, SL_SEV_ERROR);
    sl_evaluator_free(ev);
    sl_plan_free(p);
    sl_ruleset_free(rs);
    sl_diags_fini(&d);
    char out[2048];
    diag_text("rules:\n  - id: a\n    when: status == 207\n    message: \"{methd} x\"\n", out, sizeof out);
    STR_EQ(out, "t.yml:4:16: error: unknown field 'methd'; did you mean 'method'?\n"
                "      message: \"{methd} x\"\n"
                "                 ^~~~~\n");
}

static size_t notices;
static int notice_field;
static void on_notice(void *ctx, size_t ri, int field)
{
    (void)ctx, (void)ri;
    notices++, notice_field = field;
}

TEST(plans_and_needs)
{
    sl_diags d;
    sl_record rec;
    char store[256];
    hit h = {0};
    sl_diags_init(&d);
    sl_ruleset *rs = load("rules:\n"
                          "  - id: ct\n    codes: [207]\n    needs: [content_type]\n    when: content_type == \"x\"\n"
                          "  - id: any\n    when: not registered(status)\n"
                          "  - id: body\n    when: status == 204 and bytes > 0\n"
                          "  - id: off\n    codes: [200]\n    when: status == 200\n",
                          &d);
    INT_EQ(d.errors, 0);
    INT_EQ(sl_ruleset_count(rs), 4);
    sl_ruleset_set_enabled(rs, 3, false);
    sl_format fmt;
    memset(&fmt, 0, sizeof fmt);
    sl_fieldset_add(&fmt.fields, SL_F_STATUS);
    sl_fieldset_add(&fmt.fields, SL_F_BYTES);
    fmt.bytes_total_only = true;
    notices = 0;
    sl_plan *p = sl_plan_new(rs, &fmt, on_notice, NULL);
    INT_EQ(notices, 2); /* ct: no content_type; body: bytes are total bytes */
    sl_evaluator *ev = sl_evaluator_new(rs);
    fill(&rec, "status=600", store);
    INT_EQ(sl_evaluate(ev, p, &rec, on_hit, &h), 1); /* out-of-range status reaches code-less rules */
    INT_EQ(h.rule, 1);
    fill(&rec, "status=200", store);
    h.n = 0;
    sl_evaluate(ev, p, &rec, on_hit, &h);
    INT_EQ(h.n, 0); /* disabled */
    if (h.n) fprintf(stderr, "fired: %zu %s\n", h.rule, h.msg);
    sl_plan_free(p);
    p = sl_plan_new(rs, NULL, NULL, NULL);
    fill(&rec, "status=207 content_type=x", store);
    INT_EQ(sl_evaluate(ev, p, &rec, on_hit, &h), 1);
    fill(&rec, "status=204 bytes=5", store);
    INT_EQ(sl_evaluate(ev, p, &rec, on_hit, &h), 1);
    fill(&rec, "bytes=5", store); /* status -1 still reaches code-less rules; not(null) is true */
    INT_EQ(sl_evaluate(ev, p, &rec, on_hit, &h), 1);
    INT_EQ(h.rule, 1);
    sl_evaluator_free(ev);
    sl_plan_free(p);
    sl_ruleset_free(rs);
    sl_diags_fini(&d);
}

TEST(diagnostics)
{
    char out[4096];
    diag_text("rules:\n  - id: a\n    when: status == 207\n    severty: info\n", out, sizeof out);
    STR_EQ(out, "t.yml:4:5: error: unknown key 'severty' in rule; did you mean 'severity'?\n"
                "      severty: info\n"
                "      ^~~~~~~\n");
    diag_text("rules:\n  - id: a\n    when: status == 207 and methd == \"GET\"\n", out, sizeof out);
    STR_EQ(out, "t.yml:3:29: error: unknown name 'methd'; did you mean 'method'?\n"
                "      when: status == 207 and methd == \"GET\"\n"
                "                              ^~~~~\n");
    diag_text("rules:\n  - id: a\n    codes: [207]\n    when: status == 208\n", out, sizeof out);
    STR_EQ(out, "t.yml:3:13: error: code 207 disagrees with `when`, which requires status 208\n"
                "      codes: [207]\n"
                "              ^~~\n");
    /* the pcre2 error offset maps back into the YAML string, through both escape layers */
    diag_text("rules:\n  - id: a\n    when: \"path =~ '\\\\d+(x'\"\n", out, sizeof out);
    STR_EQ(out, "t.yml:3:27: error: invalid regular expression: missing closing parenthesis\n"
                "      when: \"path =~ '\\\\d+(x'\"\n"
                "                            ^\n");
    diag_text("rules:\n  - id: Bad_Id\n    when: status == 1\n  - id: x\n    when: status == 1\n"
              "  - id: x\n    when: status ==\n",
              out, sizeof out);
    CHECK(strstr(out, "t.yml:2:9: error: rule id 'Bad_Id' must use only a-z, 0-9, '.' and '-'"));
    CHECK(strstr(out, "t.yml:6:9: error: duplicate rule id 'x' (first defined at t.yml:4)"));
    CHECK(strstr(out, "t.yml:7:20: error: expected a field, a string, a number or '(', found the end"));
}

TEST(robustness)
{
    char out[8192];
    static char big[80000];
    /* self-referencing macros, in a cycle */
    diag_text("macros:\n  a: b\n  b: a and status == 1\nrules:\n  - id: r\n    when: a\n", out, sizeof out);
    CHECK(strstr(out, "macro 'a' refers to itself"));
    CHECK(strstr(out, "t.yml:6:11: error: macro 'a' has errors"));
    /* 10,000-deep nesting in an expression */
    size_t k = (size_t)snprintf(big, sizeof big, "rules:\n  - id: r\n    when: \"");
    for (int i = 0; i < 10000; i++) big[k++] = '(';
    k += (size_t)snprintf(big + k, sizeof big - k, "status == 1\"\n");
    diag_text(big, out, sizeof out);
    CHECK(strstr(out, "expression nested too deeply"));
    /* and in YAML */
    k = (size_t)snprintf(big, sizeof big, "rules: ");
    for (int i = 0; i < 10000; i++) big[k++] = '[';
    big[k] = 0;
    diag_text(big, out, sizeof out);
    CHECK(strstr(out, "YAML nested deeper than"));
    /* non-UTF-8 bytes */
    diag_text("rules:\n  - id: r\n    when: status == \xff\xfe\n", out, sizeof out);
    /* not YAML: the place is named, the text (it may not be a rule file at all) is not shown */
    STR_EQ(out, "t.yml:3:21: error: invalid YAML: invalid leading UTF-8 octet (rule files are UTF-8)\n");
    /* many errors at once */
    diag_text("bogus: 1\nrules:\n  - id: a\n    when: x ==\n  - id: b\n    when: status == 1\n    severity: fatal\n",
              out, sizeof out);
    CHECK(strstr(out, "t.yml:1:1: error: unknown key 'bogus'"));
    CHECK(strstr(out, "t.yml:4:"));
    CHECK(strstr(out, "t.yml:7:15: error: severity must be error, warning or info"));
}

TEST(codes_dispatch)
{
    /* a rule without codes is dispatched by what `when` requires of status */
    sl_diags d;
    sl_diags_init(&d);
    sl_ruleset *rs = load("rules:\n  - id: a\n    when: status in (207, 208) and method == \"GET\"\n"
                          "  - id: b\n    when: status >= 500 or method == \"X\"\n", &d);
    INT_EQ(d.errors, 0);
    INT_EQ(rs->rules[0].anystatus, 0);
    INT_EQ(rs->rules[0].ndisp, 2);
    INT_EQ(rs->rules[1].anystatus, 1);
    sl_ruleset_free(rs);
    sl_diags_fini(&d);
}

static const char *selftest_yml =
    "rules:\n"
    "  - id: good\n    codes: [207]\n    when: method == \"GET\"\n"
    "    tests:\n      match: ['203.0.113.7 - - [01/Jun/2026:10:00:00 +0000] \"GET /x HTTP/1.1\" 207 90 \"-\" \"curl/8\"']\n"
    "      no_match: [{method: PROPFIND, target: /dav/?a=1, status: 207}, {method: GET, status: 200}]\n"
    "  - id: wrong\n    when: method == \"GET\"\n"
    "    tests:\n      match: [{method: POST, status: 200}]\n      no_match: [{method: HEAD}]\n"
    "  - id: query\n    when: query == \"a=1\"\n"
    "    tests:\n      match: [{target: /p?a=1}]\n      no_match: [{target: /p}]\n";

TEST(selftest)
{
    sl_diags d;
    char out[4096];
    sl_diags_init(&d);
    sl_ruleset *rs = load(selftest_yml, &d);
    INT_EQ(d.errors, 0);
    FILE *f = fmemopen(out, sizeof out, "w");
    INT_EQ(sl_ruleset_selftest(rs, f, NULL, 0), 1);
    fclose(f);
    STR_EQ(out, "PASS good (1 match, 2 no_match)\n"
                "FAIL wrong: match case 1 did not fire: {method: POST, status: 200}\n"
                "PASS query (1 match, 1 no_match)\n"
                "2 passed, 1 failed\n");
    sl_ruleset_free(rs);
    sl_diags_fini(&d);
}

TEST(list_explain_refs)
{
    char url[200], out[4096];
    CHECK(sl_reference_url("RFC 9110 §15.3.5", url, sizeof url));
    STR_EQ(url, "https://www.rfc-editor.org/rfc/rfc9110#section-15.3.5");
    CHECK(sl_reference_url("RFC 4918 App. B", url, sizeof url));
    STR_EQ(url, "https://www.rfc-editor.org/rfc/rfc4918#appendix-B");
    CHECK(sl_reference_url("RFC 7538", url, sizeof url));
    STR_EQ(url, "https://www.rfc-editor.org/rfc/rfc7538");
    CHECK(!sl_reference_url("MDN: 207", url, sizeof url));
    sl_diags d;
    sl_diags_init(&d);
    sl_ruleset *rs = load("rules:\n  - id: a.b\n    title: T \"q\"\n    codes: [207]\n    when: status == 207\n"
                          "    references: [\"RFC 4918 §13\"]\n"
                          "    tests: {match: [{status: 207}], no_match: [{status: 200}]}\n", &d);
    FILE *f = fmemopen(out, sizeof out, "w");
    sl_ruleset_list(rs, f, true);
    fclose(f);
    STR_EQ(out, "{\"id\":\"a.b\",\"title\":\"T \\\"q\\\"\",\"severity\":\"warning\",\"codes\":[207],"
                "\"references\":[\"RFC 4918 §13\"],\"tests\":{\"match\":1,\"no_match\":1}}\n");
    f = fmemopen(out, sizeof out, "w");
    sl_rule_explain(rs, 0, f);
    fclose(f);
    CHECK(strstr(out, "RFC 4918 §13  https://www.rfc-editor.org/rfc/rfc4918#section-13"));
    CHECK(strstr(out, "Condition:\n  status == 207"));
    CHECK(strstr(out, "{status: 207}"));
    sl_ruleset_free(rs);
    sl_diags_fini(&d);
}

TEST(builtin_pack)
{
    sl_diags d;
    char out[4096];
    sl_diags_init(&d);
    sl_ruleset *rs = sl_ruleset_new(ft);
    sl_ruleset_add_builtin(rs, &d);
    sl_ruleset_finish(rs, &d);
    FILE *f = fmemopen(out, sizeof out, "w");
    sl_diags_print(&d, f, false);
    fclose(f);
    INT_EQ(d.errors, 0);
    if (d.errors) fputs(out, stderr);
    for (size_t i = 0; i < sl_ruleset_count(rs); i++) /* plans hold every rule */
        CHECK(sl_ruleset_info(rs, i)->id != NULL);
    sl_ruleset_free(rs);
    sl_diags_fini(&d);
}

int main(void)
{
    ft = sl_fields_new();
    RUN(lexing);
    RUN(precedence);
    RUN(operators);
    RUN(null_semantics);
    RUN(lists_ranges_macros);
    RUN(functions);
    RUN(builtins_table);
    RUN(regex_limit);
    RUN(templates);
    RUN(plans_and_needs);
    RUN(diagnostics);
    RUN(robustness);
    RUN(codes_dispatch);
    RUN(selftest);
    RUN(list_explain_refs);
    RUN(builtin_pack);
    sl_fields_free(ft);
    return tt_report();
}
