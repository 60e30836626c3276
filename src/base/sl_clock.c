/* sl_clock.c: the wall clock of sl_clock.h, and its test hook (compiled in only with
 * SL_TEST_HOOKS, so a release binary does not even carry the variable's name). */
#include "base/sl_clock.h"
#include <stdlib.h>
#include <time.h>

int64_t sl_clock_now(void)
{
#if SL_TEST_HOOKS
    const char *fake = getenv("STATUSLINT_NOW"); /* tests pin the date; see sl_clock.h */
    if (fake && *fake) return strtoll(fake, NULL, 10);
#endif
    return (int64_t)time(NULL);
}

int sl_clock_has_test_hook(void)
{
#if SL_TEST_HOOKS
    return 1;
#else
    return 0;
#endif
}
