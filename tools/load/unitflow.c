/* unitflow.c -- when patients may leave and enter a unit: ward rounds
 * (review), admission hours, assessors, seasonal stays (stay_periods),
 * spot purchase after a wait, the transfer in, and the ED's boarding
 * area. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "build.h"
#include "distspec.h"
#include "keys.h"
#include "value.h"

const char *const unitflow_days[] = {"mon", "tue", "wed", "thu",
                                            "fri", "sat", "sun", NULL};

const char *const unitflow_review_keys[] = {
    "at", "over", "share", "surge_waiting", "board_rounds", "surge_pull",
    NULL};

/* review: {at: "09:00", over: 3 hours, share: {sat: 50%, sun: 50%},
 * surge_waiting: N}: the round's time, its spread, the share of waiting
 * patients it decides on by weekday (100% on days not listed; stored from
 * day 0's weekday), and the line at which stays ending are decided on at
 * once. */
static int unitflow_review(build_ctx *c, const ytree *n, const char *path,
                           unit_spec *u)
{
    diag *d = c->d;
    review_spec *r = &u->review;
    char k[DIAG_PATH_MAX];
    double by_day[7] = {1, 1, 1, 1, 1, 1, 1};
    int at;
    if (value_map(d, n, path, "a map like {at: \"09:00\", over: 3 hours, "
                  "share: {sat: 50%, sun: 50%}}") ||
        value_keys(d, n, path, unitflow_review_keys))
        return -1;
    const ytree *a = value_need(d, n, path, "at", "at: \"09:00\"");
    diag_path(k, sizeof k, path, "at");
    if (!a || datetime_clock(d, a, k, 0, &at))
        return -1;
    r->at = at;
    const ytree *v = ytree_get(n, "over");
    diag_path(k, sizeof k, path, "over");
    if (v && value_duration(d, v, k, 0, &r->over))
        return -1;
    if (r->over > 1440)
        return diag_at(d, v, k, "is longer than a day; expected a spread "
                       "like 3 hours");
    const ytree *s = ytree_get(n, "share");
    diag_path(k, sizeof k, path, "share");
    if (s && (value_map(d, s, k, "a map of weekdays like {sat: 50%, "
                        "sun: 50%}") ||
              value_keys(d, s, k, unitflow_days)))
        return -1;
    double total = 0;
    for (size_t j = 0; s && j < s->n; j++) {
        char sub[DIAG_PATH_MAX];
        diag_path(sub, sizeof sub, k, s->keys[j]->str);
        int w = value_choice(s->keys[j]->str, unitflow_days);
        if (value_share(d, s->items[j], sub, &by_day[w]))
            return -1;
    }
    for (int w = 0; w < 7; w++) {
        r->share[w] = by_day[(c->sc->start_weekday + w) % 7];
        total += r->share[w];
    }
    if (!(total > 0))
        return diag_at(d, s, k, "is 0 on every day: no patient would ever "
                       "be reviewed; give at least one day a share");
    diag_path(k, sizeof k, path, "surge_waiting");
    if ((v = ytree_get(n, "surge_waiting")) &&
        value_long(d, v, k, 1, SCENARIO_MAX_CAPACITY, "a number of patients "
                   "from 1 to 10000000", &r->surge_waiting))
        return -1;
    diag_path(k, sizeof k, path, "board_rounds");
    if ((v = ytree_get(n, "board_rounds"))) {
        if (!r->surge_waiting)
            return diag_at(d, v, k, "needs surge_waiting: board rounds are "
                           "held when that many wait for the unit");
        if (build_times(c, v, k, &r->boards, &r->n_boards))
            return -1;
    }
    diag_path(k, sizeof k, path, "surge_pull");
    if ((v = ytree_get(n, "surge_pull"))) {
        if (!r->n_boards)
            return diag_at(d, v, k, "needs board_rounds: patients are pulled "
                           "forward at those rounds");
        if (value_duration(d, v, k, 1, &r->surge_pull))
            return -1;
    }
    r->on = 1;
    return 0;
}

/* stay_periods: [{from: D, to: D, factor: x}, ...]: stays that start in a
 * period are multiplied by its factor (seasonal acuity). */
static int unitflow_stay_periods(build_ctx *c, const ytree *n,
                                 const char *path, unit_spec *u)
{
    if (build_periods(c, n, path, &u->stay_periods, &u->n_stay_periods))
        return -1;
    /* by the items written (one of every year stands for many periods) */
    for (size_t i = 0; i < n->n; i++) {
        const ytree *x = ytree_get(n->items[i], "factor");
        double f;
        char sub[DIAG_PATH_MAX], idx[24];
        snprintf(idx, sizeof idx, "%zu", i);
        diag_path(sub, sizeof sub, path, idx);
        if (x && value_number(c->d, x, sub, &f) == 0 && !(f > 0))
            return diag_at(c->d, n->items[i], sub, "has factor 0; a stay "
                           "factor must be positive");
    }
    return 0;
}

const char *const unitflow_overflow_keys[] = {"to", "when_waiting", NULL};

/* overflow: {to: UNIT, when_waiting: N}: outliers, the first of this
 * unit's line admitted to UNIT's free places while N or more wait. */
static int unitflow_overflow(build_ctx *c, const ytree *n, const char *path,
                             unit_spec *u, size_t i)
{
    diag *d = c->d;
    char k[DIAG_PATH_MAX];
    if (value_map(d, n, path, "a map like {to: surgical, when_waiting: 10}") ||
        value_keys(d, n, path, unitflow_overflow_keys))
        return -1;
    const ytree *t = value_need(d, n, path, "to", "to: surgical");
    const ytree *w = t ? value_need(d, n, path, "when_waiting",
                                    "when_waiting: 10") : NULL;
    if (!w)
        return -1;
    diag_path(k, sizeof k, path, "to");
    if ((u->overflow_to = build_unit_ref(c, t, k, 0)) < 0)
        return -1;
    if (u->overflow_to == (int)i)
        return diag_at(d, t, k, "'%s' is this unit; expected another unit",
                       t->str);
    diag_path(k, sizeof k, path, "when_waiting");
    return value_long(d, w, k, 1, SCENARIO_MAX_CAPACITY, "a number of "
                      "patients from 1 to 10000000", &u->overflow_waiting);
}

int unitflow_parse(build_ctx *c, size_t i)
{
    diag *d = c->d;
    const ytree *n = c->unit[i], *v;
    unit_spec *u = &c->sc->units[i];
    char path[DIAG_PATH_MAX], k[DIAG_PATH_MAX];
    diag_path(path, sizeof path, "units", u->name);
    diag_path(k, sizeof k, path, "review");
    if ((v = ytree_get(n, "review")) && unitflow_review(c, v, k, u))
        return -1;
    diag_path(k, sizeof k, path, "admission_hours");
    if ((v = ytree_get(n, "admission_hours")) &&
        hours_window(c, v, k, &u->admits))
        return -1;
    if (v && u->admits.n == 0)
        return diag_at(d, v, k, "admits nobody in any week; expected hours "
                       "with at least one minute");
    diag_path(k, sizeof k, path, "assessors");
    if ((v = ytree_get(n, "assessors"))) {
        if (value_capacity(d, v, k, 1, &u->assessors))
            return -1;
        if (u->assessors == SCENARIO_UNLIMITED)
            u->assessors = 0;
        if (!u->assessed)
            return diag_at(d, v, k, "the unit has no assessment; add "
                           "assessment: or remove assessors");
    }
    diag_path(k, sizeof k, path, "stay_periods");
    if ((v = ytree_get(n, "stay_periods")) &&
        unitflow_stay_periods(c, v, k, u))
        return -1;
    diag_path(k, sizeof k, path, "overflow");
    if ((v = ytree_get(n, "overflow")) && unitflow_overflow(c, v, k, u, i))
        return -1;
    diag_path(k, sizeof k, path, "spot_after");
    if ((v = ytree_get(n, "spot_after"))) {
        if (value_duration(d, v, k, 1, &u->spot_after))
            return -1;
        if (u->capacity == SCENARIO_UNLIMITED)
            return diag_at(d, v, k, "the unit has unlimited places; nobody "
                           "waits for a spot purchase");
    }
    diag_path(k, sizeof k, path, "transfer");
    if ((v = ytree_get(n, "transfer"))) {
        if (distspec_parse(d, v, k, &u->transfer))
            return -1;
        u->has_transfer = 1;
    }
    diag_path(k, sizeof k, path, "boarding");
    if ((v = ytree_get(n, "boarding"))) {
        if (value_bool(d, v, k, &u->boarding))
            return -1;
        if (u->boarding && u->role != ROLE_ED)
            return diag_at(d, v, k, "only an ed unit can be a boarding area;"
                           " add role: ed or remove boarding");
    }
    return 0;
}
