/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Everything that differs between kernel versions and architectures lives
 * here, so the rest of the module reads the same on every kernel.
 */
#ifndef PIDFDTRACE_COMPAT_H
#define PIDFDTRACE_COMPAT_H

#include <linux/ptrace.h>
#include <asm/syscall.h>

/*
 * The syscall body takes the user's arguments as plain C arguments. It is
 * static and gets inlined on some kernels (5.3, 5.4) and architectures
 * (arm64), where only the arch wrapper is left.
 */
#define PIDFDTRACE_SYSCALL_BODY		"__do_sys_pidfd_send_signal"

/*
 * The arch wrapper (CONFIG_ARCH_HAS_SYSCALL_WRAPPER) takes one argument, the
 * user's struct pt_regs, and the syscall arguments sit behind it.
 */
#if defined(CONFIG_X86_64)
#define PIDFDTRACE_SYSCALL_WRAPPER_PREFIX	"__x64_sys_"
#elif defined(CONFIG_ARM64)
#define PIDFDTRACE_SYSCALL_WRAPPER_PREFIX	"__arm64_sys_"
#elif defined(CONFIG_S390)
#define PIDFDTRACE_SYSCALL_WRAPPER_PREFIX	"__s390x_sys_"
#elif defined(CONFIG_RISCV)
#define PIDFDTRACE_SYSCALL_WRAPPER_PREFIX	"__riscv_sys_"
#else
#define PIDFDTRACE_SYSCALL_WRAPPER_PREFIX	"sys_"
#endif
#define PIDFDTRACE_SYSCALL_WRAPPER \
	PIDFDTRACE_SYSCALL_WRAPPER_PREFIX "pidfd_send_signal"

/*
 * The function every signal passes through with siglock held:
 * send_signal_locked() since 5.19 (157cc18122b8), send_signal() before.
 */
#define PIDFDTRACE_SIGNAL_FUNC		"send_signal_locked"
#define PIDFDTRACE_SIGNAL_FUNC_OLD	"send_signal"

/*
 * Fetches the @n-th syscall argument in a probe on the syscall's entry,
 * whether the probed function is the body (@wrapper false) or the arch
 * wrapper, whose only argument points at the user's saved registers.
 */
static inline unsigned long
pidfdtrace_syscall_arg(struct pt_regs *regs, bool wrapper, unsigned int n)
{
	unsigned long args[6];

	if (!wrapper)
		return regs_get_kernel_argument(regs, n);
	syscall_get_arguments(current,
			      (struct pt_regs *)regs_get_kernel_argument(regs, 0),
			      args);
	return args[n];
}

#endif /* PIDFDTRACE_COMPAT_H */
