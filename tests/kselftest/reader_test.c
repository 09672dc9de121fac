// SPDX-License-Identifier: GPL-2.0
/*
 * pidfdtrace(8) against a scripted workload: its text and JSON lines
 * checked field by field against what the workload did, each option, and
 * the errors a user meets.
 *
 * The test also reads the device itself: the times the reader prints are
 * the only values the workload cannot know, and come from those records.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/pidfdtrace.h>

#include "kselftest_harness.h"
#include "pidfdtrace_test.h"
#include "../lib/json_parse.h"

#define READER "/bin/pidfdtrace"
#define OUT_PATH "/tmp/reader.out"
#define ERR_PATH "/tmp/reader.err"

static struct trace trace;

struct reader_run {
	pid_t pid;
	char out[1 << 16];
	char err[4096];
	int status;
};

static struct reader_run run;

FIXTURE(reader) {
	int raw;
	pid_t target;
	int pidfd;
};

FIXTURE_SETUP(reader)
{
	int ret = pidfdtrace_unload();

	ASSERT_TRUE(ret == 0 || ret == -ENOENT);
	ASSERT_EQ(0, pidfdtrace_load(NULL));
	ASSERT_EQ(0, prctl(PR_SET_NAME, "pft-sender"));
	self->target = spawn_target("pft-target");
	ASSERT_LT(0, self->target);
	wait_sleeping(self->target);
	self->raw = reader_open(0);
	ASSERT_LE(0, self->raw);
	self->pidfd = sys_pidfd_open(self->target, 0);
	ASSERT_LE(0, self->pidfd);
	trace.len = 0;
}

FIXTURE_TEARDOWN(reader)
{
	if (run.pid > 0)
		reap(run.pid);
	reap(self->target);
	close(self->pidfd);
	close(self->raw);
	pidfdtrace_unload();
}

static int readers_open(int raw)
{
	struct pidfdtrace_stats stats;

	if (ioctl(raw, PIDFDTRACE_IOC_GET_STATS, &stats))
		return -1;
	return stats.readers;
}

/*
 * Starts @argv (NULL-terminated, argv[0] the program) with stdout and
 * stderr to files and, when @wait_open, waits until it is ready: it has
 * opened the device, set it up, and sleeps in its first read().
 */
static void start(struct __test_metadata *_metadata, int raw,
		  const char *const *argv, bool wait_open)
{
	int i, out, err, before = readers_open(raw);

	memset(&run, 0, sizeof(run));
	run.pid = fork_child();
	ASSERT_LE(0, run.pid);
	if (run.pid == 0) {
		out = open(OUT_PATH, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		err = open(ERR_PATH, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (out < 0 || err < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
			_exit(99);
		close(raw);
		execv(argv[0], (char *const *)argv);
		_exit(98);
	}
	for (i = 0; wait_open && i < 5000; i++) {
		if (readers_open(raw) > before) {
			wait_state(run.pid, 'S');
			return;
		}
		usleep(1000);
	}
	ASSERT_FALSE(wait_open) TH_LOG("%s never opened the device", argv[0]);
}

static void slurp(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? 0 : read(fd, buf, size - 1);

	buf[n > 0 ? n : 0] = '\0';
	if (fd >= 0)
		close(fd);
}

/* Waits for the reader to exit, after @sig if not 0; reads its output. */
static void finish(struct __test_metadata *_metadata, int sig)
{
	if (sig) {
		/* Past the wakeup latency: everything has been read. */
		usleep(300 * 1000);
		kill(run.pid, sig);
	}
	ASSERT_EQ(run.pid, waitpid(run.pid, &run.status, 0));
	run.pid = 0;
	slurp(OUT_PATH, run.out, sizeof(run.out));
	slurp(ERR_PATH, run.err, sizeof(run.err));
}

static int exit_status(void)
{
	return WIFEXITED(run.status) ? WEXITSTATUS(run.status) : -1;
}

/* The @n-th line of @text (from 0), without its newline, in a static buffer. */
static const char *line(const char *text, int n)
{
	static char buf[4096];
	const char *end;

	while (n-- > 0 && text) {
		text = strchr(text, '\n');
		text = text ? text + 1 : NULL;
	}
	if (!text || !*text)
		return "";
	end = strchr(text, '\n');
	snprintf(buf, sizeof(buf), "%.*s",
		 (int)(end ? end - text : (long)strlen(text)), text);
	return buf;
}

static int count_lines(const char *text)
{
	int n = 0;

	for (; *text; text++)
		n += *text == '\n';
	return n;
}

/* "5.062831" and "<0.000002>" as the reader prints a record's times. */
static const char *secs(__u64 ns)
{
	static char buf[4][32];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%llu.%06llu",
		 (unsigned long long)ns / 1000000000,
		 (unsigned long long)ns % 1000000000 / 1000);
	return buf[i];
}

TEST_F(reader, text_lines_match_the_workload_field_by_field)
{
	const char *const argv[] = { READER, "-c", "4", NULL };
	const struct pidfdtrace_call *c[4];
	siginfo_t info = {};
	char want[1024];
	int self_fd, closed, i;
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	ASSERT_EQ(0, sigprocmask(SIG_BLOCK, &set, NULL));
	self_fd = sys_pidfd_open(getpid(), 0);
	closed = dup(self->pidfd);
	close(closed);

	start(_metadata, self->raw, argv, true);
	ASSERT_EQ(0, pidfd_send(self->pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ(0, pidfd_send(self->pidfd, 0, NULL, 0));
	ASSERT_EQ(-EBADF, pidfd_send(closed, SIGTERM, NULL, 0));
	info.si_signo = SIGUSR2;
	info.si_code = SI_QUEUE;
	info.si_pid = 77;
	info.si_uid = 0;
	info.si_value.sival_int = 5;
	ASSERT_EQ(0, pidfd_send(self_fd, SIGUSR2, &info, 0));
	finish(_metadata, 0);

	ASSERT_LE(0, reader_drain(self->raw, &trace));
	for (i = 0; i < 4; i++) {
		c[i] = trace_call(&trace, getpid(), i);
		ASSERT_NE(NULL, c[i]);
	}
	EXPECT_EQ(0, exit_status());
	EXPECT_STREQ("pidfdtrace: 4 calls, 2 deliveries, 0 lost\n", run.err);
	EXPECT_EQ(6, count_lines(run.out));

	snprintf(want, sizeof(want),
		 "%s pft-sender[%d/%d] uid=0 pidfd_send_signal(%d<pidfd:%d pft-target>, SIGUSR1, NULL, 0) = 0 <%s>",
		 secs(c[0]->hdr.time_ns), getpid(), getpid(), self->pidfd,
		 self->target, secs(c[0]->duration_ns));
	EXPECT_STREQ(want, line(run.out, 0));
	snprintf(want, sizeof(want),
		 "    -> SIGUSR1 to pft-target[%d/%d] scope=process: queued",
		 self->target, self->target);
	EXPECT_STREQ(want, line(run.out, 1));
	snprintf(want, sizeof(want),
		 "%s pft-sender[%d/%d] uid=0 pidfd_send_signal(%d<pidfd:%d pft-target>, 0, NULL, 0) = 0 <%s>",
		 secs(c[1]->hdr.time_ns), getpid(), getpid(), self->pidfd,
		 self->target, secs(c[1]->duration_ns));
	EXPECT_STREQ(want, line(run.out, 2));
	snprintf(want, sizeof(want),
		 "%s pft-sender[%d/%d] uid=0 pidfd_send_signal(%d<closed>, SIGTERM, NULL, 0) = -1 EBADF (Bad file descriptor) <%s>",
		 secs(c[2]->hdr.time_ns), getpid(), getpid(), closed,
		 secs(c[2]->duration_ns));
	EXPECT_STREQ(want, line(run.out, 3));
	snprintf(want, sizeof(want),
		 "%s pft-sender[%d/%d] uid=0 pidfd_send_signal(%d<pidfd:%d pft-sender>, SIGUSR2, {si_signo=SIGUSR2, si_code=SI_QUEUE, si_pid=77, si_uid=0, si_int=5, si_ptr=0x5}, 0) = 0 <%s>",
		 secs(c[3]->hdr.time_ns), getpid(), getpid(), self_fd, getpid(),
		 secs(c[3]->duration_ns));
	EXPECT_STREQ(want, line(run.out, 4));
	snprintf(want, sizeof(want),
		 "    -> SIGUSR2 to pft-sender[%d/%d] scope=process: queued",
		 getpid(), getpid());
	EXPECT_STREQ(want, line(run.out, 5));
	close(self_fd);
}

#define EXPECT_JSON_LL(v, path, want) do {				\
	long long __got = 0;						\
	EXPECT_TRUE(json_get_ll(v, path, &__got)) TH_LOG("%s", path);	\
	EXPECT_EQ((long long)(want), __got) TH_LOG("%s", path);		\
} while (0)

#define EXPECT_JSON_STR(v, path, want) do {				\
	const char *__got = json_get_str(v, path);			\
	EXPECT_NE(NULL, __got) TH_LOG("%s", path);			\
	if (__got)							\
		EXPECT_STREQ(want, __got) TH_LOG("%s", path);		\
} while (0)

static struct json *json_line(struct __test_metadata *_metadata, int n)
{
	const char *text = line(run.out, n), *err = NULL;
	struct json *v = json_parse(text, strlen(text), &err);

	EXPECT_NE(NULL, v) TH_LOG("line %d: %s: %s", n, err, text);
	return v;
}

TEST_F(reader, json_lines_match_the_workload_field_by_field)
{
	const char *const argv[] = { READER, "--json", "-c", "2", NULL };
	const struct pidfdtrace_call *c0, *c1;
	const struct pidfdtrace_delivery *d;
	struct stat pidns;
	struct json *v;
	char buf[64];

	ASSERT_EQ(0, stat("/proc/self/ns/pid", &pidns));
	start(_metadata, self->raw, argv, true);
	ASSERT_EQ(0, pidfd_send(self->pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ(-EINVAL, pidfd_send(self->pidfd, SIGUSR1, NULL, 0x40));
	finish(_metadata, 0);
	EXPECT_EQ(0, exit_status());
	ASSERT_EQ(3, count_lines(run.out));
	ASSERT_LE(0, reader_drain(self->raw, &trace));
	c0 = trace_call(&trace, getpid(), 0);
	c1 = trace_call(&trace, getpid(), 1);
	ASSERT_NE(NULL, c0);
	ASSERT_NE(NULL, c1);
	d = trace_delivery(&trace, c0->hdr.seq, 0);
	ASSERT_NE(NULL, d);

	v = json_line(_metadata, 0);
	ASSERT_NE(NULL, v);
	EXPECT_JSON_STR(v, "type", "call");
	EXPECT_JSON_LL(v, "seq", c0->hdr.seq);
	EXPECT_JSON_LL(v, "cpu", c0->hdr.cpu);
	EXPECT_JSON_LL(v, "time_ns", c0->hdr.time_ns);
	EXPECT_JSON_LL(v, "duration_ns", c0->duration_ns);
	EXPECT_NE(NULL, json_get_str(v, "time"));
	EXPECT_JSON_LL(v, "sender.pid", getpid());
	EXPECT_JSON_LL(v, "sender.tgid", getpid());
	EXPECT_JSON_LL(v, "sender.ns_pid", getpid());
	EXPECT_JSON_LL(v, "sender.uid", 0);
	EXPECT_JSON_STR(v, "sender.comm", "pft-sender");
	EXPECT_JSON_LL(v, "sender.pidns", pidns.st_ino);
	EXPECT_JSON_LL(v, "sender.cgroup_id", c0->sender_cgroup);
	EXPECT_JSON_LL(v, "pidfd", self->pidfd);
	EXPECT_JSON_STR(v, "fd_kind", "pidfd");
	EXPECT_JSON_STR(v, "target.state", "alive");
	EXPECT_JSON_LL(v, "target.pid", self->target);
	EXPECT_JSON_LL(v, "target.tgid", self->target);
	EXPECT_JSON_LL(v, "target.ns_pid", self->target);
	EXPECT_JSON_LL(v, "target.uid", 0);
	EXPECT_JSON_STR(v, "target.comm", "pft-target");
	EXPECT_JSON_LL(v, "sig", SIGUSR1);
	EXPECT_JSON_STR(v, "sig_name", "SIGUSR1");
	EXPECT_TRUE(json_is_null(v, "info"));
	EXPECT_JSON_LL(v, "flags", 0);
	EXPECT_JSON_STR(v, "flags_name", "0");
	EXPECT_JSON_LL(v, "ret", 0);
	EXPECT_TRUE(json_is_null(v, "errno_name"));
	EXPECT_TRUE(json_is_null(v, "error"));
	json_free(v);

	v = json_line(_metadata, 1);
	ASSERT_NE(NULL, v);
	EXPECT_JSON_STR(v, "type", "delivery");
	EXPECT_JSON_LL(v, "seq", d->hdr.seq);
	EXPECT_JSON_LL(v, "cpu", d->hdr.cpu);
	EXPECT_JSON_LL(v, "time_ns", d->hdr.time_ns);
	EXPECT_JSON_LL(v, "call_seq", c0->hdr.seq);
	EXPECT_JSON_LL(v, "target.pid", self->target);
	EXPECT_JSON_LL(v, "target.tgid", self->target);
	EXPECT_JSON_LL(v, "target.ns_pid", self->target);
	EXPECT_JSON_LL(v, "target.uid", 0);
	EXPECT_JSON_STR(v, "target.comm", "pft-target");
	EXPECT_JSON_LL(v, "sig", SIGUSR1);
	EXPECT_JSON_STR(v, "sig_name", "SIGUSR1");
	EXPECT_JSON_LL(v, "si_code", SI_USER);
	EXPECT_JSON_STR(v, "si_code_name", "SI_USER");
	EXPECT_JSON_STR(v, "scope", "process");
	EXPECT_JSON_STR(v, "outcome", "queued");
	EXPECT_JSON_LL(v, "ret", 0);
	json_free(v);

	v = json_line(_metadata, 2);
	ASSERT_NE(NULL, v);
	EXPECT_JSON_LL(v, "seq", c1->hdr.seq);
	EXPECT_JSON_LL(v, "flags", 0x40);
	snprintf(buf, sizeof(buf), "%#x", 0x40);
	EXPECT_JSON_STR(v, "flags_name", buf);
	EXPECT_JSON_LL(v, "ret", -EINVAL);
	EXPECT_JSON_STR(v, "errno_name", "EINVAL");
	EXPECT_JSON_STR(v, "error", "Invalid argument");
	json_free(v);
}

TEST_F(reader, sender_filter_shows_only_that_process)
{
	char pid[16], want[128], go = 'g';
	const char *const argv[] = { READER, "-p", pid, "-c", "1", NULL };
	int p[2], status;
	pid_t other;

	ASSERT_EQ(0, pipe(p));
	other = fork_child();
	ASSERT_LE(0, other);
	if (other == 0) {
		if (read(p[0], &go, 1) != 1)
			_exit(1);
		_exit(pidfd_send(self->pidfd, 0, NULL, 0) ? 1 : 0);
	}
	snprintf(pid, sizeof(pid), "%d", other);
	start(_metadata, self->raw, argv, true);
	ASSERT_EQ(0, pidfd_send(self->pidfd, 0, NULL, 0));
	ASSERT_EQ(1, write(p[1], &go, 1));
	ASSERT_EQ(other, waitpid(other, &status, 0));
	ASSERT_EQ(0, status);
	finish(_metadata, 0);
	EXPECT_EQ(0, exit_status());
	EXPECT_EQ(1, count_lines(run.out));
	snprintf(want, sizeof(want), " pft-sender[%d/%d] ", other, other);
	EXPECT_NE(NULL, strstr(line(run.out, 0), want)) TH_LOG("%s", run.out);
}

TEST_F(reader, target_filter_shows_only_calls_naming_that_process)
{
	char pid[16];
	const char *const argv[] = { READER, "-t", pid, "-c", "1", NULL };
	pid_t other = spawn_target("pft-other");
	char want[128];
	int other_fd;

	ASSERT_LT(0, other);
	wait_sleeping(other);
	other_fd = sys_pidfd_open(other, 0);
	ASSERT_LE(0, other_fd);
	snprintf(pid, sizeof(pid), "%d", self->target);
	start(_metadata, self->raw, argv, true);
	ASSERT_EQ(0, pidfd_send(other_fd, 0, NULL, 0));
	ASSERT_EQ(0, pidfd_send(self->pidfd, 0, NULL, 0));
	finish(_metadata, 0);
	reap(other);
	snprintf(want, sizeof(want), "<pidfd:%d pft-target>", self->target);
	EXPECT_NE(NULL, strstr(line(run.out, 0), want));
	EXPECT_EQ(1, count_lines(run.out));
	close(other_fd);
}

TEST_F(reader, signal_filter_takes_names_and_numbers)
{
	const char *const argv[] = { READER, "-s", "USR2,18", "-c", "2", NULL };

	start(_metadata, self->raw, argv, true);
	ASSERT_EQ(0, pidfd_send(self->pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ(0, pidfd_send(self->pidfd, SIGUSR2, NULL, 0));
	ASSERT_EQ(0, pidfd_send(self->pidfd, 0, NULL, 0));
	ASSERT_EQ(0, pidfd_send(self->pidfd, SIGCONT, NULL, 0));
	finish(_metadata, 0);
	EXPECT_EQ(4, count_lines(run.out));
	EXPECT_NE(NULL, strstr(line(run.out, 0), ", SIGUSR2, NULL, 0) = 0"));
	EXPECT_NE(NULL, strstr(line(run.out, 1), "-> SIGUSR2 to pft-target"));
	EXPECT_NE(NULL, strstr(line(run.out, 2), ", SIGCONT, NULL, 0) = 0"));
	EXPECT_NE(NULL, strstr(line(run.out, 3),
			       "-> SIGCONT to pft-target"));
	EXPECT_NE(NULL, strstr(line(run.out, 3), "scope=process: ignored"));
}

TEST_F(reader, failed_filter_shows_only_failed_calls)
{
	const char *const argv[] = { READER, "-x", "-c", "1", NULL };

	start(_metadata, self->raw, argv, true);
	ASSERT_EQ(0, pidfd_send(self->pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ(-EINVAL, pidfd_send(self->pidfd, 1000, NULL, 0));
	finish(_metadata, 0);
	EXPECT_EQ(1, count_lines(run.out));
	EXPECT_NE(NULL, strstr(line(run.out, 0),
			       ", 1000, NULL, 0) = -1 EINVAL (Invalid argument) <"));
}

TEST_F(reader, count_exits_after_that_many_calls)
{
	const char *const argv[] = { READER, "-c", "3", NULL };
	int i;

	start(_metadata, self->raw, argv, true);
	for (i = 0; i < 5; i++)
		ASSERT_EQ(0, pidfd_send(self->pidfd, 0, NULL, 0));
	finish(_metadata, 0);
	EXPECT_EQ(0, exit_status());
	EXPECT_EQ(3, count_lines(run.out));
	EXPECT_STREQ("pidfdtrace: 3 calls, 0 deliveries, 0 lost\n", run.err);
}

TEST_F(reader, sigterm_ends_cleanly_with_a_summary)
{
	const char *const argv[] = { READER, NULL };

	start(_metadata, self->raw, argv, true);
	ASSERT_EQ(0, pidfd_send(self->pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ(0, pidfd_send(self->pidfd, SIGUSR2, NULL, 0));
	finish(_metadata, SIGTERM);
	EXPECT_EQ(0, exit_status());
	EXPECT_EQ(4, count_lines(run.out));
	EXPECT_STREQ("pidfdtrace: 2 calls, 2 deliveries, 0 lost\n", run.err);
}

TEST_F(reader, lost_records_are_shown_where_they_went_missing)
{
	const char *const argv[] = { READER, "-b", "4K", NULL };
	int i;

	start(_metadata, self->raw, argv, true);
	ASSERT_EQ(0, pidfd_send(self->pidfd, 0, NULL, 0));
	usleep(300 * 1000);
	/* A reader that stops reading loses what does not fit, and says so. */
	kill(run.pid, SIGSTOP);
	wait_state(run.pid, 'T');
	for (i = 0; i < 30; i++)
		ASSERT_EQ(0, pidfd_send(self->pidfd, 0, NULL, 0));
	kill(run.pid, SIGCONT);
	finish(_metadata, SIGINT);
	EXPECT_EQ(0, exit_status());
	/* 1 call, then 22 that fit in 4 KiB, then the 8 lost. */
	EXPECT_EQ(24, count_lines(run.out));
	EXPECT_STREQ("... lost 8 records ...", line(run.out, 23));
	EXPECT_STREQ("pidfdtrace: 23 calls, 0 deliveries, 8 lost\n", run.err);
}

TEST_F(reader, output_is_live_through_a_pipe)
{
	char buf[512];
	int p[2];
	ssize_t n;
	pid_t pid;

	ASSERT_EQ(0, pipe(p));
	pid = fork_child();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		dup2(p[1], 1);
		execl(READER, READER, NULL);
		_exit(98);
	}
	run.pid = pid;
	close(p[1]);
	for (n = 0; n < 5000 && readers_open(self->raw) < 2; n++)
		usleep(1000);
	wait_state(pid, 'S');
	ASSERT_EQ(0, pidfd_send(self->pidfd, 0, NULL, 0));
	/* The line arrives while the reader keeps running. */
	n = read(p[0], buf, sizeof(buf) - 1);
	ASSERT_LT(0, n);
	buf[n] = '\0';
	EXPECT_NE(NULL, strstr(buf, ", 0, NULL, 0) = 0 <"));
	EXPECT_EQ('\n', buf[n - 1]);
	EXPECT_EQ(0, waitpid(pid, NULL, WNOHANG));
	close(p[0]);
}

TEST_F(reader, stats_names_the_probes_and_counts)
{
	const char *const argv[] = { READER, "--stats", NULL };
	const char *const json_argv[] = { READER, "--stats", "--json", NULL };
	struct json *v;

	ASSERT_EQ(0, pidfd_send(self->pidfd, SIGUSR1, NULL, 0));
	start(_metadata, self->raw, argv, false);
	finish(_metadata, 0);
	EXPECT_EQ(0, exit_status());
	EXPECT_STREQ("syscall probe:    __x64_sys_pidfd_send_signal,__ia32_sys_pidfd_send_signal",
		     line(run.out, 0));
	EXPECT_STREQ("signal probe:     send_signal_locked", line(run.out, 1));
	EXPECT_STREQ("call records:     1", line(run.out, 4));
	EXPECT_STREQ("delivery records: 1", line(run.out, 5));
	EXPECT_STREQ("syscall missed:   0", line(run.out, 6));
	EXPECT_STREQ("signal missed:    0", line(run.out, 7));
	EXPECT_STREQ("other readers:    1", line(run.out, 8));
	EXPECT_STREQ("records lost:     0", line(run.out, 9));

	start(_metadata, self->raw, json_argv, false);
	finish(_metadata, 0);
	v = json_line(_metadata, 0);
	ASSERT_NE(NULL, v);
	EXPECT_JSON_STR(v, "syscall_symbol",
			"__x64_sys_pidfd_send_signal,__ia32_sys_pidfd_send_signal");
	EXPECT_JSON_LL(v, "calls", 1);
	EXPECT_JSON_LL(v, "deliveries", 1);
	EXPECT_JSON_LL(v, "other_readers", 1);
	json_free(v);
}

TEST_F(reader, version_names_tool_and_module_abi)
{
	const char *const argv[] = { READER, "--version", NULL };
	char want[128];

	start(_metadata, self->raw, argv, false);
	finish(_metadata, 0);
	EXPECT_EQ(0, exit_status());
	snprintf(want, sizeof(want),
		 "pidfdtrace %s (ABI version %d; module: ABI version %d)\n",
		 PIDFDTRACE_TEST_VERSION, PIDFDTRACE_ABI_VERSION,
		 PIDFDTRACE_ABI_VERSION);
	EXPECT_STREQ(want, run.out);
}

TEST_F(reader, abi_mismatch_is_refused_naming_both_versions)
{
	const char *const argv[] = { "/bin/pidfdtrace-abi-mismatch", NULL };

	start(_metadata, self->raw, argv, false);
	finish(_metadata, 0);
	EXPECT_EQ(1, exit_status());
	EXPECT_STREQ("", run.out);
	EXPECT_STREQ("pidfdtrace: the module speaks ABI version 1, this reader ABI version 99: use the pidfdtrace built with the module\n",
		     run.err);
}

TEST_F(reader, unprivileged_user_is_told_it_needs_root)
{
	const char *const argv[] = { READER, NULL };
	pid_t pid;

	memset(&run, 0, sizeof(run));
	pid = fork_child();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int out = open(OUT_PATH, O_WRONLY | O_CREAT | O_TRUNC, 0666);
		int err = open(ERR_PATH, O_WRONLY | O_CREAT | O_TRUNC, 0666);

		if (out < 0 || err < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0 ||
		    setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			_exit(99);
		execv(argv[0], (char *const *)argv);
		_exit(98);
	}
	run.pid = pid;
	finish(_metadata, 0);
	EXPECT_EQ(1, exit_status());
	EXPECT_STREQ("pidfdtrace: /dev/pidfdtrace: Permission denied: needs root (CAP_SYS_ADMIN or CAP_PERFMON)\n",
		     run.err);
}

TEST_F(reader, bad_usage_exits_2)
{
	const char *bad[][4] = {
		{ READER, "--no-such-option", NULL },
		{ READER, "-s", "SIGFOO", NULL },
		{ READER, "-b", "5000", NULL },
		{ READER, "-c", "0", NULL },
		{ READER, "-p", "-3", NULL },
		{ READER, "extra", NULL },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		start(_metadata, self->raw, bad[i], false);
		finish(_metadata, 0);
		EXPECT_EQ(2, exit_status()) TH_LOG("%s %s", bad[i][1], run.err);
		EXPECT_NE(NULL, strstr(run.err, "Try 'pidfdtrace --help'."));
	}
}

TEST(missing_module_is_explained)
{
	const char *const argv[] = { READER, NULL };
	int ret = pidfdtrace_unload();

	ASSERT_TRUE(ret == 0 || ret == -ENOENT);
	memset(&run, 0, sizeof(run));
	start(_metadata, -1, argv, false);
	finish(_metadata, 0);
	EXPECT_EQ(1, exit_status());
	EXPECT_STREQ("pidfdtrace: /dev/pidfdtrace: No such file or directory: the pidfdtrace module is not loaded; load it with 'modprobe pidfdtrace'\n",
		     run.err);
}

TEST_HARNESS_MAIN
