/* rule_report.c: what `statuslint rules list` and `rules explain` print, and the mapping of
 * "RFC 9110 §15.3.5" references to rfc-editor.org URLs. Reads the ruleset only; writes to
 * the FILE* it is given and nowhere else. Rule text comes from files anyone may have written:
 * text output goes through the terminal escaper (base/sl_term.h). */
#include "base/sl_term.h"
#include "rule/rule_int.h"
#include <stdio.h>

/* ================= references ================= */

static const char *skip_ws(const char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    return s;
}

static const char *skip_word(const char *s, const char *w)
{
    size_t n = strlen(w);
    return strncmp(s, w, n) == 0 ? skip_ws(s + n) : NULL;
}

bool sl_reference_url(const char *ref, char *buf, size_t n)
{
    const char *s = skip_ws(ref ? ref : ""), *t;
    long rfc = 0;
    bool appendix = false;
    if (strncmp(s, "RFC", 3) != 0) return false;
    s = skip_ws(s + 3);
    if (*s < '0' || *s > '9') return false;
    while (*s >= '0' && *s <= '9' && rfc < 100000) rfc = rfc * 10 + (*s++ - '0');
    s = skip_ws(s);
    if ((t = skip_word(s, "\xc2\xa7")) || (t = skip_word(s, "Section")) || (t = skip_word(s, "Sec.")))
        s = t;
    else if ((t = skip_word(s, "App.")) || (t = skip_word(s, "Appendix")))
        s = t, appendix = true;
    else
        s = "";
    size_t k = 0;
    while ((s[k] >= '0' && s[k] <= '9') || (s[k] >= 'A' && s[k] <= 'Z') || (s[k] >= 'a' && s[k] <= 'z') ||
           s[k] == '.')
        k++;
    while (k && s[k - 1] == '.') k--;
    if (k && !appendix && ((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z'))) appendix = true;
    int w = k ? snprintf(buf, n, "https://www.rfc-editor.org/rfc/rfc%ld#%s-%.*s", rfc,
                         appendix ? "appendix" : "section", (int)k, s)
              : snprintf(buf, n, "https://www.rfc-editor.org/rfc/rfc%ld", rfc);
    return w > 0 && (size_t)w < n;
}

/* ================= rules list ================= */

static void codes_text(const sl_rule_info *ri, char *buf, size_t n)
{
    size_t k = 0;
    buf[0] = 0;
    if (!ri->ncodes) snprintf(buf, n, "any");
    for (size_t i = 0; i < ri->ncodes && k + 8 < n; i++)
        k += (size_t)snprintf(buf + k, n - k, "%s%d", i ? "," : "", ri->codes[i]);
}

static void list_jsonl(const sl_rule_info *ri, FILE *out)
{
    fputs("{\"id\":", out);
    sl_rule_json_str(out, ri->id, strlen(ri->id));
    fputs(",\"title\":", out);
    sl_rule_json_str(out, ri->title, strlen(ri->title));
    fprintf(out, ",\"severity\":\"%s\",\"codes\":[", sl_severity_name(ri->severity));
    for (size_t i = 0; i < ri->ncodes; i++) fprintf(out, "%s%d", i ? "," : "", ri->codes[i]);
    fputs("],\"references\":[", out);
    for (size_t i = 0; i < ri->nrefs; i++) {
        if (i) fputc(',', out);
        sl_rule_json_str(out, ri->references[i], strlen(ri->references[i]));
    }
    fprintf(out, "],\"tests\":{\"match\":%zu,\"no_match\":%zu}", ri->tests_match, ri->tests_no_match);
    if (ri->aggregate) fprintf(out, ",\"kind\":\"%s\"", ri->aggregate);
    fputs("}\n", out);
}

void sl_ruleset_list(const sl_ruleset *rs, FILE *out, bool jsonl)
{
    int wid = 2, wcodes = 5;
    char codes[128];
    for (size_t i = 0; i < rs->nrules; i++) {
        const sl_rule_info *ri = &rs->rules[i].info;
        codes_text(ri, codes, sizeof codes);
        if ((int)strlen(ri->id) > wid) wid = (int)strlen(ri->id);
        if ((int)strlen(codes) > wcodes) wcodes = (int)strlen(codes);
    }
    if (!jsonl) fprintf(out, "%-*s  %-8s  %-*s  %s\n", wid, "ID", "SEVERITY", wcodes, "CODES", "TITLE");
    for (size_t i = 0; i < rs->nrules; i++) {
        const sl_rule_info *ri = &rs->rules[i].info;
        if (jsonl) {
            list_jsonl(ri, out);
            continue;
        }
        codes_text(ri, codes, sizeof codes);
        fprintf(out, "%-*s  %-8s  %-*s  ", wid, ri->id, sl_severity_name(ri->severity), wcodes, codes);
        sl_term_puts(out, ri->title); /* rule text is data: shown, never acted on */
        if (ri->aggregate) fprintf(out, " [%s]", ri->aggregate);
        fprintf(out, "%s\n", ri->enabled ? "" : ri->opt_in ? " (off: --aggregate)" : " (disabled)");
    }
}

/* ================= rules explain ================= */

static void print_ints(FILE *out, const char *label, const int *v, size_t n)
{
    if (!n) return;
    fprintf(out, "%s", label);
    for (size_t i = 0; i < n; i++) fprintf(out, "%s%d", i ? ", " : "", v[i]);
    fputc('\n', out);
}

static void print_cases(FILE *out, const rule *r, bool match)
{
    bool any = false;
    for (size_t i = 0; i < r->ncases; i++) {
        if (r->cases[i].match != match) continue;
        if (!any) fprintf(out, "\n%s:\n", match ? "Examples that match" : "Examples that do not match");
        any = true;
        fputs("  ", out);
        sl_term_puts(out, r->cases[i].shown);
        fputc('\n', out);
        const aggcase *ac = r->cases[i].agg;
        for (size_t k = 0; ac && k < ac->nlines; k++) { /* a sequence of lines: each, and how often */
            fputs("    ", out);
            sl_term_puts(out, ac->lines[k].c.shown);
            if (ac->lines[k].repeat > 1)
                fprintf(out, "  (%u times, %llds apart)", ac->lines[k].repeat, (long long)ac->lines[k].every);
            fputc('\n', out);
        }
        if (ac && ac->findings >= 0) fprintf(out, "    -> %lld finding(s)\n", (long long)ac->findings);
        if (ac && ac->count >= 0) fprintf(out, "    -> count %lld\n", (long long)ac->count);
    }
}

static void dur(FILE *out, const char *label, int64_t s)
{
    static const struct { int64_t n; char u; } unit[] = {{86400, 'd'}, {3600, 'h'}, {60, 'm'}};
    for (size_t k = 0; k < SL_ARRAY_LEN(unit); k++)
        if (s && s % unit[k].n == 0) {
            fprintf(out, "%s%lld%c", label, (long long)(s / unit[k].n), unit[k].u);
            return;
        }
    fprintf(out, "%s%llds", label, (long long)s);
}

static void explain_expr(FILE *out, const char *label, const pexpr *pe)
{
    if (!pe->text) return;
    fputs(label, out);
    sl_term_write(out, pe->text, pe->len, false);
}

/* The aggregate or sequence block, as the rule file has it. */
static void explain_agg(FILE *out, const sl_ruleset *rs, const rule *r)
{
    const aggspec *a = r->agg;
    fprintf(out, "\n\n%s:\n  by:", a->seq ? "Sequence" : "Aggregate");
    if (!a->nby) fputs(" (one group for the whole log)", out);
    for (size_t i = 0; i < a->nby; i++) {
        fputs(i ? ", " : " ", out);
        sl_term_puts(out, sl_fields_name(rs->ft, a->by[i]));
    }
    dur(out, a->seq ? "\n  within: " : "\n  window: ", a->window);
    for (size_t i = 0; i < a->nctr; i++) {
        fputs("\n  count ", out);
        sl_term_puts(out, a->ctr_name[i]);
        explain_expr(out, ": ", &a->ctr[i]);
    }
    if (a->distinct >= 0) {
        fputs("\n  distinct: ", out);
        sl_term_puts(out, sl_fields_name(rs->ft, a->distinct));
    }
    explain_expr(out, "\n  having: ", &a->having);
    explain_expr(out, "\n  first: ", &a->first);
    explain_expr(out, "\n  then: ", &a->then);
    explain_expr(out, "\n  chain link: ", &a->link);
    if (a->visit >= 0) {
        fputs("\n  chain visit: ", out);
        sl_term_puts(out, sl_fields_name(rs->ft, a->visit));
    }
    if (a->seq && a->next) fputs("\n  next: true (only the key's next line may complete it)", out);
    dur(out, "\n  cooldown: ", a->cooldown);
}

void sl_rule_explain(const sl_ruleset *rs, size_t i, FILE *out)
{
    if (i >= rs->nrules) return;
    const rule *r = &rs->rules[i];
    const sl_rule_info *ri = &r->info;
    char url[256];
    fprintf(out, "%s: ", ri->id);
    sl_term_puts(out, ri->title);
    fputs("\n\n", out);
    fprintf(out, "Severity: %s", sl_severity_name(ri->severity));
    if (ri->severity != ri->default_severity)
        fprintf(out, " (rule file says %s)", sl_severity_name(ri->default_severity));
    fprintf(out, "%s\n", ri->enabled  ? ""
                          : ri->opt_in ? ", off: runs with --aggregate"
                                       : ", disabled by settings");
    if (ri->ncodes) print_ints(out, "Codes: ", ri->codes, ri->ncodes);
    else fprintf(out, "Codes: any\n");
    fputs("Defined in: ", out);
    sl_term_puts(out, ri->file);
    fprintf(out, ":%d\n", ri->line);
    if (ri->description) {
        fputc('\n', out);
        sl_term_write(out, ri->description, strlen(ri->description), true);
        fputc('\n', out);
    }
    if (ri->nrefs) fprintf(out, "\nReferences:\n");
    for (size_t k = 0; k < ri->nrefs; k++) {
        fputs("  ", out);
        sl_term_puts(out, ri->references[k]);
        if (sl_reference_url(ri->references[k], url, sizeof url)) fprintf(out, "  %s", url);
        fputc('\n', out);
    }
    fputs("\nCondition:\n  ", out);
    sl_term_puts(out, ri->when);
    if (r->agg) explain_agg(out, rs, r);
    fputs("\n\nMessage:\n  ", out);
    sl_term_puts(out, ri->message);
    fputc('\n', out);
    if (ri->nsuggest) fputc('\n', out);
    print_ints(out, "Suggest: ", ri->suggest, ri->nsuggest);
    if (ri->nneeds) {
        fprintf(out, "Needs:");
        for (size_t k = 0; k < ri->nneeds; k++) {
            fputs(k ? ", " : " ", out);
            sl_term_puts(out, ri->needs[k]);
        }
        fputc('\n', out);
    }
    print_cases(out, r, true);
    print_cases(out, r, false);
}
