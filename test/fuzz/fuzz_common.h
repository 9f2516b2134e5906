/* fuzz_common.h -- what the fuzzing harnesses check on every input.
 *
 * fuzz_check_and_run takes a scenario text and --set overrides, loads it
 * (it may fail: errors are fine, crashes and leaks are not), and when it
 * loads:
 *   - the error buffer must be empty and the canonical text must reload to
 *     a scenario with the same canonical text (abort() otherwise);
 *   - the scenario is loaded once more with a short horizon and a small
 *     runaway guard and replication 0 is simulated, so that the model also
 *     sees weird-but-valid scenarios.
 */
#ifndef FLOWSIM_FUZZ_COMMON_H
#define FLOWSIM_FUZZ_COMMON_H

#include <stddef.h>

void fuzz_check_and_run(const char *buf, size_t len, const char *const *sets,
                        size_t n_sets);

#endif
