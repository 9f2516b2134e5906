/* bench.h -- shared helpers of flowsim-bench: timing, options, output. */
#ifndef FLOWSIM_BENCH_H
#define FLOWSIM_BENCH_H

#include <stddef.h>

typedef struct bench_opts {
    int quick;   /* smaller sizes, for CI and smoke tests */
    int csv;     /* machine-readable output */
    int best_of; /* runs of each short benchmark; the best is reported */
} bench_opts;

/* Seconds on CLOCK_MONOTONIC. */
double bench_now(void);

/* CPU seconds of the process (all threads). */
double bench_cpu(void);

/* Prints one result: benchmark name, parameter, figure, unit. */
void bench_result(const bench_opts *o, const char *name, const char *param,
                  double value, const char *unit);

/* Exits with a message (out of memory, a run that stopped early). */
void bench_die(const char *fmt, ...);

/* The sub-benchmarks. */
void bench_mm1_engine(const bench_opts *o);
void bench_mm1_network(const bench_opts *o);
void bench_hold(const bench_opts *o);
void bench_year600(const bench_opts *o);
void bench_memory(const bench_opts *o);
void bench_threads(const bench_opts *o);

#endif
