/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The reader's filter: the module's (struct pidfdtrace_filter), and lists
 * of senders and targets (-p and -P given more than once), which the
 * module's filter, one pid each, cannot hold.
 *
 * Live, the module applies what it can and the reader the lists. Read back
 * from a file (-r), the reader applies everything, as the module would,
 * but the cgroup filters: they need the live kernel's cgroup tree.
 */
#ifndef PIDFDTRACE_FILTER_H
#define PIDFDTRACE_FILTER_H

#include <stdbool.h>

#include <linux/pidfdtrace.h>

/* What the reader can apply itself. */
#define FILTER_REPLAYABLE (PIDFDTRACE_FILTER_SENDER_TGID |		\
			   PIDFDTRACE_FILTER_TARGET_TGID |		\
			   PIDFDTRACE_FILTER_SIGNALS |			\
			   PIDFDTRACE_FILTER_FAILED |			\
			   PIDFDTRACE_FILTER_SENDER_COMM |		\
			   PIDFDTRACE_FILTER_SENDER_UID)

/* At most this many -p, and as many -P. */
#define FILTER_PIDS_MAX	64

struct filter {
	/*
	 * mask: what the reader applies; its SENDER_TGID and TARGET_TGID
	 * bits test the lists below, the other bits the fields of k.
	 */
	__u32 mask;
	struct pidfdtrace_filter k;
	unsigned int senders, targets;
	__u32 sender[FILTER_PIDS_MAX];
	__u32 target[FILTER_PIDS_MAX];
};

/* Adds a -p (@target false) or -P pid: 0, or -1 when the list is full. */
int filter_add_pid(struct filter *f, bool target, __u32 pid);

/*
 * Splits @f for a live reader: the module's filter into @kernel (what it
 * can hold: a list of one pid), and what is left for the reader in @f's
 * mask (the lists of more). Returns whether the reader has anything left.
 */
bool filter_split(struct filter *f, struct pidfdtrace_filter *kernel);

bool filter_call(const struct filter *f, const struct pidfdtrace_call *c);

/*
 * A delivery, with the call that made it, which holds its sender's uid and
 * comm; NULL when that call is not in the file: then a filter on those
 * fields cannot pass it.
 */
bool filter_delivery(const struct filter *f,
		     const struct pidfdtrace_delivery *d,
		     const struct pidfdtrace_call *c);

#endif /* PIDFDTRACE_FILTER_H */
