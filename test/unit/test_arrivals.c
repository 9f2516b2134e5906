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
 *
 * A piece that starts where the last one's hour ended takes its hour of
 * the day and day of the week from the last piece, not from the time, and
 * every piece finds the end of its hour without floor: so every piece is
 * also checked the same way (a) walking piece after piece (t = the last
 * piece's end) over a year, where the hours step over midnights, week
 * ends and period edges, and (b) at chosen times, each from a zeroed piece
 * and from a piece that was just walked up to it: hour and day boundaries
 * and the last double before them, the week's wrap, period edges, time 0
 * and -0, a time before 0, and times around 2^46 minutes (where the
 * floor-free path ends).  The hourly and weekly profiles here are all different, so a
 * piece with a wrong hour or day has a wrong rate.
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

/* Whether pc is the piece that starts at t: arrivals_rate's rate at t
 * and piece_end's end, exactly. */
static int piece_right(const arrival_spec *a, const arrivals_piece *pc,
                       double t)
{
    return pc->from == t && pc->rate == arrivals_rate(a, t) &&
           pc->to == piece_end(a, t);
}

/* The pieces that are wrong, walking from a zeroed piece at time 0 piece
 * after piece until `until`; *n counts them all. */
static long walk(const arrival_spec *a, double until, long *n)
{
    arrivals_piece pc = {0};
    long bad = 0;
    for (double t = 0; t < until; t = pc.to, ++*n) {
        arrivals_piece_at(a, t, &pc);
        bad += !piece_right(a, &pc, t);
    }
    return bad;
}

/* The pieces at time t that are wrong (0, 1 or 2): from a zeroed piece,
 * and from the piece walked to t (when t is a piece's end in the walk
 * from t - 3 hours) or just past t's hour (otherwise), then one more
 * piece from there. */
static int at_time(const arrival_spec *a, double t)
{
    arrivals_piece pc = {0};
    int bad = 0;
    arrivals_piece_at(a, t, &pc);
    bad += !piece_right(a, &pc, t);
    arrivals_piece walked = {0};
    double s = t - 180;
    while (s < t) {
        arrivals_piece_at(a, s, &walked);
        s = walked.to;
    }
    arrivals_piece_at(a, t, &walked);
    bad += !piece_right(a, &walked, t);
    double next = walked.to;
    arrivals_piece_at(a, next, &walked);
    return bad + !piece_right(a, &walked, next);
}

/* The profiles of a stream whose every hour and day has its own value. */
static void profile(arrival_spec *a)
{
    for (int h = 0; h < 24; h++)
        a->hourly[h] = 0.5 + h * 0.043;
    for (int d = 0; d < 7; d++)
        a->weekly[d] = 0.8 + d * 0.05;
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
    profile(&a);
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

    long walked = 0, bad_walk = walk(&a, horizon, &walked);
    CHECK(walked > 8760, "a year walked piece by piece (%ld pieces)", walked);
    CHECK(bad_walk == 0, "every piece walked is right (%ld not)", bad_walk);
    a.n_periods = 0;
    walked = 0;
    bad_walk = walk(&a, 3 * 7 * DAY, &walked);
    CHECK(bad_walk == 0 && walked == 3 * 7 * 24,
          "three weeks without periods: one piece an hour, all right "
          "(%ld of %ld not)", bad_walk, walked);
    a.n_periods = sizeof periods / sizeof periods[0];

    double week = 7 * DAY, big = 0x1p46;
    double times[] = {
        0, -0.0, -30, 60, nextafter(60, 0), nextafter(60, 120), 23 * 60,
        DAY, nextafter(DAY, 0), DAY + 0.25, week, nextafter(week, 0),
        nextafter(week, 2 * week), 52 * week, 52 * week - 60,
        52 * week + 1439.5, nextafter(1000 * 60.0, 0), 1000 * 60.0 + 1e-9,
        periods[0].from, nextafter(periods[0].from, 0), periods[1].from,
        periods[1].to, periods[2].to, nextafter(periods[2].to, 0),
        periods[3].from, periods[3].to, periods[4].from,
        big - 120, big - 60, nextafter(big, 0), big, big + 60, big + 61.5,
    };
    int bad_times = 0;
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
        int bad = at_time(&a, times[i]);
        if (bad)
            printf("# wrong piece at %.17g\n", times[i]);
        bad_times += bad;
    }
    CHECK(bad_times == 0, "every piece at the chosen times is right (%d not)",
          bad_times);

    /* Before minute 0 the hours and days count back from it: minute -30
     * is hour 23 of the week's last day, -180 hour 21, a week and a minute
     * back hour 23 again (and no index below 0: UBSan checks). */
    double base = a.rate * a.scale;
    CHECK(arrivals_rate(&a, -30) == base * a.hourly[23] * a.weekly[6] &&
              arrivals_rate(&a, -180) == base * a.hourly[21] * a.weekly[6] &&
              arrivals_rate(&a, -7 * DAY - 1) ==
                  base * a.hourly[23] * a.weekly[6] &&
              arrivals_rate(&a, -DAY - 61) ==
                  base * a.hourly[22] * a.weekly[5],
          "times before 0 take the hour and day counted back from minute 0");
    return tap_done();
}
