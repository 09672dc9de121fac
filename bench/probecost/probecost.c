// SPDX-License-Identifier: GPL-2.0
/*
 * probecost: the floor under pidfdtrace. Puts probes with empty handlers
 * where pidfdtrace's sit, so make bench can show what the probes alone
 * cost: a kretprobe and a kprobe on each syscall symbol, a probe on the
 * signal_generate tracepoint, a kprobe on flush_sigqueue_mask(). Load it
 * with pidfdtrace unloaded: probes on one address are aggregated, and cost
 * more together than either alone. A benchmark fixture, not part of
 * pidfdtrace.
 *
 * usage: insmod probecost.ko [syscall=SYM[,SYM]] [tracepoint=0|1] [flush=0|1]
 *        (syscall= empty: no syscall probes)
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

static char *syscall = "__x64_sys_pidfd_send_signal,__ia32_sys_pidfd_send_signal";
module_param(syscall, charp, 0444);
MODULE_PARM_DESC(syscall, "Functions the syscall probes sit on, comma-separated");

static bool tracepoint = true;
module_param(tracepoint, bool, 0444);
MODULE_PARM_DESC(tracepoint, "Probe the signal_generate tracepoint");

static bool flush = true;
module_param(flush, bool, 0444);
MODULE_PARM_DESC(flush, "Probe flush_sigqueue_mask");

#define SYSCALL_PROBES_MAX 2

static struct kretprobe call_probes[SYSCALL_PROBES_MAX];
static struct kprobe entry_probes[SYSCALL_PROBES_MAX];
static char symbols[SYSCALL_PROBES_MAX][KSYM_NAME_LEN];
static unsigned int nr_syscall_probes;
static struct kprobe flush_probe = { .symbol_name = "flush_sigqueue_mask" };
static struct tracepoint *signal_generate;

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

static void probecost_post(struct kprobe *p, struct pt_regs *regs,
			   unsigned long flags)
{
}
NOKPROBE_SYMBOL(probecost_post);

static int probecost_pre(struct kprobe *p, struct pt_regs *regs)
{
	return 0;
}
NOKPROBE_SYMBOL(probecost_pre);

static void probecost_signal_generate(void *data, int sig, void *info,
				      struct task_struct *task, int group,
				      int result)
{
}
NOKPROBE_SYMBOL(probecost_signal_generate);

static void probecost_find(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "signal_generate"))
		signal_generate = tp;
}

static void probecost_detach_syscall(void)
{
	while (nr_syscall_probes) {
		nr_syscall_probes--;
		unregister_kprobe(&entry_probes[nr_syscall_probes]);
		unregister_kretprobe(&call_probes[nr_syscall_probes]);
	}
}

/* As pidfdtrace does: the kprobe first, so that it runs second. */
static int probecost_attach_syscall(void)
{
	const char *name = syscall, *comma;
	int ret;

	for (; *name && nr_syscall_probes < SYSCALL_PROBES_MAX;
	     name = *comma ? comma + 1 : comma) {
		unsigned int i = nr_syscall_probes;

		comma = strchrnul(name, ',');
		strscpy(symbols[i], name,
			min_t(size_t, comma - name + 1, KSYM_NAME_LEN));
		entry_probes[i] = (struct kprobe) {
			.symbol_name	= symbols[i],
			.post_handler	= probecost_post,
		};
		call_probes[i] = (struct kretprobe) {
			.kp.symbol_name	= symbols[i],
			.entry_handler	= probecost_entry,
			.handler	= probecost_return,
			.maxactive	= 1024,
		};
		ret = register_kprobe(&entry_probes[i]);
		if (ret)
			return ret;
		ret = register_kretprobe(&call_probes[i]);
		if (ret) {
			unregister_kprobe(&entry_probes[i]);
			return ret;
		}
		nr_syscall_probes++;
	}
	return 0;
}

static int __init probecost_init(void)
{
	int ret;

	ret = probecost_attach_syscall();
	if (ret)
		goto out_detach_syscall;
	if (flush) {
		flush_probe.pre_handler = probecost_pre;
		ret = register_kprobe(&flush_probe);
		if (ret)
			goto out_detach_syscall;
	}
	if (tracepoint) {
		for_each_kernel_tracepoint(probecost_find, NULL);
		ret = signal_generate ?
		      tracepoint_probe_register(signal_generate,
						(void *)probecost_signal_generate,
						NULL) : -ENOENT;
		if (ret)
			goto out_unregister_flush;
	}
	return 0;

out_unregister_flush:
	if (flush)
		unregister_kprobe(&flush_probe);
out_detach_syscall:
	probecost_detach_syscall();
	return ret;
}

static void __exit probecost_exit(void)
{
	if (tracepoint) {
		tracepoint_probe_unregister(signal_generate,
					    (void *)probecost_signal_generate,
					    NULL);
		tracepoint_synchronize_unregister();
	}
	if (flush)
		unregister_kprobe(&flush_probe);
	probecost_detach_syscall();
}

module_init(probecost_init);
module_exit(probecost_exit);
MODULE_DESCRIPTION("Empty probes where pidfdtrace's sit: the cost of probing alone, for make bench");
MODULE_LICENSE("GPL");
