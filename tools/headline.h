/* headline.h -- the few KPIs that sum a run up: shown in sweep tables and
 * used by --precision.  With health roles: 4-hour performance and
 * breaches, 12-hour DTA waits, acute occupancy rate, NCTR, escalation
 * bed-days; otherwise each unit's occupancy, mean wait and losses. */
#ifndef FLOWSIM_HEADLINE_H
#define FLOWSIM_HEADLINE_H

#include <stddef.h>
#include "network.h"

/* Writes at most max indices into idx; returns how many. */
size_t headline_pick(const kpi_list *kpis, size_t *idx, size_t max);

/* The index of the named KPI, or -1. */
long headline_find(const kpi_list *kpis, const char *name);

#endif
