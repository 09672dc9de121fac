// SPDX-License-Identifier: GPL-2.0
/*
 * Probes: a kretprobe on pidfd_send_signal(2) and a kprobe on the function
 * every signal passes through on its way to a task.
 *
 * Probe points are picked per kernel from a list of candidates, the first
 * one that registers wins; a module parameter replaces the list with one
 * symbol.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/kprobes.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/string.h>

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

/*
 * True when the syscall probe sits on the arch wrapper, whose arguments are
 * behind a struct pt_regs pointer. Set before the probe is registered.
 */
static bool syscall_probe_on_wrapper;

static int pidfdtrace_syscall_entry(struct kretprobe_instance *ri,
				    struct pt_regs *regs)
{
	return 0;
}
NOKPROBE_SYMBOL(pidfdtrace_syscall_entry);

static int pidfdtrace_syscall_return(struct kretprobe_instance *ri,
				     struct pt_regs *regs)
{
	return 0;
}
NOKPROBE_SYMBOL(pidfdtrace_syscall_return);

static int pidfdtrace_signal_pre(struct kprobe *kp, struct pt_regs *regs)
{
	return 0;
}
NOKPROBE_SYMBOL(pidfdtrace_signal_pre);

static struct kretprobe syscall_probe;
static struct kprobe signal_probe;

static int pidfdtrace_attach_syscall(const char *symbol)
{
	syscall_probe = (struct kretprobe) {
		.kp.symbol_name	= symbol,
		.entry_handler	= pidfdtrace_syscall_entry,
		.handler	= pidfdtrace_syscall_return,
		.maxactive	= maxactive > 0 ? maxactive :
				  max_t(int, 64, 8 * num_possible_cpus()),
	};
	syscall_probe_on_wrapper =
		str_has_prefix(symbol, PIDFDTRACE_SYSCALL_WRAPPER_PREFIX);
	return register_kretprobe(&syscall_probe);
}

static int pidfdtrace_attach_signal(const char *symbol)
{
	signal_probe = (struct kprobe) {
		.symbol_name	= symbol,
		.pre_handler	= pidfdtrace_signal_pre,
	};
	return register_kprobe(&signal_probe);
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
		signal_probe.symbol_name);
	return 0;

out_unregister_syscall:
	unregister_kretprobe(&syscall_probe);
	return ret;
}

void pidfdtrace_probes_unregister(void)
{
	unregister_kprobe(&signal_probe);
	unregister_kretprobe(&syscall_probe);

	/* A miss is a call or a signal that was not traced: never hide it. */
	pr_info("detached; missed %d calls at %s and %lu signals at %s\n",
		syscall_probe.nmissed, syscall_probe.kp.symbol_name,
		signal_probe.nmissed, signal_probe.symbol_name);
}
