/* json.h -- JSON values (RFC 8259): the one JSON writer of text and of
 * numbers.  Objects and arrays are the caller's punctuation; every string
 * from input goes through json_str, every number through json_num. */
#ifndef FLOWSIM_JSON_H
#define FLOWSIM_JSON_H

#include <stdio.h>

/* A number with %.10g (the same value gives the same bytes), or null
 * unless finite. */
void json_num(FILE *f, double x);

/* The one JSON writer of text: s quoted, with '"', '\\' and every control
 * character (text.h's text_is_control, C1 and the bidirectional controls
 * included) escaped as \uXXXX, a byte of invalid UTF-8 as \ufffd; the
 * result is valid JSON, decodes to the input when that is valid UTF-8,
 * and holds no raw control character for a terminal.  NULL is "". */
void json_str(FILE *f, const char *s);

#endif
