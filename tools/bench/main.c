/* main.c -- flowsim-bench: performance benchmarks of the engine and model.
 *
 *   flowsim-bench [--quick] [--csv] [--best-of N] [all | NAME...]
 *
 * One line per result: benchmark, parameter, figure, unit.  See
 * BENCHMARKS.md at the repository root for what each one measures.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "bench.h"

#ifndef FLOWSIM_BENCH_BUILDTYPE
#define FLOWSIM_BENCH_BUILDTYPE "unknown"
#endif

static const struct {
    const char *name;
    void (*run)(const bench_opts *);
    const char *what;
} BENCHES[] = {
    {"mm1-engine", bench_mm1_engine,
     "M/M/1 on sim_at/sim_run directly, 10^6 customers"},
    {"mm1-network", bench_mm1_network,
     "M/M/1 through network_run (one unit, queue), 10^6 customers"},
    {"hold", bench_hold, "hold model on evq with 10, 1000, 100000 pending"},
    {"year-600", bench_year600,
     "one year of a 600-bed hospital, 300 arrivals a day"},
    {"memory", bench_memory,
     "peak RSS of year-600 at 1, 5 and 20 years (child per horizon)"},
    {"threads", bench_threads,
     "year-600, 16 replications on 1 and 2 threads"},
};
#define N_BENCHES (sizeof BENCHES / sizeof BENCHES[0])

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double bench_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void bench_result(const bench_opts *o, const char *name, const char *param,
                  double value, const char *unit)
{
    if (o->csv)
        printf("%s,%s,%.6g,%s\n", name, param, value, unit);
    else
        printf("%-12s %-34s %14.6g  %s\n", name, param, value, unit);
    fflush(stdout);
}

void bench_die(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "flowsim-bench: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n");
    exit(2);
}

static void usage(FILE *f)
{
    fprintf(f, "usage: flowsim-bench [--quick] [--csv] [--best-of N] "
               "[all | NAME...]\n\nbenchmarks:\n");
    for (size_t i = 0; i < N_BENCHES; i++)
        fprintf(f, "  %-12s %s\n", BENCHES[i].name, BENCHES[i].what);
    fprintf(f, "\n  --quick      smaller sizes (a smoke test, not figures)\n"
               "  --csv        print benchmark,parameter,value,unit\n"
               "  --best-of N  runs per short benchmark (default 3)\n");
}

int main(int argc, char **argv)
{
    bench_opts o = {.best_of = 3};
    int selected[N_BENCHES] = {0};
    int any = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--quick") == 0) {
            o.quick = 1;
        } else if (strcmp(a, "--csv") == 0) {
            o.csv = 1;
        } else if (strcmp(a, "--best-of") == 0 && i + 1 < argc) {
            o.best_of = atoi(argv[++i]);
            if (o.best_of < 1 || o.best_of > 100) {
                fprintf(stderr, "flowsim-bench: --best-of wants 1..100\n");
                return 2;
            }
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(a, "all") == 0) {
            for (size_t k = 0; k < N_BENCHES; k++)
                selected[k] = 1;
            any = 1;
        } else {
            size_t k = 0;
            while (k < N_BENCHES && strcmp(BENCHES[k].name, a) != 0)
                k++;
            if (k == N_BENCHES) {
                fprintf(stderr, "flowsim-bench: unknown benchmark or "
                                "option '%s'\n", a);
                usage(stderr);
                return 2;
            }
            selected[k] = 1;
            any = 1;
        }
    }
    if (!any)
        for (size_t k = 0; k < N_BENCHES; k++)
            selected[k] = 1;
    fprintf(stderr, "# flowsim-bench: buildtype %s%s, best of %d\n",
            FLOWSIM_BENCH_BUILDTYPE, o.quick ? ", quick" : "", o.best_of);
    if (o.csv)
        printf("benchmark,parameter,value,unit\n");
    for (size_t k = 0; k < N_BENCHES; k++)
        if (selected[k])
            BENCHES[k].run(&o);
    return 0;
}
