/* tap.h -- a tiny TAP producer for the engine unit tests.
 *
 * Each check prints "ok N - what" or "not ok N - what" (with the file, line
 * and, for numeric checks, the values involved); tap_done() prints the plan
 * and returns the exit status (non-zero when any check failed).  Header-only
 * and static: every test program includes it once.
 */
#ifndef FLOWSIM_TEST_TAP_H
#define FLOWSIM_TEST_TAP_H

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

static int tap_n, tap_failed;

static void tap_vreport(int ok, const char *file, int lineno, const char *fmt,
                        va_list ap)
{
    printf("%s %d - ", ok ? "ok" : "not ok", ++tap_n);
    vprintf(fmt, ap);
    printf("\n");
    if (!ok) {
        tap_failed++;
        printf("#   failed at %s:%d\n", file, lineno);
    }
    fflush(stdout);
}

static int tap_check(int ok, const char *file, int lineno, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int tap_check(int ok, const char *file, int lineno, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tap_vreport(ok, file, lineno, fmt, ap);
    va_end(ap);
    return ok;
}

/* |got - want| <= tol, with both printed on failure.  NaN never passes. */
static inline int tap_near(double got, double want, double tol, const char *file,
                    int lineno, const char *what)
{
    int ok = fabs(got - want) <= tol;
    tap_check(ok, file, lineno, "%s", what);
    if (!ok)
        printf("#   got %.17g, want %.17g, tolerance %.3g (diff %.3g)\n",
               got, want, tol, got - want);
    return ok;
}

/* got == want exactly (bitwise-equal values; NaN never passes). */
static inline int tap_eq(double got, double want, const char *file, int lineno,
                  const char *what)
{
    int ok = got == want;
    tap_check(ok, file, lineno, "%s", what);
    if (!ok)
        printf("#   got %.17g, want %.17g\n", got, want);
    return ok;
}

#define CHECK(cond, ...) tap_check(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define NEAR(got, want, tol, what) \
    tap_near((got), (want), (tol), __FILE__, __LINE__, (what))
#define EQ(got, want, what) tap_eq((got), (want), __FILE__, __LINE__, (what))

/* A self-contained generator for test inputs (SplitMix64), so that the
 * tests of the engine do not depend on the engine's own random streams. */
static inline uint64_t tap_rand(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform integer in [0, n) (n small: the modulo bias is < 2^-40). */
static inline uint32_t tap_below(uint64_t *x, uint32_t n)
{
    return (uint32_t)(tap_rand(x) % n);
}

static int tap_done(void)
{
    printf("1..%d\n", tap_n);
    if (tap_failed)
        printf("# %d of %d checks failed\n", tap_failed, tap_n);
    return tap_failed ? 1 : 0;
}

#endif
