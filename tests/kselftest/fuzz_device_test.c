// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzing the device: threads open, close, read and ioctl at random, with
 * read sizes from 0 to twice a record and huge, buffers NULL, unmapped or
 * read-only, every ioctl number in the magic's range with random
 * arguments, while signals flow. Every call must return a documented
 * errno, and one reader left alone must still account for every record.
 *
 * Runs for PIDFDTRACE_TEST_SECONDS (default 10), at most
 * PIDFDTRACE_FUZZ_DEVICE_OPS operations per thread (default 1000000).
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/pidfdtrace.h>

#include "kselftest_harness.h"
#include "pidfdtrace_test.h"

#define THREADS 4
#define SLOTS 8
#define PAGE 4096

static atomic_int slots[SLOTS] = { [0 ... SLOTS - 1] = -1 };
static atomic_int stop;
static char *pages;
static long long deadline;

struct fuzzer {
	pthread_t thread;
	unsigned int seed;
	long n;
	long undocumented;
	long ops[4];
	char last_bad[128];
};

static void *buffer_for(unsigned int r)
{
	switch (r % 5) {
	case 0:
		return NULL;
	case 1:
		return pages + 2 * PAGE;	/* unmapped */
	case 2:
		return pages + PAGE;		/* read-only */
	case 3:
		return (void *)0xffffffff81000000UL;
	default:
		return pages;			/* a writable page, and the next */
	}
}

static bool documented(int err, const int *ok)
{
	for (; *ok; ok++)
		if (err == *ok)
			return true;
	return false;
}

static void *fuzz(void *arg)
{
	static const int read_errs[] = { EINVAL, EFAULT, EAGAIN, EBADF, EINTR, 0 };
	/* ENOENT: a filter naming a cgroup that does not exist. */
	static const int ioctl_errs[] = { ENOTTY, EFAULT, EINVAL, EBUSY, ENOMEM,
					  ENOENT, EBADF, EINTR, 0 };
	struct fuzzer *f = arg;
	long i;

	for (i = 0; i < f->n && (i % 64 || now_ms() < deadline); i++) {
		unsigned int r = rand_r(&f->seed), slot = r % SLOTS;
		unsigned int op = (r >> 8) % 4, cmd;
		int fd = slots[slot], old, ret;
		size_t size;

		f->ops[op]++;
		switch (op) {
		case 0:		/* open into a slot, closing what was there */
			ret = open(PIDFDTRACE_DEVICE, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
			if (ret < 0) {
				snprintf(f->last_bad, sizeof(f->last_bad), "open: %d", errno);
				f->undocumented++;
				break;
			}
			old = atomic_exchange(&slots[slot], ret);
			if (old >= 0)
				close(old);
			break;
		case 1:		/* close */
			old = atomic_exchange(&slots[slot], -1);
			if (old >= 0)
				close(old);
			break;
		case 2:		/* read */
			r = rand_r(&f->seed);
			size = r % 7 == 0 ? (size_t)1 << 30 : r % 513;
			ret = read(fd, buffer_for(r >> 10), size);
			if (ret < 0 && !documented(errno, read_errs)) {
				snprintf(f->last_bad, sizeof(f->last_bad),
					 "read %zu: %d", size, errno);
				f->undocumented++;
			}
			break;
		case 3:		/* ioctl: any number, any direction, any size */
			r = rand_r(&f->seed);
			cmd = _IOC(r % 4, PIDFDTRACE_IOC_MAGIC, (r >> 2) % 16,
				   (r >> 6) % 300);
			if (r % 9 == 0)
				cmd = PIDFDTRACE_IOC_SET_BUFFER_SIZE;
			ret = ioctl(fd, cmd, buffer_for(rand_r(&f->seed)));
			if (ret < 0 && !documented(errno, ioctl_errs)) {
				snprintf(f->last_bad, sizeof(f->last_bad),
					 "ioctl %#x: %d", cmd, errno);
				f->undocumented++;
			}
			break;
		}
	}
	return NULL;
}

static void *send_signals(void *arg)
{
	int pidfd = *(int *)arg;

	while (!stop) {
		pidfd_send(pidfd, SIGUSR1, NULL, 0);
		pidfd_send(pidfd, 0, NULL, 0);
	}
	return NULL;
}

FIXTURE(fuzz) {
	int reader;
};

FIXTURE_SETUP(fuzz)
{
	ASSERT_EQ(0, pidfdtrace_reload(NULL));
	/* Left alone: its records + losses must be every record made. */
	self->reader = reader_open(PIDFDTRACE_BUFFER_MIN);
	ASSERT_LE(0, self->reader);
}

FIXTURE_TEARDOWN(fuzz)
{
	if (self->reader >= 0)
		close(self->reader);
	pidfdtrace_unload();
}

TEST_F_TIMEOUT(fuzz, random_device_calls_return_documented_errors, 900)
{
	long per_thread = env_long("PIDFDTRACE_FUZZ_DEVICE_OPS", 1000000);
	long ops[4] = {}, bad = 0;
	int reader = self->reader;
	struct fuzzer fuzzers[THREADS];
	struct pidfdtrace_stats before, after, mine;
	unsigned long long records = 0;
	pthread_t sender;
	pid_t target;
	static char buf[1 << 20];
	ssize_t n, off;
	int t, pidfd;

	ASSERT_EQ(0, ioctl(reader, PIDFDTRACE_IOC_GET_STATS, &before));

	pages = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, pages);
	memset(pages + PAGE, 0xa5, PAGE);
	ASSERT_EQ(0, mprotect(pages + PAGE, PAGE, PROT_READ));
	ASSERT_EQ(0, munmap(pages + 2 * PAGE, PAGE));

	target = spawn_target("pft-target");
	ASSERT_LT(0, target);
	pidfd = sys_pidfd_open(target, 0);
	ASSERT_LE(0, pidfd);
	ASSERT_EQ(0, pthread_create(&sender, NULL, send_signals, &pidfd));
	deadline = test_deadline(10);
	for (t = 0; t < THREADS; t++) {
		memset(&fuzzers[t], 0, sizeof(fuzzers[t]));
		fuzzers[t].seed = 77 + t;
		fuzzers[t].n = per_thread;
		ASSERT_EQ(0, pthread_create(&fuzzers[t].thread, NULL, fuzz,
					    &fuzzers[t]));
	}
	for (t = 0; t < THREADS; t++) {
		pthread_join(fuzzers[t].thread, NULL);
		bad += fuzzers[t].undocumented;
		ops[0] += fuzzers[t].ops[0];
		ops[1] += fuzzers[t].ops[1];
		ops[2] += fuzzers[t].ops[2];
		ops[3] += fuzzers[t].ops[3];
		if (fuzzers[t].undocumented)
			TH_LOG("thread %d: %s", t, fuzzers[t].last_bad);
	}
	stop = 1;
	pthread_join(sender, NULL);
	for (t = 0; t < SLOTS; t++)
		if (slots[t] >= 0)
			close(slots[t]);

	/*
	 * Our reader: drained, then what it got + lost == what was made. With
	 * no call missed by the probes, there is no MISSED record to count.
	 */
	ASSERT_EQ(0, ioctl(reader, PIDFDTRACE_IOC_GET_STATS, &after));
	EXPECT_EQ(before.calls_missed, after.calls_missed);
	while ((n = read(reader, buf, sizeof(buf))) > 0)
		for (off = 0; off < n;) {
			const struct pidfdtrace_record_header *hdr =
				(const void *)(buf + off);

			if (hdr->type == PIDFDTRACE_RECORD_LOST)
				records += ((const struct pidfdtrace_lost *)hdr)->count;
			else
				records++;
			off += hdr->size;
		}
	ASSERT_EQ(0, ioctl(reader, PIDFDTRACE_IOC_GET_STATS, &mine));
	EXPECT_EQ(after.calls + after.deliveries - before.calls - before.deliveries,
		  records);
	EXPECT_EQ(mine.reader_records + mine.reader_lost, records);
	EXPECT_EQ(0, bad);

	reap(target);
	close(pidfd);
	close(reader);
	self->reader = -1;
	EXPECT_EQ(0, pidfdtrace_unload());
	ksft_print_msg("figure: fuzz-device: %d threads, %ld opens, %ld closes, %ld reads, %ld ioctls: %ld undocumented errors; the untouched reader accounted for %llu records\n",
		       THREADS, ops[0], ops[1], ops[2], ops[3], bad, records);
}

TEST_HARNESS_MAIN
