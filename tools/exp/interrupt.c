/* interrupt.c -- the signal watcher (interrupt.h). */
#include <pthread.h>
#include <signal.h>
#include <unistd.h>
#include "interrupt.h"

/* The watched signals: SIGINT, SIGTERM, and SIGHUP unless it was ignored
 * when the process started (nohup).  Blocking an ignored signal would
 * make it pending and sigwait would take it. */
static void watched(sigset_t *set)
{
    struct sigaction hup;
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
    if (sigaction(SIGHUP, NULL, &hup) != 0 || hup.sa_handler != SIG_IGN)
        sigaddset(set, SIGHUP);
}

static void *watch(void *arg)
{
    interrupt *it = arg;
    sigset_t set;
    watched(&set);
    for (;;) {
        int sig;
        if (sigwait(&set, &sig) != 0)
            continue;
        /* Loading (nothing kept yet) or a second signal: stop now. */
        if (!atomic_load(&it->keep) ||
            atomic_exchange(&it->requested, sig) != 0)
            interrupt_exit(sig);
    }
    return NULL;
}

int interrupt_start(interrupt *it)
{
    sigset_t set;
    pthread_t t;
    atomic_init(&it->requested, 0);
    atomic_init(&it->keep, 0);
    watched(&set);
    if (pthread_sigmask(SIG_BLOCK, &set, NULL) != 0)
        return -1;
    if (pthread_create(&t, NULL, watch, it) != 0) {
        pthread_sigmask(SIG_UNBLOCK, &set, NULL);
        return -1;
    }
    pthread_detach(t);
    return 0;
}

void interrupt_keep(interrupt *it)
{
    atomic_store(&it->keep, 1);
}

int interrupt_requested(interrupt *it)
{
    return atomic_load(&it->requested);
}

int interrupt_status(int sig)
{
    return 128 + sig;
}

/* Raising the signal in this thread with its default action ends the
 * whole process as killed by it (what a parent shell checks); the
 * signal must be unblocked here for that.  No stdio flush: the thread
 * writing the output may hold a stream's lock while blocked on a full
 * pipe, and the signal must stop the process even then. */
_Noreturn void interrupt_exit(int sig)
{
    sigset_t one;
    signal(sig, SIG_DFL);
    sigemptyset(&one);
    sigaddset(&one, sig);
    pthread_sigmask(SIG_UNBLOCK, &one, NULL);
    raise(sig);
    _exit(interrupt_status(sig));
}
