/* test_sched.c -- the batch scheduler (tools/exp/sched.c) and the
 * threaded executor of many experiments (tools/exp/experiment.c,
 * experiment_run_many).
 *
 * The scheduler is driven by hand: tasks are taken and given back in a
 * chosen order, and the checks say which task comes next, when each
 * experiment closes and with what status.  The executor is checked
 * against experiments run one at a time: identical values, whatever the
 * thread count.
 */
#include <stdlib.h>
#include <string.h>
#include "experiment.h"
#include "mk.h"
#include "sched.h"
#include "tap.h"

#define MAX_JOBS 16

/* A source of jobs given in advance; done() records what it was told. */
typedef struct fake {
    scenario *sc;
    long reps[MAX_JOBS];
    experiment_hooks *hooks[MAX_JOBS];
    int n, given;
    int closed[MAX_JOBS];         /* job indices, in closing order */
    int rc[MAX_JOBS];             /* by job index */
    char err[MAX_JOBS][128];
    int nclosed;
    int again;                    /* job index to queue once more */
    int stop_on_done;             /* done() returns -1 */
    int fail_at;                  /* next() fails when this many given */
    experiment kept[MAX_JOBS];    /* results (experiment_run_many test) */
    experiment_source src;
    long seq;                     /* experiments numbered */
} fake;

static int fake_next(void *ud, experiment_job *job, char *err, size_t n)
{
    fake *f = ud;
    if (f->fail_at && f->given == f->fail_at) {
        snprintf(err, n, "point %d does not load", f->given);
        return -1;
    }
    if (f->given >= f->n)
        return 0;
    int i = f->given++;
    *job = (experiment_job){.sc = f->sc, .reps = f->reps[i],
                            .hooks = f->hooks[i], .tag = (void *)(long)i};
    return 1;
}

static int fake_done(void *ud, const experiment_job *job, experiment *e,
                     int rc, const char *err)
{
    fake *f = ud;
    int i = (int)(long)job->tag;
    f->closed[f->nclosed++] = i;
    f->rc[i] = rc;
    snprintf(f->err[i], sizeof f->err[i], "%s", err);
    if (rc == 0 && f->kept[i].values == NULL)
        f->kept[i] = *e;
    else
        experiment_free(e);
    if (i == f->again && rc == 0) {
        f->again = -1;
        f->reps[f->n] = 1;
        f->hooks[f->n] = NULL;
        f->n++; /* a second round, as --precision queues one */
    }
    return f->stop_on_done ? -1 : 0;
}

/* Starts a batch of f's jobs on s, driven by hand. */
static void fake_start(fake *f, sched *s)
{
    f->src = (experiment_source){.next = fake_next, .done = fake_done,
                                 .ud = f};
    f->seq = 0;
    sched_init(s, &f->src, &f->seq);
}

static scenario *small(void)
{
    scenario *sc = mk_scenario("small", 3, 0, 7);
    unit_spec *u = mk_unit(sc, "ward", 4, 0.5, FULL_LOSE);
    mk_arrival(sc, "in", 6, "ward");
    mk_route(sc, u, "exit", 1);
    return sc;
}

/* Gives back task r of x as if it ran (its row and info as they are). */
static void give_back(sched *s, sched_exp *x, long r)
{
    sched_finish(s, x, r, &x->e.info[r], x->e.values + (size_t)r * x->nk,
                 NULL);
}

static void fake_free(fake *f)
{
    for (int i = 0; i < MAX_JOBS; i++)
        experiment_free(&f->kept[i]);
}

/* Tasks come oldest experiment first, and the next experiment opens as
 * soon as the earlier have nothing left to hand out. */
static void test_order(scenario *sc)
{
    fake f = {.sc = sc, .reps = {2, 3, 2}, .n = 3, .again = -1};
    sched s;
    fake_start(&f, &s);
    sched_exp *x[5];
    long r[5];
    for (int i = 0; i < 5; i++)
        sched_take(&s, &x[i], &r[i]);
    CHECK(x[0]->seq == 1 && r[0] == 0 && x[1]->seq == 1 && r[1] == 1,
          "experiment 1's replications 0 and 1 first");
    CHECK(x[2]->seq == 2 && r[2] == 0 && x[4]->seq == 2 && r[4] == 2,
          "then experiment 2's while experiment 1's are still out");
    CHECK(f.given == 2, "experiment 3 not opened yet (%d opened)", f.given);
    give_back(&s, x[1], r[1]);
    CHECK(f.nclosed == 0, "experiment 1 stays open while a task is out");
    for (int i = 2; i < 5; i++)
        give_back(&s, x[i], r[i]);
    CHECK(f.nclosed == 1 && f.closed[0] == 1 && f.rc[1] == 0,
          "experiment 2 closes first, complete, as its tasks came back");
    give_back(&s, x[0], r[0]);
    CHECK(f.nclosed == 2 && f.closed[1] == 0 && f.rc[0] == 0,
          "then experiment 1");
    sched_exp *y;
    long ry;
    CHECK(sched_take(&s, &y, &ry) && y->seq == 3 && ry == 0,
          "then experiment 3's replication 0");
    CHECK(sched_take(&s, &y, &ry) && ry == 1, "and its replication 1");
    CHECK(!sched_take(&s, &y, &ry), "no task left while its tasks are out");
    CHECK(!sched_over(&s), "the batch is not over while tasks are out");
    give_back(&s, y, 0);
    give_back(&s, y, 1);
    CHECK(sched_over(&s), "over once everything came back");
    char err[512];
    CHECK(sched_end(&s, err, sizeof err) == 0, "the batch succeeded");
    CHECK(f.seq == 3, "three experiments numbered (%ld)", f.seq);
    fake_free(&f);
}

/* A load hook that marks replications 0 and 2 as already known. */
static int load_some(void *ud, experiment *e, unsigned char *done)
{
    (void)ud;
    (void)e;
    done[0] = done[2] = 1;
    return 0;
}

/* Replications already known are not handed out; an experiment with none
 * left closes at once. */
static void test_resume(scenario *sc)
{
    experiment_hooks h = {.load = load_some};
    fake f = {.sc = sc, .reps = {4, 3}, .hooks = {&h, &h}, .n = 2,
              .again = -1};
    sched s;
    fake_start(&f, &s);
    sched_exp *x;
    long r, got[4];
    int n = 0;
    while (n < 4 && sched_take(&s, &x, &r))
        got[n++] = x->seq * 10 + r;
    CHECK(n == 3 && got[0] == 11 && got[1] == 13 && got[2] == 21,
          "only the unknown replications run: 1.1, 1.3, 2.1 (got %d)", n);
    char err[512];
    sched_end(&s, err, sizeof err);
    fake_free(&f);
}

/* A replication that stopped (max_patients) fails its experiment: no
 * more of its tasks are handed out, and done() says which and why. */
static void test_stopped_replication(scenario *sc)
{
    fake f = {.sc = sc, .reps = {4, 2}, .n = 2, .again = -1};
    sched s;
    fake_start(&f, &s);
    sched_exp *x, *y;
    long r, ry;
    sched_take(&s, &x, &r);
    run_info bad = {0};
    snprintf(bad.stopped, sizeof bad.stopped, "max_patients reached");
    sched_finish(&s, x, r, &bad, x->e.values, NULL);
    CHECK(f.nclosed == 1 && f.rc[0] == -1 &&
              strstr(f.err[0], "replication 0 stopped: max_patients"),
          "experiment 1 failed, saying why (%s)", f.err[0]);
    CHECK(sched_take(&s, &y, &ry) && y->seq == 2,
          "its other replications are not handed out");
    char err[512];
    give_back(&s, y, ry);
    sched_take(&s, &y, &ry);
    give_back(&s, y, ry);
    CHECK(sched_end(&s, err, sizeof err) == -1 &&
              strstr(err, "max_patients"),
          "the batch fails with the first reason (%s)", err);
    fake_free(&f);
}

static int stop_hook(void *ud, const experiment *e, long r, const double *d)
{
    (void)ud;
    (void)e;
    (void)d;
    return r == 1 ? -1 : 0; /* Ctrl-C after replication 1 */
}

/* A hook asking to stop (Ctrl-C): no new tasks; the tasks out come back
 * (and are kept); experiments then close, complete or not. */
static void test_stop(scenario *sc)
{
    experiment_hooks h = {.finished = stop_hook};
    fake f = {.sc = sc, .reps = {2, 3}, .hooks = {&h, &h}, .n = 2,
              .again = -1};
    sched s;
    fake_start(&f, &s);
    sched_exp *x[3];
    long r[3];
    for (int i = 0; i < 3; i++)
        sched_take(&s, &x[i], &r[i]);
    give_back(&s, x[1], r[1]); /* experiment 1, replication 1: stop */
    CHECK(s.stopping, "the hook's -1 stops the batch");
    sched_exp *y;
    long ry;
    CHECK(!sched_take(&s, &y, &ry), "no task is handed out after a stop");
    give_back(&s, x[0], r[0]);
    CHECK(f.rc[0] == 0, "experiment 1 had all its tasks out: complete");
    give_back(&s, x[2], r[2]);
    CHECK(f.rc[1] == -1 && strstr(f.err[1], "stopped before"),
          "experiment 2 closes incomplete (%s)", f.err[1]);
    CHECK(sched_over(&s), "then the batch is over");
    char err[512];
    CHECK(sched_end(&s, err, sizeof err) == -1, "and failed");
    fake_free(&f);
}

/* done() may queue another round (as --precision does): the batch is
 * not over until it ran. */
static void test_again(scenario *sc)
{
    fake f = {.sc = sc, .reps = {1}, .n = 1, .again = 0};
    sched s;
    fake_start(&f, &s);
    sched_exp *x;
    long r;
    sched_take(&s, &x, &r);
    CHECK(!sched_take(&s, &x, &r) || x->seq != 1,
          "nothing more before the round ends");
    give_back(&s, x, r);
    CHECK(!sched_over(&s), "the queued round keeps the batch going");
    CHECK(sched_take(&s, &x, &r) && x->seq == 2, "the queued round runs");
    give_back(&s, x, r);
    CHECK(sched_over(&s), "then it is over");
    char err[512];
    CHECK(sched_end(&s, err, sizeof err) == 0 && f.nclosed == 2,
          "both rounds completed");
    fake_free(&f);
}

/* The source fails while an experiment is open with tasks not handed
 * out (a sweep point that does not load): no more tasks, the open one
 * closes when its tasks are back, and the batch ends. */
static void test_source_fails(scenario *sc)
{
    fake f = {.sc = sc, .reps = {3, 3}, .n = 2, .again = -1, .fail_at = 1};
    sched s;
    fake_start(&f, &s);
    sched_exp *x, *y;
    long r, ry;
    sched_take(&s, &x, &r);
    sched_fill(&s, 5); /* opens ahead: the source fails */
    CHECK(s.stopping && !sched_take(&s, &y, &ry),
          "the failure stops the batch");
    give_back(&s, x, r);
    CHECK(f.nclosed == 1 && f.rc[0] == -1,
          "the open experiment closes, incomplete, as its task came back");
    CHECK(sched_over(&s), "the batch is over (no wait for tasks never "
                          "handed out)");
    char err[512];
    CHECK(sched_end(&s, err, sizeof err) == -1 &&
              strstr(err, "does not load"),
          "with the source's reason (%s)", err);
    fake_free(&f);
}

/* sched_end closes what is still open (failed), telling done(). */
static void test_end_open(scenario *sc)
{
    fake f = {.sc = sc, .reps = {3}, .n = 1, .again = -1};
    sched s;
    fake_start(&f, &s);
    sched_exp *x;
    long r;
    sched_take(&s, &x, &r);
    char err[512];
    CHECK(sched_end(&s, err, sizeof err) == -1 && f.nclosed == 1 &&
              f.rc[0] == -1,
          "an experiment still open at the end is failed");
    fake_free(&f);
}

/* Many experiments on threads: each one's values are those it has when
 * run alone, for 1, 2 and 5 threads. */
static void test_many_threads(scenario *sc)
{
    enum { N = 6 };
    long reps[N] = {3, 1, 4, 2, 5, 1};
    experiment alone[N];
    char err[512];
    for (int i = 0; i < N; i++)
        experiment_run(sc, reps[i], 1, &alone[i], err, sizeof err);
    int threads[] = {1, 2, 5};
    for (int t = 0; t < 3; t++) {
        fake f = {.sc = sc, .n = N, .again = -1};
        for (int i = 0; i < N; i++)
            f.reps[i] = reps[i];
        experiment_source src = {.next = fake_next, .done = fake_done,
                                 .ud = &f};
        int rc = experiment_run_many(&src, threads[t], err, sizeof err);
        int same = rc == 0 && f.nclosed == N;
        for (int i = 0; same && i < N; i++)
            same = f.rc[i] == 0 && f.kept[i].reps == reps[i] &&
                   memcmp(f.kept[i].values, alone[i].values,
                          (size_t)reps[i] * alone[i].kpis.n *
                              sizeof(double)) == 0;
        CHECK(same, "%d experiments on %d threads: the values of each run "
                    "alone, bit for bit", N, threads[t]);
        fake_free(&f);
    }
    for (int i = 0; i < N; i++)
        experiment_free(&alone[i]);
}

int main(void)
{
    scenario *sc = small();
    test_order(sc);
    test_resume(sc);
    test_stopped_replication(sc);
    test_stop(sc);
    test_again(sc);
    test_end_open(sc);
    test_source_fails(sc);
    test_many_threads(sc);
    scenario_free(sc);
    return tap_done();
}
