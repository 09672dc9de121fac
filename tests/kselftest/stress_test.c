// SPDX-License-Identifier: GPL-2.0
/*
 * Stress with exact accounting: sender threads hammer pidfd_send_signal()
 * (sig 0, SIGCONT, SIGUSR1 to handlers, failing calls) while two readers
 * drain, one with a big buffer that must get every record and one with the
 * smallest buffer, which loses records and must count every one of them.
 *
 * PIDFDTRACE_STRESS_CALLS sets the calls per thread (default 250000, as
 * make check runs it; make stress runs 1000000). The equalities hold
 * whatever the count.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/pidfdtrace.h>

#include "kselftest_harness.h"
#include "pidfdtrace_test.h"

#define SENDERS 4

struct sender {
	pthread_t thread;
	long calls;
	int pidfd[2];
	long sent_deliveries;
	long failures;
};

/* What one reader saw, record by record. */
struct tally {
	int fd;
	unsigned int buffer;
	useconds_t pause;		/* between reads: the slow reader */
	pthread_t thread;
	unsigned long long calls, deliveries, lost, lost_records, gaps;
	unsigned long long missed;	/* MISSED records: there should be none */
	unsigned long long min_seq, max_seq, pending_lost, prev_seq;
	bool gap_mismatch;
	unsigned char *seen;		/* by sequence number */
	size_t seen_size;
};

static atomic_int senders_done;

static void *send_mix(void *arg)
{
	struct sender *s = arg;
	long i;

	for (i = 0; i < s->calls; i++) {
		switch (i % 4) {
		case 0:
			pidfd_send(s->pidfd[0], 0, NULL, 0);
			break;
		case 1:
			if (!pidfd_send(s->pidfd[1], SIGCONT, NULL, 0))
				s->sent_deliveries++;
			break;
		case 2:
			if (!pidfd_send(s->pidfd[0], SIGUSR1, NULL, 0))
				s->sent_deliveries++;
			break;
		case 3:
			if (pidfd_send(-1, SIGUSR1, NULL, 0) == -EBADF)
				s->failures++;
			break;
		}
	}
	return NULL;
}

static void tally_record(struct tally *t, const struct pidfdtrace_record_header *hdr)
{
	if (hdr->type == PIDFDTRACE_RECORD_LOST) {
		const struct pidfdtrace_lost *l = (const void *)hdr;

		t->lost_records += l->count;
		t->pending_lost += l->count;
		return;
	}
	if (hdr->type == PIDFDTRACE_RECORD_CALL)
		t->calls++;
	else if (hdr->type == PIDFDTRACE_RECORD_DELIVERY)
		t->deliveries++;
	else if (hdr->type == PIDFDTRACE_RECORD_MISSED)
		t->missed++;
	if (hdr->seq < t->seen_size)
		t->seen[hdr->seq] = 1;
	if (!t->min_seq || hdr->seq < t->min_seq)
		t->min_seq = hdr->seq;
	if (hdr->seq > t->max_seq)
		t->max_seq = hdr->seq;
	t->pending_lost = 0;
}

/* Reads until the senders are done and the ring is empty. */
static void *drain(void *arg)
{
	struct tally *t = arg;
	const size_t size = 1 << 20;
	const struct pidfdtrace_record_header *hdr;
	char *buf = malloc(size);
	ssize_t n, off;

	while (buf) {
		/*
		 * Done only when the buffer is found empty after the senders
		 * finished: records pushed between an empty read and the flag
		 * would be left behind otherwise.
		 */
		bool done = senders_done;

		n = read(t->fd, buf, size);
		if (n < 0 && errno == EAGAIN) {
			if (done)
				break;
			usleep(t->pause ? t->pause : 1000);
			continue;
		}
		if (n <= 0)
			break;
		for (off = 0; off < n; off += hdr->size) {
			hdr = (const void *)(buf + off);
			tally_record(t, hdr);
		}
		if (t->pause)
			usleep(t->pause);
	}
	free(buf);
	return NULL;
}

FIXTURE(stress) {
	pid_t target[2];
};

FIXTURE_SETUP(stress)
{
	ASSERT_EQ(0, pidfdtrace_reload(NULL));
	self->target[0] = spawn_target("pft-stress-a");
	self->target[1] = spawn_target("pft-stress-b");
	ASSERT_LT(0, self->target[0]);
	ASSERT_LT(0, self->target[1]);
}

FIXTURE_TEARDOWN(stress)
{
	reap(self->target[0]);
	reap(self->target[1]);
	pidfdtrace_unload();
}

TEST_F_TIMEOUT(stress, every_record_is_delivered_or_counted_lost, 1800)
{
	long per_thread = env_long("PIDFDTRACE_STRESS_CALLS", 250000);
	struct sender senders[SENDERS] = {};
	struct tally readers[2] = {
		{ .buffer = 64 << 20 },
		{ .buffer = PIDFDTRACE_BUFFER_MIN, .pause = 2000 },
	};
	struct pidfdtrace_stats stats[2];
	unsigned long long calls, deliveries = 0, failures = 0, missing = 0;
	unsigned long long seq;
	int i, pidfd[2];

	calls = (unsigned long long)SENDERS * per_thread;
	for (i = 0; i < 2; i++) {
		pidfd[i] = sys_pidfd_open(self->target[i], 0);
		ASSERT_LE(0, pidfd[i]);
		readers[i].fd = reader_open(readers[i].buffer);
		ASSERT_LE(0, readers[i].fd);
		/* Records get numbers from 1: at most 2 per call here. */
		readers[i].seen_size = 2 * calls + 2;
		readers[i].seen = calloc(readers[i].seen_size, 1);
		ASSERT_NE(NULL, readers[i].seen);
	}
	for (i = 0; i < 2; i++)
		ASSERT_EQ(0, pthread_create(&readers[i].thread, NULL, drain,
					    &readers[i]));
	for (i = 0; i < SENDERS; i++) {
		senders[i].calls = per_thread;
		senders[i].pidfd[0] = pidfd[0];
		senders[i].pidfd[1] = pidfd[1];
		ASSERT_EQ(0, pthread_create(&senders[i].thread, NULL, send_mix,
					    &senders[i]));
	}
	for (i = 0; i < SENDERS; i++) {
		pthread_join(senders[i].thread, NULL);
		deliveries += senders[i].sent_deliveries;
		failures += senders[i].failures;
	}
	senders_done = 1;
	for (i = 0; i < 2; i++) {
		pthread_join(readers[i].thread, NULL);
		ASSERT_EQ(0, ioctl(readers[i].fd, PIDFDTRACE_IOC_GET_STATS,
				   &stats[i]));
	}

	/*
	 * Every call traced: none missed by the probes, none followed from
	 * its entry only (the equalities below count on both).
	 */
	EXPECT_EQ(0U, stats[0].calls_missed);
	EXPECT_EQ(0U, stats[0].returns_missed);
	EXPECT_EQ(0U, readers[0].missed);
	EXPECT_EQ(0U, readers[1].missed);

	/* The big buffer got everything: every call, every delivery, in order. */
	EXPECT_EQ(calls, readers[0].calls);
	EXPECT_EQ(deliveries, readers[0].deliveries);
	EXPECT_EQ(0U, readers[0].lost_records);
	EXPECT_EQ(0U, stats[0].reader_lost);
	EXPECT_EQ((unsigned long long)SENDERS * per_thread / 4, failures);
	for (seq = readers[0].min_seq; seq <= readers[0].max_seq; seq++)
		missing += !readers[0].seen[seq];
	EXPECT_EQ(0U, missing);
	EXPECT_EQ(calls + deliveries, readers[0].max_seq - readers[0].min_seq + 1);

	/* The small one lost, and counted each: records + lost == events. */
	EXPECT_EQ(calls + deliveries,
		  readers[1].calls + readers[1].deliveries +
		  readers[1].lost_records);
	EXPECT_EQ(stats[1].reader_lost, readers[1].lost_records);
	EXPECT_EQ(stats[1].reader_records,
		  readers[1].calls + readers[1].deliveries);
	EXPECT_LT(0U, readers[1].lost_records);
	/* The gaps in its numbers are exactly the records it lost. */
	missing = 0;
	for (seq = readers[0].min_seq; seq <= readers[0].max_seq; seq++)
		missing += !readers[1].seen[seq];
	EXPECT_EQ(readers[1].lost_records, missing);

	ksft_print_msg("figure: stress: %d threads x %ld calls = %llu calls, %llu deliveries, %llu failed\n",
		       SENDERS, per_thread, calls, deliveries, failures);
	ksft_print_msg("figure: stress: %u-byte reader: %llu calls, %llu deliveries, %llu lost\n",
		       readers[0].buffer, readers[0].calls, readers[0].deliveries,
		       readers[0].lost_records);
	ksft_print_msg("figure: stress: %u-byte reader: %llu records + %llu lost = %llu\n",
		       readers[1].buffer, readers[1].calls + readers[1].deliveries,
		       readers[1].lost_records,
		       readers[1].calls + readers[1].deliveries +
		       readers[1].lost_records);
	for (i = 0; i < 2; i++) {
		close(readers[i].fd);
		close(pidfd[i]);
		free(readers[i].seen);
	}
}

TEST_HARNESS_MAIN
