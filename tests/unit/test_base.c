/* test_base.c: capped buffers, the arena, diagnostics rendering. */
#include "base/sl_arena.h"
#include "base/sl_buf.h"
#include "base/sl_diag.h"
#include "tinytest.h"
#include <stdlib.h>

TEST(buffer_grows_up_to_its_cap_and_no_further)
{
    sl_buf b;
    sl_buf_init(&b, 10);
    INT_EQ(sl_buf_puts(&b, "hello"), SL_OK);
    INT_EQ(sl_buf_printf(&b, "%d", 1234), SL_OK);
    STR_EQ(b.p, "hello1234");
    INT_EQ(sl_buf_puts(&b, "xy"), SL_ELIMIT);
    STR_EQ(b.p, "hello1234");
    INT_EQ(sl_buf_putc(&b, '!'), SL_OK);
    INT_EQ(b.n, 10);
    sl_buf_clear(&b);
    INT_EQ(b.n, 0);
    sl_buf_fini(&b);
}

TEST(arena_reuses_its_blocks_after_reset)
{
    sl_arena a;
    sl_arena_init(&a, 1 << 20);
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 100; i++) {
            char *p = sl_arena_strndup(&a, "abcdef", 3);
            CHECK(p && !strcmp(p, "abc") && ((uintptr_t)p % 8) == 0);
        }
        sl_arena_reset(&a);
    }
    INT_EQ(a.total, 65536); /* one block, reused */
    CHECK(sl_arena_alloc(&a, 2 << 20) == NULL); /* past the cap */
    sl_arena_fini(&a);
}

TEST(diagnostics_render_with_source_and_caret)
{
    sl_diags d;
    sl_diags_init(&d);
    const char *text = "rules:\n  - id: x\n    stauts: 200\n";
    const char *line;
    size_t n;
    CHECK(sl_text_line(text, strlen(text), 3, &line, &n));
    sl_diags_add(&d, SL_DIAG_ERROR, "r.yml", 3, 5, 11, line, n, "unknown key '%s'", "stauts");
    sl_diags_add(&d, SL_DIAG_WARNING, NULL, 0, 0, 0, NULL, 0, "plain");
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    sl_diags_print(&d, f, false);
    fclose(f);
    STR_EQ(out, "r.yml:3:5: error: unknown key 'stauts'\n"
                "      stauts: 200\n"
                "      ^~~~~~\n"
                "statuslint: warning: plain\n");
    INT_EQ(d.errors, 1);
    INT_EQ(d.warnings, 1);
    free(out);
    sl_diags_fini(&d);
}

TEST(diagnostics_never_echo_control_bytes)
{
    sl_diags d;
    sl_diags_init(&d);
    const char src[] = "a\x1b[2Jb\x07";
    sl_diags_add(&d, SL_DIAG_ERROR, "f", 1, 1, 0, src, sizeof src - 1, "m");
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    sl_diags_print(&d, f, false);
    fclose(f);
    CHECK(strchr(out, 0x1b) == NULL && strchr(out, 0x07) == NULL);
    free(out);
    sl_diags_fini(&d);
}

int main(void)
{
    RUN(buffer_grows_up_to_its_cap_and_no_further);
    RUN(arena_reuses_its_blocks_after_reset);
    RUN(diagnostics_render_with_source_and_caret);
    RUN(diagnostics_never_echo_control_bytes);
    return tt_report();
}
