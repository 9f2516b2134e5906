/* headline.h -- the few KPIs that sum a run up: shown in sweep tables and
 * used by --precision.  The registry (kpis.h) ranks them: with health
 * roles the NHS ones (4-hour performance and breaches, 12-hour DTA waits,
 * acute occupancy rate, NCTR, escalation bed-days); otherwise each unit's
 * losses, occupancy and mean wait. */
#ifndef FLOWSIM_HEADLINE_H
#define FLOWSIM_HEADLINE_H

#include <stddef.h>
#include "network.h"

/* Writes at most max indices into idx; returns how many. */
size_t headline_pick(const kpi_list *kpis, size_t *idx, size_t max);

#endif
