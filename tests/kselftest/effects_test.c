// SPDX-License-Identifier: GPL-2.0
/*
 * What a signal did besides being delivered or not: a dying target, a
 * stopped process resumed, a group stop cut short, pending stop signals
 * or SIGCONT thrown away. The kernel does these in prepare_signal()
 * (kernel/signal.c), under the target's siglock, before the
 * signal_generate tracepoint reports its result; the delivery record says
 * which happened in its effects (and discarded set), and the tests check
 * it against what the target and its parent can see: /proc's state and
 * pending sets, the SIGCHLD the parent gets, the target's sigpending().
 *
 * The old module (ABI 1) had no effects at all, and guessed the outcome
 * from the pending set after the fact.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/pidfdtrace.h>

#include "kselftest_harness.h"
#include "pidfdtrace_test.h"
#include "receiver.h"
#include "witness.h"

static struct trace trace;
static struct witness witness;

FIXTURE(effects) {
	int reader;
	pid_t child;		/* the target, killed and reaped at the end */
	pid_t grandchild;	/* its vfork child, if any */
	struct receiver receiver;
	sigset_t sigchld;
};

FIXTURE_SETUP(effects)
{
	siginfo_t si;

	self->reader = -1;
	self->child = -1;
	self->grandchild = -1;
	self->receiver.pid = -1;
	self->receiver.cmd = self->receiver.rep = -1;
	/* The parent's view of stops and continues: SIGCHLD, taken in turn. */
	sigemptyset(&self->sigchld);
	sigaddset(&self->sigchld, SIGCHLD);
	ASSERT_EQ(0, sigprocmask(SIG_BLOCK, &self->sigchld, NULL));
	while (sigtimedwait(&self->sigchld, &si, &(struct timespec){ 0, 0 }) > 0)
		;
	ASSERT_EQ(0, pidfdtrace_reload(NULL));
	ASSERT_EQ(0, prctl(PR_SET_NAME, "pft-sender"));
	trace.len = 0;
}

FIXTURE_TEARDOWN(effects)
{
	witness_release(&witness);
	if (self->grandchild > 0)
		kill(self->grandchild, SIGKILL);
	if (self->child > 0) {
		kill(self->child, SIGKILL);
		waitpid(self->child, NULL, 0);
	}
	receiver_stop(&self->receiver);
	if (self->reader >= 0)
		close(self->reader);
	pidfdtrace_unload();
}

/* After the targets exist, so that they do not hold the reader open. */
static void begin(struct __test_metadata *_metadata, int *reader)
{
	*reader = reader_open(1 << 20);
	ASSERT_LE(0, *reader);
	WITNESS_START(&witness, 0);
}

/* The one delivery of the test's one call, checked against the witness. */
static const struct pidfdtrace_delivery *
the_delivery(struct __test_metadata *_metadata, int reader, int sig)
{
	const struct pidfdtrace_call *c;
	const struct pidfdtrace_delivery *d;
	struct witness_report r;

	witness_finish(_metadata, &witness, reader, &trace, &r);
	EXPECT_EQ(1, r.calls);
	c = trace_call(&trace, getpid(), 0);
	if (!c)
		return NULL;
	EXPECT_EQ(NULL, trace_call(&trace, getpid(), 1));
	EXPECT_EQ(sig, c->sig);
	EXPECT_EQ(0, c->ret);
	EXPECT_EQ(1U, c->deliveries);
	d = trace_delivery(&trace, c->hdr.seq, 0);
	if (d) {
		TH_LOG("delivery: sig %d to %u, outcome %u, effects %#x, discarded %#llx",
		       d->sig, d->target.pid, d->outcome, d->effects,
		       (unsigned long long)d->discarded);
		EXPECT_EQ(sig, d->sig);
	}
	return d;
}

/* The si_code of the next SIGCHLD, or -errno (-EAGAIN: none in time). */
static int next_sigchld(const sigset_t *sigchld, long ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000 };
	siginfo_t si;

	if (sigtimedwait(sigchld, &si, &ts) < 0)
		return -errno;
	return si.si_code;
}

/*
 * A zombie child, not reaped: killed by @sig in pause(), or, with
 * @block_first, exited by itself once @sig, blocked, was pending.
 */
static pid_t zombie_killed_by(struct __test_metadata *_metadata, int sig,
			      bool block_first)
{
	sigset_t set;
	int p[2];
	pid_t pid;
	char c;

	ASSERT_EQ(0, pipe(p));
	pid = fork_child();
	if (pid == 0) {
		prctl(PR_SET_NAME, "pft-zombie");
		sigemptyset(&set);
		sigaddset(&set, sig);
		if (block_first)
			sigprocmask(SIG_BLOCK, &set, NULL);
		c = 0;
		if (write(p[1], &c, 1) != 1)
			_exit(1);
		if (!block_first)
			for (;;)
				pause();
		/* Exit once the blocked signal is pending: it stays so. */
		for (;;) {
			if (!sigpending(&set) && sigismember(&set, sig))
				_exit(0);
			usleep(1000);
		}
	}
	ASSERT_LT(0, pid);
	ASSERT_EQ(1, read(p[0], &c, 1));
	close(p[0]);
	close(p[1]);
	ASSERT_EQ(0, kill(pid, sig));
	ASSERT_TRUE(wait_proc_state(pid, pid, 'Z')) {
		TH_LOG("child %d never became a zombie (state '%c')", pid,
		       proc_state(pid, pid));
	}
	return pid;
}

/*
 * A dead process's signal: dropped, and the tracepoint says IGNORED (see
 * dying_target_outcome()). The old module saw SIGKILL's bit, which a zombie keeps, and said
 * ALREADY_PENDING on every kernel.
 */
TEST_F(effects, sigkill_to_a_zombie_is_ignored_because_it_is_exiting)
{
	const struct pidfdtrace_delivery *d;
	int pidfd;

	self->child = zombie_killed_by(_metadata, SIGKILL, false);
	pidfd = sys_pidfd_open(self->child, 0);
	ASSERT_LE(0, pidfd);
	TH_LOG("the zombie's SigPnd: %#llx",
	       proc_sigmask(self->child, "SigPnd"));
	begin(_metadata, &self->reader);

	EXPECT_EQ(0, pidfd_send(pidfd, SIGKILL, NULL, 0));

	d = the_delivery(_metadata, self->reader, SIGKILL);
	ASSERT_NE(NULL, d);
	EXPECT_EQ(dying_target_outcome(), d->outcome);
	EXPECT_EQ(PIDFDTRACE_EFFECT_TARGET_EXITING, d->effects);
	EXPECT_EQ(0ULL, d->discarded);
	EXPECT_EQ((__u32)self->child, d->target.pid);
	close(pidfd);
}

/*
 * A zombie that died with SIGTERM blocked and pending: the bit is still
 * set in its shared pending set, and the old module called the new
 * SIGTERM ALREADY_PENDING. The kernel ignores it: the group is exiting.
 */
TEST_F(effects, sigterm_to_a_zombie_with_sigterm_pending_is_ignored_because_it_is_exiting)
{
	const struct pidfdtrace_delivery *d;
	int pidfd;

	self->child = zombie_killed_by(_metadata, SIGTERM, true);
	pidfd = sys_pidfd_open(self->child, 0);
	ASSERT_LE(0, pidfd);
	EXPECT_NE(0ULL, proc_sigmask(self->child, "ShdPnd") & SIGBIT(SIGTERM)) {
		TH_LOG("the zombie's ShdPnd %#llx lacks SIGTERM",
		       proc_sigmask(self->child, "ShdPnd"));
	}
	begin(_metadata, &self->reader);

	EXPECT_EQ(0, pidfd_send(pidfd, SIGTERM, NULL, 0));

	d = the_delivery(_metadata, self->reader, SIGTERM);
	ASSERT_NE(NULL, d);
	EXPECT_EQ(dying_target_outcome(), d->outcome);
	EXPECT_EQ(PIDFDTRACE_EFFECT_TARGET_EXITING, d->effects);
	close(pidfd);
}

/*
 * SIGCONT to a stopped process (SIGNAL_STOP_STOPPED: its group stop was
 * complete) resumes it, and its parent gets CLD_CONTINUED. The signal
 * itself is ignored (SIGCONT's default action), so the outcome alone
 * says nothing happened: the effect RESUMED says what did. The old module
 * reported IGNORED and nothing else.
 */
TEST_F(effects, sigcont_to_a_stopped_process_resumes_it)
{
	const struct pidfdtrace_delivery *d;
	int pidfd;

	self->child = spawn_target("pft-stopped");
	ASSERT_LT(0, self->child);
	pidfd = sys_pidfd_open(self->child, 0);
	ASSERT_LE(0, pidfd);
	begin(_metadata, &self->reader);

	ASSERT_EQ(0, kill(self->child, SIGSTOP));
	ASSERT_TRUE(wait_proc_state(self->child, self->child, 'T'));
	EXPECT_EQ(CLD_STOPPED, next_sigchld(&self->sigchld, 5000));
	EXPECT_EQ(0, pidfd_send(pidfd, SIGCONT, NULL, 0));
	EXPECT_TRUE(wait_proc_state(self->child, self->child, 'S')) {
		TH_LOG("target in state '%c' after SIGCONT",
		       proc_state(self->child, self->child));
	}
	EXPECT_EQ(CLD_CONTINUED, next_sigchld(&self->sigchld, 5000));

	d = the_delivery(_metadata, self->reader, SIGCONT);
	ASSERT_NE(NULL, d);
	EXPECT_EQ(PIDFDTRACE_OUTCOME_IGNORED, d->outcome);
	EXPECT_EQ(PIDFDTRACE_EFFECT_RESUMED, d->effects);
	EXPECT_EQ(0ULL, d->discarded);
	close(pidfd);
}

/*
 * A fatal signal: SIGTERM to a process that does not handle it. The kernel
 * queues it, and complete_signal() begins the group exit before the
 * tracepoint: the process was not exiting before, this signal killed it.
 */
TEST_F(effects, a_fatal_signal_is_queued_and_kills_the_process)
{
	const struct pidfdtrace_delivery *d;
	int pidfd, status;

	self->child = fork_child();
	ASSERT_LE(0, self->child);
	if (self->child == 0) {
		prctl(PR_SET_NAME, "pft-doomed");
		for (;;)
			pause();
	}
	wait_sleeping(self->child);
	pidfd = sys_pidfd_open(self->child, 0);
	ASSERT_LE(0, pidfd);
	begin(_metadata, &self->reader);

	EXPECT_EQ(0, pidfd_send(pidfd, SIGTERM, NULL, 0));
	ASSERT_EQ(self->child, waitpid(self->child, &status, 0));
	self->child = -1;
	EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);

	d = the_delivery(_metadata, self->reader, SIGTERM);
	ASSERT_NE(NULL, d);
	EXPECT_EQ(PIDFDTRACE_OUTCOME_DELIVERED, d->outcome);
	EXPECT_EQ(PIDFDTRACE_EFFECT_KILLED, d->effects);
	close(pidfd);
}

/* What an unmapped uid becomes in a user namespace. */
static unsigned int overflow_uid(void)
{
	unsigned int uid = 65534;
	FILE *f = fopen("/proc/sys/kernel/overflowuid", "r");

	if (f) {
		if (fscanf(f, "%u", &uid) != 1)
			uid = 65534;
		fclose(f);
	}
	return uid;
}

/*
 * A receiver in a user namespace of its own, without a uid map: the
 * sender's uid 0 means nothing there, and send_signal_locked() rewrites
 * si_uid to the overflow uid before the signal is queued. The delivery's
 * siginfo is what the receiver gets, and says it crossed namespaces.
 */
TEST_F(effects, a_receiver_in_another_user_namespace_gets_the_siginfo_rewritten)
{
	const struct pidfdtrace_delivery *d;
	struct received got = {};
	int ready[2], report[2], pidfd;
	sigset_t set;
	siginfo_t si;
	char c = 0;

	ASSERT_EQ(0, pipe(ready));
	ASSERT_EQ(0, pipe(report));
	self->child = fork_child();
	ASSERT_LE(0, self->child);
	if (self->child == 0) {
		prctl(PR_SET_NAME, "pft-userns");
		sigemptyset(&set);
		sigaddset(&set, SIGUSR1);
		sigprocmask(SIG_BLOCK, &set, NULL);
		if (unshare(CLONE_NEWUSER) || write(ready[1], &c, 1) != 1)
			_exit(1);
		memset(&si, 0, sizeof(si));
		if (sigwaitinfo(&set, &si) != SIGUSR1)
			_exit(1);
		got.signo = si.si_signo;
		got.code = si.si_code;
		got.pid = si.si_pid;
		got.uid = si.si_uid;
		_exit(write(report[1], &got, sizeof(got)) == sizeof(got) ? 0 : 1);
	}
	ASSERT_EQ(1, read(ready[0], &c, 1)) TH_LOG("no user namespace");
	pidfd = sys_pidfd_open(self->child, 0);
	ASSERT_LE(0, pidfd);
	begin(_metadata, &self->reader);

	EXPECT_EQ(0, pidfd_send(pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ((ssize_t)sizeof(got), read(report[0], &got, sizeof(got)));

	d = the_delivery(_metadata, self->reader, SIGUSR1);
	ASSERT_NE(NULL, d);
	EXPECT_EQ(PIDFDTRACE_OUTCOME_DELIVERED, d->outcome);
	EXPECT_EQ(PIDFDTRACE_EFFECT_CROSS_NAMESPACE, d->effects);
	/* What the receiver got, field for field. */
	EXPECT_EQ(SIGUSR1, got.signo);
	EXPECT_EQ(got.signo, d->siginfo.signo);
	EXPECT_EQ(SI_USER, got.code);
	EXPECT_EQ(got.code, d->siginfo.code);
	EXPECT_EQ(getpid(), got.pid);
	EXPECT_EQ(got.pid, d->siginfo.pid);
	EXPECT_EQ(overflow_uid(), got.uid);
	EXPECT_EQ(got.uid, d->siginfo.uid);
	close(pidfd);
	close(ready[0]);
	close(ready[1]);
	close(report[0]);
	close(report[1]);
}

/*
 * The control for the test above: SIGCONT to a process that runs resumes
 * nothing. (The old module got this one right, by luck: it reported no
 * effects at all.)
 */
TEST_F(effects, sigcont_to_a_running_process_resumes_nothing)
{
	const struct pidfdtrace_delivery *d;
	int pidfd;

	self->child = spawn_target("pft-running");
	ASSERT_LT(0, self->child);
	wait_sleeping(self->child);
	pidfd = sys_pidfd_open(self->child, 0);
	ASSERT_LE(0, pidfd);
	begin(_metadata, &self->reader);

	EXPECT_EQ(0, pidfd_send(pidfd, SIGCONT, NULL, 0));
	EXPECT_EQ(-EAGAIN, next_sigchld(&self->sigchld, 200));

	d = the_delivery(_metadata, self->reader, SIGCONT);
	ASSERT_NE(NULL, d);
	EXPECT_EQ(PIDFDTRACE_OUTCOME_IGNORED, d->outcome);
	EXPECT_EQ(0U, d->effects);
	EXPECT_EQ(0ULL, d->discarded);
	close(pidfd);
}

/*
 * A group stop that cannot complete. SIGSTOP makes the thread that takes
 * it start a group stop (do_signal_stop()): group_stop_count counts every
 * thread not yet stopped, JOBCTL_STOP_PENDING is set on each, and they are
 * woken with signal_wake_up(t, 0), which wakes TASK_INTERRUPTIBLE sleepers
 * only. A thread waiting for its vfork child (wait_for_vfork_done(),
 * TASK_KILLABLE: 'D') is not woken, never takes part, and the stop stays
 * in progress: the main thread is 'T', group_stop_count is 1 and
 * SIGNAL_STOP_STOPPED is not set (no CLD_STOPPED yet). SIGCONT then takes
 * prepare_signal()'s "in the middle of a group stop" branch: it sets
 * SIGNAL_CLD_STOPPED, zeroes group_stop_count, and the parent gets
 * CLD_STOPPED (not CLD_CONTINUED) when the main thread runs again.
 */
static int blocker_pipe = -1;
static unsigned long vfork_stack[8192];

static int vfork_child(void *arg)
{
	pid_t me = getpid();

	(void)arg;
	/* Dies with the thread that waits for it, when the test kills. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (write(blocker_pipe, &me, sizeof(me)) != sizeof(me))
		_exit(1);
	for (;;)
		pause();
	return 0;
}

static void *vfork_thread(void *arg)
{
	pid_t tid = sys_gettid();

	(void)arg;
	if (write(blocker_pipe, &tid, sizeof(tid)) != sizeof(tid))
		return NULL;
	/* A vfork (no CLONE_VM: the child has its own copy to run on). */
	clone(vfork_child, vfork_stack + ARRAY_SIZE(vfork_stack),
	      CLONE_VFORK | SIGCHLD, NULL);
	return NULL;
}

TEST_F(effects, sigcont_during_a_group_stop_in_progress_cancels_it)
{
	const struct pidfdtrace_delivery *d;
	pthread_t thread;
	pid_t tid = -1;
	int p[2], pidfd;

	ASSERT_EQ(0, pipe(p));
	self->child = fork_child();
	if (self->child == 0) {
		prctl(PR_SET_NAME, "pft-stopping");
		blocker_pipe = p[1];
		if (pthread_create(&thread, NULL, vfork_thread, NULL))
			_exit(1);
		for (;;)
			pause();
	}
	ASSERT_LT(0, self->child);
	close(p[1]);
	ASSERT_EQ(sizeof(tid), read(p[0], &tid, sizeof(tid)));
	ASSERT_EQ(sizeof(pid_t), read(p[0], &self->grandchild, sizeof(pid_t)));
	close(p[0]);
	ASSERT_TRUE(wait_proc_state(self->child, tid, 'D')) {
		TH_LOG("the vfork parent thread %d is in state '%c'", tid,
		       proc_state(self->child, tid));
	}
	wait_sleeping(self->child);
	pidfd = sys_pidfd_open(self->child, 0);
	ASSERT_LE(0, pidfd);
	begin(_metadata, &self->reader);

	ASSERT_EQ(0, kill(self->child, SIGSTOP));
	ASSERT_TRUE(wait_proc_state(self->child, self->child, 'T'));
	EXPECT_EQ('D', proc_state(self->child, tid));
	/* The stop is not complete: no CLD_STOPPED. */
	EXPECT_EQ(-EAGAIN, next_sigchld(&self->sigchld, 200));

	EXPECT_EQ(0, pidfd_send(pidfd, SIGCONT, NULL, 0));
	EXPECT_TRUE(wait_proc_state(self->child, self->child, 'S')) {
		TH_LOG("main thread in state '%c' after SIGCONT",
		       proc_state(self->child, self->child));
	}
	EXPECT_EQ(CLD_STOPPED, next_sigchld(&self->sigchld, 5000));

	d = the_delivery(_metadata, self->reader, SIGCONT);
	ASSERT_NE(NULL, d);
	EXPECT_EQ(PIDFDTRACE_OUTCOME_IGNORED, d->outcome);
	EXPECT_EQ(PIDFDTRACE_EFFECT_STOP_CANCELLED, d->effects);
	close(pidfd);
}

/* A receiver blocking @blocked, with @blocked sent to it by kill(). */
static void receiver_with_pending(struct __test_metadata *_metadata,
				  struct receiver *receiver, int blocked)
{
	struct receiver_config cfg = { .comm = "pft-pending" };
	struct received got;

	sigemptyset(&cfg.block);
	sigaddset(&cfg.block, blocked);
	ASSERT_EQ(0, receiver_spawn(receiver, &cfg));
	ASSERT_EQ(0, kill(receiver->pid, blocked));
	ASSERT_EQ(0, receiver_ask(receiver, RECEIVER_PENDING, &got));
	ASSERT_EQ(SIGBIT(blocked), got.pending & SIGBIT(blocked)) {
		TH_LOG("the receiver's pending set %#llx lacks signal %d",
		       got.pending, blocked);
	}
}

/*
 * A stop signal removes SIGCONT from every queue of the target
 * (prepare_signal()): the SIGCONT the target blocked is gone, and the
 * delivery says which signals went. The old module could not see it.
 */
TEST_F(effects, sigstop_discards_a_pending_sigcont)
{
	const struct pidfdtrace_delivery *d;
	int pidfd;

	receiver_with_pending(_metadata, &self->receiver, SIGCONT);
	pidfd = sys_pidfd_open(self->receiver.pid, 0);
	ASSERT_LE(0, pidfd);
	begin(_metadata, &self->reader);

	EXPECT_EQ(0, pidfd_send(pidfd, SIGSTOP, NULL, 0));
	EXPECT_TRUE(wait_proc_state(self->receiver.pid, self->receiver.pid, 'T'));
	EXPECT_EQ(0ULL, proc_sigmask(self->receiver.pid, "ShdPnd") & SIGBIT(SIGCONT));

	d = the_delivery(_metadata, self->reader, SIGSTOP);
	ASSERT_NE(NULL, d);
	EXPECT_EQ(PIDFDTRACE_OUTCOME_DELIVERED, d->outcome);
	EXPECT_EQ(PIDFDTRACE_EFFECT_DISCARDED, d->effects);
	EXPECT_EQ(SIGBIT(SIGCONT), d->discarded);
	close(pidfd);
}

/* And SIGCONT removes pending stop signals: a blocked SIGTSTP goes. */
TEST_F(effects, sigcont_discards_a_pending_sigtstp)
{
	const struct pidfdtrace_delivery *d;
	struct received got;
	int pidfd;

	receiver_with_pending(_metadata, &self->receiver, SIGTSTP);
	pidfd = sys_pidfd_open(self->receiver.pid, 0);
	ASSERT_LE(0, pidfd);
	begin(_metadata, &self->reader);

	EXPECT_EQ(0, pidfd_send(pidfd, SIGCONT, NULL, 0));
	ASSERT_EQ(0, receiver_ask(&self->receiver, RECEIVER_PENDING, &got));
	EXPECT_EQ(0ULL, got.pending & SIGBIT(SIGTSTP));

	d = the_delivery(_metadata, self->reader, SIGCONT);
	ASSERT_NE(NULL, d);
	EXPECT_EQ(PIDFDTRACE_OUTCOME_IGNORED, d->outcome);
	EXPECT_EQ(PIDFDTRACE_EFFECT_DISCARDED, d->effects);
	EXPECT_EQ(SIGBIT(SIGTSTP), d->discarded);
	close(pidfd);
}

TEST_HARNESS_MAIN
