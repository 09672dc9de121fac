// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzing the traced syscall: random fds (pidfds, closed, files, pipes,
 * /proc directories), signals from -1 to 100, random flags, and siginfo
 * pointers that are NULL, unmapped, kernel addresses, misaligned, cut by
 * an unmapped page or read-only, from several threads at once. For every
 * call, the record must say what the kernel returned, where its target and
 * siginfo came from, and how many deliveries it made.
 *
 * Runs rounds of PIDFDTRACE_FUZZ_ROUND_CALLS calls per thread (default
 * 5000), each checked against its records, for PIDFDTRACE_TEST_SECONDS
 * (default 10).
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/pidfdtrace.h>

#include "kselftest_harness.h"
#include "pidfdtrace_test.h"

#define THREADS 4
#define PAGE 4096

static struct trace trace;

/* The fds and pointers calls are drawn from. */
static int fds[16];
static int nfds;
static unsigned long infos[8];
static bool info_readable[8];	/* all of a siginfo_t there can be read */
static int ninfos;
static long long deadline;

struct fuzz_call {
	int pidfd, sig, ret;
	unsigned int flags;
	unsigned long info;
};

struct fuzzer {
	pthread_t thread;
	pid_t tid;
	unsigned int seed;
	long n, done;
	struct fuzz_call *calls;
};

static void *fuzz(void *arg)
{
	struct fuzzer *f = arg;
	long i;

	f->tid = sys_gettid();
	for (i = 0; i < f->n; i++) {
		struct fuzz_call *c = &f->calls[i];

		if (i % 64 == 0 && now_ms() >= deadline)
			break;
		unsigned int r = rand_r(&f->seed);

		c->pidfd = fds[r % nfds];
		c->sig = (int)(rand_r(&f->seed) % 102) - 1;
		r = rand_r(&f->seed);
		/* Mostly the valid flags, sometimes anything. */
		c->flags = r % 4 == 0 ? (unsigned int)rand_r(&f->seed) << 1 ^ r :
			   r % 4 == 1 ? 1U << (r >> 2) % 3 : 0;
		c->info = infos[rand_r(&f->seed) % ninfos];
		c->ret = pidfd_send(c->pidfd, c->sig, (siginfo_t *)c->info,
				    c->flags);
	}
	f->done = i;
	return NULL;
}

/* A child in its own process group, so group sends stay among them. */
static pid_t spawn_victim(void)
{
	pid_t pid = spawn_target("pft-victim");

	if (pid > 0)
		setpgid(pid, pid);
	return pid;
}

FIXTURE(fuzz) {
	int reader;
};

FIXTURE_SETUP(fuzz)
{
	ASSERT_EQ(0, pidfdtrace_reload(NULL));
	self->reader = reader_open(64 << 20);
	ASSERT_LE(0, self->reader);
}

FIXTURE_TEARDOWN(fuzz)
{
	if (self->reader >= 0)
		close(self->reader);
	pidfdtrace_unload();
}

static void add_info(unsigned long info, bool readable)
{
	info_readable[ninfos] = readable;
	infos[ninfos++] = info;
}

static int info_index(unsigned long info)
{
	int i;

	for (i = 0; i < ninfos; i++)
		if (infos[i] == info)
			return i;
	return 0;
}

/*
 * Where a call's siginfo comes from: none passed; the kernel's copy when
 * the call made a signal; unreadable to the kernel (EFAULT); else read
 * back from the caller at return, which fails where the kernel's read
 * would have.
 */
static __u32 expected_siginfo_state(const struct pidfdtrace_call *c)
{
	if (!c->info)
		return PIDFDTRACE_SIGINFO_NONE;
	if (c->deliveries)
		return PIDFDTRACE_SIGINFO_KERNEL;
	if (c->ret == -EFAULT)
		return PIDFDTRACE_SIGINFO_UNREADABLE;
	return info_readable[info_index(c->info)] ?
	       PIDFDTRACE_SIGINFO_USER_UNVERIFIED :
	       PIDFDTRACE_SIGINFO_USER_UNREADABLE;
}

/*
 * Where a call's target comes from: the kernel when it made a signal; no
 * target for an fd that names no process; else a second look.
 */
static __u16 expected_target_source(const struct pidfdtrace_call *c)
{
	if (c->deliveries)
		return PIDFDTRACE_SOURCE_KERNEL;
	if (c->fd_kind == PIDFDTRACE_FD_NONE || c->fd_kind == PIDFDTRACE_FD_OTHER)
		return PIDFDTRACE_SOURCE_NONE;
	return PIDFDTRACE_SOURCE_SECOND_LOOK;
}

/*
 * The delivery records of each call in @t, by the call's sequence number
 * less *@base, the lowest in @t (below *@n); NULL when out of memory.
 */
static unsigned int *deliveries_by_call(const struct trace *t, __u64 *base,
					size_t *n)
{
	const struct pidfdtrace_record_header *hdr;
	__u64 min = ~0ULL, max = 0;
	unsigned int *count;

	trace_for_each(t, hdr) {
		if (hdr->type == PIDFDTRACE_RECORD_LOST)
			continue;
		min = hdr->seq < min ? hdr->seq : min;
		max = hdr->seq > max ? hdr->seq : max;
	}
	*base = min;
	*n = max >= min ? max - min + 1 : 0;
	count = calloc(*n + 1, sizeof(*count));
	if (!count)
		return NULL;
	trace_for_each(t, hdr) {
		const struct pidfdtrace_delivery *d = (const void *)hdr;

		if (hdr->type == PIDFDTRACE_RECORD_DELIVERY &&
		    d->call_seq >= min && d->call_seq - min < *n)
			count[d->call_seq - min]++;
	}
	return count;
}

TEST_F_TIMEOUT(fuzz, records_agree_with_the_kernel_under_random_calls, 900)
{
	/* A round's records must fit in the trace buffer. */
	long per_thread = env_long("PIDFDTRACE_FUZZ_ROUND_CALLS", 5000);
	const struct pidfdtrace_record_header *hdr;
	struct fuzzer fuzzers[THREADS];
	long calls = 0, mismatches = 0, errnos[160] = {}, rounds = 0;
	long miscounted = 0, wrong_origin = 0;
	pid_t victims[3], gone;
	int i, t, sv[2], p[2];
	char *pages, path[64];
	siginfo_t *good;

	for (i = 0; i < 3; i++) {
		victims[i] = spawn_victim();
		ASSERT_LT(0, victims[i]);
	}
	fds[nfds++] = sys_pidfd_open(victims[0], 0);
	fds[nfds++] = sys_pidfd_open(victims[1], 0);
	/* A pidfd whose process is gone. */
	gone = fork_child();
	if (gone == 0)
		_exit(0);
	fds[nfds++] = sys_pidfd_open(gone, 0);
	waitpid(gone, NULL, 0);
	snprintf(path, sizeof(path), "/proc/%d", victims[2]);
	fds[nfds++] = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	snprintf(path, sizeof(path), "/proc/%d/task/%d", victims[2], victims[2]);
	fds[nfds++] = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	fds[nfds++] = open("/init", O_RDONLY | O_CLOEXEC);
	ASSERT_EQ(0, pipe(p));
	fds[nfds++] = p[0];
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	fds[nfds++] = sv[0];
	fds[nfds++] = 999;
	fds[nfds++] = -1;
	if (kernel_at_least(6, 9))
		fds[nfds++] = sys_pidfd_open(victims[1], PIDFD_THREAD);
	for (i = 0; i < nfds - 2; i++)
		if (fds[i] != 999 && fds[i] != -1)
			ASSERT_LE(0, fds[i]) TH_LOG("fd %d", i);

	/* Page 0: a siginfo; 1: read-only; 2: unmapped; 3: PROT_NONE. */
	pages = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, pages);
	good = (siginfo_t *)pages;
	good->si_signo = SIGUSR1;
	good->si_code = SI_QUEUE;
	memset(pages + PAGE, 0x5a, PAGE);
	ASSERT_EQ(0, mprotect(pages + PAGE, PAGE, PROT_READ));
	ASSERT_EQ(0, munmap(pages + 2 * PAGE, PAGE));
	ASSERT_EQ(0, mprotect(pages + 3 * PAGE, PAGE, PROT_NONE));
	add_info(0, false);
	add_info((unsigned long)good, true);
	add_info((unsigned long)pages + 3, true);		/* misaligned */
	add_info((unsigned long)pages + PAGE, true);		/* read-only */
	add_info((unsigned long)pages + 2 * PAGE - 16, false);	/* cut short */
	add_info((unsigned long)pages + 2 * PAGE, false);	/* unmapped */
	add_info((unsigned long)pages + 3 * PAGE, false);	/* PROT_NONE */
	add_info(0xffffffff81000000UL, false);			/* kernel */

	for (t = 0; t < THREADS; t++) {
		fuzzers[t].seed = 1000 + t;
		fuzzers[t].n = per_thread;
		fuzzers[t].calls = calloc(per_thread, sizeof(struct fuzz_call));
		ASSERT_NE(NULL, fuzzers[t].calls);
	}
	deadline = test_deadline(10);
	/* Rounds, each checked in full, until the time is up. */
	do {
		long next[THREADS] = {};
		unsigned int *deliveries;
		size_t nseq;
		__u64 base;

		for (t = 0; t < THREADS; t++)
			ASSERT_EQ(0, pthread_create(&fuzzers[t].thread, NULL,
						    fuzz, &fuzzers[t]));
		for (t = 0; t < THREADS; t++)
			pthread_join(fuzzers[t].thread, NULL);
		trace.len = 0;
		ASSERT_LE(0, reader_drain(self->reader, &trace));
		deliveries = deliveries_by_call(&trace, &base, &nseq);
		ASSERT_NE(NULL, deliveries);

		trace_for_each(&trace, hdr) {
			const struct pidfdtrace_call *c = (const void *)hdr;
			const struct fuzz_call *want;
			__u64 made;

			ASSERT_NE(PIDFDTRACE_RECORD_LOST, hdr->type);
			ASSERT_NE(PIDFDTRACE_RECORD_MISSED, hdr->type);
			if (hdr->type != PIDFDTRACE_RECORD_CALL)
				continue;
			for (t = 0; t < THREADS; t++)
				if (c->sender.pid == (__u32)fuzzers[t].tid)
					break;
			if (t == THREADS)
				continue;
			ASSERT_LT(next[t], fuzzers[t].done);
			want = &fuzzers[t].calls[next[t]++];
			calls++;
			if (c->pidfd != want->pidfd || c->sig != want->sig ||
			    c->flags != want->flags || c->info != want->info ||
			    c->ret != want->ret || c->call_flags) {
				mismatches++;
				continue;
			}
			made = c->hdr.seq - base < nseq ?
			       deliveries[c->hdr.seq - base] : 0;
			if (c->deliveries != made) {
				if (!miscounted++)
					TH_LOG("call %llu: deliveries %u, %llu made",
					       (unsigned long long)c->hdr.seq,
					       c->deliveries,
					       (unsigned long long)made);
				continue;
			}
			if (c->siginfo_state != expected_siginfo_state(c) ||
			    c->target_source != expected_target_source(c)) {
				if (!wrong_origin++)
					TH_LOG("call %llu: sig %d, info %#llx, ret %d, fd kind %u: siginfo state %u, target source %u",
					       (unsigned long long)c->hdr.seq,
					       c->sig,
					       (unsigned long long)c->info,
					       c->ret, c->fd_kind,
					       c->siginfo_state,
					       c->target_source);
			}
			if (c->pidfd == 999 || c->pidfd == -1)
				EXPECT_EQ(PIDFDTRACE_FD_NONE, c->fd_kind);
			errnos[c->ret < 0 && -c->ret < 160 ? -c->ret : 0]++;
		}
		free(deliveries);
		for (t = 0; t < THREADS; t++)
			ASSERT_EQ(fuzzers[t].done, next[t]) TH_LOG("round %ld", rounds);
		rounds++;
	} while (now_ms() < deadline);
	EXPECT_EQ(0, mismatches);
	EXPECT_EQ(0, miscounted);
	EXPECT_EQ(0, wrong_origin);
	ksft_print_msg("figure: fuzz-syscall: %ld random calls from %d threads in %ld rounds, all recorded as the kernel returned them (0: %ld, EBADF: %ld, EINVAL: %ld, EPERM: %ld, ESRCH: %ld, EFAULT: %ld), %ld mismatches\n",
		       calls, THREADS, rounds, errnos[0], errnos[EBADF],
		       errnos[EINVAL], errnos[EPERM], errnos[ESRCH],
		       errnos[EFAULT], mismatches);
	ksft_print_msg("figure: fuzz-syscall: %ld calls with a delivery count other than their deliveries, %ld with a target or siginfo of the wrong origin\n",
		       miscounted, wrong_origin);

	for (i = 0; i < 3; i++)
		reap(victims[i]);
	close(self->reader);
	self->reader = -1;
	EXPECT_EQ(0, pidfdtrace_unload());
}

TEST_HARNESS_MAIN
