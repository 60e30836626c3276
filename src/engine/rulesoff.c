/* rulesoff.c: see rulesoff.h. Log content never reaches these lines: field names come
 * from rule files and format strings the user gave, rule ids from rule files. */
#include "engine/rulesoff.h"
#include "base/sl_alloc.h"
#include <stdlib.h>
#include <string.h>

void sl_rules_off_add(void *ctx, size_t rule, int field)
{
    sl_rules_off *ro = ctx;
    for (size_t i = 0; i < ro->n; i++)
        if (ro->v[i].rule == rule) return;
    if (ro->n == ro->cap) {
        ro->cap = ro->cap ? ro->cap * 2 : 32;
        ro->v = sl_xrealloc(ro->v, ro->cap * sizeof *ro->v);
    }
    ro->v[ro->n++] = (struct sl_rule_off){rule, field};
}

static bool first_of_field(const sl_rules_off *ro, size_t i)
{
    for (size_t k = 0; k < i; k++)
        if (ro->v[k].field == ro->v[i].field) return false;
    return true;
}

size_t sl_rules_off_fields(const sl_rules_off *ro)
{
    size_t n = 0;
    for (size_t i = 0; i < ro->n; i++) n += first_of_field(ro, i);
    return n;
}

void sl_rules_off_print(const sl_rules_off *ro, const sl_ruleset *rs, const sl_fields *ft,
                        const sl_format *fmt, FILE *out, const char *indent)
{
    for (size_t i = 0; i < ro->n; i++) {
        if (!first_of_field(ro, i)) continue;
        int field = ro->v[i].field;
        char hint[512], what[256];
        if (field == SL_F_BYTES && fmt->bytes_why[0])
            snprintf(hint, sizeof hint, "the byte column counts total bytes, headers included (as "
                     "Apache's %%O in Debian's stock %s format: %s); log body bytes instead "
                     "(nginx $body_bytes_sent, Apache %%b)", fmt->name, fmt->bytes_why);
        else if (field == SL_F_BYTES && fmt->bytes_total_only)
            snprintf(hint, sizeof hint, "this %s log counts total bytes, headers included; log "
                     "body bytes instead (nginx $body_bytes_sent, Apache %%b)", fmt->name);
        else if (!strcmp(fmt->name, "csv") || !strcmp(fmt->name, "tsv"))
            snprintf(hint, sizeof hint, "add a column named %s (or --csv-map %s=COLUMN)",
                     sl_fields_name(ft, field), sl_fields_name(ft, field));
        else {
            sl_fields_hint(ft, field, what, sizeof what);
            snprintf(hint, sizeof hint, "add %s", what);
        }
        fprintf(out, "%s%s: %s; rules:", indent, sl_fields_name(ft, field), hint);
        for (size_t k = i; k < ro->n; k++)
            if (ro->v[k].field == field)
                fprintf(out, " %s", sl_ruleset_info(rs, ro->v[k].rule)->id);
        fputc('\n', out);
    }
}

void sl_rules_off_clear(sl_rules_off *ro) { ro->n = 0; }

void sl_rules_off_fini(sl_rules_off *ro)
{
    free(ro->v);
    *ro = (sl_rules_off){0};
}
