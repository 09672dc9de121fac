// SPDX-License-Identifier: GPL-2.0
/*
 * The module's filter, in the reader (filter.h): the same tests as
 * pidfdtrace_filter_pass() in module/device.c, on the records' fields.
 */

#include <string.h>

#include "filter.h"

static bool signal_passes(const struct pidfdtrace_filter *f, int sig)
{
	return (unsigned int)sig < 128 &&
	       (f->signals[sig / 64] & (1ULL << (sig % 64)));
}

bool filter_call(const struct pidfdtrace_filter *f,
		 const struct pidfdtrace_call *c)
{
	/* A call whose return was not seen may have failed. */
	bool failed = c->ret < 0 ||
		      (c->call_flags & PIDFDTRACE_CALL_RETURN_UNTRACED);

	if ((f->mask & PIDFDTRACE_FILTER_SENDER_TGID) &&
	    c->sender.tgid != f->sender_tgid)
		return false;
	if ((f->mask & PIDFDTRACE_FILTER_TARGET_TGID) &&
	    c->target.tgid != f->target_tgid)
		return false;
	if ((f->mask & PIDFDTRACE_FILTER_SIGNALS) && !signal_passes(f, c->sig))
		return false;
	if ((f->mask & PIDFDTRACE_FILTER_FAILED) && !failed)
		return false;
	if ((f->mask & PIDFDTRACE_FILTER_SENDER_COMM) &&
	    strncmp(c->sender.comm, f->comm, PIDFDTRACE_COMM_LEN))
		return false;
	if ((f->mask & PIDFDTRACE_FILTER_SENDER_UID) && c->sender.uid != f->uid)
		return false;
	return !(f->mask & ~FILTER_REPLAYABLE);
}

bool filter_delivery(const struct pidfdtrace_filter *f,
		     const struct pidfdtrace_delivery *d,
		     const struct pidfdtrace_call *c)
{
	if ((f->mask & PIDFDTRACE_FILTER_SENDER_TGID) &&
	    d->sender_tgid != f->sender_tgid)
		return false;
	if ((f->mask & PIDFDTRACE_FILTER_TARGET_TGID) &&
	    d->target.tgid != f->target_tgid)
		return false;
	/* The module tests the call's signal: the one the delivery has. */
	if ((f->mask & PIDFDTRACE_FILTER_SIGNALS) &&
	    !signal_passes(f, c ? c->sig : d->sig))
		return false;
	/* Only calls fail. */
	if (f->mask & PIDFDTRACE_FILTER_FAILED)
		return false;
	if ((f->mask & (PIDFDTRACE_FILTER_SENDER_COMM |
			PIDFDTRACE_FILTER_SENDER_UID)) && !c)
		return false;
	if ((f->mask & PIDFDTRACE_FILTER_SENDER_COMM) &&
	    strncmp(c->sender.comm, f->comm, PIDFDTRACE_COMM_LEN))
		return false;
	if ((f->mask & PIDFDTRACE_FILTER_SENDER_UID) && c->sender.uid != f->uid)
		return false;
	return !(f->mask & ~FILTER_REPLAYABLE);
}
