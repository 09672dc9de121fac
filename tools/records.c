// SPDX-License-Identifier: GPL-2.0
/*
 * Walking records defensively: the buffer comes from a kernel module that
 * may be newer than this reader, so sizes are checked before anything is
 * read and unknown types are skipped.
 */

#include <string.h>

#include "decode.h"
#include "records.h"

int records_check_abi(unsigned int version, FILE *err)
{
	char buf[32];

	if (PIDFDTRACE_ABI_VERSION_MAJOR(version) == PIDFDTRACE_READER_ABI_MAJOR)
		return 0;
	fprintf(err,
		"pidfdtrace: module ABI %s, this pidfdtrace understands ABI %d: use the pidfdtrace built with the module\n",
		abi_version_name(version, buf, sizeof(buf)),
		PIDFDTRACE_READER_ABI_MAJOR);
	return -1;
}

static void hold(struct records *r, const struct pidfdtrace_delivery *d)
{
	if (r->held == RECORDS_HELD_MAX) {
		output_delivery(r->out, &r->held_deliveries[0], true);
		memmove(&r->held_deliveries[0], &r->held_deliveries[1],
			--r->held * sizeof(r->held_deliveries[0]));
	}
	r->held_deliveries[r->held++] = *d;
}

/* Prints the held deliveries of call @seq, and those older than @before_ns. */
static void release(struct records *r, unsigned long long seq,
		    unsigned long long before_ns)
{
	unsigned int i, kept = 0;

	for (i = 0; i < r->held; i++) {
		const struct pidfdtrace_delivery *d = &r->held_deliveries[i];

		if (d->call_seq == seq)
			output_delivery(r->out, d, false);
		else if (d->hdr.time_ns < before_ns)
			output_delivery(r->out, d, true);
		else
			r->held_deliveries[kept++] = *d;
	}
	r->held = kept;
}

void records_flush(struct records *r)
{
	release(r, 0, ~0ULL);
}

static bool too_short(struct records *r,
		      const struct pidfdtrace_record_header *hdr, size_t need)
{
	if (hdr->size >= need)
		return false;
	fprintf(r->warn,
		"pidfdtrace: warning: record of type %u too short (%u bytes): skipped\n",
		hdr->type, hdr->size);
	r->skipped++;
	return true;
}

bool records_handle(struct records *r, const char *buf, size_t len)
{
	struct pidfdtrace_record_header hdr;
	unsigned long long newest = 0;
	size_t off;

	for (off = 0; off < len; off += hdr.size) {
		/* Copied out: nothing says buf is aligned for the reader. */
		if (len - off < sizeof(hdr)) {
			fprintf(r->warn,
				"pidfdtrace: warning: %zu stray bytes at offset %zu: skipped\n",
				len - off, off);
			r->skipped++;
			break;
		}
		memcpy(&hdr, buf + off, sizeof(hdr));
		if (hdr.size < sizeof(hdr) || hdr.size % 8 || hdr.size > len - off) {
			fprintf(r->warn,
				"pidfdtrace: warning: record of impossible size %u at offset %zu: skipping the rest of the read\n",
				hdr.size, off);
			r->skipped++;
			break;
		}
		if (hdr.time_ns > newest)
			newest = hdr.time_ns;

		switch (hdr.type) {
		case PIDFDTRACE_RECORD_CALL: {
			struct pidfdtrace_call c = {};

			if (too_short(r, &hdr, sizeof(c)))
				break;
			memcpy(&c, buf + off, sizeof(c));
			output_call(r->out, &c);
			release(r, c.hdr.seq, 0);
			if (++r->calls == r->max_calls)
				return false;
			break;
		}
		case PIDFDTRACE_RECORD_DELIVERY: {
			struct pidfdtrace_delivery d;

			if (too_short(r, &hdr, sizeof(d)))
				break;
			memcpy(&d, buf + off, sizeof(d));
			hold(r, &d);
			r->deliveries++;
			break;
		}
		case PIDFDTRACE_RECORD_LOST: {
			struct pidfdtrace_lost l;

			if (too_short(r, &hdr, sizeof(l)))
				break;
			memcpy(&l, buf + off, sizeof(l));
			output_lost(r->out, &l);
			r->lost += l.count;
			break;
		}
		case PIDFDTRACE_RECORD_MISSED: {
			struct pidfdtrace_missed m;

			if (too_short(r, &hdr, sizeof(m)))
				break;
			memcpy(&m, buf + off, sizeof(m));
			output_missed(r->out, &m);
			r->missed += m.calls;
			break;
		}
		default:
			if (!r->warned_type[hdr.type]) {
				r->warned_type[hdr.type] = true;
				fprintf(r->warn,
					"pidfdtrace: warning: skipping records of unknown type %u\n",
					hdr.type);
			}
			r->skipped++;
		}
	}
	if (newest > RECORDS_HELD_NS)
		release(r, 0, newest - RECORDS_HELD_NS);
	return true;
}
