/* SPDX-License-Identifier: GPL-2.0 */
/*
 * From the bytes read() returns to ordered output: each call followed by
 * its deliveries, though the kernel hands the deliveries over first.
 */
#ifndef PIDFDTRACE_RECORDS_H
#define PIDFDTRACE_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <linux/pidfdtrace.h>

#include "output.h"

struct filter;

/*
 * The ABI major this reader reads, in any minor: later minors only append
 * fields and add record types, which the walk below skips. Only a test
 * build overrides it, to see the refusal without another module.
 */
#ifndef PIDFDTRACE_READER_ABI_MAJOR
#define PIDFDTRACE_READER_ABI_MAJOR	PIDFDTRACE_ABI_MAJOR
#endif

/* Deliveries waiting for their call. */
#define RECORDS_HELD_MAX	1024
/* A delivery whose call has not come this long after it never will. */
#define RECORDS_HELD_NS		(2ULL * 1000000000)

struct records {
	struct output *out;		/* NULL: records are only counted */
	FILE *warn;			/* where malformed input is reported */
	unsigned long long max_calls;	/* stop after this many; 0: never */
	/* Applied here, to records read back from a file; live: NULL. */
	const struct filter *filter;

	unsigned long long calls, deliveries, lost;
	unsigned long long filtered;	/* records the filter above dropped */
	unsigned long long missed;	/* calls the module could not trace */
	unsigned long long skipped;	/* records not understood */

	/* Where the buffer records_handle() returned false for ends. */
	size_t stopped_at;

	unsigned int held;
	struct pidfdtrace_delivery held_deliveries[RECORDS_HELD_MAX];
	bool warned_type[65536];
};

/*
 * Whether this reader understands a module whose PIDFDTRACE_IOC_ABI_VERSION
 * is @version: 0, or -1 after saying why on @err.
 */
int records_check_abi(unsigned int version, FILE *err);

/*
 * Handles the records in @buf, as one read() returned them. Records of
 * unknown types are skipped, each type with one warning; a record whose size
 * is impossible ends the buffer with a warning. Returns false once
 * max_calls calls were printed: the records after that call's, from
 * stopped_at on, are not handled.
 */
bool records_handle(struct records *r, const char *buf, size_t len);

/* Prints the deliveries still held: their calls were lost or filtered. */
void records_flush(struct records *r);

#endif /* PIDFDTRACE_RECORDS_H */
