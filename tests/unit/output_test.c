// SPDX-License-Identifier: GPL-2.0
/*
 * The reader's text and JSON for each kind of record, field by field; JSON
 * checked with a strict parser, hostile comm bytes included.
 */

#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kselftest_harness.h"
#include "../../tools/output.h"
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
		.sender_pidns = 4026531836U,
		.sender_cgroup = 1,
		.fd_kind = PIDFDTRACE_FD_PIDFD,
		.target_state = PIDFDTRACE_TARGET_ALIVE,
		.target = { 153, 153, 153, 1000, "web-worker" },
	};

	return c;
}

static struct pidfdtrace_delivery sample_delivery(void)
{
	struct pidfdtrace_delivery d = {
		.hdr = { PIDFDTRACE_RECORD_DELIVERY, sizeof(d), 0, 42, 5062832000ULL },
		.call_seq = 41,
		.target = { 153, 153, 7, 1000, "web-worker" },
		.sig = 15,
		.si_code = 0,
		.scope = PIDFDTRACE_SCOPE_PROCESS,
		.outcome = PIDFDTRACE_OUTCOME_QUEUED,
	};

	return d;
}

TEST(text_call_reads_like_strace)
{
	struct pidfdtrace_call c = sample_call();
	struct capture cap;

	capture_start(&cap, false);
	output_call(&cap.out, &c);
	EXPECT_STREQ("5.062831 supervisor[152/152] uid=0 pidfd_send_signal(3<pidfd:153 web-worker>, SIGTERM, NULL, 0) = 0 <0.000002>\n",
		     capture_end(&cap));
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
	c.siginfo_state = PIDFDTRACE_SIGINFO_READ;
	c.siginfo = (struct pidfdtrace_siginfo) {
		.signo = 34, .error = 0, .code = -1, .pid = 152, .uid = 0,
		.value = 42,
	};
	capture_start(&cap, false);
	output_call(&cap.out, &c);
	EXPECT_STREQ("5.062831 supervisor[152/152 ns:1] uid=0 pidfd_send_signal(3<pidfd:153 ns:2 web-worker>, SIGRTMIN+2, {si_signo=SIGRTMIN+2, si_code=SI_QUEUE, si_pid=152, si_uid=0, si_int=42, si_ptr=0x2a}, PIDFD_SIGNAL_PROCESS_GROUP|0x80) = -1 EPERM (Operation not permitted) <0.000002>\n",
		     capture_end(&cap));
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
	c.ret = -9;
	output_call(&cap.out, &c);
	c.fd_kind = PIDFDTRACE_FD_NONE;
	c.siginfo_state = PIDFDTRACE_SIGINFO_UNREADABLE;
	c.info = 0x1000;
	c.ret = -14;
	output_call(&cap.out, &c);
	EXPECT_STREQ(
"5.062831 supervisor[152/152] uid=0 pidfd_send_signal(3</proc/153 web-worker>, SIGTERM, NULL, 0) = 0 <0.000002>\n"
"5.062831 supervisor[152/152] uid=0 pidfd_send_signal(3<pidfd-thread:153 web-worker exited>, SIGTERM, NULL, 0) = 0 <0.000002>\n"
"5.062831 supervisor[152/152] uid=0 pidfd_send_signal(3<pidfd:153 reaped>, SIGTERM, NULL, 0) = -1 ESRCH (No such process) <0.000002>\n"
"5.062831 supervisor[152/152] uid=0 pidfd_send_signal(3<not-pidfd>, SIGTERM, NULL, 0) = -1 EBADF (Bad file descriptor) <0.000002>\n"
"5.062831 supervisor[152/152] uid=0 pidfd_send_signal(3<closed>, SIGTERM, 0x1000, 0) = -1 EFAULT (Bad address) <0.000002>\n",
		     capture_end(&cap));
	free(cap.buf);
}

TEST(text_delivery_lost_and_wallclock)
{
	struct pidfdtrace_delivery d = sample_delivery();
	struct pidfdtrace_lost l = {
		.hdr = { PIDFDTRACE_RECORD_LOST, sizeof(l), 0, 0, 6000000000ULL },
		.count = 42,
	};
	struct capture cap;

	capture_start(&cap, false);
	output_delivery(&cap.out, &d, false);
	d.outcome = PIDFDTRACE_OUTCOME_OVERFLOW;
	d.ret = -11;
	output_delivery(&cap.out, &d, true);
	output_lost(&cap.out, &l);
	setenv("TZ", "UTC", 1);
	tzset();
	cap.out.wallclock = true;
	output_delivery(&cap.out, &d, true);
	EXPECT_STREQ(
"    -> SIGTERM to web-worker[153/153 ns:7] scope=process: queued\n"
"5.062832     -> SIGTERM to web-worker[153/153 ns:7] scope=process: overflow (-1 EAGAIN) (call #41 not seen)\n"
"... lost 42 records ...\n"
"00:00:05.062832     -> SIGTERM to web-worker[153/153 ns:7] scope=process: overflow (-1 EAGAIN) (call #41 not seen)\n",
		     capture_end(&cap));
	free(cap.buf);
}

TEST(text_escapes_hostile_comm)
{
	const char *want = "5.062831 a\\x5cb\\x0a\\x1b[31m\\xff[152/152]";
	struct pidfdtrace_call c = sample_call();
	struct capture cap;

	memcpy(c.sender.comm, "a\\b\n\x1b[31m\xff", 11);
	capture_start(&cap, false);
	output_call(&cap.out, &c);
	EXPECT_EQ(0, strncmp(want, capture_end(&cap), strlen(want)));
	free(cap.buf);
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

TEST(json_call_has_every_field)
{
	struct pidfdtrace_call c = sample_call();
	struct capture cap;
	struct json *v;

	c.flags = 4;
	c.info = 0x7ffc0000;
	c.siginfo_state = PIDFDTRACE_SIGINFO_READ;
	c.siginfo = (struct pidfdtrace_siginfo) {
		.signo = 15, .error = 5, .code = -1, .pid = -4, .uid = 7,
		.value = 0x1122334455667788ULL,
	};
	capture_start(&cap, true);
	output_call(&cap.out, &c);
	v = parse_line(_metadata, capture_end(&cap));
	ASSERT_NE(NULL, v);
	EXPECT_JSON_STR(v, "type", "call");
	EXPECT_JSON_LL(v, "seq", 41);
	EXPECT_JSON_LL(v, "cpu", 1);
	EXPECT_JSON_LL(v, "time_ns", 5062831000LL);
	EXPECT_JSON_STR(v, "time", "2026-11-26T00:00:05.062831000Z");
	EXPECT_JSON_LL(v, "duration_ns", 2586);
	EXPECT_JSON_LL(v, "sender.pid", 152);
	EXPECT_JSON_LL(v, "sender.tgid", 152);
	EXPECT_JSON_LL(v, "sender.ns_pid", 152);
	EXPECT_JSON_LL(v, "sender.uid", 0);
	EXPECT_JSON_STR(v, "sender.comm", "supervisor");
	EXPECT_JSON_LL(v, "sender.pidns", 4026531836LL);
	EXPECT_JSON_LL(v, "sender.cgroup_id", 1);
	EXPECT_JSON_LL(v, "pidfd", 3);
	EXPECT_JSON_STR(v, "fd_kind", "pidfd");
	EXPECT_JSON_STR(v, "target.state", "alive");
	EXPECT_JSON_LL(v, "target.pid", 153);
	EXPECT_JSON_LL(v, "target.tgid", 153);
	EXPECT_JSON_LL(v, "target.ns_pid", 153);
	EXPECT_JSON_LL(v, "target.uid", 1000);
	EXPECT_JSON_STR(v, "target.comm", "web-worker");
	EXPECT_JSON_LL(v, "sig", 15);
	EXPECT_JSON_STR(v, "sig_name", "SIGTERM");
	EXPECT_JSON_STR(v, "info.addr", "0x7ffc0000");
	EXPECT_EQ(true, json_get(v, "info.readable")->boolean);
	EXPECT_JSON_LL(v, "info.si_signo", 15);
	EXPECT_JSON_STR(v, "info.si_signo_name", "SIGTERM");
	EXPECT_JSON_LL(v, "info.si_errno", 5);
	EXPECT_JSON_LL(v, "info.si_code", -1);
	EXPECT_JSON_STR(v, "info.si_code_name", "SI_QUEUE");
	EXPECT_JSON_LL(v, "info.si_pid", -4);
	EXPECT_JSON_LL(v, "info.si_uid", 7);
	EXPECT_JSON_LL(v, "info.si_value", 0x1122334455667788LL);
	EXPECT_JSON_LL(v, "flags", 4);
	EXPECT_JSON_STR(v, "flags_name", "PIDFD_SIGNAL_PROCESS_GROUP");
	EXPECT_JSON_LL(v, "ret", 0);
	EXPECT_TRUE(json_is_null(v, "errno_name"));
	EXPECT_TRUE(json_is_null(v, "error"));
	EXPECT_EQ(18U, v->n);
	json_free(v);
	free(cap.buf);
}

TEST(json_failed_call_without_target_or_info)
{
	struct pidfdtrace_call c = sample_call();
	struct capture cap;
	struct json *v;
	const char *line;
	char *first;

	c.fd_kind = PIDFDTRACE_FD_NONE;
	c.target_state = PIDFDTRACE_TARGET_UNKNOWN;
	c.sig = 0;
	c.ret = -9;
	capture_start(&cap, true);
	output_call(&cap.out, &c);
	c.fd_kind = PIDFDTRACE_FD_PIDFD;
	c.target_state = PIDFDTRACE_TARGET_REAPED;
	c.sig = 1000;
	c.ret = -3;
	c.info = 8;
	c.siginfo_state = PIDFDTRACE_SIGINFO_UNREADABLE;
	output_call(&cap.out, &c);
	line = capture_end(&cap);

	first = strndup(line, strchr(line, '\n') - line + 1);
	v = parse_line(_metadata, first);
	free(first);
	ASSERT_NE(NULL, v);
	EXPECT_JSON_STR(v, "fd_kind", "closed");
	EXPECT_TRUE(json_is_null(v, "target"));
	EXPECT_JSON_LL(v, "sig", 0);
	EXPECT_TRUE(json_is_null(v, "sig_name"));
	EXPECT_TRUE(json_is_null(v, "info"));
	EXPECT_JSON_LL(v, "ret", -9);
	EXPECT_JSON_STR(v, "errno_name", "EBADF");
	EXPECT_JSON_STR(v, "error", "Bad file descriptor");
	json_free(v);

	v = parse_line(_metadata, strchr(line, '\n') + 1);
	ASSERT_NE(NULL, v);
	EXPECT_JSON_STR(v, "target.state", "reaped");
	EXPECT_JSON_LL(v, "target.pid", 153);
	EXPECT_TRUE(json_is_null(v, "target.uid"));
	EXPECT_TRUE(json_is_null(v, "target.comm"));
	EXPECT_JSON_LL(v, "sig", 1000);
	EXPECT_TRUE(json_is_null(v, "sig_name"));
	EXPECT_JSON_STR(v, "info.addr", "0x8");
	EXPECT_EQ(false, json_get(v, "info.readable")->boolean);
	EXPECT_EQ(NULL, json_get(v, "info.si_signo"));
	EXPECT_JSON_STR(v, "errno_name", "ESRCH");
	json_free(v);
	free(cap.buf);
}

TEST(json_delivery_and_lost_have_every_field)
{
	struct pidfdtrace_delivery d = sample_delivery();
	struct pidfdtrace_lost l = {
		.hdr = { PIDFDTRACE_RECORD_LOST, sizeof(l), 3, 0, 6000000001ULL },
		.count = 42,
	};
	struct capture cap;
	const char *out;
	struct json *v;
	char *first;

	d.ret = -11;
	d.outcome = PIDFDTRACE_OUTCOME_OVERFLOW;
	capture_start(&cap, true);
	output_delivery(&cap.out, &d, true);
	output_lost(&cap.out, &l);
	out = capture_end(&cap);

	first = strndup(out, strchr(out, '\n') - out + 1);
	v = parse_line(_metadata, first);
	free(first);
	ASSERT_NE(NULL, v);
	EXPECT_JSON_STR(v, "type", "delivery");
	EXPECT_JSON_LL(v, "seq", 42);
	EXPECT_JSON_LL(v, "cpu", 0);
	EXPECT_JSON_LL(v, "time_ns", 5062832000LL);
	EXPECT_JSON_STR(v, "time", "2026-11-26T00:00:05.062832000Z");
	EXPECT_JSON_LL(v, "call_seq", 41);
	EXPECT_JSON_LL(v, "target.pid", 153);
	EXPECT_JSON_LL(v, "target.tgid", 153);
	EXPECT_JSON_LL(v, "target.ns_pid", 7);
	EXPECT_JSON_LL(v, "target.uid", 1000);
	EXPECT_JSON_STR(v, "target.comm", "web-worker");
	EXPECT_JSON_LL(v, "sig", 15);
	EXPECT_JSON_STR(v, "sig_name", "SIGTERM");
	EXPECT_JSON_LL(v, "si_code", 0);
	EXPECT_JSON_STR(v, "si_code_name", "SI_USER");
	EXPECT_JSON_STR(v, "scope", "process");
	EXPECT_JSON_STR(v, "outcome", "overflow");
	EXPECT_JSON_LL(v, "ret", -11);
	EXPECT_JSON_STR(v, "errno_name", "EAGAIN");
	EXPECT_EQ(16U, v->n);
	json_free(v);

	v = parse_line(_metadata, strchr(out, '\n') + 1);
	ASSERT_NE(NULL, v);
	EXPECT_JSON_STR(v, "type", "lost");
	EXPECT_JSON_LL(v, "time_ns", 6000000001LL);
	EXPECT_JSON_LL(v, "count", 42);
	EXPECT_EQ(4U, v->n);
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
		struct capture cap;
		struct json *v;

		memcpy(c.sender.comm, cases[i].comm, PIDFDTRACE_COMM_LEN);
		capture_start(&cap, true);
		output_call(&cap.out, &c);
		v = parse_line(_metadata, capture_end(&cap));
		EXPECT_NE(NULL, v) TH_LOG("case %u", i);
		if (v)
			EXPECT_JSON_STR(v, "sender.comm", cases[i].want);
		json_free(v);
		free(cap.buf);
	}
}

TEST_HARNESS_MAIN
