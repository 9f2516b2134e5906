/* trace.h -- the event log of one replication, as CSV, for audit and
 * animation: one line per patient event,
 *   time_min,day,patient,unit,event
 * where event is arrive, wait, admit, blocked, exit, lost, renege,
 * divert, deflected or readmit (models/flow.c), or at a pre-empting unit
 * preempt (displaced from its stay) and resume (models/preempt.c).  The file appears under
 * its name only when complete (outfile_open): a run killed while tracing
 * leaves nothing behind.
 */
#ifndef FLOWSIM_TRACE_H
#define FLOWSIM_TRACE_H

#include <stdint.h>
#include "scenario.h"

/* Runs replication rep of sc with its event log written to path.
 * Returns 0, or -1 with a message in err. */
int trace_write(const scenario *sc, uint64_t rep, const char *path,
                char *err, size_t errlen);

#endif
