/* calib.c -- calibration of the machine against the reference figures.
 *
 * The reference (des-engines.md, section 1) measured a minimal C M/M/1
 * with a binary-heap event list and GSL taus2 at 30.9 M events/s, and a
 * binary-heap hold at ~17-25 ns (<= 10 pending), ~67 ns (1,000), ~130 ns
 * (100,000), on another machine.  The same minimal programs, run here,
 * say how much of a gap to those figures is the machine and how much is
 * flowsim's engine.
 */
#include <stdlib.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include "bench.h"
#include "calib.h"

/* A heap of (time, kind) by value: no handles, no ties, no callbacks. */
typedef struct cev {
    double t;
    int kind;
} cev;

typedef struct cheap {
    cev *a;
    size_t n, cap;
} cheap;

static void cheap_push(cheap *h, cev e)
{
    if (h->n == h->cap) {
        h->cap = h->cap ? 2 * h->cap : 64;
        h->a = realloc(h->a, h->cap * sizeof *h->a);
        if (!h->a)
            bench_die("out of memory");
    }
    size_t i = h->n++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!(e.t < h->a[p].t))
            break;
        h->a[i] = h->a[p];
        i = p;
    }
    h->a[i] = e;
}

static cev cheap_pop(cheap *h)
{
    cev top = h->a[0], e = h->a[--h->n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= h->n)
            break;
        if (c + 1 < h->n && h->a[c + 1].t < h->a[c].t)
            c++;
        if (!(h->a[c].t < e.t))
            break;
        h->a[i] = h->a[c];
        i = c;
    }
    if (h->n > 0)
        h->a[i] = e;
    return top;
}

double calib_mm1(long customers, uint64_t *events, double *cpu)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    if (!r)
        bench_die("out of memory");
    gsl_rng_set(r, 2026);
    cheap h = {0};
    long arrived = 0, in_system = 0;
    uint64_t n = 0;
    double t0 = bench_now(), c0 = bench_cpu();
    cheap_push(&h, (cev){gsl_ran_exponential(r, 1 / 0.9), 0});
    arrived = 1;
    while (h.n > 0) {
        cev e = cheap_pop(&h);
        n++;
        if (e.kind == 0) {
            if (in_system++ == 0)
                cheap_push(&h, (cev){e.t + gsl_ran_exponential(r, 1.0), 1});
            if (arrived++ < customers)
                cheap_push(&h,
                           (cev){e.t + gsl_ran_exponential(r, 1 / 0.9), 0});
        } else if (--in_system > 0) {
            cheap_push(&h, (cev){e.t + gsl_ran_exponential(r, 1.0), 1});
        }
    }
    double dt = bench_now() - t0;
    *cpu = bench_cpu() - c0;
    free(h.a);
    gsl_rng_free(r);
    *events = n;
    return dt;
}

static volatile double sink;

double calib_hold(long n, long holds, const double *table, size_t mask)
{
    cheap h = {0};
    for (long i = 0; i < n; i++)
        cheap_push(&h, (cev){table[(size_t)i & mask] * 2, 0});
    long warm = 10 * n > 100000 ? 10 * n : 100000;
    for (long i = 0; i < warm; i++) {
        cev e = cheap_pop(&h);
        cheap_push(&h, (cev){e.t + table[(size_t)i & mask], 0});
    }
    double acc = 0, t0 = bench_now();
    for (long i = 0; i < holds; i++) {
        cev e = cheap_pop(&h);
        acc += e.t;
        cheap_push(&h, (cev){e.t + table[(size_t)i & mask], 0});
    }
    double dt = bench_now() - t0;
    sink = acc;
    free(h.a);
    return dt / (double)holds * 1e9;
}
