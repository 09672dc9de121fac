// SPDX-License-Identifier: GPL-2.0
/*
 * Call records: probes on pidfd_send_signal(2).
 *
 * A kretprobe follows each call from entry to return: at entry it takes the
 * call's sequence number, arguments and sender, and enters the call in the
 * calls in flight (calls.c), so that the signal probes can link what they
 * see to it; at return it adds the result and what only the return knows,
 * and hands the record to the readers.
 *
 * A kretprobe needs an instance for each call it follows, from a pool of
 * maxactive. A thread blocked in the call (on the caller's siginfo page,
 * say, behind userfaultfd or FUSE; or on a contended siglock on
 * PREEMPT_RT) keeps its instance, so enough such threads empty the pool.
 * A plain kprobe on the same symbol makes that visible: its post handler
 * runs after the kretprobe's entry handler, and when that did not run, it
 * records the call from its entry. What neither probe ran for (kprobe
 * recursion) is counted and reported in-band by the readers.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kprobes.h>
#include <linux/ktime.h>
#include <linux/minmax.h>
#include <linux/percpu.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/string.h>

#include "compat.h"
#include "internal.h"

#define SYSCALL_PROBES_MAX 2

/* A symbol probed for the syscall: the return probe and its witness. */
struct pidfdtrace_syscall_probe {
	struct kretprobe call;
	struct kprobe entry;
	char symbol[KSYM_NAME_LEN];
};

static struct pidfdtrace_syscall_probe syscall_probes[SYSCALL_PROBES_MAX];
static unsigned int nr_syscall_probes;

/*
 * True when the probes sit on arch wrappers, whose arguments are behind a
 * struct pt_regs pointer. Set before they are registered.
 */
static bool syscall_probes_on_wrappers;

/* The call whose entry handler ran last on this CPU, for the post handler. */
static DEFINE_PER_CPU(struct pidfdtrace_call_ctx *, pidfdtrace_entered);

struct pidfdtrace_syscall_counters {
	u64 hits;		/* calls entered */
	u64 calls;		/* call records made */
	u64 from_entry;		/* of which from the entry only */
};

static DEFINE_PER_CPU(struct pidfdtrace_syscall_counters, syscall_counters);

/* Misses the kernel counted for our own faults (see compat.h). */
static atomic64_t pidfdtrace_own_faults = ATOMIC64_INIT(0);

/* The call's record as its entry knows it: number, time, arguments, sender. */
static void pidfdtrace_call_start(struct pidfdtrace_call_ctx *ctx,
				  struct pt_regs *regs)
{
	struct pidfdtrace_call *call = &ctx->rec;
	unsigned long args[6];

	/* Padding included: the record goes to userspace as it is. */
	memset(call, 0, sizeof(*call));
	call->hdr.type = PIDFDTRACE_RECORD_CALL;
	call->hdr.size = sizeof(*call);
	call->hdr.seq = pidfdtrace_next_seq();
	call->last_seq = call->hdr.seq;
	if (!pidfdtrace_cut(PIDFDTRACE_CUT_CLOCK))
		call->hdr.time_ns = ktime_get_mono_fast_ns();
	pidfdtrace_syscall_args(regs, syscall_probes_on_wrappers, args);
	call->pidfd = args[0];
	call->sig = args[1];
	call->info = args[2];
	call->flags = args[3];

	ctx->ns = task_active_pid_ns(current);
	ctx->kinfo = NULL;
	ctx->target_cgroup = NULL;
	ctx->flushed = NULL;
	ctx->flush_effects = 0;
	ctx->discarded = 0;
	if (pidfdtrace_cut(PIDFDTRACE_CUT_SENDER))
		return;
	rcu_read_lock();
	pidfdtrace_fill_sender(call, ctx->ns);
	rcu_read_unlock();
}
NOKPROBE_SYMBOL(pidfdtrace_call_start);

static int pidfdtrace_call_entry(struct kretprobe_instance *ri,
				 struct pt_regs *regs)
{
	struct pidfdtrace_call_ctx *ctx = (void *)ri->data;

	pidfdtrace_call_start(ctx, regs);
	if (!pidfdtrace_cut(PIDFDTRACE_CUT_CALLS)) {
		pidfdtrace_calls_insert(ctx);
	} else {
		ctx->task = current;
		ctx->in_flight = true;
	}
	this_cpu_write(pidfdtrace_entered, ctx);
	return 0;
}
NOKPROBE_SYMBOL(pidfdtrace_call_entry);

/*
 * The target, where the call's deliveries did not already name it, and
 * the fd kind, from the module's own look at the fd: flagged when it is
 * not the process the kernel signalled. Returns the target's cgroup for
 * the filters. Under rcu_read_lock().
 */
static struct cgroup *pidfdtrace_call_target(struct pidfdtrace_call_ctx *ctx)
{
	struct pidfdtrace_call *call = &ctx->rec, look;
	bool kernel = call->target_source == PIDFDTRACE_SOURCE_KERNEL;
	struct task_struct *task;

	/*
	 * The look fills in the fd kind and the target fields, from the fd
	 * alone: nothing else of the record is copied for it. When the kernel
	 * named the target, only the pid the fd names is compared with it.
	 */
	look.pidfd = call->pidfd;
	task = pidfdtrace_second_look(&look, ctx->ns, kernel);
	/* The caller itself: no fd to look at, unless the kernel said so. */
	if (look.fd_kind == PIDFDTRACE_FD_SELF_THREAD ||
	    look.fd_kind == PIDFDTRACE_FD_SELF_PROCESS) {
		if (call->ret == -EBADF) {
			call->fd_kind = PIDFDTRACE_FD_NONE;
			return NULL;
		}
		if (!kernel) {
			call->target = look.target;
			call->target_state = look.target_state;
			call->target_cgroup = look.target_cgroup;
			call->target_source = PIDFDTRACE_SOURCE_KERNEL;
		}
		call->fd_kind = look.fd_kind;
		return task_dfl_cgroup(task);
	}
	call->fd_kind = look.fd_kind;
	if (kernel) {
		if (look.target.pid != call->target.pid)
			call->call_flags |= PIDFDTRACE_CALL_FD_CHANGED;
		return READ_ONCE(ctx->target_cgroup);
	}
	call->target = look.target;
	call->target_state = look.target_state;
	call->target_cgroup = look.target_cgroup;
	call->target_source = look.target_state == PIDFDTRACE_TARGET_UNKNOWN ?
			      PIDFDTRACE_SOURCE_NONE :
			      PIDFDTRACE_SOURCE_SECOND_LOOK;
	return task ? task_dfl_cgroup(task) : NULL;
}
NOKPROBE_SYMBOL(pidfdtrace_call_target);

static void pidfdtrace_call_emit(struct pidfdtrace_call_ctx *ctx)
{
	struct pidfdtrace_call *call = &ctx->rec;
	struct pidfdtrace_match match = {};

	call->hdr.cpu = raw_smp_processor_id();
	rcu_read_lock();
	if (!pidfdtrace_cut(PIDFDTRACE_CUT_LOOK))
		match.target_cgroup = pidfdtrace_call_target(ctx);
	match.target_tgid = call->target.tgid;
	pidfdtrace_match_sender(&match, call);
	/* A call whose return was not seen may have failed. */
	match.failed = call->ret < 0 ||
		       (call->call_flags & PIDFDTRACE_CALL_RETURN_UNTRACED);
	pidfdtrace_emit(&call->hdr, &match);
	rcu_read_unlock();
	this_cpu_inc(syscall_counters.calls);
}
NOKPROBE_SYMBOL(pidfdtrace_call_emit);

static int pidfdtrace_call_return(struct kretprobe_instance *ri,
				  struct pt_regs *regs)
{
	struct pidfdtrace_call_ctx *ctx = (void *)ri->data;
	struct pidfdtrace_call *call = &ctx->rec;

	if (!pidfdtrace_cut(PIDFDTRACE_CUT_CALLS))
		pidfdtrace_calls_remove(ctx);
	call->ret = regs_return_value(regs);
	if (!pidfdtrace_cut(PIDFDTRACE_CUT_CLOCK))
		call->duration_ns = ktime_get_mono_fast_ns() -
				    call->hdr.time_ns;

	/* With a signal generated, the siginfo is the kernel's already. */
	if (call->siginfo_state == PIDFDTRACE_SIGINFO_NONE && call->info) {
		/* The syscall's only EFAULT is its siginfo copy. */
		if (call->ret == -EFAULT)
			call->siginfo_state = PIDFDTRACE_SIGINFO_UNREADABLE;
		else
			pidfdtrace_read_user_siginfo(call);
	}

	pidfdtrace_call_emit(ctx);
	pidfdtrace_calls_put_target(ctx);
	return 0;
}
NOKPROBE_SYMBOL(pidfdtrace_call_return);

/*
 * Runs after the kretprobe's entry handler, which ran unless the pool was
 * empty: then the call is recorded from its entry, as far as it goes.
 */
static void pidfdtrace_call_entered(struct kprobe *p, struct pt_regs *regs,
				    unsigned long flags)
{
	struct pidfdtrace_call_ctx *ctx = this_cpu_xchg(pidfdtrace_entered, NULL);
	struct pidfdtrace_call_ctx untraced;

	this_cpu_inc(syscall_counters.hits);
	pidfdtrace_report_missed(pidfdtrace_syscall_missed());
	/* An instance recycled since is another thread's or not in flight. */
	if (ctx && ctx->task == current && ctx->in_flight)
		return;

	pidfdtrace_call_start(&untraced, regs);
	untraced.rec.call_flags = PIDFDTRACE_CALL_RETURN_UNTRACED;
	if (untraced.rec.info) {
		unsigned long missed = READ_ONCE(p->nmissed);

		pidfdtrace_read_user_siginfo(&untraced.rec);
		if (PIDFDTRACE_HANDLER_FAULT_IS_MISS)
			atomic64_add(READ_ONCE(p->nmissed) - missed,
				     &pidfdtrace_own_faults);
	}
	pidfdtrace_call_emit(&untraced);
	this_cpu_inc(syscall_counters.from_entry);
}
NOKPROBE_SYMBOL(pidfdtrace_call_entered);

void pidfdtrace_syscall_detach(void)
{
	struct pidfdtrace_syscall_probe *p;

	while (nr_syscall_probes) {
		p = &syscall_probes[--nr_syscall_probes];
		unregister_kprobe(&p->entry);
		unregister_kretprobe(&p->call);
	}
}

static int pidfdtrace_syscall_attach_one(struct pidfdtrace_syscall_probe *p,
					 int maxactive)
{
	int ret;

	p->entry = (struct kprobe) {
		.symbol_name	= p->symbol,
		.flags		= KPROBE_FLAG_DISABLED,
		.post_handler	= pidfdtrace_call_entered,
	};
	p->call = (struct kretprobe) {
		.kp.symbol_name	= p->symbol,
		.kp.flags	= KPROBE_FLAG_DISABLED,
		.entry_handler	= pidfdtrace_call_entry,
		.handler	= pidfdtrace_call_return,
		.data_size	= sizeof(struct pidfdtrace_call_ctx),
		.maxactive	= maxactive,
	};
	ret = register_kprobe(&p->entry);
	if (ret)
		return ret;
	ret = register_kretprobe(&p->call);
	if (ret)
		unregister_kprobe(&p->entry);
	return ret;
}

static bool pidfdtrace_is_wrapper(const char *symbol)
{
	return str_has_prefix(symbol, PIDFDTRACE_SYSCALL_WRAPPER_PREFIX) ||
	       str_has_prefix(symbol, PIDFDTRACE_SYSCALL_COMPAT_WRAPPER_PREFIX);
}

/*
 * Splits @set, "sym[,sym]", into the probes' symbols; returns how many, or
 * -EINVAL when it mixes arch wrappers and the body, whose arguments are
 * found differently.
 */
int pidfdtrace_syscall_parse(const char *set)
{
	const char *name = set, *comma;
	unsigned int wrappers = 0, n = 0;

	for (; *name; name = *comma ? comma + 1 : comma, n++) {
		comma = strchrnul(name, ',');
		if (n == SYSCALL_PROBES_MAX)
			return -E2BIG;
		strscpy(syscall_probes[n].symbol, name,
			min_t(size_t, comma - name + 1, KSYM_NAME_LEN));
		wrappers += pidfdtrace_is_wrapper(syscall_probes[n].symbol);
	}
	if (wrappers && wrappers != n)
		return -EINVAL;
	syscall_probes_on_wrappers = wrappers;
	return n;
}

/* Probes every symbol of @set: all or none. */
int pidfdtrace_syscall_attach(const char *set, int maxactive)
{
	int n = pidfdtrace_syscall_parse(set), ret = 0;

	if (n < 0)
		return n;
	while (nr_syscall_probes < n && !ret) {
		ret = pidfdtrace_syscall_attach_one(&syscall_probes[nr_syscall_probes],
						    maxactive);
		if (!ret)
			nr_syscall_probes++;
	}
	if (ret)
		pidfdtrace_syscall_detach();
	return ret;
}

/*
 * The kretprobes first: a plain probe armed alone would take every call
 * for one whose return is not hooked.
 */
int pidfdtrace_syscall_arm(void)
{
	unsigned int i;
	int ret = 0;

	for (i = 0; i < nr_syscall_probes && !ret; i++)
		ret = enable_kretprobe(&syscall_probes[i].call);
	for (i = 0; i < nr_syscall_probes && !ret; i++)
		ret = enable_kprobe(&syscall_probes[i].entry);
	if (ret)
		pidfdtrace_syscall_disarm();
	return ret;
}

/* Calls in flight still return through their hooks. */
void pidfdtrace_syscall_disarm(void)
{
	unsigned int i;

	for (i = 0; i < nr_syscall_probes; i++)
		disable_kprobe(&syscall_probes[i].entry);
	for (i = 0; i < nr_syscall_probes; i++)
		disable_kretprobe(&syscall_probes[i].call);
}

/*
 * Recursion skips every probe on a symbol at once, and counts itself in
 * each: the plain probe's count is the calls nothing traced.
 */
u64 pidfdtrace_syscall_missed(void)
{
	unsigned int i;
	u64 missed = 0;

	for (i = 0; i < nr_syscall_probes; i++)
		missed += READ_ONCE(syscall_probes[i].entry.nmissed);
	return missed - atomic64_read(&pidfdtrace_own_faults);
}
NOKPROBE_SYMBOL(pidfdtrace_syscall_missed);

void pidfdtrace_syscall_stats(struct pidfdtrace_stats *stats)
{
	unsigned int i;
	size_t len = 0;
	int cpu;

	for_each_possible_cpu(cpu) {
		const struct pidfdtrace_syscall_counters *c =
			per_cpu_ptr(&syscall_counters, cpu);

		stats->syscall_hits += READ_ONCE(c->hits);
		stats->calls += READ_ONCE(c->calls);
		stats->returns_missed += READ_ONCE(c->from_entry);
	}
	stats->calls_missed = pidfdtrace_syscall_missed();
	for (i = 0; i < nr_syscall_probes; i++)
		len += scnprintf(stats->syscall_symbol + len,
				 sizeof(stats->syscall_symbol) - len, "%s%s",
				 i ? "," : "", syscall_probes[i].symbol);
	stats->maxactive = nr_syscall_probes ? syscall_probes[0].call.maxactive : 0;
}
