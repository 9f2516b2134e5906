/* arrivals.c -- when the next patient of an arrival stream comes. */
#include <math.h>
#include "../sim/dist.h"
#include "arrivals.h"

/* The rate of stream a at time t before its periods: the hour of the
 * day's and the day of the week's. */
static inline double profile_rate(const arrival_spec *a, double t)
{
    long minute = (long)floor(t);
    int hour = (int)((minute / 60) % 24);
    int day = (int)((minute / 1440) % 7);
    return a->rate * a->scale * a->hourly[hour] * a->weekly[day];
}

/* The Poisson rate of arrival stream a at time t, per minute. */
double arrivals_rate(const arrival_spec *a, double t)
{
    double r = profile_rate(a, t);
    for (size_t i = 0; i < a->n_periods; i++)
        if (t >= a->periods[i].from && t < a->periods[i].to)
            r *= a->periods[i].factor;
    return r;
}

/* The stretch between period edges that holds t: from the last edge at
 * or before t to the first after it, with the periods in force over it
 * (which change only at an edge). */
__attribute__((noinline)) static void edges_at(const arrival_spec *a,
                                                double t, arrivals_piece *pc)
{
    double from = -INFINITY, to = INFINITY, f = 1;
    size_t k = 0;
    for (size_t i = 0; i < a->n_periods; i++) {
        const arrival_period *p = &a->periods[i];
        if (t >= p->from && t < p->to) {
            k++;
            f = p->factor;
        }
        if (p->from <= t && p->from > from)
            from = p->from;
        if (p->to <= t && p->to > from)
            from = p->to;
        if (p->from > t && p->from < to)
            to = p->from;
        if (p->to > t && p->to < to)
            to = p->to;
    }
    pc->edge_from = from;
    pc->edge_to = to;
    pc->factor = f;
    pc->in_force = k;
}

/* The piece of constant rate that holds t: to the end of t's hour, or to
 * the first period edge before that.  Its rate is arrivals_rate's, the
 * same product in the same order: with one period in force, the profile's
 * rate times its factor.  Out of line, as edges_at: once an hour, and
 * arrivals_next's loop stays short. */
__attribute__((noinline)) static void piece_at(const arrival_spec *a,
                                                double t, arrivals_piece *pc)
{
    double to = (floor(t / 60) + 1) * 60;
    if (!(t >= pc->edge_from && t < pc->edge_to))
        edges_at(a, t, pc);
    if (pc->edge_to < to)
        to = pc->edge_to;
    pc->from = t;
    pc->to = to;
    pc->rate = pc->in_force == 0   ? profile_rate(a, t)
               : pc->in_force == 1 ? profile_rate(a, t) * pc->factor
                                   : arrivals_rate(a, t);
}

/* The time of the next arrival after t, or +inf.  Non-homogeneous Poisson
 * streams: an Exp(1) amount of cumulative rate, spent piece by piece. */
double arrivals_next(const arrival_spec *a, arrivals_piece *pc, gsl_rng *r,
                     double t, double horizon)
{
    /* fmin without the call: a NaN stop gives the horizon, as fmin */
    double end = a->stop < horizon ? a->stop : horizon;
    if (t < a->start)
        t = a->start;
    if (a->kind == ARRIVAL_INTERARRIVAL) {
        t += dist_sample(&a->interarrival, r) / a->scale;
        return t < end ? t : INFINITY;
    }
    double e = dist_exp1(r);
    while (t < end) {
        if (!(t >= pc->from && t < pc->to))
            piece_at(a, t, pc);
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
