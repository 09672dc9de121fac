// SPDX-License-Identifier: GPL-2.0
/*
 * Names for the numbers in pidfdtrace records.
 *
 * Signals and si_codes are the kernel's numbers (SIGRTMIN is 32 here, not
 * glibc's runtime SIGRTMIN), named the way strace names them.
 */

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <linux/pidfdtrace.h>

#include "decode.h"
#include "parse.h"

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

/*
 * The signals' names, as the kernel numbers them on this architecture
 * (libc's macros have the same values): our own table, not glibc's
 * sigabbrev_np(), which musl and glibc before 2.32 do not have.
 */
static const char *const signal_abbrevs[KERNEL_SIGRTMIN] = {
	[SIGHUP] = "HUP", [SIGINT] = "INT", [SIGQUIT] = "QUIT",
	[SIGILL] = "ILL", [SIGTRAP] = "TRAP", [SIGABRT] = "ABRT",
	[SIGBUS] = "BUS", [SIGFPE] = "FPE", [SIGKILL] = "KILL",
	[SIGUSR1] = "USR1", [SIGSEGV] = "SEGV", [SIGUSR2] = "USR2",
	[SIGPIPE] = "PIPE", [SIGALRM] = "ALRM", [SIGTERM] = "TERM",
#ifdef SIGSTKFLT
	[SIGSTKFLT] = "STKFLT",
#endif
	[SIGCHLD] = "CHLD", [SIGCONT] = "CONT", [SIGSTOP] = "STOP",
	[SIGTSTP] = "TSTP", [SIGTTIN] = "TTIN", [SIGTTOU] = "TTOU",
	[SIGURG] = "URG", [SIGXCPU] = "XCPU", [SIGXFSZ] = "XFSZ",
	[SIGVTALRM] = "VTALRM", [SIGPROF] = "PROF", [SIGWINCH] = "WINCH",
	[SIGIO] = "IO",
#ifdef SIGPWR
	[SIGPWR] = "PWR",
#endif
	[SIGSYS] = "SYS",
};

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
	abbrev = sig < (int)ARRAY_SIZE(signal_abbrevs) ? signal_abbrevs[sig] : NULL;
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
	unsigned long long n;
	char buf[32];
	int sig;

	if (!parse_decimal(name, KERNEL_SIGRTMAX, &n, NULL))
		return n;

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
	if ((!strncasecmp(name, "RTMIN+", 6) || !strncasecmp(name, "RTMAX-", 6)) &&
	    !parse_decimal(name + 6, KERNEL_SIGRTMAX - KERNEL_SIGRTMIN, &n, NULL))
		return name[5] == '+' ? KERNEL_SIGRTMIN + n : KERNEL_SIGRTMAX - n;
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

/*
 * The kernel's si_code numbers (include/uapi/asm-generic/siginfo.h), not
 * libc's macros: musl and older glibc lack the newer ones.
 */
static const struct code_name si_codes_any[] = {
	{ 0, "SI_USER" }, { 0x80, "SI_KERNEL" }, { -1, "SI_QUEUE" },
	{ -2, "SI_TIMER" }, { -3, "SI_MESGQ" }, { -4, "SI_ASYNCIO" },
	{ -5, "SI_SIGIO" }, { -6, "SI_TKILL" }, { -7, "SI_DETHREAD" },
	{ -60, "SI_ASYNCNL" },
};

static const struct code_name si_codes_ill[] = {
	{ 1, "ILL_ILLOPC" }, { 2, "ILL_ILLOPN" }, { 3, "ILL_ILLADR" },
	{ 4, "ILL_ILLTRP" }, { 5, "ILL_PRVOPC" }, { 6, "ILL_PRVREG" },
	{ 7, "ILL_COPROC" }, { 8, "ILL_BADSTK" }, { 9, "ILL_BADIADDR" },
};

static const struct code_name si_codes_fpe[] = {
	{ 1, "FPE_INTDIV" }, { 2, "FPE_INTOVF" }, { 3, "FPE_FLTDIV" },
	{ 4, "FPE_FLTOVF" }, { 5, "FPE_FLTUND" }, { 6, "FPE_FLTRES" },
	{ 7, "FPE_FLTINV" }, { 8, "FPE_FLTSUB" }, { 14, "FPE_FLTUNK" },
	{ 15, "FPE_CONDTRAP" },
};

static const struct code_name si_codes_segv[] = {
	{ 1, "SEGV_MAPERR" }, { 2, "SEGV_ACCERR" }, { 3, "SEGV_BNDERR" },
	{ 4, "SEGV_PKUERR" }, { 5, "SEGV_ACCADI" }, { 6, "SEGV_ADIDERR" },
	{ 7, "SEGV_ADIPERR" }, { 8, "SEGV_MTEAERR" }, { 9, "SEGV_MTESERR" },
};

static const struct code_name si_codes_bus[] = {
	{ 1, "BUS_ADRALN" }, { 2, "BUS_ADRERR" }, { 3, "BUS_OBJERR" },
	{ 4, "BUS_MCEERR_AR" }, { 5, "BUS_MCEERR_AO" },
};

static const struct code_name si_codes_trap[] = {
	{ 1, "TRAP_BRKPT" }, { 2, "TRAP_TRACE" }, { 3, "TRAP_BRANCH" },
	{ 4, "TRAP_HWBKPT" }, { 5, "TRAP_UNK" }, { 6, "TRAP_PERF" },
};

static const struct code_name si_codes_chld[] = {
	{ 1, "CLD_EXITED" }, { 2, "CLD_KILLED" }, { 3, "CLD_DUMPED" },
	{ 4, "CLD_TRAPPED" }, { 5, "CLD_STOPPED" }, { 6, "CLD_CONTINUED" },
};

static const struct code_name si_codes_poll[] = {
	{ 1, "POLL_IN" }, { 2, "POLL_OUT" }, { 3, "POLL_MSG" },
	{ 4, "POLL_ERR" }, { 5, "POLL_PRI" }, { 6, "POLL_HUP" },
};

static const struct code_name si_codes_sys[] = {
	{ 1, "SYS_SECCOMP" }, { 2, "SYS_USER_DISPATCH" },
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
	if (code <= 0 || code == 0x80)	/* SI_KERNEL */
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

/*
 * Every errno's name and text, as glibc 2.36 gives them (strerrorname_np(),
 * strerrordesc_np()), in our own table: the same output with musl, whose
 * texts differ, and with glibc before 2.32, which has neither call. An
 * alias (EWOULDBLOCK, EDEADLOCK, ENOTSUP) has its first name's entry.
 */
struct errno_names {
	const char *name;
	const char *text;
};

#define E(name, text)	{ name, { #name, text } }
static const struct {
	int err;
	struct errno_names n;
} errnos[] = {
	E(EPERM, "Operation not permitted"),
	E(ENOENT, "No such file or directory"),
	E(ESRCH, "No such process"),
	E(EINTR, "Interrupted system call"),
	E(EIO, "Input/output error"),
	E(ENXIO, "No such device or address"),
	E(E2BIG, "Argument list too long"),
	E(ENOEXEC, "Exec format error"),
	E(EBADF, "Bad file descriptor"),
	E(ECHILD, "No child processes"),
	E(EAGAIN, "Resource temporarily unavailable"),
	E(ENOMEM, "Cannot allocate memory"),
	E(EACCES, "Permission denied"),
	E(EFAULT, "Bad address"),
	E(ENOTBLK, "Block device required"),
	E(EBUSY, "Device or resource busy"),
	E(EEXIST, "File exists"),
	E(EXDEV, "Invalid cross-device link"),
	E(ENODEV, "No such device"),
	E(ENOTDIR, "Not a directory"),
	E(EISDIR, "Is a directory"),
	E(EINVAL, "Invalid argument"),
	E(ENFILE, "Too many open files in system"),
	E(EMFILE, "Too many open files"),
	E(ENOTTY, "Inappropriate ioctl for device"),
	E(ETXTBSY, "Text file busy"),
	E(EFBIG, "File too large"),
	E(ENOSPC, "No space left on device"),
	E(ESPIPE, "Illegal seek"),
	E(EROFS, "Read-only file system"),
	E(EMLINK, "Too many links"),
	E(EPIPE, "Broken pipe"),
	E(EDOM, "Numerical argument out of domain"),
	E(ERANGE, "Numerical result out of range"),
	E(EDEADLK, "Resource deadlock avoided"),
	E(ENAMETOOLONG, "File name too long"),
	E(ENOLCK, "No locks available"),
	E(ENOSYS, "Function not implemented"),
	E(ENOTEMPTY, "Directory not empty"),
	E(ELOOP, "Too many levels of symbolic links"),
	E(ENOMSG, "No message of desired type"),
	E(EIDRM, "Identifier removed"),
	E(ECHRNG, "Channel number out of range"),
	E(EL2NSYNC, "Level 2 not synchronized"),
	E(EL3HLT, "Level 3 halted"),
	E(EL3RST, "Level 3 reset"),
	E(ELNRNG, "Link number out of range"),
	E(EUNATCH, "Protocol driver not attached"),
	E(ENOCSI, "No CSI structure available"),
	E(EL2HLT, "Level 2 halted"),
	E(EBADE, "Invalid exchange"),
	E(EBADR, "Invalid request descriptor"),
	E(EXFULL, "Exchange full"),
	E(ENOANO, "No anode"),
	E(EBADRQC, "Invalid request code"),
	E(EBADSLT, "Invalid slot"),
	E(EBFONT, "Bad font file format"),
	E(ENOSTR, "Device not a stream"),
	E(ENODATA, "No data available"),
	E(ETIME, "Timer expired"),
	E(ENOSR, "Out of streams resources"),
	E(ENONET, "Machine is not on the network"),
	E(ENOPKG, "Package not installed"),
	E(EREMOTE, "Object is remote"),
	E(ENOLINK, "Link has been severed"),
	E(EADV, "Advertise error"),
	E(ESRMNT, "Srmount error"),
	E(ECOMM, "Communication error on send"),
	E(EPROTO, "Protocol error"),
	E(EMULTIHOP, "Multihop attempted"),
	E(EDOTDOT, "RFS specific error"),
	E(EBADMSG, "Bad message"),
	E(EOVERFLOW, "Value too large for defined data type"),
	E(ENOTUNIQ, "Name not unique on network"),
	E(EBADFD, "File descriptor in bad state"),
	E(EREMCHG, "Remote address changed"),
	E(ELIBACC, "Can not access a needed shared library"),
	E(ELIBBAD, "Accessing a corrupted shared library"),
	E(ELIBSCN, ".lib section in a.out corrupted"),
	E(ELIBMAX, "Attempting to link in too many shared libraries"),
	E(ELIBEXEC, "Cannot exec a shared library directly"),
	E(EILSEQ, "Invalid or incomplete multibyte or wide character"),
	E(ERESTART, "Interrupted system call should be restarted"),
	E(ESTRPIPE, "Streams pipe error"),
	E(EUSERS, "Too many users"),
	E(ENOTSOCK, "Socket operation on non-socket"),
	E(EDESTADDRREQ, "Destination address required"),
	E(EMSGSIZE, "Message too long"),
	E(EPROTOTYPE, "Protocol wrong type for socket"),
	E(ENOPROTOOPT, "Protocol not available"),
	E(EPROTONOSUPPORT, "Protocol not supported"),
	E(ESOCKTNOSUPPORT, "Socket type not supported"),
	E(EOPNOTSUPP, "Operation not supported"),
	E(EPFNOSUPPORT, "Protocol family not supported"),
	E(EAFNOSUPPORT, "Address family not supported by protocol"),
	E(EADDRINUSE, "Address already in use"),
	E(EADDRNOTAVAIL, "Cannot assign requested address"),
	E(ENETDOWN, "Network is down"),
	E(ENETUNREACH, "Network is unreachable"),
	E(ENETRESET, "Network dropped connection on reset"),
	E(ECONNABORTED, "Software caused connection abort"),
	E(ECONNRESET, "Connection reset by peer"),
	E(ENOBUFS, "No buffer space available"),
	E(EISCONN, "Transport endpoint is already connected"),
	E(ENOTCONN, "Transport endpoint is not connected"),
	E(ESHUTDOWN, "Cannot send after transport endpoint shutdown"),
	E(ETOOMANYREFS, "Too many references: cannot splice"),
	E(ETIMEDOUT, "Connection timed out"),
	E(ECONNREFUSED, "Connection refused"),
	E(EHOSTDOWN, "Host is down"),
	E(EHOSTUNREACH, "No route to host"),
	E(EALREADY, "Operation already in progress"),
	E(EINPROGRESS, "Operation now in progress"),
	E(ESTALE, "Stale file handle"),
	E(EUCLEAN, "Structure needs cleaning"),
	E(ENOTNAM, "Not a XENIX named type file"),
	E(ENAVAIL, "No XENIX semaphores available"),
	E(EISNAM, "Is a named type file"),
	E(EREMOTEIO, "Remote I/O error"),
	E(EDQUOT, "Disk quota exceeded"),
	E(ENOMEDIUM, "No medium found"),
	E(EMEDIUMTYPE, "Wrong medium type"),
	E(ECANCELED, "Operation canceled"),
	E(ENOKEY, "Required key not available"),
	E(EKEYEXPIRED, "Key has expired"),
	E(EKEYREVOKED, "Key has been revoked"),
	E(EKEYREJECTED, "Key was rejected by service"),
	E(EOWNERDEAD, "Owner died"),
	E(ENOTRECOVERABLE, "State not recoverable"),
	E(ERFKILL, "Operation not possible due to RF-kill"),
	E(EHWPOISON, "Memory page has hardware error"),
};
#undef E

/*
 * What a syscall can return into the kernel's own signal code, never to
 * the caller; named as strace names them.
 */
static const struct errno_names kernel_errnos[] = {
	{ "ERESTARTSYS", "To be restarted if SA_RESTART is set" },
	{ "ERESTARTNOINTR", "To be restarted" },
	{ "ERESTARTNOHAND", "To be restarted if no handler" },
	{ "ENOIOCTLCMD", "No ioctl command" },
	{ "ERESTART_RESTARTBLOCK", "Interrupted by signal" },
};
#define KERNEL_ERRNO_BASE 512

/* Failed calls are few: a walk through the table is cheap enough. */
static const struct errno_names *errno_lookup(int err)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(errnos); i++)
		if (errnos[i].err == err)
			return &errnos[i].n;
	if (err >= KERNEL_ERRNO_BASE &&
	    err < KERNEL_ERRNO_BASE + (int)ARRAY_SIZE(kernel_errnos))
		return &kernel_errnos[err - KERNEL_ERRNO_BASE];
	return NULL;
}

const char *errno_name(int err, char *buf, size_t size)
{
	const struct errno_names *e = errno_lookup(err);

	if (e)
		return e->name;
	snprintf(buf, size, "E%d", err);
	return buf;
}

const char *errno_text(int err)
{
	const struct errno_names *e = errno_lookup(err);

	return e ? e->text : "Unknown error";
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
