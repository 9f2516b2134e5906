/* assets.h -- the page's files, built into the program (embed.py makes
 * assets.c from page.html, app.js and style.css): the page needs
 * nothing from outside it, and nothing is read from disk at run time. */
#ifndef FLOWSIM_ASSETS_H
#define FLOWSIM_ASSETS_H

#include <stddef.h>

typedef struct serve_asset {
    const char *path;           /* "/", "/app.js", "/style.css" */
    const char *type;           /* its Content-Type */
    const unsigned char *data;
    size_t len;
} serve_asset;

/* The asset served at path, or NULL. */
const serve_asset *serve_asset_find(const char *path);

#endif
