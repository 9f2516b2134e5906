/* model.c -- benchmarks of the full model: M/M/1 and a 600-bed hospital
 * through network_run, its memory over horizons, and its replications on
 * threads. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include "bench.h"
#include "experiment.h"
#include "network.h"
#include "scen.h"

/* One replication; exits if it stops early.  Returns wall seconds;
 * values (kpis->n) and info are filled. */
static double run_once(const scenario *sc, uint64_t rep,
                       const kpi_list *kpis, double *values, run_info *info)
{
    double t0 = bench_now();
    int rc = network_run(sc, rep, kpis, values, info, NULL, NULL);
    double dt = bench_now() - t0;
    if (rc != 0)
        bench_die("%s: replication %llu stopped: %s", sc->name,
                  (unsigned long long)rep, info->stopped);
    return dt;
}

/* The value of the registry's KPI id (not per unit). */
static double kpi(const kpi_list *kpis, const double *v, kpi_id id)
{
    long i = kpi_list_index(kpis, id);
    if (i >= 0)
        return v[i];
    bench_die("no KPI %s", kpi_info_of(id)->name);
    return NAN;
}

/* The value of the per-unit KPI id of the unit named `unit`. */
static double unit_kpi(const scenario *sc, const kpi_list *kpis,
                       const double *v, const char *unit, kpi_id id)
{
    long i = kpi_list_unit_index(kpis, id, scenario_unit_index(sc, unit));
    if (i >= 0)
        return v[i];
    bench_die("no KPI %s.%s", unit, kpi_info_of(id)->name);
    return NAN;
}

static double *kpi_values(const scenario *sc, kpi_list *kpis)
{
    if (network_kpis(sc, kpis) != 0)
        bench_die("out of memory");
    double *v = malloc(kpis->n * sizeof *v);
    if (!v)
        bench_die("out of memory");
    return v;
}

/* ---- mm1-network ----------------------------------------------------- */

void bench_mm1_network(const bench_opts *o)
{
    double customers = o->quick ? 1e5 : 1e6;
    scenario *sc = scen_mm1(customers);
    kpi_list kpis;
    double *v = kpi_values(sc, &kpis);
    run_info info;
    double best = INFINITY;
    for (int run = 0; run < o->best_of; run++) {
        double dt = run_once(sc, 0, &kpis, v, &info);
        if (dt < best)
            best = dt;
    }
    double served = kpi(&kpis, v, KPI_SYS_EXITS);
    char param[64];
    snprintf(param, sizeof param, "customers=%.0f", served);
    bench_result(o, "mm1-network", param, best, "s");
    bench_result(o, "mm1-network", "events", (double)info.events, "events");
    bench_result(o, "mm1-network", "events/s",
                 (double)info.events / best / 1e6, "M events/s");
    bench_result(o, "mm1-network", "customers/s", served / best / 1e6,
                 "M customers/s");
    bench_result(o, "mm1-network", "ns/event",
                 best / (double)info.events * 1e9, "ns");
    /* Sanity: W = 1/(mu - lambda) = 10 minutes. */
    bench_result(o, "mm1-network", "mean sojourn (theory 10)",
                 kpi(&kpis, v, KPI_SYS_TIME_IN_SYSTEM_MEAN) * BENCH_DAY,
                 "minutes");
    free(v);
    kpi_list_free(&kpis);
    scenario_free(sc);
}

/* ---- year-600 -------------------------------------------------------- */

void bench_year600(const bench_opts *o)
{
    scenario *sc = scen_year600(1);
    kpi_list kpis;
    double *v = kpi_values(sc, &kpis);
    run_info info;
    double best = INFINITY, best_cpu = INFINITY;
    for (int run = 0; run < o->best_of; run++) {
        double c0 = bench_cpu();
        double dt = run_once(sc, 0, &kpis, v, &info);
        double c = bench_cpu() - c0;
        if (dt < best)
            best = dt;
        if (c < best_cpu)
            best_cpu = c;
    }
    bench_result(o, "year-600", "wall (1 year, 1 replication)", best, "s");
    bench_result(o, "year-600", "cpu (1 year, 1 replication)", best_cpu,
                 "s");
    bench_result(o, "year-600", "events", (double)info.events, "events");
    bench_result(o, "year-600", "events/s", (double)info.events / best / 1e6,
                 "M events/s");
    bench_result(o, "year-600", "simulated years/s", 1 / best, "years/s");
    /* What the model did, to show it is a plausible hospital. */
    bench_result(o, "year-600", "ed.arrivals (after warm-up)",
                 unit_kpi(sc, &kpis, v, "ed", KPI_U_ARRIVALS), "patients");
    bench_result(o, "year-600", "ed.wait.mean",
                 unit_kpi(sc, &kpis, v, "ed", KPI_U_WAIT_MEAN), "hours");
    bench_result(o, "year-600", "ed.occupancy.mean",
                 unit_kpi(sc, &kpis, v, "ed", KPI_U_OCCUPANCY_MEAN),
                 "cubicles");
    bench_result(o, "year-600", "acute.wait.mean (trolley wait)",
                 unit_kpi(sc, &kpis, v, "acute", KPI_U_WAIT_MEAN), "hours");
    bench_result(o, "year-600", "acute.occupancy.mean",
                 kpi(&kpis, v, KPI_ACUTE_OCCUPANCY_MEAN), "beds");
    bench_result(o, "year-600", "acute.blocked.mean (delayed disch.)",
                 unit_kpi(sc, &kpis, v, "acute", KPI_U_BLOCKED_MEAN), "beds");
    bench_result(o, "year-600", "acute.full.fraction",
                 unit_kpi(sc, &kpis, v, "acute", KPI_U_FULL_FRACTION),
                 "share");
    bench_result(o, "year-600", "reablement.occupancy.mean",
                 unit_kpi(sc, &kpis, v, "reablement", KPI_U_OCCUPANCY_MEAN),
                 "packages");
    bench_result(o, "year-600", "intermediate.occupancy.mean",
                 unit_kpi(sc, &kpis, v, "intermediate",
                          KPI_U_OCCUPANCY_MEAN), "beds");
    bench_result(o, "year-600", "ed.four_hour.performance",
                 kpi(&kpis, v, KPI_ED_FOUR_HOUR_PERFORMANCE), "percent");
    bench_result(o, "year-600", "acute.occupancy.rate",
                 kpi(&kpis, v, KPI_ACUTE_OCCUPANCY_RATE), "percent");
    /* KPI names must be unique for the output to be unambiguous. */
    size_t dup = 0;
    for (size_t i = 0; i < kpis.n; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(kpis.defs[i].name, kpis.defs[j].name) == 0) {
                dup++;
                fprintf(stderr, "# year-600: duplicate KPI name %s\n",
                        kpis.defs[i].name);
                break;
            }
    bench_result(o, "year-600", "KPIs", (double)kpis.n,
                 "KPIs");
    bench_result(o, "year-600", "duplicate KPI names", (double)dup, "KPIs");
    bench_result(o, "year-600", "peak patients in system",
                 (double)info.peak_patients, "patients");
    free(v);
    kpi_list_free(&kpis);
    scenario_free(sc);
}

/* ---- memory ---------------------------------------------------------- */

/* A "VmXXX:   1234 kB" line of /proc/self/status, in KiB; -1 if none. */
static long proc_status_kib(const char *key)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return -1;
    char line[256];
    long v = -1;
    size_t k = strlen(key);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, key, k) == 0 && line[k] == ':') {
            v = strtol(line + k + 1, NULL, 10);
            break;
        }
    fclose(f);
    return v;
}

typedef struct mem_report {
    long hwm_before, hwm_after, maxrss; /* KiB */
    uint64_t events;
    long peak_patients;
    double wall;
    int ok;
} mem_report;

/* Runs one replication of `years` in a fresh child; its peak RSS is its
 * own, not the parent's or another horizon's. */
static mem_report memory_child(double years)
{
    mem_report m = {0};
    int fd[2];
    if (pipe(fd) != 0)
        bench_die("pipe failed");
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        bench_die("fork failed");
    if (pid == 0) {
        close(fd[0]);
        mem_report c = {0};
        c.hwm_before = proc_status_kib("VmHWM");
        scenario *sc = scen_year600(years);
        kpi_list kpis;
        double *v = kpi_values(sc, &kpis);
        run_info info;
        c.ok = network_run(sc, 0, &kpis, v, &info, NULL, NULL) == 0;
        c.hwm_after = proc_status_kib("VmHWM");
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        c.maxrss = ru.ru_maxrss;
        c.events = info.events;
        c.peak_patients = info.peak_patients;
        ssize_t w = write(fd[1], &c, sizeof c);
        _exit(w == (ssize_t)sizeof c ? 0 : 1);
    }
    close(fd[1]);
    ssize_t got = read(fd[0], &m, sizeof m);
    close(fd[0]);
    int status;
    waitpid(pid, &status, 0);
    if (got != (ssize_t)sizeof m || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0 || !m.ok)
        bench_die("memory: the child for %g years failed", years);
    return m;
}

void bench_memory(const bench_opts *o)
{
    static const double full[] = {1, 5, 20}, quick[] = {1, 2, 5};
    const double *years = o->quick ? quick : full;
    long growth[3];
    for (int k = 0; k < 3; k++) {
        mem_report m = memory_child(years[k]);
        char param[64];
        growth[k] = m.hwm_after - m.hwm_before;
        snprintf(param, sizeof param, "years=%g peak RSS (VmHWM)", years[k]);
        bench_result(o, "memory", param, (double)m.hwm_after, "KiB");
        snprintf(param, sizeof param, "years=%g ru_maxrss", years[k]);
        bench_result(o, "memory", param, (double)m.maxrss, "KiB");
        snprintf(param, sizeof param, "years=%g growth over fork", years[k]);
        bench_result(o, "memory", param, (double)growth[k], "KiB");
        snprintf(param, sizeof param, "years=%g events", years[k]);
        bench_result(o, "memory", param, (double)m.events, "events");
        snprintf(param, sizeof param, "years=%g peak patients", years[k]);
        bench_result(o, "memory", param, (double)m.peak_patients,
                     "patients");
    }
    char param[64];
    snprintf(param, sizeof param, "growth %gy - %gy", years[2], years[0]);
    bench_result(o, "memory", param, (double)(growth[2] - growth[0]), "KiB");
}

/* ---- threads --------------------------------------------------------- */

/* A static split: thread t runs replications t, t + T, t + 2T, ... */
typedef struct split {
    const scenario *sc;
    const kpi_list *kpis;
    long reps;
    int t, nthreads;
    double *values;   /* reps rows */
    int failed;
} split;

static void *split_worker(void *arg)
{
    split *w = arg;
    run_info info;
    for (long r = w->t; r < w->reps; r += w->nthreads)
        if (network_run(w->sc, (uint64_t)r, w->kpis,
                        w->values + (size_t)r * w->kpis->n, &info, NULL,
                        NULL) != 0)
            w->failed = 1;
    return NULL;
}

static double run_split(const scenario *sc, const kpi_list *kpis, long reps,
                        int nthreads, double *values)
{
    split w[64];
    pthread_t tid[64];
    double t0 = bench_now();
    for (int t = 0; t < nthreads; t++) {
        w[t] = (split){sc, kpis, reps, t, nthreads, values, 0};
        if (t > 0 && pthread_create(&tid[t], NULL, split_worker, &w[t]) != 0)
            bench_die("pthread_create failed");
    }
    split_worker(&w[0]);
    for (int t = 1; t < nthreads; t++)
        pthread_join(tid[t], NULL);
    double dt = bench_now() - t0;
    for (int t = 0; t < nthreads; t++)
        if (w[t].failed)
            bench_die("threads: a replication stopped early");
    return dt;
}

static double run_experiment(const scenario *sc, long reps, int nthreads,
                             double *values, size_t nvalues,
                             uint64_t *events)
{
    experiment e;
    char err[512];
    double t0 = bench_now();
    int rc = experiment_run(sc, reps, nthreads, &e, err, sizeof err);
    double dt = bench_now() - t0;
    if (rc != 0)
        bench_die("threads: %s", err);
    memcpy(values, e.values, nvalues * sizeof *values);
    *events = 0;
    for (long r = 0; r < reps; r++)
        *events += e.info[r].events;
    experiment_free(&e);
    return dt;
}

void bench_threads(const bench_opts *o)
{
    long reps = o->quick ? 4 : 16;
    int cores = experiment_cores();
    int counts[3] = {1, 2, cores};
    int ncounts = cores > 2 ? 3 : 2;
    if (ncounts == 3 && cores > 64)
        counts[2] = 64;
    scenario *sc = scen_year600(1);
    kpi_list kpis;
    if (network_kpis(sc, &kpis) != 0)
        bench_die("out of memory");
    size_t nv = (size_t)reps * kpis.n;
    double *ref = malloc(nv * sizeof *ref), *v = malloc(nv * sizeof *v);
    if (!ref || !v)
        bench_die("out of memory");
    char param[96];
    bench_result(o, "threads", "cores online", cores, "cores");

    /* Runs of every thread count are interleaved, so that load from
     * other processes hits them alike; the best of each is kept. */
    double best_e[3] = {INFINITY, INFINITY, INFINITY};
    double best_s[3] = {INFINITY, INFINITY, INFINITY};
    double cpu_e[3] = {0};
    uint64_t events = 0;
    int identical = 1;
    for (int run = 0; run < o->best_of; run++)
        for (int k = 0; k < ncounts; k++) {
            double c0 = bench_cpu();
            double dt = run_experiment(sc, reps, counts[k], k == 0 ? ref : v,
                                       nv, &events);
            double c = bench_cpu() - c0;
            if (dt < best_e[k]) {
                best_e[k] = dt;
                cpu_e[k] = c;
            }
            if (k > 0 && memcmp(ref, v, nv * sizeof *v) != 0)
                identical = 0;
            dt = run_split(sc, &kpis, reps, counts[k], v);
            if (dt < best_s[k])
                best_s[k] = dt;
            if (memcmp(ref, v, nv * sizeof *v) != 0)
                identical = 0;
        }
    for (int k = 0; k < ncounts; k++) {
        int T = counts[k];
        snprintf(param, sizeof param, "experiment_run reps=%ld T=%d wall",
                 reps, T);
        bench_result(o, "threads", param, best_e[k], "s");
        snprintf(param, sizeof param, "experiment_run T=%d cpu", T);
        bench_result(o, "threads", param, cpu_e[k], "s");
        snprintf(param, sizeof param, "experiment_run T=%d speed-up", T);
        bench_result(o, "threads", param, best_e[0] / best_e[k], "x");
        snprintf(param, sizeof param, "experiment_run T=%d efficiency", T);
        bench_result(o, "threads", param, best_e[0] / best_e[k] / T * 100,
                     "%");
        snprintf(param, sizeof param, "experiment_run T=%d events/s", T);
        bench_result(o, "threads", param, (double)events / best_e[k] / 1e6,
                     "M events/s");
        snprintf(param, sizeof param, "static split reps=%ld T=%d wall",
                 reps, T);
        bench_result(o, "threads", param, best_s[k], "s");
        snprintf(param, sizeof param, "static split T=%d speed-up", T);
        bench_result(o, "threads", param, best_s[0] / best_s[k], "x");
        snprintf(param, sizeof param, "static split T=%d efficiency", T);
        bench_result(o, "threads", param, best_s[0] / best_s[k] / T * 100,
                     "%");
    }
    /* Replication r's KPIs must not depend on the thread that ran it. */
    bench_result(o, "threads", "KPIs identical for every T", identical,
                 "bool");
    free(ref);
    free(v);
    kpi_list_free(&kpis);
    scenario_free(sc);
}
