/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Everything that differs between kernel versions and architectures lives
 * here, so the rest of the module reads the same on every kernel.
 */
#ifndef PIDFDTRACE_COMPAT_H
#define PIDFDTRACE_COMPAT_H

#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kprobes.h>
#include <linux/magic.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/timer.h>
#include <linux/version.h>
#include <asm/syscall.h>

/* The only place the kernel version is compared: this file's purpose. */
#define PIDFDTRACE_KERNEL_BEFORE(a, b, c) \
	(LINUX_VERSION_CODE < KERNEL_VERSION(a, b, c))

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
 * The function every signal passes through with siglock held:
 * send_signal_locked() since 5.19 (157cc18122b8), send_signal() before.
 */
#define PIDFDTRACE_SIGNAL_FUNC		"send_signal_locked"
#define PIDFDTRACE_SIGNAL_FUNC_OLD	"send_signal"

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
 * The data of the instance of any of the @n kretprobes @rps that current
 * is inside of, or NULL. Each task keeps a list of the returns it has
 * hooked, newest first; only current changes its own list, so current may
 * walk it.
 */
static inline void *
pidfdtrace_kretprobe_current_data(const struct kretprobe *rps, unsigned int n)
{
	struct llist_node *node;
	unsigned int i;

#ifdef CONFIG_KRETPROBE_ON_RETHOOK
	for (node = READ_ONCE(current->rethooks.first); node; node = node->next) {
		struct rethook_node *rhn =
			container_of(node, struct rethook_node, llist);

		for (i = 0; i < n; i++)
			if (rhn->rethook == rps[i].rh)
				return container_of(rhn, struct kretprobe_instance,
						    node)->data;
	}
#else
	for (node = READ_ONCE(current->kretprobe_instances.first); node;
	     node = node->next) {
		struct kretprobe_instance *ri =
			container_of(node, struct kretprobe_instance, llist);

		for (i = 0; i < n; i++)
			if (ri->rph == rps[i].rph)
				return ri->data;
	}
#endif
	return NULL;
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
 * struct proc_inode from fs/proc/internal.h, the same from 5.x to 6.12:
 * only its pid is read, and only after pidfdtrace_resolve_init() has
 * checked at load time that it finds the right one.
 */
struct pidfdtrace_proc_inode {
	struct pid *pid;
	unsigned int fd;
	void *op;
	void *pde;
	void *sysctl;
	void *sysctl_entry;
	struct hlist_node sibling_inodes;
	const void *ns_ops;
	struct inode vfs_inode;
};

static inline struct pid *pidfdtrace_proc_pid(const struct inode *inode)
{
	return container_of(inode, struct pidfdtrace_proc_inode, vfs_inode)->pid;
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

#endif /* PIDFDTRACE_COMPAT_H */
