/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What this host can tell about the module when its device is missing.
 */
#ifndef PIDFDTRACE_HOST_H
#define PIDFDTRACE_HOST_H

/*
 * Why /dev/pidfdtrace is not there, as far as the host shows it from the
 * files under @root ("" for /): the kernel cannot load modules at all, it
 * is locked down and loads signed modules only, or the module is not
 * loaded. A sentence to follow "pidfdtrace: /dev/pidfdtrace: ...: ".
 */
const char *module_missing_reason(const char *root);

#endif /* PIDFDTRACE_HOST_H */
