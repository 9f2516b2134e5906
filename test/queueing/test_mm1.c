/* test_mm1.c -- single-server queues against exact formulas.
 *
 *   M/M/1 at rho = 0.5 (tight) and rho = 0.9 (heavy traffic, looser),
 *   M/M/1/K (bounded line: queue_limit K, K+1 places in the system),
 *   M/M/1+M (exponential patience: reneging), light and heavily overloaded.
 *
 * Rates per day; the engine works in minutes and reports waits in hours,
 * stays and times in system in days, occupancy and line lengths in
 * patients.  Tolerances: Student t over replications (qt.h).  The tolerance
 * ceilings are a few times the expected standard error, computed from the
 * asymptotic variance of M/M/1 time averages, var(Lbar) ~ 2 rho (1 + rho) /
 * (1 - rho)^4 / T (T in mean service times): rho = 0.5, 20 x 40000 days
 * gives se(L) ~ 0.0055 (0.6%); rho = 0.9, 20 x 60000 days gives se(L) ~
 * 0.17 (2%).  Ceilings were set at ~1.5x the largest tolerance seen over
 * 10 seeds (FLOWSIM_QT_SEED), so a check fails on bias, not on bad luck.
 * The 95th percentile of the wait is checked in test_mmc.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qt.h"

/* Birth-death chain of M/M/1+M (theta = 0: plain M/M/1) truncated at
 * nmax in system (nmax = K + 1 for a line of at most K).  p[0..nmax]. */
static void mm1_theta(double lam, double mu, double theta, int nmax,
                      double *p)
{
    double s = 0;
    p[0] = 1;
    for (int n = 1; n <= nmax; n++)
        p[n] = p[n - 1] * lam / (mu + (n - 1) * theta);
    for (int n = 0; n <= nmax; n++)
        s += p[n];
    for (int n = 0; n <= nmax; n++)
        p[n] /= s;
}

static void mm1(void)
{
    const double lam = 0.5, mu = 1, rho = lam / mu;
    scenario *sc = mk_scenario("mm1", 40500, 500, qt_seed(101));
    unit_spec *u = mk_unit(sc, "s", 1, 1 / mu, FULL_QUEUE);
    u->wait_threshold = 2 * DAY; /* P(W > 2 days) */
    mk_arrival(sc, "in", lam, "s");
    qt_runs r = qt_run(sc, 20);

    double wq = rho / (mu - lam); /* days */
    qt_check_est("M/M/1 rho=0.5 wait.mean = rho/(mu-lam)", qt_kpi(&r,
                 "s.wait.mean"), wq * 24, 0.06 * wq * 24, "h");
    qt_check_est("M/M/1 rho=0.5 delayed.fraction = rho",
                 qt_kpi(&r, "s.delayed.fraction"), rho, 0.02, "");
    qt_check_est("M/M/1 rho=0.5 occupancy.mean = rho (busy server)",
                 qt_kpi(&r, "s.occupancy.mean"), rho, 0.02, "patients");
    qt_check_est("M/M/1 rho=0.5 full.fraction = rho",
                 qt_kpi(&r, "s.full.fraction"), rho, 0.02, "");
    qt_check_est("M/M/1 rho=0.5 waiting.mean = Lq = rho^2/(1-rho)",
                 qt_kpi(&r, "s.waiting.mean"), rho * rho / (1 - rho),
                 0.06 * rho * rho / (1 - rho), "patients");
    qt_check_est("M/M/1 rho=0.5 in_system.mean = L = rho/(1-rho)",
                 qt_kpi(&r, "system.in_system.mean"), rho / (1 - rho),
                 0.05 * rho / (1 - rho), "patients");
    qt_check_est("M/M/1 rho=0.5 time_in_system.mean = 1/(mu-lam)",
                 qt_kpi(&r, "system.time_in_system.mean"), 1 / (mu - lam),
                 0.05 / (mu - lam), "days");
    qt_check_est("M/M/1 rho=0.5 stay.mean = 1/mu", qt_kpi(&r, "s.stay.mean"),
                 1 / mu, 0.02, "days");
    double over = rho * exp(-(mu - lam) * 2);
    qt_check_est("M/M/1 rho=0.5 P(W > 2 d) = rho exp(-(mu-lam) 2)",
                 qt_kpi(&r, "s.wait.over_threshold.fraction"), over, 0.012,
                 "");
    qt_check_est("M/M/1 rho=0.5 arrivals = lam T", qt_kpi(&r, "s.arrivals"),
                 lam * 40000, 0.01 * lam * 40000, "patients");
    qt_runs_free(&r);
    scenario_free(sc);
}

/* Heavy traffic: relaxation time ~ 1/(mu (1 - sqrt rho)^2) ~ 380 days, so
 * 2000 days of warm-up; the ceilings are ~3x the expected se. */
static void mm1_heavy(void)
{
    const double lam = 0.9, mu = 1, rho = lam / mu;
    scenario *sc = mk_scenario("mm1h", 62000, 2000, qt_seed(102));
    mk_unit(sc, "s", 1, 1 / mu, FULL_QUEUE);
    mk_arrival(sc, "in", lam, "s");
    qt_runs r = qt_run(sc, 20);
    double wq = rho / (mu - lam) * 24;
    qt_check_est("M/M/1 rho=0.9 wait.mean = rho/(mu-lam) = 9 d",
                 qt_kpi(&r, "s.wait.mean"), wq, 0.12 * wq, "h");
    qt_check_est("M/M/1 rho=0.9 delayed.fraction = rho",
                 qt_kpi(&r, "s.delayed.fraction"), rho, 0.01, "");
    qt_check_est("M/M/1 rho=0.9 occupancy.mean = rho",
                 qt_kpi(&r, "s.occupancy.mean"), rho, 0.01, "patients");
    qt_check_est("M/M/1 rho=0.9 waiting.mean = rho^2/(1-rho)",
                 qt_kpi(&r, "s.waiting.mean"), rho * rho / (1 - rho),
                 0.12 * rho * rho / (1 - rho), "patients");
    qt_runs_free(&r);
    scenario_free(sc);
}

/* M/M/1/K: queue_limit K, so K + 1 in the system at most.
 * P(loss) = (1 - rho) rho^(K+1) / (1 - rho^(K+2)). */
static void mm1k(void)
{
    const double lam = 0.9, mu = 1, rho = lam / mu;
    const int K = 4, n = K + 1;
    double p[8];
    scenario *sc = mk_scenario("mm1k", 40500, 500, qt_seed(103));
    unit_spec *u = mk_unit(sc, "s", 1, 1 / mu, FULL_QUEUE);
    u->queue_limit = K;
    mk_arrival(sc, "in", lam, "s");
    qt_runs r = qt_run(sc, 20);
    mm1_theta(lam, mu, 0, n, p);
    double ploss = (1 - rho) * pow(rho, n) / (1 - pow(rho, n + 1));
    double lq = 0;
    for (int i = 1; i <= n; i++)
        lq += (i - 1) * p[i];
    qt_ok(fabs(ploss - p[n]) < 1e-12,
          "M/M/1/K closed form %.6g = chain p_K+1 %.6g (self-check)", ploss,
          p[n]);
    qt_check_est("M/M/1/4 lost.fraction = (1-rho)rho^5/(1-rho^6)",
                 qt_kpi(&r, "s.lost.fraction"), ploss, 0.01, "");
    qt_check_est("M/M/1/4 occupancy.mean = 1 - p0",
                 qt_kpi(&r, "s.occupancy.mean"), 1 - p[0], 0.01, "patients");
    qt_check_est("M/M/1/4 waiting.mean = Lq", qt_kpi(&r, "s.waiting.mean"),
                 lq, 0.03 * lq, "patients");
    double w = lq / (lam * (1 - ploss)) * 24;
    qt_check_est("M/M/1/4 wait.mean = Lq / admitted rate",
                 qt_kpi(&r, "s.wait.mean"), w, 0.03 * w, "h");
    double maxq = -1;
    for (int i = 0; i < r.R; i++)
        maxq = fmax(maxq, qt_at(&r, i, "s.occupancy.max"));
    qt_ok(maxq == 1, "M/M/1/4 occupancy.max = 1 place (got %g)", maxq);
    qt_runs_free(&r);
    scenario_free(sc);
}

/* M/M/1+M: patience Exp(theta).  The number in system is a birth-death
 * chain with death rate mu + (n-1) theta.  A patient who finds n in the
 * system advances through n stages; at stage j (j still ahead in the line)
 * the line moves at rate mu + j theta and she gives up at rate theta, so
 * P(served | n) = prod (mu + j theta)/(mu + (j+1) theta) = mu/(mu + n theta)
 * and, time and cause of leaving a stage being independent,
 * E[W | served, n] = sum_{j=1..n} 1/(mu + j theta).  With PASTA:
 * P(renege) = sum p_n n theta/(mu + n theta) (also = theta Lq / lam). */
static void mm1m(const char *tag, double lam, double mu, double theta,
                 double days, int R, uint64_t seed)
{
    enum { NMAX = 4000 };
    static double p[NMAX + 1];
    char what[160];
    mm1_theta(lam, mu, theta, NMAX, p);
    double pren = 0, lq = 0, ps = 0, ws = 0, pd = 0;
    for (int n = 0; n <= NMAX; n++) {
        double s = mu / (mu + n * theta), h = 0;
        for (int j = 1; j <= n; j++)
            h += 1 / (mu + j * theta);
        pren += p[n] * n * theta / (mu + n * theta);
        lq += n > 0 ? (n - 1) * p[n] : 0;
        ps += p[n] * s;
        ws += p[n] * s * h;
        if (n > 0)
            pd += p[n] * s;
    }
    double wserved = ws / ps * 24, delayed = pd / ps;
    snprintf(what, sizeof what, "M/M/1+M %s: P(renege) two ways (self-check)",
             tag);
    qt_ok(fabs(pren - theta * lq / lam) < 1e-9 * pren, "%s %.9g %.9g", what,
          pren, theta * lq / lam);

    scenario *sc = mk_scenario("mm1m", days + 200, 200, seed);
    unit_spec *u = mk_unit(sc, "s", 1, 1 / mu, FULL_QUEUE);
    u->reneges = 1;
    u->patience = mk_exp(1 / theta);
    mk_arrival(sc, "in", lam, "s");
    qt_runs r = qt_run(sc, R);
    double *x = malloc((size_t)R * sizeof *x);
    if (!x)
        abort();
    for (int i = 0; i < R; i++)
        x[i] = qt_at(&r, i, "s.reneged") / qt_at(&r, i, "s.arrivals");
    snprintf(what, sizeof what, "M/M/1+M %s: reneged/arrivals", tag);
    qt_check_est(what, qt_estimate(x, R), pren, 0.03 * pren, "");
    snprintf(what, sizeof what, "M/M/1+M %s: waiting.mean = Lq", tag);
    qt_check_est(what, qt_kpi(&r, "s.waiting.mean"), lq, 0.04 * lq,
                 "patients");
    if (p[0] > 1e-6) { /* else the server is never idle: nothing to test */
        snprintf(what, sizeof what, "M/M/1+M %s: occupancy.mean = 1 - p0",
                 tag);
        qt_check_est(what, qt_kpi(&r, "s.occupancy.mean"), 1 - p[0], 0.01,
                     "patients");
        snprintf(what, sizeof what,
                 "M/M/1+M %s: delayed.fraction of served", tag);
        qt_check_est(what, qt_kpi(&r, "s.delayed.fraction"), delayed, 0.02,
                     "");
    }
    snprintf(what, sizeof what, "M/M/1+M %s: wait.mean of served", tag);
    qt_check_est(what, qt_kpi(&r, "s.wait.mean"), wserved, 0.04 * wserved,
                 "h");
    qt_runs_free(&r);
    /* Flow balance with reneging, exact, over a run without warm-up:
     * arrivals = exits + reneged + lost + in the unit (served or in line)
     * at the horizon, for the unit and for the system. */
    sc->warmup = 0;
    r = qt_run(sc, 3);
    for (int i = 0; i < r.R; i++) {
        double a = qt_at(&r, i, "s.arrivals"), rn = qt_at(&r, i, "s.reneged"),
               lo = qt_at(&r, i, "s.lost"), end = qt_at(&r, i, "s.in_unit.end"),
               ex = qt_at(&r, i, "system.exits"),
               sa = qt_at(&r, i, "system.arrivals"),
               sl = qt_at(&r, i, "system.lost"),
               se = qt_at(&r, i, "system.in_system.end");
        qt_ok(a == ex + rn + lo + end && sa == ex + sl + se && sl == rn + lo &&
                  rn > 0,
              "M/M/1+M %s rep %d flow balance: arrivals %g = exits %g + "
              "reneged %g + lost %g + in unit %g; system %g = %g + lost %g + "
              "in system %g", tag, i + 1, a, ex, rn, lo, end, sa, ex, sl, se);
    }
    free(x);
    qt_runs_free(&r);
    scenario_free(sc);
}

/* A plain unit (models/net.h: none of the options looked at on each
 * move) is moved by a shorter path than any other: two M/M/1 queues in
 * tandem, the first sending 70% of its patients to the second, give
 * every KPI the same to the bit as the same queues with a line limit
 * (10^9) that no line reaches, which makes them not plain. */
static void plain_same(void)
{
    kpi_list k[2];
    double *v[2];
    for (int i = 0; i < 2; i++) {
        scenario *sc = mk_scenario("plain", 2000, 100, qt_seed(106));
        mk_unit(sc, "a", 1, 1.0 / 1.2, FULL_QUEUE);
        mk_unit(sc, "b", 1, 1.0 / 1.1, FULL_QUEUE);
        unit_spec *a = &sc->units[0], *b = &sc->units[1];
        mk_route(sc, a, "b", 0.7);
        mk_route(sc, a, "exit", 0.3);
        mk_arrival(sc, "in", 1, "a");
        if (i == 1)
            a->queue_limit = b->queue_limit = 1000000000;
        run_info info;
        v[i] = mk_run(sc, 1, &k[i], &info);
        scenario_free(sc);
    }
    size_t same = 0;
    for (size_t j = 0; j < k[0].n; j++)
        same += memcmp(&v[0][j], &v[1][j], sizeof(double)) == 0;
    qt_ok(k[0].n == k[1].n && same == k[0].n && k[0].n > 20 &&
              mk_kpi(&k[0], v[0], "b.arrivals") > 1000,
          "plain and general paths: %zu of %zu KPIs identical "
          "(b.arrivals %.0f)", same, k[0].n,
          mk_kpi(&k[0], v[0], "b.arrivals"));
    for (int i = 0; i < 2; i++) {
        free(v[i]);
        kpi_list_free(&k[i]);
    }
}

int main(void)
{
    plain_same();
    mm1();
    mm1_heavy();
    mm1k();
    /* Light: patience mean 2 days, line rarely long. */
    mm1m("lam=1 mu=1 theta=0.5", 1, 1, 0.5, 20000, 20, qt_seed(104));
    /* Overloaded 10x: line ~ 90, almost everyone reneges; exercises the
     * line's compaction of stale (reneged) entries. */
    mm1m("lam=10 mu=1 theta=0.1", 10, 1, 0.1, 2000, 20, qt_seed(105));
    return qt_done();
}
