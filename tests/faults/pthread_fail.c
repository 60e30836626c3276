/* pthread_fail.c: failure injection for thread start-up, linked only into the test binary
 * statuslint-threadfail (-Wl,--wrap=pthread_create), never into statuslint itself.
 * SL_FAULT_THREADS=N lets the first N pthread_create calls succeed; later ones fail with
 * EAGAIN, as they do under a thread ulimit (RLIMIT_NPROC). Unset: every call succeeds. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

int __real_pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg);
int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg);

static atomic_long created;

int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg)
{
    const char *v = getenv("SL_FAULT_THREADS");
    if (v && *v && atomic_fetch_add(&created, 1) >= strtol(v, NULL, 10)) return EAGAIN;
    return __real_pthread_create(t, a, fn, arg);
}
