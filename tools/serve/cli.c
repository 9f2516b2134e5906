/* cli.c -- `flowsim serve SCENARIO [options]`: the scenario loaded and
 * checked, its levers, the worker with the base queued, the server, then
 * a wait for SIGINT or SIGTERM and a clean stop (serve.h). */
#include "experiment.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "http.h"
#include "interrupt.h"
#include "lever.h"
#include "leverspec.h"
#include "load.h"
#include "runner.h"
#include "runs.h"
#include "serve.h"
#include "store.h"
#include "text.h"
#include "value.h"

static const char SERVE_USAGE[] =
    "usage: flowsim serve FILE [options]\n"
    "  the scenario's what-if page on a local web server: its levers as\n"
    "  sliders, each setting run against the scenario (common random\n"
    "  numbers) with its results streamed as replications finish\n"
    "options:\n"
    "  --listen ADDR:PORT  where to listen (default 127.0.0.1:8080; port 0:\n"
    "                      any free port).  Another address than loopback\n"
    "                      lets anyone who reaches it run simulations\n"
    "  --replications N    replications of each setting (default: the\n"
    "                      scenario's)\n"
    "  --threads N         worker threads (default: one per core)\n"
    "  --timeout S         seconds a connection may stay idle (default 30)\n"
    "  --precision P%      stop a setting's replications once its headline\n"
    "                      KPIs' 95% CI half-widths are within P% of their\n"
    "                      means (--replications stays the cap)\n"
    "  --store PATH        keep the settings run in this results store: a\n"
    "                      setting run before (here or by an earlier\n"
    "                      server) answers at once, and the history of\n"
    "                      settings survives a restart\n"
    "  -h, --help          this help\n";

typedef struct serve_opts {
    const char *file, *store;
    struct sockaddr_in addr;
    long replications, threads, timeout;
    double precision;
} serve_opts;

static int serve_bad(const char *fmt, const char *arg)
{
    fputs("flowsim serve: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\n(see flowsim serve --help)\n", stderr);
    return EXIT_BAD_INPUT;
}

/* ADDR:PORT, ADDR an IPv4 address or "localhost". */
static int serve_listen(const char *s, struct sockaddr_in *a)
{
    const char *colon = strrchr(s, ':');
    char host[64];
    long port;
    if (!colon || (size_t)(colon - s) >= sizeof host ||
        value_parse_long(colon + 1, 0, 65535, &port))
        return -1;
    memcpy(host, s, (size_t)(colon - s));
    host[colon - s] = '\0';
    memset(a, 0, sizeof *a);
    a->sin_family = AF_INET;
    a->sin_port = htons((unsigned short)port);
    if (!strcmp(host, "localhost"))
        strcpy(host, "127.0.0.1");
    return inet_pton(AF_INET, host, &a->sin_addr) == 1 ? 0 : -1;
}

/* Fills o from argv; -1 to go on, or an exit status. */
static int serve_args(int argc, char **argv, serve_opts *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(SERVE_USAGE, stdout);
            return 0;
        }
        if (a[0] != '-') {
            if (o->file)
                return serve_bad("unexpected argument '%s'", a);
            o->file = a;
            continue;
        }
        if (i + 1 == argc)
            return serve_bad("option %s needs a value", a);
        const char *v = argv[++i];
        if (!strcmp(a, "--listen")) {
            if (serve_listen(v, &o->addr))
                return serve_bad("--listen: expected ADDRESS:PORT like "
                                 "127.0.0.1:8080, not '%s'", v);
        } else if (!strcmp(a, "--replications")) {
            if (value_parse_long(v, 2, 100000, &o->replications))
                return serve_bad("--replications: expected a whole number "
                                 "from 2 to 100000, not '%s'", v);
        } else if (!strcmp(a, "--threads")) {
            if (value_parse_long(v, 1, EXPERIMENT_MAX_THREADS, &o->threads))
                return serve_bad("--threads: expected a whole number from "
                                 "1 to 1024, not '%s'", v);
        } else if (!strcmp(a, "--precision")) {
            char *end;
            o->precision = strtod(v, &end) / 100;
            if (end == v || strcmp(end, "%") || !(o->precision > 0) ||
                !(o->precision < 1))
                return serve_bad("--precision: expected a percentage "
                                 "above 0%% and below 100%% like 5%%, not "
                                 "'%s'", v);
        } else if (!strcmp(a, "--store")) {
            o->store = v;
        } else if (!strcmp(a, "--timeout")) {
            if (value_parse_long(v, 1, 3600, &o->timeout))
                return serve_bad("--timeout: expected seconds from 1 to "
                                 "3600, not '%s'", v);
        } else {
            return serve_bad("unknown option '%s'", a);
        }
    }
    if (!o->file)
        return serve_bad("which scenario file?%s", "");
    char err[512];
    /* serve keeps nothing without --store (it has no --no-store) */
    if (o->store &&
        store_check_path(o->store, "leave out --store", err, sizeof err)) {
        text_term_line(stderr, "flowsim serve: %s", err);
        return EXIT_BAD_INPUT;
    }
    return -1;
}

/* Serves until SIGINT or SIGTERM; returns 0 once everything stopped
 * (the normal end of a server), or an exit status when it could not
 * start. */
static int serve_until_signal(interrupt *stop, const serve_opts *o,
                              const lever_list *levers, const scenario *sc)
{
    runs *rs = runs_start(o->file, levers,
                          o->replications ? o->replications
                                          : sc->replications,
                          (int)o->threads, o->store, sc->name,
                          o->precision);
    if (!rs) {
        fputs("flowsim serve: out of memory\n", stderr);
        return EXIT_RUN_FAILED;
    }
    http_config cfg = {.addr = o->addr, .timeout = (unsigned)o->timeout,
                       .levers = levers, .scenario_name = sc->name,
                       .rs = rs};
    char err[256];
    http_server *h = http_start(&cfg, err, sizeof err);
    if (!h) {
        fprintf(stderr, "flowsim serve: %s\n", err);
        runs_stop(rs);
        return EXIT_IO;
    }
    char ip[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &o->addr.sin_addr, ip, sizeof ip);
    if ((ntohl(o->addr.sin_addr.s_addr) >> 24) != 127)
        fprintf(stderr, "flowsim serve: warning: listening on %s, not on "
                        "loopback: anyone who can reach it can run "
                        "simulations on this machine\n", ip);
    printf("flowsim serve: http://%s:%u/\n", ip, http_port(h));
    fflush(stdout);
    while (!interrupt_requested(stop)) {
        struct timespec t = {0, 100000000L};
        nanosleep(&t, NULL);
    }
    runs_close(rs);     /* event streams end, the runs stop */
    http_stop(h);       /* every connection ends */
    runs_stop(rs);      /* the worker ends */
    fprintf(stderr, "flowsim serve: stopped\n");
    return 0;
}

int serve_main(int argc, char **argv)
{
    serve_opts o = {.timeout = 30};
    serve_listen("127.0.0.1:8080", &o.addr);
    int rc = serve_args(argc, argv, &o);
    if (rc >= 0)
        return rc;
    interrupt stop;
    if (interrupt_start(&stop) != 0) {
        fputs("flowsim serve: cannot watch for signals\n", stderr);
        return EXIT_RUN_FAILED;
    }
    char err[LOAD_ERR_MAX];
    scenario *sc = load_scenario(o.file, NULL, 0, NULL, err, sizeof err);
    if (!sc) {
        fprintf(stderr, "%s\n", err);
        return EXIT_BAD_INPUT;
    }
    lever_spec *spec = malloc(sizeof *spec);
    if (!spec) {
        scenario_free(sc);
        fputs("flowsim serve: out of memory\n", stderr);
        return EXIT_RUN_FAILED;
    }
    if (leverspec_read(o.file, spec, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        leverspec_free(spec);
        free(spec);
        scenario_free(sc);
        return EXIT_BAD_INPUT;
    }
    /* the declared levers, else those of the units */
    lever_list levers;
    int lrc = spec->n ? lever_declared(spec, &levers)
                      : lever_derive(sc, &levers);
    leverspec_free(spec);
    free(spec);
    if (lrc) {
        scenario_free(sc);
        fputs("flowsim serve: out of memory\n", stderr);
        return EXIT_RUN_FAILED;
    }
    interrupt_keep(&stop);
    rc = serve_until_signal(&stop, &o, &levers, sc);
    lever_list_free(&levers);
    scenario_free(sc);
    return rc;
}
