/* kpis.h -- the KPIs of a network: per unit, then system-wide.
 *
 * The lists are the single source of truth for names and units of
 * measure; network.c writes values in exactly this order.
 */
#ifndef FLOWSIM_KPIS_H
#define FLOWSIM_KPIS_H

#include <stddef.h>
#include "network.h"

typedef struct kpi_template {
    const char *name;  /* per unit: suffix after "UNIT." */
    const char *unit;
} kpi_template;

extern const kpi_template KPIS_UNIT[];
extern const size_t KPIS_N_UNIT;
extern const kpi_template KPIS_SYSTEM[];
extern const size_t KPIS_N_SYSTEM;

#endif
