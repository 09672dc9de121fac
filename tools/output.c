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
 */

#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "decode.h"
#include "json.h"
#include "output.h"

static void print_time(struct output *o, unsigned long long ns)
{
	if (o->wallclock) {
		long long real = (long long)ns + o->realtime_offset_ns;
		time_t secs = real / 1000000000;
		struct tm tm;

		localtime_r(&secs, &tm);
		fprintf(o->f, "%02d:%02d:%02d.%06lld ", tm.tm_hour, tm.tm_min,
			tm.tm_sec, real % 1000000000 / 1000);
	} else {
		fprintf(o->f, "%llu.%06llu ", ns / 1000000000,
			ns % 1000000000 / 1000);
	}
}

/* comm may hold any bytes: print what is printable, escape the rest. */
static void print_comm(FILE *f, const char *comm)
{
	const unsigned char *p = (const unsigned char *)comm;
	size_t i;

	for (i = 0; i < PIDFDTRACE_COMM_LEN && p[i]; i++) {
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\')
			fputc(p[i], f);
		else
			fprintf(f, "\\x%02x", p[i]);
	}
}

static void print_task(FILE *f, const struct pidfdtrace_task *t)
{
	print_comm(f, t->comm);
	fprintf(f, "[%u/%u", t->pid, t->tgid);
	if (t->ns_pid != t->pid)
		fprintf(f, " ns:%u", t->ns_pid);
	fputc(']', f);
}

static void print_fd(FILE *f, const struct pidfdtrace_call *c)
{
	fprintf(f, "%d<", c->pidfd);
	switch (c->fd_kind) {
	case PIDFDTRACE_FD_PIDFD:
	case PIDFDTRACE_FD_PIDFD_THREAD:
		fprintf(f, "%s:%u", fd_kind_name(c->fd_kind), c->target.pid);
		break;
	case PIDFDTRACE_FD_PROC:
		fprintf(f, "/proc/%u", c->target.pid);
		break;
	default:
		fputs(fd_kind_name(c->fd_kind), f);
		fputc('>', f);
		return;
	}
	if (c->target.ns_pid != c->target.pid)
		fprintf(f, " ns:%u", c->target.ns_pid);
	if (c->target_state == PIDFDTRACE_TARGET_REAPED) {
		fputs(" reaped", f);
	} else {
		fputc(' ', f);
		print_comm(f, c->target.comm);
		if (c->target_state == PIDFDTRACE_TARGET_EXITED)
			fputs(" exited", f);
	}
	fputc('>', f);
}

/* The way strace prints a siginfo_t. */
static void print_siginfo(FILE *f, const struct pidfdtrace_call *c)
{
	const struct pidfdtrace_siginfo *si = &c->siginfo;
	char buf[64];

	switch (c->siginfo_state) {
	case PIDFDTRACE_SIGINFO_NONE:
		fputs("NULL", f);
		return;
	case PIDFDTRACE_SIGINFO_READ:
		break;
	default:
		fprintf(f, "%#llx", (unsigned long long)c->info);
		return;
	}
	fprintf(f, "{si_signo=%s", signal_name(si->signo, buf, sizeof(buf)));
	if (si->error)
		fprintf(f, ", si_errno=%s",
			errno_name(si->error, buf, sizeof(buf)));
	fprintf(f, ", si_code=%s",
		si_code_name(si->signo, si->code, buf, sizeof(buf)));
	if (si->code <= 0 || si->code == SI_KERNEL)
		fprintf(f, ", si_pid=%d, si_uid=%u", si->pid, si->uid);
	if (si->code == SI_QUEUE || si->code == SI_MESGQ ||
	    si->code == SI_ASYNCIO || si->code == SI_TIMER)
		fprintf(f, ", si_int=%d, si_ptr=%#llx", (int)si->value,
			(unsigned long long)si->value);
	fputc('}', f);
}

static void text_call(struct output *o, const struct pidfdtrace_call *c)
{
	char buf[128];

	print_time(o, c->hdr.time_ns);
	print_task(o->f, &c->sender);
	fprintf(o->f, " uid=%u pidfd_send_signal(", c->sender.uid);
	print_fd(o->f, c);
	fprintf(o->f, ", %s, ", signal_name(c->sig, buf, sizeof(buf)));
	print_siginfo(o->f, c);
	fprintf(o->f, ", %s) = ", pidfd_flags_name(c->flags, buf, sizeof(buf)));
	if (c->ret < 0)
		fprintf(o->f, "-1 %s (%s)", errno_name(-c->ret, buf, sizeof(buf)),
			errno_text(-c->ret));
	else
		fprintf(o->f, "%d", c->ret);
	fprintf(o->f, " <%llu.%06llu>\n", c->duration_ns / 1000000000,
		c->duration_ns % 1000000000 / 1000);
}

static void text_delivery(struct output *o,
			  const struct pidfdtrace_delivery *d, bool orphan)
{
	char buf[64];

	if (orphan)
		print_time(o, d->hdr.time_ns);
	fprintf(o->f, "    -> %s to ", signal_name(d->sig, buf, sizeof(buf)));
	print_task(o->f, &d->target);
	fprintf(o->f, " scope=%s: %s", scope_name(d->scope),
		outcome_name(d->outcome));
	if (d->ret < 0)
		fprintf(o->f, " (-1 %s)", errno_name(-d->ret, buf, sizeof(buf)));
	if (orphan)
		fprintf(o->f, " (call #%llu not seen)",
			(unsigned long long)d->call_seq);
	fputc('\n', o->f);
}

/* "time_ns":N,"time":"2026-11-26T05:31:02.123456789Z" */
static void json_time(struct output *o, unsigned long long ns)
{
	long long real = (long long)ns + o->realtime_offset_ns;
	time_t secs = real / 1000000000;
	struct tm tm;

	gmtime_r(&secs, &tm);
	fprintf(o->f,
		"\"time_ns\":%llu,\"time\":\"%04d-%02d-%02dT%02d:%02d:%02d.%09lldZ\"",
		ns, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		tm.tm_min, tm.tm_sec, real % 1000000000);
}

static void json_header(struct output *o, const char *type,
			const struct pidfdtrace_record_header *hdr)
{
	fprintf(o->f, "{\"type\":\"%s\",", type);
	if (hdr->seq)
		fprintf(o->f, "\"seq\":%llu,", (unsigned long long)hdr->seq);
	fprintf(o->f, "\"cpu\":%u,", hdr->cpu);
	json_time(o, hdr->time_ns);
}

static void json_task(FILE *f, const struct pidfdtrace_task *t, bool known)
{
	fprintf(f, "\"pid\":%u,\"tgid\":%u,\"ns_pid\":%u,", t->pid, t->tgid,
		t->ns_pid);
	if (!known) {
		fputs("\"uid\":null,\"comm\":null", f);
		return;
	}
	fprintf(f, "\"uid\":%u,\"comm\":", t->uid);
	json_write_string(f, t->comm, PIDFDTRACE_COMM_LEN);
}

/* "sig":15,"sig_name":"SIGTERM"; null for 0 and numbers with no name. */
static void json_signal(FILE *f, const char *key, int sig)
{
	char buf[32];

	fprintf(f, "\"%s\":%d,\"%s_name\":", key, sig, key);
	if (signal_known(sig))
		fprintf(f, "\"%s\"", signal_name(sig, buf, sizeof(buf)));
	else
		fputs("null", f);
}

/* "ret":-3,"errno_name":"ESRCH","error":"No such process" */
static void json_ret(FILE *f, int ret)
{
	char buf[32];

	fprintf(f, "\"ret\":%d,", ret);
	if (ret >= 0) {
		fputs("\"errno_name\":null,\"error\":null", f);
		return;
	}
	fprintf(f, "\"errno_name\":\"%s\",\"error\":",
		errno_name(-ret, buf, sizeof(buf)));
	json_write_string(f, errno_text(-ret), 128);
}

static void json_siginfo(FILE *f, const struct pidfdtrace_call *c)
{
	const struct pidfdtrace_siginfo *si = &c->siginfo;
	char buf[32];

	if (c->siginfo_state == PIDFDTRACE_SIGINFO_NONE) {
		fputs("null", f);
		return;
	}
	fprintf(f, "{\"addr\":\"%#llx\",\"readable\":%s",
		(unsigned long long)c->info,
		c->siginfo_state == PIDFDTRACE_SIGINFO_READ ? "true" : "false");
	if (c->siginfo_state == PIDFDTRACE_SIGINFO_READ) {
		fputc(',', f);
		json_signal(f, "si_signo", si->signo);
		fprintf(f, ",\"si_errno\":%d,\"si_code\":%d,\"si_code_name\":",
			si->error, si->code);
		json_write_string(f, si_code_name(si->signo, si->code, buf,
						  sizeof(buf)), sizeof(buf));
		fprintf(f, ",\"si_pid\":%d,\"si_uid\":%u,\"si_value\":%llu",
			si->pid, si->uid, (unsigned long long)si->value);
	}
	fputc('}', f);
}

static void json_call(struct output *o, const struct pidfdtrace_call *c)
{
	FILE *f = o->f;
	char buf[128];

	json_header(o, "call", &c->hdr);
	fprintf(f, ",\"duration_ns\":%llu,\"sender\":{",
		(unsigned long long)c->duration_ns);
	json_task(f, &c->sender, true);
	fprintf(f, ",\"pidns\":%u,\"cgroup_id\":%llu}", c->sender_pidns,
		(unsigned long long)c->sender_cgroup);
	fprintf(f, ",\"pidfd\":%d,\"fd_kind\":\"%s\",\"target\":", c->pidfd,
		fd_kind_name(c->fd_kind));
	if (c->target_state == PIDFDTRACE_TARGET_UNKNOWN) {
		fputs("null", f);
	} else {
		fprintf(f, "{\"state\":\"%s\",",
			target_state_name(c->target_state));
		json_task(f, &c->target,
			  c->target_state != PIDFDTRACE_TARGET_REAPED);
		fputc('}', f);
	}
	fputc(',', f);
	json_signal(f, "sig", c->sig);
	fputs(",\"info\":", f);
	json_siginfo(f, c);
	fprintf(f, ",\"flags\":%u,\"flags_name\":\"%s\",", c->flags,
		pidfd_flags_name(c->flags, buf, sizeof(buf)));
	json_ret(f, c->ret);
	fputs("}\n", f);
}

static void json_delivery(struct output *o, const struct pidfdtrace_delivery *d)
{
	FILE *f = o->f;
	char buf[32];

	json_header(o, "delivery", &d->hdr);
	fprintf(f, ",\"call_seq\":%llu,\"target\":{",
		(unsigned long long)d->call_seq);
	json_task(f, &d->target, true);
	fputs("},", f);
	json_signal(f, "sig", d->sig);
	fprintf(f, ",\"si_code\":%d,\"si_code_name\":", d->si_code);
	json_write_string(f, si_code_name(d->sig, d->si_code, buf, sizeof(buf)),
			  sizeof(buf));
	fprintf(f, ",\"scope\":\"%s\",\"outcome\":\"%s\",",
		scope_name(d->scope), outcome_name(d->outcome));
	json_ret(f, d->ret);
	fputs("}\n", f);
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
	if (o->json) {
		fputs("{\"type\":\"lost\",", o->f);
		json_time(o, l->hdr.time_ns);
		fprintf(o->f, ",\"count\":%llu}\n", (unsigned long long)l->count);
	} else {
		fprintf(o->f, "... lost %llu records ...\n",
			(unsigned long long)l->count);
	}
}
