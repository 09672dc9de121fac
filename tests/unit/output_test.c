// SPDX-License-Identifier: GPL-2.0
/*
 * The reader's text and JSON for each kind of record, field by field; JSON
 * checked with a strict parser, hostile comm bytes included.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kselftest_harness.h"
#include "../../tools/cgroup.h"
#include "../../tools/decode.h"
#include "../../tools/output.h"
#include "../../tools/users.h"
#include "../lib/json_parse.h"

#include <linux/pidfdtrace.h>

struct capture {
	char *buf;
	size_t len;
	struct output out;
};

static void capture_start(struct capture *c, bool json)
{
	memset(c, 0, sizeof(*c));
	c->out.f = open_memstream(&c->buf, &c->len);
	c->out.json = json;
	/* 2026-11-26T00:00:00Z at monotonic 0. */
	c->out.realtime_offset_ns = 1795651200LL * 1000000000;
}

static const char *capture_end(struct capture *c)
{
	output_flush(&c->out);
	fclose(c->out.f);
	return c->buf;
}

static struct pidfdtrace_call sample_call(void)
{
	struct pidfdtrace_call c = {
		.hdr = { PIDFDTRACE_RECORD_CALL, sizeof(c), 1, 41, 5062831000ULL },
		.duration_ns = 2586,
		.pidfd = 3,
		.sig = 15,
		.sender = { 152, 152, 152, 0, "supervisor" },
		.sender_euid = 0,
		.sender_loginuid = 1000,
		.sender_sessionid = 3,
		.sender_pidns = 4026531836U,
		.sender_cgroup = 1,
		.parent_tgid = 1,
		.parent_comm = "systemd",
		.fd_kind = PIDFDTRACE_FD_PIDFD,
		.target_state = PIDFDTRACE_TARGET_ALIVE,
		.target_source = PIDFDTRACE_SOURCE_KERNEL,
		.target = { 153, 153, 153, 1000, "web-worker" },
		.target_cgroup = 5678,
		.deliveries = 1,
	};

	return c;
}

static struct pidfdtrace_delivery sample_delivery(void)
{
	struct pidfdtrace_delivery d = {
		.hdr = { PIDFDTRACE_RECORD_DELIVERY, sizeof(d), 0, 42, 5062832000ULL },
		.call_seq = 41,
		.target = { 153, 153, 7, 1000, "web-worker" },
		.target_cgroup = 5678,
		.sender_pid = 152,
		.sender_tgid = 152,
		.sig = 15,
		.scope = PIDFDTRACE_SCOPE_PROCESS,
		.outcome = PIDFDTRACE_OUTCOME_DELIVERED,
		.siginfo = { .signo = 15, .code = SI_USER, .pid = 152, .uid = 0 },
	};

	return d;
}

static struct pidfdtrace_missed sample_missed(void)
{
	struct pidfdtrace_missed m = {
		.hdr = { PIDFDTRACE_RECORD_MISSED, sizeof(m), 2, 43, 5062833000ULL },
		.calls = 3,
		.reasons = PIDFDTRACE_MISSED_PROBE_BUSY,
	};

	return m;
}

/* The text of call @c, as the reader prints it. */
static const char *call_text(struct capture *cap,
			     const struct pidfdtrace_call *c)
{
	capture_start(cap, false);
	output_call(&cap->out, c);
	return capture_end(cap);
}

#define SENDER "5.062831 supervisor[152/152] uid=0 pidfd_send_signal("

TEST(text_call_reads_like_strace)
{
	struct pidfdtrace_call c = sample_call();
	struct capture cap;

	EXPECT_STREQ(SENDER "3<pidfd:153 web-worker>, SIGTERM, NULL, 0) = 0 <0.000002>\n",
		     call_text(&cap, &c));
	free(cap.buf);
}

TEST(text_failed_call_with_siginfo_flags_and_namespaces)
{
	struct pidfdtrace_call c = sample_call();
	struct capture cap;

	c.sender.ns_pid = 1;
	c.target.ns_pid = 2;
	c.sig = 34;
	c.flags = 0x84;
	c.ret = -1;
	c.info = 0x7ffc0000;
	c.siginfo_state = PIDFDTRACE_SIGINFO_KERNEL;
	c.siginfo = (struct pidfdtrace_siginfo) {
		.signo = 34, .error = 0, .code = -1, .pid = 152, .uid = 0,
		.value = 42,
	};
	EXPECT_STREQ("5.062831 supervisor[152/152 ns:1] uid=0 pidfd_send_signal(3<pidfd:153 ns:2 web-worker>, SIGRTMIN+2, {si_signo=SIGRTMIN+2, si_code=SI_QUEUE, si_pid=152, si_uid=0, si_int=42, si_ptr=0x2a}, PIDFD_SIGNAL_PROCESS_GROUP|0x80) = -1 EPERM (Operation not permitted) <0.000002>\n",
		     call_text(&cap, &c));
	free(cap.buf);
}

TEST(text_fd_kinds_and_target_states)
{
	struct pidfdtrace_call c = sample_call();
	struct capture cap;

	capture_start(&cap, false);
	c.fd_kind = PIDFDTRACE_FD_PROC;
	output_call(&cap.out, &c);
	c.fd_kind = PIDFDTRACE_FD_PIDFD_THREAD;
	c.target_state = PIDFDTRACE_TARGET_EXITED;
	output_call(&cap.out, &c);
	c.fd_kind = PIDFDTRACE_FD_PIDFD;
	c.target_state = PIDFDTRACE_TARGET_REAPED;
	c.ret = -3;
	output_call(&cap.out, &c);
	c.fd_kind = PIDFDTRACE_FD_OTHER;
	c.target_state = PIDFDTRACE_TARGET_UNKNOWN;
	c.target_source = PIDFDTRACE_SOURCE_NONE;
	c.ret = -9;
	output_call(&cap.out, &c);
	c.fd_kind = PIDFDTRACE_FD_NONE;
	c.siginfo_state = PIDFDTRACE_SIGINFO_UNREADABLE;
	c.info = 0x1000;
	c.ret = -14;
	output_call(&cap.out, &c);
	c.fd_kind = 9;
	output_call(&cap.out, &c);
	EXPECT_STREQ(
SENDER "3</proc/153 web-worker>, SIGTERM, NULL, 0) = 0 <0.000002>\n"
SENDER "3<pidfd-thread:153 web-worker exited>, SIGTERM, NULL, 0) = 0 <0.000002>\n"
SENDER "3<pidfd:153 reaped>, SIGTERM, NULL, 0) = -1 ESRCH (No such process) <0.000002>\n"
SENDER "3<not-pidfd>, SIGTERM, NULL, 0) = -1 EBADF (Bad file descriptor) <0.000002>\n"
SENDER "3<closed>, SIGTERM, 0x1000, 0) = -1 EFAULT (Bad address) <0.000002>\n"
SENDER "3<9>, SIGTERM, 0x1000, 0) = -1 EFAULT (Bad address) <0.000002>\n",
		     capture_end(&cap));
	free(cap.buf);
}

TEST(text_target_from_a_second_look_is_marked)
{
	struct pidfdtrace_call c = sample_call();
	struct capture cap;

	capture_start(&cap, false);
	c.sig = 0;
	c.deliveries = 0;
	c.target_source = PIDFDTRACE_SOURCE_SECOND_LOOK;
	output_call(&cap.out, &c);
	c.fd_kind = PIDFDTRACE_FD_PROC;
	c.target_state = PIDFDTRACE_TARGET_REAPED;
	c.ret = -3;
	output_call(&cap.out, &c);
	/* A source this reader predates is not the kernel's either. */
	c.target_source = 9;
	output_call(&cap.out, &c);
	EXPECT_STREQ(
SENDER "3<pidfd:153 web-worker>?, 0, NULL, 0) = 0 <0.000002>\n"
SENDER "3</proc/153 reaped>?, 0, NULL, 0) = -1 ESRCH (No such process) <0.000002>\n"
SENDER "3</proc/153 reaped>?, 0, NULL, 0) = -1 ESRCH (No such process) <0.000002>\n",
		     capture_end(&cap));
	free(cap.buf);
}

TEST(text_siginfo_read_after_the_kernel_is_marked)
{
	struct pidfdtrace_call c = sample_call();
	struct capture cap;

	capture_start(&cap, false);
	c.sig = SIGUSR1;
	c.ret = -1;
	c.info = 0x7ffc0000;
	c.siginfo = (struct pidfdtrace_siginfo) {
		.signo = SIGUSR1, .code = SI_USER, .pid = 1, .uid = 0,
	};
	c.siginfo_state = PIDFDTRACE_SIGINFO_KERNEL;
	output_call(&cap.out, &c);
	c.siginfo_state = PIDFDTRACE_SIGINFO_USER_UNVERIFIED;
	output_call(&cap.out, &c);
	c.siginfo_state = PIDFDTRACE_SIGINFO_USER_UNREADABLE;
	output_call(&cap.out, &c);
	c.siginfo_state = 9;
	output_call(&cap.out, &c);
	/* The kernel itself could not read it: the call failed. */
	c.siginfo_state = PIDFDTRACE_SIGINFO_UNREADABLE;
	c.ret = -14;
	output_call(&cap.out, &c);
	EXPECT_STREQ(
SENDER "3<pidfd:153 web-worker>, SIGUSR1, {si_signo=SIGUSR1, si_code=SI_USER, si_pid=1, si_uid=0}, 0) = -1 EPERM (Operation not permitted) <0.000002>\n"
SENDER "3<pidfd:153 web-worker>, SIGUSR1, {si_signo=SIGUSR1, si_code=SI_USER, si_pid=1, si_uid=0}?, 0) = -1 EPERM (Operation not permitted) <0.000002>\n"
SENDER "3<pidfd:153 web-worker>, SIGUSR1, 0x7ffc0000?, 0) = -1 EPERM (Operation not permitted) <0.000002>\n"
SENDER "3<pidfd:153 web-worker>, SIGUSR1, 0x7ffc0000?, 0) = -1 EPERM (Operation not permitted) <0.000002>\n"
SENDER "3<pidfd:153 web-worker>, SIGUSR1, 0x7ffc0000, 0) = -1 EFAULT (Bad address) <0.000002>\n",
		     capture_end(&cap));
	free(cap.buf);
}

TEST(text_call_whose_return_was_not_traced_has_no_result)
{
	struct pidfdtrace_call c = sample_call();
	struct capture cap;

	c.call_flags = PIDFDTRACE_CALL_RETURN_UNTRACED;
	c.duration_ns = 0;
	c.deliveries = 0;
	EXPECT_STREQ(SENDER "3<pidfd:153 web-worker>, SIGTERM, NULL, 0) = ? <return untraced>\n",
		     call_text(&cap, &c));
	free(cap.buf);
}

TEST(text_fd_changed_during_the_call_is_said)
{
	struct pidfdtrace_call c = sample_call();
	struct capture cap;

	capture_start(&cap, false);
	c.call_flags = PIDFDTRACE_CALL_FD_CHANGED;
	output_call(&cap.out, &c);
	/* Flags this reader predates, in hex. */
	c.call_flags = PIDFDTRACE_CALL_FD_CHANGED | 1U << 31;
	output_call(&cap.out, &c);
	c.call_flags = PIDFDTRACE_CALL_RETURN_UNTRACED | 1U << 2;
	output_call(&cap.out, &c);
	EXPECT_STREQ(
SENDER "3<pidfd:153 web-worker>, SIGTERM, NULL, 0) = 0 <0.000002> (fd changed during the call)\n"
SENDER "3<pidfd:153 web-worker>, SIGTERM, NULL, 0) = 0 <0.000002> (fd changed during the call, call_flags=0x80000000)\n"
SENDER "3<pidfd:153 web-worker>, SIGTERM, NULL, 0) = ? <return untraced> (call_flags=0x4)\n",
		     capture_end(&cap));
	free(cap.buf);
}

TEST(text_euid_is_shown_when_it_is_not_the_uid)
{
	struct pidfdtrace_call c = sample_call();
	struct capture cap;

	c.sender.uid = 1000;
	c.sender_euid = 0;
	EXPECT_STREQ("5.062831 supervisor[152/152] uid=1000 euid=0 pidfd_send_signal(3<pidfd:153 web-worker>, SIGTERM, NULL, 0) = 0 <0.000002>\n",
		     call_text(&cap, &c));
	free(cap.buf);
}

/* The text of delivery @d under its call. */
static const char *delivery_text(struct capture *cap,
				 const struct pidfdtrace_delivery *d)
{
	capture_start(cap, false);
	output_delivery(&cap->out, d, false);
	return capture_end(cap);
}

#define TO "    -> SIGTERM to web-worker[153/153 ns:7] scope=process: "

TEST(text_delivery_outcomes)
{
	static const struct {
		unsigned int outcome;
		const char *want;
	} cases[] = {
		{ PIDFDTRACE_OUTCOME_DELIVERED, TO "queued\n" },
		{ PIDFDTRACE_OUTCOME_IGNORED, TO "ignored\n" },
		{ PIDFDTRACE_OUTCOME_ALREADY_PENDING, TO "already-pending\n" },
		{ PIDFDTRACE_OUTCOME_OVERFLOW_FAIL, TO "overflow\n" },
		/* Pending without its siginfo: what dequeueing makes up. */
		{ PIDFDTRACE_OUTCOME_LOSE_INFO,
		  TO "lose-info (receiver gets {si_signo=SIGTERM, si_code=SI_USER, si_pid=0, si_uid=0})\n" },
		{ 9, TO "9\n" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct pidfdtrace_delivery d = sample_delivery();
		struct capture cap;

		d.outcome = cases[i].outcome;
		EXPECT_STREQ(cases[i].want, delivery_text(&cap, &d));
		free(cap.buf);
	}
}

TEST(text_delivery_effects_follow_the_outcome)
{
	static const struct {
		unsigned int outcome, effects;
		unsigned long long discarded;
		const char *want;
	} cases[] = {
		{ PIDFDTRACE_OUTCOME_IGNORED, PIDFDTRACE_EFFECT_RESUMED, 0,
		  TO "ignored, resumed\n" },
		{ PIDFDTRACE_OUTCOME_IGNORED, PIDFDTRACE_EFFECT_TARGET_EXITING, 0,
		  TO "ignored, target-exiting\n" },
		{ PIDFDTRACE_OUTCOME_IGNORED,
		  PIDFDTRACE_EFFECT_RESUMED | PIDFDTRACE_EFFECT_STOP_CANCELLED |
		  PIDFDTRACE_EFFECT_DISCARDED, 1ULL << (SIGTSTP - 1),
		  TO "ignored, resumed, stop-cancelled, discarded SIGTSTP\n" },
		{ PIDFDTRACE_OUTCOME_DELIVERED, PIDFDTRACE_EFFECT_DISCARDED,
		  1ULL << (SIGCONT - 1),
		  TO "queued, discarded SIGCONT\n" },
		{ PIDFDTRACE_OUTCOME_DELIVERED, PIDFDTRACE_EFFECT_DISCARDED,
		  1ULL << (SIGTSTP - 1) | 1ULL << (SIGTTIN - 1) |
		  1ULL << (SIGTTOU - 1) | 1ULL << 63,
		  TO "queued, discarded SIGTSTP|SIGTTIN|SIGTTOU|SIGRTMAX\n" },
		/* Rewritten for the receiver: what it gets is shown. */
		{ PIDFDTRACE_OUTCOME_DELIVERED, PIDFDTRACE_EFFECT_CROSS_NAMESPACE, 0,
		  TO "queued, cross-namespace (receiver gets {si_signo=SIGTERM, si_code=SI_USER, si_pid=0, si_uid=65534})\n" },
		/* Not received: nothing to show. */
		{ PIDFDTRACE_OUTCOME_IGNORED, PIDFDTRACE_EFFECT_CROSS_NAMESPACE, 0,
		  TO "ignored, cross-namespace\n" },
		{ PIDFDTRACE_OUTCOME_DELIVERED, PIDFDTRACE_EFFECT_KILLED, 0,
		  TO "queued, killed\n" },
		{ PIDFDTRACE_OUTCOME_DELIVERED, 1U << 6 | 1U << 31, 0,
		  TO "queued, 0x40, 0x80000000\n" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct pidfdtrace_delivery d = sample_delivery();
		struct capture cap;

		d.outcome = cases[i].outcome;
		d.effects = cases[i].effects;
		d.discarded = cases[i].discarded;
		d.siginfo.pid = 0;
		d.siginfo.uid = 65534;
		EXPECT_STREQ(cases[i].want, delivery_text(&cap, &d))
			TH_LOG("case %u", i);
		free(cap.buf);
	}
}

TEST(text_delivery_lost_missed_and_wallclock)
{
	struct pidfdtrace_delivery d = sample_delivery();
	struct pidfdtrace_missed m = sample_missed();
	struct pidfdtrace_lost l = {
		.hdr = { PIDFDTRACE_RECORD_LOST, sizeof(l), 0, 0, 6000000000ULL },
		.count = 42,
		.calls = 30,
	};
	struct capture cap;

	capture_start(&cap, false);
	output_delivery(&cap.out, &d, false);
	d.outcome = PIDFDTRACE_OUTCOME_OVERFLOW_FAIL;
	d.scope = 9;
	output_delivery(&cap.out, &d, true);
	output_lost(&cap.out, &l);
	output_missed(&cap.out, &m);
	m.reasons = 0;
	output_missed(&cap.out, &m);
	m.reasons = PIDFDTRACE_MISSED_PROBE_BUSY | 1U << 1;
	output_missed(&cap.out, &m);
	setenv("TZ", "UTC", 1);
	tzset();
	cap.out.clock = OUTPUT_CLOCK_TIME_US;
	output_delivery(&cap.out, &d, true);
	EXPECT_STREQ(
"    -> SIGTERM to web-worker[153/153 ns:7] scope=process: queued\n"
"5.062832     -> SIGTERM to web-worker[153/153 ns:7] scope=9: overflow (call #41 not seen)\n"
"... lost 42 records (30 calls) ...\n"
"... 3 calls untraced (probe-busy) ...\n"
"... 3 calls untraced ...\n"
"... 3 calls untraced (probe-busy, 0x2) ...\n"
"00:00:05.062832     -> SIGTERM to web-worker[153/153 ns:7] scope=9: overflow (call #41 not seen)\n",
		     capture_end(&cap));
	free(cap.buf);
}

/* strace's -t, -tt, -ttt; seconds since boot without. */
TEST(text_clocks_are_straces)
{
	static const struct {
		enum output_clock clock;
		const char *want;
	} cases[] = {
		{ OUTPUT_CLOCK_BOOT, "5.062831 supervisor[" },
		{ OUTPUT_CLOCK_TIME, "00:00:05 supervisor[" },
		{ OUTPUT_CLOCK_TIME_US, "00:00:05.062831 supervisor[" },
		{ OUTPUT_CLOCK_EPOCH, "1795651205.062831 supervisor[" },
	};
	struct pidfdtrace_call c = sample_call();
	struct capture cap;
	size_t i;

	setenv("TZ", "UTC", 1);
	tzset();
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		capture_start(&cap, false);
		cap.out.clock = cases[i].clock;
		output_call(&cap.out, &c);
		EXPECT_EQ(0, strncmp(cases[i].want, capture_end(&cap),
				     strlen(cases[i].want)))
			TH_LOG("%s", cap.buf);
		free(cap.buf);
	}
}

TEST(text_escapes_hostile_comm)
{
	const char *want = "5.062831 \"a\\\\b\\x0a\\x1b[31m\\xff\"[152/152]";
	struct pidfdtrace_call c = sample_call();
	struct capture cap;

	memcpy(c.sender.comm, "a\\b\n\x1b[31m\xff", 11);
	capture_start(&cap, false);
	output_call(&cap.out, &c);
	EXPECT_EQ(0, strncmp(want, capture_end(&cap), strlen(want)))
		TH_LOG("got %s", cap.buf);
	free(cap.buf);
}

/* No comm can pass for another field of the line, nor for none. */
TEST(text_quotes_a_comm_that_could_forge_a_field)
{
	static const struct {
		const char comm[PIDFDTRACE_COMM_LEN];
		const char *want;
	} cases[] = {
		{ "web-worker", "web-worker" },
		{ "kworker/u8:2", "kworker/u8:2" },
		{ "a.b_c+d@e%f~g#", "a.b_c+d@e%f~g#" },
		{ "", "\"\"" },
		{ "x[1/1] uid=0", "\"x[1/1] uid=0\"" },
		{ "a b", "\"a b\"" },
		{ "say \"hi\"", "\"say \\\"hi\\\"\"" },
		{ "w>, SIGKILL", "\"w>, SIGKILL\"" },
		{ "(sd-pam)", "\"(sd-pam)\"" },
		{ "{a}", "\"{a}\"" },
		{ "it's", "\"it's\"" },
		{ "tab\there", "\"tab\\x09here\"" },
		{ "\x7f", "\"\\x7f\"" },
		/* All 16 bytes, no NUL: the kernel's comm never, a record may. */
		{ { 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h',
		    'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p' }, "abcdefghijklmnop" },
	};
	char buf[OUTPUT_STRING_MAX(PIDFDTRACE_COMM_LEN)], line[256];
	struct pidfdtrace_call c = sample_call();
	struct capture cap;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		EXPECT_EQ(strlen(cases[i].want),
			  output_text_string(buf, cases[i].comm,
					     PIDFDTRACE_COMM_LEN));
		EXPECT_STREQ(cases[i].want, buf);

		/* The sender, and the target in the fd. */
		memcpy(c.sender.comm, cases[i].comm, PIDFDTRACE_COMM_LEN);
		memcpy(c.target.comm, cases[i].comm, PIDFDTRACE_COMM_LEN);
		capture_start(&cap, false);
		output_call(&cap.out, &c);
		snprintf(line, sizeof(line), "5.062831 %s[152/152] ",
			 cases[i].want);
		EXPECT_EQ(0, strncmp(line, capture_end(&cap), strlen(line)))
			TH_LOG("got %s", cap.buf);
		snprintf(line, sizeof(line), "<pidfd:153 %s>", cases[i].want);
		EXPECT_NE(NULL, strstr(cap.buf, line)) TH_LOG("got %s", cap.buf);
		free(cap.buf);
	}
}

static struct json *parse_line(struct __test_metadata *_metadata,
			       const char *line)
{
	const char *err = NULL;
	size_t len = strlen(line);
	struct json *v;

	ASSERT_LT(0U, len);
	/* Exactly one line. */
	EXPECT_EQ(line + len - 1, strchr(line, '\n'));
	v = json_parse(line, len - 1, &err);
	if (!v)
		TH_LOG("%s: %s", err, line);
	return v;
}

#define EXPECT_JSON_LL(v, path, want) do {			\
	long long __got = 0;					\
	EXPECT_TRUE(json_get_ll(v, path, &__got)) TH_LOG("%s", path);	\
	EXPECT_EQ((long long)(want), __got) TH_LOG("%s", path);	\
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

/* The strings of the array at @path, space-separated, or why not. */
static const char *json_strings(const struct json *v, const char *path)
{
	static char buf[2048];
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

/* Line @n (from 0) of @out, parsed: NULL, logged, when it is not JSON. */
static struct json *parse_nth(struct __test_metadata *_metadata,
			      const char *out, int n)
{
	const char *line = out, *nl;
	struct json *v;
	char *copy;

	for (; n; n--, line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl) {
			TH_LOG("no line %d in %s", n, out);
			return NULL;
		}
	}
	nl = strchr(line, '\n');
	copy = strndup(line, nl ? (size_t)(nl - line + 1) : strlen(line));
	v = parse_line(_metadata, copy);
	free(copy);
	return v;
}

TEST(json_call_has_every_field)
{
	struct pidfdtrace_call c = sample_call();
	struct capture cap;
	struct json *v;

	c.flags = 4;
	c.info = 0x7ffc0000;
	c.siginfo_state = PIDFDTRACE_SIGINFO_KERNEL;
	c.siginfo = (struct pidfdtrace_siginfo) {
		.signo = 15, .error = 5, .code = -1, .pid = -4, .uid = 7,
		.value = 0x1122334455667788ULL,
	};
	c.sender.uid = 1000;
	c.sender_euid = 0;
	capture_start(&cap, true);
	output_call(&cap.out, &c);
	v = parse_line(_metadata, capture_end(&cap));
	ASSERT_NE(NULL, v);
	EXPECT_JSON_STR(v, "type", "call");
	EXPECT_JSON_LL(v, "seq", 41);
	EXPECT_JSON_LL(v, "cpu", 1);
	EXPECT_JSON_U64(v, "time_ns", 5062831000LL);
	EXPECT_JSON_STR(v, "time", "2026-11-26T00:00:05.062831000Z");
	EXPECT_JSON_U64(v, "duration_ns", 2586);
	EXPECT_JSON_LL(v, "sender.pid", 152);
	EXPECT_JSON_LL(v, "sender.tgid", 152);
	EXPECT_JSON_LL(v, "sender.ns_pid", 152);
	EXPECT_JSON_LL(v, "sender.uid", 1000);
	EXPECT_JSON_STR(v, "sender.comm", "supervisor");
	EXPECT_JSON_LL(v, "sender.euid", 0);
	EXPECT_JSON_LL(v, "sender.loginuid", 1000);
	EXPECT_JSON_LL(v, "sender.sessionid", 3);
	EXPECT_JSON_LL(v, "sender.pidns", 4026531836LL);
	EXPECT_JSON_U64(v, "sender.cgroup_id", 1);
	EXPECT_TRUE(json_is_null(v, "sender.cgroup"));
	EXPECT_TRUE(json_is_null(v, "sender.container"));
	EXPECT_TRUE(json_is_null(v, "sender.unit"));
	EXPECT_TRUE(json_is_null(v, "sender.user"));
	EXPECT_EQ(14U, json_get(v, "sender")->n);
	EXPECT_JSON_LL(v, "parent.tgid", 1);
	EXPECT_JSON_STR(v, "parent.comm", "systemd");
	EXPECT_EQ(2U, json_get(v, "parent")->n);
	EXPECT_JSON_LL(v, "pidfd", 3);
	EXPECT_JSON_STR(v, "fd_kind", "pidfd");
	EXPECT_JSON_STR(v, "target.state", "alive");
	EXPECT_JSON_LL(v, "target.pid", 153);
	EXPECT_JSON_LL(v, "target.tgid", 153);
	EXPECT_JSON_LL(v, "target.ns_pid", 153);
	EXPECT_JSON_LL(v, "target.uid", 1000);
	EXPECT_JSON_STR(v, "target.comm", "web-worker");
	EXPECT_JSON_U64(v, "target.cgroup_id", 5678);
	EXPECT_TRUE(json_is_null(v, "target.container"));
	EXPECT_EQ(11U, json_get(v, "target")->n);
	EXPECT_JSON_STR(v, "target_source", "kernel");
	EXPECT_JSON_LL(v, "sig", 15);
	EXPECT_JSON_STR(v, "sig_name", "SIGTERM");
	EXPECT_JSON_STR(v, "info.addr", "0x7ffc0000");
	EXPECT_JSON_STR(v, "info.state", "kernel");
	EXPECT_EQ(true, json_get(v, "info.readable")->boolean);
	EXPECT_JSON_LL(v, "info.si_signo", 15);
	EXPECT_JSON_STR(v, "info.si_signo_name", "SIGTERM");
	EXPECT_JSON_LL(v, "info.si_errno", 5);
	EXPECT_JSON_LL(v, "info.si_code", -1);
	EXPECT_JSON_STR(v, "info.si_code_name", "SI_QUEUE");
	EXPECT_JSON_LL(v, "info.si_pid", -4);
	EXPECT_JSON_LL(v, "info.si_uid", 7);
	EXPECT_JSON_U64(v, "info.si_value", 0x1122334455667788LL);
	EXPECT_EQ(11U, json_get(v, "info")->n);
	EXPECT_JSON_LL(v, "flags", 4);
	EXPECT_JSON_STR(v, "flags_name", "PIDFD_SIGNAL_PROCESS_GROUP");
	EXPECT_JSON_LL(v, "ret", 0);
	EXPECT_TRUE(json_is_null(v, "errno_name"));
	EXPECT_TRUE(json_is_null(v, "error"));
	EXPECT_JSON_LL(v, "call_flags", 0);
	EXPECT_EQ(false, json_get(v, "return_untraced")->boolean);
	EXPECT_EQ(false, json_get(v, "fd_changed")->boolean);
	EXPECT_JSON_LL(v, "deliveries", 1);
	EXPECT_JSON_LL(v, "v", 1);
	EXPECT_EQ(25U, v->n);
	json_free(v);
	free(cap.buf);
}

/*
 * Only -4095..-1 is an errno, as the kernel tells them apart; -ret of
 * INT_MIN was undefined behaviour, which UBSan (and the fuzz target) now
 * stop at.
 */
TEST(a_return_outside_the_errno_range_is_a_number)
{
	static const int rets[] = { INT_MIN, -4096, 4096, INT_MAX };
	struct pidfdtrace_call c = sample_call();
	char want[64];
	struct capture cap;
	struct json *v;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rets); i++) {
		c.ret = rets[i];
		snprintf(want, sizeof(want), ", 0) = %d <0.000002>\n", rets[i]);
		capture_start(&cap, false);
		output_call(&cap.out, &c);
		EXPECT_NE(NULL, strstr(capture_end(&cap), want))
			TH_LOG("%s", cap.buf);
		free(cap.buf);

		capture_start(&cap, true);
		output_call(&cap.out, &c);
		v = parse_nth(_metadata, capture_end(&cap), 0);
		ASSERT_NE(NULL, v);
		EXPECT_JSON_LL(v, "ret", rets[i]);
		EXPECT_TRUE(json_is_null(v, "errno_name"));
		EXPECT_TRUE(json_is_null(v, "error"));
		json_free(v);
		free(cap.buf);
	}
	c.ret = -4095;
	capture_start(&cap, false);
	output_call(&cap.out, &c);
	EXPECT_NE(NULL, strstr(capture_end(&cap), "= -1 E4095 (Unknown error) <"));
	free(cap.buf);
}

TEST(json_failed_call_without_target_or_info)
{
	struct pidfdtrace_call c = sample_call();
	struct capture cap;
	struct json *v;
	const char *out;

	c.fd_kind = PIDFDTRACE_FD_NONE;
	c.target_state = PIDFDTRACE_TARGET_UNKNOWN;
	c.target_source = PIDFDTRACE_SOURCE_NONE;
	c.sig = 0;
	c.ret = -9;
	c.deliveries = 0;
	capture_start(&cap, true);
	output_call(&cap.out, &c);
	c.fd_kind = PIDFDTRACE_FD_PIDFD;
	c.target_state = PIDFDTRACE_TARGET_REAPED;
	c.target_source = PIDFDTRACE_SOURCE_SECOND_LOOK;
	c.target_cgroup = 0;
	c.sig = 1000;
	c.ret = -3;
	c.info = 8;
	c.siginfo_state = PIDFDTRACE_SIGINFO_UNREADABLE;
	output_call(&cap.out, &c);
	out = capture_end(&cap);

	v = parse_nth(_metadata, out, 0);
	ASSERT_NE(NULL, v);
	EXPECT_JSON_STR(v, "fd_kind", "closed");
	EXPECT_TRUE(json_is_null(v, "target"));
	EXPECT_JSON_STR(v, "target_source", "none");
	EXPECT_JSON_LL(v, "sig", 0);
	EXPECT_TRUE(json_is_null(v, "sig_name"));
	EXPECT_TRUE(json_is_null(v, "info"));
	EXPECT_JSON_LL(v, "ret", -9);
	EXPECT_JSON_STR(v, "errno_name", "EBADF");
	EXPECT_JSON_STR(v, "error", "Bad file descriptor");
	EXPECT_JSON_LL(v, "deliveries", 0);
	json_free(v);

	v = parse_nth(_metadata, out, 1);
	ASSERT_NE(NULL, v);
	EXPECT_JSON_STR(v, "target.state", "reaped");
	EXPECT_JSON_LL(v, "target.pid", 153);
	EXPECT_TRUE(json_is_null(v, "target.uid"));
	EXPECT_TRUE(json_is_null(v, "target.comm"));
	EXPECT_JSON_U64(v, "target.cgroup_id", 0);
	EXPECT_JSON_STR(v, "target_source", "second-look");
	EXPECT_JSON_LL(v, "sig", 1000);
	EXPECT_TRUE(json_is_null(v, "sig_name"));
	EXPECT_JSON_STR(v, "info.addr", "0x8");
	EXPECT_JSON_STR(v, "info.state", "unreadable");
	EXPECT_EQ(false, json_get(v, "info.readable")->boolean);
	EXPECT_EQ(NULL, json_get(v, "info.si_signo"));
	EXPECT_EQ(3U, json_get(v, "info")->n);
	EXPECT_JSON_STR(v, "errno_name", "ESRCH");
	json_free(v);
	free(cap.buf);
}

TEST(json_says_what_is_not_the_kernels)
{
	struct pidfdtrace_call c = sample_call();
	struct capture cap;
	struct json *v;
	const char *out;

	c.info = 0x7ffc0000;
	c.siginfo = (struct pidfdtrace_siginfo) {
		.signo = 15, .code = SI_USER, .pid = 1, .uid = 0,
	};
	c.target_source = PIDFDTRACE_SOURCE_SECOND_LOOK;
	c.siginfo_state = PIDFDTRACE_SIGINFO_USER_UNVERIFIED;
	c.ret = -1;
	c.deliveries = 0;
	capture_start(&cap, true);
	output_call(&cap.out, &c);
	c.siginfo_state = PIDFDTRACE_SIGINFO_USER_UNREADABLE;
	output_call(&cap.out, &c);
	out = capture_end(&cap);

	v = parse_nth(_metadata, out, 0);
	ASSERT_NE(NULL, v);
	EXPECT_JSON_STR(v, "target_source", "second-look");
	EXPECT_JSON_STR(v, "info.state", "user-unverified");
	EXPECT_EQ(true, json_get(v, "info.readable")->boolean);
	EXPECT_JSON_LL(v, "info.si_pid", 1);
	EXPECT_JSON_STR(v, "info.si_code_name", "SI_USER");
	json_free(v);

	v = parse_nth(_metadata, out, 1);
	ASSERT_NE(NULL, v);
	EXPECT_JSON_STR(v, "info.state", "user-unreadable");
	EXPECT_EQ(false, json_get(v, "info.readable")->boolean);
	EXPECT_EQ(NULL, json_get(v, "info.si_pid"));
	json_free(v);
	free(cap.buf);
}

TEST(json_call_flags_unset_audit_ids_and_untraced_return)
{
	struct pidfdtrace_call c = sample_call();
	struct capture cap;
	struct json *v;
	const char *out;

	c.sender_loginuid = PIDFDTRACE_AUDIT_UNSET;
	c.sender_sessionid = PIDFDTRACE_AUDIT_UNSET;
	c.call_flags = PIDFDTRACE_CALL_RETURN_UNTRACED;
	c.deliveries = 0;
	capture_start(&cap, true);
	output_call(&cap.out, &c);
	c.call_flags = PIDFDTRACE_CALL_FD_CHANGED | 1U << 31;
	c.ret = -1;
	output_call(&cap.out, &c);
	out = capture_end(&cap);

	v = parse_nth(_metadata, out, 0);
	ASSERT_NE(NULL, v);
	EXPECT_TRUE(json_is_null(v, "sender.loginuid"));
	EXPECT_TRUE(json_is_null(v, "sender.sessionid"));
	EXPECT_TRUE(json_is_null(v, "duration_ns"));
	EXPECT_TRUE(json_is_null(v, "ret"));
	EXPECT_TRUE(json_is_null(v, "errno_name"));
	EXPECT_TRUE(json_is_null(v, "error"));
	EXPECT_JSON_LL(v, "call_flags", PIDFDTRACE_CALL_RETURN_UNTRACED);
	EXPECT_EQ(true, json_get(v, "return_untraced")->boolean);
	EXPECT_EQ(false, json_get(v, "fd_changed")->boolean);
	json_free(v);

	v = parse_nth(_metadata, out, 1);
	ASSERT_NE(NULL, v);
	EXPECT_JSON_U64(v, "duration_ns", 2586);
	EXPECT_JSON_LL(v, "ret", -1);
	EXPECT_JSON_LL(v, "call_flags", 0x80000002LL);
	EXPECT_EQ(false, json_get(v, "return_untraced")->boolean);
	EXPECT_EQ(true, json_get(v, "fd_changed")->boolean);
	json_free(v);
	free(cap.buf);
}

TEST(json_enum_values_of_a_newer_module_are_numbers)
{
	struct pidfdtrace_call c = sample_call();
	struct pidfdtrace_delivery d = sample_delivery();
	struct capture cap;
	struct json *v;
	const char *out;

	c.fd_kind = 9;
	c.target_state = 9;
	c.target_source = 9;
	c.siginfo_state = 9;
	c.info = 0x10;
	d.scope = 9;
	d.outcome = 9;
	capture_start(&cap, true);
	output_call(&cap.out, &c);
	output_delivery(&cap.out, &d, false);
	out = capture_end(&cap);

	v = parse_nth(_metadata, out, 0);
	ASSERT_NE(NULL, v);
	EXPECT_JSON_STR(v, "fd_kind", "9");
	EXPECT_JSON_STR(v, "target.state", "9");
	EXPECT_JSON_STR(v, "target_source", "9");
	EXPECT_JSON_STR(v, "info.state", "9");
	EXPECT_EQ(false, json_get(v, "info.readable")->boolean);
	json_free(v);

	v = parse_nth(_metadata, out, 1);
	ASSERT_NE(NULL, v);
	EXPECT_JSON_STR(v, "scope", "9");
	EXPECT_JSON_STR(v, "outcome", "9");
	json_free(v);
	free(cap.buf);
}

TEST(json_delivery_lost_and_missed_have_every_field)
{
	struct pidfdtrace_delivery d = sample_delivery();
	struct pidfdtrace_missed m = sample_missed();
	struct pidfdtrace_lost l = {
		.hdr = { PIDFDTRACE_RECORD_LOST, sizeof(l), 3, 0, 6000000001ULL },
		.count = 42,
		.calls = 30,
	};
	struct capture cap;
	const char *out;
	struct json *v;

	capture_start(&cap, true);
	output_delivery(&cap.out, &d, true);
	output_lost(&cap.out, &l);
	output_missed(&cap.out, &m);
	out = capture_end(&cap);

	v = parse_nth(_metadata, out, 0);
	ASSERT_NE(NULL, v);
	EXPECT_JSON_STR(v, "type", "delivery");
	EXPECT_JSON_LL(v, "seq", 42);
	EXPECT_JSON_LL(v, "cpu", 0);
	EXPECT_JSON_U64(v, "time_ns", 5062832000LL);
	EXPECT_JSON_STR(v, "time", "2026-11-26T00:00:05.062832000Z");
	EXPECT_JSON_LL(v, "call_seq", 41);
	EXPECT_JSON_LL(v, "sender.pid", 152);
	EXPECT_JSON_LL(v, "sender.tgid", 152);
	EXPECT_EQ(2U, json_get(v, "sender")->n);
	EXPECT_JSON_LL(v, "target.pid", 153);
	EXPECT_JSON_LL(v, "target.tgid", 153);
	EXPECT_JSON_LL(v, "target.ns_pid", 7);
	EXPECT_JSON_LL(v, "target.uid", 1000);
	EXPECT_JSON_STR(v, "target.comm", "web-worker");
	EXPECT_JSON_U64(v, "target.cgroup_id", 5678);
	EXPECT_TRUE(json_is_null(v, "target.cgroup"));
	EXPECT_EQ(10U, json_get(v, "target")->n);
	EXPECT_JSON_LL(v, "sig", 15);
	EXPECT_JSON_STR(v, "sig_name", "SIGTERM");
	EXPECT_JSON_STR(v, "scope", "process");
	EXPECT_JSON_STR(v, "outcome", "queued");
	EXPECT_STREQ("", json_strings(v, "effects"));
	EXPECT_STREQ("", json_strings(v, "discarded"));
	EXPECT_JSON_LL(v, "info.si_signo", 15);
	EXPECT_JSON_STR(v, "info.si_signo_name", "SIGTERM");
	EXPECT_JSON_LL(v, "info.si_errno", 0);
	EXPECT_JSON_LL(v, "info.si_code", 0);
	EXPECT_JSON_STR(v, "info.si_code_name", "SI_USER");
	EXPECT_JSON_LL(v, "info.si_pid", 152);
	EXPECT_JSON_LL(v, "info.si_uid", 0);
	EXPECT_JSON_U64(v, "info.si_value", 0);
	EXPECT_EQ(8U, json_get(v, "info")->n);
	EXPECT_JSON_LL(v, "v", 1);
	EXPECT_EQ(16U, v->n);
	json_free(v);

	v = parse_nth(_metadata, out, 1);
	ASSERT_NE(NULL, v);
	EXPECT_JSON_STR(v, "type", "lost");
	EXPECT_JSON_U64(v, "time_ns", 6000000001LL);
	EXPECT_JSON_LL(v, "count", 42);
	EXPECT_JSON_LL(v, "calls", 30);
	EXPECT_JSON_LL(v, "v", 1);
	EXPECT_EQ(6U, v->n);
	json_free(v);

	v = parse_nth(_metadata, out, 2);
	ASSERT_NE(NULL, v);
	EXPECT_JSON_STR(v, "type", "missed");
	EXPECT_JSON_LL(v, "seq", 43);
	EXPECT_JSON_LL(v, "cpu", 2);
	EXPECT_JSON_U64(v, "time_ns", 5062833000LL);
	EXPECT_JSON_STR(v, "time", "2026-11-26T00:00:05.062833000Z");
	EXPECT_JSON_LL(v, "calls", 3);
	EXPECT_STREQ("probe-busy", json_strings(v, "reasons"));
	EXPECT_JSON_LL(v, "v", 1);
	EXPECT_EQ(8U, v->n);
	json_free(v);
	free(cap.buf);
}

TEST(json_delivery_outcomes_effects_and_discarded_signals)
{
	static const struct {
		unsigned int outcome, effects;
		unsigned long long discarded;
		const char *outcome_name, *effect_names, *discarded_names;
	} cases[] = {
		{ PIDFDTRACE_OUTCOME_IGNORED, PIDFDTRACE_EFFECT_RESUMED, 0,
		  "ignored", "resumed", "" },
		{ PIDFDTRACE_OUTCOME_ALREADY_PENDING,
		  PIDFDTRACE_EFFECT_TARGET_EXITING, 0,
		  "already-pending", "target-exiting", "" },
		{ PIDFDTRACE_OUTCOME_OVERFLOW_FAIL, 0, 0, "overflow", "", "" },
		{ PIDFDTRACE_OUTCOME_LOSE_INFO,
		  PIDFDTRACE_EFFECT_CROSS_NAMESPACE, 0,
		  "lose-info", "cross-namespace", "" },
		{ PIDFDTRACE_OUTCOME_IGNORED,
		  PIDFDTRACE_EFFECT_STOP_CANCELLED | PIDFDTRACE_EFFECT_DISCARDED,
		  1ULL << (SIGSTOP - 1) | 1ULL << (SIGTSTP - 1) | 1ULL << 31,
		  "ignored", "stop-cancelled discarded",
		  "SIGSTOP SIGTSTP SIGRTMIN" },
		{ PIDFDTRACE_OUTCOME_DELIVERED, PIDFDTRACE_EFFECT_KILLED, 0,
		  "queued", "killed", "" },
		{ PIDFDTRACE_OUTCOME_DELIVERED, 1U << 6 | 1U << 31, 0,
		  "queued", "0x40 0x80000000", "" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct pidfdtrace_delivery d = sample_delivery();
		struct capture cap;
		struct json *v;

		d.outcome = cases[i].outcome;
		d.effects = cases[i].effects;
		d.discarded = cases[i].discarded;
		capture_start(&cap, true);
		output_delivery(&cap.out, &d, false);
		v = parse_line(_metadata, capture_end(&cap));
		ASSERT_NE(NULL, v);
		EXPECT_JSON_STR(v, "outcome", cases[i].outcome_name);
		EXPECT_STREQ(cases[i].effect_names, json_strings(v, "effects"));
		EXPECT_STREQ(cases[i].discarded_names,
			     json_strings(v, "discarded"));
		json_free(v);
		free(cap.buf);
	}
}

TEST(json_missed_reasons_of_a_newer_module_are_hex)
{
	struct pidfdtrace_missed m = sample_missed();
	struct capture cap;
	struct json *v;

	m.reasons = PIDFDTRACE_MISSED_PROBE_BUSY | 1U << 4;
	capture_start(&cap, true);
	output_missed(&cap.out, &m);
	v = parse_line(_metadata, capture_end(&cap));
	ASSERT_NE(NULL, v);
	EXPECT_STREQ("probe-busy 0x10", json_strings(v, "reasons"));
	json_free(v);
	free(cap.buf);
}

TEST(json_escapes_any_comm_bytes_strictly)
{
	static const struct {
		const char comm[PIDFDTRACE_COMM_LEN];
		const char *want;
	} cases[] = {
		{ "plain", "plain" },
		{ "q\"uote\\back", "q\"uote\\back" },
		{ "nl\ntab\tcr\r", "nl\ntab\tcr\r" },
		{ "\x01\x1f\x7f", "\x01\x1f\x7f" },
		{ "caf\xc3\xa9", "caf\xc3\xa9" },
		{ "\xe2\x82\xac\xf0\x9f\x98\x80", "\xe2\x82\xac\xf0\x9f\x98\x80" },
		{ "bad\xff", "bad\xef\xbf\xbd" },
		{ "cut\xe2\x82", "cut\xef\xbf\xbd\xef\xbf\xbd" },
		{ "over\xc0\xaf", "over\xef\xbf\xbd\xef\xbf\xbd" },
		{ "sur\xed\xa0\x80", "sur\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
		/* 16 bytes, no NUL: the field's length ends it. */
		{ "0123456789abcdef", "0123456789abcdef" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct pidfdtrace_call c = sample_call();
		struct pidfdtrace_delivery d = sample_delivery();
		struct capture cap;
		const char *out;
		struct json *v;

		memcpy(c.sender.comm, cases[i].comm, PIDFDTRACE_COMM_LEN);
		memcpy(c.parent_comm, cases[i].comm, PIDFDTRACE_COMM_LEN);
		memcpy(c.target.comm, cases[i].comm, PIDFDTRACE_COMM_LEN);
		memcpy(d.target.comm, cases[i].comm, PIDFDTRACE_COMM_LEN);
		capture_start(&cap, true);
		output_call(&cap.out, &c);
		output_delivery(&cap.out, &d, false);
		out = capture_end(&cap);
		v = parse_nth(_metadata, out, 0);
		EXPECT_NE(NULL, v) TH_LOG("case %u", i);
		if (v) {
			EXPECT_JSON_STR(v, "sender.comm", cases[i].want);
			EXPECT_JSON_STR(v, "parent.comm", cases[i].want);
			EXPECT_JSON_STR(v, "target.comm", cases[i].want);
		}
		json_free(v);
		v = parse_nth(_metadata, out, 1);
		EXPECT_NE(NULL, v) TH_LOG("case %u", i);
		if (v)
			EXPECT_JSON_STR(v, "target.comm", cases[i].want);
		json_free(v);
		free(cap.buf);
	}
}

/*
 * Every byte, alone between two letters: the text quotes the comm exactly
 * when the byte is a delimiter or not printable; the JSON gives it back,
 * or U+FFFD for a byte that is not UTF-8 on its own.
 */
TEST(every_byte_is_quoted_and_escaped_as_specified)
{
	char buf[OUTPUT_STRING_MAX(PIDFDTRACE_COMM_LEN)], want[8];
	int b;

	for (b = 1; b < 256; b++) {
		const char comm[PIDFDTRACE_COMM_LEN] = { 'a', (char)b, 'z' };
		bool delim = b <= 0x20 || b >= 0x7f ||
			     strchr("\"\\[]<>(){},'", b);
		struct pidfdtrace_call c = sample_call();
		struct capture cap;
		struct json *v;

		output_text_string(buf, comm, PIDFDTRACE_COMM_LEN);
		EXPECT_EQ(delim, buf[0] == '"') TH_LOG("byte 0x%02x: %s", b, buf);

		memcpy(c.sender.comm, comm, PIDFDTRACE_COMM_LEN);
		capture_start(&cap, true);
		output_call(&cap.out, &c);
		v = parse_nth(_metadata, capture_end(&cap), 0);
		snprintf(want, sizeof(want), b < 0x80 ? "a%cz" : "a\xef\xbf\xbdz",
			 b);
		EXPECT_NE(NULL, v) TH_LOG("byte 0x%02x", b);
		if (v)
			EXPECT_JSON_STR(v, "sender.comm", want);
		json_free(v);
		free(cap.buf);
	}
}

/* Each number as printf prints it, at every digit count and type bound. */
TEST(numbers_are_printfs_at_every_length)
{
	unsigned long long vals[64], p10 = 1;
	char want[64];
	size_t n = 0, i;
	int k;

	for (k = 0; k < 20; k++, p10 *= 10) {
		vals[n++] = p10;
		vals[n++] = p10 - 1;
		vals[n++] = p10 + 7;
	}
	vals[n++] = UINT_MAX;
	vals[n++] = UINT_MAX + 1ULL;
	vals[n++] = ULLONG_MAX;
	for (i = 0; i < n; i++) {
		struct pidfdtrace_call c = sample_call();
		struct capture cap;
		const char *out;

		c.duration_ns = vals[i];
		c.sender_cgroup = vals[i];
		c.sender.pid = (__u32)vals[i];
		c.pidfd = (__s32)vals[i];
		c.ret = (__s32)vals[i];
		capture_start(&cap, true);
		output_call(&cap.out, &c);
		out = capture_end(&cap);
		snprintf(want, sizeof(want), "\"duration_ns\":\"%llu\"", vals[i]);
		EXPECT_NE(NULL, strstr(out, want)) TH_LOG("%s in %s", want, out);
		snprintf(want, sizeof(want), "\"cgroup_id\":\"%llu\"", vals[i]);
		EXPECT_NE(NULL, strstr(out, want)) TH_LOG("%s in %s", want, out);
		snprintf(want, sizeof(want), "{\"pid\":%u,", (__u32)vals[i]);
		EXPECT_NE(NULL, strstr(out, want)) TH_LOG("%s in %s", want, out);
		snprintf(want, sizeof(want), "\"pidfd\":%d,", (__s32)vals[i]);
		EXPECT_NE(NULL, strstr(out, want)) TH_LOG("%s in %s", want, out);
		snprintf(want, sizeof(want), "\"ret\":%d,", (__s32)vals[i]);
		EXPECT_NE(NULL, strstr(out, want)) TH_LOG("%s in %s", want, out);
		free(cap.buf);
	}
}

/*
 * time_ns and time, whose second's digits are kept from one record to the
 * next: right under a second, at its edges, and going back in time.
 */
TEST(json_times_across_seconds)
{
	static const unsigned long long ns[] = {
		5, 999999999, 1000000000, 1000000001, 5062831000ULL,
		5999999999ULL, 6000000000ULL, 5062831000ULL, 7,
		12345678901234567ULL,
	};
	char want[128], date[32];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ns); i++) {
		struct pidfdtrace_call c = sample_call();
		long long real;
		struct capture cap;
		const char *out;
		time_t secs;

		c.hdr.time_ns = ns[i];
		capture_start(&cap, true);
		real = (long long)ns[i] + cap.out.realtime_offset_ns;
		secs = real / 1000000000;
		strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", gmtime(&secs));
		output_call(&cap.out, &c);
		out = capture_end(&cap);
		snprintf(want, sizeof(want),
			 "\"time_ns\":\"%llu\",\"time\":\"%s.%09lldZ\",",
			 ns[i], date, real % 1000000000);
		EXPECT_NE(NULL, strstr(out, want)) TH_LOG("%s in %s", want, out);
		free(cap.buf);
	}
}

/* "sig" and "si_signo" of every number, twice: once made, once kept. */
TEST(json_signals_named_the_same_every_time)
{
	char want[128], name[16];
	int round, sig;

	for (round = 0; round < 2; round++) {
		for (sig = -2; sig <= 70; sig++) {
			struct pidfdtrace_delivery d = sample_delivery();
			struct capture cap;
			const char *out;

			d.sig = sig;
			d.siginfo.signo = sig == 15 ? 10 : sig;
			capture_start(&cap, true);
			output_delivery(&cap.out, &d, false);
			out = capture_end(&cap);
			if (signal_known(sig))
				snprintf(name, sizeof(name), "\"%s\"",
					 signal_name(sig, want, sizeof(want)));
			else
				snprintf(name, sizeof(name), "null");
			snprintf(want, sizeof(want),
				 ",\"sig\":%d,\"sig_name\":%s,", sig, name);
			EXPECT_NE(NULL, strstr(out, want))
				TH_LOG("%s in %s", want, out);
			snprintf(want, sizeof(want),
				 "{\"si_signo\":%d,\"si_signo_name\":%s,",
				 d.siginfo.signo, sig == 15 ? "\"SIGUSR1\"" : name);
			EXPECT_NE(NULL, strstr(out, want))
				TH_LOG("%s in %s", want, out);
			free(cap.buf);
		}
	}
}

/* Every line of @out shorter than the room output.c keeps for one. */
static void expect_lines_fit(struct __test_metadata *_metadata,
			     const char *out)
{
	const char *nl;

	for (; *out; out = nl + 1) {
		nl = strchr(out, '\n');
		ASSERT_NE(NULL, nl);
		EXPECT_GT(OUTPUT_LINE_MAX, nl - out);
	}
}

TEST(the_longest_records_fit_in_a_line)
{
	struct pidfdtrace_call c = sample_call();
	struct pidfdtrace_delivery d = sample_delivery();
	struct capture cap;
	const char *out;
	int json;

	/* Every byte of every comm escaped, every number at its widest. */
	memset(&c.hdr + 1, 0xff, sizeof(c) - sizeof(c.hdr));
	memset(&d.hdr + 1, 0xff, sizeof(d) - sizeof(d.hdr));
	c.hdr.seq = d.hdr.seq = ~0ULL;
	c.target_state = PIDFDTRACE_TARGET_ALIVE;
	c.siginfo_state = PIDFDTRACE_SIGINFO_KERNEL;
	c.call_flags = ~PIDFDTRACE_CALL_RETURN_UNTRACED;
	c.ret = -ELIBMAX;
	c.siginfo.code = SI_QUEUE;
	d.siginfo.code = SI_QUEUE;
	d.outcome = PIDFDTRACE_OUTCOME_DELIVERED;
	memset(c.sender.comm, 1, PIDFDTRACE_COMM_LEN);
	memset(c.parent_comm, 1, PIDFDTRACE_COMM_LEN);
	memset(c.target.comm, 1, PIDFDTRACE_COMM_LEN);
	memset(d.target.comm, 1, PIDFDTRACE_COMM_LEN);
	for (json = 0; json <= 1; json++) {
		capture_start(&cap, json);
		output_call(&cap.out, &c);
		output_delivery(&cap.out, &d, true);
		out = capture_end(&cap);
		expect_lines_fit(_metadata, out);
		if (json) {
			json_free(parse_nth(_metadata, out, 0));
			json_free(parse_nth(_metadata, out, 1));
		}
		free(cap.buf);
	}
}

/* A host's cgroups, as cgroups_name() has them cached. */
static void fake_cgroup(struct cgroups *cg, __u64 id, const char *path)
{
	struct cgroup_name *n = &cg->cache[id % CGROUP_CACHE_SIZE];

	n->id = id;
	n->known = true;
	snprintf(n->path, sizeof(n->path), "%s", path);
	cgroup_parse(n->path, &n->c);
}

#define DOCKER "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define CRIO "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"

TEST(containers_of_sender_and_target_are_named)
{
	struct pidfdtrace_call c = sample_call();
	struct pidfdtrace_delivery d = sample_delivery();
	static struct cgroups cg;
	struct capture cap;
	struct json *v;

	cg.mount_fd = -1;
	c.sender_cgroup = 1;
	fake_cgroup(&cg, 1, "/system.slice/docker-" DOCKER ".scope");
	fake_cgroup(&cg, 5678, "/kubepods.slice/kubepods-pod1.slice/crio-" CRIO ".scope");
	d.target_cgroup = 77;	/* not in the cache, and no mount: unknown */

	capture_start(&cap, false);
	cap.out.cgroups = &cg;
	output_call(&cap.out, &c);
	output_delivery(&cap.out, &d, false);
	EXPECT_STREQ(
"5.062831 supervisor[152/152]@docker:0123456789ab uid=0 pidfd_send_signal(3<pidfd:153 web-worker@cri-o:fedcba987654>, SIGTERM, NULL, 0) = 0 <0.000002>\n"
"    -> SIGTERM to web-worker[153/153 ns:7] scope=process: queued\n",
		     capture_end(&cap));
	free(cap.buf);

	capture_start(&cap, true);
	cap.out.cgroups = &cg;
	output_call(&cap.out, &c);
	v = parse_nth(_metadata, capture_end(&cap), 0);
	ASSERT_NE(NULL, v);
	EXPECT_JSON_STR(v, "sender.cgroup", "/system.slice/docker-" DOCKER ".scope");
	EXPECT_JSON_STR(v, "sender.container.runtime", "docker");
	EXPECT_JSON_STR(v, "sender.container.id", DOCKER);
	EXPECT_JSON_STR(v, "sender.unit", "docker-" DOCKER ".scope");
	EXPECT_JSON_STR(v, "target.container.runtime", "cri-o");
	EXPECT_JSON_STR(v, "target.container.id", CRIO);
	EXPECT_JSON_STR(v, "target.unit", "crio-" CRIO ".scope");
	json_free(v);
	free(cap.buf);
}

/* uid=1000(alice), as id(1) shows it; JSON keeps the number, adds "user". */
TEST(users_are_named_where_the_host_has_names)
{
	const char *want = "5.062831 supervisor[152/152] uid=1000(\"a b\") euid=0(root) pidfd_send_signal(";
	struct pidfdtrace_call c = sample_call();
	static struct users users;
	struct capture cap;
	struct json *v;

	/* As users_name() caches them: 0 is root, 1000 a hostile name. */
	users.cache[0].used = 1;
	snprintf(users.cache[0].name, sizeof(users.cache[0].name), "root");
	users.cache[1000 % USERS_CACHE_SIZE].used = 1;
	users.cache[1000 % USERS_CACHE_SIZE].uid = 1000;
	snprintf(users.cache[1000 % USERS_CACHE_SIZE].name,
		 sizeof(users.cache[0].name), "a b");
	c.sender.uid = 1000;
	c.sender_euid = 0;

	capture_start(&cap, false);
	cap.out.users = &users;
	output_call(&cap.out, &c);
	EXPECT_EQ(0, strncmp(want, capture_end(&cap), strlen(want)))
		TH_LOG("[%s]", cap.buf);
	free(cap.buf);

	capture_start(&cap, true);
	cap.out.users = &users;
	output_call(&cap.out, &c);
	v = parse_nth(_metadata, capture_end(&cap), 0);
	ASSERT_NE(NULL, v);
	EXPECT_JSON_LL(v, "sender.uid", 1000);
	EXPECT_JSON_STR(v, "sender.user", "a b");
	/* The target's uid, 1000 in sample_call(). */
	EXPECT_JSON_STR(v, "target.user", "a b");
	json_free(v);
	free(cap.buf);
}

/* The lookup itself, on this host's passwd database, cached. */
TEST(users_name_looks_up_and_caches)
{
	static struct users users;

	EXPECT_STREQ("root", users_name(&users, 0));
	EXPECT_EQ(NULL, users_name(&users, 3999999999U));
	/* A slot another uid takes over is looked up again. */
	EXPECT_EQ(NULL, users_name(&users, 3999999936U));
	EXPECT_STREQ("root", users_name(&users, 0));
}

TEST(cgroup_paths_name_their_container_and_unit)
{
	static const struct {
		const char *path, *runtime, *id, *unit;
	} cases[] = {
		{ "/", "", "", "" },
		{ "/system.slice/nginx.service", "", "", "nginx.service" },
		{ "/user.slice/user-1000.slice/session-3.scope", "", "",
		  "session-3.scope" },
		{ "/system.slice", "", "", "system.slice" },
		{ "/system.slice/docker-" DOCKER ".scope", "docker", DOCKER,
		  "docker-" DOCKER ".scope" },
		{ "/system.slice/containerd.service/kubepods-x.slice:cri-containerd:" DOCKER,
		  "", "", "containerd.service" },
		{ "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1.slice/cri-containerd-" DOCKER ".scope",
		  "containerd", DOCKER, "cri-containerd-" DOCKER ".scope" },
		{ "/kubepods.slice/crio-" CRIO ".scope/container", "cri-o", CRIO,
		  "crio-" CRIO ".scope" },
		{ "/machine.slice/libpod-" CRIO ".scope", "podman", CRIO,
		  "libpod-" CRIO ".scope" },
		{ "/docker/" DOCKER, "docker", DOCKER, "" },
		/* Not a container: no hex, or not a scope. */
		{ "/system.slice/docker-xyz.scope", "", "", "docker-xyz.scope" },
		{ "/system.slice/docker-.scope", "", "", "docker-.scope" },
		{ "/system.slice/docker.service", "", "", "docker.service" },
		{ "/docker/abc", "", "", "" },
		{ "", "", "", "" },
	};
	struct cgroup_container c;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		cgroup_parse(cases[i].path, &c);
		EXPECT_STREQ(cases[i].runtime, c.runtime) TH_LOG("%s", cases[i].path);
		EXPECT_STREQ(cases[i].id, c.id) TH_LOG("%s", cases[i].path);
		EXPECT_STREQ(cases[i].unit, c.unit) TH_LOG("%s", cases[i].path);
	}
}

TEST_HARNESS_MAIN
