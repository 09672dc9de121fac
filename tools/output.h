/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Turning records into lines: strace-like text, or JSON Lines.
 */
#ifndef PIDFDTRACE_OUTPUT_H
#define PIDFDTRACE_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include <linux/pidfdtrace.h>

struct cgroups;
struct users;

/*
 * More than the longest line a record makes: in JSON, a call with two
 * cgroup paths of 511 bytes that all need \u escapes takes 8.5 KiB (a
 * delivery with every effect bit and every signal discarded, 1.8 KiB).
 */
#define OUTPUT_LINE_MAX	16384

/*
 * The JSON schema's version, "v" in every object (tools/pidfdtrace.schema.json).
 * Within a version fields are only added; a change to a field's meaning or
 * type is a new version.
 */
#define OUTPUT_JSON_VERSION	"1"

/* The time at the start of a text line, as strace's -t options show it. */
enum output_clock {
	OUTPUT_CLOCK_BOOT,	/* seconds since boot: 5.062831 (default) */
	OUTPUT_CLOCK_TIME,	/* -t: time of day, 10:31:02 */
	OUTPUT_CLOCK_TIME_US,	/* -tt: with microseconds, 10:31:02.062831 */
	OUTPUT_CLOCK_EPOCH,	/* -ttt: since the epoch, 1795682462.062831 */
};

struct output {
	FILE *f;
	bool json;			/* --json: one JSON object per line */
	enum output_clock clock;	/* how the text shows a record's time */
	/* This host's cgroups, to name containers and units; NULL: none. */
	struct cgroups *cgroups;
	/* This host's users, to name uids; NULL: none. */
	struct users *users;
	long long realtime_offset_ns;	/* CLOCK_REALTIME - CLOCK_MONOTONIC */
	/* The errno of the first failed write; nothing is written after it. */
	int error;
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
/*
 * A string from the kernel (a comm, up to @max bytes or its NUL) as the text
 * shows it, into @dst of OUTPUT_STRING_MAX(@max) bytes: as it is when it is
 * made of printable ASCII and no delimiter (space, quotes, brackets,
 * parentheses, comma, backslash); else in double quotes, with \" \\ and
 * \xNN escapes, as strace prints strings. Empty: "". Returns its length.
 */
#define OUTPUT_STRING_MAX(max)	(4 * (max) + 3)
size_t output_text_string(char *dst, const char *src, size_t max);

/*
 * The same escapes, never quoted: for a value that is the rest of its line
 * (--stats), where only bytes that are not printable could mislead.
 */
size_t output_text_escape(char *dst, const char *src, size_t max);

/*
 * Writes what the calls above buffered to f: 0, or -1 once a write failed
 * (this one or any before: error says which errno), as lines are built
 * whether or not they can be written.
 */
int output_flush(struct output *o);

#endif /* PIDFDTRACE_OUTPUT_H */
