// SPDX-License-Identifier: GPL-2.0
/*
 * The module against the kernel's own account: a workload that takes
 * pidfd_send_signal() down every path (success, every errno, signal 0, a
 * /proc fd, a thread pidfd, a process group, blocked, pending, ignored,
 * queue overflow, lost siginfo, a stopped and a dead target) with ftrace
 * watching, then every record held against what ftrace saw: the call's
 * arguments and return value, and each delivery's target, signal, siginfo
 * and outcome against the signal_generate tracepoint's result, one for
 * one and in order.
 *
 * The old module (ABI 1) fails here: it guessed the outcome from the
 * pending set after the fact (a zombie's SIGKILL was ALREADY_PENDING, the
 * tracepoint says IGNORED; a lost siginfo was QUEUED, the tracepoint says
 * LOSE_INFO), and read the siginfo from user memory at return.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
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

/*
 * The format of the `trace` file on mainline 6.12 (five context columns),
 * with a comm holding spaces and dashes, a signal from an interrupt in the
 * middle of a call (not the call's), and another signal the thread
 * generated during the call.
 */
static const char trace_6_12[] =
"# tracer: nop\n"
"#\n"
"# entries-in-buffer/entries-written: 9/9   #P:2\n"
"#\n"
"#                                _-----=> irqs-off/BH-disabled\n"
"#                               / _----=> need-resched\n"
"#                              | / _---=> hardirq/softirq\n"
"#                              || / _--=> preempt-depth\n"
"#                              ||| / _-=> migrate-disable\n"
"#                              |||| /     delay\n"
"#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
"#              | |         |   |||||     |         |\n"
"      a b-c [1]-412     [001] .....    12.000100: sys_pidfd_send_signal(pidfd: 3, sig: a, info: 7ffd12345678, flags: 0)\n"
"      a b-c [1]-412     [001] d.h1.    12.000101: signal_generate: sig=10 errno=0 code=128 comm=x pid=7 grp=1 res=0\n"
"      a b-c [1]-412     [001] d..1.    12.000102: signal_generate: sig=17 errno=0 code=1 comm=sh pid=1 grp=1 res=0\n"
"      a b-c [1]-412     [001] d..1.    12.000103: signal_generate: sig=10 errno=0 code=-1 comm=pft pid=9 grp=1 res=4\n"
"      a b-c [1]-412     [001] .....    12.000104: sys_pidfd_send_signal -> 0x0\n"
"           <...>-413     [000] .....    12.000105: sys_pidfd_send_signal(pidfd: ffffffff, sig: 0, info: 0, flags: 0)\n"
"           <...>-413     [000] .....    12.000106: sys_pidfd_send_signal -> 0xfffffffffffffff7\n"
"          worker-414     [000] .N...    12.000107: sys_pidfd_send_signal(pidfd: 5, sig: 2a, info: 0, flags: 4)\n"
"          worker-414     [000] d..2.    12.000108: signal_generate: sig=42 errno=0 code=0 comm=a pid= 1 pid=20 grp=1 res=2\n"
"          worker-414     [000] .....    12.000109: sys_pidfd_send_signal -> 0x0\n";

/* 6.1-rt: the lazy-preemption columns move hardirq/softirq to the 4th. */
static const char trace_6_1_rt[] =
"# tracer: nop\n"
"#\n"
"# entries-in-buffer/entries-written: 4/4   #P:2\n"
"#\n"
"#                                _-------=> irqs-off/BH-disabled\n"
"#                               / _------=> need-resched\n"
"#                              | / _-----=> need-resched-lazy\n"
"#                              || / _----=> hardirq/softirq\n"
"#                              ||| / _---=> preempt-depth\n"
"#                              |||| / _--=> preempt-lazy-depth\n"
"#                              ||||| / _-=> migrate-disable\n"
"#                              |||||| /     delay\n"
"#           TASK-PID     CPU#  |||||||  TIMESTAMP  FUNCTION\n"
"#              | |         |   |||||||      |         |\n"
"      pft-sender-500     [000] .......   100.500000: sys_pidfd_send_signal(pidfd: 4, sig: 9, info: 0, flags: 0)\n"
"      pft-sender-500     [000] d.Lh1..   100.500001: signal_generate: sig=9 errno=0 code=0 comm=t pid=501 grp=1 res=0\n"
"      pft-sender-500     [000] d...1..   100.500002: signal_generate: sig=9 errno=0 code=0 comm=t pid=501 grp=1 res=1\n"
"      pft-sender-500     [001] .......   100.500010: sys_pidfd_send_signal -> 0x0\n";

/* Parses canned text as witness_stop() parses the `trace` file. */
static int parse_text(struct witness *w, const char *text)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int ret;

	memset(w, 0, offsetof(struct witness, open));
	memset(w->open, 0xff, sizeof(w->open));
	if (!f)
		return -1;
	ret = witness_parse(w, f);
	fclose(f);
	return ret;
}

/*
 * Runs without the module: the witness's parser on each kernel's format.
 * If this fails, every comparison below means nothing.
 */
TEST(witness_reads_the_trace_formats_of_each_kernel)
{
	const struct witness_call *c;
	const struct witness_delivery *d;

	ASSERT_EQ(0, parse_text(&witness, trace_6_12)) {
		TH_LOG("%s", witness.error);
	}
	EXPECT_EQ(2, witness.hardsoft_col);
	EXPECT_EQ(0, witness.unparsed);
	EXPECT_EQ(9, witness.entries);
	EXPECT_EQ(9, witness.written);
	EXPECT_EQ(1, witness.irq_signals);
	ASSERT_EQ(3, witness.ncalls);

	c = &witness.calls[0];
	EXPECT_EQ(412, c->tid);
	EXPECT_EQ(3UL, c->pidfd);
	EXPECT_EQ(10UL, c->sig);
	EXPECT_EQ(0x7ffd12345678UL, c->info);
	EXPECT_EQ(0UL, c->flags);
	EXPECT_TRUE(c->returned);
	EXPECT_EQ(0, c->ret);
	EXPECT_EQ(12000100000ULL, c->enter_ns);
	EXPECT_EQ(12000104000ULL, c->exit_ns);
	EXPECT_EQ(1, c->other_signals);	/* the SIGCHLD */
	ASSERT_EQ(1, c->n);
	d = &witness.deliveries[c->first];
	EXPECT_EQ(9, d->pid);
	EXPECT_EQ(10, d->sig);
	EXPECT_EQ(-1, d->code);
	EXPECT_EQ(1, d->group);
	EXPECT_EQ(4, d->result);
	EXPECT_STREQ("pft", d->comm);

	c = &witness.calls[1];
	EXPECT_EQ(413, c->tid);
	EXPECT_EQ(-1, (int)c->pidfd);
	EXPECT_EQ(-EBADF, (int)c->ret);
	EXPECT_EQ(0, c->n);

	c = &witness.calls[2];
	EXPECT_EQ(414, c->tid);
	EXPECT_EQ(42UL, c->sig);
	EXPECT_EQ(4UL, c->flags);
	ASSERT_EQ(1, c->n);
	d = &witness.deliveries[c->first];
	EXPECT_STREQ("a pid= 1", d->comm);
	EXPECT_EQ(20, d->pid);
	EXPECT_EQ(2, d->result);
	witness_release(&witness);

	ASSERT_EQ(0, parse_text(&witness, trace_6_1_rt)) {
		TH_LOG("%s", witness.error);
	}
	EXPECT_EQ(3, witness.hardsoft_col);
	EXPECT_EQ(0, witness.unparsed);
	EXPECT_EQ(1, witness.irq_signals);
	ASSERT_EQ(1, witness.ncalls);
	c = &witness.calls[0];
	EXPECT_EQ(500, c->tid);
	ASSERT_EQ(1, c->n);
	EXPECT_EQ(1, witness.deliveries[c->first].result);
	EXPECT_EQ(100500010000ULL, c->exit_ns);
	witness_release(&witness);
}

/* Appends a record to @t; returns it. */
static void *put_record(struct trace *t, int type, size_t size, __u64 seq,
			__u64 time_ns)
{
	struct pidfdtrace_record_header *hdr = (void *)(t->buf + t->len);

	memset(hdr, 0, size);
	hdr->type = type;
	hdr->size = size;
	hdr->seq = seq;
	hdr->time_ns = time_ns;
	t->len += size;
	return hdr;
}

static struct pidfdtrace_call *put_call(struct trace *t, __u64 seq,
					__u64 time_ns, pid_t tid, int pidfd,
					int sig, __u64 info, __u32 flags,
					int ret)
{
	struct pidfdtrace_call *c = put_record(t, PIDFDTRACE_RECORD_CALL,
					       sizeof(*c), seq, time_ns);

	c->sender.pid = c->sender.tgid = tid;
	c->pidfd = pidfd;
	c->sig = sig;
	c->info = info;
	c->flags = flags;
	c->ret = ret;
	return c;
}

static struct pidfdtrace_delivery *put_delivery(struct trace *t, __u64 seq,
						__u64 call_seq, pid_t sender,
						pid_t pid, const char *comm,
						int sig, int code, int outcome)
{
	struct pidfdtrace_delivery *d = put_record(t, PIDFDTRACE_RECORD_DELIVERY,
						   sizeof(*d), seq, 0);

	d->call_seq = call_seq;
	d->sender_pid = d->sender_tgid = sender;
	d->target.pid = d->target.tgid = pid;
	snprintf(d->target.comm, sizeof(d->target.comm), "%s", comm);
	d->sig = sig;
	d->siginfo.signo = sig;
	d->siginfo.code = code;
	d->scope = PIDFDTRACE_SCOPE_PROCESS;
	d->outcome = outcome;
	return d;
}

/* Records that agree with trace_6_12, as the module should make them. */
static void agreeing_records(struct trace *t)
{
	struct pidfdtrace_call *c;

	t->len = 0;
	put_delivery(t, 2, 1, 412, 9, "pft", 10, -1, PIDFDTRACE_OUTCOME_LOSE_INFO);
	c = put_call(t, 1, 12000100500ULL, 412, 3, 10, 0x7ffd12345678ULL, 0, 0);
	c->deliveries = 1;
	c->siginfo_state = PIDFDTRACE_SIGINFO_KERNEL;
	c->siginfo.signo = 10;
	c->siginfo.code = -1;
	c->target_source = PIDFDTRACE_SOURCE_KERNEL;
	c->target.pid = c->target.tgid = 9;
	put_call(t, 3, 12000105500ULL, 413, -1, 0, 0, 0, -EBADF);
	put_delivery(t, 5, 4, 414, 20, "a pid= 1", 42, 0,
		     PIDFDTRACE_OUTCOME_ALREADY_PENDING);
	c = put_call(t, 4, 12000107200ULL, 414, 5, 42, 0, 4, 0);
	c->deliveries = 1;
	c->target_source = PIDFDTRACE_SOURCE_KERNEL;
}

/*
 * Runs without the module: the comparison finds what it must. A witness
 * that agreed with anything would make every test above pass.
 */
TEST(witness_compare_finds_every_kind_of_difference)
{
	struct witness_report r;
	struct pidfdtrace_call *c;

	ASSERT_EQ(0, parse_text(&witness, trace_6_12));
	witness.start_ns = 12000000000ULL;
	witness.stop_ns = 13000000000ULL;

	agreeing_records(&trace);
	EXPECT_EQ(0, witness_compare(_metadata, &witness, &trace, -1,
				     WITNESS_UNFILTERED, &r));
	EXPECT_EQ(3, r.paired);
	EXPECT_EQ(2, r.deliveries);
	EXPECT_TRUE(r.complete);
	EXPECT_EQ(1ULL, witness.calls[0].record_seq);

	/* An outcome that is not the tracepoint's result. */
	((struct pidfdtrace_delivery *)trace.buf)->outcome =
		PIDFDTRACE_OUTCOME_DELIVERED;
	EXPECT_EQ(1, witness_compare(_metadata, &witness, &trace, -1,
				     WITNESS_UNFILTERED, &r));
	EXPECT_EQ(1, r.mismatches);

	/* A return value, a siginfo the kernel did not use. */
	agreeing_records(&trace);
	c = (void *)(trace.buf + sizeof(struct pidfdtrace_delivery));
	c->ret = -EPERM;
	c->siginfo_state = PIDFDTRACE_SIGINFO_USER_UNVERIFIED;
	EXPECT_EQ(1, witness_compare(_metadata, &witness, &trace, -1,
				     WITNESS_UNFILTERED, &r));

	/* A call without a record: only when nothing was lost. */
	agreeing_records(&trace);
	trace.len -= sizeof(struct pidfdtrace_call);
	EXPECT_EQ(1, witness_compare(_metadata, &witness, &trace, -1,
				     WITNESS_UNFILTERED, &r));
	EXPECT_EQ(1, r.unrecorded);
	put_record(&trace, PIDFDTRACE_RECORD_LOST,
		   sizeof(struct pidfdtrace_lost), 0, 0);
	((struct pidfdtrace_lost *)(trace.buf + trace.len -
				    sizeof(struct pidfdtrace_lost)))->count = 2;
	EXPECT_EQ(0, witness_compare(_metadata, &witness, &trace, -1,
				     WITNESS_UNFILTERED, &r));
	EXPECT_FALSE(r.complete);

	/* A record of a call nobody made. */
	agreeing_records(&trace);
	put_call(&trace, 9, 12000200000ULL, 412, 3, 10, 0, 0, 0);
	EXPECT_EQ(1, witness_compare(_metadata, &witness, &trace, -1,
				     WITNESS_UNFILTERED, &r));
	EXPECT_EQ(1, r.unwitnessed);

	/* Entry-only: arguments compared, nothing made up. */
	agreeing_records(&trace);
	c = (void *)(trace.buf + sizeof(struct pidfdtrace_delivery));
	c->call_flags = PIDFDTRACE_CALL_RETURN_UNTRACED;
	c->deliveries = 0;
	memmove(trace.buf, c, trace.len - sizeof(struct pidfdtrace_delivery));
	trace.len -= sizeof(struct pidfdtrace_delivery);
	EXPECT_EQ(0, witness_compare(_metadata, &witness, &trace, -1,
				     WITNESS_UNFILTERED, &r));
	EXPECT_EQ(1, r.entry_only);
	((struct pidfdtrace_call *)trace.buf)->pidfd = 4;
	EXPECT_EQ(1, witness_compare(_metadata, &witness, &trace, -1,
				     WITNESS_UNFILTERED, &r));
	witness_release(&witness);
	trace.len = 0;
}

FIXTURE(workload) {
	struct receiver plain;		/* blocks SIGUSR2 and SIGRTMIN */
	struct receiver starved;	/* RLIMIT_SIGPENDING 0 */
	struct receiver leader;		/* a process group of two */
	struct receiver member;
	struct receiver stopped;	/* stopped and continued */
	int reader;
};

FIXTURE_SETUP(workload)
{
	struct receiver_config cfg = { .comm = "pft-target" };

	ASSERT_EQ(0, pidfdtrace_reload(NULL));
	ASSERT_EQ(0, prctl(PR_SET_NAME, "pft-sender"));
	self->reader = -1;
	self->starved.pid = self->leader.pid = -1;
	self->member.pid = self->stopped.pid = -1;

	/* The targets first: they must not hold the reader open. */
	sigemptyset(&cfg.block);
	sigaddset(&cfg.block, SIGUSR2);
	sigaddset(&cfg.block, SIGRTMIN);
	ASSERT_EQ(0, receiver_spawn(&self->plain, &cfg));
	cfg.comm = "pft-starved";
	sigaddset(&cfg.block, SIGUSR1);
	sigaddset(&cfg.block, SIGRTMIN + 1);
	cfg.no_sigpending = true;
	ASSERT_EQ(0, receiver_spawn(&self->starved, &cfg));
	cfg = (struct receiver_config){ .comm = "pft-leader", .new_pgrp = true };
	sigemptyset(&cfg.block);
	ASSERT_EQ(0, receiver_spawn(&self->leader, &cfg));
	cfg.comm = "pft-member";
	cfg.new_pgrp = false;
	ASSERT_EQ(0, receiver_spawn(&self->member, &cfg));
	ASSERT_EQ(0, setpgid(self->member.pid, self->leader.pid));
	cfg.comm = "pft-stopped";
	ASSERT_EQ(0, receiver_spawn(&self->stopped, &cfg));

	self->reader = reader_open(4 << 20);
	ASSERT_LE(0, self->reader);
	trace.len = 0;
	WITNESS_START(&witness, 0);
}

FIXTURE_TEARDOWN(workload)
{
	witness_release(&witness);
	receiver_stop(&self->plain);
	receiver_stop(&self->starved);
	receiver_stop(&self->leader);
	receiver_stop(&self->member);
	receiver_stop(&self->stopped);
	if (self->reader >= 0)
		close(self->reader);
	pidfdtrace_unload();
}

static siginfo_t make_info(int sig, int code, int value)
{
	siginfo_t info;

	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = code;
	info.si_pid = getpid();
	info.si_uid = getuid();
	info.si_value.sival_int = value;
	return info;
}

/* A pidfd of a process that exited and was reaped: ESRCH. */
static int reaped_pidfd(void)
{
	pid_t pid = fork_child();
	int fd;

	if (pid == 0)
		_exit(0);
	fd = sys_pidfd_open(pid, 0);
	waitpid(pid, NULL, 0);
	return fd;
}

/* A child killed and not reaped: the zombie's pid, its pidfd in @fd. */
static pid_t zombie(int *fd)
{
	pid_t pid = fork_child();

	if (pid == 0)
		for (;;)
			pause();
	*fd = sys_pidfd_open(pid, 0);
	kill(pid, SIGKILL);
	wait_state(pid, 'Z');
	return pid;
}

/* A call from another user: EPERM. Made by a child, as uid 65534. */
static int call_as_nobody(int pidfd)
{
	pid_t pid = fork_child();
	int status;

	if (pid == 0) {
		if (setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			_exit(100);
		_exit(-pidfd_send(pidfd, SIGUSR1, NULL, 0));
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? -WEXITSTATUS(status) : -1000;
}

TEST_F_TIMEOUT(workload, every_record_agrees_with_the_kernels_own_tracepoints, 120)
{
	int fd, procfd, leaderfd, stoppedfd, starvedfd, threadfd, devnull;
	struct witness_report r;
	int seen[5] = {}, errs[5] = {}, i, calls = 0;
	pid_t zpid;
	siginfo_t info;
	struct timespec one_second = { .tv_sec = 1 };
	sigset_t usr2;
	char path[64];

	fd = sys_pidfd_open(self->plain.pid, 0);
	ASSERT_LE(0, fd);
	starvedfd = sys_pidfd_open(self->starved.pid, 0);
	ASSERT_LE(0, starvedfd);
	leaderfd = sys_pidfd_open(self->leader.pid, 0);
	ASSERT_LE(0, leaderfd);
	stoppedfd = sys_pidfd_open(self->stopped.pid, 0);
	ASSERT_LE(0, stoppedfd);
	snprintf(path, sizeof(path), "/proc/%d", self->plain.pid);
	procfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ASSERT_LE(0, procfd);
	devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, devnull);

	/* Delivered, signal 0, with a siginfo, through /proc. */
	EXPECT_EQ(0, pidfd_send(fd, SIGUSR1, NULL, 0)); calls++;
	EXPECT_EQ(0, pidfd_send(fd, 0, NULL, 0)); calls++;
	info = make_info(SIGUSR1, SI_QUEUE, 7);
	EXPECT_EQ(0, pidfd_send(fd, SIGUSR1, &info, 0)); calls++;
	EXPECT_EQ(0, pidfd_send(procfd, SIGUSR1, NULL, 0)); calls++;
	/* Blocked: pending, then already pending; realtime queues both. */
	EXPECT_EQ(0, pidfd_send(fd, SIGUSR2, NULL, 0)); calls++;
	EXPECT_EQ(0, pidfd_send(fd, SIGUSR2, NULL, 0)); calls++;
	info = make_info(SIGRTMIN, SI_QUEUE, 1);
	EXPECT_EQ(0, pidfd_send(fd, SIGRTMIN, &info, 0)); calls++;
	EXPECT_EQ(0, pidfd_send(fd, SIGRTMIN, &info, 0)); calls++;
	/* Ignored by default. */
	EXPECT_EQ(0, pidfd_send(fd, SIGWINCH, NULL, 0)); calls++;
	EXPECT_EQ(0, pidfd_send(fd, SIGCONT, NULL, 0)); calls++;

	/* Scopes: a thread (6.9+), the group, a process group of two. */
	threadfd = sys_pidfd_open(self->plain.pid, PIDFD_THREAD);
	if (threadfd >= 0) {
		EXPECT_EQ(0, pidfd_send(threadfd, SIGUSR1, NULL, 0)); calls++;
		close(threadfd);
	}
	pidfd_send(fd, SIGUSR1, NULL, PIDFD_SIGNAL_THREAD); calls++;
	pidfd_send(fd, SIGUSR1, NULL, PIDFD_SIGNAL_THREAD_GROUP); calls++;
	i = pidfd_send(leaderfd, SIGUSR1, NULL, PIDFD_SIGNAL_PROCESS_GROUP);
	calls++;
	EXPECT_EQ(kernel_at_least(6, 9) ? 0 : -EINVAL, i);

	/* Every errno. */
	EXPECT_EQ(-EINVAL, pidfd_send(fd, SIGUSR1, NULL, 8)); calls++;
	EXPECT_EQ(-EINVAL, pidfd_send(fd, SIGUSR1, NULL, 3)); calls++;
	EXPECT_EQ(-EINVAL, pidfd_send(fd, 200, NULL, 0)); calls++;
	EXPECT_EQ(-EBADF, pidfd_send(-1, SIGUSR1, NULL, 0)); calls++;
	EXPECT_EQ(-EBADF, pidfd_send(devnull, SIGUSR1, NULL, 0)); calls++;
	i = reaped_pidfd();
	ASSERT_LE(0, i);
	EXPECT_EQ(-ESRCH, pidfd_send(i, SIGUSR1, NULL, 0)); calls++;
	close(i);
	info = make_info(SIGUSR1, SI_USER, 0);
	EXPECT_EQ(-EPERM, pidfd_send(fd, SIGUSR1, &info, 0)); calls++;
	info = make_info(SIGUSR1, SI_TKILL, 0);
	EXPECT_EQ(-EPERM, pidfd_send(fd, SIGUSR1, &info, 0)); calls++;
	info = make_info(SIGUSR2, SI_QUEUE, 0);
	EXPECT_EQ(-EINVAL, pidfd_send(fd, SIGUSR1, &info, 0)); calls++;
	EXPECT_EQ(-EFAULT, pidfd_send(fd, SIGUSR1, (siginfo_t *)8, 0)); calls++;
	EXPECT_EQ(-EPERM, call_as_nobody(fd)); calls++;

	/* Queue limits: siginfo lost, realtime overflow, realtime kill(). */
	info = make_info(SIGUSR1, SI_QUEUE, 42);
	EXPECT_EQ(0, pidfd_send(starvedfd, SIGUSR1, &info, 0)); calls++;
	info = make_info(SIGRTMIN, SI_QUEUE, 42);
	EXPECT_EQ(-EAGAIN, pidfd_send(starvedfd, SIGRTMIN, &info, 0)); calls++;
	EXPECT_EQ(0, pidfd_send(starvedfd, SIGRTMIN + 1, NULL, 0)); calls++;

	/* To itself, where a non-negative si_code is allowed. */
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	sigprocmask(SIG_BLOCK, &usr2, NULL);
	i = sys_pidfd_open(getpid(), 0);
	ASSERT_LE(0, i);
	info = make_info(SIGUSR2, SI_USER, 0);
	EXPECT_EQ(0, pidfd_send(i, SIGUSR2, &info, 0)); calls++;
	EXPECT_EQ(SIGUSR2, sigtimedwait(&usr2, NULL, &one_second));
	sigprocmask(SIG_UNBLOCK, &usr2, NULL);
	close(i);

	/* Stopped, continued; a zombie's SIGKILL. */
	EXPECT_EQ(0, pidfd_send(stoppedfd, SIGSTOP, NULL, 0)); calls++;
	EXPECT_TRUE(wait_proc_state(self->stopped.pid, self->stopped.pid, 'T'));
	EXPECT_EQ(0, pidfd_send(stoppedfd, SIGCONT, NULL, 0)); calls++;
	zpid = zombie(&i);
	ASSERT_LE(0, i);
	EXPECT_EQ(0, pidfd_send(i, SIGKILL, NULL, 0)); calls++;
	close(i);
	waitpid(zpid, NULL, 0);

	WITNESS_STOP(&witness);
	ASSERT_LE(0, reader_drain(self->reader, &trace));
	EXPECT_EQ(0, witness_compare(_metadata, &witness, &trace, self->reader,
				     WITNESS_UNFILTERED, &r));
	EXPECT_TRUE(r.complete);
	EXPECT_EQ(calls, r.calls);
	EXPECT_EQ(calls, r.records);
	EXPECT_EQ(calls, r.paired);
	EXPECT_EQ(0, r.entry_only);
	EXPECT_EQ(witness.ndeliveries, r.deliveries);

	/* The workload took every path the tracepoint reports. */
	for (i = 0; i < witness.ndeliveries; i++)
		if (witness.deliveries[i].result >= 0 &&
		    witness.deliveries[i].result < 5)
			seen[witness.deliveries[i].result]++;
	for (i = 0; i < witness.ncalls; i++) {
		int ret = (int)witness.calls[i].ret;

		errs[0] += ret == -EINVAL;
		errs[1] += ret == -EBADF;
		errs[2] += ret == -ESRCH;
		errs[3] += ret == -EPERM;
		errs[4] += ret == -EFAULT;
	}
	for (i = 0; i < 5; i++) {
		EXPECT_LT(0, seen[i]) {
			TH_LOG("no delivery with signal_generate result %d", i);
		}
		EXPECT_LT(0, errs[i]) {
			TH_LOG("no call failed with errno #%d of EINVAL, EBADF, ESRCH, EPERM, EFAULT",
			       i);
		}
	}
	close(fd);
	close(starvedfd);
	close(leaderfd);
	close(stoppedfd);
	close(procfd);
	close(devnull);
}

TEST_HARNESS_MAIN
