// SPDX-License-Identifier: GPL-2.0
/*
 * Text output: one strace-like line per call, each delivery indented under
 * it, losses and untraced calls in-band.
 *
 *   12.345678 supervisor[812/812] uid=0 pidfd_send_signal(5<pidfd:901 worker>,
 *     SIGTERM, NULL, 0) = 0 <0.000014>
 *       -> SIGTERM to worker[901/901] scope=process: queued
 *
 * What the module looked at after the kernel did, and the caller could have
 * changed in between, is marked with a '?': that is the difference between
 * evidence and a guess.
 *
 * JSON output: one object per record, field names as in pidfdtrace(8).
 *
 * A reader has to keep up with every signal on the system, so lines are
 * built straight into the output buffer with plain copies, not field by
 * field through printf, and leave it in big writes.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cgroup.h"
#include "decode.h"
#include "users.h"
#include "json.h"
#include "output.h"

/* Room for one more line in the output buffer: flushed when short. */
static void line_start(struct output *o)
{
	if (sizeof(o->buf) - o->len < OUTPUT_LINE_MAX)
		output_flush(o);
}

int output_flush(struct output *o)
{
	size_t len = o->len;

	/* After a failed write, nothing more: the output has a hole. */
	o->len = 0;
	if (!o->error && len && fwrite(o->buf, 1, len, o->f) != len)
		o->error = errno ? errno : EIO;
	if (!o->error && fflush(o->f))
		o->error = errno ? errno : EIO;
	return o->error ? -1 : 0;
}

static void put(struct output *l, const char *s, size_t n)
{
	memcpy(l->buf + l->len, s, n);
	l->len += n;
}

static void puts_(struct output *l, const char *s)
{
	put(l, s, strlen(s));
}

#define PUT(l, literal) put(l, literal, sizeof(literal) - 1)

static void putc_(struct output *l, char c)
{
	l->buf[l->len++] = c;
}

/* Two digits at a time: the reader formats a dozen numbers per record. */
static const char digit_pairs[] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";

static int count_digits(unsigned long long v)
{
	int n = 1;

	if (v >= 10000000000ULL) {
		n += 10;
		v /= 10000000000ULL;
	}
	if (v >= 100000) {
		n += 5;
		v /= 100000;
	}
	if (v >= 1000) {
		n += 3;
		v /= 1000;
	}
	if (v >= 100) {
		n += 2;
		v /= 100;
	}
	return n + (v >= 10);
}

static void putu(struct output *l, unsigned long long v)
{
	char *p;

	if (v < 10) {
		l->buf[l->len++] = '0' + v;
		return;
	}
	l->len += count_digits(v);
	p = l->buf + l->len;
	while (v >= 100) {
		p -= 2;
		memcpy(p, &digit_pairs[v % 100 * 2], 2);
		v /= 100;
	}
	if (v >= 10) {
		p -= 2;
		memcpy(p, &digit_pairs[v * 2], 2);
	} else {
		*--p = '0' + v;
	}
}

/*
 * A 64-bit value that can pass 2^53, where JSON numbers lose precision in
 * JavaScript and jq 1.6: a decimal string (the JSON contract, "v":1).
 */
static void putu_str(struct output *l, unsigned long long v)
{
	putc_(l, '"');
	putu(l, v);
	putc_(l, '"');
}

static void puti(struct output *l, long long v)
{
	if (v < 0) {
		putc_(l, '-');
		putu(l, -(unsigned long long)v);
	} else {
		putu(l, v);
	}
}

/* @v with exactly @width digits, zero-padded. */
static void putu_width(struct output *l, unsigned long long v, int width)
{
	int i;

	for (i = width - 1; i >= 0; i--) {
		l->buf[l->len + i] = '0' + v % 10;
		v /= 10;
	}
	l->len += width;
}

static void putx(struct output *l, unsigned long long v)
{
	static const char hex[] = "0123456789abcdef";
	char tmp[16];
	int n = 0;

	do {
		tmp[n++] = hex[v & 0xf];
		v >>= 4;
	} while (v);
	PUT(l, "0x");
	while (n)
		l->buf[l->len++] = tmp[--n];
}

/* "5.062831": seconds and microseconds. */
static void put_secs(struct output *l, unsigned long long ns)
{
	putu(l, ns / 1000000000);
	putc_(l, '.');
	putu_width(l, ns % 1000000000 / 1000, 6);
}

static void text_time(struct output *l, unsigned long long ns)
{
	long long real = (long long)ns + l->realtime_offset_ns;
	time_t secs = real / 1000000000;
	struct tm tm;

	switch (l->clock) {
	case OUTPUT_CLOCK_BOOT:
		put_secs(l, ns);
		break;
	case OUTPUT_CLOCK_EPOCH:
		put_secs(l, real);
		break;
	default:
		localtime_r(&secs, &tm);
		putu_width(l, tm.tm_hour, 2);
		putc_(l, ':');
		putu_width(l, tm.tm_min, 2);
		putc_(l, ':');
		putu_width(l, tm.tm_sec, 2);
		if (l->clock == OUTPUT_CLOCK_TIME)
			break;
		putc_(l, '.');
		putu_width(l, real % 1000000000 / 1000, 6);
	}
	putc_(l, ' ');
}

/*
 * Bytes that end or start a field in the text: a name holding one, or a
 * byte that is not printable ASCII, is quoted, so that no name can pass
 * for another field (as "x[1/1] uid=0" would).
 */
static bool text_delimiter(unsigned char c)
{
	return c <= 0x20 || c >= 0x7f || strchr("\"\\[]<>(){},'", c);
}

static size_t text_string(char *dst, const char *src, size_t max, bool quote)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)src;
	size_t i, n = 0;

	if (quote)
		dst[n++] = '"';
	for (i = 0; i < max && p[i]; i++) {
		if (p[i] == '"' || p[i] == '\\') {
			dst[n++] = '\\';
			dst[n++] = p[i];
		} else if (p[i] >= 0x20 && p[i] < 0x7f) {
			dst[n++] = p[i];
		} else {
			dst[n++] = '\\';
			dst[n++] = 'x';
			dst[n++] = hex[p[i] >> 4];
			dst[n++] = hex[p[i] & 0xf];
		}
	}
	if (quote)
		dst[n++] = '"';
	dst[n] = '\0';
	return n;
}

size_t output_text_string(char *dst, const char *src, size_t max)
{
	const unsigned char *p = (const unsigned char *)src;
	bool quote = !max || !p[0];
	size_t i;

	for (i = 0; i < max && p[i] && !quote; i++)
		quote = text_delimiter(p[i]);
	return text_string(dst, src, max, quote);
}

size_t output_text_escape(char *dst, const char *src, size_t max)
{
	return text_string(dst, src, max, false);
}

/* comm may hold any bytes: quoted and escaped as strace does a string. */
static void text_comm(struct output *l, const char *comm)
{
	char buf[OUTPUT_STRING_MAX(PIDFDTRACE_COMM_LEN)];

	output_text_string(buf, comm, PIDFDTRACE_COMM_LEN);
	puts_(l, buf);
}

/* "@docker:0123456789ab": the container of cgroup @id, when it is one. */
static void text_container(struct output *l, __u64 id)
{
	const struct cgroup_name *n;
	char buf[OUTPUT_STRING_MAX(12)];

	if (!l->cgroups)
		return;
	n = cgroups_name(l->cgroups, id);
	if (!n || !n->c.runtime[0])
		return;
	putc_(l, '@');
	puts_(l, n->c.runtime);
	putc_(l, ':');
	/* Ids are hex: 12 of them, as docker ps shows them. */
	output_text_string(buf, n->c.id, 12);
	puts_(l, buf);
}

static void text_task(struct output *l, const struct pidfdtrace_task *t,
		      __u64 cgroup)
{
	text_comm(l, t->comm);
	putc_(l, '[');
	putu(l, t->pid);
	putc_(l, '/');
	putu(l, t->tgid);
	if (t->ns_pid != t->pid) {
		PUT(l, " ns:");
		putu(l, t->ns_pid);
	}
	putc_(l, ']');
	text_container(l, cgroup);
}

/* A name from decode.c, or the number when this reader predates it. */
static void put_name(struct output *l, const char *name, unsigned int v)
{
	if (name)
		puts_(l, name);
	else
		putu(l, v);
}

/* The same for a flag bit: in hex, as unknown flags are everywhere. */
static void put_flag(struct output *l, const char *name, unsigned int bit)
{
	if (name)
		puts_(l, name);
	else
		putx(l, bit);
}

/* "153 ns:2 web-worker exited", "153 reaped" */
static void text_target(struct output *l, const struct pidfdtrace_call *c)
{
	putu(l, c->target.pid);
	if (c->target.ns_pid != c->target.pid) {
		PUT(l, " ns:");
		putu(l, c->target.ns_pid);
	}
	if (c->target_state == PIDFDTRACE_TARGET_REAPED) {
		PUT(l, " reaped");
	} else {
		putc_(l, ' ');
		text_comm(l, c->target.comm);
		text_container(l, c->target_cgroup);
		if (c->target_state == PIDFDTRACE_TARGET_EXITED)
			PUT(l, " exited");
	}
}

static void text_fd(struct output *l, const struct pidfdtrace_call *c)
{
	puti(l, c->pidfd);
	putc_(l, '<');
	switch (c->fd_kind) {
	case PIDFDTRACE_FD_PIDFD:
	case PIDFDTRACE_FD_PIDFD_THREAD:
	case PIDFDTRACE_FD_SELF_THREAD:
	case PIDFDTRACE_FD_SELF_PROCESS:
		puts_(l, fd_kind_name(c->fd_kind));
		putc_(l, ':');
		text_target(l, c);
		break;
	case PIDFDTRACE_FD_PROC:
		PUT(l, "/proc/");
		text_target(l, c);
		break;
	default:
		put_name(l, fd_kind_name(c->fd_kind), c->fd_kind);
	}
	putc_(l, '>');
	/* A dup2() racing the call could have made the fd name another. */
	if (c->target_source != PIDFDTRACE_SOURCE_KERNEL &&
	    c->target_source != PIDFDTRACE_SOURCE_NONE)
		putc_(l, '?');
}

static void put_signal(struct output *l, int sig)
{
	char buf[16];

	puts_(l, signal_name(sig, buf, sizeof(buf)));
}

/* "SIGTSTP|SIGTTOU": bit N-1 of @set is signal N. */
static void text_sigset(struct output *l, unsigned long long set)
{
	unsigned long long m;

	for (m = set; m; m &= m - 1) {
		if (m != set)
			putc_(l, '|');
		put_signal(l, __builtin_ctzll(m) + 1);
	}
}

/* As the kernel tells an error from a value (IS_ERR_VALUE): -4095..-1. */
static bool ret_is_errno(int ret)
{
	return ret < 0 && ret >= -4095;
}

static void put_errno(struct output *l, int err)
{
	char buf[16];

	puts_(l, errno_name(err, buf, sizeof(buf)));
}

/* The way strace prints a siginfo_t. */
static void text_siginfo(struct output *l, const struct pidfdtrace_siginfo *si)
{
	char buf[16];

	PUT(l, "{si_signo=");
	put_signal(l, si->signo);
	if (si->error) {
		PUT(l, ", si_errno=");
		put_errno(l, si->error);
	}
	PUT(l, ", si_code=");
	puts_(l, si_code_name(si->signo, si->code, buf, sizeof(buf)));
	if (si->code <= 0 || si->code == SI_KERNEL) {
		PUT(l, ", si_pid=");
		puti(l, si->pid);
		PUT(l, ", si_uid=");
		putu(l, si->uid);
	}
	if (si->code == SI_QUEUE || si->code == SI_MESGQ ||
	    si->code == SI_ASYNCIO || si->code == SI_TIMER) {
		PUT(l, ", si_int=");
		puti(l, (int)si->value);
		PUT(l, ", si_ptr=");
		putx(l, si->value);
	}
	putc_(l, '}');
}

static void text_call_siginfo(struct output *l,
			      const struct pidfdtrace_call *c)
{
	switch (c->siginfo_state) {
	case PIDFDTRACE_SIGINFO_NONE:
		PUT(l, "NULL");
		break;
	case PIDFDTRACE_SIGINFO_KERNEL:
		text_siginfo(l, &c->siginfo);
		break;
	case PIDFDTRACE_SIGINFO_USER_UNVERIFIED:
		/* Read after the kernel's look: the caller could have changed it. */
		text_siginfo(l, &c->siginfo);
		putc_(l, '?');
		break;
	case PIDFDTRACE_SIGINFO_UNREADABLE:
		/* As strace shows memory it cannot read. */
		putx(l, c->info);
		break;
	default:
		/* Unreadable after the fact, or a state this reader predates. */
		putx(l, c->info);
		putc_(l, '?');
	}
}

/* " (fd changed during the call)"; flags this reader predates in hex. */
static void text_call_flags(struct output *l, unsigned int flags)
{
	flags &= ~PIDFDTRACE_CALL_RETURN_UNTRACED;
	if (!flags)
		return;
	PUT(l, " (");
	if (flags & PIDFDTRACE_CALL_FD_CHANGED) {
		PUT(l, "fd changed during the call");
		flags &= ~PIDFDTRACE_CALL_FD_CHANGED;
		if (flags)
			PUT(l, ", ");
	}
	if (flags) {
		PUT(l, "call_flags=");
		putx(l, flags);
	}
	putc_(l, ')');
}

/* "0(root)", as id(1) shows a uid, when the host has a name for it. */
static void text_uid(struct output *l, __u32 uid)
{
	const char *name = l->users ? users_name(l->users, uid) : NULL;
	char buf[OUTPUT_STRING_MAX(32)];

	putu(l, uid);
	if (!name)
		return;
	output_text_string(buf, name, 32);
	putc_(l, '(');
	puts_(l, buf);
	putc_(l, ')');
}

static void text_call(struct output *o, const struct pidfdtrace_call *c)
{
	char buf[128];

	line_start(o);
	text_time(o, c->hdr.time_ns);
	text_task(o, &c->sender, c->sender_cgroup);
	PUT(o, " uid=");
	text_uid(o, c->sender.uid);
	if (c->sender_euid != c->sender.uid) {
		PUT(o, " euid=");
		text_uid(o, c->sender_euid);
	}
	PUT(o, " pidfd_send_signal(");
	text_fd(o, c);
	PUT(o, ", ");
	put_signal(o, c->sig);
	PUT(o, ", ");
	text_call_siginfo(o, c);
	PUT(o, ", ");
	puts_(o, pidfd_flags_name(c->flags, buf, sizeof(buf)));
	PUT(o, ") = ");
	if (c->call_flags & PIDFDTRACE_CALL_RETURN_UNTRACED) {
		/* Recorded at entry: neither its result nor its time is known. */
		PUT(o, "? <return untraced>");
	} else {
		if (ret_is_errno(c->ret)) {
			PUT(o, "-1 ");
			put_errno(o, -c->ret);
			PUT(o, " (");
			puts_(o, errno_text(-c->ret));
			putc_(o, ')');
		} else {
			puti(o, c->ret);
		}
		PUT(o, " <");
		put_secs(o, c->duration_ns);
		putc_(o, '>');
	}
	text_call_flags(o, c->call_flags);
	putc_(o, '\n');
}

/* ", resumed, discarded SIGTSTP|SIGTTOU" */
static void text_effects(struct output *l, const struct pidfdtrace_delivery *d)
{
	unsigned int m, bit;

	for (m = d->effects; m; m &= m - 1) {
		bit = m & -m;
		PUT(l, ", ");
		put_flag(l, effect_name(bit), bit);
		if (bit == PIDFDTRACE_EFFECT_DISCARDED && d->discarded) {
			putc_(l, ' ');
			text_sigset(l, d->discarded);
		}
	}
}

/*
 * What the receiver gets, when the call line does not say it: the kernel
 * rewrote si_pid and si_uid for the receiver's namespace, or kept no
 * siginfo at all.
 */
static void text_received(struct output *l,
			  const struct pidfdtrace_delivery *d)
{
	struct pidfdtrace_siginfo bare = { .signo = d->sig, .code = SI_USER };
	const struct pidfdtrace_siginfo *si;

	if (d->outcome == PIDFDTRACE_OUTCOME_LOSE_INFO)
		si = &bare;
	else if (d->outcome == PIDFDTRACE_OUTCOME_DELIVERED &&
		 d->effects & PIDFDTRACE_EFFECT_CROSS_NAMESPACE)
		si = &d->siginfo;
	else
		return;
	PUT(l, " (receiver gets ");
	text_siginfo(l, si);
	putc_(l, ')');
}

static void text_delivery(struct output *o,
			  const struct pidfdtrace_delivery *d, bool orphan)
{
	line_start(o);
	if (orphan)
		text_time(o, d->hdr.time_ns);
	PUT(o, "    -> ");
	put_signal(o, d->sig);
	PUT(o, " to ");
	text_task(o, &d->target, d->target_cgroup);
	PUT(o, " scope=");
	put_name(o, scope_name(d->scope), d->scope);
	PUT(o, ": ");
	put_name(o, outcome_name(d->outcome), d->outcome);
	text_effects(o, d);
	text_received(o, d);
	if (orphan) {
		PUT(o, " (call #");
		putu(o, d->call_seq);
		PUT(o, " not seen)");
	}
	putc_(o, '\n');
}

/*
 * "time_ns":"N","time":"2026-11-26T05:31:02.123456789Z". The date part is
 * formatted once per second.
 */
static void json_time(struct output *l, unsigned long long ns)
{
	static time_t cached_secs = -1;
	static char cached[32];
	long long real = (long long)ns + l->realtime_offset_ns;
	time_t secs = real / 1000000000;
	struct tm tm;

	if (secs != cached_secs) {
		gmtime_r(&secs, &tm);
		strftime(cached, sizeof(cached), "%Y-%m-%dT%H:%M:%S", &tm);
		cached_secs = secs;
	}
	PUT(l, "\"time_ns\":");
	putu_str(l, ns);
	PUT(l, ",\"time\":\"");
	puts_(l, cached);
	putc_(l, '.');
	putu_width(l, real % 1000000000, 9);
	PUT(l, "Z\"");
}

static void json_header(struct output *l, const char *type,
			const struct pidfdtrace_record_header *hdr)
{
	PUT(l, "{\"type\":\"");
	puts_(l, type);
	PUT(l, "\",\"v\":" OUTPUT_JSON_VERSION ",");
	if (hdr->seq) {
		PUT(l, "\"seq\":");
		putu(l, hdr->seq);
		putc_(l, ',');
	}
	PUT(l, "\"cpu\":");
	putu(l, hdr->cpu);
	putc_(l, ',');
	json_time(l, hdr->time_ns);
}

static void json_string(struct output *l, const char *s, size_t max)
{
	l->len = json_escape(l->buf + l->len, s, max) - l->buf;
}

/* An enum's name as a string, or its number as one for a newer module. */
static void json_name(struct output *l, const char *name, unsigned int v)
{
	putc_(l, '"');
	put_name(l, name, v);
	putc_(l, '"');
}

/* ["resumed","discarded"], flags this reader predates as "0x20". */
static void json_flags(struct output *l, unsigned int flags,
		       const char *(*name)(unsigned int))
{
	unsigned int m, bit;

	putc_(l, '[');
	for (m = flags; m; m &= m - 1) {
		bit = m & -m;
		if (m != flags)
			putc_(l, ',');
		putc_(l, '"');
		put_flag(l, name(bit), bit);
		putc_(l, '"');
	}
	putc_(l, ']');
}

static void json_bool(struct output *l, bool b)
{
	if (b)
		PUT(l, "true");
	else
		PUT(l, "false");
}

/* ,"user":"root": the host's name for @uid; null without one. */
static void json_user(struct output *l, __u32 uid)
{
	const char *name = l->users ? users_name(l->users, uid) : NULL;

	PUT(l, ",\"user\":");
	if (name)
		json_string(l, name, 32);
	else
		PUT(l, "null");
}

static void json_task(struct output *l, const struct pidfdtrace_task *t,
		      bool known)
{
	PUT(l, "\"pid\":");
	putu(l, t->pid);
	PUT(l, ",\"tgid\":");
	putu(l, t->tgid);
	PUT(l, ",\"ns_pid\":");
	putu(l, t->ns_pid);
	if (!known) {
		PUT(l, ",\"uid\":null,\"user\":null,\"comm\":null");
		return;
	}
	PUT(l, ",\"uid\":");
	putu(l, t->uid);
	json_user(l, t->uid);
	PUT(l, ",\"comm\":");
	json_string(l, t->comm, PIDFDTRACE_COMM_LEN);
}

/* An audit id: null when the sender has none. */
static void json_audit_id(struct output *l, unsigned int id)
{
	if (id == PIDFDTRACE_AUDIT_UNSET)
		PUT(l, "null");
	else
		putu(l, id);
}

/* "sig":15,"sig_name":"SIGTERM"; null for 0 and numbers with no name. */
static void json_signal(struct output *l, const char *key, int sig)
{
	putc_(l, '"');
	puts_(l, key);
	PUT(l, "\":");
	puti(l, sig);
	PUT(l, ",\"");
	puts_(l, key);
	PUT(l, "_name\":");
	if (signal_known(sig)) {
		putc_(l, '"');
		put_signal(l, sig);
		putc_(l, '"');
	} else {
		PUT(l, "null");
	}
}

/* "ret":-3,"errno_name":"ESRCH","error":"No such process" */
static void json_ret(struct output *l, int ret)
{
	const char *text;

	PUT(l, "\"ret\":");
	puti(l, ret);
	if (!ret_is_errno(ret)) {
		PUT(l, ",\"errno_name\":null,\"error\":null");
		return;
	}
	PUT(l, ",\"errno_name\":\"");
	put_errno(l, -ret);
	PUT(l, "\",\"error\":");
	text = errno_text(-ret);
	json_string(l, text, 128);
}

static void json_siginfo(struct output *l, const struct pidfdtrace_siginfo *si)
{
	char buf[16];

	json_signal(l, "si_signo", si->signo);
	PUT(l, ",\"si_errno\":");
	puti(l, si->error);
	PUT(l, ",\"si_code\":");
	puti(l, si->code);
	PUT(l, ",\"si_code_name\":\"");
	puts_(l, si_code_name(si->signo, si->code, buf, sizeof(buf)));
	PUT(l, "\",\"si_pid\":");
	puti(l, si->pid);
	PUT(l, ",\"si_uid\":");
	putu(l, si->uid);
	PUT(l, ",\"si_value\":");
	putu_str(l, si->value);
}

static void json_call_siginfo(struct output *l,
			      const struct pidfdtrace_call *c)
{
	if (c->siginfo_state == PIDFDTRACE_SIGINFO_NONE) {
		PUT(l, "null");
		return;
	}
	PUT(l, "{\"addr\":\"");
	putx(l, c->info);
	PUT(l, "\",\"state\":");
	json_name(l, siginfo_state_name(c->siginfo_state), c->siginfo_state);
	if (c->siginfo_state != PIDFDTRACE_SIGINFO_KERNEL &&
	    c->siginfo_state != PIDFDTRACE_SIGINFO_USER_UNVERIFIED) {
		PUT(l, ",\"readable\":false}");
		return;
	}
	PUT(l, ",\"readable\":true,");
	json_siginfo(l, &c->siginfo);
	putc_(l, '}');
}

/*
 * ,"cgroup":"/system.slice/docker-ID.scope","container":{"runtime":"docker",
 * "id":"ID"},"unit":"docker-ID.scope": what the live host says of cgroup
 * @id; null for what it cannot say (or when reading a file).
 */
static void json_cgroup(struct output *o, __u64 id)
{
	const struct cgroup_name *n = o->cgroups ? cgroups_name(o->cgroups, id) :
						   NULL;

	if (!n || !n->known) {
		PUT(o, ",\"cgroup\":null,\"container\":null,\"unit\":null");
		return;
	}
	PUT(o, ",\"cgroup\":");
	json_string(o, n->path, sizeof(n->path));
	PUT(o, ",\"container\":");
	if (n->c.runtime[0]) {
		PUT(o, "{\"runtime\":");
		json_string(o, n->c.runtime, sizeof(n->c.runtime));
		PUT(o, ",\"id\":");
		json_string(o, n->c.id, sizeof(n->c.id));
		putc_(o, '}');
	} else {
		PUT(o, "null");
	}
	PUT(o, ",\"unit\":");
	if (n->c.unit[0])
		json_string(o, n->c.unit, sizeof(n->c.unit));
	else
		PUT(o, "null");
}

static void json_call(struct output *o, const struct pidfdtrace_call *c)
{
	bool untraced = c->call_flags & PIDFDTRACE_CALL_RETURN_UNTRACED;
	char buf[128];

	line_start(o);
	json_header(o, "call", &c->hdr);
	PUT(o, ",\"duration_ns\":");
	if (untraced)
		PUT(o, "null");
	else
		putu_str(o, c->duration_ns);
	PUT(o, ",\"sender\":{");
	json_task(o, &c->sender, true);
	PUT(o, ",\"euid\":");
	putu(o, c->sender_euid);
	PUT(o, ",\"loginuid\":");
	json_audit_id(o, c->sender_loginuid);
	PUT(o, ",\"sessionid\":");
	json_audit_id(o, c->sender_sessionid);
	PUT(o, ",\"pidns\":");
	putu(o, c->sender_pidns);
	PUT(o, ",\"cgroup_id\":");
	putu_str(o, c->sender_cgroup);
	json_cgroup(o, c->sender_cgroup);
	PUT(o, "},\"parent\":{\"tgid\":");
	putu(o, c->parent_tgid);
	PUT(o, ",\"comm\":");
	json_string(o, c->parent_comm, PIDFDTRACE_COMM_LEN);
	PUT(o, "},\"pidfd\":");
	puti(o, c->pidfd);
	PUT(o, ",\"fd_kind\":");
	json_name(o, fd_kind_name(c->fd_kind), c->fd_kind);
	PUT(o, ",\"target\":");
	if (c->target_state == PIDFDTRACE_TARGET_UNKNOWN) {
		PUT(o, "null");
	} else {
		PUT(o, "{\"state\":");
		json_name(o, target_state_name(c->target_state),
			  c->target_state);
		putc_(o, ',');
		json_task(o, &c->target,
			  c->target_state != PIDFDTRACE_TARGET_REAPED);
		PUT(o, ",\"cgroup_id\":");
		putu_str(o, c->target_cgroup);
		json_cgroup(o, c->target_cgroup);
		putc_(o, '}');
	}
	PUT(o, ",\"target_source\":");
	json_name(o, target_source_name(c->target_source), c->target_source);
	putc_(o, ',');
	json_signal(o, "sig", c->sig);
	PUT(o, ",\"info\":");
	json_call_siginfo(o, c);
	PUT(o, ",\"flags\":");
	putu(o, c->flags);
	PUT(o, ",\"flags_name\":\"");
	puts_(o, pidfd_flags_name(c->flags, buf, sizeof(buf)));
	PUT(o, "\",");
	if (untraced)
		PUT(o, "\"ret\":null,\"errno_name\":null,\"error\":null");
	else
		json_ret(o, c->ret);
	PUT(o, ",\"call_flags\":");
	putu(o, c->call_flags);
	PUT(o, ",\"return_untraced\":");
	json_bool(o, untraced);
	PUT(o, ",\"fd_changed\":");
	json_bool(o, c->call_flags & PIDFDTRACE_CALL_FD_CHANGED);
	PUT(o, ",\"deliveries\":");
	putu(o, c->deliveries);
	PUT(o, "}\n");
}

static void json_delivery(struct output *o,
			  const struct pidfdtrace_delivery *d)
{
	unsigned long long m;

	line_start(o);
	json_header(o, "delivery", &d->hdr);
	PUT(o, ",\"call_seq\":");
	putu(o, d->call_seq);
	PUT(o, ",\"sender\":{\"pid\":");
	putu(o, d->sender_pid);
	PUT(o, ",\"tgid\":");
	putu(o, d->sender_tgid);
	PUT(o, "},\"target\":{");
	json_task(o, &d->target, true);
	PUT(o, ",\"cgroup_id\":");
	putu_str(o, d->target_cgroup);
	json_cgroup(o, d->target_cgroup);
	PUT(o, "},");
	json_signal(o, "sig", d->sig);
	PUT(o, ",\"scope\":");
	json_name(o, scope_name(d->scope), d->scope);
	PUT(o, ",\"outcome\":");
	json_name(o, outcome_name(d->outcome), d->outcome);
	PUT(o, ",\"effects\":");
	json_flags(o, d->effects, effect_name);
	PUT(o, ",\"discarded\":[");
	for (m = d->discarded; m; m &= m - 1) {
		if (m != d->discarded)
			putc_(o, ',');
		putc_(o, '"');
		put_signal(o, __builtin_ctzll(m) + 1);
		putc_(o, '"');
	}
	PUT(o, "],\"info\":{");
	json_siginfo(o, &d->siginfo);
	PUT(o, "}}\n");
}

void output_call(struct output *o, const struct pidfdtrace_call *c)
{
	if (o->json)
		json_call(o, c);
	else
		text_call(o, c);
}

void output_delivery(struct output *o, const struct pidfdtrace_delivery *d,
		     bool orphan)
{
	if (o->json)
		json_delivery(o, d);
	else
		text_delivery(o, d, orphan);
}

void output_lost(struct output *o, const struct pidfdtrace_lost *l)
{
	line_start(o);
	if (o->json) {
		PUT(o, "{\"type\":\"lost\",\"v\":" OUTPUT_JSON_VERSION ",");
		json_time(o, l->hdr.time_ns);
		PUT(o, ",\"count\":");
		putu(o, l->count);
		PUT(o, ",\"calls\":");
		putu(o, l->calls);
		PUT(o, "}\n");
	} else {
		PUT(o, "... lost ");
		putu(o, l->count);
		PUT(o, " records (");
		putu(o, l->calls);
		PUT(o, " calls) ...\n");
	}
}

void output_missed(struct output *o, const struct pidfdtrace_missed *m)
{
	unsigned int r, bit;

	line_start(o);
	if (o->json) {
		json_header(o, "missed", &m->hdr);
		PUT(o, ",\"calls\":");
		putu(o, m->calls);
		PUT(o, ",\"reasons\":");
		json_flags(o, m->reasons, missed_reason_name);
		PUT(o, "}\n");
		return;
	}
	PUT(o, "... ");
	putu(o, m->calls);
	PUT(o, " calls untraced");
	for (r = m->reasons; r; r &= r - 1) {
		bit = r & -r;
		if (r == m->reasons)
			PUT(o, " (");
		else
			PUT(o, ", ");
		put_flag(o, missed_reason_name(bit), bit);
	}
	if (m->reasons)
		putc_(o, ')');
	PUT(o, " ...\n");
}
