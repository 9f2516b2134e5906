/* http.c -- the routes, the refusals and the event streams of
 * `flowsim serve` on libmicrohttpd (http.h, serve.h). */
#include "http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "assets.h"
#include "json.h"
#include "serve.h"
#include "setting.h"

struct http_server {
    struct MHD_Daemon *d;
    http_config cfg;
    unsigned port;
    int loopback;
};

/* What a connection's request has gathered between the handler's calls. */
typedef struct request {
    int answered;               /* a response is queued */
    size_t len;
    char body[SERVE_BODY_MAX];
} request;

/* The page's security headers: nothing from outside, no framing, no
 * guessing of types, nothing cached. */
static void http_headers(struct MHD_Response *r, const char *type)
{
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'none'; script-src 'self'; "
                            "style-src 'self'; connect-src 'self'; "
                            "img-src 'self' data:; frame-ancestors 'none'; "
                            "base-uri 'none'; form-action 'none'");
}

/* Queues buf (malloc'd, taken) with status and type. */
static enum MHD_Result http_send(struct MHD_Connection *c, unsigned status,
                                 const char *type, char *buf, size_t len,
                                 const char *allow)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(
        len, buf, MHD_RESPMEM_MUST_FREE);
    if (!r) {
        free(buf);
        return MHD_NO;
    }
    http_headers(r, type);
    if (allow)
        MHD_add_response_header(r, "Allow", allow);
    if (status == MHD_HTTP_TOO_MANY_REQUESTS)
        MHD_add_response_header(r, "Retry-After", "1");
    enum MHD_Result ok = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ok;
}

/* A memstream's text (its buffer and length are known only once it is
 * closed); the connection is dropped when it could not be made. */
static enum MHD_Result http_send_stream(struct MHD_Connection *c,
                                        unsigned status, const char *type,
                                        FILE *f, char **buf, size_t *len)
{
    if (fclose(f) != 0) {
        free(*buf);
        return MHD_NO;
    }
    return http_send(c, status, type, *buf, *len, NULL);
}

/* {"error": msg} with status (and Allow for 405). */
static enum MHD_Result http_error(struct MHD_Connection *c, unsigned status,
                                  const char *msg, const char *allow)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return MHD_NO;
    fputs("{\"error\": ", f);
    json_str(f, msg);
    fputs("}\n", f);
    if (fclose(f) != 0) {
        free(buf);
        return MHD_NO;
    }
    return http_send(c, status, "application/json", buf, len, allow);
}

/* The routes: which one url is, the run id it names, and the methods it
 * takes. */
typedef enum { R_NONE, R_ASSET, R_LEVERS, R_RUNS, R_RUN, R_EVENTS,
               R_RESULT, R_OVERLAY, R_HISTORY, R_HISTORY_CSV } http_path;

/* A run id: 1 to 9 digits, nothing else. */
static const char *http_id(const char *s, long *id)
{
    long v = 0;
    const char *p = s;
    while (*p >= '0' && *p <= '9' && p - s < 9)
        v = v * 10 + (*p++ - '0');
    if (p == s || (*p >= '0' && *p <= '9'))
        return NULL;
    *id = v;
    return p;
}

static http_path http_route(const char *url, long *id)
{
    if (serve_asset_find(url))
        return R_ASSET;
    if (!strcmp(url, "/api/levers"))
        return R_LEVERS;
    if (!strcmp(url, "/api/runs"))
        return R_RUNS;
    if (!strcmp(url, "/api/history"))
        return R_HISTORY;
    if (!strcmp(url, "/api/history.csv"))
        return R_HISTORY_CSV;
    if (strncmp(url, "/api/runs/", 10))
        return R_NONE;
    const char *p = http_id(url + 10, id);
    if (!p)
        return R_NONE;
    return !*p                       ? R_RUN
           : !strcmp(p, "/events") ? R_EVENTS
           : !strcmp(p, "/result") ? R_RESULT
           : !strcmp(p, "/overlay.yaml") ? R_OVERLAY
                                    : R_NONE;
}

/* The Host a request must name: this server's, by address or as
 * localhost, when it listens on loopback (a page of another site that a
 * DNS name made point here names its own host). */
static int http_host_ok(const http_server *h, const char *host)
{
    if (!h->loopback)
        return 1;
    if (!host)
        return 0;
    char want[64];
    const char *names[] = {"127.0.0.1", "localhost", "[::1]"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(want, sizeof want, "%s:%u", names[i], h->port);
        if (!strcmp(host, want))
            return 1;
    }
    return 0;
}

/* Refuses what no route takes: another origin or host, a body too large.
 * Returns 0, or the status with its message in *msg. */
static unsigned http_refuse(const http_server *h, struct MHD_Connection *c,
                            const char **msg)
{
    const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                   "Host");
    const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                     "Origin");
    const char *site = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                   "Sec-Fetch-Site");
    const char *clen = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                   "Content-Length");
    if (!http_host_ok(h, host)) {
        *msg = "this server answers only to its own address (Host)";
        return MHD_HTTP_FORBIDDEN;
    }
    char own[300];
    snprintf(own, sizeof own, "http://%s", host ? host : "");
    if ((origin && strcmp(origin, own)) ||
        (site && strcmp(site, "same-origin") && strcmp(site, "none"))) {
        *msg = "cross-origin request refused";
        return MHD_HTTP_FORBIDDEN;
    }
    if (clen && (strlen(clen) > 9 || strtol(clen, NULL, 10) >
                                         SERVE_BODY_MAX)) {
        *msg = "request body too large (most: 16384 bytes)";
        return MHD_HTTP_CONTENT_TOO_LARGE;
    }
    return 0;
}

/* The methods a route takes; NULL: it is not a route. */
static const char *http_allow(http_path r)
{
    return r == R_NONE ? NULL : r == R_RUNS ? "POST" : "GET, HEAD";
}

/* Whether method is one of allow's ("POST", or "GET, HEAD"). */
static int http_method_ok(const char *allow, const char *method)
{
    if (!strcmp(allow, "POST"))
        return !strcmp(method, "POST");
    return !strcmp(method, "GET") || !strcmp(method, "HEAD");
}

static enum MHD_Result http_asset(struct MHD_Connection *c, const char *url)
{
    const serve_asset *a = serve_asset_find(url);
    struct MHD_Response *r = MHD_create_response_from_buffer(
        a->len, (void *)(size_t)a->data, MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    http_headers(r, a->type);
    enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result http_levers(http_server *h, struct MHD_Connection *c)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return MHD_NO;
    fputs("{\"scenario\": ", f);
    json_str(f, h->cfg.scenario_name);
    fputs(", \"levers\": ", f);
    lever_json(f, h->cfg.levers);
    fputs("}\n", f);
    return http_send_stream(c, MHD_HTTP_OK, "application/json", f, &buf,
                            &len);
}

/* POST /api/runs: the setting read strictly, then queued. */
static enum MHD_Result http_submit(http_server *h, struct MHD_Connection *c,
                                   const request *rq)
{
    const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                   "Content-Type");
    if (!type || strncmp(type, "application/json", 16) ||
        (type[16] && type[16] != ';'))
        return http_error(c, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
                          "expected Content-Type: application/json", NULL);
    double values[LEVER_MAX];
    char err[SETTING_ERR_MAX];
    if (setting_parse(rq->body, rq->len, h->cfg.levers, values, err,
                      sizeof err))
        return http_error(c, MHD_HTTP_BAD_REQUEST, err, NULL);
    long id;
    if (runs_submit(h->cfg.rs, values, &id))
        return http_error(c, MHD_HTTP_TOO_MANY_REQUESTS,
                          "busy: a setting is winding down and another "
                          "waits; try again in a moment", NULL);
    char *buf = malloc(64);
    if (!buf)
        return MHD_NO;
    int n = snprintf(buf, 64, "{\"id\": %ld}\n", id);
    return http_send(c, MHD_HTTP_ACCEPTED, "application/json", buf,
                     (size_t)n, NULL);
}

static enum MHD_Result http_run(http_server *h, struct MHD_Connection *c,
                                long id, int result)
{
    char *json = NULL;
    long version;
    int over;
    int rc = result ? runs_result(h->cfg.rs, id, &json)
                    : runs_snapshot(h->cfg.rs, id, &version, &over, &json);
    if (rc == RUNS_UNKNOWN)
        return http_error(c, MHD_HTTP_NOT_FOUND, "no such run", NULL);
    if (rc == 1)
        return http_error(c, MHD_HTTP_CONFLICT, "the run has no result "
                          "(not finished, failed or cancelled)", NULL);
    if (rc)
        return MHD_NO;
    return http_send(c, MHD_HTTP_OK, "application/json", json,
                     strlen(json), NULL);
}

/* A setting as a scenario file to keep (a download). */
static enum MHD_Result http_overlay(http_server *h, struct MHD_Connection *c,
                                    long id)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return MHD_NO;
    if (runs_overlay(h->cfg.rs, id, f)) {
        fclose(f);
        free(buf);
        return http_error(c, MHD_HTTP_NOT_FOUND, "no such run", NULL);
    }
    return http_send_stream(c, MHD_HTTP_OK, "application/yaml; charset=utf-8",
                            f, &buf, &len);
}

static enum MHD_Result http_history(http_server *h,
                                    struct MHD_Connection *c, int csv)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return MHD_NO;
    runs_history(h->cfg.rs, f, csv);
    return http_send_stream(c, MHD_HTTP_OK,
                            csv ? "text/csv; charset=utf-8"
                                : "application/json",
                            f, &buf, &len);
}

/* An event stream's state: the text not yet sent, the version of the
 * run it holds. */
typedef struct stream {
    http_server *h;
    long id, version;
    int started, over;
    char *text;
    size_t len, off;
} stream;

/* The next event: the run's snapshot when it changed (one line of data:
 * the JSON's own line breaks are only between its values), or a comment
 * that keeps the connection alive.  0, or -1 at the end. */
static int stream_next(stream *s)
{
    free(s->text);
    s->text = NULL;
    s->len = s->off = 0;
    if (s->over)
        return -1;
    int keep_ms = (int)(s->h->cfg.timeout * 1000 / 2);
    int w = !s->started ? 1 : runs_wait(s->h->cfg.rs, s->id, s->version,
                                        keep_ms > 0 ? keep_ms : 1000);
    s->started = 1;
    if (w < 0)
        return -1;
    if (w == 0) {
        s->text = strdup(": keep-alive\n\n");
        s->len = s->text ? strlen(s->text) : 0;
        return s->text ? 0 : -1;
    }
    char *json;
    if (runs_snapshot(s->h->cfg.rs, s->id, &s->version, &s->over, &json))
        return -1;
    size_t n = strlen(json);
    s->text = malloc(n + 32);
    if (!s->text) {
        free(json);
        return -1;
    }
    for (char *p = json; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    s->len = (size_t)sprintf(s->text, "event: snapshot\ndata: %s\n\n", json);
    free(json);
    return 0;
}

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)pos;
    stream *s = cls;
    while (s->off == s->len)
        if (stream_next(s))
            return MHD_CONTENT_READER_END_OF_STREAM;
    size_t n = s->len - s->off < max ? s->len - s->off : max;
    memcpy(buf, s->text + s->off, n);
    s->off += n;
    return (ssize_t)n;
}

static void stream_free(void *cls)
{
    stream *s = cls;
    free(s->text);
    free(s);
}

static enum MHD_Result http_events(http_server *h, struct MHD_Connection *c,
                                   long id)
{
    long version;
    int over;
    char *json;
    if (runs_snapshot(h->cfg.rs, id, &version, &over, &json))
        return http_error(c, MHD_HTTP_NOT_FOUND, "no such run", NULL);
    free(json);
    stream *s = calloc(1, sizeof *s);
    if (!s)
        return MHD_NO;
    s->h = h;
    s->id = id;
    struct MHD_Response *r = MHD_create_response_from_callback(
        MHD_SIZE_UNKNOWN, 4096, stream_read, s, stream_free);
    if (!r) {
        free(s);
        return MHD_NO;
    }
    http_headers(r, "text/event-stream");
    enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ok;
}

/* The whole request is in: answer it. */
static enum MHD_Result http_answer(http_server *h, struct MHD_Connection *c,
                                   const char *url, const request *rq)
{
    long id = 0;
    switch (http_route(url, &id)) {
    case R_ASSET: return http_asset(c, url);
    case R_LEVERS: return http_levers(h, c);
    case R_RUNS: return http_submit(h, c, rq);
    case R_RUN: return http_run(h, c, id, 0);
    case R_RESULT: return http_run(h, c, id, 1);
    case R_EVENTS: return http_events(h, c, id);
    case R_OVERLAY: return http_overlay(h, c, id);
    case R_HISTORY: return http_history(h, c, 0);
    case R_HISTORY_CSV: return http_history(h, c, 1);
    default: return http_error(c, MHD_HTTP_NOT_FOUND, "not found", NULL);
    }
}

/* libmicrohttpd's handler: called first with the headers, then with each
 * piece of the body, then once more with none. */
static enum MHD_Result http_handle(void *cls, struct MHD_Connection *c,
                                   const char *url, const char *method,
                                   const char *version,
                                   const char *upload, size_t *upload_size,
                                   void **con_cls)
{
    (void)version;
    http_server *h = cls;
    request *rq = *con_cls;
    if (!rq) {
        if (!(rq = malloc(sizeof *rq)))
            return MHD_NO;
        rq->answered = 0;
        rq->len = 0;
        *con_cls = rq;
        long id;
        const char *allow = http_allow(http_route(url, &id));
        const char *msg;
        unsigned status = http_refuse(h, c, &msg);
        if (!status && !allow) {
            status = MHD_HTTP_NOT_FOUND;
            msg = "not found";
        } else if (!status && !http_method_ok(allow, method)) {
            status = MHD_HTTP_METHOD_NOT_ALLOWED;
            msg = "method not allowed";
        }
        if (!status)
            return MHD_YES;
        rq->answered = 1;
        return http_error(c, status, msg,
                          status == MHD_HTTP_METHOD_NOT_ALLOWED ? allow
                                                                : NULL);
    }
    if (*upload_size) {
        if (rq->answered) {
            *upload_size = 0;
            return MHD_YES;
        }
        if (*upload_size > SERVE_BODY_MAX - rq->len)
            return MHD_NO; /* a body without a length that grew too big:
                              the connection is closed */
        memcpy(rq->body + rq->len, upload, *upload_size);
        rq->len += *upload_size;
        *upload_size = 0;
        return MHD_YES;
    }
    if (rq->answered)
        return MHD_YES;
    rq->answered = 1;
    return http_answer(h, c, url, rq);
}

static void http_completed(void *cls, struct MHD_Connection *c,
                           void **con_cls,
                           enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    free(*con_cls);
    *con_cls = NULL;
}

/* The listening socket, bound here rather than by libmicrohttpd so that
 * its port (any free one for port 0) is known before the first request
 * comes in: the Host check compares with it.  -1 with errno. */
static int http_listen(const struct sockaddr_in *addr, unsigned *port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    int one = 1;
    struct sockaddr_in got;
    socklen_t len = sizeof got;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) ||
        bind(fd, (const struct sockaddr *)addr, sizeof *addr) ||
        listen(fd, SERVE_CONNECTIONS_MAX) ||
        getsockname(fd, (struct sockaddr *)&got, &len)) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    *port = ntohs(got.sin_port);
    return fd;
}

http_server *http_start(const http_config *cfg, char *err, size_t errlen)
{
    http_server *h = calloc(1, sizeof *h);
    char ip[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &cfg->addr.sin_addr, ip, sizeof ip);
    if (!h) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    h->cfg = *cfg;
    h->loopback = (ntohl(cfg->addr.sin_addr.s_addr) >> 24) == 127;
    int fd = http_listen(&cfg->addr, &h->port);
    if (fd < 0) {
        snprintf(err, errlen, "cannot listen on %s:%u: %s", ip,
                 ntohs(cfg->addr.sin_port), strerror(errno));
        free(h);
        return NULL;
    }
    h->d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
            MHD_USE_POLL,
        0, NULL, NULL, http_handle, h,
        MHD_OPTION_LISTEN_SOCKET, fd,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)SERVE_CONNECTIONS_MAX,
        MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32768,
        MHD_OPTION_NOTIFY_COMPLETED, http_completed, NULL,
        MHD_OPTION_END);
    if (!h->d) {
        close(fd);
        snprintf(err, errlen, "cannot start the web server on %s:%u", ip,
                 h->port);
        free(h);
        return NULL;
    }
    return h;
}

unsigned http_port(const http_server *h) { return h->port; }

void http_stop(http_server *h)
{
    if (!h)
        return;
    MHD_stop_daemon(h->d);
    free(h);
}
