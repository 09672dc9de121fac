// SPDX-License-Identifier: GPL-2.0
/*
 * Delivery records: the signals a traced call made the kernel generate.
 *
 * The kernel's signal_generate tracepoint fires once for every signal it
 * generates, under the target's siglock, with the target, the siginfo it
 * will queue and the result: delivered, ignored, already pending, overflow
 * or lose-info. A core tracepoint is not exported to modules, but it can
 * be found by name and probed. Its probe makes a delivery record for each
 * signal generated in task context by a thread inside a traced call (the
 * calls in flight know which), with the call's signal and its siginfo;
 * every other signal on the system leaves at the first check. The call's
 * first signal also tells the call which target and which siginfo the
 * kernel used.
 *
 * What prepare_signal() did before the tracepoint is seen by a probe on
 * flush_sigqueue_mask(), which it calls for stop signals and SIGCONT only,
 * first on the target process's shared queue, under the same siglock and
 * before it changes the process's stop state: which pending signals it
 * discarded, and whether a SIGCONT found the process stopped or stopping.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cgroup.h>
#include <linux/cred.h>
#include <linux/kprobes.h>
#include <linux/ktime.h>
#include <linux/percpu.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/sched/task_stack.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <trace/events/signal.h>

#include "compat.h"
#include "internal.h"

static struct tracepoint *signal_generate_tp;
static struct kprobe flush_probe;

struct pidfdtrace_generate_counters {
	u64 hits;		/* signals generated on the system */
	u64 deliveries;		/* delivery records made */
};

static DEFINE_PER_CPU(struct pidfdtrace_generate_counters, generate_counters);

/*
 * The call's target is what its first signal went to: the task itself, or
 * for a process group, the process whose pid numbers the group (the kernel
 * holds tasklist_lock over the group, so the task's group is the one it
 * signals).
 */
static void pidfdtrace_target_from(struct pidfdtrace_call_ctx *ctx,
				   struct task_struct *t, u16 scope)
{
	struct pidfdtrace_call *call = &ctx->rec;
	struct task_struct *task;

	task = pidfdtrace_fill_target(call,
				      scope == PIDFDTRACE_SCOPE_PROCESS_GROUP ?
				      task_pgrp(t) : task_pid(t),
				      scope == PIDFDTRACE_SCOPE_THREAD, ctx->ns);
	call->target_source = PIDFDTRACE_SOURCE_KERNEL;
	if (task) {
		ctx->target_cgroup = task_dfl_cgroup(task);
		cgroup_get(ctx->target_cgroup);
	}
}
NOKPROBE_SYMBOL(pidfdtrace_target_from);

/*
 * What else the kernel did or saw, siglock held. A group exit the kernel
 * found makes prepare_signal() drop the signal, but for SIGKILL during a
 * core dump; one it finds after queueing a signal, that signal began
 * (complete_signal()).
 */
static u32 pidfdtrace_effects(struct pidfdtrace_call_ctx *ctx,
			      struct task_struct *t, int result, u64 *discarded)
{
	struct pid_namespace *t_ns = task_active_pid_ns(t);
	bool queued = result == TRACE_SIGNAL_DELIVERED ||
		      result == TRACE_SIGNAL_LOSE_INFO;
	u32 effects = 0;

	if (t->signal->flags & SIGNAL_GROUP_EXIT) {
		if (queued && !pidfdtrace_core_dumping(t))
			effects |= PIDFDTRACE_EFFECT_KILLED;
		else
			effects |= PIDFDTRACE_EFFECT_TARGET_EXITING;
	}
	if (t->flags & PF_EXITING)
		effects |= PIDFDTRACE_EFFECT_TARGET_EXITING;
	/* What the flush probe saw applies if it saw this target. */
	if (ctx->flushed == t->signal) {
		effects |= ctx->flush_effects;
		*discarded = ctx->discarded;
		if (*discarded)
			effects |= PIDFDTRACE_EFFECT_DISCARDED;
	}
	ctx->flushed = NULL;
	ctx->flush_effects = 0;
	ctx->discarded = 0;
	/* send_signal_locked()'s tests for rewriting si_uid and si_pid. */
	if (current_user_ns() != task_cred_xxx(t, user_ns) ||
	    !t_ns || !task_pid_nr_ns(current, t_ns))
		effects |= PIDFDTRACE_EFFECT_CROSS_NAMESPACE;
	return effects;
}
NOKPROBE_SYMBOL(pidfdtrace_effects);

static void pidfdtrace_signal_generate(PIDFDTRACE_SIGNAL_TRACEPOINT_PROTO)
{
	struct pidfdtrace_match match = {};
	struct pidfdtrace_call_ctx *ctx;
	struct pidfdtrace_delivery rec;
	struct cgroup *cgroup;

	this_cpu_inc(generate_counters.hits);
	/* Not from an interrupt that hit the call: only the call's thread. */
	if (!in_task() || !pidfdtrace_in_syscall())
		return;
	ctx = pidfdtrace_calls_find(current);
	/*
	 * The call's signals carry its siginfo, on the caller's stack; a
	 * signal the kernel sends of its own accord meanwhile (an OOM kill:
	 * SEND_SIG_PRIV) does not.
	 */
	if (!ctx || sig != ctx->rec.sig || !object_is_on_stack(info) ||
	    (ctx->kinfo && ctx->kinfo != info))
		return;

	/* Padding included: the record goes to userspace as it is. */
	memset(&rec, 0, sizeof(rec));
	rec.hdr.type = PIDFDTRACE_RECORD_DELIVERY;
	rec.hdr.size = sizeof(rec);
	rec.hdr.cpu = raw_smp_processor_id();
	rec.hdr.seq = pidfdtrace_next_seq();
	rec.hdr.time_ns = ktime_get_mono_fast_ns();
	rec.call_seq = ctx->rec.hdr.seq;
	/* The call's place after its deliveries when CPUs are merged. */
	ctx->rec.last_seq = rec.hdr.seq;
	rec.sender_pid = task_pid_nr(current);
	rec.sender_tgid = task_tgid_nr(current);
	rec.sig = sig;
	/* group: type != PIDTYPE_PID; a group of processes only on request. */
	rec.scope = !group ? PIDFDTRACE_SCOPE_THREAD :
		    ctx->rec.flags & PIDFD_SIGNAL_PROCESS_GROUP ?
		    PIDFDTRACE_SCOPE_PROCESS_GROUP : PIDFDTRACE_SCOPE_PROCESS;
	/* The kernel's result, value for value: the ABI promises it. */
	BUILD_BUG_ON(PIDFDTRACE_OUTCOME_DELIVERED != (int)TRACE_SIGNAL_DELIVERED ||
		     PIDFDTRACE_OUTCOME_IGNORED != (int)TRACE_SIGNAL_IGNORED ||
		     PIDFDTRACE_OUTCOME_ALREADY_PENDING !=
		     (int)TRACE_SIGNAL_ALREADY_PENDING ||
		     PIDFDTRACE_OUTCOME_OVERFLOW_FAIL !=
		     (int)TRACE_SIGNAL_OVERFLOW_FAIL ||
		     PIDFDTRACE_OUTCOME_LOSE_INFO != (int)TRACE_SIGNAL_LOSE_INFO);
	rec.outcome = result;
	pidfdtrace_fill_siginfo(&rec.siginfo, info);

	rcu_read_lock();
	pidfdtrace_fill_task(&rec.target, task, ctx->ns);
	cgroup = task_dfl_cgroup(task);
	rec.target_cgroup = cgroup_id(cgroup);
	rec.effects = pidfdtrace_effects(ctx, task, result, &rec.discarded);

	if (!ctx->kinfo) {
		ctx->kinfo = info;
		pidfdtrace_target_from(ctx, task, rec.scope);
		if (ctx->rec.info) {
			ctx->rec.siginfo = rec.siginfo;
			ctx->rec.siginfo_state = PIDFDTRACE_SIGINFO_KERNEL;
		}
	}
	ctx->rec.deliveries++;

	pidfdtrace_match_sender(&match, &ctx->rec);
	match.target_tgid = rec.target.tgid;
	match.target_cgroup = cgroup;
	match.delivery = true;
	pidfdtrace_emit(&rec.hdr, &match);
	rcu_read_unlock();
	this_cpu_inc(generate_counters.deliveries);
}
NOKPROBE_SYMBOL(pidfdtrace_signal_generate);

static int pidfdtrace_flush_entry(struct kprobe *kp, struct pt_regs *regs)
{
	struct pidfdtrace_call_ctx *ctx;
	struct task_struct *p;
	const sigset_t *mask;
	struct sigpending *s;

	if (!in_task() || !pidfdtrace_in_syscall())
		return 0;
	ctx = pidfdtrace_calls_find(current);
	if (!ctx)
		return 0;

	pidfdtrace_flush_args(regs, &p, &mask, &s);
	if (!ctx->flushed) {
		/*
		 * prepare_signal()'s first flush is of the process's shared
		 * queue: where the kernel does not say whose, that says it.
		 */
		struct signal_struct *signal = p ? p->signal :
			container_of(s, struct signal_struct, shared_pending);

		ctx->flushed = signal;
		/* What makes prepare_signal() report CLD_CONTINUED or not. */
		if (ctx->rec.sig == SIGCONT) {
			if (signal->flags & SIGNAL_STOP_STOPPED)
				ctx->flush_effects |= PIDFDTRACE_EFFECT_RESUMED;
			else if (signal->group_stop_count)
				ctx->flush_effects |= PIDFDTRACE_EFFECT_STOP_CANCELLED;
		}
	}
	ctx->discarded |= pidfdtrace_sigset_u64(mask) &
			  pidfdtrace_sigset_u64(&s->signal);
	return 0;
}
NOKPROBE_SYMBOL(pidfdtrace_flush_entry);

static void pidfdtrace_find_tracepoint(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, PIDFDTRACE_SIGNAL_TRACEPOINT))
		*(struct tracepoint **)priv = tp;
}

int pidfdtrace_generate_attach(void)
{
	int ret;

	for_each_kernel_tracepoint(pidfdtrace_find_tracepoint,
				   &signal_generate_tp);
	if (!signal_generate_tp) {
		pr_err("cannot find tracepoint signal:%s\n",
		       PIDFDTRACE_SIGNAL_TRACEPOINT);
		return -ENOENT;
	}

	flush_probe = (struct kprobe) {
		.symbol_name	= PIDFDTRACE_FLUSH_FUNC,
		.flags		= KPROBE_FLAG_DISABLED,
		.pre_handler	= pidfdtrace_flush_entry,
	};
	ret = register_kprobe(&flush_probe);
	if (ret)
		pr_err("cannot probe %s (%d)\n", PIDFDTRACE_FLUSH_FUNC, ret);
	return ret;
}

void pidfdtrace_generate_detach(void)
{
	unregister_kprobe(&flush_probe);
}

int pidfdtrace_generate_arm(void)
{
	int ret;

	ret = tracepoint_probe_register(signal_generate_tp,
					(void *)pidfdtrace_signal_generate, NULL);
	if (ret)
		return ret;
	ret = enable_kprobe(&flush_probe);
	if (ret)
		pidfdtrace_generate_disarm();
	return ret;
}

/* Sleeps until no handler runs any more. */
void pidfdtrace_generate_disarm(void)
{
	disable_kprobe(&flush_probe);
	tracepoint_probe_unregister(signal_generate_tp,
				    (void *)pidfdtrace_signal_generate, NULL);
	tracepoint_synchronize_unregister();
}

void pidfdtrace_generate_stats(struct pidfdtrace_stats *stats)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		const struct pidfdtrace_generate_counters *c =
			per_cpu_ptr(&generate_counters, cpu);

		stats->signal_hits += READ_ONCE(c->hits);
		stats->deliveries += READ_ONCE(c->deliveries);
	}
	snprintf(stats->signal_symbol, sizeof(stats->signal_symbol),
		 "signal:%s,%s", PIDFDTRACE_SIGNAL_TRACEPOINT,
		 PIDFDTRACE_FLUSH_FUNC);
}
