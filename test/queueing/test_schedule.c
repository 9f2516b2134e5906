/* test_schedule.c -- capacity schedules.
 *
 * 1. A drop below the occupancy evicts nobody (deterministic): fixed
 *    stays of 2 days, an arrival every 6 hours, 10 places; at day 5 the
 *    capacity falls to 3 while 8 patients are in; at day 9 it rises to 10.
 *    Every stay lasts exactly 2 days, the occupancy stays above the new
 *    capacity until it drains, nobody is admitted while busy >= capacity,
 *    and at the rise the line is admitted at once.
 * 2. A saturated unit (line always non-empty) with capacity 8 for 12 h and
 *    4 for 12 h, repeating daily: its mean occupancy is the time-average
 *    of the capacity, 6, plus the exactly known excess while it drains from
 *    8 to 4 after each drop (nobody is evicted): with exponential stays of
 *    mean s, the level 4+k lasts s/(4+k) on average, so the excess area per
 *    day is s * sum_{k=1..4} k/(4+k).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qt.h"

typedef struct sched_log {
    double *adm;        /* admission time by id */
    size_t n;
    long busy, queue, max_after_drop, bad_admits, admits_at_rise;
    long busy_at_drop, queue_before_rise;
    int short_stays, exits;
    double drop, rise;
} sched_log;

static void cb(void *ud, double t, uint64_t id, const char *unit,
               const char *ev)
{
    sched_log *s = ud;
    (void)unit;
    if (id >= s->n) {
        size_t n = 2 * id + 64;
        s->adm = realloc(s->adm, n * sizeof *s->adm);
        if (!s->adm)
            abort();
        s->n = n;
    }
    long cap = t < s->drop ? 10 : t < s->rise ? 3 : 10;
    if (t >= s->drop && s->busy_at_drop < 0)
        s->busy_at_drop = s->busy;
    if (t >= s->rise && s->queue_before_rise < 0)
        s->queue_before_rise = s->queue;
    if (strcmp(ev, "wait") == 0) {
        s->queue++;
    } else if (strcmp(ev, "admit") == 0) {
        if (s->busy >= cap)
            s->bad_admits++;
        if (t == s->rise)
            s->admits_at_rise++;
        s->adm[id] = t;
        s->busy++;
    } else if (strcmp(ev, "exit") == 0) {
        if (fabs(t - s->adm[id] - 2 * DAY) > 1e-6)
            s->short_stays++;
        s->exits++;
        s->busy--;
        if (t >= s->drop && t < s->rise && s->busy > s->max_after_drop)
            s->max_after_drop = s->busy;
    }
}

/* "wait" then "admit" for a queued patient: the line shrinks on admit
 * after a wait, which we see as an admission later than the arrival. */
typedef struct {
    sched_log s;
    double *arr;
    size_t n;
} full_log;

static void cb2(void *ud, double t, uint64_t id, const char *unit,
                const char *ev)
{
    full_log *f = ud;
    if (id >= f->n) {
        size_t n = 2 * id + 64;
        f->arr = realloc(f->arr, n * sizeof *f->arr);
        if (!f->arr)
            abort();
        f->n = n;
    }
    if (strcmp(ev, "arrive") == 0)
        f->arr[id] = t;
    if (strcmp(ev, "admit") == 0 && t > f->arr[id])
        f->s.queue--;
    cb(&f->s, t, id, unit, ev);
}

static void no_eviction(void)
{
    scenario *sc = mk_scenario("drop", 12, 0, qt_seed(501));
    unit_spec *u = mk_unit(sc, "w", 10, 2, FULL_QUEUE);
    u->stay = mk_fixed(2);
    u->n_schedule = 2;
    u->schedule = malloc(2 * sizeof *u->schedule);
    if (!u->schedule)
        abort();
    u->schedule[0] = (capacity_change){5 * DAY, 3};
    u->schedule[1] = (capacity_change){9 * DAY, 10};
    arrival_spec *a = mk_arrival(sc, "in", 4, "w");
    a->kind = ARRIVAL_INTERARRIVAL;
    a->interarrival = mk_fixed(0.25);
    full_log f = {.s = {.drop = 5 * DAY, .rise = 9 * DAY, .busy_at_drop = -1,
                        .queue_before_rise = -1}};
    kpi_list k;
    double *v = qt_run_traced(sc, 1, &k, cb2, &f);
    sched_log *s = &f.s;
    qt_ok(s->short_stays == 0 && s->exits > 20,
          "capacity drop: every one of %d stays lasted exactly 2 days "
          "(%d shortened)", s->exits, s->short_stays);
    qt_ok(s->busy_at_drop == 8 && s->max_after_drop == 7,
          "capacity drop to 3: %ld in the unit at the drop, still %ld after "
          "the first exit (no eviction; want 8 and 7)", s->busy_at_drop,
          s->max_after_drop);
    qt_ok(s->bad_admits == 0, "capacity drop: no admission while busy >= "
          "capacity (%ld)", s->bad_admits);
    long want = s->queue_before_rise < 7 ? s->queue_before_rise : 7;
    qt_ok(s->admits_at_rise == want && want > 0,
          "capacity rise to 10 at day 9: %ld of the %ld waiting admitted at "
          "once (want %ld)", s->admits_at_rise, s->queue_before_rise, want);
    qt_check_abs("capacity schedule: occupancy.max = 10 (after the rise)",
                 mk_kpi(&k, v, "w.occupancy.max"), 10, 0, "patients");
    qt_check_abs("capacity drop: stay.mean = 2 d", mk_kpi(&k, v,
                 "w.stay.mean"), 2, 1e-9, "days");
    free(f.arr);
    free(s->adm);
    free(v);
    kpi_list_free(&k);
    scenario_free(sc);
}

static void alternating(void)
{
    const double s = 0.05, P = 1;
    const int R = 10;
    scenario *sc = mk_scenario("alt", 201, 1, qt_seed(502));
    unit_spec *u = mk_unit(sc, "w", 8, s, FULL_QUEUE);
    u->queue_limit = 20;
    u->n_schedule = 2;
    u->schedule = malloc(2 * sizeof *u->schedule);
    if (!u->schedule)
        abort();
    u->schedule[0] = (capacity_change){0, 8};
    u->schedule[1] = (capacity_change){0.5 * DAY, 4};
    u->schedule_repeat = P * DAY;
    /* Twice the most the unit can serve: the line (limit 20) stays full. */
    mk_arrival(sc, "in", 2 * 8 / s, "w");
    qt_runs r = qt_run(sc, R);
    double excess = 0;
    for (int k = 1; k <= 4; k++)
        excess += (double)k / (4 + k);
    double theory = 6 + s * excess / P;
    qt_check_est("alternating capacity 8/4: occupancy.mean = mean capacity "
                 "6 + drain excess s sum k/(4+k) / P",
                 qt_kpi(&r, "w.occupancy.mean"), theory, 0.02, "patients");
    qt_est e = qt_kpi(&r, "w.occupancy.mean");
    qt_ok(fabs(e.mean - 6) < 0.1, "alternating capacity: occupancy.mean "
          "%.4g within 0.1 of the time-average capacity 6", e.mean);
    qt_est full = qt_kpi(&r, "w.full.fraction");
    qt_ok(full.mean > 0.999, "alternating capacity: saturated, "
          "full.fraction %.5f > 0.999", full.mean);
    qt_check_est("alternating capacity: stay.mean = s (nobody evicted)",
                 qt_kpi(&r, "w.stay.mean"), s, 0.02 * s, "days");
    double mx = 0;
    for (int i = 0; i < R; i++)
        mx = fmax(mx, qt_at(&r, i, "w.occupancy.max"));
    qt_ok(mx == 8, "alternating capacity: occupancy.max = 8 (got %g)", mx);
    qt_runs_free(&r);
    scenario_free(sc);
}

int main(void)
{
    no_eviction();
    alternating();
    return qt_done();
}
