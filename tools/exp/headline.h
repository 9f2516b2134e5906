/* headline.h -- which KPIs an output shows: the few that sum a run up
 * (sweep tables, --precision), the compact table a planner reads first,
 * and a user's own choice (--kpis PATTERN,...).
 *
 * The registry (kpis.h) ranks the headline KPIs: with health roles the
 * NHS ones (4-hour performance and breaches, 12-hour DTA waits, acute
 * occupancy rate, NCTR, escalation bed-days); otherwise each unit's
 * losses, occupancy and mean wait. */
#ifndef FLOWSIM_HEADLINE_H
#define FLOWSIM_HEADLINE_H

#include <stddef.h>
#include "network.h"

/* The longest --kpis list accepted, in bytes. */
#define HEADLINE_PATTERNS_MAX 4096

/* Writes at most max indices into idx; returns how many. */
size_t headline_pick(const kpi_list *kpis, size_t *idx, size_t max);

/* The compact table's KPIs, in order, into idx (room for kpis->n):
 * with health roles the ones a planner asks for first, by area (A&E,
 * acute beds, discharge, community, cost; the registry's area); without,
 * each unit's arrivals, losses, delays, occupancy, waits and stay, and
 * the time in the system.  Returns how many. */
size_t headline_compact(const kpi_list *kpis, size_t *idx);

/* Whether name matches one of the comma-separated shell patterns of
 * patterns ("ed.*,acute.occupancy.rate": fnmatch, '*' and '?' and
 * '[...]'). */
int headline_match(const char *patterns, const char *name);

/* The KPIs of kpis that patterns selects (headline_match), in list
 * order, into idx (room for kpis->n).  Returns how many. */
size_t headline_select(const kpi_list *kpis, const char *patterns,
                       size_t *idx);

/* Checks a --kpis list: non-empty patterns separated by commas, at most
 * HEADLINE_PATTERNS_MAX bytes.  Returns 0, or -1. */
int headline_patterns_check(const char *patterns);

#endif
