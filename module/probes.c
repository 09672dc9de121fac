// SPDX-License-Identifier: GPL-2.0
/*
 * Probes: where each record comes from, picked per kernel at load.
 *
 *   call records      pidfd_send_signal(2): a kretprobe and a kprobe on
 *                     each arch wrapper (one per syscall ABI), else on
 *                     the syscall body (syscall.c)
 *   delivery records  the signal_generate tracepoint, and a kprobe on
 *                     flush_sigqueue_mask() (generate.c)
 *
 * Everything is registered disarmed and armed only while a started reader
 * exists: with the module loaded and no reader, the system runs as if
 * untraced. The syscall candidates are tried in order, the first that
 * registers wins; the syscall_symbol parameter replaces them.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/string.h>

#include "compat.h"
#include "internal.h"

static char *syscall_symbol;
module_param(syscall_symbol, charp, 0444);
MODULE_PARM_DESC(syscall_symbol,
		 "Functions to probe for pidfd_send_signal, comma-separated, all arch wrappers or the body (default: "
		 PIDFDTRACE_SYSCALL_WRAPPERS ", else " PIDFDTRACE_SYSCALL_BODY ")");

static int maxactive;
module_param(maxactive, int, 0444);
MODULE_PARM_DESC(maxactive,
		 "Calls followed to their return at once; more are recorded from their entry (default: max(1024, 64 * possible CPUs))");

static const char *const syscall_candidates[] = {
	PIDFDTRACE_SYSCALL_WRAPPERS, PIDFDTRACE_SYSCALL_BODY,
};

/*
 * A call holds its instance while it sleeps: on the caller's siginfo page,
 * on a siglock under PREEMPT_RT, preempted. Tens of threads per CPU doing
 * that at once is a heavy load; an instance is ~400 bytes.
 */
static int pidfdtrace_maxactive(void)
{
	return maxactive > 0 ? maxactive :
			       max_t(int, 1024, 64 * num_possible_cpus());
}

/*
 * Attaches to syscall_symbol if set, else to the first candidate that
 * registers. When none does, logs one line naming each candidate tried and
 * its error, and returns the last error.
 */
static int pidfdtrace_attach_syscall(void)
{
	const char *const *candidates = syscall_candidates;
	size_t i, n = ARRAY_SIZE(syscall_candidates), len = 0;
	char tried[256] = "";
	int ret = -ENOENT;

	if (syscall_symbol) {
		if (pidfdtrace_syscall_parse(syscall_symbol) == -EINVAL) {
			pr_err("syscall_symbol: arch wrappers and the syscall body cannot be mixed\n");
			return -EINVAL;
		}
		candidates = (const char *const *)&syscall_symbol;
		n = 1;
	}
	for (i = 0; i < n; i++) {
		ret = pidfdtrace_syscall_attach(candidates[i],
						pidfdtrace_maxactive());
		if (!ret)
			return 0;
		len += scnprintf(tried + len, sizeof(tried) - len, "%s%s (%d)",
				 i ? ", " : "", candidates[i], ret);
	}
	pr_err("cannot probe pidfd_send_signal: tried %s\n", tried);
	return ret;
}

int pidfdtrace_probes_register(void)
{
	struct pidfdtrace_stats names = {};
	int ret;

	pidfdtrace_calls_init();
	ret = pidfdtrace_generate_attach();
	if (ret)
		return ret;
	ret = pidfdtrace_attach_syscall();
	if (ret)
		goto out_detach_generate;

	pidfdtrace_syscall_stats(&names);
	pidfdtrace_generate_stats(&names);
	pr_info("probing %s (pidfd_send_signal%s), %s and %s (signals); %u calls at once\n",
		names.syscall_symbol,
		str_has_prefix(names.syscall_symbol, PIDFDTRACE_SYSCALL_BODY) ?
		"" : ", arch wrappers",
		"signal:" PIDFDTRACE_SIGNAL_TRACEPOINT, PIDFDTRACE_FLUSH_FUNC,
		names.maxactive);
	return 0;

out_detach_generate:
	pidfdtrace_generate_detach();
	return ret;
}

void pidfdtrace_probes_unregister(void)
{
	struct pidfdtrace_stats stats = {};

	pidfdtrace_syscall_stats(&stats);
	/* Disarmed: no call takes anything more. */
	pidfdtrace_calls_release();
	pidfdtrace_syscall_detach();
	pidfdtrace_generate_detach();
	pr_info("detached; %llu calls untraced, %llu recorded from entry only\n",
		stats.calls_missed, stats.returns_missed);
}

/*
 * Arms the probes for the first reader, disarms them after the last; the
 * signal side first on, last off, so that no traced call misses its
 * signals. Serialised by the caller.
 */
int pidfdtrace_probes_arm(void)
{
	int ret;

	ret = pidfdtrace_generate_arm();
	if (ret)
		return ret;
	ret = pidfdtrace_syscall_arm();
	if (ret)
		pidfdtrace_generate_disarm();
	return ret;
}

void pidfdtrace_probes_disarm(void)
{
	pidfdtrace_syscall_disarm();
	pidfdtrace_generate_disarm();
}

void pidfdtrace_probes_stats(struct pidfdtrace_stats *stats)
{
	pidfdtrace_syscall_stats(stats);
	pidfdtrace_generate_stats(stats);
}
