// SPDX-License-Identifier: GPL-2.0
/*
 * What the tracer records: one call record per pidfd_send_signal(), with
 * the sender, the fd resolved to its target, the siginfo and the return
 * value, and one delivery record per signal it made the kernel generate.
 * A call that generated a signal has the kernel's target and siginfo; one
 * that did not has a second look at the fd, and the siginfo as the caller
 * left it.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/pidfdtrace.h>

#include "kselftest_harness.h"
#include "pidfdtrace_test.h"
#include "witness.h"

static struct trace trace;
static struct witness witness;

FIXTURE(tracer) {
	struct pidfdtrace_setup s;
};

FIXTURE_SETUP(tracer)
{
	ASSERT_EQ(0, prctl(PR_SET_NAME, "pft-sender"));
	ASSERT_EQ(0, pidfdtrace_setup(&self->s, NULL));
	trace.len = 0;
	WITNESS_START(&witness, 0);
}

/*
 * Whatever a test checked, every record it made must also agree with the
 * kernel's own tracepoints: the syscall's arguments and result, and each
 * signal's target and result, one for one.
 */
FIXTURE_TEARDOWN(tracer)
{
	struct witness_report r;

	witness_finish(_metadata, &witness, self->s.reader, &trace, &r);
	witness_release(&witness);
	pidfdtrace_cleanup(&self->s);
}

/* Drains the reader and returns the @nth call record this test made. */
static const struct pidfdtrace_call *my_call(int reader, int nth)
{
	if (reader_drain(reader, &trace) < 0)
		return NULL;
	return trace_call(&trace, getpid(), nth);
}

/*
 * Checks @d carries the siginfo the kernel makes for a call without one:
 * from the sender (@pid as the target sees it), with @code SI_USER, or
 * SI_TKILL when one thread is signalled (6.9+).
 */
static void expect_kill_siginfo(struct __test_metadata *_metadata,
				const struct pidfdtrace_delivery *d, int sig,
				int code, pid_t pid)
{
	EXPECT_EQ(sig, d->siginfo.signo);
	EXPECT_EQ(0, d->siginfo.error);
	EXPECT_EQ(code, d->siginfo.code);
	EXPECT_EQ(pid, d->siginfo.pid);
	EXPECT_EQ(getuid(), d->siginfo.uid);
	EXPECT_EQ(0U, d->siginfo.__pad);
	EXPECT_EQ(0U, d->siginfo.value);
}

TEST_F(tracer, call_record_names_sender_fd_and_target)
{
	const struct pidfdtrace_call *c;
	struct stat pidns;

	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0));
	c = my_call(self->s.reader, 0);
	ASSERT_NE(NULL, c);
	ASSERT_EQ(0, stat("/proc/self/ns/pid", &pidns));

	EXPECT_EQ(PIDFDTRACE_RECORD_CALL, c->hdr.type);
	EXPECT_EQ(sizeof(*c), c->hdr.size);
	EXPECT_EQ(self->s.pidfd, c->pidfd);
	EXPECT_EQ(SIGUSR1, c->sig);
	EXPECT_EQ(0U, c->info);
	EXPECT_EQ(0U, c->flags);
	EXPECT_EQ(0, c->ret);

	EXPECT_EQ((__u32)getpid(), c->sender.pid);
	EXPECT_EQ((__u32)getpid(), c->sender.tgid);
	EXPECT_EQ((__u32)getpid(), c->sender.ns_pid);
	EXPECT_EQ(getuid(), c->sender.uid);
	EXPECT_STREQ("pft-sender", c->sender.comm);
	EXPECT_EQ(geteuid(), c->sender_euid);
	EXPECT_EQ(pidns.st_ino, c->sender_pidns);
	EXPECT_EQ(0U, c->call_flags);

	EXPECT_EQ(PIDFDTRACE_FD_PIDFD, c->fd_kind);
	EXPECT_EQ(PIDFDTRACE_TARGET_ALIVE, c->target_state);
	EXPECT_EQ(PIDFDTRACE_SOURCE_KERNEL, c->target_source);
	EXPECT_EQ((__u32)self->s.target, c->target.pid);
	EXPECT_EQ((__u32)self->s.target, c->target.tgid);
	EXPECT_EQ((__u32)self->s.target, c->target.ns_pid);
	EXPECT_EQ(getuid(), c->target.uid);
	EXPECT_STREQ("pft-target", c->target.comm);
	EXPECT_EQ(PIDFDTRACE_SIGINFO_NONE, c->siginfo_state);
	EXPECT_EQ(1U, c->deliveries);
}

TEST_F(tracer, call_record_has_the_senders_real_and_effective_uids)
{
	const struct pidfdtrace_call *c;
	pid_t child = fork_child();
	int status;

	ASSERT_LE(0, child);
	if (child == 0) {
		/* Real 1000, effective 2000: sig 0 to itself is still allowed. */
		if (setresuid(1000, 2000, 0))
			_exit(100);
		_exit(-pidfd_send(sys_pidfd_open(getpid(), 0), 0, NULL, 0));
	}
	ASSERT_EQ(child, waitpid(child, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
	ASSERT_LE(0, reader_drain(self->s.reader, &trace));
	c = trace_call(&trace, child, 0);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(1000U, c->sender.uid);
	EXPECT_EQ(2000U, c->sender_euid);
}

TEST_F(tracer, call_record_has_the_senders_audit_ids)
{
	const struct pidfdtrace_call *c;

	ASSERT_EQ(0, pidfd_send(self->s.pidfd, 0, NULL, 0));
	c = my_call(self->s.reader, 0);
	ASSERT_NE(NULL, c);
	/* In the test VM nobody logged in: both are unset. */
	EXPECT_EQ(audit_id("loginuid"), c->sender_loginuid);
	EXPECT_EQ(audit_id("sessionid"), c->sender_sessionid);
}

TEST_F(tracer, call_record_names_the_senders_parent)
{
	char comm[PIDFDTRACE_COMM_LEN];
	const struct pidfdtrace_call *c;

	proc_comm(getppid(), comm);
	ASSERT_NE('\0', comm[0]);
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, 0, NULL, 0));
	c = my_call(self->s.reader, 0);
	ASSERT_NE(NULL, c);
	EXPECT_EQ((__u32)getppid(), c->parent_tgid);
	EXPECT_STREQ(comm, c->parent_comm);
}

TEST_F(tracer, call_record_has_time_duration_and_sequence)
{
	const struct pidfdtrace_call *c0, *c1;
	struct timespec before, after;
	__u64 b, a;

	clock_gettime(CLOCK_MONOTONIC, &before);
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, 0, NULL, 0));
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, 0, NULL, 0));
	clock_gettime(CLOCK_MONOTONIC, &after);
	b = before.tv_sec * 1000000000ULL + before.tv_nsec;
	a = after.tv_sec * 1000000000ULL + after.tv_nsec;

	c0 = my_call(self->s.reader, 0);
	c1 = trace_call(&trace, getpid(), 1);
	ASSERT_NE(NULL, c0);
	ASSERT_NE(NULL, c1);
	EXPECT_LE(b, c0->hdr.time_ns);
	EXPECT_LE(c0->hdr.time_ns + c0->duration_ns, c1->hdr.time_ns);
	EXPECT_LE(c1->hdr.time_ns + c1->duration_ns, a);
	EXPECT_LT(0U, c0->duration_ns);
	EXPECT_EQ(c0->hdr.seq + 1, c1->hdr.seq);
}

TEST_F(tracer, cgroup_id_is_the_senders_cgroup_v2_directory)
{
	const struct pidfdtrace_call *c;
	__u64 id;

	if (cgroup2_mount())
		SKIP(return, "no cgroup v2: %s", strerror(errno));
	id = cgroup_of(getpid());
	ASSERT_NE(0U, id);
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, 0, NULL, 0));
	c = my_call(self->s.reader, 0);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(id, c->sender_cgroup);
}

TEST_F(tracer, target_cgroup_id_is_the_targets_cgroup_v2_directory)
{
	const struct pidfdtrace_call *c0, *c1;
	const struct pidfdtrace_delivery *d;
	pid_t target;
	__u64 id;
	int pidfd;

	if (cgroup2_mount())
		SKIP(return, "no cgroup v2: %s", strerror(errno));
	/* A cgroup of its own, so that it cannot be mistaken for ours. */
	id = cgroup_make("pft-tracer-target");
	ASSERT_NE(0U, id);
	target = spawn_target("pft-cg-target");
	ASSERT_LT(0, target);
	wait_sleeping(target);
	ASSERT_EQ(0, cgroup_move("pft-tracer-target", target));
	pidfd = sys_pidfd_open(target, 0);
	ASSERT_LE(0, pidfd);
	ASSERT_EQ(0, pidfd_send(pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ(0, pidfd_send(pidfd, 0, NULL, 0));
	c0 = my_call(self->s.reader, 0);
	c1 = trace_call(&trace, getpid(), 1);
	reap(target);
	close(pidfd);
	EXPECT_EQ(0, cgroup_remove("pft-tracer-target"));
	ASSERT_NE(NULL, c0);
	ASSERT_NE(NULL, c1);
	d = trace_delivery(&trace, c0->hdr.seq, 0);
	ASSERT_NE(NULL, d);
	EXPECT_NE(id, c0->sender_cgroup);
	/* As the kernel signalled it, and as a second look found it. */
	EXPECT_EQ(PIDFDTRACE_SOURCE_KERNEL, c0->target_source);
	EXPECT_EQ(id, c0->target_cgroup);
	EXPECT_EQ(id, d->target_cgroup);
	EXPECT_EQ(PIDFDTRACE_SOURCE_SECOND_LOOK, c1->target_source);
	EXPECT_EQ(id, c1->target_cgroup);
}

TEST_F(tracer, delivery_record_is_linked_to_its_call)
{
	const struct pidfdtrace_call *c;
	const struct pidfdtrace_delivery *d;

	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0));
	c = my_call(self->s.reader, 0);
	ASSERT_NE(NULL, c);
	ASSERT_EQ(1, trace_deliveries(&trace, c->hdr.seq));
	d = trace_delivery(&trace, c->hdr.seq, 0);

	EXPECT_EQ(sizeof(*d), d->hdr.size);
	EXPECT_LT(c->hdr.seq, d->hdr.seq);
	/* Made while the call ran, so read before it. */
	EXPECT_LT((const void *)d, (const void *)c);
	EXPECT_LE(c->hdr.time_ns, d->hdr.time_ns);
	EXPECT_EQ((__u32)self->s.target, d->target.pid);
	EXPECT_EQ((__u32)self->s.target, d->target.tgid);
	EXPECT_EQ((__u32)self->s.target, d->target.ns_pid);
	EXPECT_STREQ("pft-target", d->target.comm);
	EXPECT_EQ((__u32)getpid(), d->sender_pid);
	EXPECT_EQ((__u32)getpid(), d->sender_tgid);
	EXPECT_EQ(SIGUSR1, d->sig);
	EXPECT_EQ(PIDFDTRACE_SCOPE_PROCESS, d->scope);
	EXPECT_EQ(PIDFDTRACE_OUTCOME_DELIVERED, d->outcome);
	EXPECT_EQ(0U, d->effects);
	EXPECT_EQ(0U, d->discarded);
}

TEST_F(tracer, delivery_of_a_call_without_siginfo_has_the_kernels_kill_siginfo)
{
	const struct pidfdtrace_call *c;
	const struct pidfdtrace_delivery *d;

	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR2, NULL, 0));
	c = my_call(self->s.reader, 0);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(PIDFDTRACE_SIGINFO_NONE, c->siginfo_state);
	d = trace_delivery(&trace, c->hdr.seq, 0);
	ASSERT_NE(NULL, d);
	expect_kill_siginfo(_metadata, d, SIGUSR2, SI_USER, getpid());
}

TEST_F(tracer, signal_zero_gives_a_call_and_no_delivery)
{
	const struct pidfdtrace_call *c;

	ASSERT_EQ(0, pidfd_send(self->s.pidfd, 0, NULL, 0));
	c = my_call(self->s.reader, 0);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(0, c->sig);
	EXPECT_EQ(0, c->ret);
	EXPECT_EQ(0U, c->deliveries);
	EXPECT_EQ(0, trace_count(&trace, PIDFDTRACE_RECORD_DELIVERY));
	/* No signal, so no target from the kernel: the fd looked at again. */
	EXPECT_EQ(PIDFDTRACE_SOURCE_SECOND_LOOK, c->target_source);
	EXPECT_EQ(PIDFDTRACE_TARGET_ALIVE, c->target_state);
	EXPECT_EQ((__u32)self->s.target, c->target.pid);
}

TEST_F(tracer, default_sigcont_to_running_child_is_ignored)
{
	const struct pidfdtrace_call *c;
	const struct pidfdtrace_delivery *d;

	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGCONT, NULL, 0));
	c = my_call(self->s.reader, 0);
	ASSERT_NE(NULL, c);
	d = trace_delivery(&trace, c->hdr.seq, 0);
	ASSERT_NE(NULL, d);
	EXPECT_EQ(PIDFDTRACE_OUTCOME_IGNORED, d->outcome);
	/* Nothing was stopped, nothing pending to discard. */
	EXPECT_EQ(0U, d->effects);
	EXPECT_EQ(0U, d->discarded);
	EXPECT_EQ(PIDFDTRACE_SOURCE_KERNEL, c->target_source);
}

TEST_F(tracer, blocked_signal_sent_twice_is_already_pending)
{
	const struct pidfdtrace_call *c0, *c1;
	const struct pidfdtrace_delivery *d0, *d1;
	sigset_t set;
	pid_t child;
	int pidfd;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	child = fork_child();
	ASSERT_LE(0, child);
	if (child == 0) {
		sigprocmask(SIG_BLOCK, &set, NULL);
		for (;;)
			pause();
	}
	wait_sleeping(child);
	pidfd = sys_pidfd_open(child, 0);
	ASSERT_LE(0, pidfd);
	ASSERT_EQ(0, pidfd_send(pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ(0, pidfd_send(pidfd, SIGUSR1, NULL, 0));
	c0 = my_call(self->s.reader, 0);
	c1 = trace_call(&trace, getpid(), 1);
	reap(child);
	ASSERT_NE(NULL, c0);
	ASSERT_NE(NULL, c1);
	d0 = trace_delivery(&trace, c0->hdr.seq, 0);
	d1 = trace_delivery(&trace, c1->hdr.seq, 0);
	ASSERT_NE(NULL, d0);
	ASSERT_NE(NULL, d1);
	EXPECT_EQ(PIDFDTRACE_OUTCOME_DELIVERED, d0->outcome);
	EXPECT_EQ(PIDFDTRACE_OUTCOME_ALREADY_PENDING, d1->outcome);
}

TEST_F(tracer, realtime_queue_overflow_is_recorded_with_eagain)
{
	const struct pidfdtrace_call *c;
	const struct pidfdtrace_delivery *d;
	struct rlimit none = { 0, 0 };
	siginfo_t info = {};
	sigset_t set;
	int self_fd;

	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	ASSERT_EQ(0, sigprocmask(SIG_BLOCK, &set, NULL));
	ASSERT_EQ(0, setrlimit(RLIMIT_SIGPENDING, &none));
	self_fd = sys_pidfd_open(getpid(), 0);
	ASSERT_LE(0, self_fd);
	info.si_signo = SIGRTMIN;
	info.si_code = SI_QUEUE;

	ASSERT_EQ(-EAGAIN, pidfd_send(self_fd, SIGRTMIN, &info, 0));
	c = my_call(self->s.reader, 0);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(-EAGAIN, c->ret);
	/* Failed, but the kernel generated the signal: its siginfo is known. */
	EXPECT_EQ(PIDFDTRACE_SIGINFO_KERNEL, c->siginfo_state);
	EXPECT_EQ(PIDFDTRACE_SOURCE_KERNEL, c->target_source);
	EXPECT_EQ(1U, c->deliveries);
	d = trace_delivery(&trace, c->hdr.seq, 0);
	ASSERT_NE(NULL, d);
	EXPECT_EQ(PIDFDTRACE_OUTCOME_OVERFLOW_FAIL, d->outcome);
	EXPECT_EQ(SIGRTMIN, d->siginfo.signo);
	EXPECT_EQ(SI_QUEUE, d->siginfo.code);
	close(self_fd);
}

/* Sends and returns the one call record, checking it made no delivery. */
static const struct pidfdtrace_call *
failed_call(struct __test_metadata *_metadata, int reader, int pidfd, int sig,
	    siginfo_t *info, unsigned int flags, int err)
{
	const struct pidfdtrace_call *c;

	EXPECT_EQ(err, pidfd_send(pidfd, sig, info, flags));
	c = my_call(reader, 0);
	EXPECT_NE(NULL, c);
	EXPECT_EQ(0, trace_count(&trace, PIDFDTRACE_RECORD_DELIVERY));
	if (c) {
		EXPECT_EQ(0U, c->deliveries);
		EXPECT_EQ(err, c->ret);
		EXPECT_EQ(pidfd, c->pidfd);
		EXPECT_EQ(sig, c->sig);
		EXPECT_EQ(flags, c->flags);
	}
	return c;
}

TEST_F(tracer, closed_fd_is_ebadf_with_no_file)
{
	const struct pidfdtrace_call *c;
	int fd = dup(self->s.pidfd);

	close(fd);
	c = failed_call(_metadata, self->s.reader, fd, SIGUSR1, NULL, 0, -EBADF);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(PIDFDTRACE_FD_NONE, c->fd_kind);
	EXPECT_EQ(PIDFDTRACE_SOURCE_NONE, c->target_source);
	EXPECT_EQ(PIDFDTRACE_TARGET_UNKNOWN, c->target_state);
	EXPECT_EQ(0U, c->target.pid);
}

TEST_F(tracer, regular_file_is_ebadf_of_another_kind)
{
	const struct pidfdtrace_call *c;
	int fd = open("/init", O_RDONLY | O_CLOEXEC);

	ASSERT_LE(0, fd);
	c = failed_call(_metadata, self->s.reader, fd, SIGUSR1, NULL, 0, -EBADF);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(PIDFDTRACE_FD_OTHER, c->fd_kind);
	EXPECT_EQ(PIDFDTRACE_SOURCE_NONE, c->target_source);
	EXPECT_EQ(PIDFDTRACE_TARGET_UNKNOWN, c->target_state);
	close(fd);
}

TEST_F(tracer, unknown_flag_is_einval_with_target_resolved)
{
	const struct pidfdtrace_call *c;

	c = failed_call(_metadata, self->s.reader, self->s.pidfd, SIGUSR1, NULL,
			0x80, -EINVAL);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(PIDFDTRACE_FD_PIDFD, c->fd_kind);
	EXPECT_EQ(PIDFDTRACE_SOURCE_SECOND_LOOK, c->target_source);
	EXPECT_EQ(PIDFDTRACE_TARGET_ALIVE, c->target_state);
	EXPECT_EQ((__u32)self->s.target, c->target.pid);
}

TEST_F(tracer, two_scope_flags_are_einval)
{
	const struct pidfdtrace_call *c;

	c = failed_call(_metadata, self->s.reader, self->s.pidfd, SIGUSR1,
			NULL, PIDFD_SIGNAL_THREAD | PIDFD_SIGNAL_PROCESS_GROUP,
			-EINVAL);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(PIDFDTRACE_SOURCE_SECOND_LOOK, c->target_source);
}

TEST_F(tracer, signal_1000_is_einval)
{
	failed_call(_metadata, self->s.reader, self->s.pidfd, 1000, NULL, 0,
		    -EINVAL);
}

TEST_F(tracer, siginfo_signo_not_sig_is_einval)
{
	const struct pidfdtrace_call *c;
	siginfo_t info = {};

	info.si_signo = SIGUSR2;
	info.si_code = SI_QUEUE;
	c = failed_call(_metadata, self->s.reader, self->s.pidfd, SIGUSR1, &info,
			0, -EINVAL);
	ASSERT_NE(NULL, c);
	/* No signal made: the siginfo as the caller's memory held it after. */
	EXPECT_EQ(PIDFDTRACE_SIGINFO_USER_UNVERIFIED, c->siginfo_state);
	EXPECT_EQ(SIGUSR2, c->siginfo.signo);
	EXPECT_EQ(SI_QUEUE, c->siginfo.code);
	EXPECT_EQ(PIDFDTRACE_SOURCE_SECOND_LOOK, c->target_source);
}

TEST_F(tracer, user_si_code_to_another_process_is_eperm)
{
	const struct pidfdtrace_call *c;
	siginfo_t info = {};

	info.si_signo = SIGUSR1;
	info.si_code = SI_USER;
	c = failed_call(_metadata, self->s.reader, self->s.pidfd, SIGUSR1, &info,
			0, -EPERM);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(PIDFDTRACE_SIGINFO_USER_UNVERIFIED, c->siginfo_state);
	EXPECT_EQ(SIGUSR1, c->siginfo.signo);
	EXPECT_EQ(SI_USER, c->siginfo.code);
	EXPECT_EQ(PIDFDTRACE_SOURCE_SECOND_LOOK, c->target_source);
	EXPECT_EQ((__u32)self->s.target, c->target.pid);
}

TEST_F(tracer, reaped_child_is_esrch_and_still_named)
{
	const struct pidfdtrace_call *c;
	pid_t child = fork_child();
	int pidfd;

	ASSERT_LE(0, child);
	if (child == 0) {
		pause();
		_exit(0);
	}
	pidfd = sys_pidfd_open(child, 0);
	ASSERT_LE(0, pidfd);
	reap(child);
	c = failed_call(_metadata, self->s.reader, pidfd, SIGUSR1, NULL, 0,
			-ESRCH);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(PIDFDTRACE_FD_PIDFD, c->fd_kind);
	EXPECT_EQ(PIDFDTRACE_SOURCE_SECOND_LOOK, c->target_source);
	EXPECT_EQ(PIDFDTRACE_TARGET_REAPED, c->target_state);
	EXPECT_EQ((__u32)child, c->target.pid);
	EXPECT_EQ((__u32)child, c->target.tgid);
	close(pidfd);
}

TEST_F(tracer, exited_unreaped_child_is_exited)
{
	const struct pidfdtrace_call *c;
	siginfo_t si;
	pid_t child = fork_child();
	int pidfd;

	ASSERT_LE(0, child);
	if (child == 0) {
		prctl(PR_SET_NAME, "pft-zombie");
		_exit(0);
	}
	pidfd = sys_pidfd_open(child, 0);
	ASSERT_LE(0, pidfd);
	/* Wait for the exit without reaping. */
	ASSERT_EQ(0, waitid(P_PID, child, &si, WEXITED | WNOWAIT));
	ASSERT_EQ(0, pidfd_send(pidfd, 0, NULL, 0));
	c = my_call(self->s.reader, 0);
	waitpid(child, NULL, 0);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(PIDFDTRACE_SOURCE_SECOND_LOOK, c->target_source);
	EXPECT_EQ(PIDFDTRACE_TARGET_EXITED, c->target_state);
	EXPECT_EQ((__u32)child, c->target.pid);
	EXPECT_STREQ("pft-zombie", c->target.comm);
	close(pidfd);
}

TEST_F(tracer, unmapped_info_is_efault_and_unreadable)
{
	const struct pidfdtrace_call *c;
	void *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(MAP_FAILED, page);
	ASSERT_EQ(0, munmap(page, 4096));
	c = failed_call(_metadata, self->s.reader, self->s.pidfd, SIGUSR1, page, 0,
			-EFAULT);
	ASSERT_NE(NULL, c);
	EXPECT_EQ((__u64)(unsigned long)page, c->info);
	EXPECT_EQ(PIDFDTRACE_SIGINFO_UNREADABLE, c->siginfo_state);
	EXPECT_EQ(PIDFDTRACE_SOURCE_SECOND_LOOK, c->target_source);
}

TEST_F(tracer, unmapped_info_the_kernel_never_read_is_user_unreadable)
{
	const struct pidfdtrace_call *c;
	void *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(MAP_FAILED, page);
	ASSERT_EQ(0, munmap(page, 4096));
	/* EBADF comes first; the read back at return fails. */
	c = failed_call(_metadata, self->s.reader, -1, SIGUSR1, page, 0,
			-EBADF);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(PIDFDTRACE_SIGINFO_USER_UNREADABLE, c->siginfo_state);
}

TEST_F(tracer, queued_siginfo_to_self_is_decoded)
{
	const struct pidfdtrace_call *c;
	const struct pidfdtrace_delivery *d;
	siginfo_t info = {};
	sigset_t set;
	int self_fd;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	ASSERT_EQ(0, sigprocmask(SIG_BLOCK, &set, NULL));
	self_fd = sys_pidfd_open(getpid(), 0);
	ASSERT_LE(0, self_fd);
	info.si_signo = SIGUSR1;
	info.si_errno = 7;
	info.si_code = SI_QUEUE;
	info.si_pid = 4242;
	info.si_uid = 1234;
	info.si_value.sival_int = 42;

	ASSERT_EQ(0, pidfd_send(self_fd, SIGUSR1, &info, 0));
	c = my_call(self->s.reader, 0);
	ASSERT_NE(NULL, c);
	EXPECT_EQ((__u64)(unsigned long)&info, c->info);
	/* The kernel's copy: to itself, nothing is rewritten. */
	EXPECT_EQ(PIDFDTRACE_SIGINFO_KERNEL, c->siginfo_state);
	EXPECT_EQ(SIGUSR1, c->siginfo.signo);
	EXPECT_EQ(7, c->siginfo.error);
	EXPECT_EQ(SI_QUEUE, c->siginfo.code);
	EXPECT_EQ(4242, c->siginfo.pid);
	EXPECT_EQ(1234U, c->siginfo.uid);
	EXPECT_EQ(42U, (__u32)c->siginfo.value);
	EXPECT_EQ((__u32)getpid(), c->target.pid);
	EXPECT_STREQ("pft-sender", c->target.comm);

	d = trace_delivery(&trace, c->hdr.seq, 0);
	ASSERT_NE(NULL, d);
	EXPECT_EQ(PIDFDTRACE_OUTCOME_DELIVERED, d->outcome);
	EXPECT_EQ(0U, d->effects);
	EXPECT_EQ(SIGUSR1, d->siginfo.signo);
	EXPECT_EQ(7, d->siginfo.error);
	EXPECT_EQ(SI_QUEUE, d->siginfo.code);
	EXPECT_EQ(4242, d->siginfo.pid);
	EXPECT_EQ(1234U, d->siginfo.uid);
	EXPECT_EQ(42U, (__u32)d->siginfo.value);
	close(self_fd);
}

TEST_F(tracer, proc_pid_directory_fd_is_resolved)
{
	const struct pidfdtrace_call *c;
	const struct pidfdtrace_delivery *d;
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d", self->s.target);
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, pidfd_send(fd, SIGUSR2, NULL, 0));
	c = my_call(self->s.reader, 0);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(PIDFDTRACE_FD_PROC, c->fd_kind);
	EXPECT_EQ(PIDFDTRACE_TARGET_ALIVE, c->target_state);
	EXPECT_EQ(PIDFDTRACE_SOURCE_KERNEL, c->target_source);
	EXPECT_EQ((__u32)self->s.target, c->target.pid);
	EXPECT_EQ((__u32)self->s.target, c->target.tgid);
	EXPECT_STREQ("pft-target", c->target.comm);
	d = trace_delivery(&trace, c->hdr.seq, 0);
	ASSERT_NE(NULL, d);
	EXPECT_EQ((__u32)self->s.target, d->target.pid);
	close(fd);
}

TEST_F(tracer, proc_task_directory_fd_is_ebadf_of_another_kind)
{
	const struct pidfdtrace_call *c;
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/task/%d", self->s.target,
		 self->s.target);
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	c = failed_call(_metadata, self->s.reader, fd, SIGUSR2, NULL, 0, -EBADF);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(PIDFDTRACE_FD_OTHER, c->fd_kind);
	EXPECT_EQ(PIDFDTRACE_SOURCE_NONE, c->target_source);
	close(fd);
}

static void *send_from_thread(void *arg)
{
	int *fd_and_tid = arg;

	fd_and_tid[1] = sys_gettid();
	fd_and_tid[2] = pidfd_send(fd_and_tid[0], SIGUSR1, NULL, 0);
	return NULL;
}

/* linux/fcntl.h of 7.x, which the build host may not have. */
#ifndef PIDFD_SELF_THREAD
#define PIDFD_SELF_THREAD		-10000
#define PIDFD_SELF_THREAD_GROUP		-10001
#endif

/*
 * PIDFD_SELF_THREAD and PIDFD_SELF_THREAD_GROUP are no file but the
 * caller: the kernels that take them (7.x) signal the caller's thread or
 * process, the others fail with EBADF. Either way the record says what the
 * kernel did, from the argument, not from a look at an fd table.
 */
TEST_F(tracer, self_pidfds_name_the_caller_where_the_kernel_takes_them)
{
	const struct pidfdtrace_call *c0, *c1;
	const struct pidfdtrace_delivery *d;
	int ret0, ret1;

	signal(SIGUSR1, on_signal_do_nothing);
	ret0 = pidfd_send(PIDFD_SELF_THREAD, 0, NULL, 0);
	ret1 = pidfd_send(PIDFD_SELF_THREAD_GROUP, SIGUSR1, NULL, 0);
	signal(SIGUSR1, SIG_DFL);
	c0 = my_call(self->s.reader, 0);
	c1 = trace_call(&trace, getpid(), 1);
	ASSERT_NE(NULL, c0);
	ASSERT_NE(NULL, c1);
	EXPECT_EQ(PIDFD_SELF_THREAD, c0->pidfd);
	EXPECT_EQ(PIDFD_SELF_THREAD_GROUP, c1->pidfd);
	EXPECT_EQ(ret0, c0->ret);
	EXPECT_EQ(ret1, c1->ret);
	if (ret0 == -EBADF) {
		/* A kernel without them: no file, nothing signalled. */
		EXPECT_EQ(-EBADF, ret1);
		EXPECT_EQ(PIDFDTRACE_FD_NONE, c0->fd_kind);
		EXPECT_EQ(PIDFDTRACE_SOURCE_NONE, c0->target_source);
		EXPECT_EQ(PIDFDTRACE_FD_NONE, c1->fd_kind);
		EXPECT_EQ(0U, c1->deliveries);
		SKIP(return, "the kernel does not take PIDFD_SELF_*");
	}
	EXPECT_EQ(0, ret0);
	EXPECT_EQ(0, ret1);

	EXPECT_EQ(PIDFDTRACE_FD_SELF_THREAD, c0->fd_kind);
	EXPECT_EQ(PIDFDTRACE_SOURCE_KERNEL, c0->target_source);
	EXPECT_EQ((__u32)sys_gettid(), c0->target.pid);
	EXPECT_EQ((__u32)getpid(), c0->target.tgid);
	EXPECT_EQ(0U, c0->deliveries);

	EXPECT_EQ(PIDFDTRACE_FD_SELF_PROCESS, c1->fd_kind);
	EXPECT_EQ(PIDFDTRACE_SOURCE_KERNEL, c1->target_source);
	EXPECT_EQ((__u32)getpid(), c1->target.pid);
	EXPECT_EQ(PIDFDTRACE_TARGET_ALIVE, c1->target_state);
	EXPECT_EQ(0U, c1->call_flags);
	ASSERT_EQ(1U, c1->deliveries);
	d = trace_delivery(&trace, c1->hdr.seq, 0);
	ASSERT_NE(NULL, d);
	EXPECT_EQ((__u32)getpid(), d->target.pid);
	EXPECT_EQ(PIDFDTRACE_SCOPE_PROCESS, d->scope);
	EXPECT_EQ(PIDFDTRACE_OUTCOME_DELIVERED, d->outcome);
}

TEST_F(tracer, sender_thread_is_named_by_tid_and_tgid)
{
	const struct pidfdtrace_call *c;
	const struct pidfdtrace_delivery *d;
	int fd_and_tid[3] = { self->s.pidfd, 0, -1 };
	pthread_t thread;

	ASSERT_EQ(0, pthread_create(&thread, NULL, send_from_thread,
				    fd_and_tid));
	ASSERT_EQ(0, pthread_join(thread, NULL));
	ASSERT_EQ(0, fd_and_tid[2]);
	c = my_call(self->s.reader, 0);
	ASSERT_NE(NULL, c);
	EXPECT_NE((__u32)getpid(), c->sender.pid);
	EXPECT_EQ((__u32)fd_and_tid[1], c->sender.pid);
	EXPECT_EQ((__u32)getpid(), c->sender.tgid);
	d = trace_delivery(&trace, c->hdr.seq, 0);
	ASSERT_NE(NULL, d);
	EXPECT_EQ((__u32)fd_and_tid[1], d->sender_pid);
	EXPECT_EQ((__u32)getpid(), d->sender_tgid);
	/* si_pid is the process's, whichever thread sent. */
	EXPECT_EQ(getpid(), d->siginfo.pid);
}

static void *sleep_forever(void *arg)
{
	int *pipe_w = arg;
	pid_t tid = sys_gettid();

	prctl(PR_SET_NAME, "pft-thread");
	if (write(*pipe_w, &tid, sizeof(tid)) != sizeof(tid))
		return NULL;
	for (;;)
		pause();
	return NULL;
}

/* A child with a second thread named pft-thread; returns that thread's tid. */
static pid_t spawn_threaded(pid_t *child)
{
	pthread_t thread;
	int p[2];
	pid_t tid = 0;

	if (pipe(p))
		return 0;
	*child = fork_child();
	if (*child == 0) {
		signal(SIGUSR1, on_signal_do_nothing);
		prctl(PR_SET_NAME, "pft-leader");
		pthread_create(&thread, NULL, sleep_forever, &p[1]);
		for (;;)
			pause();
	}
	if (read(p[0], &tid, sizeof(tid)) != sizeof(tid))
		tid = 0;
	close(p[0]);
	close(p[1]);
	wait_sleeping(*child);
	return tid;
}

TEST_F(tracer, multithreaded_target_is_signalled_through_its_leader)
{
	const struct pidfdtrace_call *c;
	const struct pidfdtrace_delivery *d;
	pid_t child, tid;
	int pidfd;

	tid = spawn_threaded(&child);
	ASSERT_LT(0, tid);
	pidfd = sys_pidfd_open(child, 0);
	ASSERT_LE(0, pidfd);
	ASSERT_EQ(0, pidfd_send(pidfd, SIGUSR1, NULL, 0));
	c = my_call(self->s.reader, 0);
	reap(child);
	ASSERT_NE(NULL, c);
	EXPECT_EQ((__u32)child, c->target.pid);
	EXPECT_EQ((__u32)child, c->target.tgid);
	EXPECT_STREQ("pft-leader", c->target.comm);
	d = trace_delivery(&trace, c->hdr.seq, 0);
	ASSERT_NE(NULL, d);
	EXPECT_EQ(PIDFDTRACE_SCOPE_PROCESS, d->scope);
	EXPECT_EQ((__u32)child, d->target.pid);
	EXPECT_EQ((__u32)child, d->target.tgid);
	close(pidfd);
}

TEST_F(tracer, thread_pidfd_names_the_thread)
{
	const struct pidfdtrace_call *c;
	const struct pidfdtrace_delivery *d;
	pid_t child, tid;
	int pidfd;

	if (!kernel_at_least(6, 9))
		SKIP(return, "PIDFD_THREAD arrived in 6.9");
	tid = spawn_threaded(&child);
	ASSERT_LT(0, tid);
	pidfd = sys_pidfd_open(tid, PIDFD_THREAD);
	ASSERT_LE(0, pidfd);
	ASSERT_EQ(0, pidfd_send(pidfd, SIGUSR1, NULL, 0));
	c = my_call(self->s.reader, 0);
	reap(child);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(PIDFDTRACE_FD_PIDFD_THREAD, c->fd_kind);
	EXPECT_EQ((__u32)tid, c->target.pid);
	EXPECT_EQ((__u32)child, c->target.tgid);
	EXPECT_STREQ("pft-thread", c->target.comm);
	d = trace_delivery(&trace, c->hdr.seq, 0);
	ASSERT_NE(NULL, d);
	EXPECT_EQ(PIDFDTRACE_SCOPE_THREAD, d->scope);
	EXPECT_EQ((__u32)tid, d->target.pid);
	/* To one thread, the kernel's siginfo says tkill. */
	expect_kill_siginfo(_metadata, d, SIGUSR1, SI_TKILL, getpid());
	close(pidfd);
}

TEST_F(tracer, thread_flag_signals_the_leader_thread_only)
{
	const struct pidfdtrace_call *c;
	const struct pidfdtrace_delivery *d;

	if (!kernel_at_least(6, 9))
		SKIP(return, "PIDFD_SIGNAL_* flags arrived in 6.9");
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR1, NULL,
				PIDFD_SIGNAL_THREAD));
	c = my_call(self->s.reader, 0);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(PIDFD_SIGNAL_THREAD, c->flags);
	d = trace_delivery(&trace, c->hdr.seq, 0);
	ASSERT_NE(NULL, d);
	EXPECT_EQ(PIDFDTRACE_SCOPE_THREAD, d->scope);
	EXPECT_EQ((__u32)self->s.target, d->target.pid);
	expect_kill_siginfo(_metadata, d, SIGUSR1, SI_TKILL, getpid());
}

TEST_F(tracer, thread_group_flag_on_thread_pidfd_signals_the_process)
{
	const struct pidfdtrace_call *c;
	const struct pidfdtrace_delivery *d;
	pid_t child, tid;
	int pidfd;

	if (!kernel_at_least(6, 9))
		SKIP(return, "PIDFD_SIGNAL_* flags arrived in 6.9");
	tid = spawn_threaded(&child);
	ASSERT_LT(0, tid);
	pidfd = sys_pidfd_open(tid, PIDFD_THREAD);
	ASSERT_LE(0, pidfd);
	ASSERT_EQ(0, pidfd_send(pidfd, SIGUSR1, NULL,
				PIDFD_SIGNAL_THREAD_GROUP));
	c = my_call(self->s.reader, 0);
	reap(child);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(PIDFD_SIGNAL_THREAD_GROUP, c->flags);
	d = trace_delivery(&trace, c->hdr.seq, 0);
	ASSERT_NE(NULL, d);
	EXPECT_EQ(PIDFDTRACE_SCOPE_PROCESS, d->scope);
	/* The kernel signals the process through the task the fd names. */
	EXPECT_EQ((__u32)tid, d->target.pid);
	EXPECT_EQ((__u32)child, d->target.tgid);
	EXPECT_EQ((__u32)tid, c->target.pid);
	expect_kill_siginfo(_metadata, d, SIGUSR1, SI_USER, getpid());
	close(pidfd);
}

TEST_F(tracer, process_group_flag_gives_one_delivery_per_member)
{
	const struct pidfdtrace_call *c;
	pid_t members[3];
	bool seen[3] = {};
	int pidfd, i, j;

	if (!kernel_at_least(6, 9))
		SKIP(return, "PIDFD_SIGNAL_* flags arrived in 6.9");
	ASSERT_EQ(0, spawn_process_group(members, 3, "pft-pgrp"));
	pidfd = sys_pidfd_open(members[0], 0);
	ASSERT_LE(0, pidfd);

	ASSERT_EQ(0, pidfd_send(pidfd, SIGUSR1, NULL,
				PIDFD_SIGNAL_PROCESS_GROUP));
	c = my_call(self->s.reader, 0);
	for (i = 0; i < 3; i++)
		reap(members[i]);
	ASSERT_NE(NULL, c);
	ASSERT_EQ(3, trace_deliveries(&trace, c->hdr.seq));
	EXPECT_EQ(3U, c->deliveries);
	/* The call's target is the process whose pid numbers the group. */
	EXPECT_EQ(PIDFDTRACE_SOURCE_KERNEL, c->target_source);
	EXPECT_EQ((__u32)members[0], c->target.pid);
	EXPECT_EQ(0U, c->call_flags);
	for (i = 0; i < 3; i++) {
		const struct pidfdtrace_delivery *d =
			trace_delivery(&trace, c->hdr.seq, i);

		EXPECT_EQ(PIDFDTRACE_SCOPE_PROCESS_GROUP, d->scope);
		EXPECT_EQ(PIDFDTRACE_OUTCOME_DELIVERED, d->outcome);
		expect_kill_siginfo(_metadata, d, SIGUSR1, SI_USER, getpid());
		for (j = 0; j < 3; j++)
			if (d->target.pid == (__u32)members[j])
				seen[j] = true;
	}
	EXPECT_TRUE(seen[0] && seen[1] && seen[2]);
	close(pidfd);
}

TEST_F(tracer, sender_in_a_new_pid_namespace_has_both_pids)
{
	const struct pidfdtrace_call *c;
	const struct pidfdtrace_delivery *d;
	pid_t child, grandchild = 0;
	char path[64], children[64];
	struct stat pidns;
	int p[2], ret = -1;
	FILE *f;

	ASSERT_EQ(0, pipe(p));
	ASSERT_EQ(0, unshare(CLONE_NEWPID));
	child = fork_child();
	ASSERT_LE(0, child);
	if (child == 0) {
		/* pid 1 of the new namespace; its child is pid 2 there. */
		pid_t target = spawn_target("pft-ns-target");
		int fd;

		prctl(PR_SET_NAME, "pft-ns-sender");
		fd = sys_pidfd_open(target, 0);
		ret = pidfd_send(fd, SIGUSR1, NULL, 0);
		if (write(p[1], &ret, sizeof(ret)) != sizeof(ret))
			_exit(1);
		pause();
		_exit(0);
	}
	ASSERT_EQ(sizeof(ret), read(p[0], &ret, sizeof(ret)));
	ASSERT_EQ(0, ret);
	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", child, child);
	f = fopen(path, "r");
	ASSERT_NE(NULL, f);
	ASSERT_NE(NULL, fgets(children, sizeof(children), f));
	fclose(f);
	grandchild = atoi(children);
	snprintf(path, sizeof(path), "/proc/%d/ns/pid", child);
	ASSERT_EQ(0, stat(path, &pidns));

	ASSERT_LE(0, reader_drain(self->s.reader, &trace));
	c = trace_call(&trace, child, 0);
	reap(child);
	ASSERT_NE(NULL, c);
	EXPECT_EQ((__u32)child, c->sender.pid);
	EXPECT_EQ(1U, c->sender.ns_pid);
	EXPECT_EQ(pidns.st_ino, c->sender_pidns);
	/* Its parent is outside its namespace: named globally all the same. */
	EXPECT_EQ((__u32)getpid(), c->parent_tgid);
	EXPECT_STREQ("pft-sender", c->parent_comm);
	EXPECT_EQ((__u32)grandchild, c->target.pid);
	EXPECT_EQ(2U, c->target.ns_pid);
	EXPECT_STREQ("pft-ns-target", c->target.comm);
	d = trace_delivery(&trace, c->hdr.seq, 0);
	ASSERT_NE(NULL, d);
	EXPECT_EQ((__u32)grandchild, d->target.pid);
	EXPECT_EQ(2U, d->target.ns_pid);
	EXPECT_EQ((__u32)child, d->sender_pid);
	EXPECT_EQ((__u32)child, d->sender_tgid);
	/* si_pid as the target sees the sender: pid 1 of their namespace. */
	expect_kill_siginfo(_metadata, d, SIGUSR1, SI_USER, 1);
}

TEST_F(tracer, target_outside_the_senders_namespace_is_einval)
{
	const struct pidfdtrace_call *c;
	pid_t child;
	int p[2], ret = -1;

	ASSERT_EQ(0, pipe(p));
	ASSERT_EQ(0, unshare(CLONE_NEWPID));
	child = fork_child();
	ASSERT_LE(0, child);
	if (child == 0) {
		/* Inherited pidfd of a process our namespace cannot see. */
		ret = pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0);
		if (write(p[1], &ret, sizeof(ret)) != sizeof(ret))
			_exit(1);
		_exit(0);
	}
	ASSERT_EQ(sizeof(ret), read(p[0], &ret, sizeof(ret)));
	waitpid(child, NULL, 0);
	EXPECT_EQ(-EINVAL, ret);
	ASSERT_LE(0, reader_drain(self->s.reader, &trace));
	c = trace_call(&trace, child, 0);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(-EINVAL, c->ret);
	EXPECT_EQ(PIDFDTRACE_SOURCE_SECOND_LOOK, c->target_source);
	EXPECT_EQ((__u32)self->s.target, c->target.pid);
	EXPECT_EQ(0U, c->target.ns_pid);
	EXPECT_EQ(0, trace_count(&trace, PIDFDTRACE_RECORD_DELIVERY));
}

TEST_F(tracer, signals_not_sent_through_pidfds_make_no_records)
{
	struct pidfdtrace_stats before, after;
	union sigval v = { .sival_int = 1 };

	ASSERT_EQ(0, ioctl(self->s.reader, PIDFDTRACE_IOC_GET_STATS, &before));
	ASSERT_EQ(0, kill(self->s.target, SIGUSR1));
	ASSERT_EQ(0, kill(self->s.target, SIGCONT));
	ASSERT_EQ(0, sigqueue(self->s.target, SIGUSR2, v));
	ASSERT_EQ(0, syscall(SYS_tgkill, self->s.target, self->s.target, SIGUSR1));
	ASSERT_EQ(0, ioctl(self->s.reader, PIDFDTRACE_IOC_GET_STATS, &after));

	ASSERT_LE(0, reader_drain(self->s.reader, &trace));
	EXPECT_EQ(0U, trace.len);
	/* The signal probe saw them, and let them go. */
	EXPECT_LE(before.signal_hits + 4, after.signal_hits);
	EXPECT_EQ(before.deliveries, after.deliveries);
	EXPECT_EQ(before.calls, after.calls);
}

TEST_HARNESS_MAIN
