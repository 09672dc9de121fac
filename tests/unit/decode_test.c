// SPDX-License-Identifier: GPL-2.0
/*
 * The reader's names for signals, flags, si_codes, errnos and the module's
 * enums.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "kselftest_harness.h"
#include "../../tools/decode.h"

#include <linux/pidfdtrace.h>

static const char *sig(int n)
{
	static char buf[32];

	return signal_name(n, buf, sizeof(buf));
}

TEST(signal_names_are_the_kernels)
{
	EXPECT_STREQ("SIGHUP", sig(1));
	EXPECT_STREQ("SIGKILL", sig(9));
	EXPECT_STREQ("SIGTERM", sig(15));
	EXPECT_STREQ("SIGSTKFLT", sig(16));
	EXPECT_STREQ("SIGCHLD", sig(17));
	EXPECT_STREQ("SIGSYS", sig(31));
	/* Kernel numbering: not glibc's runtime SIGRTMIN (34). */
	EXPECT_STREQ("SIGRTMIN", sig(32));
	EXPECT_STREQ("SIGRTMIN+1", sig(33));
	EXPECT_STREQ("SIGRTMIN+3", sig(35));
	EXPECT_STREQ("SIGRTMIN+31", sig(63));
	EXPECT_STREQ("SIGRTMAX", sig(64));
}

/* Our own table names the signals as glibc does. */
TEST(signal_names_match_glibc)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 32)
	char want[32];
	int n;

	for (n = 1; n < 32; n++) {
		/* glibc says SIGPOLL for 29; strace and kill -l say SIGIO. */
		snprintf(want, sizeof(want), "SIG%s",
			 n == SIGIO ? "IO" : sigabbrev_np(n));
		EXPECT_STREQ(want, sig(n));
	}
	EXPECT_STREQ("SIGIO", sig(29));
#else
	SKIP(return, "not glibc 2.32 or later: no sigabbrev_np()");
#endif
}

TEST(unnamed_signals_are_numbers)
{
	EXPECT_STREQ("0", sig(0));
	EXPECT_STREQ("65", sig(65));
	EXPECT_STREQ("1000", sig(1000));
	EXPECT_STREQ("-1", sig(-1));
	EXPECT_FALSE(signal_known(0));
	EXPECT_TRUE(signal_known(1));
	EXPECT_TRUE(signal_known(64));
	EXPECT_FALSE(signal_known(65));
}

TEST(signals_parse_from_names_and_numbers)
{
	EXPECT_EQ(15, signal_parse("TERM"));
	EXPECT_EQ(15, signal_parse("SIGTERM"));
	EXPECT_EQ(15, signal_parse("sigterm"));
	EXPECT_EQ(15, signal_parse("15"));
	EXPECT_EQ(0, signal_parse("0"));
	EXPECT_EQ(32, signal_parse("RTMIN"));
	EXPECT_EQ(35, signal_parse("SIGRTMIN+3"));
	EXPECT_EQ(63, signal_parse("RTMAX-1"));
	EXPECT_EQ(64, signal_parse("SIGRTMAX"));
	EXPECT_EQ(6, signal_parse("IOT"));
	EXPECT_EQ(29, signal_parse("POLL"));
	EXPECT_EQ(-1, signal_parse("65"));
	EXPECT_EQ(-1, signal_parse("-1"));
	EXPECT_EQ(-1, signal_parse("RTMIN+33"));
	EXPECT_EQ(-1, signal_parse("SIGFOO"));
	EXPECT_EQ(-1, signal_parse(""));
	EXPECT_EQ(-1, signal_parse("SIG"));
	/* Strict: no empty offset, sign, space, base or overflow. */
	EXPECT_EQ(-1, signal_parse("RTMIN+"));
	EXPECT_EQ(-1, signal_parse("RTMAX-"));
	EXPECT_EQ(-1, signal_parse("RTMIN+-1"));
	EXPECT_EQ(-1, signal_parse("RTMIN++1"));
	EXPECT_EQ(-1, signal_parse("RTMIN+ 1"));
	EXPECT_EQ(-1, signal_parse(" 15"));
	EXPECT_EQ(-1, signal_parse("+15"));
	EXPECT_EQ(-1, signal_parse("15 "));
	EXPECT_EQ(-1, signal_parse("0x0f"));
	EXPECT_EQ(-1, signal_parse("18446744073709551631"));
	EXPECT_EQ(15, signal_parse("015"));
}

TEST(flags_are_named_and_unknown_bits_shown)
{
	char buf[128];

	EXPECT_STREQ("0", pidfd_flags_name(0, buf, sizeof(buf)));
	EXPECT_STREQ("PIDFD_SIGNAL_THREAD", pidfd_flags_name(1, buf, sizeof(buf)));
	EXPECT_STREQ("PIDFD_SIGNAL_THREAD_GROUP",
		     pidfd_flags_name(2, buf, sizeof(buf)));
	EXPECT_STREQ("PIDFD_SIGNAL_PROCESS_GROUP",
		     pidfd_flags_name(4, buf, sizeof(buf)));
	EXPECT_STREQ("PIDFD_SIGNAL_THREAD|PIDFD_SIGNAL_PROCESS_GROUP",
		     pidfd_flags_name(5, buf, sizeof(buf)));
	EXPECT_STREQ("PIDFD_SIGNAL_THREAD_GROUP|0x80",
		     pidfd_flags_name(0x82, buf, sizeof(buf)));
	EXPECT_STREQ("0xfffffff8", pidfd_flags_name(0xfffffff8, buf, sizeof(buf)));
}

TEST(flags_never_overflow_a_small_buffer)
{
	char buf[8];

	pidfd_flags_name(0xffffffff, buf, sizeof(buf));
	EXPECT_EQ(7U, strlen(buf));
}

static const char *code(int s, int c)
{
	static char buf[32];

	return si_code_name(s, c, buf, sizeof(buf));
}

TEST(si_codes_are_named_per_signal)
{
	EXPECT_STREQ("SI_USER", code(SIGTERM, 0));
	EXPECT_STREQ("SI_QUEUE", code(SIGUSR1, -1));
	EXPECT_STREQ("SI_TIMER", code(SIGALRM, -2));
	EXPECT_STREQ("SI_TKILL", code(SIGUSR1, -6));
	EXPECT_STREQ("SI_ASYNCNL", code(SIGUSR1, -60));
	EXPECT_STREQ("SI_KERNEL", code(SIGKILL, 0x80));
	EXPECT_STREQ("CLD_EXITED", code(SIGCHLD, 1));
	EXPECT_STREQ("CLD_CONTINUED", code(SIGCHLD, 6));
	EXPECT_STREQ("SEGV_MAPERR", code(SIGSEGV, 1));
	EXPECT_STREQ("SEGV_ACCERR", code(SIGSEGV, 2));
	EXPECT_STREQ("BUS_ADRALN", code(SIGBUS, 1));
	EXPECT_STREQ("ILL_ILLOPC", code(SIGILL, 1));
	EXPECT_STREQ("FPE_INTDIV", code(SIGFPE, 1));
	EXPECT_STREQ("TRAP_BRKPT", code(SIGTRAP, 1));
	EXPECT_STREQ("POLL_IN", code(SIGIO, 1));
	EXPECT_STREQ("SYS_SECCOMP", code(SIGSYS, 1));
	/* A positive code means nothing for a signal without codes. */
	EXPECT_STREQ("1", code(SIGUSR1, 1));
	EXPECT_STREQ("-100", code(SIGUSR1, -100));
	EXPECT_STREQ("99", code(SIGCHLD, 99));
}

TEST(errnos_have_names_and_texts)
{
	char buf[16];

	EXPECT_STREQ("ESRCH", errno_name(ESRCH, buf, sizeof(buf)));
	EXPECT_STREQ("EPERM", errno_name(EPERM, buf, sizeof(buf)));
	EXPECT_STREQ("EBADF", errno_name(EBADF, buf, sizeof(buf)));
	EXPECT_STREQ("EINVAL", errno_name(EINVAL, buf, sizeof(buf)));
	EXPECT_STREQ("EFAULT", errno_name(EFAULT, buf, sizeof(buf)));
	EXPECT_STREQ("EAGAIN", errno_name(EAGAIN, buf, sizeof(buf)));
	EXPECT_STREQ("E4095", errno_name(4095, buf, sizeof(buf)));
	EXPECT_STREQ("No such process", errno_text(ESRCH));
	EXPECT_STREQ("Unknown error", errno_text(4095));
	/* Our own table, the same with every libc: its ends and its holes. */
	EXPECT_STREQ("Operation not permitted", errno_text(EPERM));
	EXPECT_STREQ("EHWPOISON", errno_name(133, buf, sizeof(buf)));
	EXPECT_STREQ("Memory page has hardware error", errno_text(133));
	EXPECT_STREQ("E41", errno_name(41, buf, sizeof(buf)));
	EXPECT_STREQ("E58", errno_name(58, buf, sizeof(buf)));
	EXPECT_STREQ("E134", errno_name(134, buf, sizeof(buf)));
	EXPECT_STREQ("E0", errno_name(0, buf, sizeof(buf)));
	EXPECT_STREQ("E-5", errno_name(-5, buf, sizeof(buf)));
	EXPECT_STREQ("Unknown error", errno_text(0));
	EXPECT_STREQ("Unknown error", errno_text(-5));
	/* The kernel's own, which strace names too. */
	EXPECT_STREQ("ERESTARTSYS", errno_name(512, buf, sizeof(buf)));
	EXPECT_STREQ("ERESTART_RESTARTBLOCK", errno_name(516, buf, sizeof(buf)));
	EXPECT_STREQ("Interrupted by signal", errno_text(516));
	EXPECT_STREQ("E517", errno_name(517, buf, sizeof(buf)));
}

/* The names glibc gives every errno it knows, and we give the same. */
TEST(errno_names_match_glibc)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 32)
	char buf[16];
	int err, named = 0;

	for (err = 1; err < 4096; err++) {
		const char *name = strerrorname_np(err);

		if (!name)
			continue;
		named++;
		EXPECT_STREQ(name, errno_name(err, buf, sizeof(buf)));
		EXPECT_STREQ(strerrordesc_np(err), errno_text(err));
	}
	EXPECT_EQ(131, named);
#else
	SKIP(return, "not glibc 2.32 or later: no strerrorname_np()");
#endif
}

TEST(module_enums_have_names)
{
	EXPECT_STREQ("closed", fd_kind_name(PIDFDTRACE_FD_NONE));
	EXPECT_STREQ("not-pidfd", fd_kind_name(PIDFDTRACE_FD_OTHER));
	EXPECT_STREQ("pidfd", fd_kind_name(PIDFDTRACE_FD_PIDFD));
	EXPECT_STREQ("pidfd-thread", fd_kind_name(PIDFDTRACE_FD_PIDFD_THREAD));
	EXPECT_STREQ("proc", fd_kind_name(PIDFDTRACE_FD_PROC));
	EXPECT_STREQ("self-thread", fd_kind_name(PIDFDTRACE_FD_SELF_THREAD));
	EXPECT_STREQ("self", fd_kind_name(PIDFDTRACE_FD_SELF_PROCESS));
	EXPECT_STREQ("none", target_state_name(PIDFDTRACE_TARGET_UNKNOWN));
	EXPECT_STREQ("alive", target_state_name(PIDFDTRACE_TARGET_ALIVE));
	EXPECT_STREQ("exited", target_state_name(PIDFDTRACE_TARGET_EXITED));
	EXPECT_STREQ("reaped", target_state_name(PIDFDTRACE_TARGET_REAPED));
	EXPECT_STREQ("none", target_source_name(PIDFDTRACE_SOURCE_NONE));
	EXPECT_STREQ("kernel", target_source_name(PIDFDTRACE_SOURCE_KERNEL));
	EXPECT_STREQ("second-look",
		     target_source_name(PIDFDTRACE_SOURCE_SECOND_LOOK));
	EXPECT_STREQ("none", siginfo_state_name(PIDFDTRACE_SIGINFO_NONE));
	EXPECT_STREQ("kernel", siginfo_state_name(PIDFDTRACE_SIGINFO_KERNEL));
	EXPECT_STREQ("unreadable",
		     siginfo_state_name(PIDFDTRACE_SIGINFO_UNREADABLE));
	EXPECT_STREQ("user-unverified",
		     siginfo_state_name(PIDFDTRACE_SIGINFO_USER_UNVERIFIED));
	EXPECT_STREQ("user-unreadable",
		     siginfo_state_name(PIDFDTRACE_SIGINFO_USER_UNREADABLE));
	EXPECT_STREQ("thread", scope_name(PIDFDTRACE_SCOPE_THREAD));
	EXPECT_STREQ("process", scope_name(PIDFDTRACE_SCOPE_PROCESS));
	EXPECT_STREQ("process-group", scope_name(PIDFDTRACE_SCOPE_PROCESS_GROUP));
	EXPECT_STREQ("session", scope_name(PIDFDTRACE_SCOPE_SESSION));
}

TEST(outcomes_are_named_as_the_kernel_reports_them)
{
	EXPECT_STREQ("queued", outcome_name(PIDFDTRACE_OUTCOME_DELIVERED));
	EXPECT_STREQ("ignored", outcome_name(PIDFDTRACE_OUTCOME_IGNORED));
	EXPECT_STREQ("already-pending",
		     outcome_name(PIDFDTRACE_OUTCOME_ALREADY_PENDING));
	EXPECT_STREQ("overflow", outcome_name(PIDFDTRACE_OUTCOME_OVERFLOW_FAIL));
	EXPECT_STREQ("lose-info", outcome_name(PIDFDTRACE_OUTCOME_LOSE_INFO));
}

TEST(flag_bits_are_named_one_at_a_time)
{
	EXPECT_STREQ("target-exiting",
		     effect_name(PIDFDTRACE_EFFECT_TARGET_EXITING));
	EXPECT_STREQ("resumed", effect_name(PIDFDTRACE_EFFECT_RESUMED));
	EXPECT_STREQ("stop-cancelled",
		     effect_name(PIDFDTRACE_EFFECT_STOP_CANCELLED));
	EXPECT_STREQ("discarded", effect_name(PIDFDTRACE_EFFECT_DISCARDED));
	EXPECT_STREQ("cross-namespace",
		     effect_name(PIDFDTRACE_EFFECT_CROSS_NAMESPACE));
	EXPECT_STREQ("killed", effect_name(PIDFDTRACE_EFFECT_KILLED));
	EXPECT_STREQ("probe-busy",
		     missed_reason_name(PIDFDTRACE_MISSED_PROBE_BUSY));
	/* Two bits at once are not one name. */
	EXPECT_EQ(NULL, effect_name(PIDFDTRACE_EFFECT_RESUMED |
				    PIDFDTRACE_EFFECT_DISCARDED));
}

TEST(values_of_a_newer_module_have_no_name)
{
	EXPECT_EQ(NULL, fd_kind_name(7));
	EXPECT_EQ(NULL, target_state_name(4));
	EXPECT_EQ(NULL, target_source_name(3));
	EXPECT_EQ(NULL, siginfo_state_name(5));
	EXPECT_EQ(NULL, scope_name(4));
	EXPECT_EQ(NULL, outcome_name(5));
	EXPECT_EQ(NULL, outcome_name(0xffff));
	EXPECT_EQ(NULL, effect_name(1U << 6));
	EXPECT_EQ(NULL, effect_name(1U << 31));
	EXPECT_EQ(NULL, missed_reason_name(1U << 1));
}

TEST(abi_versions_are_major_dot_minor)
{
	char buf[32];

	EXPECT_STREQ("2.0", abi_version_name(2 << 16, buf, sizeof(buf)));
	EXPECT_STREQ("2.7", abi_version_name(2 << 16 | 7, buf, sizeof(buf)));
	EXPECT_STREQ("65535.65535",
		     abi_version_name(0xffffffff, buf, sizeof(buf)));
	/* ABI 1 answered a plain 1, not 0.1. */
	EXPECT_STREQ("1", abi_version_name(1, buf, sizeof(buf)));
}

TEST_HARNESS_MAIN
