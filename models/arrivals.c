/* arrivals.c -- when the next patient of an arrival stream comes. */
#include <math.h>
#include "../sim/dist.h"
#include "arrivals.h"

/* The rate of stream a in hour `hour` of day `day` of the week before
 * its periods: the product in one order, wherever the hour comes from. */
static inline double hour_rate(const arrival_spec *a, int hour, int day)
{
    return a->rate * a->scale * a->hourly[hour] * a->weekly[day];
}

/* The hour of the day and the day of the week of a whole minute, also
 * before minute 0 (counted back from it: C's division and remainder
 * truncate toward zero, so a negative minute's are taken down to the
 * floor, and its hour and day are never negative indices). */
static inline void hour_of(long minute, int *hour, int *day)
{
    long h = minute / 60 - (minute % 60 < 0);
    long d = minute / 1440 - (minute % 1440 < 0);
    *hour = (int)(h % 24 + (h % 24 < 0 ? 24 : 0));
    *day = (int)(d % 7 + (d % 7 < 0 ? 7 : 0));
}

/* The rate of stream a at time t before its periods: the hour of the
 * day's and the day of the week's. */
static double profile_rate(const arrival_spec *a, double t)
{
    int hour, day;
    hour_of((long)floor(t), &hour, &day);
    return hour_rate(a, hour, day);
}

/* Rate r times the factor of every period of a in force at t, in order. */
static double in_periods(const arrival_spec *a, double t, double r)
{
    for (size_t i = 0; i < a->n_periods; i++)
        if (t >= a->periods[i].from && t < a->periods[i].to)
            r *= a->periods[i].factor;
    return r;
}

/* The Poisson rate of arrival stream a at time t, per minute. */
double arrivals_rate(const arrival_spec *a, double t)
{
    return in_periods(a, t, profile_rate(a, t));
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

/* Steps the hour of the day and the day of the week after the piece's
 * hour on by an hour, wrapping at midnight and at the week's end. */
static void next_hour(arrivals_piece *pc)
{
    if (++pc->next_hour == 24) {
        pc->next_hour = 0;
        if (++pc->next_day == 7)
            pc->next_day = 0;
    }
}

/* The hour of the day and day of the week of t (profile_rate's), and the
 * end of t's hour, (floor(t / 60) + 1) * 60, returned.  The end is kept
 * in pc with the hour and day that follow it when it is below 2^46: the
 * piece that starts there is then t = 60 h exactly for an integer h, so
 * its minute is 60 h, its hour ends at t + 60 (integers below 2^53, so
 * exact), and its hour and day are the ones kept (arrivals_piece_at).
 * Other t in [0, 2^46) need no floor: there floor(t) is (long)t and
 * floor(t / 60) is (long)(t / 60) (truncation is the floor of a number
 * >= 0, and every integer below 2^53 is a double).  t before time 0 or
 * beyond any horizon takes floor itself, and keeps no end. */
static double hour_at(double t, arrivals_piece *pc, int *hour, int *day)
{
    if (t >= 0 && t < 0x1p46) {
        long h = (long)(t / 60) + 1;
        hour_of((long)t, hour, day);
        hour_of(h * 60, &pc->next_hour, &pc->next_day);
        return pc->hour_end = (double)h * 60;
    }
    hour_of((long)floor(t), hour, day);
    pc->hour_end = NAN;
    return (floor(t / 60) + 1) * 60;
}

/* The piece from t to the end of its hour, `end`, or to the first period
 * edge before that, in hour `hour` of day `day`.  Its rate is
 * arrivals_rate's, the same product in the same order: with at most one
 * period in force, the profile's rate times its factor (times 1, exact,
 * for none). */
static inline void piece_set(const arrival_spec *a, double t,
                             arrivals_piece *pc, double end, int hour,
                             int day)
{
    if (pc->edge_to < end)
        end = pc->edge_to;
    pc->from = t;
    pc->to = end;
    double r = hour_rate(a, hour, day);
    pc->rate = pc->in_force <= 1 ? r * pc->factor : in_periods(a, t, r);
}

/* The piece that holds any t, its stretch between period edges found
 * again when t is outside the last one. */
__attribute__((noinline)) static void piece_anew(const arrival_spec *a,
                                                  double t, arrivals_piece *pc)
{
    int hour, day;
    if (!(t >= pc->edge_from && t < pc->edge_to))
        edges_at(a, t, pc);
    double end = hour_at(t, pc, &hour, &day);
    piece_set(a, t, pc, end, hour, day);
}

/* The piece that holds t.  Nearly always t is where the last piece's hour
 * ended, before the end of the same stretch between edges (it is after
 * the stretch's start, as the last piece was): its hour and day are the
 * ones kept (hour_at), with no division and no call, so no register is
 * saved; any other t goes to piece_anew.  A zeroed piece (its stretch
 * ending at 0) goes there too. */
void arrivals_piece_at(const arrival_spec *a, double t, arrivals_piece *pc)
{
    if (!(t == pc->hour_end && t < 0x1p46 && t < pc->edge_to)) {
        piece_anew(a, t, pc);
        return;
    }
    int hour = pc->next_hour, day = pc->next_day;
    next_hour(pc);
    pc->hour_end = t + 60;
    piece_set(a, t, pc, t + 60, hour, day);
}

/* A renewal stream's next arrival: a gap from its distribution, shorter
 * by its demand scale. */
double arrivals_renewal(const arrival_spec *a, gsl_rng *r, double t,
                        double end)
{
    t += dist_sample(&a->interarrival, r) / a->scale;
    return t < end ? t : INFINITY;
}
