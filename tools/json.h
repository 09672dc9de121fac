/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PIDFDTRACE_JSON_H
#define PIDFDTRACE_JSON_H

#include <stddef.h>

/* The most json_escape() writes for @max bytes of input. */
#define JSON_ESCAPED_MAX(max) (6 * (max) + 2)

/*
 * Writes the bytes of @s up to its NUL or @max as a JSON string into @dst,
 * quotes included: valid UTF-8 as it is, '"', '\\' and control characters
 * escaped, each byte of an invalid sequence as U+FFFD. Returns the end of
 * what it wrote; @dst needs JSON_ESCAPED_MAX(@max) bytes.
 */
char *json_escape(char *dst, const char *s, size_t max);

#endif /* PIDFDTRACE_JSON_H */
