// SPDX-License-Identifier: GPL-2.0
/*
 * The reader's filter (filter.h): the same tests as
 * pidfdtrace_filter_pass() in module/device.c, on the records' fields,
 * with lists of pids.
 */

#include <string.h>

#include "filter.h"

int filter_add_pid(struct filter *f, bool target, __u32 pid)
{
	unsigned int *n = target ? &f->targets : &f->senders;
	__u32 *list = target ? f->target : f->sender;
	unsigned int i;

	for (i = 0; i < *n; i++)
		if (list[i] == pid)
			return 0;
	if (*n == FILTER_PIDS_MAX)
		return -1;
	list[(*n)++] = pid;
	f->mask |= target ? PIDFDTRACE_FILTER_TARGET_TGID :
			    PIDFDTRACE_FILTER_SENDER_TGID;
	return 0;
}

bool filter_split(struct filter *f, struct pidfdtrace_filter *kernel)
{
	*kernel = f->k;
	kernel->mask = f->mask;
	if (f->senders == 1)
		kernel->sender_tgid = f->sender[0];
	else
		kernel->mask &= ~PIDFDTRACE_FILTER_SENDER_TGID;
	if (f->targets == 1)
		kernel->target_tgid = f->target[0];
	else
		kernel->mask &= ~PIDFDTRACE_FILTER_TARGET_TGID;
	f->mask &= ~kernel->mask;
	return f->mask != 0;
}

static bool in(const __u32 *list, unsigned int n, __u32 pid)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (list[i] == pid)
			return true;
	return false;
}

static bool signal_passes(const struct filter *f, int sig)
{
	return (unsigned int)sig < 128 &&
	       (f->k.signals[sig / 64] & (1ULL << (sig % 64)));
}

/* The tests on the caller that only a call record carries. */
static bool sender_passes(const struct filter *f,
			  const struct pidfdtrace_call *c)
{
	if ((f->mask & PIDFDTRACE_FILTER_SENDER_COMM) &&
	    strncmp(c->sender.comm, f->k.comm, PIDFDTRACE_COMM_LEN))
		return false;
	return !(f->mask & PIDFDTRACE_FILTER_SENDER_UID) ||
	       c->sender.uid == f->k.uid;
}

bool filter_call(const struct filter *f, const struct pidfdtrace_call *c)
{
	/* A call whose return was not seen may have failed. */
	bool failed = c->ret < 0 ||
		      (c->call_flags & PIDFDTRACE_CALL_RETURN_UNTRACED);

	if ((f->mask & PIDFDTRACE_FILTER_SENDER_TGID) &&
	    !in(f->sender, f->senders, c->sender.tgid))
		return false;
	if ((f->mask & PIDFDTRACE_FILTER_TARGET_TGID) &&
	    !in(f->target, f->targets, c->target.tgid))
		return false;
	if ((f->mask & PIDFDTRACE_FILTER_SIGNALS) && !signal_passes(f, c->sig))
		return false;
	if ((f->mask & PIDFDTRACE_FILTER_FAILED) && !failed)
		return false;
	if (!sender_passes(f, c))
		return false;
	return !(f->mask & ~FILTER_REPLAYABLE);
}

bool filter_delivery(const struct filter *f,
		     const struct pidfdtrace_delivery *d,
		     const struct pidfdtrace_call *c)
{
	if ((f->mask & PIDFDTRACE_FILTER_SENDER_TGID) &&
	    !in(f->sender, f->senders, d->sender_tgid))
		return false;
	if ((f->mask & PIDFDTRACE_FILTER_TARGET_TGID) &&
	    !in(f->target, f->targets, d->target.tgid))
		return false;
	/* The module tests the call's signal: the one the delivery has. */
	if ((f->mask & PIDFDTRACE_FILTER_SIGNALS) &&
	    !signal_passes(f, c ? c->sig : d->sig))
		return false;
	/* Only calls fail. */
	if (f->mask & PIDFDTRACE_FILTER_FAILED)
		return false;
	/* Without its call, what only the call says cannot be tested. */
	if ((f->mask & (PIDFDTRACE_FILTER_SENDER_COMM |
			PIDFDTRACE_FILTER_SENDER_UID)) && !c)
		return false;
	if (c && !sender_passes(f, c))
		return false;
	return !(f->mask & ~FILTER_REPLAYABLE);
}
