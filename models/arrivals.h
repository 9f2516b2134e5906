/* arrivals.h -- the arrival process of one stream.
 *
 * Poisson streams whose rate varies by hour of day, day of week (day 0 is
 * weekly[0]) and dated periods are sampled exactly by inversion: the rate
 * is constant on pieces (an hour, cut where a period starts or ends), and
 * an Exp(1) draw of cumulative rate is spent piece by piece until it runs
 * out (Cinlar 1975).  One exponential an arrival, however peaked the
 * profile; thinning (Lewis and Shedler 1979) needs one candidate per
 * arrival at the peak rate over the whole year, three or more for an ED
 * profile with seasons.  Renewal streams draw the gap from their
 * distribution.  A stream's demand scale multiplies its rate, or divides
 * a renewal stream's gaps.
 */
#ifndef FLOWSIM_ARRIVALS_H
#define FLOWSIM_ARRIVALS_H

#include <math.h>
#include <gsl/gsl_rng.h>
#include "scenario.h"

/* The Poisson rate of stream a at time t (minutes), per minute. */
double arrivals_rate(const arrival_spec *a, double t);

/* A piece of time [from, to) over which a stream's rate is constant: the
 * caller keeps one per stream (zeroed at first) so that consecutive
 * arrivals in the same piece reuse it.  It also keeps the stretch
 * [edge_from, edge_to) between two period edges that holds the piece,
 * and the periods in force over it (their number, and their factor when
 * there is at most one: 1 for none), so that a new hour's piece need not
 * scan the periods; and the end of the piece's hour with the hour of the
 * day and the day of the week that follow it, so that the piece starting
 * there needs no division. */
typedef struct arrivals_piece {
    double from, to, rate;
    double edge_from, edge_to, factor;
    size_t in_force;
    double hour_end;
    int next_hour, next_day;
} arrivals_piece;

/* Sets *pc to the piece that holds t (t before the stream's stop and the
 * horizon): the caller's piece is the stream's last one, or zeroed. */
void arrivals_piece_at(const arrival_spec *a, double t, arrivals_piece *pc);

/* arrivals_next for a renewal stream (ARRIVAL_INTERARRIVAL), before end. */
double arrivals_renewal(const arrival_spec *a, gsl_rng *r, double t,
                        double end);

/* The time of the first arrival after t (and not before a->start), or
 * +inf when there is none before min(a->stop, horizon).  pc is the
 * stream's piece (see above).  Non-homogeneous Poisson streams: an Exp(1)
 * amount of cumulative rate, spent piece by piece.  Inline: every arrival
 * draws the next, and its caller keeps the registers. */
static inline double arrivals_next(const arrival_spec *a, arrivals_piece *pc,
                                   gsl_rng *r, double t, double horizon)
{
    /* fmin without the call: a NaN stop gives the horizon, as fmin */
    double end = a->stop < horizon ? a->stop : horizon;
    if (t < a->start)
        t = a->start;
    if (a->kind == ARRIVAL_INTERARRIVAL)
        return arrivals_renewal(a, r, t, end);
    double e = dist_exp1(r);
    while (t < end) {
        if (!(t >= pc->from && t < pc->to))
            arrivals_piece_at(a, t, pc);
        double room = (pc->to - t) * pc->rate; /* rate left in the piece */
        if (e < room) {
            t += e / pc->rate;
            return t < end ? t : INFINITY;
        }
        e -= room;
        t = pc->to;
    }
    return INFINITY;
}

#endif
