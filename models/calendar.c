/* calendar.c -- the timed events that are not a patient's own: arrivals,
 * capacity changes by schedule, the end of the warm-up and the daily 08:00
 * snapshot of acute beds. */
#include <math.h>
#include <string.h>
#include "arrivals.h"
#include "net.h"

/* The next patient of stream `arg` arrives; the one after is scheduled. */
void calendar_arrive(sim *s, void *obj, int64_t arg)
{
    network *n = sim_owner(s);
    const arrival_spec *a = obj;
    double now = sim_now(s);
    int cls = a->n_mix ? a->mix_class[dist_choose(n->mix_table[arg],
                                                  n->mix_rng[arg])]
                       : 0;
    if (iv_deflect_arrival(n, (int)arg, cls)) {
        n->h.deflected_arrivals++;
    } else {
        patient *p = net_patient_new(n);
        if (!p)
            return;
        p->cls = cls;
        p->prio = a->priority;
        p->ambulance = a->ambulance;
        flow_enter(n, p, a->to);
        flow_fill(n);
    }
    double t = arrivals_next(a, n->arrival_max[arg], n->arrival_rng[arg], now,
                             n->sc->horizon);
    if (isfinite(t) && !sim_at(s, t, PRIO_PATIENT, calendar_arrive, obj, arg))
        net_fail(n, "out of memory");
}

static void change_capacity(sim *s, void *obj, int64_t arg)
{
    network *n = sim_owner(s);
    unit *u = obj;
    u->sched_cap = u->sp->schedule[arg].capacity;
    u->next_change = (size_t)arg + 1;
    flow_set_capacity(n, u);
    flow_fill(n);
    calendar_schedule_change(n, u);
}

/* Schedules the unit's next capacity change, wrapping if it repeats. */
void calendar_schedule_change(network *n, unit *u)
{
    const unit_spec *sp = u->sp;
    if (sp->n_schedule == 0)
        return;
    if (u->next_change >= sp->n_schedule) {
        if (!(sp->schedule_repeat > 0))
            return;
        u->next_change = 0;
        u->cycle += sp->schedule_repeat;
    }
    double t = u->cycle + sp->schedule[u->next_change].at;
    if (t <= n->sc->horizon &&
        !sim_at(n->s, t, PRIO_CAPACITY, change_capacity, u,
                (int64_t)u->next_change))
        net_fail(n, "out of memory");
}

void calendar_end_warmup(sim *s, void *obj, int64_t arg)
{
    network *n = sim_owner(s);
    double now = sim_now(s);
    (void)obj;
    (void)arg;
    for (size_t i = 0; i < n->sc->n_units; i++) {
        unit *u = &n->units[i];
        flow_touch(n, u);
        memset(&u->c, 0, sizeof u->c);
        stat_level_reset(&u->occ, now);
        stat_level_reset(&u->queue, now);
        stat_level_reset(&u->blk, now);
        stat_tally_reset(&u->wait);
        stat_tally_reset(&u->stay);
        u->full_time = 0;
    }
    n->sys_arrivals = n->sys_exits = n->sys_lost = 0;
    stat_tally_reset(&n->sys_time);
    stat_level_reset(&n->sys_level, now);
    health_reset(&n->h, now);
}

/* The daily sitrep: acute occupancy at 08:00 against open beds. */
void calendar_snapshot(sim *s, void *obj, int64_t arg)
{
    network *n = sim_owner(s);
    double busy = 0, cap = 0;
    (void)obj;
    (void)arg;
    for (size_t i = 0; i < n->sc->n_units; i++) {
        unit *u = &n->units[i];
        if (u->sp->role != ROLE_ACUTE || u->cap == SCENARIO_UNLIMITED)
            continue;
        busy += (double)u->busy;
        cap += (double)(u->cap > u->busy ? u->cap : u->busy);
    }
    /* NCTR and long stays as the daily sitrep counts them: patients in
     * acute beds at 08:00 (every patient record is scanned: at most the
     * patients in the system, once a day). */
    double now = sim_now(s), s7 = 0, s21 = 0;
    for (size_t c = 0; c < n->nchunks; c++)
        for (size_t i = 0; i < PATIENT_CHUNK; i++) {
            const patient *p = &n->chunks[c][i];
            if (p->unit < 0 || n->units[p->unit].sp->role != ROLE_ACUTE)
                continue;
            double days = (now - p->t_unit) / SIM_MINUTES_PER_DAY;
            s7 += days >= HEALTH_STRANDED_DAYS;
            s21 += days >= HEALTH_SUPER_STRANDED_DAYS;
        }
    n->h.snap_n++;
    n->h.snap_nctr += (double)n->h.role_blocked[ROLE_ACUTE].level;
    n->h.snap_stranded7 += s7;
    n->h.snap_stranded21 += s21;
    if (cap > 0) {
        n->h.snapshot_days++;
        n->h.snapshot_rate_sum += busy / cap;
        if (busy / cap > HEALTH_OCCUPANCY_ALARM)
            n->h.days_over_alarm++;
    }
    double t = sim_now(s) + SIM_MINUTES_PER_DAY;
    if (t <= n->sc->horizon &&
        !sim_at(s, t, PRIO_SNAPSHOT, calendar_snapshot, NULL, 0))
        net_fail(n, "out of memory");
}

/* Midnight ends day arg: its row of the daily series is written. */
void calendar_midnight(sim *s, void *obj, int64_t arg)
{
    network *n = sim_owner(s);
    series_day(n, (size_t)arg);
    if ((size_t)arg + 1 < n->series->days &&
        !sim_at(s, sim_now(s) + SIM_MINUTES_PER_DAY, PRIO_SNAPSHOT,
                calendar_midnight, obj, arg + 1))
        net_fail(n, "out of memory");
}
