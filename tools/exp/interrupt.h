/* interrupt.h -- SIGINT (Ctrl-C), SIGTERM and SIGHUP: while loading, stop
 * at once; once work worth keeping runs, finish what is running, keep
 * it, stop.
 *
 * The signals are blocked in every thread and taken by one watcher thread
 * with sigwait: no signal handler, no global state.  Until the command
 * calls interrupt_keep, the first signal ends the process at once: it has
 * only read files (the loader writes nothing), so nothing is lost, and a
 * huge or slow input cannot hold the signal back.  After it, the first
 * signal only sets a flag: replications in progress finish and are
 * stored (each in its own transaction); no new ones start.  A second
 * signal ends the process at once (the store stays consistent: SQLite
 * rolls back the open transaction on the next open).
 *
 * Status: 128 + the signal's number, the shell's convention (130 SIGINT,
 * 143 SIGTERM, 129 SIGHUP).  Outside MPI the process ends as killed by
 * the signal (interrupt_exit), so a calling shell sees the signal and a
 * script's loop stops at Ctrl-C too.  SIGHUP ignored when flowsim starts
 * (nohup) stays ignored.  SIGPIPE is not watched: flowsim ignores it and
 * reports a closed output as a write error (flowsim.c).
 */
#ifndef FLOWSIM_INTERRUPT_H
#define FLOWSIM_INTERRUPT_H

#include <stdatomic.h>

typedef struct interrupt {
    atomic_int requested;   /* the signal number, or 0 */
    atomic_int keep;        /* 1: the first signal only asks to stop */
} interrupt;

/* Blocks SIGINT, SIGTERM and SIGHUP in this thread (and all threads it
 * creates afterwards) and starts the watcher.  Call before any other
 * thread starts.  Returns 0, or -1 (signals then keep their default
 * action). */
int interrupt_start(interrupt *it);

/* From now on work worth keeping runs: the first signal only sets the
 * flag (interrupt_requested) and the second ends the process. */
void interrupt_keep(interrupt *it);

/* The signal received, or 0. */
int interrupt_requested(interrupt *it);

/* The exit status for signal sig: 128 + sig. */
int interrupt_status(int sig);

/* Ends the process at once as killed by sig (its default action), or,
 * should that fail, with status 128 + sig.  stdio buffers are not
 * flushed (flush them first if the process is not stuck writing). */
_Noreturn void interrupt_exit(int sig);

#endif
