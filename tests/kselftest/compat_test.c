// SPDX-License-Identifier: GPL-2.0
/*
 * A 32-bit sender (this program is built with -m32): its calls go through
 * the kernel's ia32 entry, and its siginfo has the compat layout. Both
 * must be traced as faithfully as a 64-bit sender's.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include <linux/pidfdtrace.h>

#include "kselftest_harness.h"
#include "pidfdtrace_test.h"

static struct trace trace;

FIXTURE(compat) {
	int reader;
	pid_t target;
	int pidfd;
};

FIXTURE_SETUP(compat)
{
	int ret = pidfdtrace_unload();

	ASSERT_TRUE(ret == 0 || ret == -ENOENT);
	ASSERT_EQ(0, pidfdtrace_load(NULL));
	ASSERT_EQ(0, prctl(PR_SET_NAME, "pft-sender32"));
	self->target = spawn_target("pft-target");
	ASSERT_LT(0, self->target);
	wait_sleeping(self->target);
	self->reader = reader_open(0);
	ASSERT_LE(0, self->reader);
	self->pidfd = sys_pidfd_open(self->target, 0);
	ASSERT_LE(0, self->pidfd);
	trace.len = 0;
}

FIXTURE_TEARDOWN(compat)
{
	reap(self->target);
	close(self->pidfd);
	close(self->reader);
	pidfdtrace_unload();
}

TEST_F(compat, call_from_a_32bit_process_is_traced)
{
	const struct pidfdtrace_call *c;
	const struct pidfdtrace_delivery *d;

	ASSERT_EQ(sizeof(void *), 4U);
	ASSERT_EQ(0, pidfd_send(self->pidfd, SIGUSR1, NULL, 0));
	ASSERT_LE(0, reader_drain(self->reader, &trace));
	c = trace_call(&trace, getpid(), 0);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(self->pidfd, c->pidfd);
	EXPECT_EQ(SIGUSR1, c->sig);
	EXPECT_EQ(0, c->ret);
	EXPECT_EQ((__u32)getpid(), c->sender.pid);
	EXPECT_STREQ("pft-sender32", c->sender.comm);
	EXPECT_EQ((__u32)self->target, c->target.pid);
	d = trace_delivery(&trace, c->hdr.seq, 0);
	ASSERT_NE(NULL, d);
	EXPECT_EQ((__u32)self->target, d->target.pid);
	EXPECT_EQ(PIDFDTRACE_OUTCOME_QUEUED, d->outcome);
}

TEST_F(compat, compat_siginfo_is_decoded)
{
	const struct pidfdtrace_call *c;
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
	ASSERT_LE(0, reader_drain(self->reader, &trace));
	c = trace_call(&trace, getpid(), 0);
	ASSERT_NE(NULL, c);
	EXPECT_EQ((__u64)(unsigned long)&info, c->info);
	EXPECT_EQ(PIDFDTRACE_SIGINFO_READ, c->siginfo_state);
	EXPECT_EQ(SIGUSR2, c->siginfo.signo);
	EXPECT_EQ(3, c->siginfo.error);
	EXPECT_EQ(SI_QUEUE, c->siginfo.code);
	EXPECT_EQ(4242, c->siginfo.pid);
	EXPECT_EQ(1234U, c->siginfo.uid);
	EXPECT_EQ((__u64)(__u32)-7, c->siginfo.value);
	close(self_fd);
}

TEST_HARNESS_MAIN
