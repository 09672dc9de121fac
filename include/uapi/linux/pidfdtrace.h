/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * pidfdtrace - the ABI between the pidfdtrace module and its readers.
 *
 * The module creates /dev/pidfdtrace. This header is the only definition
 * of what crosses that device; the module and the pidfdtrace(8) reader both
 * include it.
 *
 * Compatibility: PIDFDTRACE_ABI_VERSION changes whenever a structure or an
 * ioctl below changes in a way an existing reader would misread. A reader
 * asks the module for its version with PIDFDTRACE_IOC_ABI_VERSION before it
 * reads anything, and refuses to go on if the two differ.
 */
#ifndef _UAPI_LINUX_PIDFDTRACE_H
#define _UAPI_LINUX_PIDFDTRACE_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define PIDFDTRACE_DEVICE	"/dev/pidfdtrace"
#define PIDFDTRACE_ABI_VERSION	1

#define PIDFDTRACE_IOC_MAGIC	0xf7

/* Writes the module's PIDFDTRACE_ABI_VERSION to the __u32 argument. */
#define PIDFDTRACE_IOC_ABI_VERSION	_IOR(PIDFDTRACE_IOC_MAGIC, 0x00, __u32)

#endif /* _UAPI_LINUX_PIDFDTRACE_H */
