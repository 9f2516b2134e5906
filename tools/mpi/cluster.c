/* cluster.c -- experiments over MPI ranks (cluster.h): starting MPI,
 * or refusing an MPI launch when built without it. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include "cluster.h"
#include "flowsim_config.h"

/* The environment of an MPI launch: >= 0 when the variable is a whole
 * number, else -1. */
static long cluster_env_long(const char *name)
{
    const char *v = getenv(name);
    char *end;
    if (!v || !*v)
        return -1;
    long x = strtol(v, &end, 10);
    return *end ? -1 : x;
}

/* 1 when an MPI launcher started this process among others (or, for
 * PMIx, may have: the size is then only known after MPI_Init). */
static int cluster_launched(long *size)
{
    long n;
    *size = -1;
    if ((n = cluster_env_long("OMPI_COMM_WORLD_SIZE")) >= 0 ||
        (n = cluster_env_long("PMI_SIZE")) >= 0) {
        *size = n;
        return n > 1;
    }
    if (getenv("PMIX_RANK"))
        return 1;
    if ((n = cluster_env_long("SLURM_STEP_NUM_TASKS")) >= 0 &&
        cluster_env_long("SLURM_PROCID") >= 0 &&
        cluster_env_long("SLURM_STEP_ID") >= 0) {
        *size = n;
        return n > 1;
    }
    return 0;
}

#if !FLOWSIM_HAVE_MPI

/* This process's rank as the launcher says (0 when it does not), so that
 * only one of the refused processes explains why. */
static long cluster_launched_rank(void)
{
    const char *names[] = {"OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMIX_RANK",
                           "SLURM_PROCID"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        long r = cluster_env_long(names[i]);
        if (r >= 0)
            return r;
    }
    return 0;
}

/* Without MPI: a plain run, or a refused MPI launch (exit status 2). */
int cluster_main(int argc, char **argv, int (*command)(int, char **))
{
    long size;
    if (!cluster_launched(&size))
        return command(argc, argv);
    if (cluster_launched_rank() == 0) {
        char n[32] = "several";
        if (size > 1)
            snprintf(n, sizeof n, "%ld", size);
        fprintf(stderr,
                "flowsim: started as one of %s MPI processes, but this "
                "flowsim was built without MPI (meson feature 'mpi': "
                "install libopenmpi-dev and rebuild); run it as one "
                "process, or split the experiment with --shard K/N\n",
                n);
    }
    return 2;
}

/* Without MPI every replication runs here. */
const experiment_executor *cluster_executor(void) { return NULL; }

/* Without MPI a job is this one process. */
int cluster_size(void) { return 1; }

#else /* FLOWSIM_HAVE_MPI */

#include <pthread.h>
#include <mpi.h>
#include "cluster_int.h"

cluster cluster_self;

/* A run with one MPI process counts as a plain run. */
int cluster_size(void) { return cluster_self.active ? cluster_self.size : 1; }

/* Under MPI: rank 0 runs the command, the other ranks serve it. */
int cluster_main(int argc, char **argv, int (*command)(int, char **))
{
    long size;
    if (!cluster_launched(&size))
        return command(argc, argv);
    /* SIGINT, SIGTERM and SIGHUP stay blocked in MPI's own threads: rank
     * 0 takes them with its interrupt watcher (finish, keep, stop); the
     * workers unblock them in their own threads and end at once. */
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    int provided = 0;
    if (MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided) !=
        MPI_SUCCESS) {
        fprintf(stderr, "flowsim: MPI could not start\n");
        return 3;
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &cluster_self.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &cluster_self.size);
    if (provided < MPI_THREAD_FUNNELED) {
        if (cluster_self.rank == 0)
            fprintf(stderr, "flowsim: this MPI does not allow threads "
                            "(MPI_THREAD_FUNNELED)\n");
        MPI_Finalize();
        return 3;
    }
    int rc;
    cluster_self.active = cluster_self.size > 1;
    cluster_self.by_rank =
        cluster_self.rank == 0
            ? calloc((size_t)cluster_self.size, sizeof(long))
            : NULL;
    if (cluster_self.rank == 0) {
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        rc = command(argc, argv);
        if (cluster_self.active)
            master_finish();
    } else {
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        rc = worker_main();
    }
    fflush(NULL);
    MPI_Finalize();
    return rc;
}

#endif /* FLOWSIM_HAVE_MPI */
