// SPDX-License-Identifier: GPL-2.0
/*
 * Load and unload under fire: while processes keep signalling through
 * pidfds, the module is loaded, read, closed and unloaded over and over.
 * Nothing may splat (the VM runner scans the log), nothing may leak, and
 * the device must be gone after every unload.
 *
 * PIDFDTRACE_UNLOAD_CYCLES sets the cycles (default 100).
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/pidfdtrace.h>

#include "kselftest_harness.h"
#include "pidfdtrace_test.h"

#define SENDERS 3

/* A process that sends SIGUSR1 through a pidfd to @target until killed. */
static pid_t spawn_sender(pid_t target)
{
	pid_t pid = fork_child();
	int fd;

	if (pid == 0) {
		prctl(PR_SET_NAME, "pft-fire");
		fd = sys_pidfd_open(target, 0);
		for (;;) {
			pidfd_send(fd, SIGUSR1, NULL, 0);
			pidfd_send(fd, 0, NULL, 0);
			pidfd_send(-1, SIGUSR1, NULL, 0);
		}
	}
	return pid;
}

/* A value from /proc/meminfo, in kB. */
static long meminfo_kb(const char *key)
{
	char line[256];
	long value = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)) && line[strlen(key)] == ':')
			value = atol(line + strlen(key) + 1);
	if (f)
		fclose(f);
	return value;
}

/* Live objects of the kmalloc caches, from /proc/slabinfo. */
static long kmalloc_objects(void)
{
	char name[64], line[512];
	long active, total = 0;
	FILE *f = fopen("/proc/slabinfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %ld", name, &active) == 2 &&
		    !strncmp(name, "kmalloc-", 8))
			total += active;
	fclose(f);
	return total;
}

#define KMEMLEAK "/sys/kernel/debug/kmemleak"

static int kmemleak_command(const char *cmd)
{
	int fd = open(KMEMLEAK, O_WRONLY | O_CLOEXEC);
	int ret = fd >= 0 && write(fd, cmd, strlen(cmd)) == (ssize_t)strlen(cmd);

	if (fd >= 0)
		close(fd);
	return ret ? 0 : -1;
}

/*
 * Leaks kmemleak finds since its last "clear", when the kernel has it:
 * an object must stay unreferenced across two scans, 5 s apart, to count.
 */
static int kmemleak_new_leaks(void)
{
	char line[512];
	int leaks = 0;
	FILE *f;

	if (kmemleak_command("scan"))
		return -1;
	sleep(6);
	kmemleak_command("scan");
	f = fopen(KMEMLEAK, "r");
	while (f && fgets(line, sizeof(line), f))
		leaks += !strncmp(line, "unreferenced object", 19);
	if (f)
		fclose(f);
	return leaks;
}

FIXTURE(unload) {
	int unused;
};

FIXTURE_SETUP(unload)
{
}

FIXTURE_TEARDOWN(unload)
{
}

/* Each load and unload patches kernel text: slow under TCG. */
TEST_F_TIMEOUT(unload, cycles_under_fire_leave_nothing_behind, 900)
{
	int cycles = env_long("PIDFDTRACE_UNLOAD_CYCLES", 100);
	pid_t target, senders[SENDERS];
	long vmalloc_before, vmalloc_after, slab_before, slab_after;
	unsigned long long records = 0;
	const struct pidfdtrace_record_header *hdr;
	char buf[1 << 16];
	struct stat st;
	int i, c, fd, ret, leaks;
	ssize_t n, off;

	ret = pidfdtrace_unload();
	ASSERT_TRUE(ret == 0 || ret == -ENOENT);

	target = spawn_target("pft-target");
	ASSERT_LT(0, target);
	for (i = 0; i < SENDERS; i++) {
		senders[i] = spawn_sender(target);
		ASSERT_LT(0, senders[i]);
	}
	/* One cycle first: what a load leaves (kallsyms caches...) is not a leak. */
	ASSERT_EQ(0, pidfdtrace_load(NULL));
	ASSERT_EQ(0, pidfdtrace_unload());
	vmalloc_before = meminfo_kb("VmallocUsed");
	slab_before = kmalloc_objects();
	kmemleak_command("clear");

	for (c = 0; c < cycles; c++) {
		ASSERT_EQ(0, pidfdtrace_load(NULL)) TH_LOG("cycle %d", c);
		fd = open(PIDFDTRACE_DEVICE, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		ASSERT_LE(0, fd) TH_LOG("cycle %d", c);
		/* Let records flow in while signals flow, read some, leave some. */
		usleep(2000);
		n = read(fd, buf, sizeof(buf));
		ASSERT_TRUE(n > 0 || (n < 0 && errno == EAGAIN)) TH_LOG("cycle %d", c);
		for (off = 0; off < n; off += hdr->size) {
			hdr = (const void *)(buf + off);
			records++;
		}
		close(fd);
		ASSERT_EQ(0, pidfdtrace_unload()) TH_LOG("cycle %d", c);
		ASSERT_EQ(-1, stat(PIDFDTRACE_DEVICE, &st)) TH_LOG("cycle %d", c);
		ASSERT_EQ(ENOENT, errno);
	}

	for (i = 0; i < SENDERS; i++)
		reap(senders[i]);
	reap(target);
	vmalloc_after = meminfo_kb("VmallocUsed");
	slab_after = kmalloc_objects();
	leaks = kmemleak_new_leaks();

	/* A reader's ring is 1 MiB of vmalloc: one leaked ring would show. */
	EXPECT_GT(1024, vmalloc_after - vmalloc_before);
	/*
	 * kmemleak, where the kernel has it, finds what nothing points to.
	 * Without it, a leak per cycle would be at least one kmalloc object
	 * per cycle. (Not with it: the debug kernel's KASAN holds freed
	 * objects in quarantine, and slabinfo counts them.)
	 */
	if (leaks >= 0)
		EXPECT_EQ(0, leaks);
	if (leaks < 0 && slab_before >= 0)
		EXPECT_GT(cycles, slab_after - slab_before);

	ksft_print_msg("figure: unload: %d cycles of load, open, read, close, unload under %d senders; %llu records read\n",
		       cycles, SENDERS, records);
	ksft_print_msg("figure: unload: VmallocUsed %+ld kB, kmalloc objects %+ld, kmemleak %s\n",
		       vmalloc_after - vmalloc_before, slab_after - slab_before,
		       leaks < 0 ? "not in this kernel" : leaks ? "reported leaks" : "0 leaks");
}

TEST_HARNESS_MAIN
