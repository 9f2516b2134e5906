/* format.h -- the output formats of every command (run, compare, sweep,
 * benefits): one enum, parsed in one place. */
#ifndef FLOWSIM_FORMAT_H
#define FLOWSIM_FORMAT_H

typedef enum {
    FORMAT_TABLE,   /* for a terminal (text.h) */
    FORMAT_JSON,    /* json.h */
    FORMAT_CSV,     /* csv.h */
    FORMAT_HTML     /* html.h */
} out_format;

/* A set of formats, for format_parse: bit (1 << fmt) for each.  Data
 * formats are those of run, compare and sweep; benefits adds HTML. */
#define FORMATS_DATA \
    ((1u << FORMAT_TABLE) | (1u << FORMAT_JSON) | (1u << FORMAT_CSV))
#define FORMATS_ALL (FORMATS_DATA | (1u << FORMAT_HTML))

/* Parses a format's name ("table", "json", "csv", "html") among those of
 * the set `allowed`.  Returns 0, or -1 when s names none of them. */
int format_parse(const char *s, unsigned allowed, out_format *fmt);

#endif
