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

/* s.reader is the test's own: the reader prints what it read too. */
FIXTURE(reader) {
	struct pidfdtrace_setup s;
};

FIXTURE_SETUP(reader)
{
	ASSERT_EQ(0, prctl(PR_SET_NAME, "pft-sender"));
	ASSERT_EQ(0, pidfdtrace_setup(&self->s, NULL));
	trace.len = 0;
}

FIXTURE_TEARDOWN(reader)
{
	if (run.pid > 0)
		reap(run.pid);
	pidfdtrace_cleanup(&self->s);
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
 * opened the device, set it up, started, and sleeps in its first read().
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
	closed = dup(self->s.pidfd);
	close(closed);

	start(_metadata, self->s.reader, argv, true);
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, 0, NULL, 0));
	ASSERT_EQ(-EBADF, pidfd_send(closed, SIGTERM, NULL, 0));
	info.si_signo = SIGUSR2;
	info.si_code = SI_QUEUE;
	info.si_pid = 77;
	info.si_uid = 0;
	info.si_value.sival_int = 5;
	ASSERT_EQ(0, pidfd_send(self_fd, SIGUSR2, &info, 0));
	finish(_metadata, 0);

	ASSERT_LE(0, reader_drain(self->s.reader, &trace));
	for (i = 0; i < 4; i++) {
		c[i] = trace_call(&trace, getpid(), i);
		ASSERT_NE(NULL, c[i]);
	}
	EXPECT_EQ(0, exit_status());
	EXPECT_STREQ("pidfdtrace: 4 calls, 2 deliveries, 0 lost, 0 untraced\n",
		     run.err);
	EXPECT_EQ(6, count_lines(run.out));

	snprintf(want, sizeof(want),
		 "%s pft-sender[%d/%d] uid=0 pidfd_send_signal(%d<pidfd:%d pft-target>, SIGUSR1, NULL, 0) = 0 <%s>",
		 secs(c[0]->hdr.time_ns), getpid(), getpid(), self->s.pidfd,
		 self->s.target, secs(c[0]->duration_ns));
	EXPECT_STREQ(want, line(run.out, 0));
	snprintf(want, sizeof(want),
		 "    -> SIGUSR1 to pft-target[%d/%d] scope=process: queued",
		 self->s.target, self->s.target);
	EXPECT_STREQ(want, line(run.out, 1));
	/* Signal 0 generates nothing: the target is a second look. */
	snprintf(want, sizeof(want),
		 "%s pft-sender[%d/%d] uid=0 pidfd_send_signal(%d<pidfd:%d pft-target>?, 0, NULL, 0) = 0 <%s>",
		 secs(c[1]->hdr.time_ns), getpid(), getpid(), self->s.pidfd,
		 self->s.target, secs(c[1]->duration_ns));
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

/* A 64-bit value that can pass 2^53: a decimal string ("v":1). */
#define EXPECT_JSON_U64(v, path, want) do {				\
	char __want[24];						\
	snprintf(__want, sizeof(__want), "%llu",			\
		 (unsigned long long)(want));				\
	EXPECT_JSON_STR(v, path, __want);				\
} while (0)

static struct json *json_line(struct __test_metadata *_metadata, int n)
{
	const char *text = line(run.out, n), *err = NULL;
	struct json *v = json_parse(text, strlen(text), &err);

	EXPECT_NE(NULL, v) TH_LOG("line %d: %s: %s", n, err, text);
	/* For make check's schema check on the host (tests/vm/json-schema.sh). */
	fprintf(stderr, "# json: %s\n", text);
	return v;
}

/* The strings of the array at @path, space-separated, or why not. */
static const char *json_strings(const struct json *v, const char *path)
{
	static char buf[1024];
	const struct json *a = json_get(v, path);
	size_t i, len = 0;

	if (!a || a->type != JSON_ARRAY)
		return "(not an array)";
	buf[0] = '\0';
	for (i = 0; i < a->n; i++) {
		if (a->items[i]->type != JSON_STRING)
			return "(not a string)";
		len += snprintf(buf + len, sizeof(buf) - len, "%s%s",
				i ? " " : "", a->items[i]->text);
	}
	return buf;
}

/* An audit id as the reader writes it: null when unset. */
static void expect_audit_id(struct __test_metadata *_metadata,
			    const struct json *v, const char *path, __u32 id)
{
	EXPECT_EQ(id == PIDFDTRACE_AUDIT_UNSET, json_is_null(v, path))
		TH_LOG("%s", path);
	if (id != PIDFDTRACE_AUDIT_UNSET)
		EXPECT_JSON_LL(v, path, id);
}

TEST_F(reader, json_lines_match_the_workload_field_by_field)
{
	const char *const argv[] = { READER, "--json", "-c", "2", NULL };
	const struct pidfdtrace_call *c0, *c1;
	const struct pidfdtrace_delivery *d;
	char buf[64], parent_comm[PIDFDTRACE_COMM_LEN];
	struct stat pidns;
	struct json *v;

	ASSERT_EQ(0, stat("/proc/self/ns/pid", &pidns));
	proc_comm(getppid(), parent_comm);
	start(_metadata, self->s.reader, argv, true);
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ(-EINVAL, pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0x40));
	finish(_metadata, 0);
	EXPECT_EQ(0, exit_status());
	ASSERT_EQ(3, count_lines(run.out));
	ASSERT_LE(0, reader_drain(self->s.reader, &trace));
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
	EXPECT_JSON_U64(v, "time_ns", c0->hdr.time_ns);
	EXPECT_JSON_U64(v, "duration_ns", c0->duration_ns);
	EXPECT_NE(NULL, json_get_str(v, "time"));
	EXPECT_JSON_LL(v, "sender.pid", getpid());
	EXPECT_JSON_LL(v, "sender.tgid", getpid());
	EXPECT_JSON_LL(v, "sender.ns_pid", getpid());
	EXPECT_JSON_LL(v, "sender.uid", 0);
	EXPECT_JSON_STR(v, "sender.comm", "pft-sender");
	EXPECT_JSON_LL(v, "sender.euid", 0);
	expect_audit_id(_metadata, v, "sender.loginuid", audit_id("loginuid"));
	expect_audit_id(_metadata, v, "sender.sessionid", audit_id("sessionid"));
	EXPECT_JSON_LL(v, "sender.pidns", pidns.st_ino);
	EXPECT_JSON_U64(v, "sender.cgroup_id", c0->sender_cgroup);
	EXPECT_JSON_LL(v, "parent.tgid", getppid());
	EXPECT_JSON_STR(v, "parent.comm", parent_comm);
	EXPECT_JSON_LL(v, "pidfd", self->s.pidfd);
	EXPECT_JSON_STR(v, "fd_kind", "pidfd");
	EXPECT_JSON_STR(v, "target.state", "alive");
	EXPECT_JSON_LL(v, "target.pid", self->s.target);
	EXPECT_JSON_LL(v, "target.tgid", self->s.target);
	EXPECT_JSON_LL(v, "target.ns_pid", self->s.target);
	EXPECT_JSON_LL(v, "target.uid", 0);
	EXPECT_JSON_STR(v, "target.comm", "pft-target");
	EXPECT_JSON_U64(v, "target.cgroup_id", c0->target_cgroup);
	EXPECT_JSON_STR(v, "target_source", "kernel");
	EXPECT_JSON_LL(v, "sig", SIGUSR1);
	EXPECT_JSON_STR(v, "sig_name", "SIGUSR1");
	EXPECT_TRUE(json_is_null(v, "info"));
	EXPECT_JSON_LL(v, "flags", 0);
	EXPECT_JSON_STR(v, "flags_name", "0");
	EXPECT_JSON_LL(v, "ret", 0);
	EXPECT_TRUE(json_is_null(v, "errno_name"));
	EXPECT_TRUE(json_is_null(v, "error"));
	EXPECT_JSON_LL(v, "call_flags", 0);
	EXPECT_EQ(false, json_get(v, "return_untraced")->boolean);
	EXPECT_EQ(false, json_get(v, "fd_changed")->boolean);
	EXPECT_JSON_LL(v, "deliveries", 1);
	json_free(v);

	v = json_line(_metadata, 1);
	ASSERT_NE(NULL, v);
	EXPECT_JSON_STR(v, "type", "delivery");
	EXPECT_JSON_LL(v, "seq", d->hdr.seq);
	EXPECT_JSON_LL(v, "cpu", d->hdr.cpu);
	EXPECT_JSON_U64(v, "time_ns", d->hdr.time_ns);
	EXPECT_JSON_LL(v, "call_seq", c0->hdr.seq);
	EXPECT_JSON_LL(v, "sender.pid", getpid());
	EXPECT_JSON_LL(v, "sender.tgid", getpid());
	EXPECT_JSON_LL(v, "target.pid", self->s.target);
	EXPECT_JSON_LL(v, "target.tgid", self->s.target);
	EXPECT_JSON_LL(v, "target.ns_pid", self->s.target);
	EXPECT_JSON_LL(v, "target.uid", 0);
	EXPECT_JSON_STR(v, "target.comm", "pft-target");
	EXPECT_JSON_U64(v, "target.cgroup_id", d->target_cgroup);
	EXPECT_JSON_LL(v, "sig", SIGUSR1);
	EXPECT_JSON_STR(v, "sig_name", "SIGUSR1");
	EXPECT_JSON_STR(v, "scope", "process");
	EXPECT_JSON_STR(v, "outcome", "queued");
	EXPECT_STREQ("", json_strings(v, "effects"));
	EXPECT_STREQ("", json_strings(v, "discarded"));
	/* NULL info: the kernel made one, naming the sender. */
	EXPECT_JSON_LL(v, "info.si_signo", SIGUSR1);
	EXPECT_JSON_LL(v, "info.si_code", SI_USER);
	EXPECT_JSON_STR(v, "info.si_code_name", "SI_USER");
	EXPECT_JSON_LL(v, "info.si_pid", getpid());
	EXPECT_JSON_LL(v, "info.si_uid", 0);
	json_free(v);

	v = json_line(_metadata, 2);
	ASSERT_NE(NULL, v);
	EXPECT_JSON_LL(v, "seq", c1->hdr.seq);
	EXPECT_JSON_STR(v, "target_source", "second-look");
	EXPECT_JSON_LL(v, "flags", 0x40);
	snprintf(buf, sizeof(buf), "%#x", 0x40);
	EXPECT_JSON_STR(v, "flags_name", buf);
	EXPECT_JSON_LL(v, "ret", -EINVAL);
	EXPECT_JSON_STR(v, "errno_name", "EINVAL");
	EXPECT_JSON_STR(v, "error", "Invalid argument");
	EXPECT_JSON_LL(v, "deliveries", 0);
	json_free(v);
}

TEST_F(reader, what_the_kernel_did_not_use_is_marked_as_a_second_look)
{
	const char *const argv[] = { READER, "-c", "2", NULL };
	const struct pidfdtrace_call *c[2];
	siginfo_t info = {};
	char want[1024];
	int i;

	/* A forged SI_USER to another process: EPERM, nothing generated. */
	info.si_signo = SIGUSR1;
	info.si_code = SI_USER;
	info.si_pid = 77;
	info.si_uid = 0;
	start(_metadata, self->s.reader, argv, true);
	ASSERT_EQ(-EPERM, pidfd_send(self->s.pidfd, SIGUSR1, &info, 0));
	ASSERT_EQ(-EFAULT, pidfd_send(self->s.pidfd, SIGUSR1, (void *)8, 0));
	finish(_metadata, 0);
	EXPECT_EQ(0, exit_status());
	EXPECT_EQ(2, count_lines(run.out));
	ASSERT_LE(0, reader_drain(self->s.reader, &trace));
	for (i = 0; i < 2; i++) {
		c[i] = trace_call(&trace, getpid(), i);
		ASSERT_NE(NULL, c[i]);
	}
	snprintf(want, sizeof(want),
		 "%s pft-sender[%d/%d] uid=0 pidfd_send_signal(%d<pidfd:%d pft-target>?, SIGUSR1, {si_signo=SIGUSR1, si_code=SI_USER, si_pid=77, si_uid=0}?, 0) = -1 EPERM (Operation not permitted) <%s>",
		 secs(c[0]->hdr.time_ns), getpid(), getpid(), self->s.pidfd,
		 self->s.target, secs(c[0]->duration_ns));
	EXPECT_STREQ(want, line(run.out, 0));
	/* What the kernel could not read is an address, as in strace. */
	snprintf(want, sizeof(want),
		 "%s pft-sender[%d/%d] uid=0 pidfd_send_signal(%d<pidfd:%d pft-target>?, SIGUSR1, 0x8, 0) = -1 EFAULT (Bad address) <%s>",
		 secs(c[1]->hdr.time_ns), getpid(), getpid(), self->s.pidfd,
		 self->s.target, secs(c[1]->duration_ns));
	EXPECT_STREQ(want, line(run.out, 1));
}

TEST_F(reader, sigcont_to_a_stopped_target_says_it_resumed_it)
{
	const char *const argv[] = { READER, "-s", "STOP,CONT", "-c", "2",
				     NULL };
	char want[256];

	start(_metadata, self->s.reader, argv, true);
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGSTOP, NULL, 0));
	wait_state(self->s.target, 'T');
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGCONT, NULL, 0));
	finish(_metadata, 0);
	EXPECT_EQ(0, exit_status());
	EXPECT_EQ(4, count_lines(run.out));
	snprintf(want, sizeof(want),
		 "    -> SIGSTOP to pft-target[%d/%d] scope=process: queued",
		 self->s.target, self->s.target);
	EXPECT_STREQ(want, line(run.out, 1));
	/* SIGCONT's default action is none: ignored, yet it resumed. */
	snprintf(want, sizeof(want),
		 "    -> SIGCONT to pft-target[%d/%d] scope=process: ignored, resumed",
		 self->s.target, self->s.target);
	EXPECT_STREQ(want, line(run.out, 3));
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
		_exit(pidfd_send(self->s.pidfd, 0, NULL, 0) ? 1 : 0);
	}
	snprintf(pid, sizeof(pid), "%d", other);
	start(_metadata, self->s.reader, argv, true);
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, 0, NULL, 0));
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
	const char *const argv[] = { READER, "-P", pid, "-c", "1", NULL };
	pid_t other = spawn_target("pft-other");
	char want[128];
	int other_fd;

	ASSERT_LT(0, other);
	wait_sleeping(other);
	other_fd = sys_pidfd_open(other, 0);
	ASSERT_LE(0, other_fd);
	snprintf(pid, sizeof(pid), "%d", self->s.target);
	start(_metadata, self->s.reader, argv, true);
	ASSERT_EQ(0, pidfd_send(other_fd, 0, NULL, 0));
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, 0, NULL, 0));
	finish(_metadata, 0);
	reap(other);
	snprintf(want, sizeof(want), "<pidfd:%d pft-target>", self->s.target);
	EXPECT_NE(NULL, strstr(line(run.out, 0), want));
	EXPECT_EQ(1, count_lines(run.out));
	close(other_fd);
}

/*
 * Several -P: the module's filter holds one pid, so the reader applies the
 * list, and counts what it drops.
 */
TEST_F(reader, target_filter_takes_a_list_applied_by_the_reader)
{
	char pid[2][16];
	const char *const argv[] = { READER, "-P", pid[0], "-P", pid[1], NULL };
	pid_t other = spawn_target("pft-other"), third = spawn_target("pft-third");
	int other_fd, third_fd;
	char want[128];

	ASSERT_LT(0, other);
	ASSERT_LT(0, third);
	wait_sleeping(other);
	wait_sleeping(third);
	other_fd = sys_pidfd_open(other, 0);
	third_fd = sys_pidfd_open(third, 0);
	ASSERT_LE(0, other_fd);
	ASSERT_LE(0, third_fd);
	snprintf(pid[0], sizeof(pid[0]), "%d", self->s.target);
	snprintf(pid[1], sizeof(pid[1]), "%d", other);
	start(_metadata, self->s.reader, argv, true);
	ASSERT_EQ(0, pidfd_send(third_fd, 0, NULL, 0));
	ASSERT_EQ(0, pidfd_send(other_fd, 0, NULL, 0));
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, 0, NULL, 0));
	finish(_metadata, SIGTERM);
	reap(other);
	reap(third);
	EXPECT_EQ(0, exit_status());
	EXPECT_EQ(2, count_lines(run.out)) TH_LOG("%s", run.out);
	snprintf(want, sizeof(want), "<pidfd:%d pft-other>", other);
	EXPECT_NE(NULL, strstr(line(run.out, 0), want)) TH_LOG("%s", run.out);
	snprintf(want, sizeof(want), "<pidfd:%d pft-target>", self->s.target);
	EXPECT_NE(NULL, strstr(line(run.out, 1), want)) TH_LOG("%s", run.out);
	EXPECT_STREQ("pidfdtrace: 2 calls, 0 deliveries, 0 lost, 0 untraced, 1 filtered out\n",
		     run.err);
	close(other_fd);
	close(third_fd);
}

TEST_F(reader, signal_filter_takes_names_and_numbers)
{
	const char *const argv[] = { READER, "-s", "USR2,18", "-c", "2", NULL };

	start(_metadata, self->s.reader, argv, true);
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR2, NULL, 0));
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, 0, NULL, 0));
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGCONT, NULL, 0));
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

	start(_metadata, self->s.reader, argv, true);
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ(-EINVAL, pidfd_send(self->s.pidfd, 1000, NULL, 0));
	finish(_metadata, 0);
	EXPECT_EQ(1, count_lines(run.out));
	EXPECT_NE(NULL, strstr(line(run.out, 0),
			       ", 1000, NULL, 0) = -1 EINVAL (Invalid argument) <"));
}

/*
 * A child that waits for a byte on @go, becomes what @become makes it, and
 * sends signal 0 through @pidfd; it exits 0 when the call returned @ret.
 */
static pid_t spawn_sender(int go, int pidfd, int (*become)(void), int ret)
{
	pid_t pid = fork_child();
	char byte;

	if (pid)
		return pid;
	if (become && become())
		_exit(2);
	if (read(go, &byte, 1) != 1)
		_exit(3);
	_exit(pidfd_send(pidfd, 0, NULL, 0) == ret ? 0 : 1);
}

static int become_pft_other(void)
{
	return prctl(PR_SET_NAME, "pft-other");
}

static int become_nobody(void)
{
	return setresgid(65534, 65534, 65534) ||
	       setresuid(65534, 65534, 65534);
}

/* Lets the sender @pid go and waits for it to have made its call. */
static void release_sender(struct __test_metadata *_metadata, int go_fd,
			   pid_t pid)
{
	int status;

	ASSERT_EQ(1, write(go_fd, "g", 1));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, status);
}

TEST_F(reader, comm_filter_shows_only_calls_by_that_name)
{
	const char *const argv[] = { READER, "--comm", "pft-other", "-c", "1",
				     NULL };
	char want[128];
	pid_t other;
	int go[2];

	ASSERT_EQ(0, pipe(go));
	other = spawn_sender(go[0], self->s.pidfd, become_pft_other, 0);
	ASSERT_LT(0, other);
	start(_metadata, self->s.reader, argv, true);
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, 0, NULL, 0));
	release_sender(_metadata, go[1], other);
	finish(_metadata, 0);
	EXPECT_EQ(0, exit_status());
	EXPECT_EQ(1, count_lines(run.out));
	snprintf(want, sizeof(want), " pft-other[%d/%d] uid=0 ", other, other);
	EXPECT_NE(NULL, strstr(line(run.out, 0), want)) TH_LOG("%s", run.out);
}

TEST_F(reader, uid_filter_shows_only_calls_by_that_user)
{
	const char *const argv[] = { READER, "--uid", "65534", "-c", "1",
				     NULL };
	char want[256];
	pid_t other;
	int go[2];

	ASSERT_EQ(0, pipe(go));
	/* Nobody may not signal a root process: EPERM, still traced. */
	other = spawn_sender(go[0], self->s.pidfd, become_nobody, -EPERM);
	ASSERT_LT(0, other);
	start(_metadata, self->s.reader, argv, true);
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, 0, NULL, 0));
	release_sender(_metadata, go[1], other);
	finish(_metadata, 0);
	EXPECT_EQ(0, exit_status());
	EXPECT_EQ(1, count_lines(run.out));
	snprintf(want, sizeof(want),
		 " pft-sender[%d/%d] uid=65534 pidfd_send_signal(%d<pidfd:%d pft-target>?, 0, NULL, 0) = -1 EPERM (Operation not permitted) <",
		 other, other, self->s.pidfd, self->s.target);
	EXPECT_NE(NULL, strstr(line(run.out, 0), want)) TH_LOG("%s", run.out);
}

#define PFT_DOCKER "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define PFT_CRIO "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"
#define PFT_DOCKER_CG "pft.slice/docker-" PFT_DOCKER ".scope"
#define PFT_CRIO_CG "pft.slice/crio-" PFT_CRIO ".scope"

/*
 * A sender in one container's cgroup signals a target in another's: the
 * reader names both, from this host's cgroup tree, in text and JSON.
 */
TEST_F(reader, containers_of_sender_and_target_are_named)
{
	char want[256], pid[16];
	const char *const argv[] = { READER, "-P", pid, NULL };
	const char *const json_argv[] = { READER, "-P", pid, "--json", NULL };
	pid_t target, sender;
	int go[2], target_fd, status, round;
	struct json *v;

	if (cgroup2_mount())
		SKIP(return, "no cgroup v2");
	ASSERT_NE(0U, cgroup_make("pft.slice"));
	ASSERT_NE(0U, cgroup_make(PFT_DOCKER_CG));
	ASSERT_NE(0U, cgroup_make(PFT_CRIO_CG));
	target = spawn_target("pft-other");
	ASSERT_LT(0, target);
	ASSERT_EQ(0, cgroup_move(PFT_CRIO_CG, target));
	target_fd = sys_pidfd_open(target, 0);
	ASSERT_LE(0, target_fd);
	snprintf(pid, sizeof(pid), "%d", target);

	for (round = 0; round < 2; round++) {
		ASSERT_EQ(0, pipe(go));
		sender = fork_child();
		ASSERT_LE(0, sender);
		if (sender == 0) {
			char byte;

			if (read(go[0], &byte, 1) != 1)
				_exit(3);
			_exit(pidfd_send(target_fd, SIGUSR1, NULL, 0) ? 1 : 0);
		}
		ASSERT_EQ(0, cgroup_move(PFT_DOCKER_CG, sender));
		start(_metadata, self->s.reader, round ? json_argv : argv, true);
		ASSERT_EQ(1, write(go[1], "g", 1));
		ASSERT_EQ(sender, waitpid(sender, &status, 0));
		ASSERT_EQ(0, status);
		finish(_metadata, SIGTERM);
		close(go[0]);
		close(go[1]);
		EXPECT_EQ(0, exit_status());
		ASSERT_EQ(2, count_lines(run.out)) TH_LOG("%s", run.out);
		if (!round) {
			snprintf(want, sizeof(want),
				 " pft-sender[%d/%d]@docker:0123456789ab uid=0 pidfd_send_signal(%d<pidfd:%d pft-other@cri-o:fedcba987654>, SIGUSR1, ",
				 sender, sender, target_fd, target);
			EXPECT_NE(NULL, strstr(line(run.out, 0), want))
				TH_LOG("%s", run.out);
			snprintf(want, sizeof(want),
				 "    -> SIGUSR1 to pft-other[%d/%d]@cri-o:fedcba987654 scope=process: queued",
				 target, target);
			EXPECT_STREQ(want, line(run.out, 1));
			continue;
		}
		v = json_line(_metadata, 0);
		ASSERT_NE(NULL, v);
		EXPECT_JSON_STR(v, "sender.cgroup", "/" PFT_DOCKER_CG);
		EXPECT_JSON_STR(v, "sender.container.runtime", "docker");
		EXPECT_JSON_STR(v, "sender.container.id", PFT_DOCKER);
		EXPECT_JSON_STR(v, "sender.unit", "docker-" PFT_DOCKER ".scope");
		EXPECT_JSON_STR(v, "target.cgroup", "/" PFT_CRIO_CG);
		EXPECT_JSON_STR(v, "target.container.runtime", "cri-o");
		EXPECT_JSON_STR(v, "target.container.id", PFT_CRIO);
		json_free(v);
		v = json_line(_metadata, 1);
		ASSERT_NE(NULL, v);
		EXPECT_JSON_STR(v, "target.container.runtime", "cri-o");
		EXPECT_JSON_STR(v, "target.unit", "crio-" PFT_CRIO ".scope");
		json_free(v);
	}
	reap(target);
	close(target_fd);
	EXPECT_EQ(0, cgroup_remove(PFT_DOCKER_CG));
	EXPECT_EQ(0, cgroup_remove(PFT_CRIO_CG));
	EXPECT_EQ(0, cgroup_remove("pft.slice"));
}

TEST_F(reader, sender_cgroup_filter_takes_a_cgroup_directory)
{
	const char *const argv[] = { READER, "--sender-cgroup",
				     CGROUP2_ROOT "/pft-senders", "-c", "1",
				     NULL };
	char want[128];
	pid_t other;
	int go[2];

	if (cgroup2_mount())
		SKIP(return, "no cgroup v2");
	ASSERT_NE(0U, cgroup_make("pft-senders"));
	ASSERT_EQ(0, pipe(go));
	other = spawn_sender(go[0], self->s.pidfd, NULL, 0);
	ASSERT_LT(0, other);
	ASSERT_EQ(0, cgroup_move("pft-senders", other));
	start(_metadata, self->s.reader, argv, true);
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, 0, NULL, 0));
	release_sender(_metadata, go[1], other);
	finish(_metadata, 0);
	EXPECT_EQ(0, cgroup_remove("pft-senders"));
	EXPECT_EQ(0, exit_status());
	EXPECT_EQ(1, count_lines(run.out));
	snprintf(want, sizeof(want), " pft-sender[%d/%d] ", other, other);
	EXPECT_NE(NULL, strstr(line(run.out, 0), want)) TH_LOG("%s", run.out);
}

TEST_F(reader, target_cgroup_filter_takes_a_cgroup_id)
{
	char id[32];
	const char *const argv[] = { READER, "--target-cgroup", id, "-c", "1",
				     NULL };
	char want[2][128];
	pid_t other;
	int other_fd;

	if (cgroup2_mount())
		SKIP(return, "no cgroup v2");
	snprintf(id, sizeof(id), "%llu",
		 (unsigned long long)cgroup_make("pft-targets"));
	ASSERT_STRNE("0", id);
	other = spawn_target("pft-other");
	ASSERT_LT(0, other);
	wait_sleeping(other);
	ASSERT_EQ(0, cgroup_move("pft-targets", other));
	other_fd = sys_pidfd_open(other, 0);
	ASSERT_LE(0, other_fd);
	start(_metadata, self->s.reader, argv, true);
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ(0, pidfd_send(other_fd, SIGUSR1, NULL, 0));
	finish(_metadata, 0);
	close(other_fd);
	reap(other);
	EXPECT_EQ(0, cgroup_remove("pft-targets"));
	EXPECT_EQ(0, exit_status());
	EXPECT_EQ(2, count_lines(run.out));
	snprintf(want[0], sizeof(want[0]), "<pidfd:%d pft-other>, SIGUSR1, ",
		 other);
	EXPECT_NE(NULL, strstr(line(run.out, 0), want[0])) TH_LOG("%s", run.out);
	snprintf(want[1], sizeof(want[1]),
		 "    -> SIGUSR1 to pft-other[%d/%d] scope=process: queued",
		 other, other);
	EXPECT_STREQ(want[1], line(run.out, 1));
}

TEST_F(reader, cgroup_that_does_not_exist_is_an_error)
{
	const char *const argv[] = { READER, "--target-cgroup", "4000000000",
				     NULL };

	if (!kernel_at_least(5, 14))
		SKIP(return, "no cgroup lookup by id for modules before 5.14");
	start(_metadata, self->s.reader, argv, false);
	finish(_metadata, 0);
	EXPECT_EQ(1, exit_status());
	EXPECT_STREQ("pidfdtrace: cannot set the filter: no such cgroup\n",
		     run.err);
}

TEST_F(reader, count_exits_after_that_many_calls)
{
	const char *const argv[] = { READER, "-c", "3", NULL };
	int i;

	start(_metadata, self->s.reader, argv, true);
	for (i = 0; i < 5; i++)
		ASSERT_EQ(0, pidfd_send(self->s.pidfd, 0, NULL, 0));
	finish(_metadata, 0);
	EXPECT_EQ(0, exit_status());
	EXPECT_EQ(3, count_lines(run.out));
	EXPECT_STREQ("pidfdtrace: 3 calls, 0 deliveries, 0 lost, 0 untraced\n",
		     run.err);
}

TEST_F(reader, sigterm_ends_cleanly_with_a_summary)
{
	const char *const argv[] = { READER, NULL };

	start(_metadata, self->s.reader, argv, true);
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR2, NULL, 0));
	finish(_metadata, SIGTERM);
	EXPECT_EQ(0, exit_status());
	EXPECT_EQ(4, count_lines(run.out));
	EXPECT_STREQ("pidfdtrace: 2 calls, 2 deliveries, 0 lost, 0 untraced\n",
		     run.err);
}

TEST_F(reader, lost_records_are_shown_where_they_went_missing)
{
	const char *const argv[] = { READER, "-b", "4K", NULL };
	char want[128];
	int i;

	ASSERT_EQ(0, pin_to_this_cpu());
	start(_metadata, self->s.reader, argv, true);
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, 0, NULL, 0));
	usleep(300 * 1000);
	/* A reader that stops reading loses what does not fit, and says so. */
	kill(run.pid, SIGSTOP);
	wait_state(run.pid, 'T');
	for (i = 0; i < 30; i++)
		ASSERT_EQ(0, pidfd_send(self->s.pidfd, 0, NULL, 0));
	kill(run.pid, SIGCONT);
	finish(_metadata, SIGINT);
	EXPECT_EQ(0, exit_status());
	/* 1 call, then those that fit in 4 KiB, then the loss. */
	EXPECT_EQ(MIN_BUFFER_CALLS + 2, count_lines(run.out));
	snprintf(want, sizeof(want), "... lost %d records (%d calls) ...",
		 30 - MIN_BUFFER_CALLS, 30 - MIN_BUFFER_CALLS);
	EXPECT_STREQ(want, line(run.out, MIN_BUFFER_CALLS + 1));
	snprintf(want, sizeof(want),
		 "pidfdtrace: %d calls, 0 deliveries, %d lost, 0 untraced\n",
		 MIN_BUFFER_CALLS + 1, 30 - MIN_BUFFER_CALLS);
	EXPECT_STREQ(want, run.err);
}

/*
 * The reader with its output into a pipe (and its errors into ERR_PATH),
 * once it waits for records: the read end of the pipe, or -1.
 */
static int start_piped(int raw)
{
	int p[2], n;
	pid_t pid;

	if (pipe(p))
		return -1;
	pid = fork_child();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int err = open(ERR_PATH, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		dup2(p[1], 1);
		dup2(err, 2);
		close(p[0]);
		execl(READER, READER, NULL);
		_exit(98);
	}
	run.pid = pid;
	close(p[1]);
	for (n = 0; n < 5000 && readers_open(raw) < 2; n++)
		usleep(1000);
	wait_state(pid, 'S');
	return p[0];
}

TEST_F(reader, output_is_live_through_a_pipe)
{
	char buf[512];
	int out = start_piped(self->s.reader);
	ssize_t n;

	ASSERT_LE(0, out);
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, 0, NULL, 0));
	/* The line arrives while the reader keeps running. */
	n = read(out, buf, sizeof(buf) - 1);
	ASSERT_LT(0, n);
	buf[n] = '\0';
	EXPECT_NE(NULL, strstr(buf, ", 0, NULL, 0) = 0 <"));
	EXPECT_EQ('\n', buf[n - 1]);
	EXPECT_EQ(0, waitpid(run.pid, NULL, WNOHANG));
	close(out);
}

/* A comm is the sender's to choose: it cannot pass for another field. */
TEST_F(reader, a_hostile_comm_cannot_forge_a_field)
{
	const char *const argv[] = { READER, NULL };
	char want[128];

	start(_metadata, self->s.reader, argv, true);
	ASSERT_EQ(0, prctl(PR_SET_NAME, "x[1/1] uid=0"));
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, 0, NULL, 0));
	ASSERT_EQ(0, prctl(PR_SET_NAME, "pft-sender"));
	finish(_metadata, SIGTERM);
	EXPECT_EQ(0, exit_status());
	snprintf(want, sizeof(want), " \"x[1/1] uid=0\"[%d/%d] uid=0 pidfd_send_signal(",
		 getpid(), getpid());
	EXPECT_NE(NULL, strstr(line(run.out, 0), want)) TH_LOG("%s", run.out);
}

/* Prints file @path in base64, 57 bytes a line: "# TAG: ...". */
static void print_base64(const char *tag, const char *path)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned char in[57];
	char out[80];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n, i;
	size_t o;

	if (fd < 0)
		return;
	while ((n = read(fd, in, sizeof(in))) > 0) {
		for (i = 0, o = 0; i < n; i += 3) {
			unsigned int v = in[i] << 16 |
					 (i + 1 < n ? in[i + 1] << 8 : 0) |
					 (i + 2 < n ? in[i + 2] : 0);

			out[o++] = b64[v >> 18 & 63];
			out[o++] = b64[v >> 12 & 63];
			out[o++] = i + 1 < n ? b64[v >> 6 & 63] : '=';
			out[o++] = i + 2 < n ? b64[v & 63] : '=';
		}
		out[o] = '\0';
		fprintf(stderr, "# %s: %s\n", tag, out);
	}
	close(fd);
}

/* -w -c 2: the file ends with the second call, as the output would. */
TEST_F(reader, write_with_a_count_stops_at_that_call)
{
	const char *const write_argv[] = { READER, "-w", "/tmp/count.pft",
					   "-c", "2", NULL };
	const char *const read_argv[] = { READER, "-r", "/tmp/count.pft", NULL };
	int i;

	start(_metadata, self->s.reader, write_argv, true);
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0));
	for (i = 0; i < 5; i++)
		ASSERT_EQ(0, pidfd_send(self->s.pidfd, 0, NULL, 0));
	finish(_metadata, 0);
	EXPECT_EQ(0, exit_status());
	EXPECT_STREQ("pidfdtrace: 2 calls, 1 deliveries, 0 lost, 0 untraced\n",
		     run.err);
	start(_metadata, self->s.reader, read_argv, false);
	finish(_metadata, 0);
	EXPECT_EQ(0, exit_status());
	EXPECT_STREQ("pidfdtrace: 2 calls, 1 deliveries, 0 lost, 0 untraced\n",
		     run.err);
	EXPECT_EQ(3, count_lines(run.out));
}

/*
 * -w writes the very records the module made, byte for byte as another
 * reader got them, and -r prints each of them: record for record.
 */
TEST_F(reader, write_and_read_back_agree_record_for_record)
{
	const char *const write_argv[] = { READER, "-w", "/tmp/trace.pft", NULL };
	const char *const read_argv[] = { READER, "-r", "/tmp/trace.pft", "--json", NULL };
	const struct pidfdtrace_record_header *hdr, *mine;
	static struct trace file;
	struct tracefile_hdr {
		char magic[8];
		__u32 version, size, abi_version, flags;
		__s64 realtime_offset_ns;
		char hostname[72], release[72];
	} h;
	siginfo_t info = { .si_signo = SIGUSR2, .si_code = SI_QUEUE };
	int fd, i, calls = 0, deliveries = 0, lines = 0, found;
	struct utsname u;
	ssize_t n;

	start(_metadata, self->s.reader, write_argv, true);
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, 0, NULL, 0));
	ASSERT_EQ(-EBADF, pidfd_send(999, SIGTERM, NULL, 0));
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR2, &info, 0));
	finish(_metadata, SIGTERM);
	EXPECT_EQ(0, exit_status());
	EXPECT_STREQ("pidfdtrace: 4 calls, 2 deliveries, 0 lost, 0 untraced\n",
		     run.err);
	ASSERT_LE(0, reader_drain(self->s.reader, &trace));

	fd = open("/tmp/trace.pft", O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ((ssize_t)sizeof(h), read(fd, &h, sizeof(h)));
	EXPECT_EQ(0, memcmp(h.magic, "PIDFDTRC", 8));
	EXPECT_EQ(1U, h.version);
	EXPECT_EQ((__u32)PIDFDTRACE_ABI_VERSION, h.abi_version);
	ASSERT_EQ(0, uname(&u));
	EXPECT_STREQ(u.nodename, h.hostname);
	EXPECT_STREQ(u.release, h.release);
	ASSERT_EQ((off_t)h.size, lseek(fd, h.size, SEEK_SET));
	n = read(fd, file.buf, sizeof(file.buf));
	close(fd);
	ASSERT_LT(0, n);
	file.len = n;

	/* Each record of the file is one the test's own reader got, whole. */
	trace_for_each(&file, hdr) {
		found = 0;
		trace_for_each(&trace, mine)
			if (mine->type == hdr->type && mine->seq == hdr->seq &&
			    mine->size == hdr->size)
				found = !memcmp(mine, hdr, hdr->size);
		EXPECT_TRUE(found) TH_LOG("record %llu (type %u) not the module's",
					  (unsigned long long)hdr->seq, hdr->type);
		calls += hdr->type == PIDFDTRACE_RECORD_CALL;
		deliveries += hdr->type == PIDFDTRACE_RECORD_DELIVERY;
	}
	EXPECT_EQ(4, calls);
	EXPECT_EQ(2, deliveries);

	/* And -r prints each, in the live order: every call by its seq. */
	start(_metadata, self->s.reader, read_argv, false);
	finish(_metadata, 0);
	EXPECT_EQ(0, exit_status());
	EXPECT_STREQ("pidfdtrace: 4 calls, 2 deliveries, 0 lost, 0 untraced\n",
		     run.err);
	/*
	 * The file and what -r printed, for make check to read the file back
	 * on the host and compare (tests/vm/replay-agree.sh).
	 */
	print_base64("pft-file", "/tmp/trace.pft");
	for (i = 0; i < count_lines(run.out); i++)
		fprintf(stderr, "# pft-replay: %s\n", line(run.out, i));
	for (i = 0; i < count_lines(run.out); i++) {
		struct json *v = json_line(_metadata, i);
		long long seq = 0;

		ASSERT_NE(NULL, v);
		EXPECT_TRUE(json_get_ll(v, "seq", &seq));
		found = 0;
		trace_for_each(&file, hdr)
			found += hdr->seq == (__u64)seq;
		EXPECT_EQ(1, found) TH_LOG("line %d: seq %lld", i, seq);
		lines++;
		json_free(v);
	}
	EXPECT_EQ(6, lines);
}

/* Its reader gone (| head -1), it ends as strace does: status 0, totals. */
TEST_F(reader, a_closed_pipe_ends_it_cleanly_with_the_summary)
{
	char buf[512];
	int out = start_piped(self->s.reader), i;
	pid_t pid = run.pid;
	ssize_t n;

	ASSERT_LE(0, out);
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, 0, NULL, 0));
	n = read(out, buf, sizeof(buf) - 1);
	ASSERT_LT(0, n);
	close(out);
	/* Its next write finds nobody to read it. */
	for (i = 0; i < 100; i++) {
		ASSERT_EQ(0, pidfd_send(self->s.pidfd, 0, NULL, 0));
		usleep(20 * 1000);
		if (waitpid(pid, &run.status, WNOHANG) == pid)
			break;
	}
	ASSERT_GT(100, i) TH_LOG("still running with nobody to read it");
	run.pid = 0;
	ASSERT_TRUE(WIFEXITED(run.status))
		TH_LOG("killed by signal %d", WTERMSIG(run.status));
	EXPECT_EQ(0, WEXITSTATUS(run.status));
	slurp(ERR_PATH, run.err, sizeof(run.err));
	EXPECT_EQ(0, strncmp(run.err, "pidfdtrace: ", 12)) TH_LOG("%s", run.err);
	EXPECT_NE(NULL, strstr(run.err, " calls, ")) TH_LOG("%s", run.err);
	EXPECT_EQ(NULL, strstr(run.err, "write:")) TH_LOG("%s", run.err);
}

TEST_F(reader, stats_names_the_probes_and_counts)
{
	const char *const argv[] = { READER, "--stats", NULL };
	const char *const json_argv[] = { READER, "--stats", "--json", NULL };
	char want[64];
	struct json *v;

	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0));
	start(_metadata, self->s.reader, argv, false);
	finish(_metadata, 0);
	EXPECT_EQ(0, exit_status());
	EXPECT_STREQ("syscall probe:    __x64_sys_pidfd_send_signal,__ia32_sys_pidfd_send_signal",
		     line(run.out, 0));
	EXPECT_STREQ("signal probe:     signal:signal_generate,flush_sigqueue_mask",
		     line(run.out, 1));
	EXPECT_STREQ("call records:     1", line(run.out, 4));
	EXPECT_STREQ("delivery records: 1", line(run.out, 5));
	EXPECT_STREQ("calls untraced:   0", line(run.out, 6));
	EXPECT_STREQ("returns untraced: 0", line(run.out, 7));
	EXPECT_STREQ("other readers:    1", line(run.out, 8));
	EXPECT_STREQ("records lost:     0", line(run.out, 9));
	snprintf(want, sizeof(want), "maxactive:        %u",
		 default_maxactive());
	EXPECT_STREQ(want, line(run.out, 10));

	start(_metadata, self->s.reader, json_argv, false);
	finish(_metadata, 0);
	v = json_line(_metadata, 0);
	ASSERT_NE(NULL, v);
	EXPECT_JSON_STR(v, "type", "stats");
	EXPECT_JSON_STR(v, "syscall_symbol",
			"__x64_sys_pidfd_send_signal,__ia32_sys_pidfd_send_signal");
	EXPECT_JSON_LL(v, "calls", 1);
	EXPECT_JSON_LL(v, "deliveries", 1);
	EXPECT_JSON_LL(v, "calls_missed", 0);
	EXPECT_JSON_LL(v, "returns_missed", 0);
	EXPECT_JSON_LL(v, "other_readers", 1);
	EXPECT_JSON_LL(v, "maxactive", default_maxactive());
	json_free(v);
}

TEST_F(reader, version_names_tool_and_module_abi)
{
	const char *const argv[] = { READER, "--version", NULL };
	char want[128];

	start(_metadata, self->s.reader, argv, false);
	finish(_metadata, 0);
	EXPECT_EQ(0, exit_status());
	snprintf(want, sizeof(want),
		 "pidfdtrace %s (ABI %d; module: ABI %d.%d)\n",
		 PIDFDTRACE_TEST_VERSION, PIDFDTRACE_ABI_MAJOR,
		 PIDFDTRACE_ABI_MAJOR, PIDFDTRACE_ABI_MINOR);
	EXPECT_STREQ(want, run.out);
}

TEST_F(reader, abi_mismatch_is_refused_naming_both_versions)
{
	const char *const argv[] = { "/bin/pidfdtrace-abi-mismatch", NULL };
	char want[256];

	start(_metadata, self->s.reader, argv, false);
	finish(_metadata, 0);
	EXPECT_EQ(1, exit_status());
	EXPECT_STREQ("", run.out);
	snprintf(want, sizeof(want),
		 "pidfdtrace: module ABI %d.%d, this pidfdtrace understands ABI 99: use the pidfdtrace built with the module\n",
		 PIDFDTRACE_ABI_MAJOR, PIDFDTRACE_ABI_MINOR);
	EXPECT_STREQ(want, run.err);
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
		{ READER, "--comm", "0123456789abcdef", NULL },
		{ READER, "--uid", "-1", NULL },
		{ READER, "--sender-cgroup", "/proc", NULL },
		{ READER, "--target-cgroup", "0", NULL },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		start(_metadata, self->s.reader, bad[i], false);
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
