/* calib.h -- minimal programs that calibrate this machine against the
 * reference figures (see calib.c). */
#ifndef FLOWSIM_BENCH_CALIB_H
#define FLOWSIM_BENCH_CALIB_H

#include <stddef.h>
#include <stdint.h>

/* A minimal M/M/1 (lambda 0.9, mu 1): value heap, GSL taus2.  Returns
 * wall seconds; *events gets the events run, *cpu the process CPU
 * seconds of the loop. */
double calib_mm1(long customers, uint64_t *events, double *cpu);

/* Minimal value heap hold with n pending: ns per hold.  Increments from
 * table[i & mask]. */
double calib_hold(long n, long holds, const double *table, size_t mask);

#endif
