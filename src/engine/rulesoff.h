/* rulesoff.h: the rules a log format switches off (their `needs` name a field the format
 * cannot supply), collected from sl_plan_new's notice callback. The analysis prints one
 * short note per input format; --detect prints the whole list: each missing field, the
 * nginx variable and Apache directive that would supply it, and the rules it would switch
 * back on. */
#ifndef SL_RULESOFF_H
#define SL_RULESOFF_H
#include "format/fmt.h"
#include "rule/rule.h"
#include <stdio.h>

typedef struct sl_rules_off {
    struct sl_rule_off { size_t rule; int field; } *v;
    size_t n, cap;
} sl_rules_off;

/* An sl_notice_fn: ctx is an sl_rules_off. */
void sl_rules_off_add(void *ctx, size_t rule, int field);
/* How many distinct fields the rules miss. */
size_t sl_rules_off_fields(const sl_rules_off *ro);
/* One line per missing field: "<indent>FIELD: add HINT; rules: ID ID ..." */
void sl_rules_off_print(const sl_rules_off *ro, const sl_ruleset *rs, const sl_fields *ft,
                        const sl_format *fmt, FILE *out, const char *indent);
void sl_rules_off_clear(sl_rules_off *ro);
void sl_rules_off_fini(sl_rules_off *ro);

#endif
