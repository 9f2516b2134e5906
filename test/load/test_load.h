/* test_load.h -- what the two files of the loader's test share
 * (test_load.c, test_load_health.c): the counts of checks and failures
 * that main reports, NEAR (CHECK is check.h's), and loading a good
 * scenario.
 */
#ifndef FLOWSIM_TEST_LOAD_H
#define FLOWSIM_TEST_LOAD_H

#include <math.h>
#include "check.h"
#include "load.h"

extern int failures, checks;   /* test_load.c: CHECK counts in them */

#define NEAR(a, b) CHECK(fabs((double)(a) - (double)(b)) <= 1e-9 * (fabs((double)(b)) + 1))

/* Loads a scenario that must be valid; prints the error otherwise
 * (test_load.c). */
scenario *test_good(const char *path, const char *const *sets,
                    size_t n, char **canon);

/* The health-system extensions, each a good scenario read field by
 * field (test_load_health.c). */
void test_health(void);
void test_cohort(void);
void test_hours(void);

#endif
