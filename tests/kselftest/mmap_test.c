// SPDX-License-Identifier: GPL-2.0
/*
 * The per-CPU buffers, mapped: the layout and what may be mapped how, the
 * records read in place (tools/rings.c, the merge pidfdtrace(8) uses)
 * against read()'s, wrap-around, a reader that never reads, a CPU going
 * offline with records and losses in its buffer, and producers on every
 * CPU at once, counted exactly.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/pidfdtrace.h>

#include "kselftest_harness.h"
#include "pidfdtrace_test.h"
#include "rings.h"

static struct trace trace, trace2;

FIXTURE(mmap) {
	struct pidfdtrace_setup s;
	struct rings rs;
};

FIXTURE_SETUP(mmap)
{
	ASSERT_EQ(0, pidfdtrace_setup(&self->s, NULL));
	memset(&self->rs, 0, sizeof(self->rs));
	trace.len = 0;
	trace2.len = 0;
}

FIXTURE_TEARDOWN(mmap)
{
	rings_unmap(&self->rs);
	pidfdtrace_cleanup(&self->s);
}

/* Takes every record there is now, in merge order, into @t. */
static int take_all(struct rings *rs, struct trace *t)
{
	long n;

	do {
		n = rings_read(rs, t->buf + t->len, sizeof(t->buf) - t->len);
		if (n < 0)
			return -1;
		t->len += n;
	} while (n);
	return 0;
}

/* Every record's CPU, for the tests that move senders around. */
static int count_cpu(const struct trace *t, int type, unsigned int cpu)
{
	const struct pidfdtrace_record_header *hdr;
	int n = 0;

	trace_for_each(t, hdr)
		n += hdr->type == type && hdr->cpu == cpu;
	return n;
}

/* The records LOST records count, made on @cpu (-1: any). */
static __u64 lost_on(const struct trace *t, int cpu)
{
	const struct pidfdtrace_record_header *hdr;
	__u64 n = 0;

	trace_for_each(t, hdr)
		if (hdr->type == PIDFDTRACE_RECORD_LOST &&
		    (cpu < 0 || hdr->cpu == (__u32)cpu))
			n += ((const struct pidfdtrace_lost *)hdr)->count;
	return n;
}

static __u64 lost_of(const struct trace *t)
{
	return lost_on(t, -1);
}

static int pin_to(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

TEST_F(mmap, layout_is_one_page_and_one_ring_per_cpu)
{
	struct pidfdtrace_layout l;
	struct pidfdtrace_stats stats;
	long page = sysconf(_SC_PAGESIZE);
	unsigned int i;

	ASSERT_EQ(0, ioctl(self->s.reader, PIDFDTRACE_IOC_GET_LAYOUT, &l));
	ASSERT_EQ(0, ioctl(self->s.reader, PIDFDTRACE_IOC_GET_STATS, &stats));
	EXPECT_EQ(possible_cpus(), (int)l.nr_rings);
	EXPECT_EQ(stats.buffer_size, l.ring_size);
	EXPECT_EQ(0U, l.control_offset);
	EXPECT_EQ((__u64)l.nr_rings * page, l.control_size);
	EXPECT_EQ(l.control_size, l.data_offset);
	EXPECT_EQ((__u64)l.nr_rings * l.ring_size, l.data_size);
	for (i = 0; i < ARRAY_SIZE(l.__reserved); i++)
		EXPECT_EQ(0U, l.__reserved[i]);

	ASSERT_EQ(0, rings_map(&self->rs, self->s.reader));
	for (i = 0; i < self->rs.nr; i++) {
		const struct pidfdtrace_mmap_page *p =
			(const void *)(self->rs.control + i * page);

		EXPECT_EQ((__u32)PIDFDTRACE_MMAP_VERSION, p->version);
		EXPECT_EQ(i, p->cpu);
		EXPECT_EQ(l.ring_size, p->ring_size);
		EXPECT_EQ((__u64)i * l.ring_size, p->data_offset);
		EXPECT_EQ(p->data_tail, p->data_head);
	}
}

TEST_F(mmap, only_the_two_regions_map_and_data_stays_read_only)
{
	struct pidfdtrace_layout l;
	__u32 size = 1 << 16;
	void *p;

	ASSERT_EQ(0, ioctl(self->s.reader, PIDFDTRACE_IOC_GET_LAYOUT, &l));
	/* The data, writable: refused, now and by mprotect() later. */
	p = mmap(NULL, l.data_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		 self->s.reader, l.data_offset);
	EXPECT_EQ(MAP_FAILED, p);
	EXPECT_EQ(EPERM, errno);
	p = mmap(NULL, l.data_size, PROT_READ, MAP_SHARED, self->s.reader,
		 l.data_offset);
	ASSERT_NE(MAP_FAILED, p);
	EXPECT_EQ(-1, mprotect(p, l.data_size, PROT_READ | PROT_WRITE));
	EXPECT_EQ(EACCES, errno);
	/* Mapped: the buffers cannot be replaced under the mapping. */
	EXPECT_EQ(-1, ioctl(self->s.reader, PIDFDTRACE_IOC_SET_BUFFER_SIZE,
			    &size));
	EXPECT_EQ(EBUSY, errno);
	ASSERT_EQ(0, munmap(p, l.data_size));
	EXPECT_EQ(0, ioctl(self->s.reader, PIDFDTRACE_IOC_SET_BUFFER_SIZE,
			   &size));

	ASSERT_EQ(0, ioctl(self->s.reader, PIDFDTRACE_IOC_GET_LAYOUT, &l));
	/* Part of a region, past its end, or private: EINVAL. */
	p = mmap(NULL, l.control_size / 2 ? l.control_size / 2 : 4096,
		 PROT_READ, MAP_SHARED, self->s.reader, 0);
	if (l.control_size > 4096) {
		EXPECT_EQ(MAP_FAILED, p);
		EXPECT_EQ(EINVAL, errno);
	} else if (p != MAP_FAILED) {
		munmap(p, 4096);
	}
	p = mmap(NULL, l.data_size, PROT_READ, MAP_SHARED, self->s.reader,
		 l.data_offset + 4096);
	EXPECT_EQ(MAP_FAILED, p);
	EXPECT_EQ(EINVAL, errno);
	p = mmap(NULL, l.control_size, PROT_READ | PROT_WRITE, MAP_PRIVATE,
		 self->s.reader, 0);
	EXPECT_EQ(MAP_FAILED, p);
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(mmap, in_place_gives_the_records_read_gives)
{
	int second = reader_open(0);
	const struct pidfdtrace_record_header *a, *b;
	pid_t child = spawn_target("pft-usr1");
	int pidfd;

	ASSERT_LE(0, second);
	ASSERT_LT(0, child);
	wait_sleeping(child);
	pidfd = sys_pidfd_open(child, 0);
	ASSERT_LE(0, pidfd);
	ASSERT_EQ(0, rings_map(&self->rs, self->s.reader));
	ASSERT_EQ(0, send_n(self->s.pidfd, 20));
	ASSERT_EQ(0, pidfd_send(pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ(-EBADF, pidfd_send(-1, 0, NULL, 0));
	ASSERT_EQ(0, take_all(&self->rs, &trace));
	ASSERT_LE(0, reader_drain(second, &trace2));

	EXPECT_EQ(22, trace_count(&trace, PIDFDTRACE_RECORD_CALL));
	EXPECT_EQ(1, trace_count(&trace, PIDFDTRACE_RECORD_DELIVERY));
	ASSERT_EQ(trace2.len, trace.len);
	/* The same records in the same order, byte for byte. */
	EXPECT_EQ(0, memcmp(trace.buf, trace2.buf, trace.len));
	/* A call comes after its delivery; its key is the delivery's number. */
	trace_for_each(&trace, a) {
		const struct pidfdtrace_call *c = (const void *)a;

		if (a->type != PIDFDTRACE_RECORD_CALL)
			continue;
		if (!c->deliveries) {
			EXPECT_EQ(a->seq, c->last_seq);
			continue;
		}
		b = (const void *)trace_delivery(&trace, a->seq, 0);
		ASSERT_NE(NULL, b);
		EXPECT_EQ(b->seq, c->last_seq);
		EXPECT_LT((const char *)b, (const char *)a);
	}
	/* Nothing twice: the space was given back. */
	EXPECT_EQ(0, take_all(&self->rs, &trace2));
	close(second);
	close(pidfd);
	reap(child);
}

TEST_F(mmap, records_wrap_around_the_end_of_a_small_ring)
{
	const struct pidfdtrace_record_header *hdr;
	const struct pidfdtrace_mmap_page *p;
	int small = reader_open(PIDFDTRACE_BUFFER_MIN);
	__u64 prev = 0;
	int round, calls = 0, wrapped = 0;

	ASSERT_LE(0, small);
	ASSERT_EQ(0, pin_to_this_cpu());
	ASSERT_EQ(0, rings_map(&self->rs, small));
	p = (const void *)(self->rs.control + sched_getcpu() * self->rs.page_size);
	/* 13 calls a round, read in between: the ring wraps again and again. */
	for (round = 0; round < 50; round++) {
		__u64 before = p->data_head;

		ASSERT_EQ(0, send_n(self->s.pidfd, 13));
		ASSERT_EQ(0, take_all(&self->rs, &trace));
		wrapped += before / PIDFDTRACE_BUFFER_MIN !=
			   p->data_head / PIDFDTRACE_BUFFER_MIN;
	}
	EXPECT_EQ(50 * 13 * sizeof(struct pidfdtrace_call), p->data_head);
	EXPECT_EQ(p->data_head, p->data_tail);
	EXPECT_LE(30, wrapped);
	trace_for_each(&trace, hdr) {
		ASSERT_EQ(PIDFDTRACE_RECORD_CALL, hdr->type);
		if (prev)
			EXPECT_EQ(prev + 1, hdr->seq);
		prev = hdr->seq;
		calls++;
	}
	EXPECT_EQ(50 * 13, calls);
	close(small);
}

TEST_F(mmap, a_reader_that_never_reads_loses_what_does_not_fit_exactly)
{
	struct pidfdtrace_stats stats;
	int small = reader_open(PIDFDTRACE_BUFFER_MIN);
	const struct pidfdtrace_record_header *hdr;
	int i = 0;

	ASSERT_LE(0, small);
	ASSERT_EQ(0, pin_to_this_cpu());
	ASSERT_EQ(0, rings_map(&self->rs, small));
	ASSERT_EQ(0, send_n(self->s.pidfd, 500));
	ASSERT_EQ(0, ioctl(small, PIDFDTRACE_IOC_GET_STATS, &stats));
	EXPECT_EQ((__u64)MIN_BUFFER_CALLS, stats.reader_records);
	EXPECT_EQ(500U - MIN_BUFFER_CALLS, stats.reader_lost);

	/* What fit, then (once there is room) the count of what did not. */
	ASSERT_EQ(0, take_all(&self->rs, &trace));
	ASSERT_EQ(0, send_n(self->s.pidfd, 2));
	ASSERT_EQ(0, take_all(&self->rs, &trace));
	trace_for_each(&trace, hdr) {
		if (i == MIN_BUFFER_CALLS) {
			ASSERT_EQ(PIDFDTRACE_RECORD_LOST, hdr->type);
			EXPECT_EQ(500U - MIN_BUFFER_CALLS,
				  ((const struct pidfdtrace_lost *)hdr)->count);
			EXPECT_EQ(500U - MIN_BUFFER_CALLS,
				  ((const struct pidfdtrace_lost *)hdr)->calls);
		} else {
			EXPECT_EQ(PIDFDTRACE_RECORD_CALL, hdr->type);
		}
		i++;
	}
	EXPECT_EQ(MIN_BUFFER_CALLS + 1 + 2, i);
	close(small);
}

TEST_F(mmap, a_tail_the_module_did_not_give_loses_records_not_memory)
{
	struct pidfdtrace_mmap_page *p;
	struct pidfdtrace_stats stats;
	char buf[PIDFDTRACE_RECORD_MAX_SIZE];
	int cpu;

	ASSERT_EQ(0, pin_to_this_cpu());
	cpu = sched_getcpu();
	ASSERT_EQ(0, rings_map(&self->rs, self->s.reader));
	p = (void *)(self->rs.control + cpu * self->rs.page_size);
	ASSERT_EQ(0, send_n(self->s.pidfd, 3));
	/* Past the head: every record is lost, and counted. */
	p->data_tail = p->data_head + 8 * PIDFDTRACE_BUFFER_MIN;
	ASSERT_EQ(0, send_n(self->s.pidfd, 5));
	ASSERT_EQ(0, ioctl(self->s.reader, PIDFDTRACE_IOC_GET_STATS, &stats));
	EXPECT_EQ(3U, stats.reader_records);
	EXPECT_EQ(5U, stats.reader_lost);
	/* read() finds no record where the tail says: EIO. */
	p->data_tail = 8;
	EXPECT_EQ(-1, read(self->s.reader, buf, sizeof(buf)));
	EXPECT_EQ(EIO, errno);
	/* Set right, the records and the loss come through. */
	p->data_tail = 0;
	ASSERT_LE(0, reader_drain(self->s.reader, &trace));
	EXPECT_EQ(3, trace_count(&trace, PIDFDTRACE_RECORD_CALL));
	EXPECT_EQ(5U, lost_of(&trace));
}

static int set_online(int cpu, int online)
{
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/online",
		 cpu);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "%d\n", online);
	return fclose(f) ? -1 : 0;
}

TEST_F(mmap, an_offline_cpus_records_and_losses_still_reach_the_reader)
{
	int small = reader_open(PIDFDTRACE_BUFFER_MIN);
	int i = 0;
	const struct pidfdtrace_record_header *hdr;

	ASSERT_LE(0, small);
	if (access("/sys/devices/system/cpu/cpu1/online", W_OK))
		SKIP(return, "cpu1 cannot go offline here");
	ASSERT_EQ(0, rings_map(&self->rs, small));
	/* cpu1's ring: full, and 7 records lost beyond it. */
	ASSERT_EQ(0, pin_to(1));
	ASSERT_EQ(0, send_n(self->s.pidfd, MIN_BUFFER_CALLS + 7));
	ASSERT_EQ(0, pin_to(0));
	ASSERT_EQ(0, set_online(1, 0));
	ASSERT_EQ(0, take_all(&self->rs, &trace));
	/* Room made while cpu1 is offline: the module writes its loss. */
	ASSERT_EQ(0, take_all(&self->rs, &trace));
	ASSERT_EQ(0, set_online(1, 1));
	ASSERT_EQ(0, pin_to(1));
	ASSERT_EQ(0, send_n(self->s.pidfd, 3));
	ASSERT_EQ(0, take_all(&self->rs, &trace));

	EXPECT_EQ(MIN_BUFFER_CALLS + 3,
		  count_cpu(&trace, PIDFDTRACE_RECORD_CALL, 1));
	EXPECT_EQ(1, count_cpu(&trace, PIDFDTRACE_RECORD_LOST, 1));
	trace_for_each(&trace, hdr) {
		if (i++ == MIN_BUFFER_CALLS) {
			ASSERT_EQ(PIDFDTRACE_RECORD_LOST, hdr->type);
			EXPECT_EQ(7U, ((const struct pidfdtrace_lost *)hdr)->count);
		}
	}
	EXPECT_EQ(MIN_BUFFER_CALLS + 4, i);
	close(small);
}

struct producer {
	int cpu, pidfd, n, ret;
};

static void *produce(void *arg)
{
	struct producer *p = arg;

	p->ret = pin_to(p->cpu) ? -1 : send_n(p->pidfd, p->n);
	return NULL;
}

TEST_F(mmap, producers_on_every_cpu_at_once_are_counted_exactly)
{
	int ncpu = sysconf(_SC_NPROCESSORS_ONLN), cpu, small;
	struct producer p[64];
	pthread_t t[64];
	struct pidfdtrace_stats stats;
	const struct pidfdtrace_record_header *hdr;
	__u64 last[64] = { 0 };
	bool joined[64] = { false };
	const int n = 2000;
	int running;

	ASSERT_LT(1, ncpu);
	if (ncpu > 64)
		ncpu = 64;
	small = reader_open(1 << 14);
	ASSERT_LE(0, small);
	ASSERT_EQ(0, rings_map(&self->rs, small));
	for (cpu = 0; cpu < ncpu; cpu++) {
		p[cpu] = (struct producer){ cpu, self->s.pidfd, n, 0 };
		ASSERT_EQ(0, pthread_create(&t[cpu], NULL, produce, &p[cpu]));
	}
	/* Read while they send: some records lost, none unaccounted for. */
	for (running = ncpu; running; usleep(1000)) {
		ASSERT_EQ(0, take_all(&self->rs, &trace));
		for (cpu = 0; cpu < ncpu; cpu++)
			if (!joined[cpu] && !pthread_tryjoin_np(t[cpu], NULL)) {
				joined[cpu] = true;
				running--;
			}
	}
	for (cpu = 0; cpu < ncpu; cpu++)
		ASSERT_EQ(0, p[cpu].ret);
	ASSERT_EQ(0, take_all(&self->rs, &trace));
	ASSERT_EQ(0, ioctl(small, PIDFDTRACE_IOC_GET_STATS, &stats));

	EXPECT_EQ((__u64)ncpu * n,
		  trace_count(&trace, PIDFDTRACE_RECORD_CALL) + lost_of(&trace));
	EXPECT_EQ(stats.reader_records,
		  (__u64)trace_count(&trace, PIDFDTRACE_RECORD_CALL));
	EXPECT_EQ(stats.reader_lost, lost_of(&trace));
	/* Per CPU: its sender's calls, received or lost there. */
	for (cpu = 0; cpu < ncpu; cpu++)
		EXPECT_EQ((__u64)n, count_cpu(&trace, PIDFDTRACE_RECORD_CALL, cpu) +
				    lost_on(&trace, cpu));
	/* Each CPU's records in the order they were made there. */
	trace_for_each(&trace, hdr) {
		if (hdr->type != PIDFDTRACE_RECORD_CALL)
			continue;
		ASSERT_GT(64U, hdr->cpu);
		EXPECT_LT(last[hdr->cpu], hdr->seq);
		last[hdr->cpu] = hdr->seq;
	}
	close(small);
}

TEST_HARNESS_MAIN
