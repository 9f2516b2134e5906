/* format.c -- the output formats by name (format.h). */
#include <assert.h>
#include <string.h>
#include "format.h"

static const char *const NAMES[] = {
    [FORMAT_TABLE] = "table", [FORMAT_JSON] = "json", [FORMAT_CSV] = "csv",
    [FORMAT_HTML] = "html"};

static_assert(sizeof NAMES / sizeof *NAMES == FORMAT_HTML + 1,
              "a name for every format");

int format_parse(const char *s, unsigned allowed, out_format *fmt)
{
    for (size_t i = 0; i < sizeof NAMES / sizeof *NAMES; i++)
        if ((allowed & (1u << i)) && strcmp(s, NAMES[i]) == 0) {
            *fmt = (out_format)i;
            return 0;
        }
    return -1;
}
