/* test_effects.c -- uncertain effect sizes (network.h: iv_effect_draw).
 *
 * 1. The draws of an effect {mean: 30%, sd: 5%} over 20,000 replications
 *    have that mean and sd (a beta), the same for the same seed, other
 *    draws under another name; an sd of 0 is the effect itself.
 * 2. The loader: {mean, sd} read, an sd a beta cannot have refused with
 *    the key's path, a share still a fixed effect.
 * 3. On levers.yaml (the saving is the ED attendances deflected): each
 *    replication of an uncertain effect costs exactly what the same
 *    replication of the fixed effect it drew costs, activity for activity
 *    and year for year (the effect enters as that one number, and the
 *    patients' own draws are common); with sd 0, every replication is the
 *    fixed effect's exactly.
 * 4. Uncertain phasing (iv_phase_draw): a phase's fraction {mean, sd}
 *    drawn with that mean and sd, on a stream of its own (not the
 *    effect's, not another phase's); read by the loader, an impossible
 *    sd refused with the key's path; on levers.yaml each replication
 *    costs exactly what the fixed fraction it drew costs, sd 0 is the
 *    fixed fraction, and the PSA lists the phase with its draws.
 * argv[1]: the source root.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "finance.h"
#include "load.h"
#include "network.h"
#include "psa.h"
#include "tap.h"

static char root[4096];

static scenario *load(const char **sets, size_t n, char *err, size_t len)
{
    char path[8192];
    snprintf(path, sizeof path, "%s/test/finance/levers.yaml", root);
    return load_scenario(path, sets, n, NULL, err, len);
}

/* 1. */
static void test_draws(void)
{
    char name[] = "fewer-admissions", other[] = "shorter-stays";
    intervention_spec iv = {.name = name, .effect = 0.3, .effect_sd = 0.05};
    intervention_spec iv2 = iv;
    iv2.name = other;
    long n = 20000;
    double s = 0, ss = 0;
    int same = 1, differ = 0, inside = 1;
    for (long r = 0; r < n; r++) {
        double x = iv_effect_draw(&iv, 5, (uint64_t)r);
        s += x;
        ss += x * x;
        same = same && x == iv_effect_draw(&iv, 5, (uint64_t)r);
        differ += x != iv_effect_draw(&iv2, 5, (uint64_t)r);
        inside = inside && x > 0 && x < 1;
    }
    double mean = s / (double)n, sd = sqrt(ss / (double)n - mean * mean);
    /* the mean's standard error is 0.05 / sqrt(20000) = 0.00035 */
    NEAR(mean, 0.3, 4 * 0.05 / sqrt((double)n), "draws' mean 0.3");
    NEAR(sd, 0.05, 0.002, "draws' sd 0.05");
    CHECK(same, "the same seed and replication draw the same");
    EQ(differ, n, "another intervention's name draws otherwise");
    CHECK(inside, "every draw a share in (0, 1)");
    iv.effect_sd = 0;
    EQ(iv_effect_draw(&iv, 5, 3), 0.3, "sd 0: the effect itself");
}

/* 2. */
static void test_load(void)
{
    char err[LOAD_ERR_MAX];
    const char *ok[] = {"interventions.0.effect={mean: 30%, sd: 0.05}"};
    scenario *sc = load(ok, 1, err, sizeof err);
    CHECK(sc && sc->interventions[0].effect == 0.3 &&
          sc->interventions[0].effect_sd == 0.05, "{mean, sd} read");
    scenario_free(sc);
    const char *bad[] = {"interventions.0.effect={mean: 0.5, sd: 0.6}"};
    sc = load(bad, 1, err, sizeof err);
    CHECK(!sc && strstr(err, "interventions.deflect-a.effect.sd") &&
          strstr(err, "too large"), "an impossible sd refused: %s", err);
    scenario_free(sc);
    const char *fixed[] = {"interventions.0.effect=40%"};
    sc = load(fixed, 1, err, sizeof err);
    CHECK(sc && sc->interventions[0].effect == 0.4 &&
          sc->interventions[0].effect_sd == 0, "a share: fixed");
    scenario_free(sc);
}

/* A run and the scenario it borrows. */
typedef struct owned {
    scenario *sc;
    fin_run r;
} owned;

static void owned_free(owned *o)
{
    fin_run_free(&o->r);
    scenario_free(o->sc);
}

static int run(const char *effect, owned *o)
{
    fin_run *r = &o->r;
    char err[LOAD_ERR_MAX], set[96];
    snprintf(set, sizeof set, "interventions.0.effect=%s", effect);
    const char *sets[] = {"replications=3", set};
    scenario *sc = o->sc = load(sets, 2, err, sizeof err);
    memset(r, 0, sizeof *r);
    if (!sc || fin_run_scenario(sc, 2, r, err, sizeof err) != 0) {
        printf("# %s\n", err);
        scenario_free(sc);
        o->sc = NULL;
        return -1;
    }
    return 0;
}

/* Whether replication k of a and b had the same activity, every year. */
static int same_rep(const fin_run *a, const fin_run *b, size_t k)
{
    size_t w = a->n_years * COST_ITEMS;
    return !memcmp(a->act + k * w, b->act + k * w, w * sizeof *a->act);
}

/* 3. */
static void test_levers(void)
{
    owned uo, fo, zo;
    const fin_run *u = &uo.r, *f = &fo.r, *z = &zo.r;
    if (run("{mean: 0.5, sd: 0.1}", &uo) != 0) {
        CHECK(0, "levers.yaml with an uncertain effect runs");
        return;
    }
    const intervention_spec *iv = &u->sc->interventions[0];
    double e0 = -1;
    int differ = 0;
    for (size_t k = 0; k < 3; k++) {
        char v[40];
        double e = iv_effect_draw(iv, u->sc->seed, k);
        differ += e != e0;
        e0 = e;
        snprintf(v, sizeof v, "%.17g", e);
        if (run(v, &fo) != 0)
            break;
        CHECK(same_rep(u, f, k), "replication %zu: the fixed effect it "
              "drew (%.4f), exactly", k, e);
        CHECK(f->act[k * f->n_years * COST_ITEMS + COST_ED_ATTENDANCE] > 0,
              "replication %zu: attendances left", k);
        owned_free(&fo);
    }
    EQ(differ, 3, "every replication draws its own effect");
    if (run("0.5", &fo) == 0 && run("{mean: 0.5, sd: 0}", &zo) == 0) {
        int all = 1;
        for (size_t k = 0; k < 3; k++)
            all = all && same_rep(f, z, k);
        CHECK(all, "sd 0: the fixed effect's activity, exactly");
        owned_free(&fo);
        owned_free(&zo);
    }
    owned_free(&uo);
}

/* 4. The draws of a phase's fraction. */
static void test_phase_draws(void)
{
    char name[] = "fewer-admissions";
    phase ph[2] = {{0, 0.6}, {365, 1}};
    double sd[2] = {0.1, 0};
    intervention_spec iv = {.name = name, .effect = 0.3, .effect_sd = 0.05,
                            .n_phases = 2, .phases = ph, .phase_sd = sd};
    long n = 20000;
    double s = 0, ss = 0;
    int same = 1, differ = 0, second = 1;
    for (long r = 0; r < n; r++) {
        double x = iv_phase_draw(&iv, 0, 5, (uint64_t)r);
        s += x;
        ss += x * x;
        same = same && x == iv_phase_draw(&iv, 0, 5, (uint64_t)r);
        differ += x != iv_effect_draw(&iv, 5, (uint64_t)r);
        second = second && iv_phase_draw(&iv, 1, 5, (uint64_t)r) == 1;
    }
    double mean = s / (double)n, sdv = sqrt(ss / (double)n - mean * mean);
    NEAR(mean, 0.6, 4 * 0.1 / sqrt((double)n), "phase draws' mean 0.6");
    NEAR(sdv, 0.1, 0.003, "phase draws' sd 0.1");
    CHECK(same, "phase: the same seed and replication draw the same");
    EQ(differ, n, "the phase's stream is not the effect's");
    CHECK(second, "a phase with sd 0: its fraction");
    sd[1] = 0.05;
    ph[1].fraction = 0.6;
    int other = 0;
    for (long r = 0; r < 100; r++)
        other += iv_phase_draw(&iv, 0, 5, (uint64_t)r) !=
                 iv_phase_draw(&iv, 1, 5, (uint64_t)r);
    EQ(other, 100, "another phase of the same mean draws otherwise");
    iv.phase_sd = NULL;
    EQ(iv_phase_draw(&iv, 0, 5, 3), 0.6, "no sds: the fraction itself");
}

static const char PH_FIRST[] = "interventions.0.phasing=[{from: 2022-04-01, "
                               "fraction: %s}, {from: 2023-04-01, "
                               "fraction: 100%%}]";

/* 4. The loader. */
static void test_phase_load(void)
{
    char err[LOAD_ERR_MAX], set[160];
    snprintf(set, sizeof set, PH_FIRST, "{mean: 40%, sd: 0.1}");
    const char *ok[] = {set};
    scenario *sc = load(ok, 1, err, sizeof err);
    CHECK(sc && sc->interventions[0].phases[0].fraction == 0.4 &&
          sc->interventions[0].phase_sd[0] == 0.1 &&
          sc->interventions[0].phase_sd[1] == 0 &&
          sc->interventions[0].phases[1].fraction == 1,
          "phasing {mean, sd} read: %s", sc ? "" : err);
    scenario_free(sc);
    snprintf(set, sizeof set, PH_FIRST, "{mean: 0.9, sd: 0.3}");
    sc = load(ok, 1, err, sizeof err);
    CHECK(!sc && strstr(err, "interventions.deflect-a.phasing.0.fraction.sd")
          && strstr(err, "too large"), "an impossible phase sd refused: %s",
          err);
    scenario_free(sc);
}

static int run_phase(const char *fraction, owned *o)
{
    fin_run *r = &o->r;
    char err[LOAD_ERR_MAX], set[200];
    snprintf(set, sizeof set, PH_FIRST, fraction);
    const char *sets[] = {"replications=3", set};
    scenario *sc = o->sc = load(sets, 2, err, sizeof err);
    memset(r, 0, sizeof *r);
    if (!sc || fin_run_scenario(sc, 2, r, err, sizeof err) != 0) {
        printf("# %s\n", err);
        scenario_free(sc);
        o->sc = NULL;
        return -1;
    }
    return 0;
}

/* 4. On levers.yaml: each replication is the fixed fraction it drew. */
static void test_phase_levers(void)
{
    owned uo, fo, zo;
    const fin_run *u = &uo.r, *f = &fo.r, *z = &zo.r;
    if (run_phase("{mean: 0.5, sd: 0.1}", &uo) != 0) {
        CHECK(0, "levers.yaml with an uncertain phase runs");
        return;
    }
    const intervention_spec *iv = &u->sc->interventions[0];
    int differ = 0;
    double e0 = -1;
    for (size_t k = 0; k < 3; k++) {
        char v[40];
        double e = iv_phase_draw(iv, 0, u->sc->seed, k);
        differ += e != e0;
        e0 = e;
        snprintf(v, sizeof v, "%.17g", e);
        if (run_phase(v, &fo) != 0)
            break;
        CHECK(same_rep(u, f, k), "replication %zu: the fixed fraction it "
              "drew (%.4f), exactly", k, e);
        owned_free(&fo);
    }
    EQ(differ, 3, "every replication draws its own fraction");
    if (run_phase("0.5", &fo) == 0 && run_phase("{mean: 0.5, sd: 0}",
                                                &zo) == 0) {
        int all = 1;
        for (size_t k = 0; k < 3; k++)
            all = all && same_rep(f, z, k);
        CHECK(all, "phase sd 0: the fixed fraction's activity, exactly");
        /* the PSA of the uncertain run against the fixed one lists the
         * phase: its draws' mean is the mean of the three draws */
        fin_benefits b = {.base = fo.r, .alt = uo.r};
        char err[256];
        if (fin_benefits_build(&b, err, sizeof err) == 0) {
            psa_effect e[4];
            size_t ne = psa_effects(&b, e, 4);
            double m = 0;
            for (size_t k = 0; k < 3; k++)
                m += iv_phase_draw(iv, 0, u->sc->seed, k) / 3;
            char name[160];
            CHECK(ne == 1 && e[0].iv == 0 && e[0].phase == 0 &&
                  fabs(e[0].mean - m) < 1e-12 &&
                  !strcmp(psa_effect_name(&b, &e[0], name, sizeof name),
                          "deflect-a phasing 0"),
                  "PSA: the phase, its draws' mean %.6f", m);
            b.base = (fin_run){0};
            b.alt = (fin_run){0};
            fin_benefits_free(&b);
        } else {
            CHECK(0, "benefits build: %s", err);
        }
        owned_free(&fo);
        owned_free(&zo);
    }
    owned_free(&uo);
}

int main(int argc, char **argv)
{
    snprintf(root, sizeof root, "%s", argc > 1 ? argv[1] : ".");
    test_draws();
    test_load();
    test_levers();
    test_phase_draws();
    test_phase_load();
    test_phase_levers();
    return tap_done();
}
