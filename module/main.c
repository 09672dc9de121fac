// SPDX-License-Identifier: GPL-2.0
/*
 * pidfdtrace - trace every pidfd_send_signal(2) call on the system.
 *
 * Probes the syscall and the kernel's signal_generate tracepoint, links
 * each signal to the call that made it, and hands the records to readers
 * of /dev/pidfdtrace.
 *
 * usage: insmod pidfdtrace.ko [syscall_symbol=SYM[,SYM]] [maxactive=N]
 *        [buffer_size=BYTES] [wakeup_latency_ms=MS]
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

#include "internal.h"

static int __init pidfdtrace_init(void)
{
	int ret;

	pidfdtrace_resolve_init();

	ret = pidfdtrace_probes_register();
	if (ret)
		return ret;

	/* Last: a reader may open it, and arm the probes, at once. */
	ret = pidfdtrace_device_register();
	if (ret)
		goto out_unregister_probes;

	return 0;

out_unregister_probes:
	pidfdtrace_probes_unregister();
	return ret;
}

static void __exit pidfdtrace_exit(void)
{
	pidfdtrace_device_unregister();
	pidfdtrace_probes_unregister();
}

module_init(pidfdtrace_init);
module_exit(pidfdtrace_exit);

MODULE_DESCRIPTION("Trace pidfd_send_signal(2): sender, target, siginfo and what the kernel did");
MODULE_AUTHOR("The pidfdtrace developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(PIDFDTRACE_VERSION);
