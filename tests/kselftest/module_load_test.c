// SPDX-License-Identifier: GPL-2.0
/*
 * Loading and unloading the module: probe points, the device node, its
 * parameters, and the messages a user sees at load, at unload, and when a
 * probe point cannot be found.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <linux/pidfdtrace.h>

#include "kselftest_harness.h"
#include "pidfdtrace_test.h"

#define MISC_MAJOR 10U
/* What the module probes for the syscall by default on x86-64. */
#define SYSCALL_WRAPPERS "__x64_sys_pidfd_send_signal,__ia32_sys_pidfd_send_signal"
#define SYSCALL_BODY "__do_sys_pidfd_send_signal"
#define BOGUS_SYMBOL "pidfdtrace_no_such_symbol"

/* The line the module logs at load, for @syms and @maxactive. */
static const char *load_line(const char *syms, bool wrappers,
			     unsigned int maxactive)
{
	static char line[512];

	snprintf(line, sizeof(line),
		 "pidfdtrace: probing %s (pidfd_send_signal%s), signal:signal_generate and flush_sigqueue_mask (signals); %u calls at once",
		 syms, wrappers ? ", arch wrappers" : "", maxactive);
	return line;
}

FIXTURE(module) {
	struct kmsg_watch kmsg;
};

FIXTURE_SETUP(module)
{
	int ret = pidfdtrace_unload();

	/* Every test starts with the module unloaded. */
	ASSERT_TRUE(ret == 0 || ret == -ENOENT);
	ASSERT_EQ(0, kmsg_watch_start(&self->kmsg));
}

FIXTURE_TEARDOWN(module)
{
	pidfdtrace_unload();
	kmsg_watch_stop(&self->kmsg);
}

TEST_F(module, device_is_root_only_misc_node_while_loaded)
{
	struct stat st;

	ASSERT_EQ(0, pidfdtrace_load(NULL));
	ASSERT_EQ(0, stat(PIDFDTRACE_DEVICE, &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(0600U, st.st_mode & 07777);
	EXPECT_EQ(0U, st.st_uid);
	EXPECT_EQ(MISC_MAJOR, major(st.st_rdev));
}

TEST_F(module, device_is_gone_after_unload)
{
	struct stat st;

	ASSERT_EQ(0, pidfdtrace_load(NULL));
	ASSERT_EQ(0, pidfdtrace_unload());
	EXPECT_EQ(-1, stat(PIDFDTRACE_DEVICE, &st));
	EXPECT_EQ(ENOENT, errno);
}

TEST_F(module, reloads_after_unload)
{
	struct stat st;

	ASSERT_EQ(0, pidfdtrace_load(NULL));
	ASSERT_EQ(0, pidfdtrace_unload());
	ASSERT_EQ(0, pidfdtrace_load(NULL));
	EXPECT_EQ(0, stat(PIDFDTRACE_DEVICE, &st));
	ASSERT_EQ(0, pidfdtrace_unload());
	ASSERT_EQ(0, pidfdtrace_load(NULL));
	EXPECT_EQ(0, stat(PIDFDTRACE_DEVICE, &st));
}

TEST_F(module, cannot_unload_while_device_open)
{
	int fd;

	ASSERT_EQ(0, pidfdtrace_load(NULL));
	fd = open(PIDFDTRACE_DEVICE, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-EWOULDBLOCK, pidfdtrace_unload());
	close(fd);
	EXPECT_EQ(0, pidfdtrace_unload());
}

TEST_F(module, logs_probed_symbols_once_at_load)
{
	ASSERT_EQ(0, pidfdtrace_load(NULL));
	EXPECT_TRUE(kmsg_watch_saw(&self->kmsg,
		load_line(SYSCALL_WRAPPERS, true, default_maxactive())));
}

/* True when /proc/kallsyms lists function @name. */
static bool kallsyms_has(const char *name)
{
	char line[512], sym[256];
	bool found = false;
	FILE *f = fopen("/proc/kallsyms", "r");

	while (f && !found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%*s %*s %255s", sym) == 1 &&
			!strcmp(sym, name);
	if (f)
		fclose(f);
	return found;
}

TEST_F(module, probes_the_syscall_body_by_parameter)
{
	struct pidfdtrace_call c;
	int reader, self_fd;

	/* 7.x inlines it into the wrappers (do_pidfd_send_signal() takes a pid). */
	if (!kallsyms_has(SYSCALL_BODY)) {
		ASSERT_EQ(-ENOENT, pidfdtrace_load("syscall_symbol=" SYSCALL_BODY));
		SKIP(return, "no %s in this kernel", SYSCALL_BODY);
	}
	ASSERT_EQ(0, pidfdtrace_load("syscall_symbol=" SYSCALL_BODY));
	EXPECT_TRUE(kmsg_watch_saw(&self->kmsg,
		load_line(SYSCALL_BODY, false, default_maxactive())));
	/* Arguments come straight from the registers there: still right. */
	reader = reader_open(0);
	ASSERT_LE(0, reader);
	self_fd = sys_pidfd_open(getpid(), 0);
	ASSERT_LE(0, self_fd);
	ASSERT_EQ(-EINVAL, pidfd_send(self_fd, 1000, NULL, 0x40));
	ASSERT_EQ((ssize_t)sizeof(c), read(reader, &c, sizeof(c)));
	EXPECT_EQ(self_fd, c.pidfd);
	EXPECT_EQ(1000, c.sig);
	EXPECT_EQ(0x40U, c.flags);
	EXPECT_EQ(-EINVAL, c.ret);
	EXPECT_EQ(PIDFDTRACE_SOURCE_SECOND_LOOK, c.target_source);
	EXPECT_EQ((__u32)getpid(), c.target.pid);
	close(self_fd);
	close(reader);
}

TEST_F(module, mixing_arch_wrappers_and_the_syscall_body_fails_the_load)
{
	static const char *const mixes[] = {
		"syscall_symbol=__x64_sys_pidfd_send_signal," SYSCALL_BODY,
		"syscall_symbol=" SYSCALL_BODY ",__ia32_sys_pidfd_send_signal",
	};
	struct stat st;
	unsigned int i;

	/* Each call would be traced twice, or once from the wrong place. */
	for (i = 0; i < ARRAY_SIZE(mixes); i++) {
		EXPECT_EQ(-EINVAL, pidfdtrace_load(mixes[i])) TH_LOG("%s", mixes[i]);
		EXPECT_EQ(-1, stat(PIDFDTRACE_DEVICE, &st));
		EXPECT_EQ(-ENOENT, pidfdtrace_unload());
	}
	EXPECT_TRUE(kmsg_watch_saw(&self->kmsg,
		"pidfdtrace: syscall_symbol: arch wrappers and the syscall body cannot be mixed"));
}

TEST_F(module, maxactive_parameter_sets_the_calls_followed_at_once)
{
	struct pidfdtrace_stats stats;
	int fd;

	ASSERT_EQ(0, pidfdtrace_load("maxactive=77"));
	EXPECT_TRUE(kmsg_watch_saw(&self->kmsg,
		load_line(SYSCALL_WRAPPERS, true, 77)));
	fd = open(PIDFDTRACE_DEVICE, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ioctl(fd, PIDFDTRACE_IOC_GET_STATS, &stats));
	EXPECT_EQ(77U, stats.maxactive);
	close(fd);
}

TEST_F(module, bogus_syscall_symbol_fails_load_with_clear_message)
{
	struct stat st;

	EXPECT_EQ(-ENOENT, pidfdtrace_load("syscall_symbol=" BOGUS_SYMBOL));
	EXPECT_TRUE(kmsg_watch_saw(&self->kmsg,
		"pidfdtrace: cannot probe pidfd_send_signal: tried " BOGUS_SYMBOL " (-2)"));
	EXPECT_EQ(-1, stat(PIDFDTRACE_DEVICE, &st));
	EXPECT_EQ(-ENOENT, pidfdtrace_unload());
}

/*
 * signal_symbol is gone: signals are traced at the signal_generate
 * tracepoint. The kernel loads a module given a parameter it does not
 * have, so an old modprobe.d line loads it still, with a warning.
 */
TEST_F(module, removed_signal_symbol_parameter_is_ignored_with_a_warning)
{
	struct stat st;

	ASSERT_EQ(0, pidfdtrace_load("signal_symbol=" BOGUS_SYMBOL));
	EXPECT_TRUE(kmsg_watch_saw(&self->kmsg,
		"pidfdtrace: unknown parameter 'signal_symbol' ignored"));
	EXPECT_EQ(0, stat(PIDFDTRACE_DEVICE, &st));
	EXPECT_EQ(-1, stat("/sys/module/pidfdtrace/parameters/signal_symbol",
			   &st));
}

TEST_F(module, reports_untraced_calls_at_unload)
{
	int reader, self_fd;

	ASSERT_EQ(0, pidfdtrace_load(NULL));
	reader = reader_open(0);
	ASSERT_LE(0, reader);
	self_fd = sys_pidfd_open(getpid(), 0);
	ASSERT_LE(0, self_fd);
	ASSERT_EQ(0, pidfd_send(self_fd, 0, NULL, 0));
	close(self_fd);
	close(reader);
	ASSERT_EQ(0, pidfdtrace_unload());
	EXPECT_TRUE(kmsg_watch_saw(&self->kmsg,
		"pidfdtrace: detached; 0 calls untraced, 0 recorded from entry only"));
}

TEST_F(module, reports_abi_version_by_ioctl)
{
	__u32 version = 0;
	int fd;

	ASSERT_EQ(0, pidfdtrace_load(NULL));
	fd = open(PIDFDTRACE_DEVICE, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	EXPECT_EQ(0, ioctl(fd, PIDFDTRACE_IOC_ABI_VERSION, &version));
	EXPECT_EQ((__u32)PIDFDTRACE_ABI_VERSION, version);
	EXPECT_EQ(2U << 16 | 1, version);
	EXPECT_EQ(-1, ioctl(fd, _IO(PIDFDTRACE_IOC_MAGIC, 0x7f)));
	EXPECT_EQ(ENOTTY, errno);
	close(fd);
}

TEST_HARNESS_MAIN
