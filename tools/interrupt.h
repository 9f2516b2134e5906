/* interrupt.h -- Ctrl-C and SIGTERM during a run: finish what is running,
 * keep it, stop.
 *
 * The signals are blocked in every thread and taken by one watcher thread
 * with sigwait, which only sets a flag: no signal handler, no global
 * state.  Replications in progress finish and are stored (each in its own
 * transaction); no new ones start.  A second signal ends the process at
 * once (the store stays consistent: SQLite rolls back the open
 * transaction on the next open).
 */
#ifndef FLOWSIM_INTERRUPT_H
#define FLOWSIM_INTERRUPT_H

#include <stdatomic.h>

#define EXIT_INTERRUPTED 130

typedef struct interrupt {
    atomic_int requested;   /* the signal number, or 0 */
} interrupt;

/* Blocks SIGINT and SIGTERM in this thread (and all threads it creates
 * afterwards) and starts the watcher.  Call before any other thread
 * starts.  Returns 0, or -1 (signals then keep their default action). */
int interrupt_start(interrupt *it);

/* The signal received, or 0. */
int interrupt_requested(interrupt *it);

#endif
