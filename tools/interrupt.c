/* interrupt.c -- the signal watcher (interrupt.h). */
#include <pthread.h>
#include <signal.h>
#include <unistd.h>
#include "interrupt.h"

static void *watch(void *arg)
{
    interrupt *it = arg;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    for (;;) {
        int sig;
        if (sigwait(&set, &sig) != 0)
            continue;
        if (atomic_exchange(&it->requested, sig) != 0)
            _exit(EXIT_INTERRUPTED); /* the second signal: stop now */
    }
    return NULL;
}

int interrupt_start(interrupt *it)
{
    sigset_t set;
    pthread_t t;
    atomic_init(&it->requested, 0);
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    if (pthread_sigmask(SIG_BLOCK, &set, NULL) != 0)
        return -1;
    if (pthread_create(&t, NULL, watch, it) != 0) {
        pthread_sigmask(SIG_UNBLOCK, &set, NULL);
        return -1;
    }
    pthread_detach(t);
    return 0;
}

int interrupt_requested(interrupt *it)
{
    return atomic_load(&it->requested);
}
