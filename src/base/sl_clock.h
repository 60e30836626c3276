/* sl_clock.h: the wall clock every date decision reads (suppression expiry, baseline ages).
 * One place, so that the only test hook on it is visible and stays out of release builds. */
#ifndef SL_CLOCK_H
#define SL_CLOCK_H
#include <stdint.h>

/* Seconds since 1970-01-01 UTC. In a build configured with -DSL_TEST_HOOKS=ON (what
 * tests/check.sh builds) the environment variable STATUSLINT_NOW, in epoch seconds,
 * replaces the clock so tests can pin the date; in every other build (the default, and
 * every release) nothing in the environment changes it. */
int64_t sl_clock_now(void);
/* Whether this build has the STATUSLINT_NOW hook. */
int sl_clock_has_test_hook(void);

#endif
