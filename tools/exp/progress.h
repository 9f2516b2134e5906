/* progress.h -- a progress bar on stderr for long runs: replications
 * done, rate and time left.  Silent when stderr is not a terminal or when
 * asked to be quiet, so logs and pipes stay clean. */
#ifndef FLOWSIM_PROGRESS_H
#define FLOWSIM_PROGRESS_H

typedef struct progress {
    int on;
    long total, done;
    double start, last;   /* seconds */
    const char *label;
} progress;

void progress_start(progress *p, const char *label, long total, int quiet);
/* One more replication done (redraws at most 10 times a second). */
void progress_tick(progress *p);
/* Clears the bar. */
void progress_end(progress *p);

#endif
