/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PIDFDTRACE_JSON_H
#define PIDFDTRACE_JSON_H

#include <stddef.h>
#include <stdio.h>

/*
 * Writes the bytes of @s up to its NUL or @max as a JSON string, quotes
 * included: valid UTF-8 as it is, '"', '\\' and control characters
 * escaped, each byte of an invalid sequence as U+FFFD.
 */
void json_write_string(FILE *f, const char *s, size_t max);

#endif /* PIDFDTRACE_JSON_H */
