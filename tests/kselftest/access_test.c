// SPDX-License-Identifier: GPL-2.0
/*
 * Who may read, and what a reader may learn: only CAP_SYS_ADMIN or
 * CAP_PERFMON in the initial user namespace open the device, and records
 * carry no kernel address and no stale kernel memory in their padding.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/pidfdtrace.h>

#include "kselftest_harness.h"
#include "pidfdtrace_test.h"

static struct trace trace;

FIXTURE(access) {
	struct pidfdtrace_setup s;
};

FIXTURE_SETUP(access)
{
	ASSERT_EQ(0, pidfdtrace_setup(&self->s, NULL));
	trace.len = 0;
}

/* The node a test opens up goes with the module: the next load makes it 0600. */
FIXTURE_TEARDOWN(access)
{
	pidfdtrace_cleanup(&self->s);
}

/* open() in a child that first does @setup; returns 0 or the errno. */
static int open_after(int (*setup)(void))
{
	int status, fd;
	pid_t child = fork_child();

	if (child == 0) {
		if (setup())
			_exit(100);
		fd = open(PIDFDTRACE_DEVICE, O_RDONLY);
		_exit(fd >= 0 ? 0 : errno);
	}
	waitpid(child, &status, 0);
	return WEXITSTATUS(status);
}

/* uid 65534 with no capabilities. */
static int nobody(void)
{
	if (setresgid(65534, 65534, 65534))
		return -1;
	return setresuid(65534, 65534, 65534);
}

/* Keeps uid 0 and, of all capabilities, only @keep (0: none). */
static int caps_only(int keep)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2] = {};

	if (keep) {
		data[keep / 32].effective = 1U << (keep % 32);
		data[keep / 32].permitted = 1U << (keep % 32);
	}
	return syscall(SYS_capset, &hdr, data);
}

static int only_cap_perfmon(void)
{
	return caps_only(CAP_PERFMON);
}

static int no_caps(void)
{
	return caps_only(0);
}

/* uid 65534, then root in a user namespace of its own. */
static int root_in_a_user_namespace(void)
{
	if (nobody())
		return -1;
	return unshare(CLONE_NEWUSER);
}

TEST_F(access, unprivileged_user_cannot_open)
{
	EXPECT_EQ(EACCES, open_after(nobody));
	/* Not even when the node is opened up: the module checks too. */
	ASSERT_EQ(0, chmod(PIDFDTRACE_DEVICE, 0666));
	EXPECT_EQ(EPERM, open_after(nobody));
}

TEST_F(access, only_cap_perfmon_is_enough)
{
	/* uid 0 owns the 0600 node: the module's check is what decides. */
	EXPECT_EQ(0, open_after(only_cap_perfmon));
	EXPECT_EQ(EPERM, open_after(no_caps));
}

TEST_F(access, root_of_an_unprivileged_user_namespace_cannot_open)
{
	ASSERT_EQ(0, chmod(PIDFDTRACE_DEVICE, 0666));
	EXPECT_EQ(EPERM, open_after(root_in_a_user_namespace));
}

/* No 64-bit field of a record may hold a kernel address. */
static bool kernel_half(__u64 v)
{
	return v >= 0xffff800000000000ULL;
}

TEST_F(access, records_carry_no_kernel_addresses)
{
	const struct pidfdtrace_record_header *hdr;
	siginfo_t info = { .si_signo = SIGUSR1, .si_code = SI_QUEUE };
	int self_fd = sys_pidfd_open(getpid(), 0), bad = dup(self->s.pidfd);
	long records = 0, suspicious = 0;
	sigset_t set;

	close(bad);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	ASSERT_EQ(0, sigprocmask(SIG_BLOCK, &set, NULL));
	ASSERT_LE(0, self_fd);
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGUSR1, NULL, 0));
	ASSERT_EQ(0, pidfd_send(self_fd, SIGUSR1, &info, 0));
	ASSERT_EQ(-EBADF, pidfd_send(bad, SIGUSR1, NULL, 0));
	ASSERT_EQ(-EFAULT, pidfd_send(self_fd, SIGUSR1, (void *)8, 0));
	ASSERT_EQ(0, pidfd_send(self->s.pidfd, SIGCONT, NULL, 0));
	ASSERT_LE(0, reader_drain(self->s.reader, &trace));

	trace_for_each(&trace, hdr) {
		const struct pidfdtrace_call *c = (const void *)hdr;
		const struct pidfdtrace_delivery *d = (const void *)hdr;

		records++;
		suspicious += kernel_half(hdr->seq) + kernel_half(hdr->time_ns);
		if (hdr->type == PIDFDTRACE_RECORD_DELIVERY) {
			suspicious += kernel_half(d->call_seq) +
				      kernel_half(d->target_cgroup) +
				      kernel_half(d->discarded) +
				      kernel_half(d->siginfo.value);
			/* Padding goes out as zeroes, never as stale memory. */
			EXPECT_EQ(0U, d->__pad);
			EXPECT_EQ(0U, d->siginfo.__pad);
			continue;
		}
		suspicious += kernel_half(c->duration_ns) +
			      kernel_half(c->info) +
			      kernel_half(c->sender_cgroup) +
			      kernel_half(c->target_cgroup) +
			      kernel_half(c->siginfo.value);
		EXPECT_EQ(0U, c->__pad0);
		EXPECT_EQ(0U, c->siginfo.__pad);
		/* The one pointer is the caller's, as it passed it. */
		EXPECT_TRUE(c->info == 0 || c->info == 8 ||
			    c->info == (__u64)(unsigned long)&info);
	}
	/* Three calls with a delivery each, two without. */
	EXPECT_EQ(8, records);
	EXPECT_EQ(0, suspicious);
	ksft_print_msg("figure: privilege: %ld records checked: %ld kernel addresses, padding all zero\n",
		       records, suspicious);
	close(self_fd);
}

TEST_HARNESS_MAIN
