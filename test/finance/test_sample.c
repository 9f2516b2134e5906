/* test_sample.c -- Shapley values by sampling orders of the levers
 * (levers.h: lever_shapley_sample).
 *
 * 1. Three levers with every interaction (a cost table by subset): the
 *    sampled values, for three seeds, are within 4 reported standard
 *    errors of the exact ones (over all subsets, lever_shapley_weight),
 *    the errors shrink as 1/sqrt(orders), and the values add up to the
 *    saving of all levers exactly; the same seed gives the same values.
 * 2. Ten levers (more than every subset is run for) whose costs have
 *    pairwise interactions: the Shapley value is known, a_j + half of
 *    each pair's b_jk, and the sampled values are within 4 errors of it.
 * 3. Ten additive levers: every order gives each its own saving, so the
 *    values are exact and their errors 0.
 * 4. Bad arguments refused.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "levers.h"
#include "tap.h"

/* cost of the 3-lever game, by subset (bit j: lever j on) */
static const double COST3[8] = {1000, 900, 780, 650, 700, 610, 520, 430};

static double cost3(void *ud, uint64_t m)
{
    (void)ud;
    return COST3[m];
}

typedef struct pairs {
    size_t n;
    double a[10], b[10][10];
} pairs;

static double cost_pairs(void *ud, uint64_t m)
{
    const pairs *g = ud;
    double c = 5000;
    for (size_t j = 0; j < g->n; j++) {
        if (!(m >> j & 1))
            continue;
        c -= g->a[j];
        for (size_t k = j + 1; k < g->n; k++)
            if (m >> k & 1)
                c -= g->b[j][k];
    }
    return c;
}

/* 1. */
static void test_three(void)
{
    double exact[3] = {0};
    for (size_t j = 0; j < 3; j++)
        for (unsigned m = 0; m < 8; m++)
            if (!(m >> j & 1)) {
                size_t s = (size_t)((m & 1) + (m >> 1 & 1) + (m >> 2 & 1));
                exact[j] += lever_shapley_weight(3, s) *
                            (COST3[m] - COST3[m | 1u << j]);
            }
    for (uint64_t seed = 1; seed <= 3; seed++) {
        double phi[3], se[3], phi2[3], se2[3];
        int rc = lever_shapley_sample(3, 4000, seed, cost3, NULL, phi, se);
        rc |= lever_shapley_sample(3, 4000, seed, cost3, NULL, phi2, se2);
        CHECK(rc == 0, "seed %llu: sampled", (unsigned long long)seed);
        for (size_t j = 0; j < 3; j++)
            CHECK(se[j] > 0 && fabs(phi[j] - exact[j]) < 4 * se[j],
                  "seed %llu lever %zu: %.3f within 4 x %.3f of the exact "
                  "%.3f", (unsigned long long)seed, j, phi[j], se[j],
                  exact[j]);
        NEAR(phi[0] + phi[1] + phi[2], COST3[0] - COST3[7], 1e-9,
             "the sampled values add up to all levers' saving");
        CHECK(phi[0] == phi2[0] && phi[2] == phi2[2] && se[1] == se2[1],
              "the same seed, the same values");
    }
    double phi[3], se[3], phib[3], seb[3];
    lever_shapley_sample(3, 100, 7, cost3, NULL, phi, se);
    lever_shapley_sample(3, 10000, 7, cost3, NULL, phib, seb);
    NEAR(seb[0] / se[0], 0.1, 0.03, "100 x the orders: a tenth the error");
}

/* 2. */
static void test_ten(void)
{
    pairs g = {.n = 10};
    double known[10];
    for (size_t j = 0; j < 10; j++)
        g.a[j] = 10 * (double)(j + 1);
    for (size_t j = 0; j < 10; j++)
        for (size_t k = j + 1; k < 10; k++)
            g.b[j][k] = (j + k) % 3 ? 0 : -(double)(j + 2 * k);
    for (size_t j = 0; j < 10; j++) {
        known[j] = g.a[j];
        for (size_t k = 0; k < 10; k++)
            known[j] += (j < k ? g.b[j][k] : k < j ? g.b[k][j] : 0) / 2;
    }
    double phi[10], se[10];
    CHECK(lever_shapley_sample(10, 4000, 11, cost_pairs, &g, phi, se) == 0,
          "10 levers sampled");
    int within = 1;
    for (size_t j = 0; j < 10; j++)
        within = within && fabs(phi[j] - known[j]) < 4 * se[j] + 1e-9;
    CHECK(within, "10 levers: every value within 4 errors of the known");
    CHECK(se[0] > 0, "interacting levers have an error");
    for (size_t j = 0; j < 10; j++)
        for (size_t k = j + 1; k < 10; k++)
            g.b[j][k] = 0;
    lever_shapley_sample(10, 50, 11, cost_pairs, &g, phi, se);
    int exact = 1;
    for (size_t j = 0; j < 10; j++)
        exact = exact && fabs(phi[j] - g.a[j]) < 1e-9 && se[j] == 0;
    CHECK(exact, "additive levers: exact, error 0");
}

/* 4. */
static void test_bad(void)
{
    double phi[1], se[1];
    CHECK(lever_shapley_sample(0, 10, 1, cost3, NULL, phi, se) == -1 &&
          lever_shapley_sample(65, 10, 1, cost3, NULL, phi, se) == -1 &&
          lever_shapley_sample(1, 1, 1, cost3, NULL, phi, se) == -1,
          "no levers, more than 64, or one order: refused");
}

int main(void)
{
    test_three();
    test_ten();
    test_bad();
    return tap_done();
}
