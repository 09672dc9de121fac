// SPDX-License-Identifier: GPL-2.0
/*
 * Outcomes the pending set cannot tell apart: a signal that became
 * pending without its siginfo (LOSE_INFO), and a realtime signal the full
 * queue refused (OVERFLOW_FAIL). The receiver's RLIMIT_SIGPENDING is 0,
 * so nothing sent to it can queue a siginfo (__sigqueue_alloc() in
 * kernel/signal.c), unless the rlimit is overridden: a signal below
 * SIGRTMIN with an si_code >= 0 (kill()'s SI_USER) always queues. Each
 * test holds the delivery against the signal_generate tracepoint's result
 * and against what the receiver's sigtimedwait() got.
 *
 * The old module (ABI 1) derived the outcome from the pending bit after
 * the fact: a lost siginfo leaves the bit set, so it said QUEUED; and it
 * read the call's siginfo back from user memory at return.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <linux/pidfdtrace.h>

#include "kselftest_harness.h"
#include "pidfdtrace_test.h"
#include "receiver.h"
#include "witness.h"

static struct trace trace;
static struct witness witness;

FIXTURE(outcome) {
	struct receiver starved;	/* RLIMIT_SIGPENDING 0 */
	int pidfd;
	int reader;
};

FIXTURE_SETUP(outcome)
{
	struct receiver_config cfg = {
		.comm = "pft-starved",
		.no_sigpending = true,
	};

	self->reader = -1;
	self->pidfd = -1;
	ASSERT_EQ(0, pidfdtrace_reload(NULL));
	ASSERT_EQ(0, prctl(PR_SET_NAME, "pft-sender"));
	sigemptyset(&cfg.block);
	sigaddset(&cfg.block, SIGUSR1);
	sigaddset(&cfg.block, SIGRTMIN);
	ASSERT_EQ(0, receiver_spawn(&self->starved, &cfg));
	self->pidfd = sys_pidfd_open(self->starved.pid, 0);
	ASSERT_LE(0, self->pidfd);
	self->reader = reader_open(1 << 20);
	ASSERT_LE(0, self->reader);
	trace.len = 0;
	WITNESS_START(&witness, 0);
}

FIXTURE_TEARDOWN(outcome)
{
	witness_release(&witness);
	receiver_stop(&self->starved);
	if (self->pidfd >= 0)
		close(self->pidfd);
	if (self->reader >= 0)
		close(self->reader);
	pidfdtrace_unload();
}

/* sigqueue()'s siginfo: SI_QUEUE may go to another process. */
static siginfo_t queued(int sig, int value)
{
	siginfo_t info;

	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = SI_QUEUE;
	info.si_pid = getpid();
	info.si_uid = getuid();
	info.si_value.sival_int = value;
	return info;
}

/*
 * The test's one call and its one delivery, after the witness agreed.
 * NULL when there is none (the test fails then).
 */
static const struct pidfdtrace_delivery *
the_delivery(struct __test_metadata *_metadata, int reader,
	     const struct pidfdtrace_call **call)
{
	const struct pidfdtrace_delivery *d;
	struct witness_report r;

	witness_finish(_metadata, &witness, reader, &trace, &r);
	EXPECT_EQ(1, r.calls);
	*call = trace_call(&trace, getpid(), 0);
	if (!*call)
		return NULL;
	EXPECT_EQ(1U, (*call)->deliveries);
	EXPECT_EQ(1, trace_deliveries(&trace, (*call)->hdr.seq));
	d = trace_delivery(&trace, (*call)->hdr.seq, 0);
	if (d)
		TH_LOG("call ret %d; delivery: sig %d, outcome %u, effects %#x, siginfo code %d pid %d uid %u value %llu",
		       (*call)->ret, d->sig, d->outcome, d->effects,
		       d->siginfo.code, d->siginfo.pid, d->siginfo.uid,
		       (unsigned long long)d->siginfo.value);
	return d;
}

/*
 * SIGUSR1 with sigqueue()'s siginfo to a receiver that may queue nothing:
 * the signal is pending, its siginfo is not (LOSE_INFO), the call returns
 * 0, and the receiver gets SI_USER with si_pid and si_uid 0 instead of
 * what was sent. The tracepoint, and so the delivery, shows the siginfo
 * the sender passed.
 */
TEST_F(outcome, a_signal_the_full_queue_cannot_hold_loses_its_siginfo)
{
	const struct pidfdtrace_delivery *d;
	const struct pidfdtrace_call *c;
	siginfo_t info = queued(SIGUSR1, 42);
	struct received got;

	EXPECT_EQ(0, pidfd_send(self->pidfd, SIGUSR1, &info, 0));
	ASSERT_EQ(0, receiver_ask(&self->starved, RECEIVER_WAIT, &got));
	EXPECT_EQ(0, got.err);
	EXPECT_EQ(SIGUSR1, got.signo);
	EXPECT_EQ(SI_USER, got.code);
	EXPECT_EQ(0, got.pid);
	EXPECT_EQ(0U, got.uid);

	d = the_delivery(_metadata, self->reader, &c);
	ASSERT_NE(NULL, d);
	EXPECT_EQ(0, c->ret);
	EXPECT_EQ(PIDFDTRACE_SIGINFO_KERNEL, c->siginfo_state);
	EXPECT_EQ(SI_QUEUE, c->siginfo.code);
	EXPECT_EQ(42, (int)c->siginfo.value);
	EXPECT_EQ(PIDFDTRACE_OUTCOME_LOSE_INFO, d->outcome);
	EXPECT_EQ(0U, d->effects);
	EXPECT_EQ(SIGUSR1, d->sig);
	EXPECT_EQ(SI_QUEUE, d->siginfo.code);
	EXPECT_EQ(getpid(), d->siginfo.pid);
	EXPECT_EQ(42, (int)d->siginfo.value);
	EXPECT_EQ((__u32)self->starved.pid, d->target.pid);
}

/*
 * A realtime signal with sigqueue()'s siginfo is not sent at all when it
 * cannot queue: the call fails with EAGAIN, the tracepoint says
 * OVERFLOW_FAIL, and the receiver has nothing pending. A signal was
 * generated all the same, so the call's siginfo and target are the
 * kernel's; the old module read the siginfo back from user memory and
 * resolved the target from the fd itself.
 */
TEST_F(outcome, a_realtime_signal_the_full_queue_cannot_hold_fails_with_eagain)
{
	const struct pidfdtrace_delivery *d;
	const struct pidfdtrace_call *c;
	siginfo_t info = queued(SIGRTMIN, 7);
	struct received got;

	EXPECT_EQ(-EAGAIN, pidfd_send(self->pidfd, SIGRTMIN, &info, 0));
	ASSERT_EQ(0, receiver_ask(&self->starved, RECEIVER_POLL, &got));
	EXPECT_EQ(EAGAIN, got.err) {
		TH_LOG("the receiver got signal %d, code %d", got.signo,
		       got.code);
	}
	EXPECT_EQ(0ULL, got.pending & SIGBIT(SIGRTMIN));

	d = the_delivery(_metadata, self->reader, &c);
	ASSERT_NE(NULL, d);
	EXPECT_EQ(-EAGAIN, c->ret);
	/* A signal was generated: the siginfo is the kernel's. */
	EXPECT_EQ(PIDFDTRACE_SIGINFO_KERNEL, c->siginfo_state);
	EXPECT_EQ(7, (int)c->siginfo.value);
	EXPECT_EQ(PIDFDTRACE_SOURCE_KERNEL, c->target_source);
	EXPECT_EQ(PIDFDTRACE_OUTCOME_OVERFLOW_FAIL, d->outcome);
	EXPECT_EQ(SIGRTMIN, d->sig);
	EXPECT_EQ(SI_QUEUE, d->siginfo.code);
}

/*
 * A realtime signal sent like kill() (no siginfo: SI_USER) is not allowed
 * to fail: it is pending without its siginfo. The old module said QUEUED,
 * and the receiver does not get the sender's pid it would expect.
 */
TEST_F(outcome, a_realtime_signal_without_siginfo_loses_its_siginfo_not_fails)
{
	const struct pidfdtrace_delivery *d;
	const struct pidfdtrace_call *c;
	struct received got;

	EXPECT_EQ(0, pidfd_send(self->pidfd, SIGRTMIN, NULL, 0));
	ASSERT_EQ(0, receiver_ask(&self->starved, RECEIVER_WAIT, &got));
	EXPECT_EQ(SIGRTMIN, got.signo);
	EXPECT_EQ(SI_USER, got.code);
	EXPECT_EQ(0, got.pid);

	d = the_delivery(_metadata, self->reader, &c);
	ASSERT_NE(NULL, d);
	EXPECT_EQ(0, c->ret);
	EXPECT_EQ(PIDFDTRACE_SIGINFO_NONE, c->siginfo_state);
	EXPECT_EQ(PIDFDTRACE_OUTCOME_LOSE_INFO, d->outcome);
	EXPECT_EQ(SI_USER, d->siginfo.code);
	EXPECT_EQ(getpid(), d->siginfo.pid);
}

TEST_HARNESS_MAIN
