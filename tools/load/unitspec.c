/* unitspec.c -- one unit of care: capacity, stay, overflow policy,
 * queue, routing, role, and capacity schedule (or opening hours). */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "build.h"
#include "distspec.h"
#include "keys.h"
#include "value.h"

const char *const unitspec_keys[] = {
    "capacity", "stay", "when_full", "queue", "next", "capacity_schedule",
    "wait_threshold", "role", "stay_by_class", "next_by_class",
    "escalation", "readmission", "assessment", "discharge_delay",
    "initial", "open_hours", "review", "admission_hours", "assessors",
    "stay_periods", "boarding", "transfer", "spot_after", "overflow",
    NULL};

/* In unit_role order, ROLE_NONE excepted. */
const char *const unitspec_roles[] = {"ed", "sdec", "acute", "p1",
                                      "p2", "p3", "vw", NULL};

static_assert(sizeof unitspec_roles / sizeof *unitspec_roles ==
                  ROLE_COUNT,
              "a name for every unit_role but ROLE_NONE, then NULL");

/* In full_policy order, FULL_DIVERT (a map) excepted. */
const char *const unitspec_policies[] = {"queue", "block", "lose",
                                         NULL};

static_assert(FULL_QUEUE == 0 && FULL_BLOCK == 1 && FULL_LOSE == 2 &&
                  sizeof unitspec_policies / sizeof *unitspec_policies ==
                      FULL_DIVERT + 1,
              "a name for every full_policy but FULL_DIVERT, then NULL");

/* when_full: queue | block | lose | {divert: UNIT}. */
static int unitspec_when_full(build_ctx *c, const ytree *n, const char *path,
                              unit_spec *u)
{
    const char *what = "expected queue, block, lose or {divert: UNIT}";
    if (n->kind == YTREE_MAP) {
        if (n->n != 1 || strcmp(n->keys[0]->str, "divert") != 0)
            return diag_at(c->d, n, path, "got a map; %s", what);
        char k[DIAG_PATH_MAX];
        diag_path(k, sizeof k, path, "divert");
        int t = build_unit_ref(c, n->items[0], k, 0);
        if (t < 0)
            return -1;
        u->when_full = FULL_DIVERT;
        u->divert_to = t;
        return 0;
    }
    int p = n->kind == YTREE_SCALAR ? value_choice(n->str, unitspec_policies)
                                    : -1;
    if (p < 0) {
        const char *near = n->kind == YTREE_SCALAR
                               ? diag_nearest(n->str, unitspec_policies)
                               : NULL;
        if (near)
            return diag_at(c->d, n, path,
                           "unknown policy '%s'; did you mean '%s'?", n->str,
                           near);
        return diag_at(c->d, n, path, "got '%s'; %s",
                       n->kind == YTREE_SCALAR ? n->str : "a list", what);
    }
    u->when_full = p == 0 ? FULL_QUEUE : p == 1 ? FULL_BLOCK : FULL_LOSE;
    return 0;
}

/* queue.when_full (lose | block | {divert: UNIT}: what a full line does
 * to a patient: lost; waiting in its place upstream when it holds one;
 * sent elsewhere), queue.limit_internal and limit_external
 * (the most waiting from other units, and from outside). */
static int unitspec_queue_limits(build_ctx *c, const ytree *n,
                                 const char *path, unit_spec *u)
{
    char k[DIAG_PATH_MAX];
    const ytree *v;
    diag_path(k, sizeof k, path, "when_full");
    if ((v = ytree_get(n, "when_full")) && v->kind == YTREE_MAP) {
        static const char *const dk[] = {"divert", NULL};
        const ytree *to;
        if (value_keys(c->d, v, k, dk) ||
            !(to = value_need(c->d, v, k, "divert", "divert: other-unit")))
            return -1;
        diag_path(k, sizeof k, k, "divert");
        if ((u->divert_to = build_unit_ref(c, to, k, 0)) < 0)
            return -1;
        u->queue_divert = 1;
    } else if (v) {
        int i = v->kind == YTREE_SCALAR ? value_choice(v->str, unitspec_queue_rules) : -1;
        if (i < 0)
            return diag_at(c->d, v, k, "got '%s'; expected lose, block or "
                           "{divert: UNIT}",
                           v->kind == YTREE_SCALAR ? v->str : "a list");
        u->queue_block = i;
    }
    const ytree *li = ytree_get(n, "limit_internal");
    const ytree *le = ytree_get(n, "limit_external");
    u->limit_internal = u->limit_external = SCENARIO_UNLIMITED;
    u->split_limits = li || le;
    diag_path(k, sizeof k, path, "limit_internal");
    if (li && value_capacity(c->d, li, k, 0, &u->limit_internal))
        return -1;
    diag_path(k, sizeof k, path, "limit_external");
    if (le && value_capacity(c->d, le, k, 0, &u->limit_external))
        return -1;
    return 0;
}

const char *const unitspec_queue_keys[] = {
    "limit", "patience", "discipline", "when_full", "limit_internal",
    "limit_external", "preempt", NULL};
const char *const unitspec_queue_rules[] = {"lose", "block", NULL};

/* queue.preempt: a boolean, true only with discipline: priority (the
 * classes it displaces by). */
static int unitspec_preempt(build_ctx *c, const ytree *n, const char *path,
                            unit_spec *u)
{
    char k[DIAG_PATH_MAX];
    const ytree *v = ytree_get(n, "preempt");
    diag_path(k, sizeof k, path, "preempt");
    if (!v || value_bool(c->d, v, k, &u->preempt))
        return v ? -1 : 0;
    if (u->preempt && !u->priority_queue)
        return diag_at(c->d, v, k, "pre-emption displaces by priority; "
                       "add discipline: priority to this queue");
    return 0;
}

/* queue: {limit, patience, discipline, when_full, limit_internal,
 * limit_external, preempt}, checked against when_full. */
static int unitspec_queue(build_ctx *c, const ytree *n, const char *path,
                          unit_spec *u)
{
    static const char *const disc[] = {"fifo", "priority", "longest", NULL};
    diag *d = c->d;
    char k[DIAG_PATH_MAX];
    if (value_map(d, n, path, "a map like {limit: 10, discipline: fifo}") ||
        value_keys(d, n, path, unitspec_queue_keys))
        return -1;
    if (u->when_full == FULL_LOSE || u->when_full == FULL_DIVERT)
        return diag_at(d, n, path, "queue settings apply only when "
                       "when_full is queue or block; remove them");
    const ytree *v;
    if (u->when_full == FULL_BLOCK) {
        static const char *const bad[] = {"limit", "patience", "when_full",
                                          "limit_internal", "limit_external",
                                          NULL};
        for (size_t i = 0; bad[i]; i++)
            if ((v = ytree_get(n, bad[i]))) {
                diag_path(k, sizeof k, path, bad[i]);
                return diag_at(d, v, k, "applies only when when_full is "
                               "queue; with block only discipline and "
                               "preempt are allowed");
            }
    }
    diag_path(k, sizeof k, path, "limit");
    if ((v = ytree_get(n, "limit")) &&
        value_capacity(d, v, k, 0, &u->queue_limit))
        return -1;
    if (unitspec_queue_limits(c, n, path, u))
        return -1;
    diag_path(k, sizeof k, path, "patience");
    if ((v = ytree_get(n, "patience"))) {
        if (distspec_parse(d, v, k, &u->patience))
            return -1;
        u->reneges = 1;
    }
    diag_path(k, sizeof k, path, "discipline");
    if ((v = ytree_get(n, "discipline"))) {
        int i = v->kind == YTREE_SCALAR ? value_choice(v->str, disc) : -1;
        if (i < 0)
            return diag_at(d, v, k, "got '%s'; expected fifo, priority or "
                           "longest",
                           v->kind == YTREE_SCALAR ? v->str : "a collection");
        u->priority_queue = i == 1;
        u->queue_longest = i == 2;
    }
    return unitspec_preempt(c, n, path, u);
}

/* role: ed | sdec | acute | p1 | p2 | p3 | vw (for the NHS measures). */
static int unitspec_role(build_ctx *c, const ytree *n, const char *path,
                         unit_spec *u)
{
    int r = n->kind == YTREE_SCALAR && !ytree_is_null(n)
                ? value_choice(n->str, unitspec_roles) : -1;
    if (r >= 0) {
        u->role = (unit_role)(ROLE_ED + r);
        return 0;
    }
    const char *near = n->kind == YTREE_SCALAR
                           ? diag_nearest(n->str, unitspec_roles) : NULL;
    if (near)
        return diag_at(c->d, n, path, "unknown role '%s'; did you mean "
                       "'%s'?", n->str, near);
    return diag_at(c->d, n, path, "unknown role '%s'; expected ed, sdec, "
                   "acute, p1, p2, p3 or vw",
                   n->kind == YTREE_SCALAR ? n->str : "a collection");
}

const char *const unitspec_schedule_keys[] = {"repeat", "changes", NULL};

const char *const unitspec_change_keys[] = {"at", "capacity", "on", NULL};

/* A weekly schedule's change {on: WEEKDAY, at: CLOCK}: minutes into the
 * cycle that starts at day 0 (whatever its weekday). */
static int change_on(build_ctx *c, const ytree *e, const char *sub,
                     double *out)
{
    char f[DIAG_PATH_MAX];
    int wd, clock = 0;
    const ytree *at = ytree_get(e, "at");
    diag_path(f, sizeof f, sub, "on");
    if (datetime_weekday(c->d, ytree_get(e, "on"), f, &wd))
        return -1;
    diag_path(f, sizeof f, sub, "at");
    if (at && datetime_clock(c->d, at, f, 0, &clock))
        return -1;
    *out = ((wd - c->sc->start_weekday + 7) % 7) * 1440.0 + clock;
    return 0;
}

static int change_cmp(const void *a, const void *b)
{
    double x = ((const capacity_change *)a)->at;
    double y = ((const capacity_change *)b)->at;
    return (x > y) - (x < y);
}

/* Changes given by weekday, put in the order of the cycle from day 0:
 * sorted, and when none falls at 0 the week's last one (in force at day
 * 0) repeated there.  u->schedule has room for one more. */
static void week_from_day0(unit_spec *u)
{
    qsort(u->schedule, u->n_schedule, sizeof *u->schedule, change_cmp);
    if (u->schedule[0].at == 0)
        return;
    memmove(u->schedule + 1, u->schedule,
            u->n_schedule * sizeof *u->schedule);
    u->schedule[0] = (capacity_change){0, u->schedule[u->n_schedule].capacity};
    u->n_schedule++;
}

/* capacity_schedule: {repeat: D, changes: [{at: D, capacity: N}, ...]}. */
static int unitspec_schedule(build_ctx *c, const ytree *n, const char *path,
                             unit_spec *u)
{
    diag *d = c->d;
    char k[DIAG_PATH_MAX];
    if (value_map(d, n, path, "a map like {repeat: 1 week, changes: [{at: "
                  "0 hours, capacity: 10}]}") ||
        value_keys(d, n, path, unitspec_schedule_keys))
        return -1;
    const ytree *rep = ytree_get(n, "repeat");
    diag_path(k, sizeof k, path, "repeat");
    if (rep && value_duration(d, rep, k, 1, &u->schedule_repeat))
        return -1;
    const ytree *ch = value_need(d, n, path, "changes",
                                 "changes: [{at: 0 hours, capacity: 10}]");
    diag_path(k, sizeof k, path, "changes");
    if (!ch || value_seq(d, ch, k, "a list like [{at: 8 hours, capacity: "
                         "14}]"))
        return -1;
    if (ch->n == 0)
        return diag_at(d, ch, k, "is empty; expected at least one change");
    double week_at = 0; /* the last change's minute of the week (on:) */
    if (!(u->schedule = calloc(ch->n + 1, sizeof *u->schedule)))
        return diag_at(d, ch, k, "out of memory");
    for (size_t i = 0; i < ch->n; i++) {
        const ytree *e = ch->items[i];
        capacity_change *cc = &u->schedule[i];
        char sub[DIAG_PATH_MAX], idx[24], f[DIAG_PATH_MAX];
        snprintf(idx, sizeof idx, "%zu", i);
        diag_path(sub, sizeof sub, k, idx);
        if (value_map(d, e, sub, "a map {at: D, capacity: N}") ||
            value_keys(d, e, sub, unitspec_change_keys))
            return -1;
        const ytree *on = ytree_get(e, "on");
        if (on && !(rep && u->schedule_repeat == 10080))
            return diag_at(d, on, sub, "a change on a weekday needs repeat: "
                           "1 week");
        if ((ytree_get(ch->items[0], "on") != NULL) != (on != NULL))
            return diag_at(d, e, sub, "give every change an on: WEEKDAY, "
                           "or none");
        const ytree *at = on ? ytree_get(e, "at")
                             : value_need(d, e, sub, "at", "at: 8 hours");
        const ytree *cap = at || on ? value_need(d, e, sub, "capacity",
                                                 "capacity: 14") : NULL;
        if (!cap)
            return -1;
        diag_path(f, sizeof f, sub, on ? "on" : "at");
        if (on ? change_on(c, e, sub, &cc->at)
               : datetime_point(d, rep ? NULL : &c->day0, at, f, &cc->at))
            return -1;
        /* on: in week order from Monday (cc->at counts from day 0) */
        double mon = on ? fmod(cc->at + c->sc->start_weekday * 1440.0,
                               10080.0) : 0;
        if (on && i > 0 && !(mon > week_at))
            return diag_at(d, on, f, "'%s' is not after the previous change; "
                           "list changes from Monday to Sunday",
                           on->kind == YTREE_SCALAR ? on->str : "");
        week_at = mon;
        if (!on && i > 0 && !(cc->at > u->schedule[i - 1].at))
            return diag_at(d, at, f, "'%s' is not after the previous change; "
                           "list changes in increasing time", at->str);
        if (!on && rep && !(cc->at < u->schedule_repeat))
            return diag_at(d, at, f, "'%s' is not before the repeat period "
                           "('%s'); expected at < repeat", at->str,
                           rep->str);
        diag_path(f, sizeof f, sub, "capacity");
        if (value_capacity(d, cap, f, 0, &cc->capacity))
            return -1;
        u->n_schedule = i + 1;
    }
    if (ytree_get(ch->items[0], "on"))
        week_from_day0(u);
    return 0;
}

/* A unit with neither capacity nor stay is most often a misspelt name
 * (--set units.medicl.capacity=10 makes a new unit "medicl"): says so,
 * naming the unit it is closest to.  Returns -1 when it did, else 0. */
static int unitspec_typo(build_ctx *c, size_t i, const char *path)
{
    const ytree *n = c->unit[i];
    if (n->kind != YTREE_MAP ||
        (ytree_get(n, "capacity") && ytree_get(n, "stay")))
        return 0;
    const char *name = c->sc->units[i].name, *best = NULL;
    size_t bd = 3; /* at most two edits away */
    for (size_t j = 0; c->names[j]; j++) {
        size_t dj = j == i ? bd : diag_distance(name, c->names[j]);
        if (dj < bd && strcmp(c->names[j], "exit")) {
            bd = dj;
            best = c->names[j];
        }
    }
    if (!best)
        return 0;
    return diag_at(c->d, n, path, "no unit '%s' in the scenario; did you "
                   "mean '%s'? (a new unit needs capacity: and stay:)", name,
                   best);
}

int unitspec_parse(build_ctx *c, size_t i)
{
    diag *d = c->d;
    const ytree *n = c->unit[i];
    unit_spec *u = &c->sc->units[i];
    char path[DIAG_PATH_MAX], k[DIAG_PATH_MAX];
    diag_path(path, sizeof path, "units", u->name);
    if (value_map(d, n, path, "a map of unit settings like {capacity: 12, "
                  "stay: 2 days}") ||
        value_keys(d, n, path, unitspec_keys) || unitspec_typo(c, i, path))
        return -1;
    const ytree *v = value_need(d, n, path, "capacity", "capacity: 12");
    diag_path(k, sizeof k, path, "capacity");
    /* a pool's unit may have no places of its own */
    if (!v || value_capacity(d, v, k, poolspec_member(c->root, u->name) ? 0 : 1,
                             &u->capacity))
        return -1;
    v = value_need(d, n, path, "stay", "stay: {exponential: {mean: 2 days}}");
    diag_path(k, sizeof k, path, "stay");
    if (!v || distspec_parse(d, v, k, &u->stay))
        return -1;
    u->when_full = FULL_QUEUE;
    u->queue_limit = SCENARIO_UNLIMITED;
    diag_path(k, sizeof k, path, "when_full");
    if ((v = ytree_get(n, "when_full")) && unitspec_when_full(c, v, k, u))
        return -1;
    diag_path(k, sizeof k, path, "queue");
    if ((v = ytree_get(n, "queue")) && unitspec_queue(c, v, k, u))
        return -1;
    diag_path(k, sizeof k, path, "next");
    if (routespec_parse(c, ytree_get(n, "next"), k, &u->next))
        return -1;
    diag_path(k, sizeof k, path, "role");
    if ((v = ytree_get(n, "role")) && unitspec_role(c, v, k, u))
        return -1;
    const ytree *oh = ytree_get(n, "open_hours");
    diag_path(k, sizeof k, path, "capacity_schedule");
    if ((v = ytree_get(n, "capacity_schedule")) && oh) {
        diag_path(k, sizeof k, path, "open_hours");
        return diag_at(d, oh, k, "both open_hours and capacity_schedule are "
                       "given; keep only one (open_hours is a weekly "
                       "schedule)");
    }
    if (v && unitspec_schedule(c, v, k, u))
        return -1;
    diag_path(k, sizeof k, path, "open_hours");
    if (oh && hours_schedule(c, oh, k, u))
        return -1;
    u->wait_threshold = 240;
    diag_path(k, sizeof k, path, "wait_threshold");
    if ((v = ytree_get(n, "wait_threshold")) &&
        value_duration(d, v, k, 0, &u->wait_threshold))
        return -1;
    return unithealth_parse(c, i) || unitflow_parse(c, i) ? -1 : 0;
}
