/* setting.h -- a setting of the levers as a client sends it, read
 * strictly: {"levers": {"KEY": NUMBER, ...}}.
 *
 * The body is hostile: it must be exactly that JSON (RFC 8259 strings and
 * numbers, no other key, no duplicate, nothing after it), every key
 * a lever of the scenario and every value within that lever's range.
 * Levers not named keep the scenario's value.
 */
#ifndef FLOWSIM_SETTING_H
#define FLOWSIM_SETTING_H

#include <stddef.h>
#include "lever.h"

#define SETTING_ERR_MAX 256

/* Reads len bytes of body into values (one per lever of l).  Returns 0,
 * or -1 with a message for the client in err (it may quote a key of the
 * body: write it escaped). */
int setting_parse(const char *body, size_t len, const lever_list *l,
                  double *values, char *err, size_t errlen);

#endif
