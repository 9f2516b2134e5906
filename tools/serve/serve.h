/* serve.h -- `flowsim serve`: the what-if page of a scenario on a local
 * web server (libmicrohttpd).
 *
 *   GET  /                       the page (and /app.js, /style.css)
 *   GET  /api/levers             the scenario's levers (lever.h)
 *   POST /api/runs               a setting (setting.h) -> {"id": N}
 *   GET  /api/runs/N             the run's snapshot (runs.h)
 *   GET  /api/runs/N/events      its snapshots as server-sent events
 *   GET  /api/runs/N/result      every KPI, as `flowsim run --format json`
 *   GET  /api/history[.csv]      the settings run so far
 *
 * Every byte from a client is hostile: bodies of at most SERVE_BODY_MAX
 * bytes (413), settings read strictly (400), levers only within their
 * ranges, no file path or YAML ever taken; an unknown path is 404, a
 * wrong method 405, a request from another origin 403 (and a Host that
 * is not this server's, against DNS rebinding), a setting while one
 * winds down and one waits 429.  Connections are limited in number and
 * closed when idle (a client sending its request slowly included).
 */
#ifndef FLOWSIM_SERVE_H
#define FLOWSIM_SERVE_H

#define SERVE_BODY_MAX 16384
#define SERVE_CONNECTIONS_MAX 64

/* The command: argv[0] is "serve".  Serves until SIGINT or SIGTERM, then
 * stops cleanly (runs cancelled, connections closed, everything freed)
 * and returns 0; or an exit status (runner.h) when it cannot start. */
int serve_main(int argc, char **argv);

#endif
