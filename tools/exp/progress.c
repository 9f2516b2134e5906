/* progress.c -- the progress bar (progress.h). */
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include "progress.h"
#include "text.h"

#define PROGRESS_WIDTH 30

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void progress_start(progress *p, const char *label, long total, int quiet)
{
    p->on = !quiet && isatty(STDERR_FILENO);
    p->total = total;
    p->done = 0;
    p->start = p->last = seconds();
    p->label = label;
}

static void draw(const progress *p, double now)
{
    int fill = p->total ? (int)(PROGRESS_WIDTH * p->done / p->total) : 0;
    double rate = p->done / (now - p->start > 1e-9 ? now - p->start : 1e-9);
    double left = rate > 0 ? (double)(p->total - p->done) / rate : 0;
    /* The label is a scenario or sweep name: text from input. */
    fputc('\r', stderr);
    text_term(stderr, p->label);
    fprintf(stderr, " [%.*s%*s] %ld/%ld replications, %.1f/s, %.0fs left ",
            fill, "##############################",
            PROGRESS_WIDTH - fill, "", p->done, p->total, rate, left);
    fflush(stderr);
}

void progress_tick(progress *p)
{
    p->done++;
    if (!p->on)
        return;
    double now = seconds();
    if (now - p->last >= 0.1 || p->done == p->total) {
        p->last = now;
        draw(p, now);
    }
}

void progress_end(progress *p)
{
    if (p->on)
        fprintf(stderr, "\r%*s\r", PROGRESS_WIDTH + 70, "");
}
