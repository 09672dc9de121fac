// SPDX-License-Identifier: GPL-2.0
/*
 * What this host can tell about the module when its device is missing.
 */

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "host.h"

/* The lockdown mode the kernel is in: the bracketed word of the file. */
static int locked_down(const char *root, char *mode, size_t size)
{
	char path[4096], line[256], *open, *close;
	FILE *f;

	snprintf(path, sizeof(path), "%s/sys/kernel/security/lockdown", root);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	fclose(f);
	open = strchr(line, '[');
	close = open ? strchr(open, ']') : NULL;
	if (!close || !strncmp(open, "[none]", 6))
		return 0;
	snprintf(mode, size, "%.*s", (int)(close - open - 1), open + 1);
	return 1;
}

const char *module_missing_reason(const char *root)
{
	static char reason[512];
	char path[4096], mode[64];

	snprintf(path, sizeof(path), "%s/proc/modules", root);
	if (access(path, F_OK))
		return "this kernel cannot load modules (no /proc/modules): it was built without CONFIG_MODULES";
	if (locked_down(root, mode, sizeof(mode))) {
		snprintf(reason, sizeof(reason),
			 "the pidfdtrace module is not loaded, and the kernel is locked down (%s), as under Secure Boot: it loads only modules signed with a key it trusts. DKMS signs with its key: enroll it once with 'mokutil --import /var/lib/dkms/mok.pub' and reboot, then 'modprobe pidfdtrace'",
			 mode);
		return reason;
	}
	return "the pidfdtrace module is not loaded; load it with 'modprobe pidfdtrace'";
}
