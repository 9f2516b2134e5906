/* cluster_msg.c -- the messages between MPI ranks (cluster_int.h): sends
 * that never block, receives, and waiting for them without spinning. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cluster_int.h"

/* Sends len bytes of buf (malloc'd; freed once sent).  Returns 0 or -1. */
int msg_post(sendq *q, int dest, int tag, void *buf, size_t len)
{
    if (q->n == q->cap) {
        size_t cap = q->cap ? 2 * q->cap : 16;
        pending *v = realloc(q->v, cap * sizeof *v);
        if (!v) {
            free(buf);
            return -1;
        }
        q->v = v;
        q->cap = cap;
    }
    pending *p = &q->v[q->n++];
    p->buf = buf;
    MPI_Isend(buf, (int)len, MPI_BYTE, dest, tag, MPI_COMM_WORLD, &p->req);
    return 0;
}

/* Frees the sends that completed. */
void msg_progress(sendq *q)
{
    size_t k = 0;
    for (size_t i = 0; i < q->n; i++) {
        int flag = 0;
        MPI_Test(&q->v[i].req, &flag, MPI_STATUS_IGNORE);
        if (flag)
            free(q->v[i].buf);
        else
            q->v[k++] = q->v[i];
    }
    q->n = k;
}

/* Waits for every send in flight, then empties q: the end of a rank. */
void msg_flush(sendq *q)
{
    for (size_t i = 0; i < q->n; i++) {
        MPI_Wait(&q->v[i].req, MPI_STATUS_IGNORE);
        free(q->v[i].buf);
    }
    free(q->v);
    memset(q, 0, sizeof *q);
}

/* A small copy of data as a malloc'd message. */
void *msg_dup(const void *data, size_t len)
{
    void *m = malloc(len ? len : 1);
    if (m && len)
        memcpy(m, data, len);
    return m;
}

/* Receives the message st announced into a malloc'd buffer. */
void *msg_recv(const MPI_Status *st, int *len)
{
    MPI_Status s2;
    int n = 0;
    MPI_Get_count(st, MPI_BYTE, &n);
    unsigned char *buf = malloc((size_t)n + 1);
    if (!buf) {
        fprintf(stderr, "flowsim: out of memory receiving %d bytes\n", n);
        MPI_Abort(MPI_COMM_WORLD, 3);
    }
    MPI_Recv(buf, n, MPI_BYTE, st->MPI_SOURCE, st->MPI_TAG, MPI_COMM_WORLD,
             &s2);
    buf[n] = 0;
    *len = n;
    return buf;
}

/* Resets b after progress, else sleeps b's next step (see backoff). */
void msg_idle(backoff *b, int progress)
{
    if (progress) {
        b->ns = 0;
        return;
    }
    b->ns = b->ns ? b->ns * 2 : 10000;
    if (b->ns > BACKOFF_MAX_NS)
        b->ns = BACKOFF_MAX_NS;
    struct timespec ts = {0, b->ns};
    nanosleep(&ts, NULL);
}
