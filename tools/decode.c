// SPDX-License-Identifier: GPL-2.0
/*
 * Names for the numbers in pidfdtrace records.
 *
 * Signals and si_codes are the kernel's numbers (SIGRTMIN is 32 here, not
 * glibc's runtime SIGRTMIN), named the way strace names them.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <linux/pidfdtrace.h>

#include "decode.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define KERNEL_SIGRTMIN 32
#define KERNEL_SIGRTMAX 64

#ifndef PIDFD_SIGNAL_THREAD
#define PIDFD_SIGNAL_THREAD		(1U << 0)
#define PIDFD_SIGNAL_THREAD_GROUP	(1U << 1)
#define PIDFD_SIGNAL_PROCESS_GROUP	(1U << 2)
#endif

bool signal_known(int sig)
{
	return sig >= 1 && sig <= KERNEL_SIGRTMAX;
}

const char *signal_name(int sig, char *buf, size_t size)
{
	/* Built once each: the reader names a signal per record. */
	static char names[KERNEL_SIGRTMAX + 1][16];
	const char *abbrev;
	char *name;

	if (!signal_known(sig)) {
		snprintf(buf, size, "%d", sig);
		return buf;
	}
	name = names[sig];
	if (name[0])
		return name;
	abbrev = sig < KERNEL_SIGRTMIN ? sigabbrev_np(sig) : NULL;
	if (abbrev)
		snprintf(name, sizeof(names[0]), "SIG%s", abbrev);
	else if (sig == KERNEL_SIGRTMIN)
		snprintf(name, sizeof(names[0]), "SIGRTMIN");
	else if (sig == KERNEL_SIGRTMAX)
		snprintf(name, sizeof(names[0]), "SIGRTMAX");
	else if (sig > KERNEL_SIGRTMIN)
		snprintf(name, sizeof(names[0]), "SIGRTMIN+%d",
			 sig - KERNEL_SIGRTMIN);
	else
		snprintf(name, sizeof(names[0]), "%d", sig);
	return name;
}

int signal_parse(const char *name)
{
	char buf[32], *end;
	long n;
	int sig;

	n = strtol(name, &end, 10);
	if (*name && !*end)
		return n >= 0 && n <= KERNEL_SIGRTMAX ? (int)n : -1;

	if (!strncasecmp(name, "SIG", 3))
		name += 3;
	for (sig = 1; sig <= KERNEL_SIGRTMAX; sig++) {
		if (!strcasecmp(name, signal_name(sig, buf, sizeof(buf)) + 3))
			return sig;
	}
	/* Aliases strace and kill(1) accept. */
	if (!strcasecmp(name, "IOT"))
		return SIGABRT;
	if (!strcasecmp(name, "POLL"))
		return SIGIO;
	if (!strncasecmp(name, "RTMIN+", 6) || !strncasecmp(name, "RTMAX-", 6)) {
		n = strtol(name + 6, &end, 10);
		if (!*end && n >= 0 && n <= KERNEL_SIGRTMAX - KERNEL_SIGRTMIN)
			return name[5] == '+' ? KERNEL_SIGRTMIN + n :
						KERNEL_SIGRTMAX - n;
	}
	return -1;
}

/* Appends to the string in @buf, truncating at @size. */
static void append(char *buf, size_t size, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;

	if (len + 1 >= size)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
}

struct flag_name {
	unsigned int flag;
	const char *name;
};

const char *pidfd_flags_name(unsigned int flags, char *buf, size_t size)
{
	static const struct flag_name names[] = {
		{ PIDFD_SIGNAL_THREAD, "PIDFD_SIGNAL_THREAD" },
		{ PIDFD_SIGNAL_THREAD_GROUP, "PIDFD_SIGNAL_THREAD_GROUP" },
		{ PIDFD_SIGNAL_PROCESS_GROUP, "PIDFD_SIGNAL_PROCESS_GROUP" },
	};
	size_t i;

	if (!flags)
		return "0";
	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (!(flags & names[i].flag))
			continue;
		append(buf, size, "%s%s", buf[0] ? "|" : "", names[i].name);
		flags &= ~names[i].flag;
	}
	if (flags)
		append(buf, size, "%s%#x", buf[0] ? "|" : "", flags);
	return buf;
}

/* si_codes newer than the build host's libc. */
#ifndef TRAP_PERF
#define TRAP_PERF		6
#endif
#ifndef SYS_SECCOMP
#define SYS_SECCOMP		1
#endif
#ifndef SYS_USER_DISPATCH
#define SYS_USER_DISPATCH	2
#endif

struct code_name {
	int code;
	const char *name;
};

#define CODE(c) { c, #c }

static const struct code_name si_codes_any[] = {
	CODE(SI_USER), CODE(SI_KERNEL), CODE(SI_QUEUE), CODE(SI_TIMER),
	CODE(SI_MESGQ), CODE(SI_ASYNCIO), CODE(SI_SIGIO), CODE(SI_TKILL),
	CODE(SI_DETHREAD), CODE(SI_ASYNCNL),
};

static const struct code_name si_codes_ill[] = {
	CODE(ILL_ILLOPC), CODE(ILL_ILLOPN), CODE(ILL_ILLADR), CODE(ILL_ILLTRP),
	CODE(ILL_PRVOPC), CODE(ILL_PRVREG), CODE(ILL_COPROC), CODE(ILL_BADSTK),
	CODE(ILL_BADIADDR),
};

static const struct code_name si_codes_fpe[] = {
	CODE(FPE_INTDIV), CODE(FPE_INTOVF), CODE(FPE_FLTDIV), CODE(FPE_FLTOVF),
	CODE(FPE_FLTUND), CODE(FPE_FLTRES), CODE(FPE_FLTINV), CODE(FPE_FLTSUB),
	CODE(FPE_FLTUNK), CODE(FPE_CONDTRAP),
};

static const struct code_name si_codes_segv[] = {
	CODE(SEGV_MAPERR), CODE(SEGV_ACCERR), CODE(SEGV_BNDERR),
	CODE(SEGV_PKUERR), CODE(SEGV_ACCADI), CODE(SEGV_ADIDERR),
	CODE(SEGV_ADIPERR), CODE(SEGV_MTEAERR), CODE(SEGV_MTESERR),
};

static const struct code_name si_codes_bus[] = {
	CODE(BUS_ADRALN), CODE(BUS_ADRERR), CODE(BUS_OBJERR),
	CODE(BUS_MCEERR_AR), CODE(BUS_MCEERR_AO),
};

static const struct code_name si_codes_trap[] = {
	CODE(TRAP_BRKPT), CODE(TRAP_TRACE), CODE(TRAP_BRANCH),
	CODE(TRAP_HWBKPT), CODE(TRAP_UNK), CODE(TRAP_PERF),
};

static const struct code_name si_codes_chld[] = {
	CODE(CLD_EXITED), CODE(CLD_KILLED), CODE(CLD_DUMPED),
	CODE(CLD_TRAPPED), CODE(CLD_STOPPED), CODE(CLD_CONTINUED),
};

static const struct code_name si_codes_poll[] = {
	CODE(POLL_IN), CODE(POLL_OUT), CODE(POLL_MSG), CODE(POLL_ERR),
	CODE(POLL_PRI), CODE(POLL_HUP),
};

static const struct code_name si_codes_sys[] = {
	CODE(SYS_SECCOMP), CODE(SYS_USER_DISPATCH),
};

static const char *code_lookup(const struct code_name *names, size_t n,
			       int code)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (names[i].code == code)
			return names[i].name;
	return NULL;
}

#define LOOKUP(table, code) code_lookup(table, ARRAY_SIZE(table), code)

const char *si_code_name(int sig, int code, char *buf, size_t size)
{
	const char *name = NULL;

	/* Positive codes other than SI_KERNEL depend on the signal. */
	if (code <= 0 || code == SI_KERNEL)
		name = LOOKUP(si_codes_any, code);
	else if (sig == SIGILL)
		name = LOOKUP(si_codes_ill, code);
	else if (sig == SIGFPE)
		name = LOOKUP(si_codes_fpe, code);
	else if (sig == SIGSEGV)
		name = LOOKUP(si_codes_segv, code);
	else if (sig == SIGBUS)
		name = LOOKUP(si_codes_bus, code);
	else if (sig == SIGTRAP)
		name = LOOKUP(si_codes_trap, code);
	else if (sig == SIGCHLD)
		name = LOOKUP(si_codes_chld, code);
	else if (sig == SIGIO)
		name = LOOKUP(si_codes_poll, code);
	else if (sig == SIGSYS)
		name = LOOKUP(si_codes_sys, code);
	if (name)
		return name;
	snprintf(buf, size, "%d", code);
	return buf;
}

const char *errno_name(int err, char *buf, size_t size)
{
	const char *name = strerrorname_np(err);

	if (name)
		return name;
	snprintf(buf, size, "E%d", err);
	return buf;
}

const char *errno_text(int err)
{
	const char *text = strerrordesc_np(err);

	return text ? text : "Unknown error";
}

static const char *enum_name(const char *const *names, size_t n,
			     unsigned int value)
{
	return value < n ? names[value] : NULL;
}

const char *fd_kind_name(unsigned int kind)
{
	static const char *const names[] = {
		[PIDFDTRACE_FD_NONE]		= "closed",
		[PIDFDTRACE_FD_OTHER]		= "not-pidfd",
		[PIDFDTRACE_FD_PIDFD]		= "pidfd",
		[PIDFDTRACE_FD_PIDFD_THREAD]	= "pidfd-thread",
		[PIDFDTRACE_FD_PROC]		= "proc",
		[PIDFDTRACE_FD_SELF_THREAD]	= "self-thread",
		[PIDFDTRACE_FD_SELF_PROCESS]	= "self",
	};

	return enum_name(names, ARRAY_SIZE(names), kind);
}

const char *target_state_name(unsigned int state)
{
	static const char *const names[] = {
		[PIDFDTRACE_TARGET_UNKNOWN]	= "none",
		[PIDFDTRACE_TARGET_ALIVE]	= "alive",
		[PIDFDTRACE_TARGET_EXITED]	= "exited",
		[PIDFDTRACE_TARGET_REAPED]	= "reaped",
	};

	return enum_name(names, ARRAY_SIZE(names), state);
}

const char *target_source_name(unsigned int source)
{
	static const char *const names[] = {
		[PIDFDTRACE_SOURCE_NONE]	= "none",
		[PIDFDTRACE_SOURCE_KERNEL]	= "kernel",
		[PIDFDTRACE_SOURCE_SECOND_LOOK]	= "second-look",
	};

	return enum_name(names, ARRAY_SIZE(names), source);
}

const char *siginfo_state_name(unsigned int state)
{
	static const char *const names[] = {
		[PIDFDTRACE_SIGINFO_NONE]		= "none",
		[PIDFDTRACE_SIGINFO_KERNEL]		= "kernel",
		[PIDFDTRACE_SIGINFO_UNREADABLE]		= "unreadable",
		[PIDFDTRACE_SIGINFO_USER_UNVERIFIED]	= "user-unverified",
		[PIDFDTRACE_SIGINFO_USER_UNREADABLE]	= "user-unreadable",
	};

	return enum_name(names, ARRAY_SIZE(names), state);
}

const char *scope_name(unsigned int scope)
{
	static const char *const names[] = {
		[PIDFDTRACE_SCOPE_THREAD]		= "thread",
		[PIDFDTRACE_SCOPE_PROCESS]		= "process",
		[PIDFDTRACE_SCOPE_PROCESS_GROUP]	= "process-group",
		[PIDFDTRACE_SCOPE_SESSION]		= "session",
	};

	return enum_name(names, ARRAY_SIZE(names), scope);
}

const char *outcome_name(unsigned int outcome)
{
	static const char *const names[] = {
		/* The name ABI 1 gave it: a pending signal is queued. */
		[PIDFDTRACE_OUTCOME_DELIVERED]		= "queued",
		[PIDFDTRACE_OUTCOME_IGNORED]		= "ignored",
		[PIDFDTRACE_OUTCOME_ALREADY_PENDING]	= "already-pending",
		[PIDFDTRACE_OUTCOME_OVERFLOW_FAIL]	= "overflow",
		[PIDFDTRACE_OUTCOME_LOSE_INFO]		= "lose-info",
	};

	return enum_name(names, ARRAY_SIZE(names), outcome);
}

static const char *flag_lookup(const struct flag_name *names, size_t n,
			       unsigned int flag)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (names[i].flag == flag)
			return names[i].name;
	return NULL;
}

const char *effect_name(unsigned int effect)
{
	static const struct flag_name names[] = {
		{ PIDFDTRACE_EFFECT_TARGET_EXITING, "target-exiting" },
		{ PIDFDTRACE_EFFECT_RESUMED, "resumed" },
		{ PIDFDTRACE_EFFECT_STOP_CANCELLED, "stop-cancelled" },
		{ PIDFDTRACE_EFFECT_DISCARDED, "discarded" },
		{ PIDFDTRACE_EFFECT_CROSS_NAMESPACE, "cross-namespace" },
		{ PIDFDTRACE_EFFECT_KILLED, "killed" },
	};

	return flag_lookup(names, ARRAY_SIZE(names), effect);
}

const char *missed_reason_name(unsigned int reason)
{
	static const struct flag_name names[] = {
		{ PIDFDTRACE_MISSED_PROBE_BUSY, "probe-busy" },
	};

	return flag_lookup(names, ARRAY_SIZE(names), reason);
}

const char *abi_version_name(unsigned int version, char *buf, size_t size)
{
	/* ABI 1 answered the version ioctl with a plain 1. */
	if (!PIDFDTRACE_ABI_VERSION_MAJOR(version))
		snprintf(buf, size, "%u", version);
	else
		snprintf(buf, size, "%u.%u", PIDFDTRACE_ABI_VERSION_MAJOR(version),
			 PIDFDTRACE_ABI_VERSION_MINOR(version));
	return buf;
}
