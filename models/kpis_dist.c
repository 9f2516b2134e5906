/* kpis_dist.c -- the per-unit KPIs made on request: percentiles of
 * occupancy, blocked places, the line and the wait (`quantiles:`), and
 * the time-weighted distribution of occupancy, P(N = n) (`distribution:`).
 * Each registry entry (kpis.h, KPI_FIRST_ON_REQUEST on) stands for many
 * instances, one per percentile or level, which carry their number in
 * kpi_def.arg and in their name. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "net.h"

double kpi_dist_occupancy_q(const kpi_ctx *c)
{
    return (double)stat_level_quantile(&c->u->occ, c->now, c->arg);
}

double kpi_dist_blocked_q(const kpi_ctx *c)
{
    return (double)stat_level_quantile(&c->u->blk, c->now, c->arg);
}

double kpi_dist_waiting_q(const kpi_ctx *c)
{
    return (double)stat_level_quantile(&c->u->queue, c->now, c->arg);
}

double kpi_dist_wait_q(const kpi_ctx *c)
{
    return stat_tally_quantile_at(&c->u->wait, c->arg);
}

double kpi_dist_at(const kpi_ctx *c)
{
    return stat_level_share_at(&c->u->occ, c->now, (long)c->arg);
}

double kpi_dist_above(const kpi_ctx *c)
{
    long top = (long)c->arg;
    return stat_level_share_at_least(&c->u->occ, c->now, top + 1);
}

/* Whether percentile q is one of the registry's own (p95 of occupancy
 * and of the wait), which is not repeated. */
static int already(kpi_id id, double q)
{
    return q == 0.95 && (id == KPI_U_OCCUPANCY_Q || id == KPI_U_WAIT_Q);
}

size_t kpi_dist_count(const scenario *sc, int u)
{
    const unit_spec *sp = &sc->units[u];
    size_t n = 4 * sc->n_quantiles;
    if (sp->distribution)
        n += (size_t)sp->dist_top + 2;
    return n;
}

/* The number an instance's name ends with: a percentile in percent
 * ("85", "99.5"), or a level. */
static void number_of(kpi_id id, double arg, char *buf, size_t len)
{
    if (id == KPI_U_OCCUPANCY_AT || id == KPI_U_OCCUPANCY_ABOVE)
        snprintf(buf, len, "%ld", (long)arg);
    else
        snprintf(buf, len, "%.6g", 100 * arg);
}

/* Appends instance arg of KPI id of unit u.  Returns 0 or -1. */
static int add(kpi_list *l, const scenario *sc, kpi_id id, int u, double arg)
{
    const kpi_info *k = kpi_info_of(id);
    const char *prefix = sc->units[u].name;
    char num[64];
    number_of(id, arg, num, sizeof num);
    size_t len = strlen(prefix) + 1 + strlen(k->name) + strlen(num) + 1;
    char *full = malloc(len);
    if (!full)
        return -1;
    snprintf(full, len, "%s.%s%s", prefix, k->name, num);
    l->defs[l->n++] = (kpi_def){full, k->unit, k, u, -1, arg};
    return 0;
}

int kpi_dist_add(kpi_list *l, const scenario *sc, int u)
{
    static const kpi_id by_q[] = {KPI_U_OCCUPANCY_Q, KPI_U_BLOCKED_Q,
                                  KPI_U_WAITING_Q, KPI_U_WAIT_Q};
    const unit_spec *sp = &sc->units[u];
    for (size_t i = 0; i < sizeof by_q / sizeof by_q[0]; i++)
        for (size_t q = 0; q < sc->n_quantiles; q++)
            if (!already(by_q[i], sc->quantiles[q]) &&
                add(l, sc, by_q[i], u, sc->quantiles[q]))
                return -1;
    if (!sp->distribution)
        return 0;
    for (long n = 0; n <= sp->dist_top; n++)
        if (add(l, sc, KPI_U_OCCUPANCY_AT, u, (double)n))
            return -1;
    return add(l, sc, KPI_U_OCCUPANCY_ABOVE, u, (double)sp->dist_top);
}

const kpi_info *kpi_dist_parse(const char *name, size_t *prefix,
                               double *arg)
{
    const char *dot = strchr(name, '.');
    if (!dot || dot == name)
        return NULL;
    for (int i = KPI_FIRST_ON_REQUEST; i < KPI_FIRST_SYSTEM; i++) {
        const char *stem = kpi_info_of((kpi_id)i)->name;
        size_t t = strlen(stem);
        if (strncmp(dot + 1, stem, t) != 0)
            continue;
        const char *num = dot + 1 + t;
        char *end;
        double v = strtod(num, &end);
        if (end == num || *end || !isfinite(v) || v < 0 || *num == '+' ||
            *num == '-' || *num == ' ')
            continue;
        int level = i == KPI_U_OCCUPANCY_AT || i == KPI_U_OCCUPANCY_ABOVE;
        if (level ? v != floor(v) : !(v > 0 && v < 100))
            continue;
        *prefix = (size_t)(dot - name);
        *arg = level ? v : v / 100;
        return kpi_info_of((kpi_id)i);
    }
    return NULL;
}
