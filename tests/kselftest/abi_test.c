// SPDX-License-Identifier: GPL-2.0
/*
 * The device's ioctls as the ABI header defines them: the version, unknown
 * commands, starting a reader (records flow from its start on, and only
 * then), and the statistics.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/pidfdtrace.h>

#include "kselftest_harness.h"
#include "pidfdtrace_test.h"

static struct trace trace;

FIXTURE(abi) {
	struct pidfdtrace_setup s;
};

FIXTURE_SETUP(abi)
{
	ASSERT_EQ(0, pidfdtrace_setup(&self->s, NULL));
	trace.len = 0;
}

FIXTURE_TEARDOWN(abi)
{
	pidfdtrace_cleanup(&self->s);
}

TEST_F(abi, abi_version_is_major_2_minor_1)
{
	__u32 version = 0;

	EXPECT_EQ(0, ioctl(self->s.reader, PIDFDTRACE_IOC_ABI_VERSION,
			   &version));
	EXPECT_EQ((__u32)PIDFDTRACE_ABI_VERSION, version);
	EXPECT_EQ(2U, PIDFDTRACE_ABI_VERSION_MAJOR(version));
	EXPECT_EQ(1U, PIDFDTRACE_ABI_VERSION_MINOR(version));
}

TEST_F(abi, unknown_ioctl_is_enotty)
{
	EXPECT_EQ(-1, ioctl(self->s.reader, _IO(PIDFDTRACE_IOC_MAGIC, 0x7f)));
	EXPECT_EQ(ENOTTY, errno);
}

TEST_F(abi, stats_into_a_bad_pointer_is_efault)
{
	EXPECT_EQ(-1, ioctl(self->s.reader, PIDFDTRACE_IOC_GET_STATS,
			    (void *)8));
	EXPECT_EQ(EFAULT, errno);
}

TEST_F(abi, reader_gets_the_calls_made_from_its_start_on)
{
	int stopped = reader_open_stopped(0);

	ASSERT_LE(0, stopped);
	/* Traced, for the fixture's reader: not for one not started. */
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ(0, reader_start(stopped));
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR2, NULL, 0));
	ASSERT_LE(0, reader_drain(stopped, &trace));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_CALL));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_DELIVERY));
	EXPECT_EQ(SIGUSR2, trace_call(&trace, getpid(), 0)->sig);
	close(stopped);
}

TEST_F(abi, starting_twice_changes_nothing)
{
	EXPECT_EQ(0, reader_start(self->s.reader));
	EXPECT_EQ(0, reader_start(self->s.reader));
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0));
	ASSERT_LE(0, reader_drain(self->s.reader, &trace));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_CALL));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_DELIVERY));
}

TEST_F(abi, first_read_starts_a_reader)
{
	char buf[PIDFDTRACE_RECORD_MAX_SIZE];
	int stopped = reader_open_stopped(0);

	ASSERT_LE(0, stopped);
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0));
	EXPECT_EQ(-1, read(stopped, buf, sizeof(buf)));
	EXPECT_EQ(EAGAIN, errno);
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR2, NULL, 0));
	ASSERT_LE(0, reader_drain(stopped, &trace));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_CALL));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_DELIVERY));
	EXPECT_EQ(SIGUSR2, trace_call(&trace, getpid(), 0)->sig);
	close(stopped);
}

TEST_F(abi, first_poll_starts_a_reader)
{
	int stopped = reader_open_stopped(0);
	struct pollfd pfd = { .fd = stopped, .events = POLLIN };

	ASSERT_LE(0, stopped);
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0));
	EXPECT_EQ(0, poll(&pfd, 1, 0));
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR2, NULL, 0));
	EXPECT_EQ(1, poll(&pfd, 1, 5000));
	ASSERT_LE(0, reader_drain(stopped, &trace));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_CALL));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_DELIVERY));
	EXPECT_EQ(SIGUSR2, trace_call(&trace, getpid(), 0)->sig);
	close(stopped);
}

TEST_F(abi, setting_a_reader_up_does_not_start_it)
{
	struct pidfdtrace_filter f = {};
	struct pidfdtrace_stats stats;
	int stopped = reader_open_stopped(0);
	__u32 size = 1 << 16, version;

	ASSERT_LE(0, stopped);
	ASSERT_EQ(0, ioctl(stopped, PIDFDTRACE_IOC_SET_BUFFER_SIZE, &size));
	ASSERT_EQ(0, ioctl(stopped, PIDFDTRACE_IOC_SET_FILTER, &f));
	ASSERT_EQ(0, ioctl(stopped, PIDFDTRACE_IOC_GET_STATS, &stats));
	ASSERT_EQ(0, ioctl(stopped, PIDFDTRACE_IOC_ABI_VERSION, &version));
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ(0, ioctl(stopped, PIDFDTRACE_IOC_GET_STATS, &stats));
	EXPECT_EQ(0U, stats.reader_records);
	EXPECT_EQ(0U, stats.reader_filtered);
	EXPECT_EQ(0U, stats.reader_lost);
	ASSERT_EQ(0, reader_start(stopped));
	ASSERT_LE(0, reader_drain(stopped, &trace));
	EXPECT_EQ(0U, trace.len);
	close(stopped);
}

TEST_F(abi, probes_count_nothing_until_a_reader_starts)
{
	struct pidfdtrace_stats stats;
	int stopped = reader_open_stopped(0);

	ASSERT_LE(0, stopped);
	/* The fixture's reader gone, no reader is started. */
	close(self->s.reader);
	self->s.reader = -1;
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ(0, ioctl(stopped, PIDFDTRACE_IOC_GET_STATS, &stats));
	EXPECT_EQ(0U, stats.syscall_hits);
	EXPECT_EQ(0U, stats.calls);
	EXPECT_EQ(0U, stats.deliveries);
	EXPECT_EQ(1U, stats.readers);

	ASSERT_EQ(0, reader_start(stopped));
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ(0, ioctl(stopped, PIDFDTRACE_IOC_GET_STATS, &stats));
	EXPECT_EQ(1U, stats.syscall_hits);
	EXPECT_EQ(1U, stats.calls);
	EXPECT_EQ(1U, stats.deliveries);
	EXPECT_EQ(2U, stats.reader_records);
	close(stopped);
}

TEST_F(abi, stats_count_calls_deliveries_and_name_the_probes)
{
	struct pidfdtrace_stats before, after;
	int second = reader_open(0);

	ASSERT_LE(0, second);
	ASSERT_EQ(0, ioctl(self->s.reader, PIDFDTRACE_IOC_GET_STATS, &before));
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, 0, NULL, 0));
	ASSERT_EQ(0, ioctl(self->s.reader, PIDFDTRACE_IOC_GET_STATS, &after));

	EXPECT_EQ(before.syscall_hits + 2, after.syscall_hits);
	EXPECT_LE(before.signal_hits + 1, after.signal_hits);
	EXPECT_EQ(before.calls + 2, after.calls);
	EXPECT_EQ(before.deliveries + 1, after.deliveries);
	EXPECT_EQ(0U, after.calls_missed);
	EXPECT_EQ(0U, after.returns_missed);
	EXPECT_EQ(2U, after.readers);
	EXPECT_EQ(0U, after.lost);
	EXPECT_EQ(before.reader_records + 3, after.reader_records);
	EXPECT_EQ(0U, after.reader_lost);
	EXPECT_EQ(0U, after.reader_filtered);
	EXPECT_EQ(1U << 20, after.buffer_size);
	EXPECT_STREQ("__x64_sys_pidfd_send_signal,__ia32_sys_pidfd_send_signal",
		     after.syscall_symbol);
	EXPECT_STREQ("signal:signal_generate,flush_sigqueue_mask",
		     after.signal_symbol);
	close(second);
}

TEST_F(abi, default_maxactive_is_64_per_possible_cpu_and_at_least_1024)
{
	struct pidfdtrace_stats stats;

	ASSERT_LT(0, possible_cpus());
	ASSERT_EQ(0, ioctl(self->s.reader, PIDFDTRACE_IOC_GET_STATS, &stats));
	EXPECT_EQ(default_maxactive(), stats.maxactive);
}

TEST_F(abi, stats_reserved_fields_are_zero)
{
	struct pidfdtrace_stats stats;
	unsigned int i;

	/* Whatever was in the caller's memory, the module writes zeroes. */
	memset(&stats, 0xa5, sizeof(stats));
	ASSERT_EQ(0, ioctl(self->s.reader, PIDFDTRACE_IOC_GET_STATS, &stats));
	for (i = 0; i < ARRAY_SIZE(stats.__reserved); i++)
		EXPECT_EQ(0U, stats.__reserved[i]) TH_LOG("__reserved[%u]", i);
}

TEST_HARNESS_MAIN
