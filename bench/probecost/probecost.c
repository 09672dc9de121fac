// SPDX-License-Identifier: GPL-2.0
/*
 * probecost: the floor under any kretprobe-based tracer of
 * pidfd_send_signal. Puts kretprobes with empty handlers on the symbols
 * pidfdtrace probes, so make bench can show what the probes alone cost.
 * A benchmark fixture, not part of pidfdtrace.
 *
 * usage: insmod probecost.ko [syscall=SYM] [signal=SYM]
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kprobes.h>
#include <linux/module.h>

static char *syscall = "__x64_sys_pidfd_send_signal";
module_param(syscall, charp, 0444);
MODULE_PARM_DESC(syscall, "Function the syscall kretprobe sits on");

static char *signal = "send_signal_locked";
module_param(signal, charp, 0444);
MODULE_PARM_DESC(signal, "Function the signal kretprobe sits on");

static int probecost_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return 0;
}
NOKPROBE_SYMBOL(probecost_entry);

static int probecost_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return 0;
}
NOKPROBE_SYMBOL(probecost_return);

static struct kretprobe syscall_probe = {
	.entry_handler	= probecost_entry,
	.handler	= probecost_return,
	.maxactive	= 64,
};

static struct kretprobe signal_probe = {
	.entry_handler	= probecost_entry,
	.handler	= probecost_return,
	.maxactive	= 64,
};

static int __init probecost_init(void)
{
	int ret;

	syscall_probe.kp.symbol_name = syscall;
	signal_probe.kp.symbol_name = signal;
	ret = register_kretprobe(&syscall_probe);
	if (ret)
		return ret;
	ret = register_kretprobe(&signal_probe);
	if (ret)
		goto out_unregister_syscall;
	return 0;

out_unregister_syscall:
	unregister_kretprobe(&syscall_probe);
	return ret;
}

static void __exit probecost_exit(void)
{
	unregister_kretprobe(&signal_probe);
	unregister_kretprobe(&syscall_probe);
}

module_init(probecost_init);
module_exit(probecost_exit);
MODULE_DESCRIPTION("Empty kretprobes: the cost of probing alone, for make bench");
MODULE_LICENSE("GPL");
