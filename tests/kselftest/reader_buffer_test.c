// SPDX-License-Identifier: GPL-2.0
/*
 * A reader's buffer: independent readers, whole-record reads and their
 * errors, resizing, and the exact accounting of the records a full buffer
 * loses.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/pidfdtrace.h>

#include "kselftest_harness.h"
#include "pidfdtrace_test.h"

static struct trace trace, trace2;

FIXTURE(reader_buffer) {
	struct pidfdtrace_setup s;
};

FIXTURE_SETUP(reader_buffer)
{
	ASSERT_EQ(0, pidfdtrace_setup(&self->s, NULL));
	/* Counts of what a buffer holds: every record in one CPU's. */
	ASSERT_EQ(0, pin_to_this_cpu());
	trace.len = 0;
	trace2.len = 0;
}

FIXTURE_TEARDOWN(reader_buffer)
{
	pidfdtrace_cleanup(&self->s);
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

TEST_F(reader_buffer, two_readers_each_get_every_record)
{
	int second = reader_open(0);
	const struct pidfdtrace_record_header *a, *b;

	ASSERT_LE(0, second);
	ASSERT_EQ(0, send_n(self->s.pidfd, 50));
	ASSERT_LE(0, reader_drain(self->s.reader, &trace));
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

TEST_F(reader_buffer, small_buffer_reader_counts_each_lost_record)
{
	struct pidfdtrace_stats stats;
	int small = reader_open(PIDFDTRACE_BUFFER_MIN);

	ASSERT_LE(0, small);
	ASSERT_EQ(0, send_n(self->s.pidfd, 300));
	ASSERT_LE(0, reader_drain(small, &trace2));
	ASSERT_LE(0, reader_drain(self->s.reader, &trace));

	/* What 4 KiB does not hold is lost, and counted. */
	check_accounting(_metadata, &trace, 300, 0);
	check_accounting(_metadata, &trace2, 300, 300 - MIN_BUFFER_CALLS);
	ASSERT_EQ(0, ioctl(small, PIDFDTRACE_IOC_GET_STATS, &stats));
	EXPECT_EQ((__u64)MIN_BUFFER_CALLS, stats.reader_records);
	EXPECT_EQ(300U - MIN_BUFFER_CALLS, stats.reader_lost);
	EXPECT_EQ(300U - MIN_BUFFER_CALLS, stats.lost);
	close(small);
}

TEST_F(reader_buffer, lost_records_are_reported_before_the_next_record)
{
	const struct pidfdtrace_record_header *hdr;
	int small = reader_open(PIDFDTRACE_BUFFER_MIN);
	int i = 0;

	ASSERT_LE(0, small);
	ASSERT_EQ(0, send_n(self->s.pidfd, MIN_BUFFER_CALLS + 8));
	ASSERT_LE(0, reader_drain(small, &trace2));
	ASSERT_EQ(0, send_n(self->s.pidfd, 5));
	ASSERT_LE(0, reader_drain(small, &trace2));

	/* The records that fit, the LOST record of 8, then the 5 sent after. */
	check_accounting(_metadata, &trace2, MIN_BUFFER_CALLS + 8 + 5, 8);
	trace_for_each(&trace2, hdr) {
		if (i == MIN_BUFFER_CALLS) {
			EXPECT_EQ(PIDFDTRACE_RECORD_LOST, hdr->type);
			EXPECT_EQ(8U, ((const struct pidfdtrace_lost *)hdr)->count);
		} else {
			EXPECT_EQ(PIDFDTRACE_RECORD_CALL, hdr->type);
		}
		i++;
	}
	EXPECT_EQ(MIN_BUFFER_CALLS + 1 + 5, i);
	close(small);
}

TEST_F(reader_buffer, read_returns_whole_records_that_fit)
{
	char buf[sizeof(struct pidfdtrace_call) * 2 + 100];

	ASSERT_EQ(0, send_n(self->s.pidfd, 3));
	EXPECT_EQ((ssize_t)sizeof(struct pidfdtrace_call) * 2,
		  read(self->s.reader, buf, sizeof(buf)));
	EXPECT_EQ((ssize_t)sizeof(struct pidfdtrace_call),
		  read(self->s.reader, buf, sizeof(buf)));
}

TEST_F(reader_buffer, read_into_buffer_smaller_than_a_record_is_einval)
{
	char buf[sizeof(struct pidfdtrace_call) - 8];

	ASSERT_EQ(0, send_n(self->s.pidfd, 1));
	EXPECT_EQ(-1, read(self->s.reader, buf, sizeof(buf)));
	EXPECT_EQ(EINVAL, errno);
	/* Still there for a buffer that fits. */
	ASSERT_LE(0, reader_drain(self->s.reader, &trace));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_CALL));
}

TEST_F(reader_buffer, read_into_bad_buffer_is_efault_and_consumes_nothing)
{
	void *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
			-1, 0);

	ASSERT_NE(MAP_FAILED, ro);
	ASSERT_EQ(0, send_n(self->s.pidfd, 2));
	EXPECT_EQ(-1, read(self->s.reader, ro, 4096));
	EXPECT_EQ(EFAULT, errno);
	munmap(ro, 4096);
	ASSERT_LE(0, reader_drain(self->s.reader, &trace));
	EXPECT_EQ(2, trace_count(&trace, PIDFDTRACE_RECORD_CALL));
}

TEST_F(reader_buffer, nonblocking_read_of_empty_buffer_is_eagain)
{
	char buf[PIDFDTRACE_RECORD_MAX_SIZE];

	EXPECT_EQ(-1, read(self->s.reader, buf, sizeof(buf)));
	EXPECT_EQ(EAGAIN, errno);
}

TEST_F(reader_buffer, buffer_size_is_a_power_of_two_in_range)
{
	struct pidfdtrace_stats stats;
	__u32 bad[] = { 0, 4095, 6000, PIDFDTRACE_BUFFER_MIN / 2,
			PIDFDTRACE_BUFFER_MAX * 2 };
	__u32 good = 1 << 16;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		EXPECT_EQ(-1, ioctl(self->s.reader,
				    PIDFDTRACE_IOC_SET_BUFFER_SIZE, &bad[i]));
		EXPECT_EQ(EINVAL, errno);
	}
	EXPECT_EQ(0, ioctl(self->s.reader, PIDFDTRACE_IOC_SET_BUFFER_SIZE,
			   &good));
	ASSERT_EQ(0, ioctl(self->s.reader, PIDFDTRACE_IOC_GET_STATS, &stats));
	EXPECT_EQ(good, stats.buffer_size);
}

TEST_F(reader_buffer, resizing_keeps_buffered_records)
{
	__u32 size = PIDFDTRACE_BUFFER_MIN, big = 1 << 16;

	ASSERT_EQ(0, send_n(self->s.pidfd, MIN_BUFFER_CALLS + 1));
	/* One record more than 4 KiB holds: shrinking would drop some. */
	EXPECT_EQ(-1, ioctl(self->s.reader, PIDFDTRACE_IOC_SET_BUFFER_SIZE,
			    &size));
	EXPECT_EQ(EBUSY, errno);
	EXPECT_EQ(0, ioctl(self->s.reader, PIDFDTRACE_IOC_SET_BUFFER_SIZE,
			   &big));
	ASSERT_EQ(0, send_n(self->s.pidfd, 10));
	ASSERT_LE(0, reader_drain(self->s.reader, &trace));
	check_accounting(_metadata, &trace, MIN_BUFFER_CALLS + 1 + 10, 0);
}

TEST_F(reader_buffer, unloads_cleanly_after_last_close)
{
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ(-EWOULDBLOCK, pidfdtrace_unload());
	ASSERT_LE(0, reader_drain(self->s.reader, &trace));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_CALL));
	close(self->s.reader);
	self->s.reader = -1;
	EXPECT_EQ(0, pidfdtrace_unload());
	/* Unloaded with records still buffered in a closed reader, too. */
	ASSERT_EQ(0, pidfdtrace_load(NULL));
	self->s.reader = reader_open(0);
	ASSERT_LE(0, self->s.reader);
	ASSERT_EQ(0, send_n(self->s.pidfd, 3));
	close(self->s.reader);
	self->s.reader = -1;
	EXPECT_EQ(0, pidfdtrace_unload());
}

TEST_HARNESS_MAIN
