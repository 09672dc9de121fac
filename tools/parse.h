/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Strict parsing of the numbers on pidfdtrace's command line: decimal
 * only, no sign, no space, no overflow. "010" is ten, "0x10" and " 5" are
 * errors, as a user reading them would expect.
 */
#ifndef PIDFDTRACE_PARSE_H
#define PIDFDTRACE_PARSE_H

/*
 * @s, all decimal digits, at most @max, in @out: 0. Else -1, and @out is
 * left alone. @end, when not NULL, takes where the digits stop instead of
 * requiring the string to end there.
 */
int parse_decimal(const char *s, unsigned long long max,
		  unsigned long long *out, const char **end);

/*
 * A buffer size: decimal bytes, or with a K or M suffix; a power of two
 * from @min to @max. 0 or -1.
 */
int parse_size(const char *s, unsigned long long min, unsigned long long max,
	       unsigned int *out);

#endif /* PIDFDTRACE_PARSE_H */
