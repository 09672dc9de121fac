/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A strict JSON (RFC 8259) parser for the tests: it rejects what a lenient
 * parser would let through (invalid UTF-8, raw control characters, lone
 * surrogates, leading zeros, NaN, trailing garbage, duplicate keys), so a
 * line it accepts parses anywhere.
 */
#ifndef PIDFDTRACE_JSON_PARSE_H
#define PIDFDTRACE_JSON_PARSE_H

#include <stdbool.h>
#include <stddef.h>

enum json_type {
	JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT,
};

struct json {
	enum json_type type;
	bool boolean;
	char *text;		/* string: decoded UTF-8; number: as written */
	size_t len;
	size_t n;		/* array and object members */
	char **keys;		/* object */
	struct json **items;
};

/* Parses exactly one JSON text of @len bytes; NULL and *@err on error. */
struct json *json_parse(const char *text, size_t len, const char **err);
void json_free(struct json *v);

/* The member at @path ("sender.comm"), or NULL. */
const struct json *json_get(const struct json *v, const char *path);

/* Integer value at @path: true when it is one, and fits. */
bool json_get_ll(const struct json *v, const char *path, long long *out);
bool json_get_ull(const struct json *v, const char *path,
		  unsigned long long *out);
/* String value at @path, or NULL. */
const char *json_get_str(const struct json *v, const char *path);
/* True when the member at @path exists and is null. */
bool json_is_null(const struct json *v, const char *path);

#endif /* PIDFDTRACE_JSON_PARSE_H */
