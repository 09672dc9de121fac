// SPDX-License-Identifier: GPL-2.0
/*
 * A flood: 200 threads signal one process through their own pidfds, as
 * fast as they can, with a reader large enough for every record. With
 * nothing lost for room, every call must be recorded: call records ==
 * calls made, and no call missed or recorded from its entry only. On a
 * preemptible kernel many senders are inside the call at once, preempted
 * or waiting on the target's siglock (a sleeping lock on PREEMPT_RT).
 *
 * The old module (ABI 1) lost 131 of 100,000 calls this way on 6.12-rt:
 * its return probes' pools of max(64, 8 * CPUs) instances ran dry, and
 * the calls without one left no record and no count.
 *
 * PIDFDTRACE_FLOOD_CALLS calls in all (default 100,000); the senders stop
 * early at PIDFDTRACE_TEST_SECONDS (default 20) so that a slow emulated
 * machine stays within its time, and the counts compare with the calls
 * actually made.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/pidfdtrace.h>

#include "kselftest_harness.h"
#include "pidfdtrace_test.h"

#define FLOOD_THREADS	200
#define FLOOD_BUFFER	(64U << 20)

FIXTURE(flood) {
	pid_t target;
	int reader;
};

FIXTURE_SETUP(flood)
{
	self->reader = -1;
	ASSERT_EQ(0, pidfdtrace_reload(NULL));
	ASSERT_EQ(0, prctl(PR_SET_NAME, "pft-flood"));
	self->target = spawn_target("pft-target");
	ASSERT_LT(0, self->target);
	wait_sleeping(self->target);
	self->reader = reader_open(FLOOD_BUFFER);
	ASSERT_LE(0, self->reader) {
		TH_LOG("a reader of %u bytes: %s", FLOOD_BUFFER,
		       strerror(errno));
	}
}

FIXTURE_TEARDOWN(flood)
{
	if (self->target > 0)
		reap(self->target);
	if (self->reader >= 0)
		close(self->reader);
	pidfdtrace_unload();
}

struct flood {
	pid_t target;
	long per_thread;
	long long deadline;
	atomic_long calls;
	atomic_long failed;
	atomic_int ready;
	atomic_int go;
};

static void *flood_sender(void *arg)
{
	struct flood *f = arg;
	int pidfd = sys_pidfd_open(f->target, 0);
	long i;

	f->ready++;
	while (!f->go)
		sched_yield();
	if (pidfd < 0) {
		f->failed++;
		return NULL;
	}
	for (i = 0; i < f->per_thread && now_ms() < f->deadline; i++) {
		f->failed += pidfd_send(pidfd, SIGUSR1, NULL, 0) != 0;
		f->calls++;
	}
	close(pidfd);
	return NULL;
}

/* What a reader got, counted as it is read. */
struct tally {
	long calls;		/* call records of the flood's senders */
	long entry_only;
	long deliveries;
	long long lost;
	long long missed;
	long other;
};

static char chunk[1 << 20];

/* Reads all @fd has now into @t; returns bytes read, or -errno. */
static long tally_drain(int fd, struct tally *t)
{
	const struct pidfdtrace_record_header *hdr;
	long total = 0;
	ssize_t n;

	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0)
			return errno == EAGAIN ? total : -errno;
		total += n;
		for (hdr = (const void *)chunk; (const char *)hdr < chunk + n;
		     hdr = (const void *)((const char *)hdr + hdr->size)) {
			const struct pidfdtrace_call *c = (const void *)hdr;

			switch (hdr->type) {
			case PIDFDTRACE_RECORD_CALL:
				if (c->sender.tgid != (__u32)getpid())
					break;
				t->calls++;
				t->entry_only += !!(c->call_flags &
						    PIDFDTRACE_CALL_RETURN_UNTRACED);
				break;
			case PIDFDTRACE_RECORD_DELIVERY:
				t->deliveries++;
				break;
			case PIDFDTRACE_RECORD_LOST:
				t->lost += ((const struct pidfdtrace_lost *)hdr)->count;
				break;
			case PIDFDTRACE_RECORD_MISSED:
				t->missed += ((const struct pidfdtrace_missed *)hdr)->calls;
				break;
			default:
				t->other++;
			}
			if (!hdr->size)
				return -EINVAL;
		}
	}
}

TEST_F_TIMEOUT(flood, every_call_of_a_flood_is_recorded, 300)
{
	struct flood f = {
		.target = self->target,
		.deadline = test_deadline(20),
	};
	long total = env_long("PIDFDTRACE_FLOOD_CALLS", 100000);
	pthread_t threads[FLOOD_THREADS];
	struct pidfdtrace_stats stats;
	struct tally t = {};
	pthread_attr_t attr;
	long long start;
	int i, started = 0;

	f.per_thread = (total + FLOOD_THREADS - 1) / FLOOD_THREADS;
	ASSERT_EQ(0, pthread_attr_init(&attr));
	ASSERT_EQ(0, pthread_attr_setstacksize(&attr, 64 << 10));
	for (i = 0; i < FLOOD_THREADS; i++) {
		if (pthread_create(&threads[i], &attr, flood_sender, &f))
			break;
		started++;
	}
	pthread_attr_destroy(&attr);
	EXPECT_EQ(FLOOD_THREADS, started);
	while (f.ready < started)
		usleep(1000);
	start = now_ms();
	f.go = 1;
	for (i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	TH_LOG("%ld calls by %d threads in %lld ms%s", (long)f.calls, started,
	       now_ms() - start,
	       f.calls < f.per_thread * started ?
	       " (stopped at the deadline)" : "");
	EXPECT_EQ(0, f.failed);

	/* Every call has returned: its record is in the reader. */
	ASSERT_LE(0, tally_drain(self->reader, &t));
	ASSERT_EQ(0, ioctl(self->reader, PIDFDTRACE_IOC_GET_STATS, &stats));
	TH_LOG("records: %ld calls (%ld entry-only), %ld deliveries, lost %lld, missed %lld; stats: calls %llu, returns_missed %llu, calls_missed %llu, lost %llu, reader_lost %llu, maxactive %u",
	       t.calls, t.entry_only, t.deliveries, t.lost, t.missed,
	       (unsigned long long)stats.calls,
	       (unsigned long long)stats.returns_missed,
	       (unsigned long long)stats.calls_missed,
	       (unsigned long long)stats.lost,
	       (unsigned long long)stats.reader_lost, stats.maxactive);
	EXPECT_EQ((long)f.calls, t.calls);
	EXPECT_EQ(0, t.entry_only);
	EXPECT_EQ((long)f.calls, t.deliveries);
	EXPECT_EQ(0, t.lost);
	EXPECT_EQ(0, t.missed);
	EXPECT_EQ(0, t.other);
	EXPECT_EQ(0ULL, stats.returns_missed);
	EXPECT_EQ(0ULL, stats.calls_missed);
	EXPECT_EQ(0ULL, stats.lost);
	EXPECT_EQ(0ULL, stats.reader_lost);
	EXPECT_EQ((__u64)f.calls, stats.calls);
}

TEST_HARNESS_MAIN
