// SPDX-License-Identifier: GPL-2.0
/*
 * Walking records defensively: the buffer comes from a kernel module that
 * may be newer than this reader, so sizes are checked before anything is
 * read and unknown types are skipped.
 */

#include <string.h>

#include "decode.h"
#include "filter.h"
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

/* A delivery printed on its own: its call was lost, filtered or is late. */
static void orphan(struct records *r, const struct pidfdtrace_delivery *d)
{
	if (r->filter && !filter_delivery(r->filter, d, NULL)) {
		r->filtered++;
		return;
	}
	r->deliveries++;
	if (r->out)
		output_delivery(r->out, d, true);
}

static void hold(struct records *r, const struct pidfdtrace_delivery *d)
{
	if (r->held == RECORDS_HELD_MAX) {
		orphan(r, &r->held_deliveries[0]);
		memmove(&r->held_deliveries[0], &r->held_deliveries[1],
			--r->held * sizeof(r->held_deliveries[0]));
	}
	r->held_deliveries[r->held++] = *d;
}

/*
 * Prints the held deliveries of call @c (NULL: none) and those older than
 * @before_ns; @shown: @c was printed, so its deliveries follow it.
 */
static void release(struct records *r, const struct pidfdtrace_call *c,
		    bool shown, unsigned long long before_ns)
{
	unsigned int i, kept = 0;

	for (i = 0; i < r->held; i++) {
		const struct pidfdtrace_delivery *d = &r->held_deliveries[i];
		const struct pidfdtrace_call *of = NULL;

		if (c && d->call_seq == c->hdr.seq)
			of = c;
		else if (d->hdr.time_ns >= before_ns) {
			r->held_deliveries[kept++] = *d;
			continue;
		}
		if (!of) {
			orphan(r, d);
		} else if (r->filter && !filter_delivery(r->filter, d, of)) {
			r->filtered++;
		} else {
			r->deliveries++;
			if (r->out)
				output_delivery(r->out, d, !shown);
		}
	}
	r->held = kept;
}

void records_flush(struct records *r)
{
	release(r, NULL, false, ~0ULL);
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

			/* Minor 0's calls end before last_seq, which we ignore. */
			if (too_short(r, &hdr, PIDFDTRACE_CALL_SIZE_V0))
				break;
			memcpy(&c, buf + off,
			       hdr.size < sizeof(c) ? hdr.size : sizeof(c));
			if (r->filter && !filter_call(r->filter, &c)) {
				r->filtered++;
				release(r, &c, false, 0);
				break;
			}
			if (r->out)
				output_call(r->out, &c);
			release(r, &c, true, 0);
			if (++r->calls == r->max_calls) {
				r->stopped_at = off + hdr.size;
				return false;
			}
			break;
		}
		case PIDFDTRACE_RECORD_DELIVERY: {
			struct pidfdtrace_delivery d;

			if (too_short(r, &hdr, sizeof(d)))
				break;
			memcpy(&d, buf + off, sizeof(d));
			hold(r, &d);
			break;
		}
		case PIDFDTRACE_RECORD_LOST: {
			struct pidfdtrace_lost l;

			if (too_short(r, &hdr, sizeof(l)))
				break;
			memcpy(&l, buf + off, sizeof(l));
			if (r->out)
				output_lost(r->out, &l);
			r->lost += l.count;
			break;
		}
		case PIDFDTRACE_RECORD_MISSED: {
			struct pidfdtrace_missed m;

			if (too_short(r, &hdr, sizeof(m)))
				break;
			memcpy(&m, buf + off, sizeof(m));
			if (r->out)
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
		release(r, NULL, false, newest - RECORDS_HELD_NS);
	return true;
}
