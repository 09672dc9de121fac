// SPDX-License-Identifier: GPL-2.0
/*
 * The return probe's instance pool. A kretprobe follows each call from
 * entry to return with an instance from a pool of maxactive; a call
 * blocked inside the syscall keeps its instance. Here senders block in the
 * kernel's siginfo copy, their siginfo on a page userfaultfd holds, for as
 * long as the test wants. With more of them than instances, the calls
 * without one must still be recorded, from their entry
 * (PIDFDTRACE_CALL_RETURN_UNTRACED), and counted in returns_missed; and
 * below the default pool, every call is followed to its return.
 *
 * The old module (ABI 1) had a pool of max(64, 8 * CPUs) and no entry
 * probe: a call without an instance left no trace at all.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/pidfdtrace.h>

#include "kselftest_harness.h"
#include "pidfdtrace_test.h"
#include "receiver.h"
#include "uffd.h"
#include "witness.h"

static struct trace trace;
static struct witness witness;

#define MAX_SENDERS	80

struct sender {
	pthread_t thread;
	pid_t tid;
	int pidfd;
	int sig;
	void *info;
	int ret;
};

/* What a pool test sets up, for its helpers. */
struct pool {
	pid_t target;
	int pidfd;
	int reader;
	int uffd;
	void *page;		/* the siginfo, held by userfaultfd */
	struct sender senders[MAX_SENDERS];
	int started;		/* threads to join */
};

FIXTURE(pool) {
	struct pool p;
};

FIXTURE_SETUP(pool)
{
	struct pool *pool = &self->p;

	pool->reader = -1;
	pool->pidfd = -1;
	pool->uffd = -1;
	pool->page = NULL;
	pool->started = 0;
	pool->target = -1;
}

FIXTURE_TEARDOWN(pool)
{
	struct pool *pool = &self->p;
	int i;

	witness_release(&witness);
	/* Closing the userfaultfd fails the faults of senders still held. */
	if (pool->uffd >= 0)
		close(pool->uffd);
	for (i = 0; i < pool->started; i++)
		pthread_join(pool->senders[i].thread, NULL);
	if (pool->target > 0)
		reap(pool->target);
	if (pool->pidfd >= 0)
		close(pool->pidfd);
	if (pool->reader >= 0)
		close(pool->reader);
	if (pool->page)
		munmap(pool->page, getpagesize());
	pidfdtrace_unload();
}

/*
 * The module loaded with @params, a target, a reader, the witness, and a
 * page userfaultfd holds for the senders' siginfo.
 */
static void set_up(struct __test_metadata *_metadata, struct pool *pool,
		   const char *params)
{
	struct pidfdtrace_stats stats;

	ASSERT_EQ(0, pidfdtrace_reload(params));
	ASSERT_EQ(0, prctl(PR_SET_NAME, "pft-sender"));
	/* First: a child holding the userfaultfd would keep it open. */
	pool->target = spawn_target("pft-target");
	ASSERT_LT(0, pool->target);
	wait_sleeping(pool->target);
	pool->uffd = uffd_open();
	if (pool->uffd < 0)
		SKIP_TEST("no userfaultfd: %s", strerror(-pool->uffd));
	pool->pidfd = sys_pidfd_open(pool->target, 0);
	ASSERT_LE(0, pool->pidfd);
	pool->page = uffd_map(1);
	ASSERT_NE(NULL, pool->page);
	ASSERT_EQ(0, uffd_register(pool->uffd, pool->page, getpagesize()));
	pool->reader = reader_open(4 << 20);
	ASSERT_LE(0, pool->reader);
	ASSERT_EQ(0, ioctl(pool->reader, PIDFDTRACE_IOC_GET_STATS, &stats));
	TH_LOG("maxactive %u, probing %s", stats.maxactive,
	       stats.syscall_symbol);
	trace.len = 0;
	WITNESS_START(&witness, 0);
}

static void *send_blocked(void *arg)
{
	struct sender *s = arg;

	s->tid = sys_gettid();
	s->ret = pidfd_send(s->pidfd, s->sig, s->info, 0);
	return NULL;
}

/* @n senders of @sig, each blocked in the kernel's copy of its siginfo. */
static void start_blocked_senders(struct __test_metadata *_metadata,
				  struct pool *pool, int n, int sig)
{
	pthread_attr_t attr;
	int i, faults;

	ASSERT_EQ(0, pthread_attr_init(&attr));
	ASSERT_EQ(0, pthread_attr_setstacksize(&attr, 64 << 10));
	for (i = 0; i < n; i++) {
		struct sender *s = &pool->senders[i];

		s->pidfd = pool->pidfd;
		s->sig = sig;
		s->info = pool->page;
		s->ret = INT_MIN;
		ASSERT_EQ(0, pthread_create(&s->thread, &attr, send_blocked, s));
		pool->started++;
	}
	pthread_attr_destroy(&attr);
	faults = uffd_wait_faults(pool->uffd, n, 30000, NULL);
	ASSERT_EQ(n, faults) {
		TH_LOG("%d of %d senders blocked on their siginfo", faults, n);
	}
}

/* Lets the senders' kernel copy read a valid siginfo of @sig; joins them. */
static void release_senders(struct __test_metadata *_metadata,
			    struct pool *pool, int sig)
{
	siginfo_t *info;
	char *src;
	int i;

	src = uffd_map(1);
	ASSERT_NE(NULL, src);
	info = (siginfo_t *)src;
	info->si_signo = sig;
	info->si_code = SI_QUEUE;
	info->si_pid = getpid();
	info->si_uid = getuid();
	info->si_value.sival_int = 1;
	ASSERT_EQ(0, uffd_copy(pool->uffd, pool->page, src, getpagesize()));
	munmap(src, getpagesize());
	for (i = 0; i < pool->started; i++)
		pthread_join(pool->senders[i].thread, NULL);
	pool->started = 0;
}

static bool is_sender(struct pool *pool, int n, __u32 tid)
{
	int i;

	for (i = 0; i < n; i++)
		if ((__u32)pool->senders[i].tid == tid)
			return true;
	return false;
}

/*
 * maxactive=4, 12 senders held inside the call: 4 hold the instances, 8
 * are recorded from their entry at once, before anything returns; after,
 * the 4 return with their deliveries. 12 calls, 12 records, none missed.
 */
TEST_F_TIMEOUT(pool, calls_beyond_the_pool_are_recorded_from_their_entry, 120)
{
	struct pool *pool = &self->p;
	const struct pidfdtrace_record_header *hdr;
	struct pidfdtrace_stats stats;
	struct witness_report r;
	int i, full = 0, entry_only = 0, deliveries = 0, lost = 0, missed = 0;

	set_up(_metadata, pool, "maxactive=4");
	ASSERT_EQ(0, ioctl(pool->reader, PIDFDTRACE_IOC_GET_STATS, &stats));
	ASSERT_EQ(4U, stats.maxactive);
	start_blocked_senders(_metadata, pool, 12, SIGUSR1);

	/* While they are held: the 8 entry-only records, already there. */
	ASSERT_LE(0, reader_drain(pool->reader, &trace));
	trace_for_each(&trace, hdr) {
		const struct pidfdtrace_call *c = (const void *)hdr;

		if (hdr->type != PIDFDTRACE_RECORD_CALL)
			continue;
		EXPECT_TRUE(c->call_flags & PIDFDTRACE_CALL_RETURN_UNTRACED) {
			TH_LOG("call %llu by %u returned (ret %d) while all were held",
			       (unsigned long long)c->hdr.seq, c->sender.pid,
			       c->ret);
		}
		EXPECT_TRUE(is_sender(pool, 12, c->sender.pid));
		EXPECT_EQ((__u32)getpid(), c->sender.tgid);
		EXPECT_EQ(pool->pidfd, c->pidfd);
		EXPECT_EQ(SIGUSR1, c->sig);
		EXPECT_EQ((__u64)(unsigned long)pool->page, c->info);
		EXPECT_EQ(0U, c->flags);
		EXPECT_EQ(0, c->ret);
		EXPECT_EQ(0ULL, c->duration_ns);
		EXPECT_EQ(0U, c->deliveries);
		EXPECT_EQ(PIDFDTRACE_SOURCE_SECOND_LOOK, c->target_source);
		EXPECT_EQ((__u32)pool->target, c->target.pid);
		entry_only++;
	}
	EXPECT_EQ(8, entry_only);
	EXPECT_EQ(0, trace_count(&trace, PIDFDTRACE_RECORD_DELIVERY));

	release_senders(_metadata, pool, SIGUSR1);
	for (i = 0; i < 12; i++)
		EXPECT_EQ(0, pool->senders[i].ret);

	WITNESS_STOP(&witness);
	ASSERT_LE(0, reader_drain(pool->reader, &trace));
	entry_only = 0;
	trace_for_each(&trace, hdr) {
		const struct pidfdtrace_call *c = (const void *)hdr;

		if (hdr->type == PIDFDTRACE_RECORD_DELIVERY) {
			const struct pidfdtrace_delivery *d = (const void *)hdr;

			deliveries++;
			EXPECT_EQ((__u32)pool->target, d->target.pid);
			continue;
		}
		lost += hdr->type == PIDFDTRACE_RECORD_LOST;
		missed += hdr->type == PIDFDTRACE_RECORD_MISSED;
		if (hdr->type != PIDFDTRACE_RECORD_CALL)
			continue;
		if (c->call_flags & PIDFDTRACE_CALL_RETURN_UNTRACED) {
			entry_only++;
			EXPECT_EQ(0, trace_deliveries(&trace, c->hdr.seq));
			continue;
		}
		full++;
		EXPECT_EQ(0, c->ret);
		EXPECT_LT(0ULL, c->duration_ns);
		EXPECT_EQ(1U, c->deliveries);
		EXPECT_EQ(1, trace_deliveries(&trace, c->hdr.seq));
		EXPECT_EQ(PIDFDTRACE_SIGINFO_KERNEL, c->siginfo_state);
		EXPECT_EQ(SI_QUEUE, c->siginfo.code);
		EXPECT_EQ(PIDFDTRACE_SOURCE_KERNEL, c->target_source);
	}
	EXPECT_EQ(4, full);
	EXPECT_EQ(8, entry_only);
	EXPECT_EQ(4, deliveries);
	EXPECT_EQ(0, lost);
	EXPECT_EQ(0, missed);
	/* records + lost + missed == calls made */
	EXPECT_EQ(12, full + entry_only);

	ASSERT_EQ(0, ioctl(pool->reader, PIDFDTRACE_IOC_GET_STATS, &stats));
	EXPECT_EQ(8ULL, stats.returns_missed);
	EXPECT_EQ(0ULL, stats.calls_missed);
	EXPECT_EQ(12ULL, stats.calls);
	EXPECT_EQ(0ULL, stats.reader_lost);

	/* The kernel generated 12 signals; 4 calls were followed to them. */
	EXPECT_EQ(0, witness_compare(_metadata, &witness, &trace, pool->reader,
				     WITNESS_UNFILTERED, &r));
	EXPECT_TRUE(r.complete);
	EXPECT_EQ(12, r.calls);
	EXPECT_EQ(12, r.paired);
	EXPECT_EQ(8, r.entry_only);
}

/*
 * The default pool, 80 senders held, and the signal SIGTERM: the first
 * to go kills the target, the 79 others find it exiting. Every call is
 * followed to its return: 80 full records, 1 delivered, 79 ignored.
 */
TEST_F_TIMEOUT(pool, calls_below_the_default_pool_are_all_followed_to_their_return, 120)
{
	struct pool *pool = &self->p;
	const struct pidfdtrace_record_header *hdr;
	struct pidfdtrace_stats stats;
	struct witness_report r;
	int i, full = 0, entry_only = 0, delivered = 0, ignored = 0, other = 0;

	set_up(_metadata, pool, NULL);
	ASSERT_EQ(0, ioctl(pool->reader, PIDFDTRACE_IOC_GET_STATS, &stats));
	ASSERT_LE(MAX_SENDERS, (int)stats.maxactive);
	start_blocked_senders(_metadata, pool, MAX_SENDERS, SIGTERM);
	ASSERT_LE(0, reader_drain(pool->reader, &trace));
	EXPECT_EQ(0, trace_count(&trace, PIDFDTRACE_RECORD_CALL)) {
		TH_LOG("calls recorded before any returned: the pool ran dry");
	}

	release_senders(_metadata, pool, SIGTERM);
	for (i = 0; i < MAX_SENDERS; i++)
		EXPECT_EQ(0, pool->senders[i].ret);
	EXPECT_TRUE(wait_proc_state(pool->target, pool->target, 'Z'));

	WITNESS_STOP(&witness);
	ASSERT_LE(0, reader_drain(pool->reader, &trace));
	trace_for_each(&trace, hdr) {
		const struct pidfdtrace_call *c = (const void *)hdr;
		const struct pidfdtrace_delivery *d = (const void *)hdr;

		if (hdr->type == PIDFDTRACE_RECORD_CALL) {
			if (c->call_flags & PIDFDTRACE_CALL_RETURN_UNTRACED)
				entry_only++;
			else
				full++;
			EXPECT_EQ(0, c->ret);
			EXPECT_EQ(1U, c->deliveries);
		} else if (hdr->type == PIDFDTRACE_RECORD_DELIVERY) {
			if (d->outcome == PIDFDTRACE_OUTCOME_DELIVERED &&
			    d->effects == PIDFDTRACE_EFFECT_KILLED)
				delivered++;
			else if (d->outcome == dying_target_outcome() &&
				 d->effects == PIDFDTRACE_EFFECT_TARGET_EXITING)
				ignored++;
			else
				other++;
		} else {
			other++;
			TH_LOG("record of type %u", hdr->type);
		}
	}
	EXPECT_EQ(MAX_SENDERS, full);
	EXPECT_EQ(0, entry_only);
	EXPECT_EQ(1, delivered);
	EXPECT_EQ(MAX_SENDERS - 1, ignored);
	EXPECT_EQ(0, other);

	ASSERT_EQ(0, ioctl(pool->reader, PIDFDTRACE_IOC_GET_STATS, &stats));
	EXPECT_EQ(0ULL, stats.returns_missed);
	EXPECT_EQ(0ULL, stats.calls_missed);
	EXPECT_EQ((__u64)MAX_SENDERS, stats.calls);

	EXPECT_EQ(0, witness_compare(_metadata, &witness, &trace, pool->reader,
				     WITNESS_UNFILTERED, &r));
	EXPECT_TRUE(r.complete);
	EXPECT_EQ(MAX_SENDERS, r.calls);
	EXPECT_EQ(MAX_SENDERS, r.paired);
}

TEST_HARNESS_MAIN
