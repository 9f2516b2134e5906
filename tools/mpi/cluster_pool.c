/* cluster_pool.c -- a rank's own threads (cluster_int.h): a queue of
 * tasks in, results out. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cluster_int.h"
#include "network.h"

/* A thread of the pool: runs the queued tasks in the pool's context and
 * queues their results until the pool quits. */
static void *pool_compute(void *arg)
{
    pool *p = arg;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->quit && p->qlen == 0)
            pthread_cond_wait(&p->cond, &p->lock);
        if (p->quit)
            break;
        pool_task t = p->q[p->qhead];
        p->qhead = (p->qhead + 1) % p->qcap;
        p->qlen--;
        xctx c = *t.c;
        p->running++;
        pthread_mutex_unlock(&p->lock);
        size_t len = sizeof(result_hdr) + (c.nk + c.nd) * sizeof(double);
        pool_result *res = malloc(sizeof *res);
        unsigned char *buf = malloc(len);
        if (res && buf) {
            result_hdr *h = (result_hdr *)buf;
            double *v = (double *)(buf + sizeof *h);
            memset(h, 0, sizeof *h);
            h->seq = c.seq;
            h->r = t.r;
            for (size_t i = 0; i < c.nk + c.nd; i++)
                v[i] = NAN;
            network_run_series(c.sc, (uint64_t)t.r, c.kpis, v, c.series,
                               c.series ? v + c.nk : NULL, &h->info, NULL,
                               NULL);
            res->next = NULL;
            res->c = t.c;
            res->len = len;
            res->buf = buf;
        }
        pthread_mutex_lock(&p->lock);
        if (res && buf) {
            if (p->rtail)
                p->rtail->next = res;
            else
                p->rhead = res;
            p->rtail = res;
        } else {
            free(res);
            free(buf);
            p->oom = 1;
        }
        p->running--;
        pthread_cond_broadcast(&p->idle);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

/* Starts n threads waiting for tasks; 0 when at least one started. */
int pool_start(pool *p, int n)
{
    memset(p, 0, sizeof *p);
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->cond, NULL);
    pthread_cond_init(&p->idle, NULL);
    p->qcap = (size_t)n + 2;
    p->q = malloc(p->qcap * sizeof *p->q);
    p->tid = malloc((size_t)n * sizeof *p->tid);
    if (!p->q || !p->tid)
        return -1;
    for (int i = 0; i < n; i++) {
        if (pthread_create(&p->tid[i], NULL, pool_compute, p) != 0)
            break;
        p->n++;
    }
    return p->n > 0 ? 0 : -1;
}

/* Frees a list of results nobody will take. */
static void pool_free_results(pool_result *r)
{
    while (r) {
        pool_result *next = r->next;
        free(r->buf);
        free(r);
        r = next;
    }
}

/* Stops the threads and frees everything, results not taken included. */
void pool_stop(pool *p)
{
    if (!p->tid)
        return;
    pthread_mutex_lock(&p->lock);
    p->quit = 1;
    pthread_cond_broadcast(&p->cond);
    pthread_mutex_unlock(&p->lock);
    for (int i = 0; i < p->n; i++)
        pthread_join(p->tid[i], NULL);
    pool_free_results(p->rhead);
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->cond);
    pthread_cond_destroy(&p->idle);
    free(p->q);
    free(p->tid);
    memset(p, 0, sizeof *p);
}

/* Tasks queued or running. */
int pool_busy(pool *p)
{
    pthread_mutex_lock(&p->lock);
    int n = (int)p->qlen + p->running;
    pthread_mutex_unlock(&p->lock);
    return n;
}

/* Queues replication r of experiment c for the next free thread. */
void pool_push(pool *p, const xctx *c, long r)
{
    pthread_mutex_lock(&p->lock);
    p->q[(p->qhead + p->qlen) % p->qcap] = (pool_task){c, r};
    p->qlen++;
    pthread_cond_signal(&p->cond);
    pthread_mutex_unlock(&p->lock);
}

/* The oldest finished result, or NULL; *oom: a result was lost for want
 * of memory since the last call. */
pool_result *pool_pop(pool *p, int *oom)
{
    pthread_mutex_lock(&p->lock);
    pool_result *r = p->rhead;
    if (r) {
        p->rhead = r->next;
        if (!p->rhead)
            p->rtail = NULL;
    }
    *oom = p->oom;
    p->oom = 0;
    pthread_mutex_unlock(&p->lock);
    return r;
}

/* Empties the queue (under the lock), telling fn of each task. */
static int pool_empty(pool *p, void (*fn)(void *ud, const pool_task *t), void *ud)
{
    int dropped = (int)p->qlen;
    for (size_t i = 0; fn && i < p->qlen; i++)
        fn(ud, &p->q[(p->qhead + i) % p->qcap]);
    p->qlen = 0;
    return dropped;
}

/* Drops the queued tasks; returns how many. */
int pool_drop(pool *p, void (*fn)(void *ud, const pool_task *t), void *ud)
{
    pthread_mutex_lock(&p->lock);
    int dropped = pool_empty(p, fn, ud);
    pthread_mutex_unlock(&p->lock);
    return dropped;
}

/* Drops the queued tasks and waits for the running ones. */
int pool_settle(pool *p, void (*fn)(void *ud, const pool_task *t), void *ud)
{
    pthread_mutex_lock(&p->lock);
    int dropped = pool_empty(p, fn, ud);
    while (p->running > 0)
        pthread_cond_wait(&p->idle, &p->lock);
    pthread_mutex_unlock(&p->lock);
    return dropped;
}

/* The threads of a rank for --threads (0: its cores), capped. */
int pool_threads(int threads)
{
    int n = threads > 0 ? threads : experiment_cores();
    return n > EXPERIMENT_MAX_THREADS ? EXPERIMENT_MAX_THREADS : n;
}
