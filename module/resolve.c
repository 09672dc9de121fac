// SPDX-License-Identifier: GPL-2.0
/*
 * Resolution: the sender, the process the fd names, and the siginfo, read
 * from probe context. Nothing here sleeps or faults: files are looked up
 * with fdget() as the syscall does, tasks under the rcu_read_lock() the
 * callers hold, user memory with copy_from_user_nofault().
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cgroup.h>
#include <linux/compat.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/signal.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "compat.h"
#include "internal.h"

/*
 * The file operations of /proc/<pid> directories, which pidfd_send_signal()
 * accepts like pidfds, and whether the proc inode layout in compat.h holds
 * on this kernel. Both learnt once at load from /proc/self.
 */
static const struct file_operations *proc_tgid_fops;
static bool proc_inode_layout_ok;

void pidfdtrace_resolve_init(void)
{
	struct file *self;

	self = filp_open("/proc/self", O_RDONLY | O_DIRECTORY, 0);
	if (IS_ERR(self)) {
		pr_warn("cannot open /proc/self (%ld): /proc/<pid> fds will show as other files\n",
			PTR_ERR(self));
		return;
	}
	proc_tgid_fops = self->f_op;
	proc_inode_layout_ok =
		pidfdtrace_proc_pid(file_inode(self)) == task_tgid(current);
	if (!proc_inode_layout_ok)
		pr_warn("unknown proc inode layout: /proc/<pid> fds will not be resolved\n");
	filp_close(self, NULL);
}

void pidfdtrace_fill_task(struct pidfdtrace_task *out, struct task_struct *t,
			  struct pid_namespace *ns)
{
	out->pid = task_pid_nr(t);
	out->tgid = task_tgid_nr(t);
	out->ns_pid = pid_nr_ns(task_pid(t), ns);
	/* A kuid is the uid in the initial user namespace. */
	out->uid = __kuid_val(task_uid(t));
	/* What trace events do: comm[15] is always NUL, no lock needed. */
	BUILD_BUG_ON(sizeof(out->comm) != sizeof(t->comm));
	memcpy(out->comm, t->comm, sizeof(out->comm));
}

void pidfdtrace_resolve_sender(struct pidfdtrace_call *call,
			       struct pid_namespace *ns)
{
	pidfdtrace_fill_task(&call->sender, current, ns);
	call->sender_pidns = ns->ns.inum;
#ifdef CONFIG_CGROUPS
	call->sender_cgroup = cgroup_id(task_dfl_cgroup(current));
#endif
}

/* The process @pid names, as the sender sees it; @thread for a thread fd. */
static void pidfdtrace_resolve_target(struct pidfdtrace_call *call,
				      struct pid *pid, bool thread,
				      struct pid_namespace *ns)
{
	struct task_struct *task;
	bool alive;

	task = pid_task(pid, PIDTYPE_PID);
	if (task) {
		pidfdtrace_fill_task(&call->target, task, ns);
		/* A process lives while any of its threads does. */
		alive = thread ? !task->exit_state :
				 atomic_read(&task->signal->live) > 0;
		call->target_state = alive ? PIDFDTRACE_TARGET_ALIVE :
					     PIDFDTRACE_TARGET_EXITED;
	} else {
		/* Reaped: the pid still says who it was. */
		call->target.pid = pid_nr(pid);
		call->target.tgid = thread ? 0 : pid_nr(pid);
		call->target.ns_pid = pid_nr_ns(pid, ns);
		call->target_state = PIDFDTRACE_TARGET_REAPED;
	}
}

void pidfdtrace_resolve_fd(struct pidfdtrace_call *call,
			   struct pid_namespace *ns)
{
	/*
	 * The lookup the syscall itself makes: the same answer (O_PATH files
	 * skipped too), and no reference taken when the table is not shared.
	 */
	struct fd f = fdget(call->pidfd);
	struct file *file = fd_file(f);
	struct pid *pid;
	bool thread = false;

	if (!file) {
		call->fd_kind = PIDFDTRACE_FD_NONE;
		return;
	}

	pid = pidfdtrace_pidfd_pid(file, &thread);
	if (pid) {
		call->fd_kind = thread ? PIDFDTRACE_FD_PIDFD_THREAD :
					 PIDFDTRACE_FD_PIDFD;
	} else if (proc_tgid_fops && file->f_op == proc_tgid_fops) {
		call->fd_kind = PIDFDTRACE_FD_PROC;
		if (proc_inode_layout_ok)
			pid = pidfdtrace_proc_pid(file_inode(file));
	} else {
		call->fd_kind = PIDFDTRACE_FD_OTHER;
	}

	if (pid)
		pidfdtrace_resolve_target(call, pid, thread, ns);
	fdput(f);
}

/*
 * Called when the syscall returns: the kernel has just copied the same
 * bytes, so they are mapped now unless the pointer was bad.
 */
void pidfdtrace_read_siginfo(struct pidfdtrace_call *call)
{
	const void __user *uinfo = u64_to_user_ptr(call->info);
	struct pidfdtrace_siginfo *si = &call->siginfo;

	if (!uinfo) {
		call->siginfo_state = PIDFDTRACE_SIGINFO_NONE;
		return;
	}
	call->siginfo_state = PIDFDTRACE_SIGINFO_UNREADABLE;

#ifdef CONFIG_COMPAT
	/* The layout copy_siginfo_from_user_any() reads. */
	if (in_compat_syscall()) {
		struct compat_siginfo csi;

		if (copy_from_user_nofault(&csi, uinfo, sizeof(csi)))
			return;
		si->signo = csi.si_signo;
		si->error = csi.si_errno;
		si->code = csi.si_code;
		si->pid = csi.si_pid;
		si->uid = csi.si_uid;
		si->value = (u32)csi.si_int;
		call->siginfo_state = PIDFDTRACE_SIGINFO_READ;
		return;
	}
#endif
	{
		siginfo_t usi;

		if (copy_from_user_nofault(&usi, uinfo, sizeof(usi)))
			return;
		si->signo = usi.si_signo;
		si->error = usi.si_errno;
		si->code = usi.si_code;
		si->pid = usi.si_pid;
		si->uid = usi.si_uid;
		si->value = (unsigned long)usi.si_ptr;
		call->siginfo_state = PIDFDTRACE_SIGINFO_READ;
	}
}
