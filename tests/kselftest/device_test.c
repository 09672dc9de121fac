// SPDX-License-Identifier: GPL-2.0
/*
 * The device: independent readers, whole-record reads, blocking and
 * polling, exact loss accounting, filters, statistics and privilege.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <linux/capability.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <linux/pidfdtrace.h>

#include "kselftest_harness.h"
#include "pidfdtrace_test.h"

static struct trace trace, trace2;

FIXTURE(device) {
	int reader;
	pid_t target;
	int pidfd;
};

FIXTURE_SETUP(device)
{
	int ret = pidfdtrace_unload();

	ASSERT_TRUE(ret == 0 || ret == -ENOENT);
	ASSERT_EQ(0, pidfdtrace_load(NULL));
	/* First, so that it does not inherit the reader. */
	self->target = spawn_target("pft-target");
	ASSERT_LT(0, self->target);
	wait_sleeping(self->target);
	self->reader = reader_open(0);
	ASSERT_LE(0, self->reader);
	self->pidfd = sys_pidfd_open(self->target, 0);
	ASSERT_LE(0, self->pidfd);
	trace.len = 0;
	trace2.len = 0;
}

FIXTURE_TEARDOWN(device)
{
	reap(self->target);
	close(self->pidfd);
	if (self->reader >= 0)
		close(self->reader);
	pidfdtrace_unload();
}

/* @n calls of signal 0: one call record each, no delivery. */
static int send_n(int pidfd, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (pidfd_send(pidfd, 0, NULL, 0))
			return -1;
	return 0;
}

/* Checks @t holds @events records, lost ones counted, gaps matching. */
static void check_accounting(struct __test_metadata *_metadata,
			     const struct trace *t, int events,
			     int expect_lost)
{
	const struct pidfdtrace_record_header *hdr;
	__u64 lost = 0, pending_lost = 0, gaps = 0, prev = 0;
	int records = 0;

	trace_for_each(t, hdr) {
		if (hdr->type == PIDFDTRACE_RECORD_LOST) {
			const struct pidfdtrace_lost *l = (const void *)hdr;

			EXPECT_EQ(0U, hdr->seq);
			lost += l->count;
			pending_lost += l->count;
			continue;
		}
		if (prev) {
			/* Only a LOST record may stand for a gap. */
			EXPECT_EQ(prev + 1 + pending_lost, hdr->seq);
			gaps += hdr->seq - prev - 1;
		}
		pending_lost = 0;
		prev = hdr->seq;
		records++;
	}
	EXPECT_EQ(events, records + (int)lost);
	EXPECT_EQ(lost, gaps + pending_lost);
	EXPECT_EQ(expect_lost, (int)lost);
}

TEST_F(device, two_readers_each_get_every_record)
{
	int second = reader_open(0);
	const struct pidfdtrace_record_header *a, *b;

	ASSERT_LE(0, second);
	ASSERT_EQ(0, send_n(self->pidfd, 50));
	ASSERT_LE(0, reader_drain(self->reader, &trace));
	ASSERT_LE(0, reader_drain(second, &trace2));
	EXPECT_EQ(50, trace_count(&trace, PIDFDTRACE_RECORD_CALL));
	EXPECT_EQ(50, trace_count(&trace2, PIDFDTRACE_RECORD_CALL));
	ASSERT_EQ(trace.len, trace2.len);
	/* The same records, the same numbers. */
	for (a = (const void *)trace.buf, b = (const void *)trace2.buf;
	     (const char *)a < trace.buf + trace.len;
	     a = (const void *)((const char *)a + a->size),
	     b = (const void *)((const char *)b + b->size))
		EXPECT_EQ(a->seq, b->seq);
	close(second);
}

TEST_F(device, small_buffer_reader_counts_each_lost_record)
{
	struct pidfdtrace_stats stats;
	int small = reader_open(PIDFDTRACE_BUFFER_MIN);

	ASSERT_LE(0, small);
	ASSERT_EQ(0, send_n(self->pidfd, 300));
	ASSERT_LE(0, reader_drain(small, &trace2));
	ASSERT_LE(0, reader_drain(self->reader, &trace));

	/* 4 KiB holds 22 call records: the rest are lost, and counted. */
	check_accounting(_metadata, &trace, 300, 0);
	check_accounting(_metadata, &trace2, 300, 300 - 22);
	ASSERT_EQ(0, ioctl(small, PIDFDTRACE_IOC_GET_STATS, &stats));
	EXPECT_EQ(22U, stats.reader_records);
	EXPECT_EQ(300U - 22, stats.reader_lost);
	EXPECT_EQ(300U - 22, stats.lost);
	close(small);
}

TEST_F(device, lost_records_are_reported_before_the_next_record)
{
	const struct pidfdtrace_record_header *hdr;
	int small = reader_open(PIDFDTRACE_BUFFER_MIN);
	int i = 0;

	ASSERT_LE(0, small);
	ASSERT_EQ(0, send_n(self->pidfd, 30));
	ASSERT_LE(0, reader_drain(small, &trace2));
	ASSERT_EQ(0, send_n(self->pidfd, 5));
	ASSERT_LE(0, reader_drain(small, &trace2));

	/* 22 records, the LOST record of 8, then the 5 sent after. */
	check_accounting(_metadata, &trace2, 35, 8);
	trace_for_each(&trace2, hdr) {
		if (i == 22) {
			EXPECT_EQ(PIDFDTRACE_RECORD_LOST, hdr->type);
			EXPECT_EQ(8U, ((const struct pidfdtrace_lost *)hdr)->count);
		} else {
			EXPECT_EQ(PIDFDTRACE_RECORD_CALL, hdr->type);
		}
		i++;
	}
	EXPECT_EQ(28, i);
	close(small);
}

TEST_F(device, read_returns_whole_records_that_fit)
{
	char buf[sizeof(struct pidfdtrace_call) * 2 + 100];

	ASSERT_EQ(0, send_n(self->pidfd, 3));
	EXPECT_EQ((ssize_t)sizeof(struct pidfdtrace_call) * 2,
		  read(self->reader, buf, sizeof(buf)));
	EXPECT_EQ((ssize_t)sizeof(struct pidfdtrace_call),
		  read(self->reader, buf, sizeof(buf)));
}

TEST_F(device, read_into_buffer_smaller_than_a_record_is_einval)
{
	char buf[sizeof(struct pidfdtrace_call) - 8];

	ASSERT_EQ(0, send_n(self->pidfd, 1));
	EXPECT_EQ(-1, read(self->reader, buf, sizeof(buf)));
	EXPECT_EQ(EINVAL, errno);
	/* Still there for a buffer that fits. */
	ASSERT_LE(0, reader_drain(self->reader, &trace));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_CALL));
}

TEST_F(device, read_into_bad_buffer_is_efault_and_consumes_nothing)
{
	void *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
			-1, 0);

	ASSERT_NE(MAP_FAILED, ro);
	ASSERT_EQ(0, send_n(self->pidfd, 2));
	EXPECT_EQ(-1, read(self->reader, ro, 4096));
	EXPECT_EQ(EFAULT, errno);
	munmap(ro, 4096);
	ASSERT_LE(0, reader_drain(self->reader, &trace));
	EXPECT_EQ(2, trace_count(&trace, PIDFDTRACE_RECORD_CALL));
}

TEST_F(device, nonblocking_read_of_empty_buffer_is_eagain)
{
	char buf[PIDFDTRACE_RECORD_MAX_SIZE];

	EXPECT_EQ(-1, read(self->reader, buf, sizeof(buf)));
	EXPECT_EQ(EAGAIN, errno);
}

TEST_F(device, poll_and_epoll_report_readable_only_with_records)
{
	struct pollfd pfd = { .fd = self->reader, .events = POLLIN };
	struct epoll_event ev = { .events = EPOLLIN }, out;
	int ep = epoll_create1(EPOLL_CLOEXEC);

	ASSERT_LE(0, ep);
	ASSERT_EQ(0, epoll_ctl(ep, EPOLL_CTL_ADD, self->reader, &ev));
	EXPECT_EQ(0, poll(&pfd, 1, 0));
	EXPECT_EQ(0, epoll_wait(ep, &out, 1, 0));
	ASSERT_EQ(0, send_n(self->pidfd, 1));
	EXPECT_EQ(1, poll(&pfd, 1, 0));
	EXPECT_EQ(POLLIN, pfd.revents & POLLIN);
	/* epoll learns of it from the wakeup, batched: wait for it. */
	EXPECT_EQ(1, epoll_wait(ep, &out, 1, 5000));
	ASSERT_LE(0, reader_drain(self->reader, &trace));
	EXPECT_EQ(0, poll(&pfd, 1, 0));
	close(ep);
}

static void *send_later(void *arg)
{
	int pidfd = *(int *)arg;

	usleep(200 * 1000);
	pidfd_send(pidfd, 0, NULL, 0);
	return NULL;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

TEST_F(device, blocking_read_wakes_when_a_record_arrives)
{
	char buf[PIDFDTRACE_RECORD_MAX_SIZE];
	int fd = open(PIDFDTRACE_DEVICE, O_RDONLY | O_CLOEXEC);
	pthread_t thread;
	double start;

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, pthread_create(&thread, NULL, send_later, &self->pidfd));
	start = now_s();
	EXPECT_EQ((ssize_t)sizeof(struct pidfdtrace_call),
		  read(fd, buf, sizeof(buf)));
	/* Sent after 0.2 s, read within the wakeup latency of it. */
	EXPECT_LT(0.15, now_s() - start);
	EXPECT_GT(5.0, now_s() - start);
	pthread_join(thread, NULL);
	close(fd);
}

static void set_wakeup_latency_ms(struct __test_metadata *_metadata, int ms)
{
	FILE *f = fopen("/sys/module/pidfdtrace/parameters/wakeup_latency_ms",
			"w");

	ASSERT_NE(NULL, f);
	fprintf(f, "%d\n", ms);
	ASSERT_EQ(0, fclose(f));
}

/* Opens a blocking reader of @size bytes. */
static int blocking_reader(unsigned int size)
{
	int fd = open(PIDFDTRACE_DEVICE, O_RDONLY | O_CLOEXEC);

	if (fd >= 0 && ioctl(fd, PIDFDTRACE_IOC_SET_BUFFER_SIZE, &size)) {
		close(fd);
		return -1;
	}
	return fd;
}

struct burst {
	int pidfd;
	int n;
};

static void *send_burst_later(void *arg)
{
	struct burst *b = arg;

	usleep(200 * 1000);
	send_n(b->pidfd, b->n);
	return NULL;
}

TEST_F(device, one_record_wakes_a_blocked_reader_after_the_latency)
{
	char buf[PIDFDTRACE_BUFFER_MIN];
	struct burst b = { self->pidfd, 1 };
	int fd = blocking_reader(PIDFDTRACE_BUFFER_MIN);
	pthread_t thread;
	double start, took;

	ASSERT_LE(0, fd);
	set_wakeup_latency_ms(_metadata, 1000);
	ASSERT_EQ(0, pthread_create(&thread, NULL, send_burst_later, &b));
	start = now_s();
	EXPECT_EQ((ssize_t)sizeof(struct pidfdtrace_call),
		  read(fd, buf, sizeof(buf)));
	took = now_s() - start;
	pthread_join(thread, NULL);
	/* Sent at 0.2 s, woken a latency (1 s) later: batched, not at once. */
	EXPECT_LT(1.1, took);
	EXPECT_GT(5.0, took);
	set_wakeup_latency_ms(_metadata, 20);
	close(fd);
}

TEST_F(device, a_quarter_full_buffer_wakes_a_blocked_reader_at_once)
{
	char buf[PIDFDTRACE_BUFFER_MIN];
	struct burst b = { self->pidfd, 6 };	/* 6 x 184 bytes >= 1024 */
	int fd = blocking_reader(PIDFDTRACE_BUFFER_MIN);
	pthread_t thread;
	double start, took;

	ASSERT_LE(0, fd);
	set_wakeup_latency_ms(_metadata, 60000);
	ASSERT_EQ(0, pthread_create(&thread, NULL, send_burst_later, &b));
	start = now_s();
	EXPECT_LE((ssize_t)sizeof(struct pidfdtrace_call),
		  read(fd, buf, sizeof(buf)));
	took = now_s() - start;
	pthread_join(thread, NULL);
	EXPECT_LT(0.15, took);
	EXPECT_GT(5.0, took);
	set_wakeup_latency_ms(_metadata, 20);
	close(fd);
}

TEST_F(device, poll_wakes_when_a_record_arrives)
{
	struct pollfd pfd = { .fd = self->reader, .events = POLLIN };
	pthread_t thread;

	ASSERT_EQ(0, pthread_create(&thread, NULL, send_later, &self->pidfd));
	EXPECT_EQ(1, poll(&pfd, 1, 5000));
	pthread_join(thread, NULL);
}

TEST_F(device, signal_interrupts_blocked_read)
{
	struct sigaction sa = { .sa_handler = on_signal_do_nothing };
	char buf[PIDFDTRACE_RECORD_MAX_SIZE];
	int fd = open(PIDFDTRACE_DEVICE, O_RDONLY | O_CLOEXEC);

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, sigaction(SIGALRM, &sa, NULL));	/* no SA_RESTART */
	alarm(1);
	EXPECT_EQ(-1, read(fd, buf, sizeof(buf)));
	EXPECT_EQ(EINTR, errno);
	close(fd);
}

TEST_F(device, buffer_size_is_a_power_of_two_in_range)
{
	struct pidfdtrace_stats stats;
	__u32 bad[] = { 0, 4095, 6000, PIDFDTRACE_BUFFER_MIN / 2,
			PIDFDTRACE_BUFFER_MAX * 2 };
	__u32 good = 1 << 16;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		EXPECT_EQ(-1, ioctl(self->reader, PIDFDTRACE_IOC_SET_BUFFER_SIZE,
				    &bad[i]));
		EXPECT_EQ(EINVAL, errno);
	}
	EXPECT_EQ(0, ioctl(self->reader, PIDFDTRACE_IOC_SET_BUFFER_SIZE, &good));
	ASSERT_EQ(0, ioctl(self->reader, PIDFDTRACE_IOC_GET_STATS, &stats));
	EXPECT_EQ(good, stats.buffer_size);
}

TEST_F(device, resizing_keeps_buffered_records)
{
	__u32 size = PIDFDTRACE_BUFFER_MIN, big = 1 << 16;

	ASSERT_EQ(0, send_n(self->pidfd, 40));
	/* 40 records need 7360 bytes: they don't fit in 4 KiB. */
	EXPECT_EQ(-1, ioctl(self->reader, PIDFDTRACE_IOC_SET_BUFFER_SIZE, &size));
	EXPECT_EQ(EBUSY, errno);
	EXPECT_EQ(0, ioctl(self->reader, PIDFDTRACE_IOC_SET_BUFFER_SIZE, &big));
	ASSERT_EQ(0, send_n(self->pidfd, 10));
	ASSERT_LE(0, reader_drain(self->reader, &trace));
	check_accounting(_metadata, &trace, 50, 0);
}

TEST_F(device, each_filter_passes_only_matching_records)
{
	struct pidfdtrace_filter f = {};
	struct pidfdtrace_stats stats;
	int bad_fd = dup(self->pidfd);

	close(bad_fd);

	f.mask = PIDFDTRACE_FILTER_FAILED;
	ASSERT_EQ(0, ioctl(self->reader, PIDFDTRACE_IOC_SET_FILTER, &f));
	ASSERT_EQ(0, pidfd_send(self->pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ(-EBADF, pidfd_send(bad_fd, SIGUSR1, NULL, 0));
	ASSERT_LE(0, reader_drain(self->reader, &trace));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_CALL));
	EXPECT_EQ(0, trace_count(&trace, PIDFDTRACE_RECORD_DELIVERY));
	EXPECT_EQ(-EBADF, trace_call(&trace, getpid(), 0)->ret);

	trace.len = 0;
	f.mask = PIDFDTRACE_FILTER_SIGNALS;
	f.signals[0] = 1ULL << SIGUSR2;
	ASSERT_EQ(0, ioctl(self->reader, PIDFDTRACE_IOC_SET_FILTER, &f));
	ASSERT_EQ(0, pidfd_send(self->pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ(0, pidfd_send(self->pidfd, SIGUSR2, NULL, 0));
	ASSERT_LE(0, reader_drain(self->reader, &trace));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_CALL));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_DELIVERY));
	EXPECT_EQ(SIGUSR2, trace_call(&trace, getpid(), 0)->sig);

	trace.len = 0;
	f.mask = PIDFDTRACE_FILTER_TARGET_TGID;
	f.target_tgid = self->target;
	ASSERT_EQ(0, ioctl(self->reader, PIDFDTRACE_IOC_SET_FILTER, &f));
	ASSERT_EQ(0, pidfd_send(self->pidfd, 0, NULL, 0));
	ASSERT_EQ(-EBADF, pidfd_send(bad_fd, 0, NULL, 0));
	ASSERT_LE(0, reader_drain(self->reader, &trace));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_CALL));
	EXPECT_EQ((__u32)self->target, trace_call(&trace, getpid(), 0)->target.tgid);

	trace.len = 0;
	f.mask = PIDFDTRACE_FILTER_SENDER_TGID;
	f.sender_tgid = getpid() + 1;
	ASSERT_EQ(0, ioctl(self->reader, PIDFDTRACE_IOC_SET_FILTER, &f));
	ASSERT_EQ(0, pidfd_send(self->pidfd, SIGUSR1, NULL, 0));
	ASSERT_LE(0, reader_drain(self->reader, &trace));
	EXPECT_EQ(0U, trace.len);
	f.sender_tgid = getpid();
	ASSERT_EQ(0, ioctl(self->reader, PIDFDTRACE_IOC_SET_FILTER, &f));
	ASSERT_EQ(0, pidfd_send(self->pidfd, SIGUSR1, NULL, 0));
	ASSERT_LE(0, reader_drain(self->reader, &trace));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_CALL));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_DELIVERY));

	/* Dropped by a filter is not lost. */
	ASSERT_EQ(0, ioctl(self->reader, PIDFDTRACE_IOC_GET_STATS, &stats));
	EXPECT_EQ(0U, stats.reader_lost);
	EXPECT_EQ(7U, stats.reader_filtered);
	EXPECT_EQ(6U, stats.reader_records);
}

TEST_F(device, combined_filters_must_all_pass)
{
	struct pidfdtrace_filter f = {
		.mask = PIDFDTRACE_FILTER_SENDER_TGID |
			PIDFDTRACE_FILTER_TARGET_TGID |
			PIDFDTRACE_FILTER_SIGNALS,
		.sender_tgid = getpid(),
		.target_tgid = self->target,
		.signals = { 1ULL << SIGUSR2 },
	};
	pid_t other = spawn_target("pft-other");
	int other_fd;

	ASSERT_LT(0, other);
	wait_sleeping(other);
	other_fd = sys_pidfd_open(other, 0);
	ASSERT_LE(0, other_fd);
	ASSERT_EQ(0, ioctl(self->reader, PIDFDTRACE_IOC_SET_FILTER, &f));
	ASSERT_EQ(0, pidfd_send(self->pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ(0, pidfd_send(other_fd, SIGUSR2, NULL, 0));
	ASSERT_EQ(0, pidfd_send(self->pidfd, SIGUSR2, NULL, 0));
	ASSERT_LE(0, reader_drain(self->reader, &trace));
	reap(other);
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_CALL));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_DELIVERY));
	EXPECT_EQ(SIGUSR2, trace_call(&trace, getpid(), 0)->sig);
	EXPECT_EQ((__u32)self->target,
		  trace_call(&trace, getpid(), 0)->target.pid);
	close(other_fd);
}

TEST_F(device, unknown_filter_bits_are_einval)
{
	struct pidfdtrace_filter f = { .mask = 1U << 4 };

	EXPECT_EQ(-1, ioctl(self->reader, PIDFDTRACE_IOC_SET_FILTER, &f));
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(device, stats_count_calls_deliveries_and_name_the_probes)
{
	struct pidfdtrace_stats before, after;
	int second = reader_open(0);

	ASSERT_LE(0, second);
	ASSERT_EQ(0, ioctl(self->reader, PIDFDTRACE_IOC_GET_STATS, &before));
	ASSERT_EQ(0, pidfd_send(self->pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ(0, pidfd_send(self->pidfd, 0, NULL, 0));
	ASSERT_EQ(0, ioctl(self->reader, PIDFDTRACE_IOC_GET_STATS, &after));

	EXPECT_EQ(before.syscall_hits + 2, after.syscall_hits);
	EXPECT_EQ(before.calls + 2, after.calls);
	EXPECT_EQ(before.deliveries + 1, after.deliveries);
	EXPECT_EQ(0U, after.syscall_missed);
	EXPECT_EQ(0U, after.signal_missed);
	EXPECT_EQ(2U, after.readers);
	EXPECT_EQ(before.reader_records + 3, after.reader_records);
	EXPECT_EQ(1U << 20, after.buffer_size);
	EXPECT_STREQ("__x64_sys_pidfd_send_signal,__ia32_sys_pidfd_send_signal",
		     after.syscall_symbol);
	EXPECT_STREQ("send_signal_locked", after.signal_symbol);
	close(second);
}

TEST_F(device, abi_version_and_unknown_ioctl)
{
	__u32 version = 0;

	EXPECT_EQ(0, ioctl(self->reader, PIDFDTRACE_IOC_ABI_VERSION, &version));
	EXPECT_EQ((__u32)PIDFDTRACE_ABI_VERSION, version);
	EXPECT_EQ(-1, ioctl(self->reader, _IO(PIDFDTRACE_IOC_MAGIC, 0x7f)));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(-1, ioctl(self->reader, PIDFDTRACE_IOC_GET_STATS, (void *)8));
	EXPECT_EQ(EFAULT, errno);
}

/* open() as uid 65534 with no capabilities, in a child; returns errno. */
static int open_as_nobody(void)
{
	int status, fd;
	pid_t child = fork_child();

	if (child == 0) {
		if (setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			_exit(100);
		fd = open(PIDFDTRACE_DEVICE, O_RDONLY);
		_exit(fd >= 0 ? 0 : errno);
	}
	waitpid(child, &status, 0);
	return WEXITSTATUS(status);
}

TEST_F(device, unprivileged_user_cannot_open)
{
	EXPECT_EQ(EACCES, open_as_nobody());
	/* Not even when the node is opened up: the module checks too. */
	ASSERT_EQ(0, chmod(PIDFDTRACE_DEVICE, 0666));
	EXPECT_EQ(EPERM, open_as_nobody());
	chmod(PIDFDTRACE_DEVICE, 0600);
}

/* open() in a child that first does @setup; returns 0 or the errno. */
static int open_after(int (*setup)(void))
{
	int status, fd;
	pid_t child = fork_child();

	if (child == 0) {
		if (setup())
			_exit(100);
		fd = open(PIDFDTRACE_DEVICE, O_RDONLY);
		_exit(fd >= 0 ? 0 : errno);
	}
	waitpid(child, &status, 0);
	return WEXITSTATUS(status);
}

/* Keeps uid 0 and, of all capabilities, only @keep (0: none). */
static int caps_only(int keep)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2] = {};

	if (keep) {
		data[keep / 32].effective = 1U << (keep % 32);
		data[keep / 32].permitted = 1U << (keep % 32);
	}
	return syscall(SYS_capset, &hdr, data);
}

static int only_cap_perfmon(void)
{
	return caps_only(CAP_PERFMON);
}

static int no_caps(void)
{
	return caps_only(0);
}

/* uid 65534, then root in a user namespace of its own. */
static int root_in_a_user_namespace(void)
{
	if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
		return -1;
	return unshare(CLONE_NEWUSER);
}

TEST_F(device, only_cap_perfmon_is_enough)
{
	/* uid 0 owns the 0600 node: the module's check is what decides. */
	EXPECT_EQ(0, open_after(only_cap_perfmon));
	EXPECT_EQ(EPERM, open_after(no_caps));
}

TEST_F(device, root_of_an_unprivileged_user_namespace_cannot_open)
{
	ASSERT_EQ(0, chmod(PIDFDTRACE_DEVICE, 0666));
	EXPECT_EQ(EPERM, open_after(root_in_a_user_namespace));
	chmod(PIDFDTRACE_DEVICE, 0600);
}

/* No 64-bit field of a record may hold a kernel address. */
static bool kernel_half(__u64 v)
{
	return v >= 0xffff800000000000ULL;
}

TEST_F(device, records_carry_no_kernel_addresses)
{
	const struct pidfdtrace_record_header *hdr;
	siginfo_t info = { .si_signo = SIGUSR1, .si_code = SI_QUEUE };
	int self_fd = sys_pidfd_open(getpid(), 0), bad = dup(self->pidfd);
	long records = 0, suspicious = 0;
	sigset_t set;

	close(bad);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	ASSERT_EQ(0, sigprocmask(SIG_BLOCK, &set, NULL));
	ASSERT_LE(0, self_fd);
	ASSERT_EQ(0, pidfd_send(self->pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ(0, pidfd_send(self_fd, SIGUSR1, &info, 0));
	ASSERT_EQ(-EBADF, pidfd_send(bad, SIGUSR1, NULL, 0));
	ASSERT_EQ(-EFAULT, pidfd_send(self_fd, SIGUSR1, (void *)8, 0));
	ASSERT_EQ(0, pidfd_send(self->pidfd, SIGCONT, NULL, 0));
	ASSERT_LE(0, reader_drain(self->reader, &trace));

	trace_for_each(&trace, hdr) {
		const struct pidfdtrace_call *c = (const void *)hdr;
		const struct pidfdtrace_delivery *d = (const void *)hdr;

		records++;
		suspicious += kernel_half(hdr->seq) + kernel_half(hdr->time_ns);
		if (hdr->type == PIDFDTRACE_RECORD_DELIVERY) {
			suspicious += kernel_half(d->call_seq);
			continue;
		}
		suspicious += kernel_half(c->duration_ns) +
			      kernel_half(c->info) +
			      kernel_half(c->sender_cgroup) +
			      kernel_half(c->siginfo.value);
		/* Padding goes out as zeroes, never as stale kernel memory. */
		EXPECT_EQ(0U, c->__pad0);
		EXPECT_EQ(0U, c->__pad1);
		EXPECT_EQ(0U, c->__pad2);
		EXPECT_EQ(0U, c->siginfo.__pad);
		/* The one pointer is the caller's, as it passed it. */
		EXPECT_TRUE(c->info == 0 || c->info == 8 ||
			    c->info == (__u64)(unsigned long)&info);
	}
	EXPECT_EQ(8, records);
	EXPECT_EQ(0, suspicious);
	ksft_print_msg("figure: privilege: %ld records checked: %ld kernel addresses, padding all zero\n",
		       records, suspicious);
	close(self_fd);
}

TEST_F(device, unloads_cleanly_after_last_close)
{
	ASSERT_EQ(0, pidfd_send(self->pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ(-EWOULDBLOCK, pidfdtrace_unload());
	ASSERT_LE(0, reader_drain(self->reader, &trace));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_CALL));
	close(self->reader);
	self->reader = -1;
	EXPECT_EQ(0, pidfdtrace_unload());
	/* Unloaded with records still buffered in a closed reader, too. */
	ASSERT_EQ(0, pidfdtrace_load(NULL));
	self->reader = reader_open(0);
	ASSERT_LE(0, self->reader);
	ASSERT_EQ(0, send_n(self->pidfd, 3));
	close(self->reader);
	self->reader = -1;
	EXPECT_EQ(0, pidfdtrace_unload());
}

TEST_HARNESS_MAIN
