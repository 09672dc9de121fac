// SPDX-License-Identifier: GPL-2.0
/*
 * Resolution: the sender, the process a call's fd names, and siginfo, read
 * from probe context. Nothing here sleeps or faults: files are looked up
 * with fdget() as the syscall does, tasks under the rcu_read_lock() the
 * callers hold, user memory with copy_from_user_nofault().
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/audit.h>
#include <linux/cgroup.h>
#include <linux/compat.h>
#include <linux/cred.h>
#include <linux/dcache.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kprobes.h>
#include <linux/pid_namespace.h>
#include <linux/proc_fs.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/signal.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "compat.h"
#include "internal.h"

/*
 * The file operations of /proc/<pid> directories, which pidfd_send_signal()
 * accepts like pidfds; learnt once at load from /proc/self.
 */
static const struct file_operations *proc_tgid_fops;

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
NOKPROBE_SYMBOL(pidfdtrace_fill_task);

void pidfdtrace_fill_sender(struct pidfdtrace_call *call,
			    struct pid_namespace *ns)
{
	struct task_struct *parent = rcu_dereference(current->real_parent);

	pidfdtrace_fill_task(&call->sender, current, ns);
	call->sender_euid = __kuid_val(current_euid());
	call->sender_loginuid = __kuid_val(audit_get_loginuid(current));
	call->sender_sessionid = audit_get_sessionid(current);
	call->sender_pidns = ns->ns.inum;
	call->sender_cgroup = cgroup_id(task_dfl_cgroup(current));
	call->parent_tgid = task_tgid_nr(parent);
	memcpy(call->parent_comm, parent->comm, sizeof(call->parent_comm));
}
NOKPROBE_SYMBOL(pidfdtrace_fill_sender);

void pidfdtrace_fill_siginfo(struct pidfdtrace_siginfo *out,
			     const kernel_siginfo_t *info)
{
	out->signo = info->si_signo;
	out->error = info->si_errno;
	out->code = info->si_code;
	out->pid = info->si_pid;
	out->uid = info->si_uid;
	out->value = (unsigned long)info->si_ptr;
}
NOKPROBE_SYMBOL(pidfdtrace_fill_siginfo);

struct task_struct *pidfdtrace_fill_target(struct pidfdtrace_call *call,
					   struct pid *pid, bool thread,
					   struct pid_namespace *ns)
{
	struct task_struct *task = pid_task(pid, PIDTYPE_PID);
	bool alive;

	if (!task) {
		/* Reaped: the pid still says who it was. */
		call->target.pid = pid_nr(pid);
		call->target.tgid = thread ? 0 : pid_nr(pid);
		call->target.ns_pid = pid_nr_ns(pid, ns);
		call->target_state = PIDFDTRACE_TARGET_REAPED;
		return NULL;
	}
	pidfdtrace_fill_task(&call->target, task, ns);
	call->target_cgroup = cgroup_id(task_dfl_cgroup(task));
	/* A process lives while any of its threads does. */
	alive = thread ? !task->exit_state :
			 atomic_read(&task->signal->live) > 0;
	call->target_state = alive ? PIDFDTRACE_TARGET_ALIVE :
				     PIDFDTRACE_TARGET_EXITED;
	return task;
}
NOKPROBE_SYMBOL(pidfdtrace_fill_target);

/*
 * The pid of a /proc/<pid> directory, without the private proc inode: the
 * directory is named for the pid in its procfs instance's namespace, and
 * the kernel unhashes the dentries of a reaped process (proc_flush_pid()),
 * so a hashed one still names the process it was made for.
 */
static struct pid *pidfdtrace_proc_pid(const struct file *file)
{
	const struct dentry *dentry = file->f_path.dentry;
	char name[12];
	unsigned int nr;

	if (d_unhashed(dentry))
		return NULL;
	strscpy(name, dentry->d_name.name, sizeof(name));
	if (kstrtouint(name, 10, &nr))
		return NULL;
	return find_pid_ns(nr, proc_pid_ns(file_inode(file)->i_sb));
}
NOKPROBE_SYMBOL(pidfdtrace_proc_pid);

struct task_struct *pidfdtrace_second_look(struct pidfdtrace_call *call,
					   struct pid_namespace *ns,
					   bool pid_only)
{
	/*
	 * The lookup the syscall itself makes: the same answer (O_PATH files
	 * skipped too), and no reference taken when the table is not shared.
	 */
	struct fd f = fdget(call->pidfd);
	struct file *file = fd_file(f);
	struct task_struct *task = NULL;
	struct pid *pid = NULL;
	bool thread = false;

	call->fd_kind = PIDFDTRACE_FD_NONE;
	call->target_state = PIDFDTRACE_TARGET_UNKNOWN;
	memset(&call->target, 0, sizeof(call->target));
	call->target_cgroup = 0;
	if (pidfdtrace_pidfd_self(call->pidfd, &thread)) {
		call->fd_kind = thread ? PIDFDTRACE_FD_SELF_THREAD :
					 PIDFDTRACE_FD_SELF_PROCESS;
		return pidfdtrace_fill_target(call, thread ? task_pid(current) :
						     task_tgid(current),
					      thread, ns);
	}
	if (!file)
		return NULL;

	pid = pidfdtrace_pidfd_pid(file, &thread);
	if (pid) {
		call->fd_kind = thread ? PIDFDTRACE_FD_PIDFD_THREAD :
					 PIDFDTRACE_FD_PIDFD;
	} else if (proc_tgid_fops && file->f_op == proc_tgid_fops) {
		call->fd_kind = PIDFDTRACE_FD_PROC;
		pid = pidfdtrace_proc_pid(file);
		if (!pid)
			call->target_state = PIDFDTRACE_TARGET_REAPED;
	} else {
		call->fd_kind = PIDFDTRACE_FD_OTHER;
	}

	if (pid && pid_only)
		call->target.pid = pid_nr(pid);
	else if (pid)
		task = pidfdtrace_fill_target(call, pid, thread, ns);
	fdput(f);
	return task;
}
NOKPROBE_SYMBOL(pidfdtrace_second_look);

/*
 * No signal was generated, so the kernel's copy is gone: read the caller's
 * buffer again, at most what copy_siginfo_from_user() reads (48 bytes
 * native, the compat siginfo's fields for 32-bit callers). The caller may
 * have rewritten it since: the state says so.
 */
void pidfdtrace_read_user_siginfo(struct pidfdtrace_call *call)
{
	const void __user *uinfo = u64_to_user_ptr(call->info);
	struct pidfdtrace_siginfo *si = &call->siginfo;

	call->siginfo_state = PIDFDTRACE_SIGINFO_USER_UNREADABLE;
#ifdef CONFIG_COMPAT
	if (in_compat_syscall()) {
		struct {
			s32 signo, error, code, pid;
			u32 uid;
			s32 value;
		} csi;

		BUILD_BUG_ON(offsetof(struct compat_siginfo, si_pid) != 12 ||
			     offsetof(struct compat_siginfo, si_uid) != 16 ||
			     offsetof(struct compat_siginfo, si_int) != 20);
		if (copy_from_user_nofault(&csi, uinfo, sizeof(csi)))
			return;
		si->signo = csi.signo;
		si->error = csi.error;
		si->code = csi.code;
		si->pid = csi.pid;
		si->uid = csi.uid;
		si->value = (u32)csi.value;
		call->siginfo_state = PIDFDTRACE_SIGINFO_USER_UNVERIFIED;
		return;
	}
#endif
	{
		kernel_siginfo_t ksi;

		BUILD_BUG_ON(sizeof(ksi) > sizeof(siginfo_t));
		if (copy_from_user_nofault(&ksi, uinfo, sizeof(ksi)))
			return;
		pidfdtrace_fill_siginfo(si, &ksi);
		call->siginfo_state = PIDFDTRACE_SIGINFO_USER_UNVERIFIED;
	}
}
NOKPROBE_SYMBOL(pidfdtrace_read_user_siginfo);

void pidfdtrace_match_sender(struct pidfdtrace_match *m,
			     const struct pidfdtrace_call *call)
{
	m->sender_tgid = call->sender.tgid;
	m->sender_uid = call->sender.uid;
	m->sender_comm = call->sender.comm;
	m->sender_cgroup = task_dfl_cgroup(current);
	m->sig = call->sig;
}
NOKPROBE_SYMBOL(pidfdtrace_match_sender);
