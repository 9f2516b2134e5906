/* storemerge.h -- flowsim merge OUT.db IN.db...: results stores combined.
 *
 * For the shards of one experiment (--shard K/N, each into its own store)
 * on a scheduler without MPI.  Every input must be a flowsim store of this
 * schema version holding the same experiments (the same identities:
 * scenario text, seed and flowsim version, compared in full, not by their
 * key); OUT, when it already holds experiments, must hold the same.
 * Otherwise nothing is written and the reason is given.  Experiments,
 * their KPI and series names, replications with their KPI values and
 * daily series, and studies (a study equal to one already in OUT is not
 * copied twice) go into OUT, one transaction per input: every check is
 * made before anything is written, and each input is merged whole or not
 * at all.  A new OUT (absent or an empty file) is built under another
 * name beside it (OUT.merge-PID-N) and put in place only when complete,
 * so a merge killed early leaves no OUT (at most that file, which
 * nothing reads) and the same merge can simply be run again.  A
 * replication present in several inputs is copied once (its values are
 * the same: they depend only on the experiment and the replication
 * number).
 */
#ifndef FLOWSIM_STOREMERGE_H
#define FLOWSIM_STOREMERGE_H

#include <stddef.h>

/* Merges the n stores in[] into out.  Returns 0, or an exit status
 * (2: bad input or a refused store; 4: OUT could not be written) with a
 * message in err.  *new_reps (if not NULL) receives the replications
 * that OUT did not have. */
int store_merge(const char *out, const char *const *in, size_t n,
                 long *new_reps, char *err, size_t errlen);

/* flowsim merge OUT.db IN.db... (argv[0] is "merge"). */
int store_merge_main(int argc, char **argv);

#endif
