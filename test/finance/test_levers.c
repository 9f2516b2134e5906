/* test_levers.c -- savings by lever (levers.h).
 *
 * 1. Shapley weights and the overrides that switch levers off.
 * 2. Two levers with savings known by construction (levers.yaml: 24 and
 *    12 patients a day of classes a and b, GBP 100 an ED attendance, no
 *    queue): each lever's saving alone, in sequence and by Shapley is its
 *    class's attendances x GBP 100, exactly, with no interaction.
 * 3. Two levers that deflect the same cohort: each saves it alone, half
 *    of it by Shapley, all of it then nothing in sequence, and together
 *    the cohort once (the interaction is minus the cohort).
 *    Their NPV at the Green Book's 3.5% and payback year.
 * 4. Three levers that meet the same patients in a congested system
 *    (levers-small.yaml): per replication, year and cost item, the
 *    sequential and Shapley savings add up to all levers together, the
 *    alone savings plus the interaction too, and with every lever off
 *    the alternative costs exactly what the base does.
 * 5. Uncertain unit costs (psa.h): the multipliers' mean and sd, their
 *    determinism, the 2.5%/97.5% points; on levers.yaml, where the saving
 *    is all ED attendances, each replication's saving is its multiplier
 *    x the known saving, exactly, and so is each end of the tornado.
 * 6. Capacity released: the wards closed by a rule on a hand-made series
 *    of beds free, and on levers-release.yaml the step costs saved and
 *    the cash of the saving the closed places free, by year; and the
 *    savings by payer.
 * argv[1]: the source root.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "finance.h"
#include "levers.h"
#include "load.h"
#include "psa.h"
#include <gsl/gsl_cdf.h>
#include "tap.h"

static char root[4096];

/* The base (the file without interventions), the alternative and every
 * proper subset of its levers, run; the attribution built. */
typedef struct fixture {
    scenario *sc[2 + (1u << LEVERS_MAX)];
    fin_run run[2 + (1u << LEVERS_MAX)];
    size_t n;
    fin_benefits b;
    fin_levers lv;
} fixture;

static scenario *load(const char *rel, const char **sets, size_t n)
{
    char path[8192], err[LOAD_ERR_MAX];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    scenario *sc = load_scenario(path, sets, n, NULL, err, sizeof err);
    if (!sc)
        printf("# %s\n", err);
    return sc;
}

static int fixture_run(fixture *x, const char *rel, const char *alt_set,
                       const char *alt_set2)
{
    memset(x, 0, sizeof *x);
    const char *base_sets[] = {"interventions=null"};
    const char *alt_sets[2 + LEVERS_MAX] = {alt_set, alt_set2};
    size_t n_alt = alt_set2 ? 2 : alt_set ? 1 : 0;
    if (!(x->sc[0] = load(rel, base_sets, 1)) ||
        !(x->sc[1] = load(rel, alt_sets, n_alt)))
        return -1;
    x->n = 2;
    size_t nl = x->sc[1]->n_interventions;
    unsigned all = (1u << nl) - 1;
    char sets[LEVERS_MAX][32];
    for (unsigned m = 0; m < all; m++) {
        size_t ns = lever_switches_off(x->sc[1], m, sets);
        for (size_t k = 0; k < ns; k++)
            alt_sets[n_alt + k] = sets[k];
        if (!(x->sc[2 + m] = load(rel, alt_sets, n_alt + ns)))
            return -1;
        x->n++;
    }
    fin_run *runs[2 + (1u << LEVERS_MAX)];
    for (size_t i = 0; i < x->n; i++)
        runs[i] = &x->run[i];
    char err[512];
    size_t failed;
    if (fin_run_scenarios((const scenario *const *)x->sc, x->n, 2, NULL,
                          NULL, NULL, runs, &failed, err, sizeof err)) {
        printf("# %s\n", err);
        return -1;
    }
    x->b.base = x->run[0];
    x->b.alt = x->run[1];
    x->lv.n = nl;
    x->lv.base = &x->run[0];
    for (size_t j = 0; j < nl; j++)
        x->lv.name[j] = x->sc[1]->interventions[j].name;
    for (unsigned m = 0; m < all; m++)
        x->lv.run[m] = &x->run[2 + m];
    x->lv.run[all] = &x->run[1];
    if (fin_benefits_build(&x->b, err, sizeof err) ||
        fin_levers_build(&x->lv, err, sizeof err)) {
        printf("# %s\n", err);
        return -1;
    }
    return 0;
}

static void fixture_free(fixture *x)
{
    fin_levers_free(&x->lv);
    fin_benefits_free(&x->b);
    for (size_t i = 0; i < x->n; i++) {
        fin_run_free(&x->run[i]);
        scenario_free(x->sc[i]);
    }
}

static double mean(const fin_levers *lv, lever_method m, size_t j, size_t y)
{
    kpi_summary s;
    fin_lever_summary(lv, m, j, y, LEVER_TOTAL, &s);
    return s.mean;
}

static double rest(const fin_levers *lv, lever_rest k, size_t y)
{
    kpi_summary s;
    fin_lever_rest_summary(lv, k, y, LEVER_TOTAL, &s);
    return s.mean;
}

/* 1. */
static void test_weights(void)
{
    NEAR(lever_shapley_weight(1, 0), 1, 1e-15, "n 1: weight 1");
    NEAR(lever_shapley_weight(3, 0), 1.0 / 3, 1e-15, "n 3, s 0: 0!2!/3!");
    NEAR(lever_shapley_weight(3, 1), 1.0 / 6, 1e-15, "n 3, s 1: 1!1!/3!");
    NEAR(lever_shapley_weight(3, 2), 1.0 / 3, 1e-15, "n 3, s 2: 2!0!/3!");
    NEAR(lever_shapley_weight(8, 3), 6.0 * 24 / 40320, 1e-15,
         "n 8, s 3: 3!4!/8!");
    for (size_t n = 1; n <= LEVERS_MAX; n++) {
        /* C(n-1, s) subsets of each size: the weights sum to 1 */
        double t = 0, c = 1;
        for (size_t s = 0; s < n; s++) {
            t += c * lever_shapley_weight(n, s);
            c = c * (double)(n - 1 - s) / (double)(s + 1);
        }
        NEAR(t, 1, 1e-12, "the weights of every subset sum to 1");
    }
    scenario sc = {.n_interventions = 3};
    char sets[LEVERS_MAX][32];
    size_t n = lever_switches_off(&sc, 2u, sets);
    CHECK(n == 2 && !strcmp(sets[0], "interventions.0.effect=0") &&
              !strcmp(sets[1], "interventions.2.effect=0"),
          "levers 0 and 2 switched off, not removed (the draws of lever i "
          "are keyed by i)");
}

/* 2. */
static void test_known(void)
{
    fixture *x = malloc(sizeof *x);
    int ok = x && fixture_run(x, "test/finance/levers.yaml", NULL, NULL) == 0;
    CHECK(ok, "levers.yaml: base, two levers and their subsets run");
    if (!ok) {
        free(x);
        return;
    }
    const fin_levers *lv = &x->lv;
    size_t ny = lv->n_years;
    CHECK(ny == 2, "two financial years");
    /* class a: arrivals at 0:30 + k hours, k = 1..8759 in the first
     * year (< 8760 hours), 8760..17519 in the second; class b at 0:30 +
     * 2k hours: 4379 and 4380; GBP 100 each */
    const double a[3] = {8759 * 100.0, 8760 * 100.0, 17519 * 100.0};
    const double b[3] = {4379 * 100.0, 4380 * 100.0, 8759 * 100.0};
    for (size_t y = 0; y <= ny; y++) {
        for (int m = 0; m < LEVER_METHODS; m++) {
            char what[96];
            snprintf(what, sizeof what, "year %zu, method %d: deflect-a "
                     "saves class a's attendances x GBP 100", y, m);
            EQ(mean(lv, (lever_method)m, 0, y), a[y], what);
            snprintf(what, sizeof what, "year %zu, method %d: deflect-b "
                     "saves class b's", y, m);
            EQ(mean(lv, (lever_method)m, 1, y), b[y], what);
        }
        EQ(rest(lv, LEVER_INTERACTION, y), 0, "no interaction");
        EQ(rest(lv, LEVER_TOGETHER, y), a[y] + b[y], "together: both");
        EQ(rest(lv, LEVER_OTHER, y), 0, "nothing but the levers changes");
        EQ(rest(lv, LEVER_OVERALL, y), a[y] + b[y], "BASE - ALT");
    }
    kpi_summary s;
    fin_lever_summary(lv, LEVER_SHAPLEY, 0, ny, COST_ED_ATTENDANCE, &s);
    EQ(s.mean, a[2], "deflect-a's saving is all on ED attendances");
    fin_lever_summary(lv, LEVER_SHAPLEY, 0, ny, COST_SDEC_ATTENDANCE, &s);
    EQ(s.mean, 0, "and none on SDEC");
    /* no investment, no optimism bias: the net saving is the saving; the
     * second year discounted once at the Green Book's 3.5% */
    kpi_summary npv;
    fin_npv_summary(&x->b, FIN_GREEN_BOOK_RATE, &npv);
    NEAR(npv.mean, a[0] + b[0] + (a[1] + b[1]) / 1.035, 1e-6,
         "NPV = year 1 + year 2 / 1.035");
    CHECK(fin_payback_year(&x->b, FIN_GREEN_BOOK_RATE) == 0,
          "pays back in the first year");
    fixture_free(x);
    free(x);
}

/* 3. */
static void test_same_cohort(void)
{
    fixture *x = malloc(sizeof *x);
    int ok = x && fixture_run(x, "test/finance/levers.yaml",
                              "interventions.1.classes=[a]", NULL) == 0;
    CHECK(ok, "two levers on class a run");
    if (!ok) {
        free(x);
        return;
    }
    const fin_levers *lv = &x->lv;
    size_t y = lv->n_years;
    double a = 17519 * 100.0;  /* class a, both years */
    EQ(mean(lv, LEVER_ALONE, 0, y), a, "lever 1 alone: the cohort");
    EQ(mean(lv, LEVER_ALONE, 1, y), a, "lever 2 alone: the cohort");
    EQ(mean(lv, LEVER_SEQUENTIAL, 0, y), a, "in sequence, the first: all");
    EQ(mean(lv, LEVER_SEQUENTIAL, 1, y), 0, "the second: nothing left");
    EQ(mean(lv, LEVER_SHAPLEY, 0, y), a / 2, "Shapley: half each");
    EQ(mean(lv, LEVER_SHAPLEY, 1, y), a / 2, "Shapley: half each");
    EQ(rest(lv, LEVER_TOGETHER, y), a,
       "together the cohort once, not twice");
    EQ(rest(lv, LEVER_INTERACTION, y), -a,
       "the interaction takes back the second count");
    fixture_free(x);
    free(x);
}

/* 3b. Half of each class deflected, by each patient's own draw for its
 * lever: the levers still meet separate patients, so each lever's saving
 * is the same alone, in sequence and by Shapley, exactly.  (Removing a
 * lever instead of switching it off would give deflect-b lever 0's
 * draws when alone, other patients, and another saving.) */
static void test_half(void)
{
    fixture *x = malloc(sizeof *x);
    int ok = x && fixture_run(x, "test/finance/levers.yaml",
                              "interventions.0.effect=0.5",
                              "interventions.1.effect=0.5") == 0;
    CHECK(ok, "two levers at 50%% run");
    if (!ok) {
        free(x);
        return;
    }
    const fin_levers *lv = &x->lv;
    size_t y = lv->n_years;
    for (size_t j = 0; j < 2; j++) {
        double alone = mean(lv, LEVER_ALONE, j, y);
        EQ(mean(lv, LEVER_SEQUENTIAL, j, y), alone,
           "in sequence = alone (separate patients)");
        EQ(mean(lv, LEVER_SHAPLEY, j, y), alone, "Shapley = alone");
        double full = j ? 8759 * 100.0 : 17519 * 100.0;
        CHECK(alone > 0.45 * full && alone < 0.55 * full,
              "about half the class deflected (%.0f of %.0f)", alone, full);
    }
    EQ(rest(lv, LEVER_INTERACTION, y), 0, "no interaction");
    fixture_free(x);
    free(x);
}

/* 4. Reconciliation per replication, year and part. */
static void test_reconcile(void)
{
    fixture *x = malloc(sizeof *x);
    int ok = x && fixture_run(x, "test/finance/levers-small.yaml", NULL, NULL) == 0;
    CHECK(ok, "levers-small.yaml: three levers and their subsets run");
    if (!ok) {
        free(x);
        return;
    }
    const fin_levers *lv = &x->lv;
    CHECK(lv->n == 3, "three levers");
    size_t per = (size_t)lv->reps * (lv->n_years + 1) * LEVER_PARTS;
    double worst_seq = 0, worst_sh = 0, worst_alone = 0, other = 0;
    double alone_vs_sh = 0;
    for (size_t c = 0; c < per; c++) {
        double seq = 0, sh = 0, alone = 0;
        for (size_t j = 0; j < lv->n; j++) {
            seq += lv->attr[(LEVER_SEQUENTIAL * lv->n + j) * per + c];
            sh += lv->attr[(LEVER_SHAPLEY * lv->n + j) * per + c];
            alone += lv->attr[(LEVER_ALONE * lv->n + j) * per + c];
            alone_vs_sh += fabs(lv->attr[(LEVER_ALONE * lv->n + j) * per + c] -
                                lv->attr[(LEVER_SHAPLEY * lv->n + j) * per + c]);
        }
        double tog = lv->rest[LEVER_TOGETHER * per + c];
        double inter = lv->rest[LEVER_INTERACTION * per + c];
        double tol = 1e-9 * (1 + fabs(tog));
        worst_seq = fmax(worst_seq, fabs(seq - tog) / tol);
        worst_sh = fmax(worst_sh, fabs(sh - tog) / tol);
        worst_alone = fmax(worst_alone, fabs(alone + inter - tog) / tol);
        other = fmax(other, fabs(lv->rest[LEVER_OTHER * per + c]));
    }
    CHECK(worst_seq <= 1, "sequential savings add up to all levers "
          "together (every replication, year, cost item)");
    CHECK(worst_sh <= 1, "Shapley values add up to all levers together");
    CHECK(worst_alone <= 1, "alone + interaction = together");
    EQ(other, 0, "every lever off costs exactly the base (common random "
       "numbers: switched off, the draws are the same)");
    CHECK(alone_vs_sh > 0, "the levers interact here (alone != Shapley), "
          "so the checks above are not trivial");
    kpi_summary t;
    fin_total_summary(&x->b, lv->n_years, 0, &t);
    NEAR(rest(lv, LEVER_OVERALL, lv->n_years), t.mean,
         1e-9 * fabs(t.mean), "BASE - ALT is the comparison's gross saving");
    fixture_free(x);
    free(x);
}

/* 5. */
static void test_psa(void)
{
    cost_spec c = {.price_base = 2022};
    c.unit[COST_ED_ATTENDANCE] = (unit_cost){.set = 1, .cost = 200,
                                             .price_year = 2022, .sd = 40};
    c.unit[COST_SDEC_ATTENDANCE] = (unit_cost){.set = 1, .cost = 100,
                                               .price_year = 2022};
    CHECK(psa_uncertain(&c), "an sd makes the costs uncertain");
    long n = 20000;
    double *m = NULL, *m2 = NULL;
    CHECK(psa_draw(&c, 5, n, &m) == 0 && psa_draw(&c, 5, n, &m2) == 0,
          "draws");
    if (!m || !m2) {
        free(m);
        free(m2);
        return;
    }
    double s = 0, ss = 0, same = 1;
    for (long r = 0; r < n; r++) {
        double x = m[r * COST_ITEMS + COST_ED_ATTENDANCE];
        s += x;
        ss += x * x;
        same = same && x == m2[r * COST_ITEMS + COST_ED_ATTENDANCE] &&
               m[r * COST_ITEMS + COST_SDEC_ATTENDANCE] == 1;
    }
    double mean = s / (double)n, sd = sqrt(ss / (double)n - mean * mean);
    /* cv 0.2: the mean's standard error is 0.2 / sqrt(20000) = 0.0014 */
    NEAR(mean, 1, 4 * 0.2 / sqrt((double)n), "multipliers' mean 1");
    NEAR(sd, 0.2, 0.01, "multipliers' sd = sd / cost = 0.2");
    CHECK(same, "the same seed draws the same; certain costs are x 1");
    free(m);
    free(m2);
    double lo, hi;
    psa_range(&c, COST_ED_ATTENDANCE, &lo, &hi);
    NEAR(gsl_cdf_gamma_P(lo, 25, 0.04), 0.025, 1e-9, "low: 2.5% point");
    NEAR(gsl_cdf_gamma_P(hi, 25, 0.04), 0.975, 1e-9, "high: 97.5% point");
    psa_range(&c, COST_SDEC_ATTENDANCE, &lo, &hi);
    CHECK(lo == 1 && hi == 1, "a certain cost does not move");

    fixture *x = malloc(sizeof *x);
    int ok = x && fixture_run(x, "test/finance/levers.yaml",
                              "costs.unit_costs.ed_attendance.sd=30",
                              NULL) == 0;
    CHECK(ok && x->b.mult, "levers.yaml with an uncertain ED price runs");
    if (!ok || !x->b.mult) {
        free(x);
        return;
    }
    const fin_benefits *b = &x->b;
    double known = 17519 * 100.0 + 8759 * 100.0, worst = 0, spread = 0;
    for (long r = 0; r < b->base.reps; r++) {
        double mr = b->mult[r * COST_ITEMS + COST_ED_ATTENDANCE], t = 0;
        for (size_t y = 0; y < b->base.n_years; y++)
            for (size_t l = 0; l < b->n_lines; l++)
                t += b->saving[(r * b->base.n_years + y) * b->n_lines + l];
        worst = fmax(worst, fabs(t - mr * known));
        spread = fmax(spread, fabs(mr - 1));
    }
    CHECK(worst < 1e-6, "each replication saves its multiplier x the known "
          "saving (worst %.3g)", worst);
    CHECK(spread > 0, "the multipliers differ from 1");
    NEAR(fin_net_mean_at(b, NULL), known, 1e-6, "as given: the known saving");
    double mult[COST_ITEMS];
    for (int i = 0; i < COST_ITEMS; i++)
        mult[i] = 1;
    mult[COST_ED_ATTENDANCE] = 0.5;
    NEAR(fin_net_mean_at(b, mult), known / 2, 1e-6,
         "one-way: half the price, half the saving");
    EQ(fin_share_net_positive(b), 1, "every replication saves");
    fixture_free(x);
    free(x);
}

/* 6. */
static void test_release(void)
{
    release_rule q = {.beds = 10, .sustained = 3};
    const double freed[] = {12, 12, 12, 25, 25, 25, 25, 5, 30, 30, 30};
    const double want[] = {0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 3};
    double out[11];
    cost_release_wards(&q, freed, 11, out);
    int same = 1;
    for (int d = 0; d < 11; d++)
        same = same && out[d] == want[d];
    CHECK(same, "a ward closes after 3 days with 10 beds free, a second "
          "after 3 more with 20, a third after 3 with 30");
    q.most = 2;
    cost_release_wards(&q, freed, 11, out);
    CHECK(out[10] == 2, "no more than `most` wards");
    q = (release_rule){.beds = 10, .sustained = 2};
    const double dips[] = {10, 9, 10, 10, 0};
    cost_release_wards(&q, dips, 5, out);
    CHECK(out[0] == 0 && out[2] == 0 && out[3] == 1 && out[4] == 1,
          "a day short of beds restarts the run; a closed ward stays "
          "closed");

    fixture *x = malloc(sizeof *x);
    int ok = x && fixture_run(x, "test/finance/levers-release.yaml", NULL,
                              NULL) == 0;
    CHECK(ok, "levers-release.yaml runs");
    if (!ok) {
        free(x);
        return;
    }
    const fin_benefits *b = &x->b;
    long step = -1, ed = -1;
    for (size_t l = 0; l < b->n_lines; l++) {
        if (b->lines[l].kind == LINE_RELEASE)
            step = (long)l;
        if (b->lines[l].kind == LINE_SIMULATED &&
            b->lines[l].items == 1u << COST_ED_ATTENDANCE)
            ed = (long)l;
    }
    CHECK(step >= 0 && ed >= 0, "a line for the ward's step costs");
    if (step >= 0 && ed >= 0) {
        kpi_summary s;
        const double wd[2] = {359, 365};
        for (size_t y = 0; y < 2; y++) {
            fin_line_summary(b, (size_t)step, y, 0, &s);
            NEAR(s.mean, wd[y] * 100, 1e-6, "step costs: ward-days x GBP "
                 "100");
            fin_line_summary(b, (size_t)step, y, 1, &s);
            NEAR(s.mean, wd[y] * 100, 1e-6, "all cash");
            fin_line_summary(b, (size_t)ed, y, 1, &s);
            NEAR(s.mean, 0.2 * wd[y] * 100, 1e-6, "ED saving's cash: the "
                 "closed places' days x GBP 100");
            fin_line_summary(b, (size_t)ed, y, 0, &s);
            NEAR(s.mean, (y ? 8760 + 4380 : 8759 + 4379) * 100.0, 1e-6,
                 "the gross saving unchanged");
        }
    }
    fixture_free(x);
    free(x);
    /* the same with payers: the ED saving the commissioner's, the ward's
     * step costs the provider's */
    x = malloc(sizeof *x);
    ok = x && fixture_run(x, "test/finance/levers-release.yaml",
                          "costs.unit_costs.ed_attendance.payer=commissioner",
                          "costs.capacity_release.ward.payer=provider") == 0;
    CHECK(ok, "levers-release.yaml with payers runs");
    if (!ok) {
        free(x);
        return;
    }
    const char *p[4];
    size_t np = fin_payers(&x->b, p, 4);
    CHECK(np == 2 && !strcmp(p[0], "commissioner") &&
              !strcmp(p[1], "provider"),
          "two payers, in the costs' order");
    kpi_summary s;
    size_t ny = x->b.base.n_years;
    fin_payer_summary(&x->b, "commissioner", ny, 0, &s);
    NEAR(s.mean, (17519 + 8759) * 100.0, 1e-6, "commissioner: the ED saving");
    fin_payer_summary(&x->b, "commissioner", ny, 1, &s);
    NEAR(s.mean, 0.2 * (359 + 365) * 100, 1e-6,
         "commissioner's cash: the closed places' days");
    fin_payer_summary(&x->b, "provider", ny, 0, &s);
    NEAR(s.mean, (359 + 365) * 100.0, 1e-6, "provider: the step costs");
    fin_payer_summary(&x->b, NULL, ny, 0, &s);
    EQ(s.mean, 0, "nothing unassigned");
    fixture_free(x);
    free(x);
}

int main(int argc, char **argv)
{
    snprintf(root, sizeof root, "%s", argc > 1 ? argv[1] : ".");
    test_weights();
    test_known();
    test_same_cohort();
    test_half();
    test_reconcile();
    test_psa();
    test_release();
    return tap_done();
}
