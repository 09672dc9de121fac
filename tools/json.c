// SPDX-License-Identifier: GPL-2.0
/*
 * JSON strings from bytes the kernel hands us (comm may hold anything):
 * the output must parse with any strict JSON parser.
 */

#include <stdint.h>
#include <string.h>

#include "json.h"

/* Length of the valid UTF-8 sequence at @p (at most @n bytes), or 0. */
static size_t utf8_sequence(const unsigned char *p, size_t n)
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
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	/* Overlong forms, UTF-16 surrogates, beyond U+10FFFF. */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

/* Printable ASCII but the quote and the backslash: copied as it is. */
static const unsigned char json_plain[256] = {
	[0x20 ... 0x21] = 1, [0x23 ... 0x5b] = 1, [0x5d ... 0x7e] = 1,
};

char *json_escape(char *dst, const char *s, size_t max)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	unsigned char c;
	size_t i, len;

	*dst++ = '"';
	for (i = 0; i < max; i++) {
		c = p[i];
		/* Most of what comm holds: one table look, one copy. */
		if (json_plain[c]) {
			*dst++ = c;
			continue;
		}
		if (!c)
			break;
		switch (c) {
		case '"':
		case '\\':
			*dst++ = '\\';
			*dst++ = c;
			break;
		case '\n':
			*dst++ = '\\';
			*dst++ = 'n';
			break;
		case '\t':
			*dst++ = '\\';
			*dst++ = 't';
			break;
		default:
			if (c < 0x20 || c == 0x7f) {
				memcpy(dst, "\\u00", 4);
				dst[4] = hex[c >> 4];
				dst[5] = hex[c & 0xf];
				dst += 6;
				break;
			}
			/* A NUL or @max ends a sequence as a bad byte would. */
			len = utf8_sequence(p + i, max - i);
			if (!len) {
				memcpy(dst, "\\ufffd", 6);
				dst += 6;
				break;
			}
			memcpy(dst, p + i, len);
			dst += len;
			i += len - 1;
		}
	}
	*dst++ = '"';
	return dst;
}
