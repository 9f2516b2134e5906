/* fuzz_common.c -- the checks shared by the fuzzing harnesses. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_common.h"
#include "load.h"
#include "network.h"

/* The name the text is loaded under: no '/', so an `extends:` in it is
 * taken relative to the current directory. */
#define FUZZ_NAME "fuzz.yaml"

/* Appended to the input's overrides before simulating: a short run. */
static const char *const fuzz_short[] = {
    "horizon=2 days", "warmup=~", "max_patients=300", "replications=1",
};
#define FUZZ_N_SHORT (sizeof fuzz_short / sizeof fuzz_short[0])
#define FUZZ_MAX_SETS 16
/* Most arrivals a short run may expect: heavier scenarios are valid but
 * take seconds to minutes to simulate, which the fuzzer would report as
 * timeouts (test/fuzz/README.md, "Heavy scenarios"). */
#define FUZZ_MAX_ARRIVALS 100000.0

static void fuzz_fail(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz: %s\n%s\n", what, detail ? detail : "");
    abort();
}

/* An upper bound (roughly, for renewal streams) on the arrivals of one
 * replication of sc. */
static double fuzz_arrivals(const scenario *sc)
{
    double total = 0;
    for (size_t i = 0; i < sc->n_arrivals; i++) {
        const arrival_spec *a = &sc->arrivals[i];
        double peak;
        if (a->kind == ARRIVAL_POISSON) {
            double h = 0, w = 0, f = 1;
            for (int k = 0; k < 24; k++)
                h = a->hourly[k] > h ? a->hourly[k] : h;
            for (int k = 0; k < 7; k++)
                w = a->weekly[k] > w ? a->weekly[k] : w;
            for (size_t k = 0; k < a->n_periods; k++)
                f *= a->periods[k].factor > 1 ? a->periods[k].factor : 1;
            peak = a->rate * a->scale * h * w * f;
        } else {
            double m = dist_mean(&a->interarrival);
            peak = m > 0 ? a->scale / m : INFINITY;
        }
        total += peak * sc->horizon;
    }
    return total;
}

/* Simulates replication 0 of sc, unless it is heavy. */
static void fuzz_run(const scenario *sc)
{
    if (!(fuzz_arrivals(sc) <= FUZZ_MAX_ARRIVALS))
        return;
    kpi_list kpis;
    if (network_kpis(sc, &kpis) != 0)
        return;
    double *values = calloc(kpis.n ? kpis.n : 1, sizeof *values);
    if (values) {
        run_info info;
        memset(&info, 0, sizeof info);
        (void)network_run(sc, 0, &kpis, values, &info, NULL, NULL);
    }
    free(values);
    kpi_list_free(&kpis);
}

void fuzz_check_and_run(const char *buf, size_t len, const char *const *sets,
                        size_t n_sets)
{
    char err[LOAD_ERR_MAX];
    char *canon = NULL;
    if (n_sets > FUZZ_MAX_SETS - FUZZ_N_SHORT)
        n_sets = FUZZ_MAX_SETS - FUZZ_N_SHORT;
    scenario *sc = load_scenario_mem(buf, len, FUZZ_NAME, sets, n_sets,
                                     &canon, err, sizeof err);
    if (!sc) {
        if (canon)
            fuzz_fail("canonical text set on error", canon);
        if (!err[0])
            fuzz_fail("load failed without an error message", NULL);
        if (!memchr(err, '\0', sizeof err) || strpbrk(err, "\n\r"))
            fuzz_fail("error is not one line", err);
        return;
    }
    if (!canon)
        fuzz_fail("loaded without a canonical text", NULL);
    scenario_free(sc);

    /* The canonical text loads, to the same canonical text. */
    char *canon2 = NULL;
    sc = load_scenario_mem(canon, strlen(canon), FUZZ_NAME, NULL, 0, &canon2,
                           err, sizeof err);
    if (!sc) {
        fprintf(stderr, "fuzz: canonical text:\n%s\n", canon);
        fuzz_fail("canonical text does not load", err);
    }
    if (strcmp(canon, canon2) != 0) {
        fprintf(stderr, "fuzz: first canonical text:\n%s\n", canon);
        fuzz_fail("canonical text not stable on reload", canon2);
    }
    scenario_free(sc);
    free(canon2);
    free(canon);

    /* A short simulation of the same scenario. */
    const char *all[FUZZ_MAX_SETS];
    for (size_t i = 0; i < n_sets; i++)
        all[i] = sets[i];
    for (size_t i = 0; i < FUZZ_N_SHORT; i++)
        all[n_sets + i] = fuzz_short[i];
    sc = load_scenario_mem(buf, len, FUZZ_NAME, all, n_sets + FUZZ_N_SHORT,
                           NULL, err, sizeof err);
    if (sc) {
        fuzz_run(sc);
        scenario_free(sc);
    }
}
