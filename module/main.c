// SPDX-License-Identifier: GPL-2.0
/*
 * pidfdtrace - trace every pidfd_send_signal(2) call on the system.
 *
 * Probes the syscall and the kernel's signal-sending function, resolves the
 * pidfd to the task it names, and hands the records to readers of
 * /dev/pidfdtrace.
 *
 * usage: insmod pidfdtrace.ko [syscall_symbol=SYM] [signal_symbol=SYM]
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

#include "internal.h"

static int __init pidfdtrace_init(void)
{
	int ret;

	pidfdtrace_resolve_init();

	ret = pidfdtrace_device_register();
	if (ret)
		return ret;

	/* Last: records start flowing as soon as the probes are live. */
	ret = pidfdtrace_probes_register();
	if (ret)
		goto out_unregister_device;

	return 0;

out_unregister_device:
	pidfdtrace_device_unregister();
	return ret;
}

static void __exit pidfdtrace_exit(void)
{
	pidfdtrace_probes_unregister();
	pidfdtrace_device_unregister();
}

module_init(pidfdtrace_init);
module_exit(pidfdtrace_exit);

MODULE_DESCRIPTION("Trace pidfd_send_signal(2): sender, resolved target, siginfo and outcome");
MODULE_AUTHOR("The pidfdtrace developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(PIDFDTRACE_VERSION);
