/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module's filter (struct pidfdtrace_filter), applied by the reader to
 * records read back from a file (-r), as the module applies it live. The
 * cgroup filters need the live kernel's cgroup tree, and are not taken.
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

bool filter_call(const struct pidfdtrace_filter *f,
		 const struct pidfdtrace_call *c);

/*
 * A delivery, with the call that made it, which holds its sender's uid and
 * comm; NULL when that call is not in the file: then a filter on those
 * fields cannot pass it.
 */
bool filter_delivery(const struct pidfdtrace_filter *f,
		     const struct pidfdtrace_delivery *d,
		     const struct pidfdtrace_call *c);

#endif /* PIDFDTRACE_FILTER_H */
