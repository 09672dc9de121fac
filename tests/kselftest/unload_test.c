// SPDX-License-Identifier: GPL-2.0
/*
 * Load and unload under fire: while processes keep signalling through
 * pidfds, the module is loaded, read, closed and unloaded over and over.
 * Nothing may splat (the VM runner scans the log), nothing may leak, and
 * the device must be gone after every unload.
 *
 * PIDFDTRACE_UNLOAD_CYCLES sets N (default 20): a run of N cycles, then
 * one of 2N, whose leftovers are compared.
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

/* What the kernel holds: vmalloc in kB, live kmalloc objects. */
struct held {
	long vmalloc_kb;
	long kmalloc;
};

static void measure(struct held *h)
{
	h->vmalloc_kb = meminfo_kb("VmallocUsed");
	h->kmalloc = kmalloc_objects();
}

/*
 * @n cycles of load, open, read some, close and unload, while the senders
 * send; returns the records read.
 */
static unsigned long long load_cycles(struct __test_metadata *_metadata,
				      int n)
{
	const struct pidfdtrace_record_header *hdr;
	unsigned long long records = 0;
	char buf[1 << 16];
	struct stat st;
	ssize_t len, off;
	int c, fd;

	for (c = 0; c < n; c++) {
		ASSERT_EQ(0, pidfdtrace_load(NULL)) TH_LOG("cycle %d", c);
		fd = reader_open(0);
		ASSERT_LE(0, fd) TH_LOG("cycle %d", c);
		/* Let records flow in while signals flow, read some, leave some. */
		usleep(2000);
		len = read(fd, buf, sizeof(buf));
		ASSERT_TRUE(len > 0 || (len < 0 && errno == EAGAIN))
			TH_LOG("cycle %d", c);
		for (off = 0; off < len; off += hdr->size) {
			hdr = (const void *)(buf + off);
			records++;
		}
		close(fd);
		ASSERT_EQ(0, pidfdtrace_unload()) TH_LOG("cycle %d", c);
		ASSERT_EQ(-1, stat(PIDFDTRACE_DEVICE, &st)) TH_LOG("cycle %d", c);
		ASSERT_EQ(ENOENT, errno);
	}
	return records;
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
TEST_F_TIMEOUT(unload, cycles_under_fire_leave_nothing_behind, 2700)
{
	int cycles = env_long("PIDFDTRACE_UNLOAD_CYCLES", 20);
	pid_t target, senders[SENDERS];
	struct held start, mid, end;
	unsigned long long records;
	long first, second;
	int i, ret, leaks;

	ret = pidfdtrace_unload();
	ASSERT_TRUE(ret == 0 || ret == -ENOENT);

	target = spawn_target("pft-target");
	ASSERT_LT(0, target);
	for (i = 0; i < SENDERS; i++) {
		senders[i] = spawn_sender(target);
		ASSERT_LT(0, senders[i]);
	}
	/* One cycle first: what a load leaves (kallsyms caches...) is not a leak. */
	load_cycles(_metadata, 1);
	kmemleak_command("clear");
	measure(&start);
	records = load_cycles(_metadata, cycles);
	measure(&mid);
	records += load_cycles(_metadata, 2 * cycles);
	measure(&end);

	for (i = 0; i < SENDERS; i++)
		reap(senders[i]);
	reap(target);
	leaks = kmemleak_new_leaks();
	first = mid.kmalloc - start.kmalloc;
	second = end.kmalloc - mid.kmalloc;

	/* A reader's ring is 1 MiB of vmalloc: one leaked ring would show. */
	EXPECT_GT(1024, end.vmalloc_kb - start.vmalloc_kb);
	/*
	 * kmemleak, where the kernel has it (the debug kernel: make
	 * check-debug), finds any object nothing points to. Without it,
	 * slabinfo, which counts the objects of per-CPU slabs as live: the
	 * count moves by up to a few hundred objects at random, once, however
	 * many cycles. A leak grows with the cycles: K objects a cycle make
	 * the second run, twice as long, grow by N * K more than the first,
	 * and by 2N * K in all. Both tests hold from K = 10 on, out of the
	 * noise's reach at N = 20: what a cycle allocates in bulk (a reader,
	 * its filter, 1024 return probe instances, the probes' slots) would
	 * show; a single object only to kmemleak.
	 */
	if (leaks >= 0)
		EXPECT_EQ(0, leaks);
	if (leaks < 0 && start.kmalloc >= 0)
		EXPECT_FALSE(second - first >= 10 * cycles &&
			     second >= 20 * cycles)
			TH_LOG("kmalloc objects %+ld in %d cycles, %+ld in %d",
			       first, cycles, second, 2 * cycles);

	ksft_print_msg("figure: unload: %d cycles of load, open, read, close, unload under %d senders; %llu records read\n",
		       3 * cycles, SENDERS, records);
	ksft_print_msg("figure: unload: VmallocUsed %+ld kB, kmalloc objects %+ld in %d cycles then %+ld in %d, kmemleak %s\n",
		       end.vmalloc_kb - start.vmalloc_kb, first, cycles,
		       second, 2 * cycles,
		       leaks < 0 ? "not in this kernel" : leaks ? "reported leaks" : "0 leaks");
}

TEST_HARNESS_MAIN
