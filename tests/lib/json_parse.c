// SPDX-License-Identifier: GPL-2.0
/*
 * A strict JSON parser for the tests; see json_parse.h.
 */

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json_parse.h"

#define MAX_DEPTH 64

struct parser {
	const unsigned char *p, *end;
	const char *err;
	int depth;
};

static struct json *parse_value(struct parser *ps);

static void *fail(struct parser *ps, const char *err)
{
	if (!ps->err)
		ps->err = err;
	return NULL;
}

static void ws(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' ||
				   *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static struct json *node(enum json_type type)
{
	struct json *v = calloc(1, sizeof(*v));

	if (v)
		v->type = type;
	return v;
}

void json_free(struct json *v)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < v->n; i++) {
		if (v->keys)
			free(v->keys[i]);
		json_free(v->items[i]);
	}
	free(v->keys);
	free(v->items);
	free(v->text);
	free(v);
}

static bool literal(struct parser *ps, const char *word)
{
	size_t len = strlen(word);

	if ((size_t)(ps->end - ps->p) < len || memcmp(ps->p, word, len))
		return false;
	ps->p += len;
	return true;
}

/* Appends code point @cp to @buf as UTF-8. */
static void put_utf8(char *buf, size_t *len, uint32_t cp)
{
	if (cp < 0x80) {
		buf[(*len)++] = cp;
	} else if (cp < 0x800) {
		buf[(*len)++] = 0xc0 | cp >> 6;
		buf[(*len)++] = 0x80 | (cp & 0x3f);
	} else if (cp < 0x10000) {
		buf[(*len)++] = 0xe0 | cp >> 12;
		buf[(*len)++] = 0x80 | (cp >> 6 & 0x3f);
		buf[(*len)++] = 0x80 | (cp & 0x3f);
	} else {
		buf[(*len)++] = 0xf0 | cp >> 18;
		buf[(*len)++] = 0x80 | (cp >> 12 & 0x3f);
		buf[(*len)++] = 0x80 | (cp >> 6 & 0x3f);
		buf[(*len)++] = 0x80 | (cp & 0x3f);
	}
}

static int hex4(struct parser *ps, uint32_t *out)
{
	uint32_t v = 0;
	int i;

	if (ps->end - ps->p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		unsigned char c = ps->p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	ps->p += 4;
	*out = v;
	return 0;
}

/* Length of a valid UTF-8 sequence at p, or 0. */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
	size_t len, i;
	uint32_t cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4, cp = p[0] & 0x07;
	else
		return 0;
	if ((size_t)(end - p) < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

/* A string at ps->p (on the opening quote); decoded into *out. */
static char *parse_string(struct parser *ps, size_t *out_len)
{
	static const char escapes[] = "\"\\/bfnrt";
	static const char unescaped[] = "\"\\/\b\f\n\r\t";
	/* Decoding never makes a string longer. */
	char *buf = malloc(ps->end - ps->p + 1);
	const char *esc;
	size_t len = 0, n;
	uint32_t cp, lo;
	unsigned char c;

	if (!buf)
		return fail(ps, "out of memory");
	ps->p++;
	for (;;) {
		if (ps->p >= ps->end)
			goto bad_end;
		if (*ps->p == '"')
			break;
		if (*ps->p < 0x20) {
			free(buf);
			return fail(ps, "raw control character in string");
		}
		if (*ps->p != '\\') {
			n = utf8_len(ps->p, ps->end);
			if (!n) {
				free(buf);
				return fail(ps, "invalid UTF-8 in string");
			}
			memcpy(buf + len, ps->p, n);
			len += n;
			ps->p += n;
			continue;
		}
		if (++ps->p >= ps->end)
			goto bad_end;
		c = *ps->p++;
		if (c == 'u') {
			if (hex4(ps, &cp))
				goto bad_escape;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				goto bad_escape;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (ps->end - ps->p < 6 || ps->p[0] != '\\' ||
				    ps->p[1] != 'u')
					goto bad_escape;
				ps->p += 2;
				if (hex4(ps, &lo) || lo < 0xdc00 || lo > 0xdfff)
					goto bad_escape;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			}
			put_utf8(buf, &len, cp);
			continue;
		}
		esc = c ? strchr(escapes, c) : NULL;
		if (!esc)
			goto bad_escape;
		buf[len++] = unescaped[esc - escapes];
	}
	ps->p++;
	buf[len] = '\0';
	*out_len = len;
	return buf;
bad_escape:
	free(buf);
	return fail(ps, "bad escape in string");
bad_end:
	free(buf);
	return fail(ps, "unterminated string");
}

static struct json *parse_number(struct parser *ps)
{
	const unsigned char *start = ps->p;
	struct json *v;

	if (ps->p < ps->end && *ps->p == '-')
		ps->p++;
	if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9')
		return fail(ps, "bad number");
	if (*ps->p == '0')
		ps->p++;
	else
		while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
			ps->p++;
	if (ps->p < ps->end && *ps->p == '.') {
		if (++ps->p >= ps->end || *ps->p < '0' || *ps->p > '9')
			return fail(ps, "bad fraction");
		while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
			ps->p++;
	}
	if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
		ps->p++;
		if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
			ps->p++;
		if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9')
			return fail(ps, "bad exponent");
		while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
			ps->p++;
	}
	v = node(JSON_NUMBER);
	if (!v)
		return fail(ps, "out of memory");
	v->len = ps->p - start;
	v->text = strndup((const char *)start, v->len);
	return v;
}

static bool append(struct json *v, char *key, struct json *item)
{
	struct json **items = realloc(v->items, (v->n + 1) * sizeof(*items));
	char **keys = v->keys;

	if (!items)
		return false;
	v->items = items;
	if (v->type == JSON_OBJECT) {
		keys = realloc(v->keys, (v->n + 1) * sizeof(*keys));
		if (!keys)
			return false;
		v->keys = keys;
		keys[v->n] = key;
	}
	items[v->n++] = item;
	return true;
}

static struct json *container(struct parser *ps, bool object)
{
	struct json *v = node(object ? JSON_OBJECT : JSON_ARRAY), *item;
	char close = object ? '}' : ']';
	char *key = NULL;
	size_t klen, i;

	if (!v)
		return fail(ps, "out of memory");
	if (++ps->depth > MAX_DEPTH) {
		json_free(v);
		return fail(ps, "nested too deep");
	}
	ps->p++;
	ws(ps);
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
		ps->depth--;
		return v;
	}
	for (;;) {
		if (object) {
			ws(ps);
			if (ps->p >= ps->end || *ps->p != '"')
				goto bad;
			key = parse_string(ps, &klen);
			if (!key)
				goto bad;
			for (i = 0; i < v->n; i++)
				if (!strcmp(v->keys[i], key)) {
					fail(ps, "duplicate key");
					goto bad;
				}
			ws(ps);
			if (ps->p >= ps->end || *ps->p != ':')
				goto bad;
			ps->p++;
		}
		item = parse_value(ps);
		if (!item || !append(v, key, item)) {
			json_free(item);
			goto bad;
		}
		key = NULL;
		ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == close) {
			ps->p++;
			ps->depth--;
			return v;
		}
		goto bad;
	}
bad:
	free(key);
	json_free(v);
	return fail(ps, object ? "bad object" : "bad array");
}

static struct json *parse_value(struct parser *ps)
{
	struct json *v;

	ws(ps);
	if (ps->p >= ps->end)
		return fail(ps, "unexpected end");
	switch (*ps->p) {
	case '{':
		return container(ps, true);
	case '[':
		return container(ps, false);
	case '"':
		v = node(JSON_STRING);
		if (!v)
			return fail(ps, "out of memory");
		v->text = parse_string(ps, &v->len);
		if (!v->text) {
			json_free(v);
			return NULL;
		}
		return v;
	case 't':
	case 'f':
		v = node(JSON_BOOL);
		if (!v)
			return fail(ps, "out of memory");
		if (literal(ps, "true"))
			v->boolean = true;
		else if (!literal(ps, "false")) {
			json_free(v);
			return fail(ps, "bad literal");
		}
		return v;
	case 'n':
		if (literal(ps, "null"))
			return node(JSON_NULL);
		return fail(ps, "bad literal");
	default:
		return parse_number(ps);
	}
}

struct json *json_parse(const char *text, size_t len, const char **err)
{
	struct parser ps = {
		.p = (const unsigned char *)text,
		.end = (const unsigned char *)text + len,
	};
	struct json *v = parse_value(&ps);

	if (v) {
		ws(&ps);
		if (ps.p != ps.end) {
			json_free(v);
			v = fail(&ps, "trailing characters");
		}
	}
	if (!v && err)
		*err = ps.err ? ps.err : "error";
	return v;
}

const struct json *json_get(const struct json *v, const char *path)
{
	const char *dot;
	size_t len, i;

	while (v && *path) {
		if (v->type != JSON_OBJECT)
			return NULL;
		dot = strchr(path, '.');
		len = dot ? (size_t)(dot - path) : strlen(path);
		for (i = 0; i < v->n; i++)
			if (strlen(v->keys[i]) == len &&
			    !memcmp(v->keys[i], path, len))
				break;
		v = i < v->n ? v->items[i] : NULL;
		path += len + (dot ? 1 : 0);
	}
	return v;
}

bool json_get_ll(const struct json *v, const char *path, long long *out)
{
	char *end;

	v = json_get(v, path);
	if (!v || v->type != JSON_NUMBER)
		return false;
	errno = 0;
	*out = strtoll(v->text, &end, 10);
	return !errno && !*end;
}

bool json_get_ull(const struct json *v, const char *path,
		  unsigned long long *out)
{
	char *end;

	v = json_get(v, path);
	if (!v || v->type != JSON_NUMBER || v->text[0] == '-')
		return false;
	errno = 0;
	*out = strtoull(v->text, &end, 10);
	return !errno && !*end;
}

const char *json_get_str(const struct json *v, const char *path)
{
	v = json_get(v, path);
	return v && v->type == JSON_STRING ? v->text : NULL;
}

bool json_is_null(const struct json *v, const char *path)
{
	v = json_get(v, path);
	return v && v->type == JSON_NULL;
}
