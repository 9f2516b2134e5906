/* keys.h -- the words of the scenario language, as the loader checks
 * them: the keys each map may have (value_keys rejects any other) and
 * the names a value may take.  Each table lives beside the code that
 * reads it; the schema (schema.h) is written from the same tables, so
 * that the two cannot disagree.  Every table ends with NULL.
 */
#ifndef FLOWSIM_LOAD_KEYS_H
#define FLOWSIM_LOAD_KEYS_H

/* build.c: the top level (also in build.h), an arrival stream, a
 * period {from, to, factor}. */
extern const char *const build_top_keys[];
extern const char *const build_arrival_keys[];
extern const char *const build_period_keys[];

/* unitspec.c: a unit, its role and when_full names, queue, a route
 * target {share, stay, delay, transfer, hold_upstream},
 * capacity_schedule and its changes. */
extern const char *const unitspec_keys[];
extern const char *const unitspec_roles[];
extern const char *const unitspec_policies[];
extern const char *const unitspec_queue_keys[];
extern const char *const routespec_target_keys[];
extern const char *const unitspec_schedule_keys[];
extern const char *const unitspec_change_keys[];

/* unitspec.c: a queue's when_full rules (besides {divert: UNIT}). */
extern const char *const unitspec_queue_rules[];

/* recurspec.c: a period every year or week {every, from, to, on, factor}. */
extern const char *const recurspec_keys[];

/* demandspec.c: demand; poolspec.c: a shared bed pool; censusspec.c:
 * initial (the starting census from a file). */
extern const char *const demandspec_keys[];
extern const char *const poolspec_keys[];
extern const char *const censusspec_keys[];

/* unithealth.c: escalation, readmission. */
extern const char *const unithealth_escalation_keys[];
extern const char *const unithealth_readmission_keys[];

/* unitflow.c: review (and the days of its share), overflow. */
extern const char *const unitflow_review_keys[];
extern const char *const unitflow_days[];
extern const char *const unitflow_overflow_keys[];

/* hours.c: open_hours and admission_hours. */
extern const char *const hours_keys[];

/* ivspec.c: an intervention, its kinds, a phase. */
extern const char *const ivspec_keys[];
extern const char *const ivspec_kinds[];
extern const char *const ivspec_phase_keys[];
extern const char *const ivspec_effect_keys[];

/* targetspec.c: a target. */
extern const char *const targetspec_keys[];

/* cohortspec.c: cohort, discharge_mix. */
extern const char *const cohortspec_keys[];
extern const char *const cohortspec_mix_keys[];

/* costspec.c: costs, business_case. */
extern const char *const costspec_keys[];
extern const char *const costspec_bc_keys[];

/* calibspec.c: calibrate, and each of its parameters. */
extern const char *const calibspec_keys[];
extern const char *const calibspec_param_keys[];

/* leverspec.c: a lever of the what-if page. */
extern const char *const leverspec_keys[];

/* distspec.c: the kinds of distribution. */
extern const char *const distspec_kinds[];

/* datetime.c: weekday names (long and short). */
extern const char *const datetime_weekdays[];

#endif
