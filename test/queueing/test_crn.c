/* test_crn.c -- common random numbers that stay in step, patient by patient.
 *
 * Every random choice of a patient's path is its own (rng.h, models/net.h:
 * streams keyed by the patient and the purpose of the draw), so two
 * scenarios run with the same seed give the same patient the same stays
 * however differently they move it.  A network of an ED (8 cubicles,
 * exponential stays, a line) sending 60% of its patients to a ward
 * (unlimited places, lognormal stays) is run as is and changed four ways;
 * the event trace gives each patient's ED stay, ward stay and fate, by
 * patient number (arrival order: the same patients in every variant):
 *   - 6 cubicles: the line reorders who reaches the ward when, yet each
 *     patient's ED and ward stays are the same;
 *   - 50% to the ward instead of 60%: the ward's patients are a subset of
 *     the base's (a patient's route is its own uniform draw against the
 *     cumulative shares), with the same ward stays;
 *   - an assessment before the ward (draws of another purpose): the same
 *     ward stays;
 *   - 30% and 60% of ward admissions deflected home: those deflected at
 *     30% are deflected at 60% too, and the others keep their stays;
 *   - with a third destination (exit 50%, ward 30%, rehab 20%), a
 *     route_mix that moves 10% from exit, the first entry, to rehab, the
 *     last: the ward's patients are exactly the base's (its share did not
 *     change), rehab keeps all of its patients and exit loses only its
 *     own.  (Picking from the blended shares by their cumulative sum,
 *     the model before, shifted the ward's interval: a third of its
 *     patients were others.)
 *   - ward rounds at the ward and at a rehab unit after it: with surge
 *     decisions at the ward (decided at once while a patient waits) every
 *     patient is still decided on at rehab at the same point of the
 *     round (its own review draw), whether or not its ward stay was
 *     decided by surge; likewise with board rounds that cut short the
 *     stays ending within a day (surge_pull), whose patients are never
 *     seen by the ward's round.  (Surge decisions, and later the pulled
 *     stays, used to skip the ward's review draw, so the rehab round read
 *     the ward's.)
 *   - patience in the ED and at the ward (64 places): with 6
 *     cubicles instead of 8 more patients wait in the ED, yet each who
 *     gives up waiting for the ward waits as long (its patience draw is
 *     one per arrival at a unit with patience, used if it waits; it was
 *     one per wait, so a wait in the ED shifted the ward's).
 *   - two deflections of ward admissions, the first of effect 0 reaching
 *     30% or 60% of the patients (each by its own draw): the same
 *     patients deflected (the redirect draws were one per intervention
 *     that reached the patient, so the first's reach shifted the
 *     second's; they are one per arrival at the unit).
 * With one stream per unit drawn in admission order (the model before
 * per-patient streams) the first check fails for most patients.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qt.h"

#define NMAX 4096
#define HORIZON_DAYS 60

/* What the trace says of each patient (index: patient number). */
typedef struct fates {
    double ed_in[NMAX], ed_stay[NMAX], ward_in[NMAX], ward_stay[NMAX],
        rehab_in[NMAX], rehab_out[NMAX], ward_wait[NMAX], ward_renege[NMAX];
    unsigned char at_ward[NMAX], deflected[NMAX], at_rehab[NMAX];
} fates;

static void fates_init(fates *f)
{
    for (int i = 0; i < NMAX; i++)
        f->ed_in[i] = f->ed_stay[i] = f->ward_in[i] = f->ward_stay[i] =
            f->rehab_in[i] = f->rehab_out[i] = f->ward_wait[i] =
                f->ward_renege[i] = NAN;
    memset(f->at_ward, 0, sizeof f->at_ward);
    memset(f->deflected, 0, sizeof f->deflected);
    memset(f->at_rehab, 0, sizeof f->at_rehab);
}

static void trace_cb(void *ud, double t, uint64_t id, const char *unit,
                     const char *ev)
{
    fates *f = ud;
    if (id >= NMAX)
        return;
    int ed = strcmp(unit, "ed") == 0, ward = strcmp(unit, "ward") == 0;
    if (ward && strcmp(ev, "wait") == 0)
        f->ward_wait[id] = t;
    else if (ward && strcmp(ev, "renege") == 0)
        f->ward_renege[id] = t;
    if (ed && strcmp(ev, "admit") == 0)
        f->ed_in[id] = t;
    else if (ed && strcmp(ev, "exit") == 0)
        f->ed_stay[id] = t - f->ed_in[id];
    else if (ward && strcmp(ev, "arrive") == 0) {
        f->ed_stay[id] = t - f->ed_in[id];
        f->at_ward[id] = 1;
    } else if (strcmp(unit, "rehab") == 0 && strcmp(ev, "arrive") == 0) {
        f->ed_stay[id] = t - f->ed_in[id];
        f->at_rehab[id] = 1;
        f->rehab_in[id] = t;
    } else if (strcmp(unit, "rehab") == 0 && strcmp(ev, "exit") == 0)
        f->rehab_out[id] = t;
    else if (strcmp(ev, "deflected") == 0) /* traced at the unit left */
        f->deflected[id] = 1;
    else if (ward && strcmp(ev, "admit") == 0)
        f->ward_in[id] = t;
    else if (ward && strcmp(ev, "exit") == 0)
        f->ward_stay[id] = t - f->ward_in[id];
}

enum { BASE, FEWER_CUBICLES, FEWER_TO_WARD, ASSESSED, DEFLECT30, DEFLECT60,
       THREE_WAYS, THREE_WAYS_MIXED, REVIEWED, REVIEWED_SURGE,
       REVIEWED_PULL, IMPATIENT, IMPATIENT_FEWER_CUBICLES, IDLE_REACH30,
       IDLE_REACH60 };

/* Ward rounds at 10:30 over 3 hours, every day. */
static review_spec rounds(long surge_waiting)
{
    review_spec r = {.on = 1, .at = 630, .over = 180,
                     .surge_waiting = surge_waiting};
    for (int d = 0; d < 7; d++)
        r.share[d] = 1;
    return r;
}

/* Surge decisions (while anyone waits) and board rounds at 09:00, 12:00
 * and 15:00 that also decide on the patients whose stay would end within
 * a day (surge_pull): those stays end early, without their round. */
static void board_rounds(review_spec *r)
{
    r->surge_waiting = 1;
    r->n_boards = 3;
    r->boards = malloc(3 * sizeof *r->boards);
    if (!r->boards)
        abort();
    r->boards[0] = 540, r->boards[1] = 720, r->boards[2] = 900;
    r->surge_pull = 1440;
}

/* Two deflections of ward admissions home: "idle", of effect 0, reaching
 * a share `reach` of the patients (each by its own draw), then "home",
 * 30% of all. */
static void idle_then_home(scenario *sc, double reach)
{
    mk_intervention(sc, "home", IV_DEFLECT_ADMISSIONS, 1, 0.3);
    intervention_spec *iv = realloc(sc->interventions, 2 * sizeof *iv);
    char *nm = strdup("idle");
    phase *ph = malloc(sizeof *ph);
    double *r = malloc(sizeof *r);
    if (!iv || !nm || !ph || !r)
        abort();
    sc->interventions = iv;
    iv[1] = iv[0];
    *ph = (phase){0, 1};
    *r = reach;
    iv[0] = (intervention_spec){
        .name = nm, .kind = IV_DEFLECT_ADMISSIONS, .unit = 1,
        .instead = SCENARIO_EXIT, .effect = 0, .n_phases = 1, .phases = ph,
        .reach = r};
    sc->n_interventions = 2;
}

/* ed -> exit 50%, ward 30%, rehab 20%; mixed: route_mix towards exit 40%,
 * ward 30%, rehab 30%, effect 100%. */
static void three_ways(scenario *sc, int mixed)
{
    mk_route(sc, &sc->units[0], "exit", 0.5);
    mk_route(sc, &sc->units[0], "ward", 0.3);
    mk_route(sc, &sc->units[0], "rehab", 0.2);
    if (!mixed)
        return;
    intervention_spec *iv =
        mk_intervention(sc, "towards-rehab", IV_ROUTE_MIX, 0, 1);
    route *m = &iv->mix;
    m->n = 3;
    m->to = malloc(3 * sizeof *m->to);
    m->share = malloc(3 * sizeof *m->share);
    if (!m->to || !m->share)
        abort();
    m->to[0] = SCENARIO_EXIT, m->to[1] = 1, m->to[2] = 2;
    m->share[0] = 0.4, m->share[1] = 0.3, m->share[2] = 0.3;
}

static scenario *variant(int which)
{
    scenario *sc = mk_scenario("crn", HORIZON_DAYS, 0, qt_seed(1501));
    int impatient = which == IMPATIENT || which == IMPATIENT_FEWER_CUBICLES;
    mk_unit(sc, "ed",
            which == FEWER_CUBICLES || which == IMPATIENT_FEWER_CUBICLES ? 6
                                                                        : 8,
            0.1, FULL_QUEUE);
    if (impatient) { /* few give up in the ED, many at the ward */
        sc->units[0].reneges = 1;
        sc->units[0].patience = mk_exp(1);
    }
    int reviewed = which == REVIEWED || which == REVIEWED_SURGE ||
                   which == REVIEWED_PULL;
    mk_unit(sc, "ward", reviewed ? 70 : impatient ? 64 : SCENARIO_UNLIMITED, 3,
            FULL_QUEUE);
    if (which == THREE_WAYS || which == THREE_WAYS_MIXED || reviewed)
        mk_unit(sc, "rehab", SCENARIO_UNLIMITED, 3, FULL_QUEUE);
    unit_spec *ward = &sc->units[1]; /* (mk_unit may move the units) */
    if (reviewed) {
        ward->review = rounds(which == REVIEWED_SURGE ? 1 : 0);
        if (which == REVIEWED_PULL)
            board_rounds(&ward->review);
        sc->units[2].review = rounds(0);
        mk_route(sc, ward, "rehab", 1);
    }
    ward->stay = mk_lognormal(3, 2);
    if (impatient) {
        ward->reneges = 1;
        ward->patience = mk_exp(0.25);
    }
    double to_ward = which == FEWER_TO_WARD ? 0.5 : 0.6;
    if (which == THREE_WAYS || which == THREE_WAYS_MIXED)
        three_ways(sc, which == THREE_WAYS_MIXED);
    else {
        mk_route(sc, &sc->units[0], "ward", to_ward);
        mk_route(sc, &sc->units[0], "exit", 1 - to_ward);
    }
    ward->assessors = SCENARIO_UNLIMITED;
    if (which == ASSESSED) {
        ward->assessed = 1;
        ward->assessment = mk_exp(0.05);
    }
    if (which == DEFLECT30 || which == DEFLECT60)
        mk_intervention(sc, "home", IV_DEFLECT_ADMISSIONS, 1,
              which == DEFLECT30 ? 0.3 : 0.6);
    if (which == IDLE_REACH30 || which == IDLE_REACH60)
        idle_then_home(sc, which == IDLE_REACH30 ? 0.3 : 0.6);
    mk_arrival(sc, "in", 40, "ed");
    return sc;
}

static void run(int which, fates *f)
{
    scenario *sc = variant(which);
    kpi_list k;
    fates_init(f);
    free(qt_run_traced(sc, 2, &k, trace_cb, f));
    kpi_list_free(&k);
    scenario_free(sc);
}

/* Same value to within rounding of the clock (times are minutes up to
 * 86,400: a stay is recovered as a difference of two times). */
static int same(double a, double b)
{
    return fabs(a - b) <= 1e-7 * (1 + fabs(a));
}

static void stays_follow_the_patient(const fates *b, const fates *c)
{
    int both = 0, moved = 0, ed_same = 0, ed_both = 0, ward_same = 0,
        distinct = 0;
    for (int i = 1; i < NMAX; i++) {
        if (!isnan(b->ed_stay[i]) && !isnan(c->ed_stay[i])) {
            ed_both++;
            ed_same += same(b->ed_stay[i], c->ed_stay[i]);
        }
        if (isnan(b->ward_stay[i]) || isnan(c->ward_stay[i]))
            continue;
        both++;
        moved += !same(b->ward_in[i], c->ward_in[i]);
        ward_same += same(b->ward_stay[i], c->ward_stay[i]);
        distinct += i > 1 && !isnan(b->ward_stay[i - 1]) &&
                    !same(b->ward_stay[i], b->ward_stay[i - 1]);
    }
    qt_ok(ed_both > 1500 && ed_same == ed_both,
          "6 cubicles instead of 8: every patient's ED stay unchanged "
          "(%d of %d)", ed_same, ed_both);
    qt_ok(both > 800 && moved > both / 10 && ward_same == both,
          "6 cubicles instead of 8: %d of %d patients reach the ward at "
          "another time, every ward stay unchanged (%d of %d)", moved, both,
          ward_same, both);
    qt_ok(distinct > both / 2,
          "the ward stays are draws, not one value (%d neighbours differ)",
          distinct);
}

static void routes_are_monotone(const fates *b, const fates *c)
{
    int base_n = 0, alt_n = 0, outside = 0, stay_same = 0, stay_both = 0;
    for (int i = 1; i < NMAX; i++) {
        base_n += b->at_ward[i];
        alt_n += c->at_ward[i];
        outside += c->at_ward[i] && !b->at_ward[i];
        if (!isnan(b->ward_stay[i]) && !isnan(c->ward_stay[i])) {
            stay_both++;
            stay_same += same(b->ward_stay[i], c->ward_stay[i]);
        }
    }
    double ratio = (double)alt_n / base_n;
    qt_ok(outside == 0 && fabs(ratio - 5.0 / 6) < 0.05,
          "50%% to the ward instead of 60%%: its %d patients are among the "
          "base's %d (%d not; ratio %.3f, expected 0.833)", alt_n, base_n,
          outside, ratio);
    qt_ok(stay_both > 800 && stay_same == stay_both,
          "50%% to the ward: the same ward stays (%d of %d)", stay_same,
          stay_both);
}

static void purposes_do_not_shift(const fates *b, const fates *c)
{
    int both = 0, same_n = 0;
    for (int i = 1; i < NMAX; i++) {
        if (isnan(b->ward_stay[i]) || isnan(c->ward_stay[i]))
            continue;
        both++;
        same_n += same(b->ward_stay[i], c->ward_stay[i]);
    }
    qt_ok(both > 800 && same_n == both,
          "an assessment before the ward (draws of another purpose): the "
          "same ward stays (%d of %d)", same_n, both);
}

static void deflection_is_monotone(const fates *lo, const fates *hi)
{
    int n_lo = 0, n_hi = 0, not_in_hi = 0, both = 0, same_n = 0, at = 0;
    for (int i = 1; i < NMAX; i++) {
        at += lo->at_ward[i] || lo->deflected[i]; /* sent to the ward */
        n_lo += lo->deflected[i];
        n_hi += hi->deflected[i];
        not_in_hi += lo->deflected[i] && !hi->deflected[i];
        if (!isnan(lo->ward_stay[i]) && !isnan(hi->ward_stay[i])) {
            both++;
            same_n += same(lo->ward_stay[i], hi->ward_stay[i]);
        }
    }
    qt_ok(not_in_hi == 0 && fabs((double)n_lo / at - 0.3) < 0.04 &&
              fabs((double)n_hi / at - 0.6) < 0.04,
          "deflecting 30%% and 60%% of the %d sent to the ward: %d and %d; "
          "every one deflected at 30%% is at 60%% (%d not)", at, n_lo, n_hi,
          not_in_hi);
    qt_ok(both > 300 && same_n == both,
          "deflecting 30%% and 60%%: the others keep their ward stays (%d "
          "of %d)", same_n, both);
}

static void route_mix_moves_few(const fates *b, const fates *c)
{
    int sent = 0, ward_b = 0, ward_diff = 0, rehab_b = 0, rehab_c = 0,
        rehab_lost = 0, exit_c = 0, exit_new = 0;
    for (int i = 1; i < NMAX; i++) {
        if (isnan(b->ed_stay[i]) || isnan(c->ed_stay[i]))
            continue; /* still in the ED at the end in one of them */
        sent++;
        ward_b += b->at_ward[i];
        ward_diff += b->at_ward[i] != c->at_ward[i];
        rehab_b += b->at_rehab[i];
        rehab_c += c->at_rehab[i];
        rehab_lost += b->at_rehab[i] && !c->at_rehab[i];
        int out_b = !b->at_ward[i] && !b->at_rehab[i];
        int out_c = !c->at_ward[i] && !c->at_rehab[i];
        exit_c += out_c;
        exit_new += out_c && !out_b;
    }
    qt_ok(sent > 1500 && ward_b > sent / 4 && ward_diff == 0,
          "route_mix moving 10%% from exit to rehab: the ward has the same "
          "%d patients of %d (%d differ)", ward_b, sent, ward_diff);
    qt_ok(rehab_lost == 0 && exit_new == 0 &&
              fabs((double)rehab_c / sent - 0.3) < 0.03 &&
              fabs((double)exit_c / sent - 0.4) < 0.03,
          "route_mix: rehab keeps its %d patients and has %d (%d lost), "
          "exit's %d are all base's (%d not)", rehab_b, rehab_c, rehab_lost,
          exit_c, exit_new);
}

static void review_draws_do_not_shift(const fates *b, const fates *c,
                                      const char *what)
{
    int both = 0, same_n = 0, moved = 0;
    for (int i = 1; i < NMAX; i++) {
        if (isnan(b->rehab_out[i]) || isnan(c->rehab_out[i]))
            continue;
        both++;
        moved += !same(b->rehab_in[i], c->rehab_in[i]);
        /* the point of the round: minutes after 10:30 */
        double pb = fmod(b->rehab_out[i], 1440) - 630;
        double pc = fmod(c->rehab_out[i], 1440) - 630;
        same_n += same(pb, pc);
    }
    qt_ok(both > 500 && moved > both / 10 && same_n == both,
          "%s at the ward (%d of %d patients leave it at another time): the "
          "rehab round decides on each at the same point (%d of %d)", what,
          moved, both, same_n, both);
}

static void patience_follows_the_patient(const fates *b, const fates *c)
{
    int both = 0, same_n = 0, moved = 0;
    for (int i = 1; i < NMAX; i++) {
        if (isnan(b->ward_renege[i]) || isnan(c->ward_renege[i]))
            continue;
        both++;
        moved += !same(b->ward_wait[i], c->ward_wait[i]);
        same_n += same(b->ward_renege[i] - b->ward_wait[i],
                       c->ward_renege[i] - c->ward_wait[i]);
    }
    qt_ok(both > 100 && moved > both / 10 && same_n == both,
          "6 cubicles instead of 8, both with patience (more wait in the "
          "ED): %d of the %d who give up at the ward in both wait there "
          "from another time, each as patiently (%d of %d)", moved, both,
          same_n, both);
}

static void idle_reach_changes_nothing(const fates *b, const fates *c)
{
    int n_b = 0, n_c = 0, differ = 0;
    for (int i = 1; i < NMAX; i++) {
        n_b += b->deflected[i];
        n_c += c->deflected[i];
        differ += b->deflected[i] != c->deflected[i] ||
                  !(same(b->ward_stay[i], c->ward_stay[i]) ||
                    (isnan(b->ward_stay[i]) && isnan(c->ward_stay[i])));
    }
    qt_ok(n_b > 300 && differ == 0,
          "a deflection of effect 0 reaching 60%% of the patients instead "
          "of 30%%, listed before one of 30%%: the same %d and %d "
          "deflected, the same ward stays (%d patients differ)", n_b, n_c,
          differ);
}

int main(void)
{
    static fates base, alt, alt2;
    run(BASE, &base);
    run(FEWER_CUBICLES, &alt);
    stays_follow_the_patient(&base, &alt);
    run(FEWER_TO_WARD, &alt);
    routes_are_monotone(&base, &alt);
    run(ASSESSED, &alt);
    purposes_do_not_shift(&base, &alt);
    run(DEFLECT30, &alt);
    run(DEFLECT60, &alt2);
    deflection_is_monotone(&alt, &alt2);
    run(THREE_WAYS, &alt);
    run(THREE_WAYS_MIXED, &alt2);
    route_mix_moves_few(&alt, &alt2);
    run(REVIEWED, &alt);
    run(REVIEWED_SURGE, &alt2);
    review_draws_do_not_shift(&alt, &alt2, "surge decisions");
    run(REVIEWED_PULL, &alt2);
    review_draws_do_not_shift(&alt, &alt2, "board rounds pulling stays "
                              "forward");
    run(IMPATIENT, &alt);
    run(IMPATIENT_FEWER_CUBICLES, &alt2);
    patience_follows_the_patient(&alt, &alt2);
    run(IDLE_REACH30, &alt);
    run(IDLE_REACH60, &alt2);
    idle_reach_changes_nothing(&alt, &alt2);
    return qt_done();
}
