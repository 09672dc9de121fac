// SPDX-License-Identifier: GPL-2.0
/*
 * Races with exit: targets that exit, are reaped and have their pid reused
 * while calls are in flight, process groups that change under the call,
 * senders killed mid-call. Every record must still tell the truth: the
 * return value the caller saw, a target that cannot contradict it (the
 * kernel's when a signal was made, a second look's when none was),
 * deliveries linked to calls that exist and counted by them.
 *
 * Each test runs for PIDFDTRACE_TEST_SECONDS (default 5), and at most
 * as many rounds as its records fit in the test's trace buffer.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/pidfdtrace.h>

#include "kselftest_harness.h"
#include "pidfdtrace_test.h"

#define THREADS 3

static struct trace trace;
static long long deadline;

/* Rounds whose records (a call, and a delivery or a few) fit in a trace. */
#define EXIT_ROUNDS	8000	/* per thread */
#define GROUP_ROUNDS	5000

/* What one sender thread did, call by call. */
struct call_log {
	pthread_t thread;
	pid_t tid;
	long n;
	int *sig;
	int *ret;
	pid_t *pid;
};

/*
 * Forks a child that exits at once and signals it through a pidfd while
 * another thread reaps it: before, during and after its exit, reaped or
 * not, its pid maybe already reused.
 */
static void *race_exits(void *arg)
{
	struct call_log *log = arg;
	long i;

	log->tid = sys_gettid();
	for (i = 0; i < log->n && now_ms() < deadline; i++) {
		pid_t child = fork();
		int fd;

		if (child == 0)
			_exit(0);
		log->pid[i] = child;
		fd = sys_pidfd_open(child, 0);
		log->sig[i] = i % 3 ? SIGUSR1 : 0;
		log->ret[i] = fd < 0 ? 1 : pidfd_send(fd, log->sig[i], NULL, 0);
		if (fd >= 0)
			close(fd);
	}
	log->n = i;
	return NULL;
}

static atomic_int stop_reaping;

/*
 * pids 300 (RESERVED_PIDS) to PID_MAX - 1 only: a pid comes round every
 * forty forks or so, while calls through pidfds to its previous owner are
 * in flight (room enough: the children exit at once and are reaped).
 * The kernel keeps to 300 and up once its last pid is past 300.
 */
#define PID_MAX		340
#define PID_MAX_FILE	"/proc/sys/kernel/pid_max"
#define LAST_PID_FILE	"/proc/sys/kernel/ns_last_pid"

static long saved_pid_max = -1;	/* to restore if a test stops short */

static long read_long(const char *path)
{
	FILE *f = fopen(path, "r");
	long v = -1;

	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

static int write_long(const char *path, long v)
{
	FILE *f = fopen(path, "w");
	int ret;

	if (!f)
		return -1;
	ret = fprintf(f, "%ld\n", v) > 0 ? 0 : -1;
	return fclose(f) || ret ? -1 : 0;
}

static void *reap_all(void *arg)
{
	(void)arg;
	while (!stop_reaping)
		if (waitpid(-1, NULL, WNOHANG) <= 0)
			usleep(100);
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	return NULL;
}

FIXTURE(race) {
	int reader;
};

FIXTURE_SETUP(race)
{
	ASSERT_EQ(0, pidfdtrace_reload(NULL));
	self->reader = reader_open(64 << 20);
	ASSERT_LE(0, self->reader);
	trace.len = 0;
	deadline = test_deadline(5);
}

FIXTURE_TEARDOWN(race)
{
	if (saved_pid_max > 0)
		write_long(PID_MAX_FILE, saved_pid_max);
	if (self->reader >= 0)
		close(self->reader);
	pidfdtrace_unload();
}

/*
 * The delivery records of each call in @t, by the call's sequence number
 * (below @n); NULL when out of memory.
 */
static unsigned int *deliveries_by_call(const struct trace *t, size_t *n)
{
	const struct pidfdtrace_record_header *hdr;
	unsigned int *count;
	__u64 max = 0;

	trace_for_each(t, hdr)
		if (hdr->seq > max)
			max = hdr->seq;
	*n = max + 1;
	count = calloc(*n, sizeof(*count));
	if (!count)
		return NULL;
	trace_for_each(t, hdr) {
		const struct pidfdtrace_delivery *d = (const void *)hdr;

		if (hdr->type == PIDFDTRACE_RECORD_DELIVERY && d->call_seq < *n)
			count[d->call_seq]++;
	}
	return count;
}

TEST_F_TIMEOUT(race, records_of_calls_racing_exit_agree_with_the_caller, 600)
{
	struct call_log logs[THREADS];
	const struct pidfdtrace_record_header *hdr;
	pthread_t reaper;
	long i, calls = 0, reaped = 0, esrch = 0, mismatches = 0;
	long forks = 0, reused = 0, second_looks = 0;
	long next[THREADS] = {};
	static int owners[PID_MAX];
	unsigned int *deliveries;
	size_t nseq;
	int t;

	for (t = 0; t < THREADS; t++) {
		logs[t].n = EXIT_ROUNDS;
		logs[t].sig = calloc(logs[t].n, sizeof(int));
		logs[t].ret = calloc(logs[t].n, sizeof(int));
		logs[t].pid = calloc(logs[t].n, sizeof(pid_t));
		ASSERT_NE(NULL, logs[t].pid);
	}
	saved_pid_max = read_long(PID_MAX_FILE);
	ASSERT_LT(0, saved_pid_max);
	ASSERT_EQ(0, write_long(PID_MAX_FILE, PID_MAX));
	/* Without CONFIG_CHECKPOINT_RESTORE, fork until past 300. */
	if (write_long(LAST_PID_FILE, 310))
		for (i = 0; i < PID_MAX; i++) {
			pid_t child = fork();

			if (child == 0)
				_exit(0);
			ASSERT_LT(0, child);
			waitpid(child, NULL, 0);
			if (child > 300)
				break;
		}
	deadline = test_deadline(5);	/* the time is for the races */
	ASSERT_EQ(0, pthread_create(&reaper, NULL, reap_all, NULL));
	for (t = 0; t < THREADS; t++)
		ASSERT_EQ(0, pthread_create(&logs[t].thread, NULL, race_exits,
					    &logs[t]));
	for (t = 0; t < THREADS; t++)
		pthread_join(logs[t].thread, NULL);
	stop_reaping = 1;
	pthread_join(reaper, NULL);
	ASSERT_EQ(0, write_long(PID_MAX_FILE, saved_pid_max));
	saved_pid_max = -1;
	ASSERT_LE(0, reader_drain(self->reader, &trace));
	for (t = 0; t < THREADS; t++)
		for (i = 0; i < logs[t].n; i++) {
			if (logs[t].pid[i] <= 0)	/* fork() failed */
				continue;
			ASSERT_GT(PID_MAX, logs[t].pid[i]);
			ASSERT_LE(300, logs[t].pid[i]);
			reused += owners[logs[t].pid[i]]++ > 0;
			forks++;
		}
	/* More forks than pids 300..PID_MAX - 1: some served twice or more. */
	if (forks > PID_MAX - 300)
		EXPECT_LT(0, reused);
	deliveries = deliveries_by_call(&trace, &nseq);
	ASSERT_NE(NULL, deliveries);

	/* Each thread's calls, in its order, as the records tell them. */
	trace_for_each(&trace, hdr) {
		const struct pidfdtrace_call *c = (const void *)hdr;

		if (hdr->type != PIDFDTRACE_RECORD_CALL)
			continue;
		for (t = 0; t < THREADS; t++)
			if (c->sender.pid == (__u32)logs[t].tid)
				break;
		if (t == THREADS)
			continue;
		/* Calls whose pidfd_open() failed were never made. */
		while (next[t] < logs[t].n && logs[t].ret[next[t]] == 1)
			next[t]++;
		ASSERT_LT(next[t], logs[t].n);
		i = next[t]++;
		calls++;
		if (c->sig != logs[t].sig[i] || c->ret != logs[t].ret[i])
			mismatches++;
		/* Never the pid's next owner: the task the pidfd was opened on. */
		if (c->target_state != PIDFDTRACE_TARGET_REAPED &&
		    c->target.pid != (__u32)logs[t].pid[i])
			mismatches++;
		if (c->call_flags ||
		    c->deliveries != (c->hdr.seq < nseq ? deliveries[c->hdr.seq] : 0))
			mismatches++;
		/*
		 * A signal made is the kernel's target, found alive or exiting;
		 * a signal to the process succeeds exactly when one is made.
		 */
		if (c->target_source == PIDFDTRACE_SOURCE_KERNEL) {
			EXPECT_EQ(1U, c->deliveries);
			EXPECT_NE(PIDFDTRACE_TARGET_REAPED, c->target_state);
		} else {
			/*
			 * None made: the fd looked at again at return, when
			 * the child may be reaped even if the call succeeded.
			 */
			EXPECT_EQ(PIDFDTRACE_SOURCE_SECOND_LOOK, c->target_source);
			EXPECT_EQ(0U, c->deliveries);
			second_looks++;
		}
		if (c->sig)
			EXPECT_EQ(c->ret == 0, c->target_source == PIDFDTRACE_SOURCE_KERNEL);
		if (c->ret == -ESRCH)
			EXPECT_EQ(PIDFDTRACE_SOURCE_SECOND_LOOK, c->target_source);
		reaped += c->target_state == PIDFDTRACE_TARGET_REAPED;
		esrch += c->ret == -ESRCH;
	}
	for (t = 0; t < THREADS; t++) {
		while (next[t] < logs[t].n && logs[t].ret[next[t]] == 1)
			next[t]++;
		EXPECT_EQ(logs[t].n, next[t]) TH_LOG("thread %d: calls without records", t);
	}
	EXPECT_LT(0, calls);
	EXPECT_EQ(0, mismatches);
	free(deliveries);
	ksft_print_msg("figure: race: %ld calls racing exit and reaping from %d threads: %ld ESRCH, %ld with a second look, %ld seen reaped, %ld pids reused (pid_max %d), %ld mismatches\n",
		       calls, THREADS, esrch, second_looks, reaped, reused,
		       PID_MAX, mismatches);
}

/*
 * Sends in a loop until killed; returns once the first round is made, so
 * that even a slow kernel sees calls before the kill.
 */
static pid_t spawn_doomed_sender(int pidfd)
{
	siginfo_t info = { .si_signo = SIGUSR1, .si_code = SI_USER };
	int ready[2];
	pid_t pid;
	char c = 0;

	if (pipe(ready))
		return -1;
	pid = fork_child();
	if (pid == 0) {
		prctl(PR_SET_NAME, "pft-doomed");
		close(ready[0]);
		for (;;) {
			pidfd_send(pidfd, SIGUSR1, NULL, 0);
			pidfd_send(pidfd, SIGUSR1, &info, 0);
			pidfd_send(pidfd, 0, NULL, 0);
			if (ready[1] >= 0) {
				write(ready[1], &c, 1);
				close(ready[1]);
				ready[1] = -1;
			}
		}
	}
	close(ready[1]);
	if (pid > 0 && read(ready[0], &c, 1) != 1)
		pid = -1;
	close(ready[0]);
	return pid;
}

TEST_F_TIMEOUT(race, senders_killed_mid_call_leave_whole_records, 600)
{
	const struct pidfdtrace_record_header *hdr;
	pid_t target = spawn_target("pft-target");
	long i, kills = 0, calls = 0;
	int pidfd;

	ASSERT_LT(0, target);
	pidfd = sys_pidfd_open(target, 0);
	ASSERT_LE(0, pidfd);
	for (i = 0; now_ms() < deadline; i++) {
		pid_t doomed = spawn_doomed_sender(pidfd);

		ASSERT_LT(0, doomed);
		usleep(500 + (i % 7) * 300);
		reap(doomed);
		kills++;
		/* Each round's records, checked on their own. */
		trace.len = 0;
		ASSERT_LE(0, reader_drain(self->reader, &trace));
		trace_for_each(&trace, hdr) {
			const struct pidfdtrace_call *c = (const void *)hdr;

			ASSERT_TRUE(hdr->type == PIDFDTRACE_RECORD_CALL ||
				    hdr->type == PIDFDTRACE_RECORD_DELIVERY);
			if (hdr->type != PIDFDTRACE_RECORD_CALL)
				continue;
			calls++;
			ASSERT_EQ(sizeof(*c), hdr->size);
			/* SI_USER forged for another process is EPERM; the rest succeed. */
			EXPECT_EQ(c->info ? -EPERM : 0, c->ret);
			EXPECT_EQ(c->info ? PIDFDTRACE_SIGINFO_USER_UNVERIFIED :
				  PIDFDTRACE_SIGINFO_NONE, c->siginfo_state);
			EXPECT_EQ(0U, c->call_flags);
		}
	}
	reap(target);
	/* Killed mid-call, none may have left the module in use. */
	close(self->reader);
	self->reader = -1;
	EXPECT_EQ(0, pidfdtrace_unload());
	EXPECT_LT(0, calls);
	ksft_print_msg("figure: race: %ld senders killed mid-call, %ld whole call records\n",
		       kills, calls);
	close(pidfd);
}

TEST_F_TIMEOUT(race, process_groups_changing_under_the_call, 600)
{
	const struct pidfdtrace_record_header *hdr;
	long i, sent = 0, calls = 0, deliveries = 0, orphans = 0, miscounted = 0;
	__u64 pending[256];
	long npending = 0;
	pid_t leader, churn;
	int pidfd;

	if (!kernel_at_least(6, 9))
		SKIP(return, "PIDFD_SIGNAL_PROCESS_GROUP arrived in 6.9");
	leader = spawn_target("pft-leader");
	ASSERT_LT(0, leader);
	ASSERT_EQ(0, setpgid(leader, leader));
	/* Members join the group, and exit, as fast as they can. */
	churn = fork_child();
	ASSERT_LE(0, churn);
	if (churn == 0) {
		signal(SIGCHLD, SIG_IGN);
		for (;;) {
			if (fork() == 0) {
				signal(SIGUSR1, on_signal_do_nothing);
				setpgid(0, leader);
				usleep(200);
				_exit(0);
			}
			usleep(100);
		}
	}
	pidfd = sys_pidfd_open(leader, 0);
	ASSERT_LE(0, pidfd);
	for (i = 0; i < GROUP_ROUNDS && now_ms() < deadline; i++, sent++)
		ASSERT_EQ(0, pidfd_send(pidfd, SIGUSR1, NULL,
					PIDFD_SIGNAL_PROCESS_GROUP));
	reap(churn);
	reap(leader);
	ASSERT_LE(0, reader_drain(self->reader, &trace));

	/*
	 * One sender: the deliveries between two call records all belong to
	 * the second call (the kernel emits them first); whatever is left
	 * after the last call belongs to none.
	 */
	trace_for_each(&trace, hdr) {
		const struct pidfdtrace_delivery *d = (const void *)hdr;
		const struct pidfdtrace_call *c = (const void *)hdr;

		if (hdr->type == PIDFDTRACE_RECORD_DELIVERY) {
			EXPECT_EQ(PIDFDTRACE_SCOPE_PROCESS_GROUP, d->scope);
			pending[npending++ % ARRAY_SIZE(pending)] = d->call_seq;
			deliveries++;
		} else if (hdr->type == PIDFDTRACE_RECORD_CALL) {
			for (i = 0; i < npending; i++)
				orphans += i >= (long)ARRAY_SIZE(pending) ||
					   pending[i] != hdr->seq;
			/* Each call counts the deliveries it made. */
			miscounted += c->deliveries != npending;
			/* Its target, the group's leader, the kernel's. */
			if (npending)
				EXPECT_EQ(PIDFDTRACE_SOURCE_KERNEL,
					  c->target_source);
			npending = 0;
			calls++;
		}
	}
	orphans += npending;
	EXPECT_EQ(sent, calls);
	EXPECT_EQ(0, orphans);
	EXPECT_EQ(0, miscounted);
	EXPECT_LE(sent, deliveries);
	ksft_print_msg("figure: race: %ld process-group calls to a churning group: %ld deliveries, %ld without their call\n",
		       calls, deliveries, orphans);
	close(pidfd);
}

TEST_HARNESS_MAIN
