// SPDX-License-Identifier: GPL-2.0
/*
 * Per-reader filters: each test passes only what it matches (calls by
 * their sender, target and signal; deliveries by the same sender, their
 * own target and their signal), tests combine, LOST records always pass,
 * what a filter drops is not lost, and a filter set before the reader
 * starts applies to its first record. What a filter cannot mean is EINVAL.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <linux/pidfdtrace.h>

#include "kselftest_harness.h"
#include "pidfdtrace_test.h"

/* cgroups of the cgroup filter tests: a parent with a child, and another. */
#define CG_PARENT	"pft-filter"
#define CG_CHILD	"pft-filter/child"
#define CG_OTHER	"pft-filter-other"

static struct trace trace, trace2;

FIXTURE(filter) {
	struct pidfdtrace_setup s;
};

FIXTURE_SETUP(filter)
{
	ASSERT_EQ(0, pidfdtrace_setup(&self->s, NULL));
	trace.len = 0;
	trace2.len = 0;
}

FIXTURE_TEARDOWN(filter)
{
	pidfdtrace_cleanup(&self->s);
	cgroup_remove(CG_CHILD);
	cgroup_remove(CG_PARENT);
	cgroup_remove(CG_OTHER);
}

static int set_filter(int reader, const struct pidfdtrace_filter *f)
{
	return ioctl(reader, PIDFDTRACE_IOC_SET_FILTER, f) ? -errno : 0;
}

#define UID_KEEP ((uid_t)-1)

/* A child that sends SIGUSR1 once sender_run() releases it. */
struct sender {
	pid_t pid;
	int go;		/* a byte written here releases it */
};

/*
 * The sender is named @comm, takes real and effective uids @ruid and @euid
 * (UID_KEEP: stays root) and sends through @pidfd, or to itself (SIGUSR1
 * blocked) when @pidfd is -1. Set it up (a cgroup...) before the release.
 */
static int sender_spawn(struct sender *s, const char *comm, uid_t ruid,
			uid_t euid, int pidfd)
{
	sigset_t set;
	int p[2];
	char go;

	if (pipe(p))
		return -1;
	s->pid = fork_child();
	if (s->pid == 0) {
		close(p[1]);
		prctl(PR_SET_NAME, comm);
		if (read(p[0], &go, 1) != 1)
			_exit(100);
		if (setresuid(ruid, euid, UID_KEEP))
			_exit(101);
		if (pidfd < 0) {
			sigemptyset(&set);
			sigaddset(&set, SIGUSR1);
			sigprocmask(SIG_BLOCK, &set, NULL);
			pidfd = sys_pidfd_open(getpid(), 0);
		}
		_exit(-pidfd_send(pidfd, SIGUSR1, NULL, 0));
	}
	close(p[0]);
	s->go = p[1];
	return s->pid > 0 ? 0 : -1;
}

/* Releases @s and waits for it: returns its errno, 0 when it sent. */
static int sender_run(struct sender *s)
{
	int status;
	char go = 0;

	if (write(s->go, &go, 1) != 1)
		return -1;
	close(s->go);
	if (waitpid(s->pid, &status, 0) != s->pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

TEST_F(filter, zero_mask_passes_everything)
{
	struct pidfdtrace_filter f = { .mask = PIDFDTRACE_FILTER_FAILED };

	ASSERT_EQ(0, set_filter(self->s.reader, &f));
	f.mask = 0;
	ASSERT_EQ(0, set_filter(self->s.reader, &f));
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ(-EBADF, pidfd_send(-1, SIGUSR1, NULL, 0));
	ASSERT_LE(0, reader_drain(self->s.reader, &trace));
	EXPECT_EQ(2, trace_count(&trace, PIDFDTRACE_RECORD_CALL));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_DELIVERY));
}

TEST_F(filter, failed_filter_passes_failed_calls_only)
{
	struct pidfdtrace_filter f = { .mask = PIDFDTRACE_FILTER_FAILED };
	const struct pidfdtrace_call *c;

	ASSERT_EQ(0, set_filter(self->s.reader, &f));
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ(-EBADF, pidfd_send(-1, SIGUSR1, NULL, 0));
	ASSERT_LE(0, reader_drain(self->s.reader, &trace));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_CALL));
	EXPECT_EQ(0, trace_count(&trace, PIDFDTRACE_RECORD_DELIVERY));
	c = trace_call(&trace, getpid(), 0);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(-EBADF, c->ret);
}

TEST_F(filter, failed_filter_drops_the_deliveries_of_failed_calls)
{
	struct pidfdtrace_filter f = { .mask = PIDFDTRACE_FILTER_FAILED };
	struct rlimit none = { 0, 0 };
	struct pidfdtrace_stats stats;
	siginfo_t info = {};
	sigset_t set;
	int self_fd;

	/* A realtime signal that finds its queue full fails, once generated. */
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	ASSERT_EQ(0, sigprocmask(SIG_BLOCK, &set, NULL));
	ASSERT_EQ(0, setrlimit(RLIMIT_SIGPENDING, &none));
	self_fd = sys_pidfd_open(getpid(), 0);
	ASSERT_LE(0, self_fd);
	info.si_signo = SIGRTMIN;
	info.si_code = SI_QUEUE;
	ASSERT_EQ(0, set_filter(self->s.reader, &f));
	ASSERT_EQ(-EAGAIN, pidfd_send(self_fd, SIGRTMIN, &info, 0));
	ASSERT_LE(0, reader_drain(self->s.reader, &trace));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_CALL));
	EXPECT_EQ(0, trace_count(&trace, PIDFDTRACE_RECORD_DELIVERY));
	ASSERT_EQ(0, ioctl(self->s.reader, PIDFDTRACE_IOC_GET_STATS, &stats));
	EXPECT_EQ(1U, stats.reader_filtered);
	close(self_fd);
}

TEST_F(filter, signals_filter_passes_the_listed_signals_only)
{
	struct pidfdtrace_filter f = {
		.mask = PIDFDTRACE_FILTER_SIGNALS,
		.signals = { 1ULL << SIGUSR2 },
	};
	const struct pidfdtrace_call *c;

	ASSERT_EQ(0, set_filter(self->s.reader, &f));
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR2, NULL, 0));
	ASSERT_LE(0, reader_drain(self->s.reader, &trace));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_CALL));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_DELIVERY));
	c = trace_call(&trace, getpid(), 0);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(SIGUSR2, c->sig);
	EXPECT_EQ(SIGUSR2, trace_delivery(&trace, c->hdr.seq, 0)->sig);
}

TEST_F(filter, target_tgid_filter_passes_calls_to_that_process_only)
{
	struct pidfdtrace_filter f = {
		.mask = PIDFDTRACE_FILTER_TARGET_TGID,
		.target_tgid = self->s.target,
	};
	const struct pidfdtrace_call *c;
	int self_fd = sys_pidfd_open(getpid(), 0);

	ASSERT_LE(0, self_fd);
	ASSERT_EQ(0, set_filter(self->s.reader, &f));
	/* Signal 0: the target comes from a second look, and passes. */
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, 0, NULL, 0));
	ASSERT_EQ(0, pidfd_send(self_fd, 0, NULL, 0));
	ASSERT_EQ(-EBADF, pidfd_send(-1, 0, NULL, 0));
	ASSERT_LE(0, reader_drain(self->s.reader, &trace));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_CALL));
	c = trace_call(&trace, getpid(), 0);
	ASSERT_NE(NULL, c);
	EXPECT_EQ((__u32)self->s.target, c->target.tgid);
	close(self_fd);
}

TEST_F(filter, sender_tgid_filter_passes_that_process_only)
{
	struct pidfdtrace_filter f = {
		.mask = PIDFDTRACE_FILTER_SENDER_TGID,
		.sender_tgid = getpid() + 1,
	};

	ASSERT_EQ(0, set_filter(self->s.reader, &f));
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0));
	ASSERT_LE(0, reader_drain(self->s.reader, &trace));
	EXPECT_EQ(0U, trace.len);
	f.sender_tgid = getpid();
	ASSERT_EQ(0, set_filter(self->s.reader, &f));
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0));
	ASSERT_LE(0, reader_drain(self->s.reader, &trace));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_CALL));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_DELIVERY));
}

TEST_F(filter, sender_comm_filter_matches_the_comm_exactly)
{
	struct pidfdtrace_filter f = {
		.mask = PIDFDTRACE_FILTER_SENDER_COMM,
		.comm = "pft-comm",
	};
	struct sender exact, longer, shorter;
	const struct pidfdtrace_call *c;
	int fd = self->s.pidfd;

	ASSERT_EQ(0, set_filter(self->s.reader, &f));
	ASSERT_EQ(0, sender_spawn(&exact, "pft-comm", UID_KEEP, UID_KEEP, fd));
	ASSERT_EQ(0, sender_spawn(&longer, "pft-comm2", UID_KEEP, UID_KEEP, fd));
	ASSERT_EQ(0, sender_spawn(&shorter, "pft-com", UID_KEEP, UID_KEEP, fd));
	EXPECT_EQ(0, sender_run(&exact));
	EXPECT_EQ(0, sender_run(&longer));
	EXPECT_EQ(0, sender_run(&shorter));
	ASSERT_LE(0, reader_drain(self->s.reader, &trace));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_CALL));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_DELIVERY));
	c = trace_call(&trace, exact.pid, 0);
	ASSERT_NE(NULL, c);
	EXPECT_STREQ("pft-comm", c->sender.comm);
}

TEST_F(filter, sender_uid_filter_matches_the_real_uid)
{
	struct pidfdtrace_filter f = {
		.mask = PIDFDTRACE_FILTER_SENDER_UID,
		.uid = 65534,
	};
	struct sender real, effective;
	const struct pidfdtrace_call *c;

	ASSERT_EQ(0, set_filter(self->s.reader, &f));
	/* Each signals itself: the delivery's sender is the call's. */
	ASSERT_EQ(0, sender_spawn(&real, "pft-real", 65534, 0, -1));
	ASSERT_EQ(0, sender_spawn(&effective, "pft-effective", 0, 65534, -1));
	EXPECT_EQ(0, sender_run(&real));
	EXPECT_EQ(0, sender_run(&effective));
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0));
	ASSERT_LE(0, reader_drain(self->s.reader, &trace));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_CALL));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_DELIVERY));
	c = trace_call(&trace, real.pid, 0);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(65534U, c->sender.uid);
	EXPECT_EQ(0U, c->sender_euid);
}

TEST_F(filter, sender_cgroup_filter_passes_the_cgroup_and_its_descendants)
{
	struct pidfdtrace_filter f = { .mask = PIDFDTRACE_FILTER_SENDER_CGROUP };
	struct sender inside, outside;
	const struct pidfdtrace_call *c;
	int fd = self->s.pidfd;
	__u64 child;

	if (cgroup2_mount())
		SKIP(return, "no cgroup v2: %s", strerror(errno));
	f.sender_cgroup = cgroup_make(CG_PARENT);
	child = cgroup_make(CG_CHILD);
	ASSERT_NE(0U, f.sender_cgroup);
	ASSERT_NE(0U, child);
	ASSERT_NE(0U, cgroup_make(CG_OTHER));
	ASSERT_EQ(0, set_filter(self->s.reader, &f));
	ASSERT_EQ(0, sender_spawn(&inside, "pft-inside", UID_KEEP, UID_KEEP, fd));
	ASSERT_EQ(0, sender_spawn(&outside, "pft-outside", UID_KEEP, UID_KEEP, fd));
	ASSERT_EQ(0, cgroup_move(CG_CHILD, inside.pid));
	ASSERT_EQ(0, cgroup_move(CG_OTHER, outside.pid));
	EXPECT_EQ(0, sender_run(&inside));
	EXPECT_EQ(0, sender_run(&outside));
	/* And one from our cgroup, an ancestor of the filter's: no pass. */
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0));
	ASSERT_LE(0, reader_drain(self->s.reader, &trace));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_CALL));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_DELIVERY));
	c = trace_call(&trace, inside.pid, 0);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(child, c->sender_cgroup);
}

TEST_F(filter, target_cgroup_filter_passes_the_cgroup_and_its_descendants)
{
	struct pidfdtrace_filter f = { .mask = PIDFDTRACE_FILTER_TARGET_CGROUP };
	const struct pidfdtrace_call *c0, *c1;
	const struct pidfdtrace_delivery *d;
	pid_t inside, outside;
	int in_fd, out_fd;
	__u64 child;

	if (cgroup2_mount())
		SKIP(return, "no cgroup v2: %s", strerror(errno));
	f.target_cgroup = cgroup_make(CG_PARENT);
	child = cgroup_make(CG_CHILD);
	ASSERT_NE(0U, f.target_cgroup);
	ASSERT_NE(0U, child);
	ASSERT_NE(0U, cgroup_make(CG_OTHER));
	inside = spawn_target("pft-inside");
	outside = spawn_target("pft-outside");
	ASSERT_LT(0, inside);
	ASSERT_LT(0, outside);
	wait_sleeping(inside);
	wait_sleeping(outside);
	ASSERT_EQ(0, cgroup_move(CG_CHILD, inside));
	ASSERT_EQ(0, cgroup_move(CG_OTHER, outside));
	in_fd = sys_pidfd_open(inside, 0);
	out_fd = sys_pidfd_open(outside, 0);
	ASSERT_LE(0, in_fd);
	ASSERT_LE(0, out_fd);
	ASSERT_EQ(0, set_filter(self->s.reader, &f));
	ASSERT_EQ(0, pidfd_send(in_fd, SIGUSR1, NULL, 0));
	ASSERT_EQ(0, pidfd_send(in_fd, 0, NULL, 0));
	ASSERT_EQ(0, pidfd_send(out_fd, SIGUSR1, NULL, 0));
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0));
	ASSERT_LE(0, reader_drain(self->s.reader, &trace));
	reap(inside);
	reap(outside);
	close(in_fd);
	close(out_fd);
	/* Both calls to the one inside, the kernel's target or a second look. */
	EXPECT_EQ(2, trace_count(&trace, PIDFDTRACE_RECORD_CALL));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_DELIVERY));
	c0 = trace_call(&trace, getpid(), 0);
	c1 = trace_call(&trace, getpid(), 1);
	ASSERT_NE(NULL, c0);
	ASSERT_NE(NULL, c1);
	EXPECT_EQ((__u32)inside, c0->target.pid);
	EXPECT_EQ(child, c0->target_cgroup);
	EXPECT_EQ((__u32)inside, c1->target.pid);
	EXPECT_EQ(child, c1->target_cgroup);
	d = trace_delivery(&trace, c0->hdr.seq, 0);
	ASSERT_NE(NULL, d);
	EXPECT_EQ(child, d->target_cgroup);
}

TEST_F(filter, cgroup_filter_on_a_removed_cgroup_is_enoent)
{
	struct pidfdtrace_filter f = {};
	__u64 gone;

	if (cgroup2_mount())
		SKIP(return, "no cgroup v2: %s", strerror(errno));
	gone = cgroup_make(CG_OTHER);
	ASSERT_NE(0U, gone);
	ASSERT_EQ(0, cgroup_remove(CG_OTHER));
	f.mask = PIDFDTRACE_FILTER_SENDER_CGROUP;
	f.sender_cgroup = gone;
	if (!kernel_at_least(5, 14)) {
		/* No lookup by id for modules: the id is taken as it is. */
		EXPECT_EQ(0, set_filter(self->s.reader, &f));
		SKIP(return, "no cgroup lookup by id for modules before 5.14");
	}
	EXPECT_EQ(-ENOENT, set_filter(self->s.reader, &f));
	f.mask = PIDFDTRACE_FILTER_TARGET_CGROUP;
	f.sender_cgroup = 0;
	f.target_cgroup = gone;
	EXPECT_EQ(-ENOENT, set_filter(self->s.reader, &f));
}

TEST_F(filter, combined_filters_must_all_pass)
{
	struct pidfdtrace_filter f = {
		.mask = PIDFDTRACE_FILTER_SENDER_TGID |
			PIDFDTRACE_FILTER_TARGET_TGID |
			PIDFDTRACE_FILTER_SIGNALS,
		.sender_tgid = getpid(),
		.target_tgid = self->s.target,
		.signals = { 1ULL << SIGUSR2 },
	};
	pid_t other = spawn_target("pft-other");
	int other_fd;

	ASSERT_LT(0, other);
	wait_sleeping(other);
	other_fd = sys_pidfd_open(other, 0);
	ASSERT_LE(0, other_fd);
	ASSERT_EQ(0, set_filter(self->s.reader, &f));
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ(0, pidfd_send(other_fd, SIGUSR2, NULL, 0));
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR2, NULL, 0));
	ASSERT_LE(0, reader_drain(self->s.reader, &trace));
	reap(other);
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_CALL));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_DELIVERY));
	EXPECT_EQ(SIGUSR2, trace_call(&trace, getpid(), 0)->sig);
	EXPECT_EQ((__u32)self->s.target,
		  trace_call(&trace, getpid(), 0)->target.pid);
	close(other_fd);
}

TEST_F(filter, deliveries_pass_the_target_filter_by_their_own_target)
{
	struct pidfdtrace_filter f = { .mask = PIDFDTRACE_FILTER_TARGET_TGID };
	const struct pidfdtrace_delivery *d;
	const struct pidfdtrace_call *c;
	pid_t members[3];
	int filtered, pidfd, i;

	if (!kernel_at_least(6, 9))
		SKIP(return, "PIDFD_SIGNAL_PROCESS_GROUP arrived in 6.9");
	ASSERT_EQ(0, spawn_process_group(members, 3, "pft-pgrp"));
	pidfd = sys_pidfd_open(members[0], 0);
	ASSERT_LE(0, pidfd);
	filtered = reader_open_stopped(0);
	ASSERT_LE(0, filtered);
	f.target_tgid = members[1];
	ASSERT_EQ(0, set_filter(filtered, &f));
	ASSERT_EQ(0, reader_start(filtered));
	ASSERT_EQ(0, pidfd_send(pidfd, SIGUSR1, NULL,
				PIDFD_SIGNAL_PROCESS_GROUP));
	ASSERT_LE(0, reader_drain(self->s.reader, &trace));
	ASSERT_LE(0, reader_drain(filtered, &trace2));
	for (i = 0; i < 3; i++)
		reap(members[i]);

	/* The unfiltered reader has all: the call, a delivery per member. */
	c = trace_call(&trace, getpid(), 0);
	ASSERT_NE(NULL, c);
	ASSERT_EQ(3, trace_deliveries(&trace, c->hdr.seq));
	/*
	 * The filtered one: member 1's delivery, and not the call, whose
	 * target is the group's leader.
	 */
	EXPECT_EQ((__u32)members[0], c->target.tgid);
	EXPECT_EQ(0, trace_count(&trace2, PIDFDTRACE_RECORD_CALL));
	EXPECT_EQ(1, trace_count(&trace2, PIDFDTRACE_RECORD_DELIVERY));
	d = trace_delivery(&trace2, c->hdr.seq, 0);
	ASSERT_NE(NULL, d);
	EXPECT_EQ((__u32)members[1], d->target.tgid);
	close(filtered);
	close(pidfd);
}

TEST_F(filter, filter_set_before_start_applies_to_the_first_record)
{
	struct pidfdtrace_filter f = {
		.mask = PIDFDTRACE_FILTER_SIGNALS,
		.signals = { 1ULL << SIGUSR2 },
	};
	const struct pidfdtrace_delivery *first;
	struct pidfdtrace_stats stats;
	int reader = reader_open_stopped(0);

	ASSERT_LE(0, reader);
	ASSERT_EQ(0, set_filter(reader, &f));
	ASSERT_EQ(0, reader_start(reader));
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR2, NULL, 0));
	ASSERT_LE(0, reader_drain(reader, &trace));
	ASSERT_EQ(0, ioctl(reader, PIDFDTRACE_IOC_GET_STATS, &stats));
	EXPECT_EQ(2U, stats.reader_filtered);
	EXPECT_EQ(2U, stats.reader_records);
	/* The first record the reader ever got: SIGUSR2's delivery. */
	ASSERT_LT(0U, trace.len);
	first = (const void *)trace.buf;
	EXPECT_EQ(PIDFDTRACE_RECORD_DELIVERY, first->hdr.type);
	EXPECT_EQ(SIGUSR2, first->sig);
	close(reader);
}

TEST_F(filter, lost_records_pass_every_filter)
{
	struct pidfdtrace_filter f = { .mask = PIDFDTRACE_FILTER_FAILED };
	const struct pidfdtrace_record_header *hdr;
	struct pidfdtrace_stats stats;
	int small = reader_open_stopped(PIDFDTRACE_BUFFER_MIN);
	int i;

	ASSERT_LE(0, small);
	ASSERT_EQ(0, pin_to_this_cpu());
	ASSERT_EQ(0, set_filter(small, &f));
	ASSERT_EQ(0, reader_start(small));
	/* Failed calls, 4 more than fit, and successful ones it drops. */
	for (i = 0; i < MIN_BUFFER_CALLS + 4; i++) {
		ASSERT_EQ(-EBADF, pidfd_send(-1, 0, NULL, 0));
		ASSERT_EQ(0, pidfd_send(self->s.pidfd, 0, NULL, 0));
	}
	ASSERT_LE(0, reader_drain(small, &trace));
	ASSERT_EQ(-EBADF, pidfd_send(-1, 0, NULL, 0));
	ASSERT_LE(0, reader_drain(small, &trace));

	/* The LOST record is no failed call: it comes through all the same. */
	EXPECT_EQ(MIN_BUFFER_CALLS + 1,
		  trace_count(&trace, PIDFDTRACE_RECORD_CALL));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_LOST));
	i = 0;
	trace_for_each(&trace, hdr)
		if (i++ == MIN_BUFFER_CALLS) {
			EXPECT_EQ(PIDFDTRACE_RECORD_LOST, hdr->type);
			EXPECT_EQ(4U, ((const struct pidfdtrace_lost *)hdr)->count);
		}
	ASSERT_EQ(0, ioctl(small, PIDFDTRACE_IOC_GET_STATS, &stats));
	EXPECT_EQ(4U, stats.reader_lost);
	EXPECT_EQ((__u64)MIN_BUFFER_CALLS + 4, stats.reader_filtered);
	close(small);
}

TEST_F(filter, records_dropped_by_a_filter_are_counted_not_lost)
{
	struct pidfdtrace_filter f = {
		.mask = PIDFDTRACE_FILTER_SIGNALS,
		.signals = { 1ULL << SIGUSR2 },
	};
	struct pidfdtrace_stats stats;
	int i;

	ASSERT_EQ(0, set_filter(self->s.reader, &f));
	for (i = 0; i < 3; i++)
		ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR2, NULL, 0));
	ASSERT_EQ(0, ioctl(self->s.reader, PIDFDTRACE_IOC_GET_STATS, &stats));
	EXPECT_EQ(6U, stats.reader_filtered);
	EXPECT_EQ(2U, stats.reader_records);
	EXPECT_EQ(0U, stats.reader_lost);
	EXPECT_EQ(0U, stats.lost);
}

TEST_F(filter, unknown_filter_bits_are_einval)
{
	struct pidfdtrace_filter f = {};
	unsigned int bit;

	for (bit = 0; bit < 32; bit++) {
		f.mask = 1U << bit;
		if (f.mask & PIDFDTRACE_FILTER_ALL)
			continue;
		EXPECT_EQ(-EINVAL, set_filter(self->s.reader, &f))
			TH_LOG("mask bit %u", bit);
	}
}

TEST_F(filter, nonzero_reserved_filter_fields_are_einval)
{
	struct pidfdtrace_filter f = {};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(f.__reserved); i++) {
		memset(&f, 0, sizeof(f));
		f.__reserved[i] = 1;
		EXPECT_EQ(-EINVAL, set_filter(self->s.reader, &f))
			TH_LOG("__reserved[%u]", i);
	}
}

TEST_HARNESS_MAIN
