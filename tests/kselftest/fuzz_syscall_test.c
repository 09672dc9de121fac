// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzing the traced syscall: random fds (pidfds, closed, files, pipes,
 * /proc directories), signals from -1 to 100, random flags, and siginfo
 * pointers that are NULL, unmapped, kernel addresses, misaligned, cut by
 * an unmapped page or read-only, from several threads at once. For every
 * call, the record must say what the kernel returned.
 *
 * Runs rounds of PIDFDTRACE_FUZZ_CALLS calls per thread (default 5000),
 * each checked against its records, for PIDFDTRACE_TEST_SECONDS (default
 * 10).
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
	int ret = pidfdtrace_unload();

	ASSERT_TRUE(ret == 0 || ret == -ENOENT);
	ASSERT_EQ(0, pidfdtrace_load(NULL));
	self->reader = reader_open(64 << 20);
	ASSERT_LE(0, self->reader);
}

FIXTURE_TEARDOWN(fuzz)
{
	close(self->reader);
	pidfdtrace_unload();
}

TEST_F_TIMEOUT(fuzz, records_agree_with_the_kernel_under_random_calls, 900)
{
	/* A round's records must fit in the trace buffer. */
	long per_thread = env_long("PIDFDTRACE_FUZZ_CALLS", 5000);
	const struct pidfdtrace_record_header *hdr;
	struct fuzzer fuzzers[THREADS];
	long calls = 0, mismatches = 0, errnos[160] = {}, rounds = 0;
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
	infos[ninfos++] = 0;
	infos[ninfos++] = (unsigned long)good;
	infos[ninfos++] = (unsigned long)pages + 3;		/* misaligned */
	infos[ninfos++] = (unsigned long)pages + PAGE;		/* read-only */
	infos[ninfos++] = (unsigned long)pages + 2 * PAGE - 16;	/* cut short */
	infos[ninfos++] = (unsigned long)pages + 2 * PAGE;	/* unmapped */
	infos[ninfos++] = (unsigned long)pages + 3 * PAGE;	/* PROT_NONE */
	infos[ninfos++] = 0xffffffff81000000UL;			/* kernel */

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

		for (t = 0; t < THREADS; t++)
			ASSERT_EQ(0, pthread_create(&fuzzers[t].thread, NULL,
						    fuzz, &fuzzers[t]));
		for (t = 0; t < THREADS; t++)
			pthread_join(fuzzers[t].thread, NULL);
		trace.len = 0;
		ASSERT_LE(0, reader_drain(self->reader, &trace));

		trace_for_each(&trace, hdr) {
			const struct pidfdtrace_call *c = (const void *)hdr;
			const struct fuzz_call *want;

			ASSERT_NE(PIDFDTRACE_RECORD_LOST, hdr->type);
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
			    c->ret != want->ret) {
				mismatches++;
				continue;
			}
			/* The siginfo as the kernel found it. */
			if (c->ret == -EFAULT)
				EXPECT_EQ(PIDFDTRACE_SIGINFO_UNREADABLE,
					  c->siginfo_state);
			if (c->ret == 0 && c->info)
				EXPECT_EQ(PIDFDTRACE_SIGINFO_READ, c->siginfo_state);
			if (!c->info)
				EXPECT_EQ(PIDFDTRACE_SIGINFO_NONE, c->siginfo_state);
			if (c->pidfd == 999 || c->pidfd == -1)
				EXPECT_EQ(PIDFDTRACE_FD_NONE, c->fd_kind);
			errnos[c->ret < 0 && -c->ret < 160 ? -c->ret : 0]++;
		}
		for (t = 0; t < THREADS; t++)
			ASSERT_EQ(fuzzers[t].done, next[t]) TH_LOG("round %ld", rounds);
		rounds++;
	} while (now_ms() < deadline);
	EXPECT_EQ(0, mismatches);
	ksft_print_msg("figure: fuzz-syscall: %ld random calls from %d threads in %ld rounds, all recorded as the kernel returned them (0: %ld, EBADF: %ld, EINVAL: %ld, EPERM: %ld, ESRCH: %ld, EFAULT: %ld), %ld mismatches\n",
		       calls, THREADS, rounds, errnos[0], errnos[EBADF],
		       errnos[EINVAL], errnos[EPERM], errnos[ESRCH],
		       errnos[EFAULT], mismatches);

	for (i = 0; i < 3; i++)
		reap(victims[i]);
	close(self->reader);
	self->reader = -1;
	EXPECT_EQ(0, pidfdtrace_unload());
}

TEST_HARNESS_MAIN
