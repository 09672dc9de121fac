// SPDX-License-Identifier: GPL-2.0
/*
 * The files pidfdtrace -w writes and -r reads (tracefile.h).
 */

#include <errno.h>
#include <string.h>

#include <linux/pidfdtrace.h>

#include "tracefile.h"

int tracefile_write_header(FILE *f, struct tracefile_header *h)
{
	memcpy(h->magic, TRACEFILE_MAGIC, sizeof(h->magic));
	h->version = TRACEFILE_VERSION;
	h->size = sizeof(*h);
	/* Whatever the caller put there, the strings end in the struct. */
	h->hostname[sizeof(h->hostname) - 1] = '\0';
	h->release[sizeof(h->release) - 1] = '\0';
	h->syscall_symbol[sizeof(h->syscall_symbol) - 1] = '\0';
	h->signal_symbol[sizeof(h->signal_symbol) - 1] = '\0';
	if (fwrite(h, sizeof(*h), 1, f) != 1)
		return -1;
	return 0;
}

const char *tracefile_read_header(FILE *f, struct tracefile_header *h)
{
	size_t n = fread(h, 1, sizeof(*h), f);
	unsigned int rest;

	if (n < offsetof(struct tracefile_header, size) + sizeof(h->size) ||
	    memcmp(h->magic, TRACEFILE_MAGIC, sizeof(h->magic)))
		return ferror(f) ? strerror(errno) :
				   "not a pidfdtrace -w file";
	if (h->version < 1)
		return "format version 0 does not exist";
	if (h->size < sizeof(*h) || n < sizeof(*h))
		return "truncated header";
	/* A later version's header: skip what is beyond ours. */
	for (rest = h->size - sizeof(*h); rest; rest--)
		if (fgetc(f) == EOF)
			return "truncated header";
	h->hostname[sizeof(h->hostname) - 1] = '\0';
	h->release[sizeof(h->release) - 1] = '\0';
	h->syscall_symbol[sizeof(h->syscall_symbol) - 1] = '\0';
	h->signal_symbol[sizeof(h->signal_symbol) - 1] = '\0';
	return NULL;
}

size_t tracefile_whole(const char *buf, size_t len)
{
	struct pidfdtrace_record_header hdr;
	size_t off = 0;

	while (len - off >= sizeof(hdr)) {
		memcpy(&hdr, buf + off, sizeof(hdr));
		if (hdr.size < sizeof(hdr) || hdr.size % 8)
			return len;
		if (hdr.size > len - off)
			break;
		off += hdr.size;
	}
	return off;
}
