// SPDX-License-Identifier: GPL-2.0
/*
 * Waking readers: blocking read(), poll() and epoll report records when
 * they arrive; a single record wakes a blocked reader after
 * wakeup_latency_ms, a quarter-full buffer at once; a signal interrupts a
 * blocked read().
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <linux/pidfdtrace.h>

#include "kselftest_harness.h"
#include "pidfdtrace_test.h"

static struct trace trace;

FIXTURE(wakeup) {
	struct pidfdtrace_setup s;
};

FIXTURE_SETUP(wakeup)
{
	ASSERT_EQ(0, pidfdtrace_setup(&self->s, NULL));
	trace.len = 0;
}

FIXTURE_TEARDOWN(wakeup)
{
	pidfdtrace_cleanup(&self->s);
}

static void *send_later(void *arg)
{
	int pidfd = *(int *)arg;

	usleep(200 * 1000);
	pidfd_send(pidfd, 0, NULL, 0);
	return NULL;
}

struct burst {
	int pidfd;
	int n;
};

static void *send_burst_later(void *arg)
{
	struct burst *b = arg;

	/* A buffer is per CPU: the burst fills one. */
	pin_to_this_cpu();
	usleep(200 * 1000);
	send_n(b->pidfd, b->n);
	return NULL;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void set_wakeup_latency_ms(struct __test_metadata *_metadata, int ms)
{
	FILE *f = fopen("/sys/module/pidfdtrace/parameters/wakeup_latency_ms",
			"w");

	ASSERT_NE(NULL, f);
	fprintf(f, "%d\n", ms);
	ASSERT_EQ(0, fclose(f));
}

/*
 * A blocking reader of @size bytes (0: default), started: the records sent
 * while a test sets up its read are not missed.
 */
static int blocking_reader(unsigned int size)
{
	int fd = open(PIDFDTRACE_DEVICE, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if ((size && ioctl(fd, PIDFDTRACE_IOC_SET_BUFFER_SIZE, &size)) ||
	    reader_start(fd)) {
		close(fd);
		return -1;
	}
	return fd;
}

TEST_F(wakeup, poll_and_epoll_report_readable_only_with_records)
{
	struct pollfd pfd = { .fd = self->s.reader, .events = POLLIN };
	struct epoll_event ev = { .events = EPOLLIN }, out;
	int ep = epoll_create1(EPOLL_CLOEXEC);

	ASSERT_LE(0, ep);
	ASSERT_EQ(0, epoll_ctl(ep, EPOLL_CTL_ADD, self->s.reader, &ev));
	EXPECT_EQ(0, poll(&pfd, 1, 0));
	EXPECT_EQ(0, epoll_wait(ep, &out, 1, 0));
	ASSERT_EQ(0, send_n(self->s.pidfd, 1));
	EXPECT_EQ(1, poll(&pfd, 1, 0));
	EXPECT_EQ(POLLIN, pfd.revents & POLLIN);
	/* epoll learns of it from the wakeup, batched: wait for it. */
	EXPECT_EQ(1, epoll_wait(ep, &out, 1, 5000));
	ASSERT_LE(0, reader_drain(self->s.reader, &trace));
	EXPECT_EQ(0, poll(&pfd, 1, 0));
	close(ep);
}

TEST_F(wakeup, blocking_read_wakes_when_a_record_arrives)
{
	char buf[PIDFDTRACE_RECORD_MAX_SIZE];
	int fd = blocking_reader(0);
	pthread_t thread;
	double start;

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, pthread_create(&thread, NULL, send_later,
				    &self->s.pidfd));
	start = now_s();
	EXPECT_EQ((ssize_t)sizeof(struct pidfdtrace_call),
		  read(fd, buf, sizeof(buf)));
	/* Sent after 0.2 s, read within the wakeup latency of it. */
	EXPECT_LT(0.15, now_s() - start);
	EXPECT_GT(5.0, now_s() - start);
	pthread_join(thread, NULL);
	close(fd);
}

TEST_F(wakeup, one_record_wakes_a_blocked_reader_after_the_latency)
{
	char buf[PIDFDTRACE_BUFFER_MIN];
	struct burst b = { self->s.pidfd, 1 };
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

TEST_F(wakeup, a_quarter_full_buffer_wakes_a_blocked_reader_at_once)
{
	char buf[PIDFDTRACE_BUFFER_MIN];
	/* Just enough call records to fill a quarter of the buffer. */
	struct burst b = {
		self->s.pidfd,
		PIDFDTRACE_BUFFER_MIN / 4 / sizeof(struct pidfdtrace_call) + 1
	};
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

TEST_F(wakeup, poll_wakes_when_a_record_arrives)
{
	struct pollfd pfd = { .fd = self->s.reader, .events = POLLIN };
	pthread_t thread;

	ASSERT_EQ(0, pthread_create(&thread, NULL, send_later,
				    &self->s.pidfd));
	EXPECT_EQ(1, poll(&pfd, 1, 5000));
	pthread_join(thread, NULL);
}

TEST_F(wakeup, signal_interrupts_blocked_read)
{
	struct sigaction sa = { .sa_handler = on_signal_do_nothing };
	char buf[PIDFDTRACE_RECORD_MAX_SIZE];
	int fd = blocking_reader(0);

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, sigaction(SIGALRM, &sa, NULL));	/* no SA_RESTART */
	alarm(1);
	EXPECT_EQ(-1, read(fd, buf, sizeof(buf)));
	EXPECT_EQ(EINTR, errno);
	close(fd);
}

TEST_HARNESS_MAIN
