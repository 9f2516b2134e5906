/* test_arrivals.c -- the pieces of constant rate of a Poisson stream
 * (models/arrivals.c).
 *
 * arrivals_next keeps the stream's piece, and with it the stretch
 * between period edges and the periods in force over it, so that a new
 * hour's piece need not scan the periods.  Over a year of arrivals of a
 * stream with an hourly and weekly profile and overlapping periods (none,
 * one, two and three in force, edges inside hours and on them), every
 * piece must have exactly arrivals_rate's rate at its start (the same
 * product in the same order) and end exactly at the earlier of the end
 * of its hour and the first period edge after its start, found here by
 * scanning every period.
 */
#include <math.h>
#include <stdint.h>
#include "arrivals.h"
#include "rng.h"
#include "tap.h"

#define DAY 1440.0

/* The end of the piece that starts at t, by scanning every period. */
static double piece_end(const arrival_spec *a, double t)
{
    double to = (floor(t / 60) + 1) * 60;
    for (size_t i = 0; i < a->n_periods; i++) {
        const arrival_period *p = &a->periods[i];
        if (p->from > t && p->from < to)
            to = p->from;
        if (p->to > t && p->to < to)
            to = p->to;
    }
    return to;
}

int main(void)
{
    arrival_period periods[] = {
        {10 * DAY + 17.5, 60 * DAY, 1.3},  /* an edge inside an hour */
        {40 * DAY, 80 * DAY, 0.7},         /* overlaps the first */
        {50 * DAY, 55 * DAY + 30, 1.1},    /* three in force */
        {100 * DAY, 100 * DAY + 1, 2.0},   /* shorter than an hour */
        {200 * DAY, INFINITY, 0.9},        /* open-ended */
    };
    arrival_spec a = {.kind = ARRIVAL_POISSON, .rate = 0.3, .scale = 1.25,
                      .n_periods = sizeof periods / sizeof periods[0],
                      .periods = periods, .start = 0, .stop = INFINITY};
    for (int h = 0; h < 24; h++)
        a.hourly[h] = 0.5 + (h % 7) * 0.17;
    for (int d = 0; d < 7; d++)
        a.weekly[d] = 0.8 + d * 0.05;
    arrivals_piece pc = {0};
    uint64_t st = 2026;
    gsl_rng r = rng_on(&st);
    double t = 0, horizon = 365 * DAY;
    long arrivals = 0, pieces = 0, bad_rate = 0, bad_end = 0;
    double last_from = -1;
    int seen[4] = {0};
    while ((t = arrivals_next(&a, &pc, &r, t, horizon)) < horizon) {
        arrivals++;
        if (pc.from == last_from)
            continue;
        last_from = pc.from;
        pieces++;
        bad_rate += pc.rate != arrivals_rate(&a, pc.from);
        bad_end += pc.to != piece_end(&a, pc.from);
        if (pc.in_force < 4)
            seen[pc.in_force] = 1;
    }
    CHECK(arrivals > 100000, "a year of arrivals (%ld)", arrivals);
    CHECK(pieces > 8000, "pieces of a year met (%ld)", pieces);
    CHECK(seen[0] && seen[1] && seen[2] && seen[3],
          "pieces with none, one, two and three periods in force");
    CHECK(bad_rate == 0, "every piece's rate is arrivals_rate's (%ld not)",
          bad_rate);
    CHECK(bad_end == 0, "every piece ends at its hour's end or the next "
          "period edge (%ld not)", bad_end);
    return tap_done();
}
