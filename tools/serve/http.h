/* http.h -- the web server of `flowsim serve` (serve.h gives its
 * routes): libmicrohttpd with a thread per connection, the refusals, the
 * answers. */
#ifndef FLOWSIM_HTTP_H
#define FLOWSIM_HTTP_H

#include <netinet/in.h>
#include "lever.h"
#include "runs.h"

typedef struct http_server http_server;

typedef struct http_config {
    struct sockaddr_in addr;    /* where to listen (port 0: any) */
    unsigned timeout;           /* seconds a connection may stay idle */
    const lever_list *levers;
    const char *scenario_name;
    runs *rs;
} http_config;

/* Starts listening; NULL with a message in err. */
http_server *http_start(const http_config *cfg, char *err, size_t errlen);

/* The port it listens on. */
unsigned http_port(const http_server *h);

/* Stops listening, ends every connection (call runs_close first so that
 * event streams end), frees. */
void http_stop(http_server *h);

#endif
