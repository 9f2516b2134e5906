/* schema.h -- the scenario language as a JSON Schema (draft 2020-12),
 * for editors that complete and check YAML against one.
 *
 * Written from the loader's own tables (keys.h): every map the schema
 * describes has exactly the keys the loader's unknown-key check allows
 * (additionalProperties: false), and the names a value may take (roles,
 * when_full policies, kinds of distribution, weekdays) are the loader's
 * lists.  What the schema adds is the JSON type of some keys (schema.c,
 * SCHEMA_OBJECTS); a type given for a key the loader's table does not
 * have is refused, so the schema cannot describe a key the loader
 * rejects.  Required keys are not checked: a file that extends another
 * may leave anything out, and a key set to null deletes it.
 */
#ifndef FLOWSIM_LOAD_SCHEMA_H
#define FLOWSIM_LOAD_SCHEMA_H

#include <stdio.h>

/* Writes the schema to f.  Returns 0, or -1 when a type is given for a
 * key that the loader's table does not have (the message in err). */
int schema_write(FILE *f, char *err, size_t size);

#endif
