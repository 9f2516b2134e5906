/* engine.c -- benchmarks of the engine alone: M/M/1 on sim_at/sim_run and
 * the hold model on evq. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <gsl/gsl_randist.h>
#include "bench.h"
#include "calib.h"
#include "evq.h"
#include "rng.h"
#include "sim.h"

/* ---- mm1-engine ------------------------------------------------------ */

#define MM1_LAMBDA 0.9
#define MM1_MU 1.0

typedef struct mm1 {
    gsl_rng *arr, *svc;
    long arrived, target;
    long in_system;     /* waiting or in service */
    double *fifo;       /* arrival times of those in system, a ring */
    size_t cap, head, n;
    double sum_sojourn;
    long served;
} mm1;

static void mm1_fifo_push(mm1 *m, double t)
{
    if (m->n == m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 1024;
        double *f = malloc(cap * sizeof *f);
        if (!f)
            bench_die("out of memory");
        for (size_t i = 0; i < m->n; i++)
            f[i] = m->fifo[(m->head + i) & (m->cap - 1)];
        free(m->fifo);
        m->fifo = f;
        m->cap = cap;
        m->head = 0;
    }
    m->fifo[(m->head + m->n++) & (m->cap - 1)] = t;
}

static double mm1_fifo_pop(mm1 *m)
{
    double t = m->fifo[m->head];
    m->head = (m->head + 1) & (m->cap - 1);
    m->n--;
    return t;
}

static void mm1_depart(sim *s, void *obj, int64_t arg);

static void mm1_schedule(sim *s, double at, sim_fn fn, mm1 *m)
{
    if (!sim_at(s, at, 0, fn, m, 0))
        bench_die("out of memory");
}

static void mm1_arrive(sim *s, void *obj, int64_t arg)
{
    mm1 *m = obj;
    double now = sim_now(s);
    (void)arg;
    mm1_fifo_push(m, now);
    if (m->in_system++ == 0)
        mm1_schedule(s, now + gsl_ran_exponential(m->svc, 1 / MM1_MU),
                     mm1_depart, m);
    if (++m->arrived < m->target)
        mm1_schedule(s, now + gsl_ran_exponential(m->arr, 1 / MM1_LAMBDA),
                     mm1_arrive, m);
}

static void mm1_depart(sim *s, void *obj, int64_t arg)
{
    mm1 *m = obj;
    double now = sim_now(s);
    (void)arg;
    m->sum_sojourn += now - mm1_fifo_pop(m);
    m->served++;
    if (--m->in_system > 0)
        mm1_schedule(s, now + gsl_ran_exponential(m->svc, 1 / MM1_MU),
                     mm1_depart, m);
}

void bench_mm1_engine(const bench_opts *o)
{
    long customers = o->quick ? 100000 : 1000000;
    double best = INFINITY, sojourn = NAN;
    uint64_t events = 0;
    for (int run = 0; run < o->best_of; run++) {
        sim *s = sim_new(2026, 0);
        if (!s)
            bench_die("out of memory");
        mm1 m = {.target = customers};
        m.arr = sim_stream(s, "arrival");
        m.svc = sim_stream(s, "service");
        if (!m.arr || !m.svc)
            bench_die("out of memory");
        double t0 = bench_now();
        mm1_schedule(s, gsl_ran_exponential(m.arr, 1 / MM1_LAMBDA),
                     mm1_arrive, &m);
        uint64_t ev = sim_run(s, INFINITY);
        double dt = bench_now() - t0;
        if (m.served != customers)
            bench_die("mm1-engine: served %ld of %ld", m.served, customers);
        if (dt < best)
            best = dt;
        events = ev;
        sojourn = m.sum_sojourn / (double)m.served;
        free(m.fifo);
        sim_free(s);
    }
    char param[64];
    snprintf(param, sizeof param, "customers=%ld", customers);
    bench_result(o, "mm1-engine", param, best, "s");
    bench_result(o, "mm1-engine", "events", (double)events, "events");
    bench_result(o, "mm1-engine", "events/s", (double)events / best / 1e6,
                 "M events/s");
    bench_result(o, "mm1-engine", "customers/s",
                 (double)customers / best / 1e6, "M customers/s");
    bench_result(o, "mm1-engine", "ns/event", best / (double)events * 1e9,
                 "ns");
    /* Sanity: W = 1/(mu - lambda) = 10. */
    bench_result(o, "mm1-engine", "mean sojourn (theory 10)", sojourn,
                 "time units");
    /* The machine: a minimal C M/M/1 (the reference's 30.9 M events/s). */
    double cbest = INFINITY, ccpu = INFINITY;
    uint64_t cev = 0;
    for (int run = 0; run < o->best_of; run++) {
        double cpu, dt = calib_mm1(customers, &cev, &cpu);
        if (dt < cbest)
            cbest = dt;
        if (cpu < ccpu)
            ccpu = cpu;
    }
    bench_result(o, "mm1-engine", "calibration: minimal C, taus2",
                 (double)cev / cbest / 1e6, "M events/s");
    /* CPU time, to set against a command's (BENCHMARKS.md: M/M/1 through
     * the whole command, tools/bench/speed.sh) */
    bench_result(o, "mm1-engine", "calibration: minimal C, CPU", ccpu, "s");
    bench_result(o, "mm1-engine", "engine / minimal C",
                 ((double)events / best) / ((double)cev / cbest), "ratio");
}

/* ---- hold ------------------------------------------------------------ */

#define HOLD_TABLE 4096 /* Exp(1) increments, cycled: 32 KiB, cache-hot */

static void nop(void *ctx, void *obj, int64_t arg)
{
    (void)ctx;
    (void)obj;
    (void)arg;
}

static volatile double sink;

/* Runs `holds` hold operations on q; increments from the table (r NULL)
 * or drawn from r (Exp(1)).  Returns wall seconds. */
static double holds_run(evq *q, long holds, const double *table, gsl_rng *r)
{
    evq_event ev;
    double acc = 0;
    double t0 = bench_now();
    for (long i = 0; i < holds; i++) {
        if (!evq_pop(q, &ev))
            bench_die("hold: empty set");
        double inc = r ? gsl_ran_exponential(r, 1.0)
                       : table[(size_t)i & (HOLD_TABLE - 1)];
        if (!evq_push(q, ev.time + inc, 0, nop, NULL, 0))
            bench_die("out of memory");
        acc += ev.time;
    }
    double dt = bench_now() - t0;
    sink = acc;
    return dt;
}

/* Best time per hold with n pending events; `draw`: increments drawn from
 * GSL on each hold instead of taken from the table. */
static double hold_ns(const bench_opts *o, long n, long holds, int draw,
                      const double *table, gsl_rng *r)
{
    double best = INFINITY;
    for (int run = 0; run < o->best_of; run++) {
        evq *q = evq_new();
        if (!q)
            bench_die("out of memory");
        for (long i = 0; i < n; i++)
            if (!evq_push(q, gsl_ran_exponential(r, 1.0), 0, nop, NULL, 0))
                bench_die("out of memory");
        /* Reach the steady state of the pending-time distribution. */
        long warm = 10 * n > 100000 ? 10 * n : 100000;
        if (o->quick)
            warm /= 10;
        holds_run(q, warm, table, NULL);
        double dt = holds_run(q, holds, table, draw ? r : NULL);
        if (evq_size(q) != (size_t)n)
            bench_die("hold: size changed");
        evq_free(q);
        if (dt < best)
            best = dt;
    }
    return best / (double)holds * 1e9;
}

void bench_hold(const bench_opts *o)
{
    static const long sizes[] = {10, 1000, 100000};
    static const long holds_full[] = {10000000, 5000000, 2000000};
    gsl_rng *r = rng_stream_new(2026, 0, "hold");
    if (!r)
        bench_die("out of memory");
    double table[HOLD_TABLE];
    for (size_t i = 0; i < HOLD_TABLE; i++)
        table[i] = gsl_ran_exponential(r, 1.0);

    /* The cost of one GSL Exp(1) variate from MT19937, for reference. */
    long draws = o->quick ? 1000000 : 10000000;
    double best = INFINITY;
    for (int run = 0; run < o->best_of; run++) {
        double acc = 0, t0 = bench_now();
        for (long i = 0; i < draws; i++)
            acc += gsl_ran_exponential(r, 1.0);
        double dt = bench_now() - t0;
        sink = acc;
        if (dt < best)
            best = dt;
    }
    bench_result(o, "hold", "gsl exponential (mt19937)",
                 best / (double)draws * 1e9, "ns/variate");

    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        long n = sizes[k];
        long holds = o->quick ? holds_full[k] / 10 : holds_full[k];
        char param[64];
        double ns = hold_ns(o, n, holds, 0, table, r);
        snprintf(param, sizeof param, "pending=%ld", n);
        bench_result(o, "hold", param, ns, "ns/hold");
        snprintf(param, sizeof param, "pending=%ld rate", n);
        bench_result(o, "hold", param, 1e3 / ns, "M holds/s");
        double cal = INFINITY;
        for (int run = 0; run < o->best_of; run++) {
            double c = calib_hold(n, holds, table, HOLD_TABLE - 1);
            if (c < cal)
                cal = c;
        }
        snprintf(param, sizeof param, "pending=%ld minimal heap (calib.)",
                 n);
        bench_result(o, "hold", param, cal, "ns/hold");
        double ns_draw = hold_ns(o, n, holds, 1, table, r);
        snprintf(param, sizeof param, "pending=%ld +gsl draw", n);
        bench_result(o, "hold", param, ns_draw, "ns/hold");
    }
    gsl_rng_free(r);
}
