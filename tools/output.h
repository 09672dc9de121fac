/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Turning records into lines: strace-like text, or JSON Lines.
 */
#ifndef PIDFDTRACE_OUTPUT_H
#define PIDFDTRACE_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include <linux/pidfdtrace.h>

/*
 * More than the longest line a record makes: in JSON, a delivery with every
 * effect bit and every signal discarded takes 1.8 KiB.
 */
#define OUTPUT_LINE_MAX	4096

struct output {
	FILE *f;
	bool json;			/* --json: one JSON object per line */
	bool wallclock;			/* -T: time of day, not monotonic */
	long long realtime_offset_ns;	/* CLOCK_REALTIME - CLOCK_MONOTONIC */
	/* Lines are built here and reach f in big writes: output_flush(). */
	size_t len;
	char buf[64 * 1024];
};

void output_call(struct output *o, const struct pidfdtrace_call *c);
/* @orphan: its call was lost or filtered, so it stands on its own. */
void output_delivery(struct output *o, const struct pidfdtrace_delivery *d,
		     bool orphan);
void output_lost(struct output *o, const struct pidfdtrace_lost *l);
void output_missed(struct output *o, const struct pidfdtrace_missed *m);
/* Writes what the calls above buffered to f; 0, or -1 on a write error. */
int output_flush(struct output *o);

#endif /* PIDFDTRACE_OUTPUT_H */
