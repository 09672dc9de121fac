// SPDX-License-Identifier: GPL-2.0
/*
 * A 32-bit sender (this program is built with -m32): its calls go through
 * the kernel's ia32 entry, and its siginfo has the compat layout. Both
 * must be traced as faithfully as a 64-bit sender's. And a 32-bit reader:
 * the ABI's structures have one layout, so its ioctls and records work.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/pidfdtrace.h>

#include "kselftest_harness.h"
#include "pidfdtrace_test.h"

static struct trace trace;

FIXTURE(compat) {
	struct pidfdtrace_setup s;
};

FIXTURE_SETUP(compat)
{
	ASSERT_EQ(0, prctl(PR_SET_NAME, "pft-sender32"));
	ASSERT_EQ(0, pidfdtrace_setup(&self->s, NULL));
	trace.len = 0;
}

FIXTURE_TEARDOWN(compat)
{
	pidfdtrace_cleanup(&self->s);
}

TEST_F(compat, call_from_a_32bit_process_is_traced)
{
	const struct pidfdtrace_call *c;
	const struct pidfdtrace_delivery *d;

	ASSERT_EQ(sizeof(void *), 4U);
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0));
	ASSERT_LE(0, reader_drain(self->s.reader, &trace));
	c = trace_call(&trace, getpid(), 0);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(self->s.pidfd, c->pidfd);
	EXPECT_EQ(SIGUSR1, c->sig);
	EXPECT_EQ(0, c->ret);
	EXPECT_EQ((__u32)getpid(), c->sender.pid);
	EXPECT_STREQ("pft-sender32", c->sender.comm);
	EXPECT_EQ((__u32)self->s.target, c->target.pid);
	EXPECT_EQ(PIDFDTRACE_SOURCE_KERNEL, c->target_source);
	EXPECT_EQ(PIDFDTRACE_SIGINFO_NONE, c->siginfo_state);
	EXPECT_EQ(1U, c->deliveries);
	d = trace_delivery(&trace, c->hdr.seq, 0);
	ASSERT_NE(NULL, d);
	EXPECT_EQ((__u32)self->s.target, d->target.pid);
	EXPECT_EQ((__u32)getpid(), d->sender_pid);
	EXPECT_EQ(PIDFDTRACE_OUTCOME_DELIVERED, d->outcome);
	EXPECT_EQ(SI_USER, d->siginfo.code);
	EXPECT_EQ(getpid(), d->siginfo.pid);
}

TEST_F(compat, compat_siginfo_is_decoded)
{
	const struct pidfdtrace_call *c;
	const struct pidfdtrace_delivery *d;
	siginfo_t info = {};
	sigset_t set;
	int self_fd;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	ASSERT_EQ(0, sigprocmask(SIG_BLOCK, &set, NULL));
	self_fd = sys_pidfd_open(getpid(), 0);
	ASSERT_LE(0, self_fd);
	info.si_signo = SIGUSR2;
	info.si_errno = 3;
	info.si_code = SI_QUEUE;
	info.si_pid = 4242;
	info.si_uid = 1234;
	info.si_value.sival_int = -7;

	ASSERT_EQ(0, pidfd_send(self_fd, SIGUSR2, &info, 0));
	ASSERT_LE(0, reader_drain(self->s.reader, &trace));
	c = trace_call(&trace, getpid(), 0);
	ASSERT_NE(NULL, c);
	EXPECT_EQ((__u64)(unsigned long)&info, c->info);
	EXPECT_EQ(PIDFDTRACE_SIGINFO_KERNEL, c->siginfo_state);
	EXPECT_EQ(SIGUSR2, c->siginfo.signo);
	EXPECT_EQ(3, c->siginfo.error);
	EXPECT_EQ(SI_QUEUE, c->siginfo.code);
	EXPECT_EQ(4242, c->siginfo.pid);
	EXPECT_EQ(1234U, c->siginfo.uid);
	/* sival_int, widened by the kernel: the upper half stays zero. */
	EXPECT_EQ((__u64)(__u32)-7, c->siginfo.value);
	d = trace_delivery(&trace, c->hdr.seq, 0);
	ASSERT_NE(NULL, d);
	EXPECT_EQ(SI_QUEUE, d->siginfo.code);
	EXPECT_EQ(4242, d->siginfo.pid);
	EXPECT_EQ((__u64)(__u32)-7, d->siginfo.value);
	close(self_fd);
}

TEST_F(compat, compat_siginfo_of_a_call_that_failed_is_read_back)
{
	const struct pidfdtrace_call *c;
	siginfo_t info = {};

	/* A forged SI_USER to another process: EPERM, no signal made. */
	info.si_signo = SIGUSR1;
	info.si_code = SI_USER;
	info.si_pid = 4242;
	info.si_uid = 1234;
	ASSERT_EQ(-EPERM, pidfd_send(self->s.pidfd, SIGUSR1, &info, 0));
	ASSERT_LE(0, reader_drain(self->s.reader, &trace));
	c = trace_call(&trace, getpid(), 0);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(PIDFDTRACE_SIGINFO_USER_UNVERIFIED, c->siginfo_state);
	EXPECT_EQ(SIGUSR1, c->siginfo.signo);
	EXPECT_EQ(SI_USER, c->siginfo.code);
	EXPECT_EQ(4242, c->siginfo.pid);
	EXPECT_EQ(1234U, c->siginfo.uid);
}

TEST_F(compat, ioctls_of_a_32bit_reader_work)
{
	struct pidfdtrace_filter f = {
		.mask = PIDFDTRACE_FILTER_SIGNALS,
		.signals = { 1ULL << SIGUSR2 },
	};
	struct pidfdtrace_stats stats;
	__u32 version = 0;

	EXPECT_EQ(0, ioctl(self->s.reader, PIDFDTRACE_IOC_ABI_VERSION, &version));
	EXPECT_EQ((__u32)PIDFDTRACE_ABI_VERSION, version);
	ASSERT_EQ(0, ioctl(self->s.reader, PIDFDTRACE_IOC_SET_FILTER, &f));
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR2, NULL, 0));
	ASSERT_EQ(0, ioctl(self->s.reader, PIDFDTRACE_IOC_GET_STATS, &stats));
	EXPECT_EQ(2U, stats.reader_records);
	EXPECT_EQ(2U, stats.reader_filtered);
	EXPECT_EQ(1U << 20, stats.buffer_size);
	ASSERT_LE(0, reader_drain(self->s.reader, &trace));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_CALL));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_DELIVERY));
	EXPECT_EQ(SIGUSR2, trace_call(&trace, getpid(), 0)->sig);
}

TEST_HARNESS_MAIN
