/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Declarations shared by the files of the pidfdtrace module.
 */
#ifndef PIDFDTRACE_INTERNAL_H
#define PIDFDTRACE_INTERNAL_H

/* probes.c */
int pidfdtrace_probes_register(void);
void pidfdtrace_probes_unregister(void);

/* device.c */
int pidfdtrace_device_register(void);
void pidfdtrace_device_unregister(void);

#endif /* PIDFDTRACE_INTERNAL_H */
