// SPDX-License-Identifier: GPL-2.0
/*
 * The benchmark's two halves, run inside the bench VM (bench/init).
 *
 *   bench WORKLOAD N [GAP]
 *                      runs N calls of WORKLOAD after a warm-up and prints
 *                      the guest time per call in ns. The VM runs with
 *                      -icount shift=0: one ns is one guest instruction.
 *                      GAP spins that many loop turns between calls, to
 *                      send at a lower rate.
 *   bench drain        a raw reader: read()s /dev/pidfdtrace into a buffer
 *                      until SIGTERM, then prints its records and losses.
 *
 * Workloads:
 *   sig0     pidfd_send_signal(fd, 0): a check, no signal generated
 *   sigcont  pidfd_send_signal(fd, SIGCONT) to a child that is not stopped:
 *            generated, ignored
 *   sigusr1  pidfd_send_signal(fd, SIGUSR1) to a child with a handler:
 *            queued and handled
 *   kill     kill(pid, SIGCONT): not ours, the cost our probe adds to
 *            everyone else's signals
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/pidfdtrace.h>

#define WARMUP 1000

static atomic_int stop;

static void on_signal(int sig)
{
	(void)sig;
}

static void on_stop(int sig)
{
	(void)sig;
	stop = 1;
}

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int read_until_stopped(void)
{
	struct sigaction sa = { .sa_handler = on_stop };
	static char buf[1 << 20];
	struct pidfdtrace_stats stats;
	unsigned long long bytes = 0, reads = 0;
	ssize_t n;
	int fd;

	fd = open(PIDFDTRACE_DEVICE, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		perror(PIDFDTRACE_DEVICE);
		return 1;
	}
	if (ioctl(fd, PIDFDTRACE_IOC_START)) {
		perror("PIDFDTRACE_IOC_START");
		return 1;
	}
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	while (!stop) {
		n = read(fd, buf, sizeof(buf));
		if (n > 0) {
			bytes += n;
			reads++;
		} else if (n < 0 && errno != EINTR) {
			break;
		}
	}
	if (ioctl(fd, PIDFDTRACE_IOC_GET_STATS, &stats))
		return 1;
	fprintf(stderr, "drain: %llu records, %llu lost, %llu bytes in %llu reads\n",
		(unsigned long long)stats.reader_records,
		(unsigned long long)stats.reader_lost, bytes, reads);
	return 0;
}

int main(int argc, char **argv)
{
	const char *workload = argc > 1 ? argv[1] : "";
	long i, j, n = argc > 2 ? atol(argv[2]) : 0;
	long gap = argc > 3 ? atol(argv[3]) : 0;
	unsigned long long t0 = 0, t1;
	int sig, pidfd, ret = 0;
	pid_t child;

	if (!strcmp(workload, "drain"))
		return read_until_stopped();
	if (!strcmp(workload, "sig0") || !strcmp(workload, "kill"))
		sig = !strcmp(workload, "kill") ? SIGCONT : 0;
	else if (!strcmp(workload, "sigcont"))
		sig = SIGCONT;
	else if (!strcmp(workload, "sigusr1"))
		sig = SIGUSR1;
	else
		sig = -1;
	if (sig < 0 || n <= 0) {
		fprintf(stderr, "usage: bench sig0|sigcont|sigusr1|kill N [GAP] | bench drain\n");
		return 2;
	}

	child = fork();
	if (child == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		signal(SIGUSR1, on_signal);
		for (;;)
			pause();
	}
	usleep(10000);
	pidfd = syscall(SYS_pidfd_open, child, 0);
	if (pidfd < 0) {
		perror("pidfd_open");
		return 1;
	}

	for (i = -WARMUP; i < n; i++) {
		if (!i)
			t0 = now_ns();
		if (!strcmp(workload, "kill"))
			ret |= kill(child, sig);
		else
			ret |= syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0);
		for (j = 0; j < gap; j++)
			__asm__ volatile("");
	}
	t1 = now_ns();
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	if (ret) {
		perror(workload);
		return 1;
	}
	printf("%llu\n", (t1 - t0) / n);
	return 0;
}
