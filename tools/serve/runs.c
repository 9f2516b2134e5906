/* runs.c -- the list of settings run: the worker thread that takes them
 * in turn (runexec.c runs one), and their snapshots (runs.h). */
#include "runs.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "experiment.h"
#include "format.h"
#include "headline.h"
#include "json.h"
#include "load.h"
#include "output.h"
#include "runs_int.h"
#include "precision.h"
#include "stored.h"
#include "weekly.h"



static const char *const RUN_STATE_NAMES[] = {"queued", "running", "done",
                                              "failed", "cancelled"};


static serve_run *runs_new(runs *rs, const double *values);

static void *runs_worker(void *ud)
{
    runs *rs = ud;
    int first = 1;
    pthread_mutex_lock(&rs->mu);
    for (;;) {
        while (!rs->closing && !rs->queued &&
               !(rs->restored < rs->n_restore && !first))
            pthread_cond_wait(&rs->changed, &rs->mu);
        if (!rs->closing && !rs->queued) /* an earlier server's setting */
            rs->queued = runs_new(rs, rs->restore[rs->restored++]);
        if (!rs->closing && !rs->queued)
            continue;
        if (rs->closing)
            break;
        serve_run *r = rs->queued;
        rs->queued = NULL;
        r->state = RUN_RUNNING;
        r->version++;
        rs->running = r;
        pthread_cond_broadcast(&rs->changed);
        pthread_mutex_unlock(&rs->mu);
        runs_execute(rs, r, first);
        first = 0;
        pthread_mutex_lock(&rs->mu);
        rs->running = NULL;
        pthread_cond_broadcast(&rs->changed);
    }
    pthread_mutex_unlock(&rs->mu);
    return NULL;
}

static void runs_free_run(serve_run *r)
{
    free(r->kpis_json);
    free(r->series_json);
    free(r->result);
    free(r->error);
    free(r);
}

/* A new run record for values, kept in the list (the oldest finished one
 * that is not the base makes room).  Under the lock.  NULL: no room. */
static serve_run *runs_new(runs *rs, const double *values)
{
    if (rs->n == RUNS_KEEP) {
        size_t i = 1; /* list[0] is the base */
        while (i < rs->n && (rs->list[i] == rs->running ||
                             rs->list[i] == rs->queued))
            i++;
        if (i == rs->n)
            return NULL;
        runs_free_run(rs->list[i]);
        memmove(&rs->list[i], &rs->list[i + 1],
                (rs->n - i - 1) * sizeof *rs->list);
        rs->n--;
    }
    serve_run *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->id = ++rs->next_id;
    memcpy(r->values, values, rs->levers->n * sizeof *values);
    r->state = RUN_QUEUED;
    atomic_init(&r->cancel, 0);
    rs->list[rs->n++] = r;
    return r;
}

runs *runs_start(const char *path, const lever_list *l, long reps,
                 int threads, const char *store_path, const char *name,
                 double precision)
{
    runs *rs = calloc(1, sizeof *rs);
    if (!rs)
        return NULL;
    rs->precision = precision;
    rs->store_path = store_path;
    rs->name = name;
    rs->study = -1;
    if (store_path && (rs->restore = calloc(RUNS_KEEP - 1,
                                       sizeof *rs->restore)) != NULL)
        rs->n_restore = stored_history(store_path, name, l, rs->restore,
                                       RUNS_KEEP - 1);
    rs->path = path;
    rs->levers = l;
    rs->reps = reps;
    rs->threads = threads;
    pthread_mutex_init(&rs->mu, NULL);
    pthread_cond_init(&rs->changed, NULL);
    double base[LEVER_MAX];
    for (size_t i = 0; i < l->n; i++)
        base[i] = l->v[i].base;
    rs->queued = runs_new(rs, base);
    if (!rs->queued || pthread_create(&rs->worker, NULL, runs_worker, rs)) {
        if (rs->queued)
            runs_free_run(rs->queued);
        free(rs->restore);
        free(rs);
        return NULL;
    }
    return rs;
}

void runs_close(runs *rs)
{
    pthread_mutex_lock(&rs->mu);
    rs->closing = 1;
    for (size_t i = 0; i < rs->n; i++)
        atomic_store(&rs->list[i]->cancel, 1);
    pthread_cond_broadcast(&rs->changed);
    pthread_mutex_unlock(&rs->mu);
}

void runs_stop(runs *rs)
{
    if (!rs)
        return;
    runs_close(rs);
    pthread_join(rs->worker, NULL);
    for (size_t i = 0; i < rs->n; i++)
        runs_free_run(rs->list[i]);
    for (size_t i = 0; i < rs->n_head; i++)
        free(rs->head_names[i]);
    if (rs->base_ok)
        experiment_free(&rs->base);
    scenario_free(rs->base_sc);
    if (rs->base_has_wk) {
        weekly_free(&rs->base_wk);
        series_list_free(&rs->base_sl);
    }
    pthread_cond_destroy(&rs->changed);
    pthread_mutex_destroy(&rs->mu);
    free(rs->restore);
    free(rs);
}

serve_run *runs_find(runs *rs, long id)
{
    for (size_t i = 0; i < rs->n; i++)
        if (rs->list[i]->id == id)
            return rs->list[i];
    return NULL;
}

int runs_submit(runs *rs, const double *values, long *id)
{
    size_t nbytes = rs->levers->n * sizeof *values;
    int rc = 0;
    pthread_mutex_lock(&rs->mu);
    /* the same setting, done or on its way: the same run */
    for (size_t i = rs->n; i-- > 0;) {
        serve_run *r = rs->list[i];
        if (!memcmp(r->values, values, nbytes) &&
            (r->state == RUN_DONE || r == rs->running || r == rs->queued) &&
            !atomic_load(&r->cancel)) {
            *id = r->id;
            goto out;
        }
    }
    if (rs->running && atomic_load(&rs->running->cancel) && rs->queued &&
        rs->queued != rs->list[0]) {
        rc = RUNS_BUSY; /* one winds down and one waits already */
        goto out;
    }
    if (rs->running && rs->running != rs->list[0])
        atomic_store(&rs->running->cancel, 1); /* never the base */
    if (rs->queued && rs->queued != rs->list[0]) {
        rs->queued->state = RUN_CANCELLED;
        rs->queued->version++;
        rs->queued = NULL;
    }
    serve_run *r = rs->queued ? NULL : runs_new(rs, values);
    if (!r) {
        rc = RUNS_BUSY;
        goto out;
    }
    rs->queued = r;
    *id = r->id;
    pthread_cond_broadcast(&rs->changed);
out:
    pthread_mutex_unlock(&rs->mu);
    return rc;
}

/* The snapshot of r as JSON, under the lock. */
static void runs_snapshot_json(FILE *f, const runs *rs, const serve_run *r)
{
    fprintf(f, "{\"id\": %ld, \"state\": \"%s\", \"done\": %ld, "
               "\"resumed\": %ld, \"replications\": %ld, \"levers\": ",
            r->id, RUN_STATE_NAMES[r->state], r->done, r->resumed,
            rs->reps);
    lever_json_values(f, rs->levers, r->values);
    fprintf(f, ",\n \"kpis\": %s", r->kpis_json ? r->kpis_json : "[]");
    fprintf(f, ",\n \"series\": %s",
            r->series_json ? r->series_json : "[]");
    fputs(",\n \"stopped\": ", f);
    if (r->stopped[0])
        json_str(f, r->stopped);
    else
        fputs("null", f);
    fputs(",\n \"error\": ", f);
    if (r->error)
        json_str(f, r->error);
    else
        fputs("null", f);
    fputs("}\n", f);
}

int runs_snapshot(runs *rs, long id, long *version, int *over, char **json)
{
    pthread_mutex_lock(&rs->mu);
    serve_run *r = runs_find(rs, id);
    int rc = RUNS_UNKNOWN;
    if (r) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        rc = -2;
        if (f) {
            runs_snapshot_json(f, rs, r);
            if (fclose(f) == 0) {
                *json = buf;
                *version = r->version;
                *over = r->state >= RUN_DONE;
                rc = 0;
            } else {
                free(buf);
            }
        }
    }
    pthread_mutex_unlock(&rs->mu);
    return rc;
}

int runs_wait(runs *rs, long id, long version, int ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    int rc = 0;
    pthread_mutex_lock(&rs->mu);
    for (;;) {
        serve_run *r = runs_find(rs, id);
        if (rs->closing || !r) {
            rc = -1;
            break;
        }
        if (r->version != version) {
            rc = 1;
            break;
        }
        if (pthread_cond_timedwait(&rs->changed, &rs->mu, &until) ==
            ETIMEDOUT)
            break;
    }
    pthread_mutex_unlock(&rs->mu);
    return rc;
}

int runs_result(runs *rs, long id, char **json)
{
    pthread_mutex_lock(&rs->mu);
    serve_run *r = runs_find(rs, id);
    int rc = !r ? RUNS_UNKNOWN : r->result ? 0 : 1;
    if (rc == 0) {
        *json = strdup(r->result);
        if (!*json)
            rc = 1;
    }
    pthread_mutex_unlock(&rs->mu);
    return rc;
}
