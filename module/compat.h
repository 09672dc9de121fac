/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Everything that differs between kernel versions and architectures lives
 * here, so the rest of the module reads the same on every kernel.
 */
#ifndef PIDFDTRACE_COMPAT_H
#define PIDFDTRACE_COMPAT_H

#include <linux/cgroup.h>
#include <linux/err.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kprobes.h>
#include <linux/magic.h>
#include <linux/mm.h>
#include <linux/pidfd.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/signal.h>
#include <linux/timer.h>
#include <linux/unistd.h>
#include <linux/version.h>
#include <asm/syscall.h>

/* The only place the kernel version is compared: this file's purpose. */
#define PIDFDTRACE_KERNEL_BEFORE(a, b, c) \
	(LINUX_VERSION_CODE < KERNEL_VERSION(a, b, c))

/*
 * The oldest series it is tested on (make check builds and runs it on
 * Debian 11's 5.10). Older kernels differ where the records come from
 * (kretprobe instances, the signal_generate tracepoint's fields), so they
 * are refused, not guessed at.
 */
#if PIDFDTRACE_KERNEL_BEFORE(5, 10, 0)
#error "pidfdtrace needs Linux 5.10 or later"
#endif

/*
 * The syscall body, which every syscall ABI's wrapper calls, takes the
 * user's arguments as plain C arguments. It is declared inline, hence
 * notrace: no fentry for a cheap ftrace-based probe. It gets inlined on
 * some kernels (5.3, 5.4) and architectures (arm64).
 */
#define PIDFDTRACE_SYSCALL_BODY		"__do_sys_pidfd_send_signal"

/*
 * The arch wrappers (CONFIG_ARCH_HAS_SYSCALL_WRAPPER) take one argument,
 * the user's struct pt_regs, with the syscall arguments behind it. x86 has
 * one per syscall ABI: probing the 64-bit one alone would miss 32-bit
 * callers.
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

#if defined(CONFIG_X86_64) && defined(CONFIG_IA32_EMULATION)
#define PIDFDTRACE_SYSCALL_COMPAT_WRAPPER_PREFIX	"__ia32_sys_"
#define PIDFDTRACE_SYSCALL_WRAPPERS					\
	PIDFDTRACE_SYSCALL_WRAPPER_PREFIX "pidfd_send_signal,"		\
	PIDFDTRACE_SYSCALL_COMPAT_WRAPPER_PREFIX "pidfd_send_signal"
#else
#define PIDFDTRACE_SYSCALL_COMPAT_WRAPPER_PREFIX PIDFDTRACE_SYSCALL_WRAPPER_PREFIX
#define PIDFDTRACE_SYSCALL_WRAPPERS \
	PIDFDTRACE_SYSCALL_WRAPPER_PREFIX "pidfd_send_signal"
#endif

/*
 * Fetches the first four syscall arguments in a probe on the syscall's
 * entry, whether the probed function is the body (@wrapper false) or an
 * arch wrapper, whose only argument points at the user's saved registers
 * (syscall_get_arguments() reads them for the caller's ABI).
 */
static inline void pidfdtrace_syscall_args(struct pt_regs *regs, bool wrapper,
					   unsigned long args[6])
{
	int i;

	if (wrapper) {
		syscall_get_arguments(current,
				      (struct pt_regs *)regs_get_kernel_argument(regs, 0),
				      args);
		return;
	}
	for (i = 0; i < 4; i++)
		args[i] = regs_get_kernel_argument(regs, i);
}

/*
 * The pidfds that are no file but the caller itself (the kernel takes them
 * for pidfd_send_signal() since 7.x; linux/fcntl.h names them): true for
 * one, *@thread for PIDFD_SELF_THREAD.
 */
static inline bool pidfdtrace_pidfd_self(int pidfd, bool *thread)
{
#ifdef PIDFD_SELF_THREAD
	*thread = pidfd == PIDFD_SELF_THREAD;
	return pidfd == PIDFD_SELF_THREAD || pidfd == PIDFD_SELF_THREAD_GROUP;
#else
	return false;
#endif
}

/* pidfd_send_signal()'s scope flags arrived in 6.9. */
#ifndef PIDFD_SIGNAL_PROCESS_GROUP
#define PIDFD_SIGNAL_PROCESS_GROUP	(1UL << 2)
#endif

/*
 * The tracepoint every signal the kernel generates passes, at the end of
 * __send_signal_locked() and send_sigqueue(), with the target's siglock
 * held and the kernel's own result (include/trace/events/signal.h).
 */
#define PIDFDTRACE_SIGNAL_TRACEPOINT	"signal_generate"
#define PIDFDTRACE_SIGNAL_TRACEPOINT_PROTO				\
	void *data, int sig, struct kernel_siginfo *info,		\
	struct task_struct *task, int group, int result

/*
 * The function prepare_signal() calls to drop pending signals: stop
 * signals drop SIGCONT, SIGCONT drops stop signals. Static but out of line
 * on every kernel we run (prepare_signal() calls it four times), and
 * reached by nothing hot: a probe on it costs ordinary signals nothing.
 */
#define PIDFDTRACE_FLUSH_FUNC		"flush_sigqueue_mask"

/*
 * flush_sigqueue_mask()'s arguments, in a probe on its entry: (mask, s),
 * and since 6.13 (a76e1bbe879c) (p, mask, s), p the process whose queue @s
 * is. *@p is NULL where the kernel does not pass it.
 */
static inline void pidfdtrace_flush_args(struct pt_regs *regs,
					 struct task_struct **p,
					 const sigset_t **mask,
					 struct sigpending **s)
{
#if PIDFDTRACE_KERNEL_BEFORE(6, 13, 0)
	*p = NULL;
	*mask = (const sigset_t *)regs_get_kernel_argument(regs, 0);
	*s = (struct sigpending *)regs_get_kernel_argument(regs, 1);
#else
	*p = (struct task_struct *)regs_get_kernel_argument(regs, 0);
	*mask = (const sigset_t *)regs_get_kernel_argument(regs, 1);
	*s = (struct sigpending *)regs_get_kernel_argument(regs, 2);
#endif
}

/*
 * True when current is inside pidfd_send_signal(): the syscall number in
 * the registers it entered the kernel with (every syscall ABI numbers it
 * 424). A cheap test that rules out every other signal on the system; the
 * calls in flight (calls.c) say whether it is a traced call.
 */
static inline bool pidfdtrace_in_syscall(void)
{
	BUILD_BUG_ON(__NR_pidfd_send_signal != 424);
	return syscall_get_nr(current, task_pt_regs(current)) ==
	       __NR_pidfd_send_signal;
}

/*
 * Before 5.14 (ec6aba3d2be1), a page fault in a kprobe handler counted as a
 * miss of the running probe, though a _nofault copy handles it: readers of
 * nmissed must not count those.
 */
#define PIDFDTRACE_HANDLER_FAULT_IS_MISS	PIDFDTRACE_KERNEL_BEFORE(5, 14, 0)

/* True while @t's process dumps core; siglock held. */
static inline bool pidfdtrace_core_dumping(const struct task_struct *t)
{
#if PIDFDTRACE_KERNEL_BEFORE(5, 16, 0)
	return t->mm && t->mm->core_state;
#else
	return t->signal->core_state;
#endif
}

/* Signals 1 to 64 of @set, bit N-1 for signal N. */
static inline u64 pidfdtrace_sigset_u64(const sigset_t *set)
{
#if _NSIG_WORDS == 1
	return set->sig[0];
#else
	return set->sig[0] | (u64)set->sig[1] << 32;
#endif
}

/*
 * The struct pid of a pidfd, or NULL when @file is not one; what the
 * kernel's pidfd_pid() answers, which modules cannot call. Sets *@thread for
 * a PIDFD_THREAD pidfd.
 */
static inline struct pid *pidfdtrace_pidfd_pid(const struct file *file,
					       bool *thread)
{
	struct inode *inode = file_inode(file);

#ifdef PID_FS_MAGIC
	/* pidfs, 6.9+: every inode on it is a pid (fs/pidfs.c). */
	if (inode->i_sb->s_magic != PID_FS_MAGIC)
		return NULL;
	*thread = file->f_flags & O_EXCL;	/* PIDFD_THREAD */
	return inode->i_private;
#else
	/* An anonymous inode file named "[pidfd]" (kernel/fork.c). */
	if (inode->i_sb->s_magic != ANON_INODE_FS_MAGIC ||
	    strcmp(file->f_path.dentry->d_name.name, "[pidfd]"))
		return NULL;
	*thread = false;
	return file->private_data;
#endif
}

/*
 * True when @cgrp is the cgroup @id or one of its descendants: its own
 * ancestry, which every cgroup keeps (ancestor_ids[] before 6.0,
 * ancestors[] since), read from the root down. Under rcu_read_lock().
 */
static inline bool pidfdtrace_cgroup_under(const struct cgroup *cgrp, u64 id)
{
	int level;

	if (!cgrp)
		return false;
	for (level = 0; level <= cgrp->level; level++)
#if PIDFDTRACE_KERNEL_BEFORE(6, 0, 0)
		if (cgrp->ancestor_ids[level] == id)
#else
		if (cgroup_id(cgrp->ancestors[level]) == id)
#endif
			return true;
	return false;
}

/*
 * 0 if cgroup v2 @id exists, -ENOENT if not. Sleeps. Before 5.14 the
 * kernel has no lookup by id for modules: every id is taken.
 */
static inline int pidfdtrace_cgroup_exists(u64 id)
{
#if PIDFDTRACE_KERNEL_BEFORE(5, 14, 0)
	return 0;
#else
	struct cgroup *cgrp = cgroup_get_from_id(id);

	/* NULL before 6.1, an ERR_PTR() since. */
	if (IS_ERR_OR_NULL(cgrp))
		return -ENOENT;
	cgroup_put(cgrp);
	return 0;
#endif
}

/* struct fd became opaque in 6.12, read through fd_file(). */
#ifndef fd_file
#define fd_file(f)	((f).file)
#endif

/* from_timer() was renamed timer_container_of() in 6.16 (41cb08555c41). */
#ifndef timer_container_of
#define timer_container_of(var, callback_timer, timer_fieldname) \
	from_timer(var, callback_timer, timer_fieldname)
#endif

/* timer_shutdown_sync() arrived in 6.2. */
#if PIDFDTRACE_KERNEL_BEFORE(6, 2, 0)
#define pidfdtrace_timer_shutdown_sync(timer)	del_timer_sync(timer)
#else
#define pidfdtrace_timer_shutdown_sync(timer)	timer_shutdown_sync(timer)
#endif

/* vm_flags became read-only behind vm_flags_mod() in 6.3. */
#if PIDFDTRACE_KERNEL_BEFORE(6, 3, 0)
static inline void pidfdtrace_vm_flags_mod(struct vm_area_struct *vma,
					   vm_flags_t set, vm_flags_t clear)
{
	vma->vm_flags = (vma->vm_flags | set) & ~clear;
}
#else
#define pidfdtrace_vm_flags_mod(vma, set, clear) vm_flags_mod(vma, set, clear)
#endif

#endif /* PIDFDTRACE_COMPAT_H */
