// SPDX-License-Identifier: GPL-2.0
/*
 * Probes: a kretprobe on pidfd_send_signal(2) and one on the function
 * every signal passes through on its way to a task.
 *
 * The syscall probe fills a call record at entry (arguments, sender, the
 * process the fd names) and finishes it at return (return value, duration,
 * siginfo). The signal probe makes a delivery record for each signal the
 * kernel generates inside a traced call, linked to the call by the call's
 * sequence number; it finds the call through current's list of hooked
 * returns. Every other signal on the system leaves at the first check.
 *
 * Probe points are picked per kernel from a list of candidates, the first
 * one that registers wins; a module parameter replaces the list with one
 * symbol.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/kprobes.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/pid_namespace.h>
#include <linux/sched/signal.h>
#include <linux/sched/task_stack.h>
#include <linux/signal.h>
#include <linux/string.h>
#include <linux/ktime.h>

#include "compat.h"
#include "internal.h"

static char *syscall_symbol;
module_param(syscall_symbol, charp, 0444);
MODULE_PARM_DESC(syscall_symbol,
		 "Function to probe for pidfd_send_signal (default: "
		 PIDFDTRACE_SYSCALL_BODY ", else " PIDFDTRACE_SYSCALL_WRAPPER ")");

static char *signal_symbol;
module_param(signal_symbol, charp, 0444);
MODULE_PARM_DESC(signal_symbol,
		 "Function to probe for signal generation (default: "
		 PIDFDTRACE_SIGNAL_FUNC ", else " PIDFDTRACE_SIGNAL_FUNC_OLD ")");

static int maxactive;
module_param(maxactive, int, 0444);
MODULE_PARM_DESC(maxactive,
		 "Calls traced at once before some are missed (default: max(64, 8 * possible CPUs))");

/* A traced call from entry to return: the syscall kretprobe's instance data. */
struct pidfdtrace_call_ctx {
	struct pidfdtrace_call rec;
	struct pidfdtrace_match match;
};

/* A signal being generated for a traced call: the signal probe's data. */
struct pidfdtrace_signal_ctx {
	struct pidfdtrace_call_ctx *call;
	struct task_struct *task;
	int sig;
	int si_code;
	enum pid_type type;
	bool was_pending;
};

struct pidfdtrace_counters {
	u64 syscall_hits;
	u64 signal_hits;
	u64 calls;
	u64 deliveries;
};

static DEFINE_PER_CPU(struct pidfdtrace_counters, pidfdtrace_counters);

/* Numbers every call and delivery record, across CPUs and readers. */
static atomic64_t pidfdtrace_seq = ATOMIC64_INIT(0);

static struct kretprobe syscall_probe;
static struct kretprobe signal_probe;

/*
 * True when the syscall probe sits on the arch wrapper, whose arguments are
 * behind a struct pt_regs pointer. Set before the probe is registered.
 */
static bool syscall_probe_on_wrapper;

static int pidfdtrace_syscall_entry(struct kretprobe_instance *ri,
				    struct pt_regs *regs)
{
	struct pidfdtrace_call_ctx *ctx = (void *)ri->data;
	struct pidfdtrace_call *call = &ctx->rec;
	bool wrapper = syscall_probe_on_wrapper;

	this_cpu_inc(pidfdtrace_counters.syscall_hits);
	if (!static_branch_unlikely(&pidfdtrace_have_readers))
		return 1;

	/* Padding included: the record goes to userspace as it is. */
	memset(call, 0, sizeof(*call));
	call->hdr.type = PIDFDTRACE_RECORD_CALL;
	call->hdr.size = sizeof(*call);
	call->hdr.seq = atomic64_inc_return(&pidfdtrace_seq);
	call->hdr.time_ns = ktime_get_mono_fast_ns();
	call->pidfd = pidfdtrace_syscall_arg(regs, wrapper, 0);
	call->sig = pidfdtrace_syscall_arg(regs, wrapper, 1);
	call->info = pidfdtrace_syscall_arg(regs, wrapper, 2);
	call->flags = pidfdtrace_syscall_arg(regs, wrapper, 3);

	pidfdtrace_resolve_sender(call);
	pidfdtrace_resolve_fd(call);

	ctx->match = (struct pidfdtrace_match) {
		.sender_tgid	= call->sender.tgid,
		.target_tgid	= call->target.tgid,
		.sig		= call->sig,
	};
	return 0;
}
NOKPROBE_SYMBOL(pidfdtrace_syscall_entry);

static int pidfdtrace_syscall_return(struct kretprobe_instance *ri,
				     struct pt_regs *regs)
{
	struct pidfdtrace_call_ctx *ctx = (void *)ri->data;
	struct pidfdtrace_call *call = &ctx->rec;

	call->ret = regs_return_value(regs);
	call->duration_ns = ktime_get_mono_fast_ns() - call->hdr.time_ns;
	call->hdr.cpu = raw_smp_processor_id();
	pidfdtrace_read_siginfo(call);

	ctx->match.failed = call->ret < 0;
	pidfdtrace_emit(&call->hdr, &ctx->match);
	this_cpu_inc(pidfdtrace_counters.calls);
	return 0;
}
NOKPROBE_SYMBOL(pidfdtrace_syscall_return);

static struct sigpending *pidfdtrace_pending(struct task_struct *t,
					     enum pid_type type)
{
	/* Where __send_signal_locked() queues it. */
	return type != PIDTYPE_PID ? &t->signal->shared_pending : &t->pending;
}

static int pidfdtrace_signal_entry(struct kretprobe_instance *ri,
				   struct pt_regs *regs)
{
	struct pidfdtrace_signal_ctx *ctx = (void *)ri->data;
	struct pidfdtrace_call_ctx *call;
	struct kernel_siginfo *info;
	int sig;

	this_cpu_inc(pidfdtrace_counters.signal_hits);
	if (!static_branch_unlikely(&pidfdtrace_have_readers))
		return 1;
	call = pidfdtrace_kretprobe_current_data(&syscall_probe);
	if (!call)
		return 1;

	/*
	 * current is inside a traced call. The call's signal has its siginfo
	 * on current's stack; one sent from an interrupt that hit the call
	 * has not, nor have SEND_SIG_NOINFO and SEND_SIG_PRIV, which must never
	 * be dereferenced.
	 */
	sig = regs_get_kernel_argument(regs, 0);
	info = (struct kernel_siginfo *)regs_get_kernel_argument(regs, 1);
	if (sig != call->rec.sig || !object_is_on_stack(info))
		return 1;

	ctx->call = call;
	ctx->sig = sig;
	ctx->si_code = info->si_code;
	ctx->task = (struct task_struct *)regs_get_kernel_argument(regs, 2);
	ctx->type = regs_get_kernel_argument(regs, 3);
	/* siglock is held from here to our return handler. */
	ctx->was_pending = sigismember(&pidfdtrace_pending(ctx->task, ctx->type)->signal,
				       sig);
	return 0;
}
NOKPROBE_SYMBOL(pidfdtrace_signal_entry);

static int pidfdtrace_signal_return(struct kretprobe_instance *ri,
				    struct pt_regs *regs)
{
	struct pidfdtrace_signal_ctx *ctx = (void *)ri->data;
	struct pidfdtrace_match match = ctx->call->match;
	struct pidfdtrace_delivery rec;
	bool pending;

	memset(&rec, 0, sizeof(rec));
	rec.hdr.type = PIDFDTRACE_RECORD_DELIVERY;
	rec.hdr.size = sizeof(rec);
	rec.hdr.cpu = raw_smp_processor_id();
	rec.hdr.seq = atomic64_inc_return(&pidfdtrace_seq);
	rec.hdr.time_ns = ktime_get_mono_fast_ns();
	rec.call_seq = ctx->call->rec.hdr.seq;
	pidfdtrace_fill_task(&rec.target, ctx->task,
			     task_active_pid_ns(current));
	rec.sig = ctx->sig;
	rec.si_code = ctx->si_code;
	rec.scope = ctx->type;
	rec.ret = regs_return_value(regs);

	/* The signal_generate tracepoint's result, from the pending set. */
	pending = sigismember(&pidfdtrace_pending(ctx->task, ctx->type)->signal,
			      ctx->sig);
	if (rec.ret < 0)
		rec.outcome = PIDFDTRACE_OUTCOME_OVERFLOW;
	else if (!pending)
		rec.outcome = PIDFDTRACE_OUTCOME_IGNORED;
	else if (ctx->was_pending && ctx->sig < SIGRTMIN)
		rec.outcome = PIDFDTRACE_OUTCOME_ALREADY_PENDING;
	else
		rec.outcome = PIDFDTRACE_OUTCOME_QUEUED;

	match.delivery = true;
	pidfdtrace_emit(&rec.hdr, &match);
	this_cpu_inc(pidfdtrace_counters.deliveries);
	return 0;
}
NOKPROBE_SYMBOL(pidfdtrace_signal_return);

static int pidfdtrace_maxactive(void)
{
	/* Calls can sleep in the syscall, signals on PREEMPT_RT's siglock. */
	return maxactive > 0 ? maxactive :
			       max_t(int, 64, 8 * num_possible_cpus());
}

static int pidfdtrace_attach_syscall(const char *symbol)
{
	syscall_probe = (struct kretprobe) {
		.kp.symbol_name	= symbol,
		.entry_handler	= pidfdtrace_syscall_entry,
		.handler	= pidfdtrace_syscall_return,
		.data_size	= sizeof(struct pidfdtrace_call_ctx),
		.maxactive	= pidfdtrace_maxactive(),
	};
	syscall_probe_on_wrapper =
		str_has_prefix(symbol, PIDFDTRACE_SYSCALL_WRAPPER_PREFIX);
	return register_kretprobe(&syscall_probe);
}

static int pidfdtrace_attach_signal(const char *symbol)
{
	signal_probe = (struct kretprobe) {
		.kp.symbol_name	= symbol,
		.entry_handler	= pidfdtrace_signal_entry,
		.handler	= pidfdtrace_signal_return,
		.data_size	= sizeof(struct pidfdtrace_signal_ctx),
		.maxactive	= pidfdtrace_maxactive(),
	};
	return register_kretprobe(&signal_probe);
}

static const char *const syscall_symbols[] = {
	PIDFDTRACE_SYSCALL_BODY, PIDFDTRACE_SYSCALL_WRAPPER,
};

static const char *const signal_symbols[] = {
	PIDFDTRACE_SIGNAL_FUNC, PIDFDTRACE_SIGNAL_FUNC_OLD,
};

/*
 * Attaches to @override if set, else to the first of the @n @symbols that
 * @attach accepts. When none does, logs one line naming each symbol tried
 * and its error, and returns the last error.
 */
static int pidfdtrace_attach_first(const char *what, const char *override,
				   const char *const *symbols, size_t n,
				   int (*attach)(const char *symbol))
{
	char tried[256] = "";
	size_t i, len = 0;
	int ret = -ENOENT;

	if (override) {
		symbols = &override;
		n = 1;
	}
	for (i = 0; i < n; i++) {
		ret = attach(symbols[i]);
		if (!ret)
			return 0;
		len += scnprintf(tried + len, sizeof(tried) - len, "%s%s (%d)",
				 i ? ", " : "", symbols[i], ret);
	}
	pr_err("cannot probe %s: tried %s\n", what, tried);
	return ret;
}

int pidfdtrace_probes_register(void)
{
	int ret;

	ret = pidfdtrace_attach_first("pidfd_send_signal", syscall_symbol,
				      syscall_symbols,
				      ARRAY_SIZE(syscall_symbols),
				      pidfdtrace_attach_syscall);
	if (ret)
		return ret;

	ret = pidfdtrace_attach_first("signal generation", signal_symbol,
				      signal_symbols,
				      ARRAY_SIZE(signal_symbols),
				      pidfdtrace_attach_signal);
	if (ret)
		goto out_unregister_syscall;

	pr_info("probing %s (pidfd_send_signal%s) and %s (signal generation)\n",
		syscall_probe.kp.symbol_name,
		syscall_probe_on_wrapper ? ", arch wrapper" : "",
		signal_probe.kp.symbol_name);
	return 0;

out_unregister_syscall:
	unregister_kretprobe(&syscall_probe);
	return ret;
}

/* A miss is a call or a signal that was not traced: never hide it. */
static u64 pidfdtrace_missed(const struct kretprobe *rp)
{
	return (u64)rp->nmissed + rp->kp.nmissed;
}

void pidfdtrace_probes_unregister(void)
{
	unregister_kretprobe(&signal_probe);
	unregister_kretprobe(&syscall_probe);

	pr_info("detached; missed %llu calls at %s and %llu signals at %s\n",
		pidfdtrace_missed(&syscall_probe), syscall_probe.kp.symbol_name,
		pidfdtrace_missed(&signal_probe), signal_probe.kp.symbol_name);
}

void pidfdtrace_probes_stats(struct pidfdtrace_stats *stats)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		const struct pidfdtrace_counters *c =
			per_cpu_ptr(&pidfdtrace_counters, cpu);

		stats->syscall_hits += READ_ONCE(c->syscall_hits);
		stats->signal_hits += READ_ONCE(c->signal_hits);
		stats->calls += READ_ONCE(c->calls);
		stats->deliveries += READ_ONCE(c->deliveries);
	}
	stats->syscall_missed = pidfdtrace_missed(&syscall_probe);
	stats->signal_missed = pidfdtrace_missed(&signal_probe);
	strscpy(stats->syscall_symbol, syscall_probe.kp.symbol_name,
		sizeof(stats->syscall_symbol));
	strscpy(stats->signal_symbol, signal_probe.kp.symbol_name,
		sizeof(stats->signal_symbol));
}
