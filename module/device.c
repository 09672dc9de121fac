// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/pidfdtrace: the character device readers get their records from.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/uaccess.h>

#include <linux/pidfdtrace.h>

#include "internal.h"

static long pidfdtrace_ioctl(struct file *file, unsigned int cmd,
			     unsigned long arg)
{
	u32 __user *uarg = (u32 __user *)arg;

	switch (cmd) {
	case PIDFDTRACE_IOC_ABI_VERSION:
		return put_user((u32)PIDFDTRACE_ABI_VERSION, uarg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations pidfdtrace_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= pidfdtrace_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

/* Signal traffic of every user on the system: root only. */
static struct miscdevice pidfdtrace_miscdev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "pidfdtrace",
	.fops	= &pidfdtrace_fops,
	.mode	= 0600,
};

int pidfdtrace_device_register(void)
{
	int ret;

	ret = misc_register(&pidfdtrace_miscdev);
	if (ret)
		pr_err("cannot register /dev/%s: %d\n",
		       pidfdtrace_miscdev.name, ret);
	return ret;
}

void pidfdtrace_device_unregister(void)
{
	misc_deregister(&pidfdtrace_miscdev);
}
