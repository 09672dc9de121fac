// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the sample pidfdtrace -w file of sample_trace.h: 60 calls, their
 * deliveries, a LOST and a MISSED record.
 *
 * usage: sample-trace FILE
 */

#include "sample_trace.h"

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: sample-trace FILE\n");
		return 2;
	}
	write_file(argv[1], 60, PIDFDTRACE_ABI_VERSION, 0);
	return 0;
}
