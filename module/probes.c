// SPDX-License-Identifier: GPL-2.0
/*
 * Probes: kretprobes on pidfd_send_signal(2) and on the function every
 * signal passes through on its way to a task.
 *
 * The syscall probe fills a call record at entry (arguments, sender, the
 * process the fd names) and finishes it at return (return value, duration,
 * siginfo). The signal probe makes a delivery record for each signal the
 * kernel generates inside a traced call, linked to the call by the call's
 * sequence number; it finds the call through current's list of hooked
 * returns. Every other signal on the system leaves at the first check.
 *
 * Both probes are registered disarmed and armed only while someone reads:
 * with the module loaded and no reader, the system runs as if untraced.
 *
 * Probe points are picked per kernel from a list of candidates, the first
 * that registers wins; a module parameter replaces the list. A candidate
 * for the syscall is a set of symbols, all probed: the arch wrappers, one
 * per syscall ABI (their fentry makes a cheap ftrace-based probe), else the
 * syscall body every ABI shares (notrace, so a costlier optimized kprobe).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/ktime.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/pid_namespace.h>
#include <linux/sched/signal.h>
#include <linux/sched/task_stack.h>
#include <linux/signal.h>
#include <linux/string.h>

#include "compat.h"
#include "internal.h"

static char *syscall_symbol;
module_param(syscall_symbol, charp, 0444);
MODULE_PARM_DESC(syscall_symbol,
		 "Functions to probe for pidfd_send_signal, comma-separated (default: "
		 PIDFDTRACE_SYSCALL_WRAPPERS ", else " PIDFDTRACE_SYSCALL_BODY ")");

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
	/* The sender's, for every pid in the call's records. */
	struct pid_namespace *ns;
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

#define SYSCALL_PROBES_MAX 2
static struct kretprobe syscall_probes[SYSCALL_PROBES_MAX];
static char syscall_probe_names[SYSCALL_PROBES_MAX][KSYM_NAME_LEN];
static unsigned int nr_syscall_probes;
/* The symbols probed for the syscall, as the stats ioctl reports them. */
static char syscall_probe_set[128];
static struct kretprobe signal_probe;

/*
 * True when the syscall probes sit on arch wrappers, whose arguments are
 * behind a struct pt_regs pointer. Set before they are registered.
 */
static bool syscall_probes_on_wrappers;

static int pidfdtrace_syscall_entry(struct kretprobe_instance *ri,
				    struct pt_regs *regs)
{
	struct pidfdtrace_call_ctx *ctx = (void *)ri->data;
	struct pidfdtrace_call *call = &ctx->rec;
	unsigned long args[6];

	this_cpu_inc(pidfdtrace_counters.syscall_hits);

	/* Padding included: the record goes to userspace as it is. */
	memset(call, 0, sizeof(*call));
	call->hdr.type = PIDFDTRACE_RECORD_CALL;
	call->hdr.size = sizeof(*call);
	call->hdr.seq = atomic64_inc_return(&pidfdtrace_seq);
	call->hdr.time_ns = ktime_get_mono_fast_ns();
	pidfdtrace_syscall_args(regs, syscall_probes_on_wrappers, args);
	call->pidfd = args[0];
	call->sig = args[1];
	call->info = args[2];
	call->flags = args[3];

	ctx->ns = task_active_pid_ns(current);
	rcu_read_lock();
	pidfdtrace_resolve_sender(call, ctx->ns);
	pidfdtrace_resolve_fd(call, ctx->ns);
	rcu_read_unlock();

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
	call = pidfdtrace_kretprobe_current_data(syscall_probes,
						 nr_syscall_probes);
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
	rcu_read_lock();
	pidfdtrace_fill_task(&rec.target, ctx->task, ctx->call->ns);
	rcu_read_unlock();
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

static void pidfdtrace_detach_syscall(void)
{
	while (nr_syscall_probes)
		unregister_kretprobe(&syscall_probes[--nr_syscall_probes]);
}

/* Probes every symbol of @set, "sym[,sym]": all or none. */
static int pidfdtrace_attach_syscall(const char *set)
{
	const char *name = set, *comma;
	int ret = 0;

	syscall_probes_on_wrappers =
		str_has_prefix(set, PIDFDTRACE_SYSCALL_WRAPPER_PREFIX) ||
		str_has_prefix(set, PIDFDTRACE_SYSCALL_COMPAT_WRAPPER_PREFIX);
	while (*name && !ret) {
		char *sym = syscall_probe_names[nr_syscall_probes];

		if (nr_syscall_probes == SYSCALL_PROBES_MAX) {
			ret = -E2BIG;
			break;
		}
		comma = strchrnul(name, ',');
		strscpy(sym, name, min_t(size_t, comma - name + 1, KSYM_NAME_LEN));
		name = *comma ? comma + 1 : comma;

		syscall_probes[nr_syscall_probes] = (struct kretprobe) {
			.kp.symbol_name	= sym,
			.kp.flags	= KPROBE_FLAG_DISABLED,
			.entry_handler	= pidfdtrace_syscall_entry,
			.handler	= pidfdtrace_syscall_return,
			.data_size	= sizeof(struct pidfdtrace_call_ctx),
			.maxactive	= pidfdtrace_maxactive(),
		};
		ret = register_kretprobe(&syscall_probes[nr_syscall_probes]);
		if (!ret)
			nr_syscall_probes++;
	}
	if (ret)
		pidfdtrace_detach_syscall();
	else
		strscpy(syscall_probe_set, set, sizeof(syscall_probe_set));
	return ret;
}

static int pidfdtrace_attach_signal(const char *symbol)
{
	signal_probe = (struct kretprobe) {
		.kp.symbol_name	= symbol,
		.kp.flags	= KPROBE_FLAG_DISABLED,
		.entry_handler	= pidfdtrace_signal_entry,
		.handler	= pidfdtrace_signal_return,
		.data_size	= sizeof(struct pidfdtrace_signal_ctx),
		.maxactive	= pidfdtrace_maxactive(),
	};
	return register_kretprobe(&signal_probe);
}

static const char *const syscall_candidates[] = {
	PIDFDTRACE_SYSCALL_WRAPPERS, PIDFDTRACE_SYSCALL_BODY,
};

static const char *const signal_candidates[] = {
	PIDFDTRACE_SIGNAL_FUNC, PIDFDTRACE_SIGNAL_FUNC_OLD,
};

/*
 * Attaches to @override if set, else to the first of the @n @candidates
 * that @attach accepts. When none does, logs one line naming each
 * candidate tried and its error, and returns the last error.
 */
static int pidfdtrace_attach_first(const char *what, const char *override,
				   const char *const *candidates, size_t n,
				   int (*attach)(const char *candidate))
{
	char tried[256] = "";
	size_t i, len = 0;
	int ret = -ENOENT;

	if (override) {
		candidates = &override;
		n = 1;
	}
	for (i = 0; i < n; i++) {
		ret = attach(candidates[i]);
		if (!ret)
			return 0;
		len += scnprintf(tried + len, sizeof(tried) - len, "%s%s (%d)",
				 i ? ", " : "", candidates[i], ret);
	}
	pr_err("cannot probe %s: tried %s\n", what, tried);
	return ret;
}

int pidfdtrace_probes_register(void)
{
	int ret;

	ret = pidfdtrace_attach_first("pidfd_send_signal", syscall_symbol,
				      syscall_candidates,
				      ARRAY_SIZE(syscall_candidates),
				      pidfdtrace_attach_syscall);
	if (ret)
		return ret;

	ret = pidfdtrace_attach_first("signal generation", signal_symbol,
				      signal_candidates,
				      ARRAY_SIZE(signal_candidates),
				      pidfdtrace_attach_signal);
	if (ret)
		goto out_detach_syscall;

	pr_info("probing %s (pidfd_send_signal%s) and %s (signal generation)\n",
		syscall_probe_set,
		syscall_probes_on_wrappers ? ", arch wrappers" : "",
		signal_probe.kp.symbol_name);
	return 0;

out_detach_syscall:
	pidfdtrace_detach_syscall();
	return ret;
}

/*
 * Arms the probes for the first reader, disarms them after the last: calls
 * in flight still return through their hooks, and their records go to
 * whoever reads then. Serialised by the caller.
 */
int pidfdtrace_probes_arm(void)
{
	unsigned int i;
	int ret;

	ret = enable_kretprobe(&signal_probe);
	for (i = 0; i < nr_syscall_probes && !ret; i++)
		ret = enable_kretprobe(&syscall_probes[i]);
	if (ret)
		pidfdtrace_probes_disarm();
	return ret;
}

void pidfdtrace_probes_disarm(void)
{
	unsigned int i;

	for (i = 0; i < nr_syscall_probes; i++)
		disable_kretprobe(&syscall_probes[i]);
	disable_kretprobe(&signal_probe);
}

/* A miss is a call or a signal that was not traced: never hide it. */
static u64 pidfdtrace_missed(const struct kretprobe *rp)
{
	return (u64)rp->nmissed + rp->kp.nmissed;
}

static u64 pidfdtrace_syscall_missed(void)
{
	unsigned int i;
	u64 missed = 0;

	for (i = 0; i < nr_syscall_probes; i++)
		missed += pidfdtrace_missed(&syscall_probes[i]);
	return missed;
}

void pidfdtrace_probes_unregister(void)
{
	unsigned int i;

	unregister_kretprobe(&signal_probe);
	for (i = 0; i < nr_syscall_probes; i++)
		unregister_kretprobe(&syscall_probes[i]);

	pr_info("detached; missed %llu calls at %s and %llu signals at %s\n",
		pidfdtrace_syscall_missed(), syscall_probe_set,
		pidfdtrace_missed(&signal_probe), signal_probe.kp.symbol_name);
	nr_syscall_probes = 0;
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
	stats->syscall_missed = pidfdtrace_syscall_missed();
	stats->signal_missed = pidfdtrace_missed(&signal_probe);
	strscpy(stats->syscall_symbol, syscall_probe_set,
		sizeof(stats->syscall_symbol));
	strscpy(stats->signal_symbol, signal_probe.kp.symbol_name,
		sizeof(stats->signal_symbol));
}
