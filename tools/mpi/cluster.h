/* cluster.h -- experiments spread over MPI ranks.
 *
 * The contract:
 *  - cluster_main() is the first thing main() calls.  When the process was
 *    not started by an MPI launcher with more than one process (mpirun /
 *    mpiexec: OMPI_COMM_WORLD_SIZE; PMI: PMI_SIZE; PMIx: PMIX_RANK; Slurm's
 *    srun: SLURM_STEP_NUM_TASKS), MPI is never started and it simply
 *    returns command(argc, argv).
 *  - Under MPI, rank 0 runs command(argc, argv) as a plain run would: it
 *    alone reads the scenario files, owns the results store and writes
 *    every output.  The other ranks are workers: they never parse the
 *    command line; they serve tasks until rank 0 is done.
 *  - A task is one (experiment, replication r).  A command runs its
 *    experiments as one batch (experiment_source, experiment.h: a run's
 *    one, a compare's scenarios, a sweep's points); rank 0 hands out the
 *    tasks of the batch (sched.h) oldest experiment first, in the order
 *    r = 0, 1, ..., to whichever rank (or rank 0's own threads) asks next
 *    (dynamic load balancing), and opens the next experiments as soon as
 *    fewer tasks are ready than there are ranks, so that no rank waits
 *    for the last replications of an experiment: a slow point does not
 *    hold the rest.  Each rank runs as many tasks at once as it has
 *    threads (--threads, default its cores), and asks for one more than
 *    that so its threads never wait for the round trip.
 *  - Replication r always runs network_run_series(sc, r, ...) on the
 *    scenario rebuilt from the canonical text (the merged scenario, its
 *    identity in the store) with rank 0's seed: the results depend only on
 *    (scenario, seed, r), never on the rank, so they are byte-identical to
 *    a threaded run.  KPI values, run info and daily series travel back as
 *    raw bytes (the ranks must share one architecture, as on any cluster).
 *  - Results stream to rank 0 as they finish; rank 0 passes each to the
 *    experiment's finished hook (the store writes it in its own
 *    transaction), so a job killed at any moment keeps every finished
 *    replication and a rerun resumes from the store.
 *  - Every rank rebuilds each experiment once from its text (TAG_EXP)
 *    and frees it when rank 0 closes it (TAG_END).
 *  - A dead rank ends the job (Open MPI's default error handler); the
 *    store is consistent and the rerun redoes only what was lost.
 *  - Only rank 0's main thread and each worker's main thread call MPI
 *    (MPI_THREAD_FUNNELED); they poll without blocking in MPI so that
 *    waiting ranks do not spin on a core.
 * Built without MPI (meson feature mpi disabled or Open MPI missing), an
 * MPI launch of more than one process is refused with a clear message.
 */
#ifndef FLOWSIM_CLUSTER_H
#define FLOWSIM_CLUSTER_H

#include "experiment.h"

/* Runs command as described above; returns the process's exit status. */
int cluster_main(int argc, char **argv, int (*command)(int, char **));

/* Under MPI on rank 0: the executor that runs a batch's replications on
 * every rank (experiment.h), each rank on as many threads as the batch's
 * --threads (0: its cores); every job of the batch must give its
 * canonical text.  NULL without MPI, with one process, or on a worker:
 * batches then run on this process's threads. */
const experiment_executor *cluster_executor(void);

/* The number of MPI processes of this job (1 without MPI). */
int cluster_size(void);

#endif
