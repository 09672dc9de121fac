/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pidfdtrace -w FILE and -r FILE: the module's records, raw, after a header
 * that says where and how they were made.
 *
 * The layout, all little-endian as the records are on x86-64 and arm64:
 *
 *	struct tracefile_header		(its size in its size field)
 *	records				as read(2) returned them, whole
 *
 * A later format version may only grow the header (readers skip what they
 * do not know, by its size) and keeps every field below where it is. The
 * records are the module's ABI: a reader of ABI major N reads any file of
 * major N, whichever kernel wrote it.
 */
#ifndef PIDFDTRACE_TRACEFILE_H
#define PIDFDTRACE_TRACEFILE_H

#include <stddef.h>
#include <stdio.h>

#include <linux/types.h>

#define TRACEFILE_MAGIC		"PIDFDTRC"
#define TRACEFILE_VERSION	1

struct tracefile_header {
	char magic[8];			/* TRACEFILE_MAGIC, no NUL */
	__u32 version;			/* TRACEFILE_VERSION */
	__u32 size;			/* of this header, in bytes */
	__u32 abi_version;		/* the module's: major << 16 | minor */
	__u32 flags;			/* 0 */
	__s64 realtime_offset_ns;	/* CLOCK_REALTIME - CLOCK_MONOTONIC */
	char hostname[72];		/* uname(2), NUL-terminated */
	char release[72];
	char syscall_symbol[64];	/* the module's probe points */
	char signal_symbol[64];
};

/* Writes @h, magic, version and size filled in: 0, or -1 with errno. */
int tracefile_write_header(FILE *f, struct tracefile_header *h);

/*
 * Reads and checks a header into @h: NULL, or what is wrong with the file.
 * A longer header of a later version is read up to what this reader knows.
 */
const char *tracefile_read_header(FILE *f, struct tracefile_header *h);

/*
 * How many of the @len bytes at @buf are whole records, which the rest
 * (the start of a record that goes on in the next chunk) is not. A record
 * of impossible size counts as whole: records_handle() reports it.
 */
size_t tracefile_whole(const char *buf, size_t len);

#endif /* PIDFDTRACE_TRACEFILE_H */
