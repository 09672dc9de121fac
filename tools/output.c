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
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cgroup.h"
#include "decode.h"
#include "users.h"
#include "json.h"
#include "output.h"

/*
 * Room for one more line in the output buffer, flushed when short: where
 * the line starts. A line is built through a local cursor, each helper
 * returning where it ended, not through o->len, which the compiler would
 * have to load again after every byte stored (a char may alias anything).
 */
static char *line_start(struct output *o)
{
	if (sizeof(o->buf) - o->len < OUTPUT_LINE_MAX)
		output_flush(o);
	return o->buf + o->len;
}

/* The line line_start() began ends before @p. */
static void line_end(struct output *o, const char *p)
{
	o->len = p - o->buf;
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

static char *put(char *p, const char *s, size_t n)
{
	memcpy(p, s, n);
	return p + n;
}

/* The names decode.c gives are short: a loop, not strlen() and memcpy(). */
static char *puts_(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

#define PUT(p, literal) put(p, literal, sizeof(literal) - 1)

static char *putc_(char *p, char c)
{
	*p = c;
	return p + 1;
}

/* Two digits at a time: the reader formats a dozen numbers per record. */
static const char digit_pairs[] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";

/* Of @v, not 0: log10 from the bit count, then one comparison. */
static int count_digits(unsigned long long v)
{
	static const unsigned long long pow10[20] = {
		1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
		10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL,
		100000000000ULL, 1000000000000ULL, 10000000000000ULL,
		100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
		100000000000000000ULL, 1000000000000000000ULL,
		10000000000000000000ULL,
	};
	/* 1233 / 4096 is just above log10(2). */
	int t = (64 - __builtin_clzll(v)) * 1233 >> 12;

	return t + 1 - (v < pow10[t]);
}

static char *putu(char *p, unsigned long long v)
{
	unsigned int w;
	char *end;

	if (v < 10)
		return putc_(p, '0' + v);
	if (v < 100)
		return put(p, &digit_pairs[v * 2], 2);
	if (v < 1000) {
		w = v;
		*p = '0' + w / 100;
		memcpy(p + 1, &digit_pairs[w % 100 * 2], 2);
		return p + 3;
	}
	end = p + count_digits(v);
	p = end;
	/* In 32 bits as soon as it fits: most numbers are pids and uids. */
	while (v > UINT_MAX) {
		p -= 2;
		memcpy(p, &digit_pairs[v % 100 * 2], 2);
		v /= 100;
	}
	for (w = v; w >= 100; w /= 100) {
		p -= 2;
		memcpy(p, &digit_pairs[w % 100 * 2], 2);
	}
	if (w >= 10)
		memcpy(p - 2, &digit_pairs[w * 2], 2);
	else
		p[-1] = '0' + w;
	return end;
}

/*
 * A 64-bit value that can pass 2^53, where JSON numbers lose precision in
 * JavaScript and jq 1.6: a decimal string (the JSON contract, "v":1).
 */
static char *putu_str(char *p, unsigned long long v)
{
	p = putc_(p, '"');
	p = putu(p, v);
	return putc_(p, '"');
}

static char *puti(char *p, long long v)
{
	if (v < 0) {
		p = putc_(p, '-');
		return putu(p, -(unsigned long long)v);
	}
	return putu(p, v);
}

/* @v, below 10^@width, with exactly @width digits, zero-padded. */
static char *putu_width(char *p, unsigned int v, int width)
{
	int i = width;

	while (i >= 2) {
		i -= 2;
		memcpy(p + i, &digit_pairs[v % 100 * 2], 2);
		v /= 100;
	}
	if (i)
		p[0] = '0' + v % 10;
	return p + width;
}

static char *putx(char *p, unsigned long long v)
{
	static const char hex[] = "0123456789abcdef";
	char tmp[16];
	int n = 0;

	do {
		tmp[n++] = hex[v & 0xf];
		v >>= 4;
	} while (v);
	p = PUT(p, "0x");
	while (n)
		*p++ = tmp[--n];
	return p;
}

/* "5.062831": seconds and microseconds. */
static char *put_secs(char *p, unsigned long long ns)
{
	p = putu(p, ns / 1000000000);
	p = putc_(p, '.');
	return putu_width(p, ns % 1000000000 / 1000, 6);
}

static char *text_time(const struct output *o, char *p, unsigned long long ns)
{
	long long real = (long long)ns + o->realtime_offset_ns;
	time_t secs = real / 1000000000;
	struct tm tm;

	switch (o->clock) {
	case OUTPUT_CLOCK_BOOT:
		p = put_secs(p, ns);
		break;
	case OUTPUT_CLOCK_EPOCH:
		p = put_secs(p, real);
		break;
	default:
		localtime_r(&secs, &tm);
		p = putu_width(p, tm.tm_hour, 2);
		p = putc_(p, ':');
		p = putu_width(p, tm.tm_min, 2);
		p = putc_(p, ':');
		p = putu_width(p, tm.tm_sec, 2);
		if (o->clock == OUTPUT_CLOCK_TIME)
			break;
		p = putc_(p, '.');
		p = putu_width(p, real % 1000000000 / 1000, 6);
	}
	return putc_(p, ' ');
}

/*
 * Bytes that end or start a field in the text: a name holding one, or a
 * byte that is not printable ASCII, is quoted, so that no name can pass
 * for another field (as "x[1/1] uid=0" would). The table holds the others.
 */
static const unsigned char text_plain[256] = {
	['!'] = 1, ['#' ... '&'] = 1, ['*' ... '+'] = 1, ['-' ... ';'] = 1,
	['='] = 1, ['?' ... 'Z'] = 1, ['^' ... 'z'] = 1, ['|'] = 1, ['~'] = 1,
};

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
		quote = !text_plain[p[i]];
	return text_string(dst, src, max, quote);
}

size_t output_text_escape(char *dst, const char *src, size_t max)
{
	return text_string(dst, src, max, false);
}

/* comm may hold any bytes: quoted and escaped as strace does a string. */
static char *text_comm(char *p, const char *comm)
{
	return p + output_text_string(p, comm, PIDFDTRACE_COMM_LEN);
}

/* "@docker:0123456789ab": the container of cgroup @id, when it is one. */
static char *text_container(const struct output *o, char *p, __u64 id)
{
	const struct cgroup_name *n;

	if (!o->cgroups)
		return p;
	n = cgroups_name(o->cgroups, id);
	if (!n || !n->c.runtime[0])
		return p;
	p = putc_(p, '@');
	p = puts_(p, n->c.runtime);
	p = putc_(p, ':');
	/* Ids are hex: 12 of them, as docker ps shows them. */
	return p + output_text_string(p, n->c.id, 12);
}

static char *text_task(const struct output *o, char *p,
		       const struct pidfdtrace_task *t, __u64 cgroup)
{
	p = text_comm(p, t->comm);
	p = putc_(p, '[');
	p = putu(p, t->pid);
	p = putc_(p, '/');
	p = putu(p, t->tgid);
	if (t->ns_pid != t->pid) {
		p = PUT(p, " ns:");
		p = putu(p, t->ns_pid);
	}
	p = putc_(p, ']');
	return text_container(o, p, cgroup);
}

/* A name from decode.c, or the number when this reader predates it. */
static char *put_name(char *p, const char *name, unsigned int v)
{
	if (name)
		p = puts_(p, name);
	else
		p = putu(p, v);
	return p;
}

/* The same for a flag bit: in hex, as unknown flags are everywhere. */
static char *put_flag(char *p, const char *name, unsigned int bit)
{
	if (name)
		p = puts_(p, name);
	else
		p = putx(p, bit);
	return p;
}

/* "153 ns:2 web-worker exited", "153 reaped" */
static char *text_target(const struct output *o, char *p,
			 const struct pidfdtrace_call *c)
{
	p = putu(p, c->target.pid);
	if (c->target.ns_pid != c->target.pid) {
		p = PUT(p, " ns:");
		p = putu(p, c->target.ns_pid);
	}
	if (c->target_state == PIDFDTRACE_TARGET_REAPED) {
		p = PUT(p, " reaped");
	} else {
		p = putc_(p, ' ');
		p = text_comm(p, c->target.comm);
		p = text_container(o, p, c->target_cgroup);
		if (c->target_state == PIDFDTRACE_TARGET_EXITED)
			p = PUT(p, " exited");
	}
	return p;
}

static char *text_fd(const struct output *o, char *p,
		     const struct pidfdtrace_call *c)
{
	p = puti(p, c->pidfd);
	p = putc_(p, '<');
	switch (c->fd_kind) {
	case PIDFDTRACE_FD_PIDFD:
	case PIDFDTRACE_FD_PIDFD_THREAD:
	case PIDFDTRACE_FD_SELF_THREAD:
	case PIDFDTRACE_FD_SELF_PROCESS:
		p = puts_(p, fd_kind_name(c->fd_kind));
		p = putc_(p, ':');
		p = text_target(o, p, c);
		break;
	case PIDFDTRACE_FD_PROC:
		p = PUT(p, "/proc/");
		p = text_target(o, p, c);
		break;
	default:
		p = put_name(p, fd_kind_name(c->fd_kind), c->fd_kind);
	}
	p = putc_(p, '>');
	/* A dup2() racing the call could have made the fd name another. */
	if (c->target_source != PIDFDTRACE_SOURCE_KERNEL &&
	    c->target_source != PIDFDTRACE_SOURCE_NONE)
		p = putc_(p, '?');
	return p;
}

static char *put_signal(char *p, int sig)
{
	char buf[16];

	return puts_(p, signal_name(sig, buf, sizeof(buf)));
}

/* "SIGTSTP|SIGTTOU": bit N-1 of @set is signal N. */
static char *text_sigset(char *p, unsigned long long set)
{
	unsigned long long m;

	for (m = set; m; m &= m - 1) {
		if (m != set)
			p = putc_(p, '|');
		p = put_signal(p, __builtin_ctzll(m) + 1);
	}
	return p;
}

/* As the kernel tells an error from a value (IS_ERR_VALUE): -4095..-1. */
static bool ret_is_errno(int ret)
{
	return ret < 0 && ret >= -4095;
}

static char *put_errno(char *p, int err)
{
	char buf[16];

	return puts_(p, errno_name(err, buf, sizeof(buf)));
}

/* The way strace prints a siginfo_t. */
static char *text_siginfo(char *p, const struct pidfdtrace_siginfo *si)
{
	char buf[16];

	p = PUT(p, "{si_signo=");
	p = put_signal(p, si->signo);
	if (si->error) {
		p = PUT(p, ", si_errno=");
		p = put_errno(p, si->error);
	}
	p = PUT(p, ", si_code=");
	p = puts_(p, si_code_name(si->signo, si->code, buf, sizeof(buf)));
	if (si->code <= 0 || si->code == SI_KERNEL) {
		p = PUT(p, ", si_pid=");
		p = puti(p, si->pid);
		p = PUT(p, ", si_uid=");
		p = putu(p, si->uid);
	}
	if (si->code == SI_QUEUE || si->code == SI_MESGQ ||
	    si->code == SI_ASYNCIO || si->code == SI_TIMER) {
		p = PUT(p, ", si_int=");
		p = puti(p, (int)si->value);
		p = PUT(p, ", si_ptr=");
		p = putx(p, si->value);
	}
	return putc_(p, '}');
}

static char *text_call_siginfo(char *p, const struct pidfdtrace_call *c)
{
	switch (c->siginfo_state) {
	case PIDFDTRACE_SIGINFO_NONE:
		p = PUT(p, "NULL");
		break;
	case PIDFDTRACE_SIGINFO_KERNEL:
		p = text_siginfo(p, &c->siginfo);
		break;
	case PIDFDTRACE_SIGINFO_USER_UNVERIFIED:
		/* Read after the kernel's look: the caller could have changed it. */
		p = text_siginfo(p, &c->siginfo);
		p = putc_(p, '?');
		break;
	case PIDFDTRACE_SIGINFO_UNREADABLE:
		/* As strace shows memory it cannot read. */
		p = putx(p, c->info);
		break;
	default:
		/* Unreadable after the fact, or a state this reader predates. */
		p = putx(p, c->info);
		p = putc_(p, '?');
	}
	return p;
}

/* " (fd changed during the call)"; flags this reader predates in hex. */
static char *text_call_flags(char *p, unsigned int flags)
{
	flags &= ~PIDFDTRACE_CALL_RETURN_UNTRACED;
	if (!flags)
		return p;
	p = PUT(p, " (");
	if (flags & PIDFDTRACE_CALL_FD_CHANGED) {
		p = PUT(p, "fd changed during the call");
		flags &= ~PIDFDTRACE_CALL_FD_CHANGED;
		if (flags)
			p = PUT(p, ", ");
	}
	if (flags) {
		p = PUT(p, "call_flags=");
		p = putx(p, flags);
	}
	return putc_(p, ')');
}

/* "0(root)", as id(1) shows a uid, when the host has a name for it. */
static char *text_uid(const struct output *o, char *p, __u32 uid)
{
	const char *name = o->users ? users_name(o->users, uid) : NULL;

	p = putu(p, uid);
	if (!name)
		return p;
	p = putc_(p, '(');
	p += output_text_string(p, name, 32);
	return putc_(p, ')');
}

static void text_call(struct output *o, const struct pidfdtrace_call *c)
{
	char *p = line_start(o);
	char buf[128];

	p = text_time(o, p, c->hdr.time_ns);
	p = text_task(o, p, &c->sender, c->sender_cgroup);
	p = PUT(p, " uid=");
	p = text_uid(o, p, c->sender.uid);
	if (c->sender_euid != c->sender.uid) {
		p = PUT(p, " euid=");
		p = text_uid(o, p, c->sender_euid);
	}
	p = PUT(p, " pidfd_send_signal(");
	p = text_fd(o, p, c);
	p = PUT(p, ", ");
	p = put_signal(p, c->sig);
	p = PUT(p, ", ");
	p = text_call_siginfo(p, c);
	p = PUT(p, ", ");
	p = puts_(p, pidfd_flags_name(c->flags, buf, sizeof(buf)));
	p = PUT(p, ") = ");
	if (c->call_flags & PIDFDTRACE_CALL_RETURN_UNTRACED) {
		/* Recorded at entry: neither its result nor its time is known. */
		p = PUT(p, "? <return untraced>");
	} else {
		if (ret_is_errno(c->ret)) {
			p = PUT(p, "-1 ");
			p = put_errno(p, -c->ret);
			p = PUT(p, " (");
			p = puts_(p, errno_text(-c->ret));
			p = putc_(p, ')');
		} else {
			p = puti(p, c->ret);
		}
		p = PUT(p, " <");
		p = put_secs(p, c->duration_ns);
		p = putc_(p, '>');
	}
	p = text_call_flags(p, c->call_flags);
	p = putc_(p, '\n');
	line_end(o, p);
}

/* ", resumed, discarded SIGTSTP|SIGTTOU" */
static char *text_effects(char *p, const struct pidfdtrace_delivery *d)
{
	unsigned int m, bit;

	for (m = d->effects; m; m &= m - 1) {
		bit = m & -m;
		p = PUT(p, ", ");
		p = put_flag(p, effect_name(bit), bit);
		if (bit == PIDFDTRACE_EFFECT_DISCARDED && d->discarded) {
			p = putc_(p, ' ');
			p = text_sigset(p, d->discarded);
		}
	}
	return p;
}

/*
 * What the receiver gets, when the call line does not say it: the kernel
 * rewrote si_pid and si_uid for the receiver's namespace, or kept no
 * siginfo at all.
 */
static char *text_received(char *p, const struct pidfdtrace_delivery *d)
{
	struct pidfdtrace_siginfo bare = { .signo = d->sig, .code = SI_USER };
	const struct pidfdtrace_siginfo *si;

	if (d->outcome == PIDFDTRACE_OUTCOME_LOSE_INFO)
		si = &bare;
	else if (d->outcome == PIDFDTRACE_OUTCOME_DELIVERED &&
		 d->effects & PIDFDTRACE_EFFECT_CROSS_NAMESPACE)
		si = &d->siginfo;
	else
		return p;
	p = PUT(p, " (receiver gets ");
	p = text_siginfo(p, si);
	return putc_(p, ')');
}

static void text_delivery(struct output *o,
			  const struct pidfdtrace_delivery *d, bool orphan)
{
	char *p = line_start(o);

	if (orphan)
		p = text_time(o, p, d->hdr.time_ns);
	p = PUT(p, "    -> ");
	p = put_signal(p, d->sig);
	p = PUT(p, " to ");
	p = text_task(o, p, &d->target, d->target_cgroup);
	p = PUT(p, " scope=");
	p = put_name(p, scope_name(d->scope), d->scope);
	p = PUT(p, ": ");
	p = put_name(p, outcome_name(d->outcome), d->outcome);
	p = text_effects(p, d);
	p = text_received(p, d);
	if (orphan) {
		p = PUT(p, " (call #");
		p = putu(p, d->call_seq);
		p = PUT(p, " not seen)");
	}
	p = putc_(p, '\n');
	line_end(o, p);
}

/*
 * "time_ns":"N","time":"2026-11-26T05:31:02.123456789Z". The digits of
 * the whole seconds and the date are formatted once per second, the
 * nanoseconds for each record.
 */
static char *json_time(const struct output *o, char *p, unsigned long long ns)
{
	static unsigned long long cached_mono = -1;
	static time_t cached_secs = -1;
	static char mono[24], date[32];
	static size_t mono_len, date_len;
	unsigned long long secs_mono = ns / 1000000000;
	long long real = (long long)ns + o->realtime_offset_ns;
	time_t secs = real / 1000000000;
	struct tm tm;

	if (secs != cached_secs) {
		gmtime_r(&secs, &tm);
		date_len = strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S.",
				    &tm);
		cached_secs = secs;
	}
	if (secs_mono != cached_mono) {
		mono_len = putu(mono, secs_mono) - mono;
		cached_mono = secs_mono;
	}
	p = PUT(p, "\"time_ns\":\"");
	if (secs_mono) {
		p = put(p, mono, mono_len);
		p = putu_width(p, ns - secs_mono * 1000000000, 9);
	} else {
		p = putu(p, ns);
	}
	p = PUT(p, "\",\"time\":\"");
	p = put(p, date, date_len);
	p = putu_width(p, real % 1000000000, 9);
	return PUT(p, "Z\"");
}

static char *json_header(const struct output *o, char *p, const char *type,
			 const struct pidfdtrace_record_header *hdr)
{
	p = PUT(p, "{\"type\":\"");
	p = puts_(p, type);
	p = PUT(p, "\",\"v\":" OUTPUT_JSON_VERSION ",");
	if (hdr->seq) {
		p = PUT(p, "\"seq\":");
		p = putu(p, hdr->seq);
		p = putc_(p, ',');
	}
	p = PUT(p, "\"cpu\":");
	p = putu(p, hdr->cpu);
	p = putc_(p, ',');
	return json_time(o, p, hdr->time_ns);
}

static char *json_string(char *p, const char *s, size_t max)
{
	return json_escape(p, s, max);
}

/* An enum's name as a string, or its number as one for a newer module. */
static char *json_name(char *p, const char *name, unsigned int v)
{
	p = putc_(p, '"');
	p = put_name(p, name, v);
	return putc_(p, '"');
}

/* ["resumed","discarded"], flags this reader predates as "0x20". */
static char *json_flags(char *p, unsigned int flags,
			const char *(*name)(unsigned int))
{
	unsigned int m, bit;

	p = putc_(p, '[');
	for (m = flags; m; m &= m - 1) {
		bit = m & -m;
		if (m != flags)
			p = putc_(p, ',');
		p = putc_(p, '"');
		p = put_flag(p, name(bit), bit);
		p = putc_(p, '"');
	}
	return putc_(p, ']');
}

static char *json_bool(char *p, bool b)
{
	if (b)
		p = PUT(p, "true");
	else
		p = PUT(p, "false");
	return p;
}

/* ,"user":"root": the host's name for @uid; null without one. */
static char *json_user(const struct output *o, char *p, __u32 uid)
{
	const char *name = o->users ? users_name(o->users, uid) : NULL;

	p = PUT(p, ",\"user\":");
	if (name)
		p = json_string(p, name, 32);
	else
		p = PUT(p, "null");
	return p;
}

static char *json_task(const struct output *o, char *p,
		       const struct pidfdtrace_task *t, bool known)
{
	p = PUT(p, "\"pid\":");
	p = putu(p, t->pid);
	p = PUT(p, ",\"tgid\":");
	p = putu(p, t->tgid);
	p = PUT(p, ",\"ns_pid\":");
	p = putu(p, t->ns_pid);
	if (!known) {
		p = PUT(p, ",\"uid\":null,\"user\":null,\"comm\":null");
		return p;
	}
	p = PUT(p, ",\"uid\":");
	p = putu(p, t->uid);
	p = json_user(o, p, t->uid);
	p = PUT(p, ",\"comm\":");
	return json_string(p, t->comm, PIDFDTRACE_COMM_LEN);
}

/* An audit id: null when the sender has none. */
static char *json_audit_id(char *p, unsigned int id)
{
	if (id == PIDFDTRACE_AUDIT_UNSET)
		p = PUT(p, "null");
	else
		p = putu(p, id);
	return p;
}

/* "sig":15,"sig_name":"SIGTERM"; null for 0 and numbers with no name. */
static char *json_signal(char *p, const char *key, int sig)
{
	p = putc_(p, '"');
	p = puts_(p, key);
	p = PUT(p, "\":");
	p = puti(p, sig);
	p = PUT(p, ",\"");
	p = puts_(p, key);
	p = PUT(p, "_name\":");
	if (signal_known(sig)) {
		p = putc_(p, '"');
		p = put_signal(p, sig);
		p = putc_(p, '"');
	} else {
		p = PUT(p, "null");
	}
	return p;
}

/*
 * The same from a table made as it goes: a record names its signal two or
 * three times, and a trace has few distinct ones.
 */
struct json_signal_memo {
	unsigned char len;	/* 0: not made yet */
	char s[63];
};

static char *json_signal_memo(char *p, struct json_signal_memo *memo,
			      const char *key, int sig)
{
	struct json_signal_memo *m;

	if (sig < 0 || sig > 64)
		return json_signal(p, key, sig);
	m = &memo[sig];
	if (!m->len)
		m->len = json_signal(m->s, key, sig) - m->s;
	return put(p, m->s, m->len);
}

static char *json_sig(char *p, int sig)
{
	static struct json_signal_memo memo[65];

	return json_signal_memo(p, memo, "sig", sig);
}

static char *json_si_signo(char *p, int sig)
{
	static struct json_signal_memo memo[65];

	return json_signal_memo(p, memo, "si_signo", sig);
}

/* "ret":-3,"errno_name":"ESRCH","error":"No such process" */
static char *json_ret(char *p, int ret)
{
	const char *text;

	p = PUT(p, "\"ret\":");
	p = puti(p, ret);
	if (!ret_is_errno(ret)) {
		p = PUT(p, ",\"errno_name\":null,\"error\":null");
		return p;
	}
	p = PUT(p, ",\"errno_name\":\"");
	p = put_errno(p, -ret);
	p = PUT(p, "\",\"error\":");
	text = errno_text(-ret);
	return json_string(p, text, 128);
}

static char *json_siginfo(char *p, const struct pidfdtrace_siginfo *si)
{
	char buf[16];

	p = json_si_signo(p, si->signo);
	p = PUT(p, ",\"si_errno\":");
	p = puti(p, si->error);
	p = PUT(p, ",\"si_code\":");
	p = puti(p, si->code);
	p = PUT(p, ",\"si_code_name\":\"");
	p = puts_(p, si_code_name(si->signo, si->code, buf, sizeof(buf)));
	p = PUT(p, "\",\"si_pid\":");
	p = puti(p, si->pid);
	p = PUT(p, ",\"si_uid\":");
	p = putu(p, si->uid);
	p = PUT(p, ",\"si_value\":");
	return putu_str(p, si->value);
}

static char *json_call_siginfo(char *p, const struct pidfdtrace_call *c)
{
	if (c->siginfo_state == PIDFDTRACE_SIGINFO_NONE) {
		p = PUT(p, "null");
		return p;
	}
	p = PUT(p, "{\"addr\":\"");
	p = putx(p, c->info);
	p = PUT(p, "\",\"state\":");
	p = json_name(p, siginfo_state_name(c->siginfo_state), c->siginfo_state);
	if (c->siginfo_state != PIDFDTRACE_SIGINFO_KERNEL &&
	    c->siginfo_state != PIDFDTRACE_SIGINFO_USER_UNVERIFIED) {
		p = PUT(p, ",\"readable\":false}");
		return p;
	}
	p = PUT(p, ",\"readable\":true,");
	p = json_siginfo(p, &c->siginfo);
	return putc_(p, '}');
}

/*
 * ,"cgroup":"/system.slice/docker-ID.scope","container":{"runtime":"docker",
 * "id":"ID"},"unit":"docker-ID.scope": what the live host says of cgroup
 * @id; null for what it cannot say (or when reading a file).
 */
static char *json_cgroup(const struct output *o, char *p, __u64 id)
{
	const struct cgroup_name *n = o->cgroups ? cgroups_name(o->cgroups, id) :
						   NULL;

	if (!n || !n->known) {
		p = PUT(p, ",\"cgroup\":null,\"container\":null,\"unit\":null");
		return p;
	}
	p = PUT(p, ",\"cgroup\":");
	p = json_string(p, n->path, sizeof(n->path));
	p = PUT(p, ",\"container\":");
	if (n->c.runtime[0]) {
		p = PUT(p, "{\"runtime\":");
		p = json_string(p, n->c.runtime, sizeof(n->c.runtime));
		p = PUT(p, ",\"id\":");
		p = json_string(p, n->c.id, sizeof(n->c.id));
		p = putc_(p, '}');
	} else {
		p = PUT(p, "null");
	}
	p = PUT(p, ",\"unit\":");
	if (n->c.unit[0])
		p = json_string(p, n->c.unit, sizeof(n->c.unit));
	else
		p = PUT(p, "null");
	return p;
}

static void json_call(struct output *o, const struct pidfdtrace_call *c)
{
	bool untraced = c->call_flags & PIDFDTRACE_CALL_RETURN_UNTRACED;
	char *p = line_start(o);
	char buf[128];

	p = json_header(o, p, "call", &c->hdr);
	p = PUT(p, ",\"duration_ns\":");
	if (untraced)
		p = PUT(p, "null");
	else
		p = putu_str(p, c->duration_ns);
	p = PUT(p, ",\"sender\":{");
	p = json_task(o, p, &c->sender, true);
	p = PUT(p, ",\"euid\":");
	p = putu(p, c->sender_euid);
	p = PUT(p, ",\"loginuid\":");
	p = json_audit_id(p, c->sender_loginuid);
	p = PUT(p, ",\"sessionid\":");
	p = json_audit_id(p, c->sender_sessionid);
	p = PUT(p, ",\"pidns\":");
	p = putu(p, c->sender_pidns);
	p = PUT(p, ",\"cgroup_id\":");
	p = putu_str(p, c->sender_cgroup);
	p = json_cgroup(o, p, c->sender_cgroup);
	p = PUT(p, "},\"parent\":{\"tgid\":");
	p = putu(p, c->parent_tgid);
	p = PUT(p, ",\"comm\":");
	p = json_string(p, c->parent_comm, PIDFDTRACE_COMM_LEN);
	p = PUT(p, "},\"pidfd\":");
	p = puti(p, c->pidfd);
	p = PUT(p, ",\"fd_kind\":");
	p = json_name(p, fd_kind_name(c->fd_kind), c->fd_kind);
	p = PUT(p, ",\"target\":");
	if (c->target_state == PIDFDTRACE_TARGET_UNKNOWN) {
		p = PUT(p, "null");
	} else {
		p = PUT(p, "{\"state\":");
		p = json_name(p, target_state_name(c->target_state),
			  c->target_state);
		p = putc_(p, ',');
		p = json_task(o, p, &c->target,
			  c->target_state != PIDFDTRACE_TARGET_REAPED);
		p = PUT(p, ",\"cgroup_id\":");
		p = putu_str(p, c->target_cgroup);
		p = json_cgroup(o, p, c->target_cgroup);
		p = putc_(p, '}');
	}
	p = PUT(p, ",\"target_source\":");
	p = json_name(p, target_source_name(c->target_source), c->target_source);
	p = putc_(p, ',');
	p = json_sig(p, c->sig);
	p = PUT(p, ",\"info\":");
	p = json_call_siginfo(p, c);
	p = PUT(p, ",\"flags\":");
	p = putu(p, c->flags);
	p = PUT(p, ",\"flags_name\":\"");
	p = puts_(p, pidfd_flags_name(c->flags, buf, sizeof(buf)));
	p = PUT(p, "\",");
	if (untraced)
		p = PUT(p, "\"ret\":null,\"errno_name\":null,\"error\":null");
	else
		p = json_ret(p, c->ret);
	p = PUT(p, ",\"call_flags\":");
	p = putu(p, c->call_flags);
	p = PUT(p, ",\"return_untraced\":");
	p = json_bool(p, untraced);
	p = PUT(p, ",\"fd_changed\":");
	p = json_bool(p, c->call_flags & PIDFDTRACE_CALL_FD_CHANGED);
	p = PUT(p, ",\"deliveries\":");
	p = putu(p, c->deliveries);
	p = PUT(p, "}\n");
	line_end(o, p);
}

static void json_delivery(struct output *o,
			  const struct pidfdtrace_delivery *d)
{
	char *p = line_start(o);
	unsigned long long m;

	p = json_header(o, p, "delivery", &d->hdr);
	p = PUT(p, ",\"call_seq\":");
	p = putu(p, d->call_seq);
	p = PUT(p, ",\"sender\":{\"pid\":");
	p = putu(p, d->sender_pid);
	p = PUT(p, ",\"tgid\":");
	p = putu(p, d->sender_tgid);
	p = PUT(p, "},\"target\":{");
	p = json_task(o, p, &d->target, true);
	p = PUT(p, ",\"cgroup_id\":");
	p = putu_str(p, d->target_cgroup);
	p = json_cgroup(o, p, d->target_cgroup);
	p = PUT(p, "},");
	p = json_sig(p, d->sig);
	p = PUT(p, ",\"scope\":");
	p = json_name(p, scope_name(d->scope), d->scope);
	p = PUT(p, ",\"outcome\":");
	p = json_name(p, outcome_name(d->outcome), d->outcome);
	p = PUT(p, ",\"effects\":");
	p = json_flags(p, d->effects, effect_name);
	p = PUT(p, ",\"discarded\":[");
	for (m = d->discarded; m; m &= m - 1) {
		if (m != d->discarded)
			p = putc_(p, ',');
		p = putc_(p, '"');
		p = put_signal(p, __builtin_ctzll(m) + 1);
		p = putc_(p, '"');
	}
	p = PUT(p, "],\"info\":{");
	p = json_siginfo(p, &d->siginfo);
	p = PUT(p, "}}\n");
	line_end(o, p);
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
	char *p = line_start(o);

	if (o->json) {
		p = PUT(p, "{\"type\":\"lost\",\"v\":" OUTPUT_JSON_VERSION ",");
		p = json_time(o, p, l->hdr.time_ns);
		p = PUT(p, ",\"count\":");
		p = putu(p, l->count);
		p = PUT(p, ",\"calls\":");
		p = putu(p, l->calls);
		p = PUT(p, "}\n");
	} else {
		p = PUT(p, "... lost ");
		p = putu(p, l->count);
		p = PUT(p, " records (");
		p = putu(p, l->calls);
		p = PUT(p, " calls) ...\n");
	}
	line_end(o, p);
}

void output_missed(struct output *o, const struct pidfdtrace_missed *m)
{
	char *p = line_start(o);
	unsigned int r, bit;

	if (o->json) {
		p = json_header(o, p, "missed", &m->hdr);
		p = PUT(p, ",\"calls\":");
		p = putu(p, m->calls);
		p = PUT(p, ",\"reasons\":");
		p = json_flags(p, m->reasons, missed_reason_name);
		p = PUT(p, "}\n");
		line_end(o, p);
		return;
	}
	p = PUT(p, "... ");
	p = putu(p, m->calls);
	p = PUT(p, " calls untraced");
	for (r = m->reasons; r; r &= r - 1) {
		bit = r & -r;
		if (r == m->reasons)
			p = PUT(p, " (");
		else
			p = PUT(p, ", ");
		p = put_flag(p, missed_reason_name(bit), bit);
	}
	if (m->reasons)
		p = putc_(p, ')');
	p = PUT(p, " ...\n");
	line_end(o, p);
}
