// SPDX-License-Identifier: GPL-2.0
/*
 * Strict parsing of command-line numbers (parse.h).
 */

#include <stddef.h>

#include "parse.h"

int parse_decimal(const char *s, unsigned long long max,
		  unsigned long long *out, const char **end)
{
	unsigned long long n = 0;
	const char *p;

	for (p = s; *p >= '0' && *p <= '9'; p++) {
		unsigned int digit = *p - '0';

		if (digit > max || n > (max - digit) / 10)
			return -1;
		n = n * 10 + digit;
	}
	if (p == s || (!end && *p))
		return -1;
	if (end)
		*end = p;
	*out = n;
	return 0;
}

int parse_size(const char *s, unsigned long long min, unsigned long long max,
	       unsigned int *out)
{
	unsigned long long n;
	unsigned int shift = 0;
	const char *end;

	if (parse_decimal(s, max, &n, &end))
		return -1;
	if (*end == 'K' || *end == 'k')
		shift = 10, end++;
	else if (*end == 'M' || *end == 'm')
		shift = 20, end++;
	if (*end || n > max >> shift)
		return -1;
	n <<= shift;
	if (n < min || (n & (n - 1)))
		return -1;
	*out = n;
	return 0;
}
