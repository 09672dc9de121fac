// SPDX-License-Identifier: GPL-2.0
/*
 * The reader's explanation for a missing /dev/pidfdtrace, from what a host
 * shows: each case built as a small tree of the files it reads.
 */

#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "../../tools/host.h"

FIXTURE(host) {
	char root[64];
};

FIXTURE_SETUP(host)
{
	snprintf(self->root, sizeof(self->root), "/tmp/pidfdtrace-host.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->root));
}

FIXTURE_TEARDOWN(host)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", self->root);
	if (system(cmd))
		TH_LOG("could not remove %s", self->root);
}

/* Writes @text to @path under @root, making its directories. */
static int put(const char *root, const char *path, const char *text)
{
	char cmd[512];
	FILE *f;

	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname %s/%s)\"", root, path);
	if (system(cmd))
		return -1;
	snprintf(cmd, sizeof(cmd), "%s/%s", root, path);
	f = fopen(cmd, "w");
	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

TEST_F(host, a_kernel_without_modules_says_so)
{
	EXPECT_STREQ("this kernel cannot load modules (no /proc/modules): it was built without CONFIG_MODULES",
		     module_missing_reason(self->root));
}

TEST_F(host, a_kernel_that_loads_modules_is_only_missing_the_module)
{
	ASSERT_EQ(0, put(self->root, "proc/modules", ""));
	EXPECT_STREQ("the pidfdtrace module is not loaded; load it with 'modprobe pidfdtrace'",
		     module_missing_reason(self->root));
	/* Lockdown off is no lockdown. */
	ASSERT_EQ(0, put(self->root, "sys/kernel/security/lockdown",
			 "[none] integrity confidentiality\n"));
	EXPECT_STREQ("the pidfdtrace module is not loaded; load it with 'modprobe pidfdtrace'",
		     module_missing_reason(self->root));
}

TEST_F(host, a_locked_down_kernel_names_its_mode_and_the_mok_key)
{
	ASSERT_EQ(0, put(self->root, "proc/modules", ""));
	ASSERT_EQ(0, put(self->root, "sys/kernel/security/lockdown",
			 "none [integrity] confidentiality\n"));
	EXPECT_STREQ("the pidfdtrace module is not loaded, and the kernel is locked down (integrity), as under Secure Boot: it loads only modules signed with a key it trusts. DKMS signs with its key: enroll it once with 'mokutil --import /var/lib/dkms/mok.pub' and reboot, then 'modprobe pidfdtrace'",
		     module_missing_reason(self->root));
	ASSERT_EQ(0, put(self->root, "sys/kernel/security/lockdown",
			 "none integrity [confidentiality]\n"));
	EXPECT_NE(NULL, strstr(module_missing_reason(self->root),
			       "locked down (confidentiality)"));
}

TEST_HARNESS_MAIN
