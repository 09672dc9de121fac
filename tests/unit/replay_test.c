// SPDX-License-Identifier: GPL-2.0
/*
 * pidfdtrace -r: a file as -w writes it, made here record by record, read
 * back by the reader itself (PIDFDTRACE_READER, default the static build
 * in tests/out/bin): the same output and totals as live, the filters the
 * module applies, the header's checks, and the ends of a run (| head, a
 * full disk, a truncated file) that must neither lose output silently nor
 * fail a run that did its job.
 */

#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "../../tools/tracefile.h"
#include "../lib/json_parse.h"
#include "../lib/sample_trace.h"

#include <linux/pidfdtrace.h>

extern char **environ;

#define CALLS		60
#define DIR_TEMPLATE	"/tmp/pidfdtrace-replay-XXXXXX"

static const char *reader(void)
{
	const char *r = getenv("PIDFDTRACE_READER");

	return r ? r : "tests/out/bin/pidfdtrace";
}

/* How many of the first @calls calls a test on (i) passes. */
static int count_calls(int calls, int (*pass)(int i))
{
	int i, n = 0;

	for (i = 0; i < calls; i++)
		n += pass(i);
	return n;
}

static int succeeds(int i)
{
	return i % 5 != 0;
}

static int fails(int i)
{
	return i % 5 == 0;
}

static int by_101(int i)
{
	return i % 3 == 1;
}

static int by_101_succeeds(int i)
{
	return by_101(i) && succeeds(i);
}

static int odd(int i)
{
	return i % 2;
}

static int by_101_or_102(int i)
{
	return i % 3 != 0;
}

static int by_101_or_102_succeeds(int i)
{
	return by_101_or_102(i) && succeeds(i);
}

static int odd_not_by_101(int i)
{
	return i % 2 && i % 3 != 1;
}

static int odd_not_by_101_succeeds(int i)
{
	return odd_not_by_101(i) && succeeds(i);
}

static int odd_succeeds(int i)
{
	return odd(i) && succeeds(i);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = calloc(1, 1 << 24);
	size_t n;

	if (!f || !buf)
		abort();
	n = fread(buf, 1, (1 << 24) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static int count_lines(const char *s, const char *prefix)
{
	int n = 0;

	for (; *s; s = strchr(s, '\n') + 1) {
		if (!strncmp(s, prefix, strlen(prefix)))
			n++;
		if (!strchr(s, '\n'))
			break;
	}
	return n;
}

FIXTURE(replay) {
	char dir[sizeof(DIR_TEMPLATE)];
	char file[64], out[64], err[64];
	char *stdout_text, *stderr_text;
};

FIXTURE_SETUP(replay)
{
	memcpy(self->dir, DIR_TEMPLATE, sizeof(DIR_TEMPLATE));
	ASSERT_NE(NULL, mkdtemp(self->dir));
	snprintf(self->file, sizeof(self->file), "%s/trace", self->dir);
	snprintf(self->out, sizeof(self->out), "%s/out", self->dir);
	snprintf(self->err, sizeof(self->err), "%s/err", self->dir);
	write_file(self->file, CALLS, PIDFDTRACE_ABI_VERSION, 0);
	self->stdout_text = self->stderr_text = NULL;
	ASSERT_EQ(0, access(reader(), X_OK))
		TH_LOG("no reader at %s (make -C tests)", reader());
}

FIXTURE_TEARDOWN(replay)
{
	char cmd[128];

	free(self->stdout_text);
	free(self->stderr_text);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", self->dir);
	if (system(cmd))
		TH_LOG("could not remove %s", self->dir);
}

/*
 * Runs the reader with @args (NULL-terminated), stdin from @in (or
 * /dev/null), stdout and stderr into the fixture's files: its exit status,
 * or 128 + the signal that killed it.
 */
static int run_reader(struct _test_data_replay *self, const char *in,
		      const char *const *args)
{
	posix_spawn_file_actions_t fa;
	const char *argv[32] = { reader() };
	int i, status;
	pid_t pid;

	for (i = 0; args[i]; i++)
		argv[i + 1] = args[i];
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, in ? in : "/dev/null",
					 O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, self->out,
					 O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_addopen(&fa, 2, self->err,
					 O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (posix_spawn(&pid, argv[0], &fa, NULL, (char **)argv, environ))
		return -1;
	posix_spawn_file_actions_destroy(&fa);
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	free(self->stdout_text);
	free(self->stderr_text);
	self->stdout_text = slurp(self->out);
	self->stderr_text = slurp(self->err);
	return WIFEXITED(status) ? WEXITSTATUS(status) :
				   128 + WTERMSIG(status);
}

#define RUN(in, ...) run_reader(self, in, (const char *const[]){ __VA_ARGS__, NULL })

/*
 * ", N filtered out": the calls a filter drops (all but @pass), and the
 * deliveries (those of the successful calls, all but @pass_succeeds).
 */
static const char *dropped(int (*pass)(int i), int (*pass_succeeds)(int i))
{
	static char buf[64];

	snprintf(buf, sizeof(buf), ", %d filtered out",
		 CALLS - count_calls(CALLS, pass) +
		 count_calls(CALLS, succeeds) -
		 count_calls(CALLS, pass_succeeds));
	return buf;
}

static void expect_summary(struct __test_metadata *_metadata,
			   const char *err, int calls, int deliveries,
			   const char *more)
{
	char want[256];

	snprintf(want, sizeof(want),
		 "pidfdtrace: %d calls, %d deliveries, 7 lost, 2 untraced%s\n",
		 calls, deliveries, more);
	EXPECT_NE(NULL, strstr(err, want)) TH_LOG("want %s in: %s", want, err);
}

TEST_F(replay, text_shows_every_record_and_the_live_totals)
{
	ASSERT_EQ(0, RUN(NULL, "-r", self->file));
	EXPECT_EQ(CALLS, count_lines(self->stdout_text, "1."));
	EXPECT_EQ(count_calls(CALLS, succeeds),
		  count_lines(self->stdout_text, "    -> "));
	/* Each delivery right below its call, as live. */
	EXPECT_NE(NULL, strstr(self->stdout_text,
			       "1.001000 sender-1[101/101] uid=1000 pidfd_send_signal(3<pidfd:201 target>, SIGTERM, NULL, 0) = 0 <0.000001>\n    -> SIGTERM to target[201/201] scope=process: queued\n"))
		TH_LOG("%s", self->stdout_text);
	EXPECT_NE(NULL, strstr(self->stdout_text,
			       "1.000000 sender-0[100/100] uid=0 pidfd_send_signal(3<pidfd:200 target>, SIGUSR1, NULL, 0) = -1 ESRCH (No such process) <0.000001>\n"));
	EXPECT_EQ(1, count_lines(self->stdout_text, "... lost 7 records (4 calls) ..."));
	EXPECT_EQ(1, count_lines(self->stdout_text, "... 2 calls untraced (probe-busy) ..."));
	expect_summary(_metadata, self->stderr_text, CALLS,
		       count_calls(CALLS, succeeds), "");
}

TEST_F(replay, time_of_day_comes_from_the_files_clock)
{
	/* -tt: the writer's realtime offset, not this host's. */
	ASSERT_EQ(0, RUN(NULL, "-r", self->file, "-tt", "-c", "1"));
	EXPECT_EQ(0, strncmp(self->stdout_text, "00:00:01.000000 sender-0[100/100]", 33))
		TH_LOG("%s", self->stdout_text);
}

TEST_F(replay, json_lines_parse_and_count_the_same)
{
	const char *line;
	int calls = 0, deliveries = 0, other = 0;

	ASSERT_EQ(0, RUN(NULL, "-r", self->file, "--json"));
	for (line = self->stdout_text; *line; line = strchr(line, '\n') + 1) {
		const char *err = NULL;
		size_t len = strchr(line, '\n') - line;
		struct json *v = json_parse(line, len, &err);
		const char *type;

		ASSERT_NE(NULL, v) TH_LOG("%s: %.*s", err, (int)len, line);
		type = json_get_str(v, "type");
		ASSERT_NE(NULL, type);
		if (!strcmp(type, "call"))
			calls++;
		else if (!strcmp(type, "delivery"))
			deliveries++;
		else
			other++;
		json_free(v);
	}
	EXPECT_EQ(CALLS, calls);
	EXPECT_EQ(count_calls(CALLS, succeeds), deliveries);
	EXPECT_EQ(2, other);
}

TEST_F(replay, filters_apply_as_the_module_applies_them)
{
	ASSERT_EQ(0, RUN(NULL, "-r", self->file, "-p", "101"));
	EXPECT_EQ(count_calls(CALLS, by_101),
		  count_lines(self->stdout_text, "1.") +
		  count_lines(self->stdout_text, "2."));
	expect_summary(_metadata, self->stderr_text,
		       count_calls(CALLS, by_101),
		       count_calls(CALLS, by_101_succeeds), ", 72 filtered out");

	ASSERT_EQ(0, RUN(NULL, "-r", self->file, "--comm", "sender-1"));
	expect_summary(_metadata, self->stderr_text,
		       count_calls(CALLS, by_101),
		       count_calls(CALLS, by_101_succeeds), ", 72 filtered out");

	ASSERT_EQ(0, RUN(NULL, "-r", self->file, "--uid", "1000"));
	expect_summary(_metadata, self->stderr_text, count_calls(CALLS, odd),
		       count_calls(CALLS, odd_succeeds), ", 54 filtered out");

	ASSERT_EQ(0, RUN(NULL, "-r", self->file, "-s", "TERM"));
	expect_summary(_metadata, self->stderr_text, count_calls(CALLS, odd),
		       count_calls(CALLS, odd_succeeds), ", 54 filtered out");

	ASSERT_EQ(0, RUN(NULL, "-r", self->file, "-P", "201"));
	expect_summary(_metadata, self->stderr_text, count_calls(CALLS, odd),
		       count_calls(CALLS, odd_succeeds), ", 54 filtered out");

	/* Lists: any of the pids, -p and -P given more than once. */
	ASSERT_EQ(0, RUN(NULL, "-r", self->file, "-p", "101", "-p", "102"));
	expect_summary(_metadata, self->stderr_text,
		       count_calls(CALLS, by_101_or_102),
		       count_calls(CALLS, by_101_or_102_succeeds),
		       dropped(by_101_or_102, by_101_or_102_succeeds));
	ASSERT_EQ(0, RUN(NULL, "-r", self->file, "-P", "200", "-P", "201"));
	expect_summary(_metadata, self->stderr_text, CALLS,
		       count_calls(CALLS, succeeds), ", 0 filtered out");
	ASSERT_EQ(0, RUN(NULL, "-r", self->file, "-P", "201", "-p", "100",
			 "-p", "102"));
	expect_summary(_metadata, self->stderr_text,
		       count_calls(CALLS, odd_not_by_101),
		       count_calls(CALLS, odd_not_by_101_succeeds),
		       dropped(odd_not_by_101, odd_not_by_101_succeeds));

	/* Failed calls only: no deliveries, as in the module. */
	ASSERT_EQ(0, RUN(NULL, "-r", self->file, "-x"));
	expect_summary(_metadata, self->stderr_text, count_calls(CALLS, fails),
		       0, ", 96 filtered out");
	EXPECT_EQ(0, count_lines(self->stdout_text, "    -> "));

	/* The cgroup filters need the live kernel: refused, usage error. */
	EXPECT_EQ(2, RUN(NULL, "-r", self->file, "--sender-cgroup", "1"));
	EXPECT_NE(NULL, strstr(self->stderr_text, "cgroup"));
}

TEST_F(replay, count_stops_after_that_many_calls)
{
	ASSERT_EQ(0, RUN(NULL, "-r", self->file, "-c", "3"));
	EXPECT_EQ(3, count_lines(self->stdout_text, "1.00"));
}

TEST_F(replay, stats_say_what_the_file_holds)
{
	struct json *v;
	const char *err = NULL;
	long long n = 0;

	ASSERT_EQ(0, RUN(NULL, "-r", self->file, "--stats"));
	EXPECT_NE(NULL, strstr(self->stdout_text, "host:             testhost\n"));
	EXPECT_NE(NULL, strstr(self->stdout_text, "kernel:           7.3.4+deb13-cloud-amd64\n"));
	EXPECT_NE(NULL, strstr(self->stdout_text, "syscall probe:    __x64_sys_pidfd_send_signal\n"));
	EXPECT_NE(NULL, strstr(self->stdout_text, "call records:     60\n"))
		TH_LOG("%s", self->stdout_text);
	EXPECT_NE(NULL, strstr(self->stdout_text, "delivery records: 48\n"));
	EXPECT_NE(NULL, strstr(self->stdout_text, "records lost:     7\n"));

	ASSERT_EQ(0, RUN(NULL, "-r", self->file, "--stats", "--json", "-x"));
	v = json_parse(self->stdout_text, strlen(self->stdout_text) - 1, &err);
	ASSERT_NE(NULL, v) TH_LOG("%s: %s", err, self->stdout_text);
	EXPECT_STREQ("stats", json_get_str(v, "type"));
	EXPECT_STREQ("testhost", json_get_str(v, "hostname"));
	EXPECT_TRUE(json_get_ll(v, "calls", &n));
	EXPECT_EQ(count_calls(CALLS, fails), n);
	EXPECT_TRUE(json_get_ll(v, "filtered", &n));
	EXPECT_EQ(96, n);
	json_free(v);
}

TEST_F(replay, reads_standard_input)
{
	ASSERT_EQ(0, RUN(self->file, "-r", "-"));
	expect_summary(_metadata, self->stderr_text, CALLS,
		       count_calls(CALLS, succeeds), "");
}

TEST_F(replay, a_later_formats_longer_header_is_skipped)
{
	write_file(self->file, CALLS, PIDFDTRACE_ABI_VERSION,
		   sizeof(struct tracefile_header) + 40);
	ASSERT_EQ(0, RUN(NULL, "-r", self->file));
	expect_summary(_metadata, self->stderr_text, CALLS,
		       count_calls(CALLS, succeeds), "");
}

TEST_F(replay, refuses_what_it_cannot_read)
{
	int fd;

	/* Another ABI major: the same refusal as a module's. */
	write_file(self->file, 3, (99U << 16), 0);
	EXPECT_EQ(1, RUN(NULL, "-r", self->file));
	EXPECT_NE(NULL, strstr(self->stderr_text, "module ABI 99.0"))
		TH_LOG("%s", self->stderr_text);

	/* Not a -w file. */
	EXPECT_EQ(1, RUN(NULL, "-r", "/etc/passwd"));
	EXPECT_NE(NULL, strstr(self->stderr_text, "not a pidfdtrace -w file"));

	/* A header cut short. */
	write_file(self->file, 3, PIDFDTRACE_ABI_VERSION, 0);
	fd = open(self->file, O_WRONLY);
	ASSERT_EQ(0, ftruncate(fd, 20));
	close(fd);
	EXPECT_EQ(1, RUN(NULL, "-r", self->file));
	EXPECT_NE(NULL, strstr(self->stderr_text, "truncated header"));

	EXPECT_EQ(1, RUN(NULL, "-r", "/nonexistent"));
	EXPECT_NE(NULL, strstr(self->stderr_text, "No such file or directory"));
}

TEST_F(replay, a_truncated_last_record_is_reported_not_hidden)
{
	struct stat st;
	int fd;

	write_file(self->file, 4, PIDFDTRACE_ABI_VERSION, 0);
	ASSERT_EQ(0, stat(self->file, &st));
	/* Cut into the MISSED record, the last. */
	fd = open(self->file, O_WRONLY);
	ASSERT_EQ(0, ftruncate(fd, st.st_size - 8));
	close(fd);
	ASSERT_EQ(0, RUN(NULL, "-r", self->file));
	EXPECT_NE(NULL, strstr(self->stderr_text,
			       "bytes of a truncated record at the end: skipped"))
		TH_LOG("%s", self->stderr_text);
	EXPECT_NE(NULL, strstr(self->stderr_text,
			       "pidfdtrace: 4 calls, 3 deliveries, 7 lost, 0 untraced\n"))
		TH_LOG("%s", self->stderr_text);
}

/* A reader that stops reading (| head -1): exit 0 and the totals, as strace. */
TEST_F(replay, a_closed_pipe_ends_it_cleanly_with_the_summary)
{
	posix_spawn_file_actions_t fa;
	int pipefd[2], status;
	char line[512];
	const char *argv[4];
	FILE *f;
	pid_t pid;

	argv[0] = reader();
	argv[1] = "-r";
	argv[2] = self->file;
	argv[3] = NULL;

	/* More than a pipe holds, so the reader is writing when it closes. */
	write_file(self->file, 20000, PIDFDTRACE_ABI_VERSION, 0);
	ASSERT_EQ(0, pipe(pipefd));
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
	posix_spawn_file_actions_addclose(&fa, pipefd[0]);
	posix_spawn_file_actions_addopen(&fa, 2, self->err,
					 O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ASSERT_EQ(0, posix_spawn(&pid, argv[0], &fa, NULL, (char **)argv,
				 environ));
	close(pipefd[1]);
	f = fdopen(pipefd[0], "r");
	ASSERT_NE(NULL, fgets(line, sizeof(line), f));
	EXPECT_EQ(0, strncmp(line, "1.000000 sender-0[100/100]", 26));
	fclose(f);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status)) TH_LOG("killed by signal %d", WTERMSIG(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	self->stderr_text = slurp(self->err);
	EXPECT_NE(NULL, strstr(self->stderr_text, " calls, "))
		TH_LOG("%s", self->stderr_text);
	EXPECT_EQ(NULL, strstr(self->stderr_text, "write:"));
}

/*
 * Runs "-r FILE" with stdout into a pipe nobody reads until the reader is
 * blocked on it, then sends @sig (with @ignored, ignored from the start,
 * as nohup does) and reads everything: the calls the summary counts.
 */
static int calls_after_signal(struct __test_metadata *_metadata,
			      struct _test_data_replay *self, int sig,
			      bool ignored)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	int pipefd[2], status, calls = -1;
	const char *argv[4];
	sigset_t none;
	char buf[65536];
	pid_t pid;

	argv[0] = reader();
	argv[1] = "-r";
	argv[2] = self->file;
	argv[3] = NULL;
	if (pipe(pipefd))
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
	posix_spawn_file_actions_addclose(&fa, pipefd[0]);
	posix_spawn_file_actions_addopen(&fa, 2, self->err,
					 O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawnattr_init(&attr);
	sigemptyset(&none);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
	signal(sig, ignored ? SIG_IGN : SIG_DFL);
	if (posix_spawn(&pid, argv[0], &fa, &attr, (char **)argv, environ))
		return -1;
	signal(sig, SIG_DFL);
	close(pipefd[1]);
	usleep(300 * 1000);	/* it fills the pipe and blocks */
	kill(pid, sig);
	while (read(pipefd[0], buf, sizeof(buf)) > 0)
		;
	close(pipefd[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		return -1;
	free(self->stderr_text);
	self->stderr_text = slurp(self->err);
	if (sscanf(self->stderr_text, "pidfdtrace: %d calls", &calls) != 1)
		TH_LOG("%s", self->stderr_text);
	return calls;
}

/*
 * SIGTERM ends a replay early, with the summary; a SIGHUP ignored from the
 * start (nohup) does not; SIGINT does even then, as a shell without job
 * control starts "&" jobs with it ignored and scripts stop them with it.
 */
TEST_F(replay, a_stop_signal_ends_it_and_an_ignored_hangup_does_not)
{
	int calls;

	write_file(self->file, 20000, PIDFDTRACE_ABI_VERSION, 0);
	calls = calls_after_signal(_metadata, self, SIGTERM, false);
	EXPECT_LT(0, calls);
	EXPECT_GT(20000, calls);
	EXPECT_EQ(20000, calls_after_signal(_metadata, self, SIGHUP, true));
	calls = calls_after_signal(_metadata, self, SIGINT, true);
	EXPECT_LT(0, calls);
	EXPECT_GT(20000, calls);
}

/* A write that fails for good is an error, said, and the exit status. */
TEST_F(replay, a_full_disk_is_an_error)
{
	EXPECT_EQ(1, RUN(NULL, "-r", self->file, "-o", "/dev/full"));
	EXPECT_NE(NULL, strstr(self->stderr_text,
			       "pidfdtrace: write: No space left on device\n"))
		TH_LOG("%s", self->stderr_text);
}

TEST_F(replay, output_goes_to_the_file_named)
{
	char path[80], *text;

	snprintf(path, sizeof(path), "%s/text", self->dir);
	ASSERT_EQ(0, RUN(NULL, "-r", self->file, "-o", path));
	EXPECT_STREQ("", self->stdout_text);
	text = slurp(path);
	EXPECT_EQ(count_calls(CALLS, succeeds), count_lines(text, "    -> "));
	free(text);
}

/* strace's spellings: -t, -tt, -ttt; -T is always on; -t PID is gone. */
TEST_F(replay, time_options_are_straces)
{
	setenv("TZ", "UTC", 1);
	ASSERT_EQ(0, RUN(NULL, "-r", self->file, "-t", "-c", "1"));
	EXPECT_EQ(0, strncmp(self->stdout_text, "00:00:01 sender-0[", 18))
		TH_LOG("%s", self->stdout_text);
	ASSERT_EQ(0, RUN(NULL, "-r", self->file, "-ttt", "-c", "1"));
	EXPECT_EQ(0, strncmp(self->stdout_text, "1795651201.000000 sender-0[", 27))
		TH_LOG("%s", self->stdout_text);
	ASSERT_EQ(0, RUN(NULL, "-r", self->file, "--time", "-c", "1"));
	EXPECT_EQ(0, strncmp(self->stdout_text, "00:00:01.000000 sender-0[", 25))
		TH_LOG("%s", self->stdout_text);
	ASSERT_EQ(0, RUN(NULL, "-r", self->file, "-T", "-c", "1"));
	EXPECT_EQ(0, strncmp(self->stdout_text, "1.000000 sender-0[", 18));
	EXPECT_NE(NULL, strstr(self->stdout_text, " <0.000001>\n"));
	EXPECT_NE(NULL, strstr(self->stderr_text, "the time of day is -t"));
	/* The old target filter's spelling is told where it went. */
	EXPECT_EQ(2, RUN(NULL, "-r", self->file, "-t", "4242"));
	EXPECT_NE(NULL, strstr(self->stderr_text, "-P 4242 (--target=4242)"))
		TH_LOG("%s", self->stderr_text);
}

TEST_F(replay, options_that_do_not_go_together_are_refused)
{
	EXPECT_EQ(2, RUN(NULL, "-r", self->file, "-w", "/dev/null"));
	EXPECT_EQ(2, RUN(NULL, "-r", self->file, "-b", "64K"));
	EXPECT_EQ(2, RUN(NULL, "-w", "/dev/null", "--json"));
	EXPECT_EQ(2, RUN(NULL, "-w", "/dev/null", "-o", "/dev/null"));
	EXPECT_EQ(2, RUN(NULL, "-w", "/dev/null", "-p", "1", "-p", "2"));
	EXPECT_EQ(2, RUN(NULL, "-w", "/dev/null", "-tt"));
}

TEST_HARNESS_MAIN
