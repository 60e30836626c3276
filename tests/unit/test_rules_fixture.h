/* test_rules_fixture.h: the ruleset a unit test compiles from one YAML text, with its
 * fields and plan: rules_load in main before the tests run, rules_free after. */
#ifndef SL_TEST_RULES_FIXTURE_H
#define SL_TEST_RULES_FIXTURE_H
#include "tinytest.h"
#include <stdio.h>
#include <string.h>

static sl_fields *ft;
static sl_ruleset *rs;
static sl_plan *plan;

static void rules_load(const char *yml)
{
    sl_diags d;
    sl_diags_init(&d);
    ft = sl_fields_new();
    rs = sl_ruleset_new(ft);
    sl_ruleset_add_buffer(rs, "t.yml", yml, strlen(yml), &d);
    sl_ruleset_finish(rs, &d);
    if (d.errors) sl_diags_print(&d, stderr, false);
    INT_EQ(d.errors, 0);
    sl_diags_fini(&d);
    plan = sl_plan_new(rs, NULL, NULL, NULL);
}

static void rules_free(void)
{
    sl_plan_free(plan);
    sl_ruleset_free(rs);
    sl_fields_free(ft);
}

#endif
