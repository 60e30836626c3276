/* rule_builtins.h: the functions of the rule language, one table (rule_builtins.c). The
 * compiler takes names, arity, argument and result types from it, and errors and
 * did-you-mean suggestions for an unknown function; the evaluator calls each row's eval;
 * `statuslint --list functions` (and so the man page check) prints name, signature and help.
 * Private to src/rule. */
#ifndef SL_RULE_BUILTINS_H
#define SL_RULE_BUILTINS_H
#include "base/sl_base.h"

/* What an argument must be, and what a call gives. */
typedef enum fn_type {
    FN_FIELD, /* argument: a field name; eval sees whether it has a value (s: its bytes) */
    FN_STR,   /* a string: a literal or a field's bytes */
    FN_INT,   /* a number: a literal, a digit string or a field read as one */
    FN_COND   /* result only: the call is a condition */
} fn_type;

/* An argument on the way in, the result on the way out. */
typedef struct fn_val {
    sl_slice s;
    int64_t i;
} fn_val;

typedef struct sl_builtin {
    const char *name;
    uint8_t nargs;            /* arity: 1 (compile and eval pass one argument; another arity
                               * needs both extended, and the table test guards it) */
    uint8_t arg, ret;         /* fn_type */
    bool fold;                /* compile hook: a call on a literal is computed once, at compile */
    /* In: the argument, known to be present (an absent argument gives null or false without
     * a call). Out: the result in v (a string result may be written to buf, which holds at
     * least v->s.n bytes and may be v->s.p itself). Returns false for a false condition or a
     * null value. Pure: the same argument always gives the same result. */
    bool (*eval)(fn_val *v, char *buf);
    const char *sig, *help;   /* "string", "The string in lower case." */
} sl_builtin;

/* The table, NULL name last. */
extern const sl_builtin sl_builtins[];
/* The row named s[0..n), or -1. */
int sl_builtin_find(const char *s, size_t n);
/* The builtin names, for did-you-mean: fills at most max, returns how many. */
size_t sl_builtin_names(const char **out, size_t max);

#endif
