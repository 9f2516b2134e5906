/* trace.h -- the event log of chosen replications, as CSV, for audit and
 * animation: one line per patient event,
 *   replication,time_min,day,patient,unit,event
 * where event is arrive, wait, admit, blocked, exit, lost, renege,
 * divert, deflected or readmit (models/flow.c), or at a pre-empting unit
 * preempt (displaced from its stay) and resume (models/preempt.c).  The
 * replications are replication 0 unless a list says otherwise
 * (trace_reps_parse); each is the very replication the run reports, with
 * its own random numbers.  The file appears under its name only when
 * complete (outfile_open): a run killed while tracing leaves nothing
 * behind.
 */
#ifndef FLOWSIM_TRACE_H
#define FLOWSIM_TRACE_H

#include <stddef.h>
#include <stdint.h>
#include "scenario.h"

/* Reads a list of replications like "0,3,10-19" or "all" (numbered from
 * 0, each below n_reps) into pick, an array of n_reps flags the caller
 * allocates and zeroes.  Returns the number picked (at least 1), or -1
 * with a message in err naming the part at fault. */
long trace_reps_parse(const char *list, long n_reps, unsigned char *pick,
                      char *err, size_t errlen);

/* Runs each replication r of sc with pick[r] set (r < n_reps; pick NULL:
 * replication 0 alone) in order, with their event logs written to path.
 * Returns 0, or -1 with a message in err. */
int trace_write(const scenario *sc, const unsigned char *pick, long n_reps,
                const char *path, char *err, size_t errlen);

#endif
