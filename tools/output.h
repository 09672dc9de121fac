/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Turning records into lines: strace-like text, or JSON Lines.
 */
#ifndef PIDFDTRACE_OUTPUT_H
#define PIDFDTRACE_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include <linux/pidfdtrace.h>

struct output {
	FILE *f;
	bool json;			/* --json: one JSON object per line */
	bool wallclock;			/* -T: time of day, not monotonic */
	long long realtime_offset_ns;	/* CLOCK_REALTIME - CLOCK_MONOTONIC */
};

void output_call(struct output *o, const struct pidfdtrace_call *c);
/* @orphan: its call was lost or filtered, so it stands on its own. */
void output_delivery(struct output *o, const struct pidfdtrace_delivery *d,
		     bool orphan);
void output_lost(struct output *o, const struct pidfdtrace_lost *l);

#endif /* PIDFDTRACE_OUTPUT_H */
