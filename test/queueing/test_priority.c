/* test_priority.c -- a non-preemptive priority M/M/1 (priority_queue = 1),
 * and M/M/3 (Cobham's formula with Erlang C).
 *
 * Two Poisson streams, priority 0 (urgent, 0.3/day) and 1 (0.4/day), into
 * one server with exponential stays of mean 1 day.  Cobham's formula for
 * the mean wait of class k: W_k = W0 / ((1 - s_{k-1})(1 - s_k)), with
 * W0 = sum_i lam_i E[S^2] / 2 = rho / mu and s_k the load of classes
 * 0..k.  The KPI is per unit, not per class: its overall mean wait must
 * equal FIFO's rho/(mu - lam) (Kleinrock's conservation law, equal
 * service times).  Class waits come from the trace: each stream enters
 * through its own pass-through unit (unlimited, zero stay), whose name
 * tells the class of the patient.  Tolerances: Student t over
 * replications (qt.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qt.h"

static void cb(void *ud, double t, uint64_t id, const char *unit,
               const char *ev)
{
    qt_classes *c = ud;
    qt_classes_room(c, id);
    if (strcmp(ev, "arrive") == 0) {
        if (unit[0] == 't')
            c->cls[id] = (unsigned char)(unit[1] - '0');
        else
            c->arr[id] = t;
    } else if (strcmp(ev, "admit") == 0 && strcmp(unit, "s") == 0 &&
               t >= c->from) {
        c->sum[c->cls[id]] += (t - c->arr[id]) / DAY;
        c->cnt[c->cls[id]] += 1;
    }
}

/* R replications of streams l0 (priority 0) and l1 (priority 1) into
 * unit s of `places` places (mean stay 1 day). */
static void run_c(long places, double l0, double l1, uint64_t seed,
                  int prio_queue, int R, double *w0, double *w1, qt_runs *r)
{
    scenario *sc = qt_two_classes("prio", places, l0, l1, seed);
    sc->units[2].priority_queue = prio_queue;
    *r = qt_runs_new(R);
    for (int i = 0; i < R; i++) {
        qt_classes c = {.from = sc->warmup};
        kpi_list k;
        double *v = qt_run_traced(sc, (uint64_t)(i + 1), &k, cb, &c);
        w0[i] = c.sum[0] / c.cnt[0] * 24;
        w1[i] = c.sum[1] / c.cnt[1] * 24;
        qt_classes_free(&c);
        qt_runs_put(r, i, &k, v);
    }
    scenario_free(sc);
}

static void run(int prio_queue, int R, double *w0, double *w1, qt_runs *r)
{
    run_c(1, 0.3, 0.4, qt_seed(401), prio_queue, R, w0, w1, r);
}

/* Non-preemptive priority M/M/c (Cobham): with equal service rates the
 * class-k mean wait is (C(c, a) / (c mu)) / ((1 - s_{k-1})(1 - s_k)),
 * s_k the load of classes 0..k over c mu. */
static void cobham_mmc(void)
{
    enum { R = 20 };
    const long c = 3;
    const double l0 = 0.9, l1 = 1.2, mu = 1, cm = (double)c * mu;
    double C = qt_erlang_c(c, (l0 + l1) / mu), w0[R], w1[R];
    double s0 = l0 / cm, s1 = (l0 + l1) / cm;
    double c0 = C / cm / (1 - s0) * 24, c1 = C / cm / ((1 - s0) * (1 - s1)) * 24;
    qt_runs r;
    run_c(c, l0, l1, qt_seed(402), 1, R, w0, w1, &r);
    qt_check_est("priority M/M/3: urgent class mean wait = "
                 "(C/(c mu))/(1 - s0)", qt_estimate(w0, R), c0, 0.15 * c0,
                 "h");
    qt_check_est("priority M/M/3: routine class mean wait = "
                 "(C/(c mu))/((1 - s0)(1 - s1))", qt_estimate(w1, R), c1,
                 0.15 * c1, "h");
    qt_runs_free(&r);
}

int main(void)
{
    cobham_mmc();
    enum { R = 20 };
    const double l0 = 0.3, l1 = 0.4, mu = 1, rho = (l0 + l1) / mu;
    double w0[R], w1[R];
    qt_runs r;
    double W0 = rho / mu; /* sum lam_i E[S^2]/2, E[S^2] = 2/mu^2 */
    double c0 = W0 / (1 - l0 / mu) * 24;
    double c1 = W0 / ((1 - l0 / mu) * (1 - rho)) * 24;
    double fifo = rho / (mu - l0 - l1) * 24;
    qt_ok(fabs((l0 * c0 + l1 * c1) / (l0 + l1) - fifo) < 1e-9,
          "Cobham's class waits %.4g h and %.4g h average to FIFO's %.4g h "
          "(self-check)", c0, c1, fifo);

    run(1, R, w0, w1, &r);
    qt_check_est("priority: urgent class mean wait = W0/(1-rho0)",
                 qt_estimate(w0, R), c0, 0.06 * c0, "h");
    qt_check_est("priority: routine class mean wait = W0/((1-rho0)(1-rho))",
                 qt_estimate(w1, R), c1, 0.14 * c1, "h");
    qt_check_est("priority: unit wait.mean = FIFO rho/(mu-lam) "
                 "(conservation law)", qt_kpi(&r, "s.wait.mean"), fifo,
                 0.11 * fifo, "h");
    qt_check_est("priority: occupancy.mean = rho",
                 qt_kpi(&r, "s.occupancy.mean"), rho, 0.015, "patients");
    qt_check_est("priority: stay.mean = 1/mu (non-preemptive: no "
                 "interrupted stays)", qt_kpi(&r, "s.stay.mean"), 1 / mu,
                 0.02, "days");
    qt_runs_free(&r);

    /* Control: the same streams without priority_queue are served FIFO,
     * and both classes wait rho/(mu - lam) on average. */
    run(0, R, w0, w1, &r);
    qt_check_est("FIFO control: urgent class mean wait = rho/(mu-lam)",
                 qt_estimate(w0, R), fifo, 0.11 * fifo, "h");
    qt_check_est("FIFO control: routine class mean wait = rho/(mu-lam)",
                 qt_estimate(w1, R), fifo, 0.11 * fifo, "h");
    qt_runs_free(&r);
    return qt_done();
}
