/* hours.c -- weekly hours ({from: "08:00", to: "20:00", days: [...]}):
 * a unit's opening hours (a weekly capacity schedule) and its admission
 * hours (a window of the week in which it takes patients); and lists of
 * daily times (bed meetings, board rounds).
 *
 * Times are whole minutes, so a bitmap of the week's minutes, aligned to
 * day 0's weekday, gives the exact change points.  A `to` at or before
 * `from` runs past midnight into the next day. */
#include <stdio.h>
#include <stdlib.h>
#include "build.h"
#include "keys.h"
#include "value.h"

enum { HOURS_WEEK = 7 * 1440 };

const char *const hours_keys[] = {"from", "to", "days", NULL};

/* Parses the map n into a mask of the week's minutes (1: inside the
 * hours), minute 0 being day 0's midnight.  Returns 0, or -1 with an error
 * in c->d; *mask (HOURS_WEEK bytes) is then NULL. */
static int hours_mask(build_ctx *c, const ytree *n, const char *path,
                      unsigned char **mask)
{
    diag *d = c->d;
    char k[DIAG_PATH_MAX];
    int from, to, day[7] = {0};
    *mask = NULL;
    if (value_map(d, n, path, "a map like {from: \"08:00\", to: \"20:00\", "
                  "days: [mon, tue, wed, thu, fri]}") ||
        value_keys(d, n, path, hours_keys))
        return -1;
    const ytree *f = value_need(d, n, path, "from", "from: \"08:00\"");
    const ytree *t = f ? value_need(d, n, path, "to", "to: \"20:00\"") : NULL;
    if (!t)
        return -1;
    diag_path(k, sizeof k, path, "from");
    if (datetime_clock(d, f, k, 0, &from))
        return -1;
    diag_path(k, sizeof k, path, "to");
    if (datetime_clock(d, t, k, 1, &to))
        return -1;
    if (to == from || to - from == 1440)
        to = from + 1440; /* round the clock */
    else if (to < from)
        to += 1440;
    const ytree *ds = ytree_get(n, "days");
    diag_path(k, sizeof k, path, "days");
    if (ds && value_seq(d, ds, k, "a list of weekdays like [mon, tue, wed]"))
        return -1;
    if (ds && ds->n == 0)
        return diag_at(d, ds, k, "is empty; expected at least one weekday");
    for (size_t i = 0; i < (ds ? ds->n : 7); i++) {
        char sub[DIAG_PATH_MAX], idx[24];
        int w = (int)i;
        snprintf(idx, sizeof idx, "%zu", i);
        diag_path(sub, sizeof sub, k, idx);
        if (ds && datetime_weekday(d, ds->items[i], sub, &w))
            return -1;
        day[w] = 1;
    }
    if (!(*mask = calloc(HOURS_WEEK, 1)))
        return diag_at(d, n, path, "out of memory");
    for (int w = 0; w < 7; w++) {
        int off = ((w - c->sc->start_weekday + 7) % 7) * 1440;
        for (int m = from; day[w] && m < to; m++)
            (*mask)[(off + m) % HOURS_WEEK] = 1;
    }
    return 0;
}

int hours_schedule(build_ctx *c, const ytree *n, const char *path,
                   unit_spec *u)
{
    unsigned char *open;
    if (hours_mask(c, n, path, &open))
        return -1;
    size_t changes = 1;
    for (int m = 1; m < HOURS_WEEK; m++)
        changes += open[m] != open[m - 1];
    if (!(u->schedule = calloc(changes, sizeof *u->schedule))) {
        free(open);
        return diag_at(c->d, n, path, "out of memory");
    }
    for (int m = 0; m < HOURS_WEEK; m++)
        if (m == 0 || open[m] != open[m - 1])
            u->schedule[u->n_schedule++] = (capacity_change){
                m, open[m] ? u->capacity : 0};
    u->schedule_repeat = HOURS_WEEK;
    free(open);
    return 0;
}

int hours_window(build_ctx *c, const ytree *n, const char *path,
                 week_window *w)
{
    unsigned char *open;
    if (hours_mask(c, n, path, &open))
        return -1;
    size_t runs = 0;
    for (int m = 0; m < HOURS_WEEK; m++)
        runs += open[m] && (m == 0 || !open[m - 1]);
    w->from = calloc(runs ? runs : 1, sizeof *w->from);
    w->to = calloc(runs ? runs : 1, sizeof *w->to);
    if (!w->from || !w->to) {
        free(open);
        return diag_at(c->d, n, path, "out of memory");
    }
    for (int m = 0; m < HOURS_WEEK; m++) {
        if (open[m] && (m == 0 || !open[m - 1]))
            w->from[w->n] = m;
        if (open[m] && (m + 1 == HOURS_WEEK || !open[m + 1]))
            w->to[w->n++] = m + 1;
    }
    free(open);
    return 0;
}

int build_times(build_ctx *c, const ytree *n, const char *path, double **out,
                size_t *nout)
{
    diag *d = c->d;
    if (value_seq(d, n, path, "a list of times like [\"08:00\", \"16:00\"]"))
        return -1;
    if (n->n == 0)
        return diag_at(d, n, path, "is empty; expected at least one time");
    if (!(*out = calloc(n->n, sizeof **out)))
        return diag_at(d, n, path, "out of memory");
    for (size_t i = 0; i < n->n; i++) {
        char sub[DIAG_PATH_MAX], idx[24];
        int at;
        snprintf(idx, sizeof idx, "%zu", i);
        diag_path(sub, sizeof sub, path, idx);
        if (datetime_clock(d, n->items[i], sub, 0, &at))
            return -1;
        if (i > 0 && !(at > (*out)[i - 1]))
            return diag_at(d, n->items[i], sub, "'%s' is not after the "
                           "previous time; list them in increasing order",
                           n->items[i]->str);
        (*out)[i] = at;
        *nout = i + 1;
    }
    return 0;
}
