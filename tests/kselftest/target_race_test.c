// SPDX-License-Identifier: GPL-2.0
/*
 * The fd changes under the call. One thread signals through fd N in a
 * loop while another dup2()s a pidfd of X, then of V, onto N: each call
 * signals whichever process N named when the kernel looked (fdget()).
 * Whenever a call generated a signal, its record must name the process
 * the kernel signalled (target_source KERNEL, the delivery's target), and
 * the witness must agree record for record; a second look at the fd that
 * disagrees is only flagged (FD_CHANGED). Deliveries pass a target filter
 * by their own target: a reader filtered on V gets exactly the deliveries
 * that went to V.
 *
 * The old module (ABI 1) resolved the target from the fd itself, at entry,
 * before the kernel's fdget(): a dup2() in between made the record name X
 * while V was signalled; and it judged deliveries by their call's target.
 *
 * Runs for PIDFDTRACE_TEST_SECONDS (default 3), at most
 * PIDFDTRACE_RACE_CALLS calls (default 10000: their records must fit in
 * one trace, their events in the witness's buffer).
 */

#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/pidfdtrace.h>

#include "kselftest_harness.h"
#include "pidfdtrace_test.h"
#include "witness.h"

/* The fd number the race is on. */
#define RACE_FD		200

static struct trace trace;
static struct trace filtered;
static struct witness witness;

FIXTURE(target_race) {
	pid_t v, x;
	int vfd, xfd;
	int reader;		/* unfiltered */
	int v_reader;		/* target filter: V */
};

FIXTURE_SETUP(target_race)
{
	struct pidfdtrace_filter filter = {
		.mask = PIDFDTRACE_FILTER_TARGET_TGID,
	};

	self->reader = self->v_reader = -1;
	self->vfd = self->xfd = -1;
	ASSERT_EQ(0, pidfdtrace_reload(NULL));
	ASSERT_EQ(0, prctl(PR_SET_NAME, "pft-sender"));
	self->v = spawn_target("pft-v");
	ASSERT_LT(0, self->v);
	self->x = spawn_target("pft-x");
	ASSERT_LT(0, self->x);
	wait_sleeping(self->v);
	wait_sleeping(self->x);
	self->vfd = sys_pidfd_open(self->v, 0);
	ASSERT_LE(0, self->vfd);
	self->xfd = sys_pidfd_open(self->x, 0);
	ASSERT_LE(0, self->xfd);
	ASSERT_EQ(RACE_FD, dup2(self->vfd, RACE_FD));

	self->reader = reader_open(8 << 20);
	ASSERT_LE(0, self->reader);
	self->v_reader = reader_open_stopped(8 << 20);
	ASSERT_LE(0, self->v_reader);
	filter.target_tgid = self->v;
	ASSERT_EQ(0, ioctl(self->v_reader, PIDFDTRACE_IOC_SET_FILTER, &filter));
	ASSERT_EQ(0, reader_start(self->v_reader));
	trace.len = 0;
	filtered.len = 0;
	WITNESS_START(&witness, 0);
}

FIXTURE_TEARDOWN(target_race)
{
	witness_release(&witness);
	close(RACE_FD);
	if (self->v > 0)
		reap(self->v);
	if (self->x > 0)
		reap(self->x);
	if (self->vfd >= 0)
		close(self->vfd);
	if (self->xfd >= 0)
		close(self->xfd);
	if (self->reader >= 0)
		close(self->reader);
	if (self->v_reader >= 0)
		close(self->v_reader);
	pidfdtrace_unload();
}

struct race {
	atomic_int stop;
	long max_calls;
	long long deadline;
	long calls;
	long failed;
	int vfd, xfd;
	pid_t sender;
};

static void *send_through_race_fd(void *arg)
{
	struct race *race = arg;

	race->sender = sys_gettid();
	while (race->calls < race->max_calls && now_ms() < race->deadline) {
		race->failed += pidfd_send(RACE_FD, SIGUSR1, NULL, 0) != 0;
		race->calls++;
	}
	race->stop = 1;
	return NULL;
}

static void *swap_race_fd(void *arg)
{
	struct race *race = arg;

	while (!race->stop) {
		dup2(race->xfd, RACE_FD);
		dup2(race->vfd, RACE_FD);
	}
	return NULL;
}

/*
 * The delivery records of @t by call, for lookups by call number:
 * trace_delivery() walks the whole trace, too slow for ten thousand.
 */
struct delivery_index {
	const struct pidfdtrace_delivery **d;
	long n;
};

static int index_deliveries(const struct trace *t, struct delivery_index *ix)
{
	const struct pidfdtrace_record_header *hdr;

	ix->n = trace_count(t, PIDFDTRACE_RECORD_DELIVERY);
	ix->d = calloc(ix->n + 1, sizeof(*ix->d));
	if (!ix->d)
		return -1;
	ix->n = 0;
	trace_for_each(t, hdr)
		if (hdr->type == PIDFDTRACE_RECORD_DELIVERY)
			ix->d[ix->n++] = (const void *)hdr;
	qsort(ix->d, ix->n, sizeof(*ix->d), witness_cmp_deliveries);
	return 0;
}

/* The first delivery of call @seq, or NULL. */
static const struct pidfdtrace_delivery *
find_delivery(const struct delivery_index *ix, __u64 seq)
{
	long lo = 0, hi = ix->n;

	while (lo < hi) {
		long mid = (lo + hi) / 2;

		if (ix->d[mid]->call_seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ix->n && ix->d[lo]->call_seq == seq ? ix->d[lo] : NULL;
}

TEST_F_TIMEOUT(target_race, each_record_names_the_process_the_kernel_signalled, 120)
{
	const struct pidfdtrace_record_header *hdr;
	struct race race = {
		.max_calls = env_long("PIDFDTRACE_RACE_CALLS", 10000),
		.deadline = test_deadline(3),
		.vfd = self->vfd,
		.xfd = self->xfd,
	};
	long to_v = 0, to_x = 0, changed = 0, v_calls = 0, v_witnessed = 0;
	long v_records = 0, v_others = 0;
	struct delivery_index all, of_v;
	struct witness_report r;
	pthread_t sender, swapper;
	int i;

	ASSERT_EQ(0, pthread_create(&swapper, NULL, swap_race_fd, &race));
	ASSERT_EQ(0, pthread_create(&sender, NULL, send_through_race_fd, &race));
	pthread_join(sender, NULL);
	pthread_join(swapper, NULL);
	EXPECT_EQ(0, race.failed);

	WITNESS_STOP(&witness);
	ASSERT_LE(0, reader_drain(self->reader, &trace));
	ASSERT_LE(0, reader_drain(self->v_reader, &filtered));
	ASSERT_EQ(0, index_deliveries(&trace, &all));
	ASSERT_EQ(0, index_deliveries(&filtered, &of_v));

	/* Each call names the process its delivery went to. */
	trace_for_each(&trace, hdr) {
		const struct pidfdtrace_call *c = (const void *)hdr;
		const struct pidfdtrace_delivery *d;

		if (hdr->type != PIDFDTRACE_RECORD_CALL ||
		    c->sender.pid != (__u32)race.sender)
			continue;
		ASSERT_EQ(0, c->ret);
		ASSERT_EQ(1U, c->deliveries);
		d = find_delivery(&all, c->hdr.seq);
		ASSERT_NE(NULL, d);
		EXPECT_EQ(PIDFDTRACE_SOURCE_KERNEL, c->target_source);
		EXPECT_EQ(d->target.pid, c->target.pid) {
			TH_LOG("call %llu names %u, its signal went to %u (call_flags %#x)",
			       (unsigned long long)c->hdr.seq, c->target.pid,
			       d->target.pid, c->call_flags);
		}
		to_v += d->target.pid == (__u32)self->v;
		to_x += d->target.pid == (__u32)self->x;
		changed += !!(c->call_flags & PIDFDTRACE_CALL_FD_CHANGED);
	}
	TH_LOG("%ld calls: %ld signalled V, %ld X; the second look disagreed %ld times",
	       race.calls, to_v, to_x, changed);
	EXPECT_EQ(race.calls, to_v + to_x);
	/* Both processes were signalled, or the race did not race. */
	EXPECT_LT(0, to_v);
	EXPECT_LT(0, to_x);

	/* The kernel agrees, record for record. */
	EXPECT_EQ(0, witness_compare(_metadata, &witness, &trace, self->reader,
				     WITNESS_UNFILTERED, &r));
	EXPECT_TRUE(r.complete);
	EXPECT_EQ(race.calls, r.calls);

	/*
	 * The V reader: exactly the deliveries the witness says went to V,
	 * and the calls whose target was V.
	 */
	for (i = 0; i < witness.ncalls; i++) {
		const struct witness_call *k = &witness.calls[i];
		const struct pidfdtrace_delivery *d;

		if (k->n != 1 || witness.deliveries[k->first].pid != self->v)
			continue;
		v_witnessed++;
		d = find_delivery(&of_v, k->record_seq);
		EXPECT_NE(NULL, d) {
			TH_LOG("the V reader lacks the delivery of call %llu",
			       (unsigned long long)k->record_seq);
		}
	}
	trace_for_each(&filtered, hdr) {
		const struct pidfdtrace_call *c = (const void *)hdr;
		const struct pidfdtrace_delivery *d = (const void *)hdr;

		if (hdr->type == PIDFDTRACE_RECORD_DELIVERY) {
			v_records++;
			EXPECT_EQ((__u32)self->v, d->target.tgid);
		} else if (hdr->type == PIDFDTRACE_RECORD_CALL) {
			v_calls++;
			EXPECT_EQ((__u32)self->v, c->target.tgid);
		} else {
			TH_LOG("the V reader got a record of type %u", hdr->type);
			v_others++;
		}
	}
	EXPECT_EQ(0, v_others);
	EXPECT_EQ(v_witnessed, v_records);
	EXPECT_EQ(to_v, v_calls);
	free(all.d);
	free(of_v.d);
}

TEST_HARNESS_MAIN
