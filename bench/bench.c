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
 *   bench drain-mmap   a raw reader of the mapped buffers: takes each record
 *                      in merge order, in place (tools/rings.c), and gives
 *                      the space back, until SIGTERM.
 *   bench spread WORKLOAD N SENDERS
 *                      SENDERS processes, sender i on CPU i modulo the CPUs,
 *                      each with a target of its own, make N calls each at
 *                      once; prints the guest time from their start to the
 *                      last one's end per call. Under -icount with several
 *                      vCPUs the guest clock counts the instructions of all
 *                      of them: instructions per call, system-wide.
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
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/pidfdtrace.h>

#include "rings.h"

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

static int read_until_stopped(bool in_place)
{
	struct sigaction sa = { .sa_handler = on_stop };
	static char buf[1 << 20];
	const struct pidfdtrace_record_header *rec;
	struct pidfdtrace_stats stats;
	unsigned long long bytes = 0, reads = 0;
	struct pollfd p = { .events = POLLIN };
	static struct rings rs;
	ssize_t n;
	int fd;

	fd = open(PIDFDTRACE_DEVICE, O_RDWR | O_CLOEXEC);
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
	if (in_place && rings_map(&rs, fd)) {
		perror("mapping the buffers");
		return 1;
	}
	p.fd = fd;
	while (in_place && !stop) {
		if (poll(&p, 1, -1) < 0 && errno != EINTR)
			break;
		while ((rec = rings_next(&rs))) {
			bytes += rec->size;
			reads += rec->type == PIDFDTRACE_RECORD_LOST;
		}
		rings_done(&rs);
		if (rs.error)
			break;
	}
	while (!in_place && !stop) {
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
	fprintf(stderr, "drain: %llu records, %llu lost, %llu bytes in %llu %s\n",
		(unsigned long long)stats.reader_records,
		(unsigned long long)stats.reader_lost, bytes, reads,
		in_place ? "LOST records" : "reads");
	return 0;
}

static int workload_signal(const char *workload)
{
	if (!strcmp(workload, "sig0"))
		return 0;
	if (!strcmp(workload, "sigcont") || !strcmp(workload, "kill"))
		return SIGCONT;
	if (!strcmp(workload, "sigusr1"))
		return SIGUSR1;
	return -1;
}

/* A target that handles SIGUSR1, and a pidfd for it. */
static pid_t start_target(int *pidfd)
{
	pid_t child = fork();

	if (child == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		signal(SIGUSR1, on_signal);
		for (;;)
			pause();
	}
	usleep(10000);
	*pidfd = syscall(SYS_pidfd_open, child, 0);
	return child;
}

static int send_calls(const char *workload, int sig, pid_t child, int pidfd,
		      long from, long n, long gap)
{
	long i, j;
	int ret = 0;

	for (i = from; i < n; i++) {
		if (!strcmp(workload, "kill"))
			ret |= kill(child, sig);
		else
			ret |= syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0);
		for (j = 0; j < gap; j++)
			__asm__ volatile("");
	}
	return ret;
}

static int spread(const char *workload, long n, int senders)
{
	int sig = workload_signal(workload), ready[2], go[2], i, status;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned long long t0, t1;
	char c = 0;
	int failed = 0;

	if (sig < 0 || n <= 0 || senders <= 0 || pipe(ready) || pipe(go))
		return 2;
	for (i = 0; i < senders; i++) {
		if (fork() == 0) {
			cpu_set_t set;
			pid_t child;
			int pidfd, ret;

			CPU_ZERO(&set);
			CPU_SET(i % cpus, &set);
			sched_setaffinity(0, sizeof(set), &set);
			child = start_target(&pidfd);
			ret = pidfd < 0 ||
			      send_calls(workload, sig, child, pidfd, -WARMUP, 0, 0);
			if (write(ready[1], &c, 1) != 1 || read(go[0], &c, 1) != 1)
				ret = 1;
			ret |= send_calls(workload, sig, child, pidfd, 0, n, 0);
			kill(child, SIGKILL);
			waitpid(child, NULL, 0);
			_exit(ret);
		}
	}
	for (i = 0; i < senders; i++)
		if (read(ready[0], &c, 1) != 1)
			return 1;
	t0 = now_ns();
	for (i = 0; i < senders; i++)
		if (write(go[1], &c, 1) != 1)
			return 1;
	for (i = 0; i < senders; i++)
		if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
			failed = 1;
	t1 = now_ns();
	if (failed) {
		fprintf(stderr, "bench: a sender failed\n");
		return 1;
	}
	printf("%llu\n", (t1 - t0) / (n * senders));
	return 0;
}

int main(int argc, char **argv)
{
	const char *workload = argc > 1 ? argv[1] : "";
	long n = argc > 2 ? atol(argv[2]) : 0;
	long gap = argc > 3 ? atol(argv[3]) : 0;
	unsigned long long t0, t1;
	int sig, pidfd, ret;
	pid_t child;

	if (!strcmp(workload, "drain") || !strcmp(workload, "drain-mmap"))
		return read_until_stopped(!strcmp(workload, "drain-mmap"));
	if (!strcmp(workload, "spread") && argc == 5)
		return spread(argv[2], atol(argv[3]), atoi(argv[4]));
	sig = workload_signal(workload);
	if (sig < 0 || n <= 0) {
		fprintf(stderr, "usage: bench sig0|sigcont|sigusr1|kill N [GAP] | bench drain | bench drain-mmap | bench spread WORKLOAD N SENDERS\n");
		return 2;
	}

	child = start_target(&pidfd);
	if (pidfd < 0) {
		perror("pidfd_open");
		return 1;
	}

	ret = send_calls(workload, sig, child, pidfd, -WARMUP, 0, gap);
	t0 = now_ns();
	ret |= send_calls(workload, sig, child, pidfd, 0, n, gap);
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
