/* rule_builtins.c: the functions of the rule language, one row each (rule_builtins.h). A new
 * function is an eval here plus a row: compile, evaluation, errors, did-you-mean and
 * `statuslint --list functions` follow from the row. */
#include "rule/rule_builtins.h"
#include "record/registry.h"
#include "rule/rule.h"
#include <stdio.h>

static bool fn_exists(fn_val *v, char *buf)
{
    SL_UNUSED(v), SL_UNUSED(buf);
    return true; /* called only when the field has a value */
}

static bool fn_lower(fn_val *v, char *buf)
{
    for (size_t i = 0; i < v->s.n; i++) {
        char c = v->s.p[i];
        buf[i] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
    v->s.p = buf;
    return true;
}

static bool fn_len(fn_val *v, char *buf)
{
    SL_UNUSED(buf);
    v->i = (int64_t)v->s.n;
    return true;
}

static bool fn_registered(fn_val *v, char *buf)
{
    SL_UNUSED(buf);
    return v->i >= 0 && v->i < 10000 && sl_registry_lookup((int)v->i) != NULL;
}

const sl_builtin sl_builtins[] = {
    {"exists", 1, FN_FIELD, FN_COND, false, fn_exists, "field", "Whether the field has a value."},
    {"lower", 1, FN_STR, FN_STR, true, fn_lower, "string", "The string in lower case."},
    {"len", 1, FN_STR, FN_INT, true, fn_len, "string", "Its length in bytes."},
    {"registered", 1, FN_INT, FN_COND, false, fn_registered, "status",
     "Whether the IANA HTTP status code registry has this code."},
    {NULL, 0, FN_STR, FN_STR, false, NULL, NULL, NULL},
};

int sl_builtin_find(const char *s, size_t n)
{
    for (int i = 0; sl_builtins[i].name; i++)
        if (strlen(sl_builtins[i].name) == n && !memcmp(sl_builtins[i].name, s, n)) return i;
    return -1;
}

size_t sl_builtin_names(const char **out, size_t max)
{
    size_t k = 0;
    for (; k < max && sl_builtins[k].name; k++) out[k] = sl_builtins[k].name;
    return k;
}

void sl_rule_functions(FILE *f)
{
    for (const sl_builtin *b = sl_builtins; b->name; b++)
        fprintf(f, "%s(%s)\t%s\n", b->name, b->sig, b->help);
}
