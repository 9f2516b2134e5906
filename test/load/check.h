/* check.h -- CHECK, the assertion of the loader's tests (test/load/):
 * counts a check in the including test's `checks` and, when cond is
 * false, a failure in its `failures`, naming the file, line and
 * condition, and goes on, so that one run reports every failed check.
 */
#ifndef FLOWSIM_TEST_LOAD_CHECK_H
#define FLOWSIM_TEST_LOAD_CHECK_H

#include <stdio.h>

#define CHECK(cond)                                                        \
    do {                                                                   \
        checks++;                                                          \
        if (!(cond)) {                                                     \
            failures++;                                                    \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,         \
                    __LINE__, #cond);                                      \
        }                                                                  \
    } while (0)

#endif
