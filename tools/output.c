// SPDX-License-Identifier: GPL-2.0
/*
 * Text output: one strace-like line per call, each delivery indented under
 * it, losses in-band.
 *
 *   12.345678 supervisor[812/812] uid=0 pidfd_send_signal(5<pidfd:901 worker>,
 *     SIGTERM, NULL, 0) = 0 <0.000014>
 *       -> SIGTERM to worker[901/901] scope=process: queued
 *
 * JSON output: one object per record, field names as in pidfdtrace(8).
 *
 * A reader has to keep up with every signal on the system, so lines are
 * built straight into the output buffer with plain copies, not field by
 * field through printf, and leave it in big writes.
 */

#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "decode.h"
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

	o->len = 0;
	if (len && fwrite(o->buf, 1, len, o->f) != len)
		return -1;
	return fflush(o->f) ? -1 : 0;
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

	if (!l->wallclock) {
		put_secs(l, ns);
	} else {
		localtime_r(&secs, &tm);
		putu_width(l, tm.tm_hour, 2);
		putc_(l, ':');
		putu_width(l, tm.tm_min, 2);
		putc_(l, ':');
		putu_width(l, tm.tm_sec, 2);
		putc_(l, '.');
		putu_width(l, real % 1000000000 / 1000, 6);
	}
	putc_(l, ' ');
}

/* comm may hold any bytes: print what is printable, escape the rest. */
static void text_comm(struct output *l, const char *comm)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)comm;
	size_t i;

	for (i = 0; i < PIDFDTRACE_COMM_LEN && p[i]; i++) {
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\') {
			putc_(l, p[i]);
		} else {
			PUT(l, "\\x");
			putc_(l, hex[p[i] >> 4]);
			putc_(l, hex[p[i] & 0xf]);
		}
	}
}

static void text_task(struct output *l, const struct pidfdtrace_task *t)
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
}

static void text_fd(struct output *l, const struct pidfdtrace_call *c)
{
	puti(l, c->pidfd);
	putc_(l, '<');
	switch (c->fd_kind) {
	case PIDFDTRACE_FD_PIDFD:
	case PIDFDTRACE_FD_PIDFD_THREAD:
		puts_(l, fd_kind_name(c->fd_kind));
		putc_(l, ':');
		putu(l, c->target.pid);
		break;
	case PIDFDTRACE_FD_PROC:
		PUT(l, "/proc/");
		putu(l, c->target.pid);
		break;
	default:
		puts_(l, fd_kind_name(c->fd_kind));
		putc_(l, '>');
		return;
	}
	if (c->target.ns_pid != c->target.pid) {
		PUT(l, " ns:");
		putu(l, c->target.ns_pid);
	}
	if (c->target_state == PIDFDTRACE_TARGET_REAPED) {
		PUT(l, " reaped");
	} else {
		putc_(l, ' ');
		text_comm(l, c->target.comm);
		if (c->target_state == PIDFDTRACE_TARGET_EXITED)
			PUT(l, " exited");
	}
	putc_(l, '>');
}

static void put_signal(struct output *l, int sig)
{
	char buf[16];

	puts_(l, signal_name(sig, buf, sizeof(buf)));
}

static void put_errno(struct output *l, int err)
{
	char buf[16];

	puts_(l, errno_name(err, buf, sizeof(buf)));
}

/* The way strace prints a siginfo_t. */
static void text_siginfo(struct output *l, const struct pidfdtrace_call *c)
{
	const struct pidfdtrace_siginfo *si = &c->siginfo;
	char buf[16];

	switch (c->siginfo_state) {
	case PIDFDTRACE_SIGINFO_NONE:
		PUT(l, "NULL");
		return;
	case PIDFDTRACE_SIGINFO_READ:
		break;
	default:
		putx(l, c->info);
		return;
	}
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

static void text_call(struct output *o, const struct pidfdtrace_call *c)
{
	char buf[128];

	line_start(o);
	text_time(o, c->hdr.time_ns);
	text_task(o, &c->sender);
	PUT(o, " uid=");
	putu(o, c->sender.uid);
	PUT(o, " pidfd_send_signal(");
	text_fd(o, c);
	PUT(o, ", ");
	put_signal(o, c->sig);
	PUT(o, ", ");
	text_siginfo(o, c);
	PUT(o, ", ");
	puts_(o, pidfd_flags_name(c->flags, buf, sizeof(buf)));
	PUT(o, ") = ");
	if (c->ret < 0) {
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
	PUT(o, ">\n");
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
	text_task(o, &d->target);
	PUT(o, " scope=");
	puts_(o, scope_name(d->scope));
	PUT(o, ": ");
	puts_(o, outcome_name(d->outcome));
	if (d->ret < 0) {
		PUT(o, " (-1 ");
		put_errno(o, -d->ret);
		putc_(o, ')');
	}
	if (orphan) {
		PUT(o, " (call #");
		putu(o, d->call_seq);
		PUT(o, " not seen)");
	}
	putc_(o, '\n');
}

/*
 * "time_ns":N,"time":"2026-11-26T05:31:02.123456789Z". The date part is
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
	putu(l, ns);
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
	PUT(l, "\",");
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
		PUT(l, ",\"uid\":null,\"comm\":null");
		return;
	}
	PUT(l, ",\"uid\":");
	putu(l, t->uid);
	PUT(l, ",\"comm\":");
	json_string(l, t->comm, PIDFDTRACE_COMM_LEN);
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
	if (ret >= 0) {
		PUT(l, ",\"errno_name\":null,\"error\":null");
		return;
	}
	PUT(l, ",\"errno_name\":\"");
	put_errno(l, -ret);
	PUT(l, "\",\"error\":");
	text = errno_text(-ret);
	json_string(l, text, 128);
}

static void json_siginfo(struct output *l, const struct pidfdtrace_call *c)
{
	const struct pidfdtrace_siginfo *si = &c->siginfo;
	char buf[16];

	if (c->siginfo_state == PIDFDTRACE_SIGINFO_NONE) {
		PUT(l, "null");
		return;
	}
	PUT(l, "{\"addr\":\"");
	putx(l, c->info);
	if (c->siginfo_state != PIDFDTRACE_SIGINFO_READ) {
		PUT(l, "\",\"readable\":false}");
		return;
	}
	PUT(l, "\",\"readable\":true,");
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
	putu(l, si->value);
	putc_(l, '}');
}

static void json_call(struct output *o, const struct pidfdtrace_call *c)
{
	char buf[128];

	line_start(o);
	json_header(o, "call", &c->hdr);
	PUT(o, ",\"duration_ns\":");
	putu(o, c->duration_ns);
	PUT(o, ",\"sender\":{");
	json_task(o, &c->sender, true);
	PUT(o, ",\"pidns\":");
	putu(o, c->sender_pidns);
	PUT(o, ",\"cgroup_id\":");
	putu(o, c->sender_cgroup);
	PUT(o, "},\"pidfd\":");
	puti(o, c->pidfd);
	PUT(o, ",\"fd_kind\":\"");
	puts_(o, fd_kind_name(c->fd_kind));
	PUT(o, "\",\"target\":");
	if (c->target_state == PIDFDTRACE_TARGET_UNKNOWN) {
		PUT(o, "null");
	} else {
		PUT(o, "{\"state\":\"");
		puts_(o, target_state_name(c->target_state));
		PUT(o, "\",");
		json_task(o, &c->target,
			  c->target_state != PIDFDTRACE_TARGET_REAPED);
		putc_(o, '}');
	}
	putc_(o, ',');
	json_signal(o, "sig", c->sig);
	PUT(o, ",\"info\":");
	json_siginfo(o, c);
	PUT(o, ",\"flags\":");
	putu(o, c->flags);
	PUT(o, ",\"flags_name\":\"");
	puts_(o, pidfd_flags_name(c->flags, buf, sizeof(buf)));
	PUT(o, "\",");
	json_ret(o, c->ret);
	PUT(o, "}\n");
}

static void json_delivery(struct output *o,
			  const struct pidfdtrace_delivery *d)
{
	char buf[16];

	line_start(o);
	json_header(o, "delivery", &d->hdr);
	PUT(o, ",\"call_seq\":");
	putu(o, d->call_seq);
	PUT(o, ",\"target\":{");
	json_task(o, &d->target, true);
	PUT(o, "},");
	json_signal(o, "sig", d->sig);
	PUT(o, ",\"si_code\":");
	puti(o, d->si_code);
	PUT(o, ",\"si_code_name\":\"");
	puts_(o, si_code_name(d->sig, d->si_code, buf, sizeof(buf)));
	PUT(o, "\",\"scope\":\"");
	puts_(o, scope_name(d->scope));
	PUT(o, "\",\"outcome\":\"");
	puts_(o, outcome_name(d->outcome));
	PUT(o, "\",");
	json_ret(o, d->ret);
	PUT(o, "}\n");
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
		PUT(o, "{\"type\":\"lost\",");
		json_time(o, l->hdr.time_ns);
		PUT(o, ",\"count\":");
		putu(o, l->count);
		PUT(o, "}\n");
	} else {
		PUT(o, "... lost ");
		putu(o, l->count);
		PUT(o, " records ...\n");
	}
}
