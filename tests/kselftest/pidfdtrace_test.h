/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the pidfdtrace kselftests: loading the module, reading
 * records, making processes to signal, and watching the kernel log.
 *
 * The module file is $PIDFDTRACE_KO (the VM runner sets it), or the
 * module is found by name when PIDFDTRACE_LOAD=modprobe.
 */
#ifndef PIDFDTRACE_TEST_H
#define PIDFDTRACE_TEST_H

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/magic.h>
#include <linux/pidfdtrace.h>

#define PIDFDTRACE_MODULE "pidfdtrace"

/* From linux/pidfd.h of 6.9+, which the build host may not have. */
#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL
#endif
#ifndef PIDFD_SIGNAL_THREAD
#define PIDFD_SIGNAL_THREAD		(1UL << 0)
#define PIDFD_SIGNAL_THREAD_GROUP	(1UL << 1)
#define PIDFD_SIGNAL_PROCESS_GROUP	(1UL << 2)
#endif

static inline const char *pidfdtrace_ko_path(void)
{
	const char *path = getenv("PIDFDTRACE_KO");

	return path ? path : "/lib/modules/pidfdtrace.ko";
}

/*
 * With PIDFDTRACE_LOAD=modprobe, loads the module by name the way users do,
 * from /lib/modules/$(uname -r) (errors come back as -EIO: modprobe only
 * has an exit status).
 */
static inline int pidfdtrace_modprobe(const char *params)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "modprobe %s %s", PIDFDTRACE_MODULE,
		 params ? params : "");
	return system(cmd) ? -EIO : 0;
}

/* Loads the module with @params; returns 0 or -errno. */
static inline int pidfdtrace_load(const char *params)
{
	const char *how = getenv("PIDFDTRACE_LOAD");
	int fd, ret;

	if (how && !strcmp(how, "modprobe"))
		return pidfdtrace_modprobe(params);
	fd = open(pidfdtrace_ko_path(), O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = syscall(SYS_finit_module, fd, params ? params : "", 0);
	ret = ret ? -errno : 0;
	close(fd);
	return ret;
}

/*
 * Unloads the module; returns 0 or -errno (-ENOENT: it was not loaded).
 * While it is in use, retries for up to 10 seconds: the children of a test
 * killed by the harness may still be closing the device. A reference held
 * for longer than that is a bug, and fails with -EWOULDBLOCK.
 */
static inline int pidfdtrace_unload(void)
{
	int tries;

	for (tries = 0; tries < 1000; tries++) {
		if (!syscall(SYS_delete_module, PIDFDTRACE_MODULE, O_NONBLOCK))
			return 0;
		if (errno != EWOULDBLOCK)
			break;
		usleep(10000);
	}
	return -errno;
}

/* Milliseconds on the monotonic clock. */
static inline long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/*
 * Tests bounded in time run for PIDFDTRACE_TEST_SECONDS (default
 * @seconds): make check keeps them short, make stress runs them longer.
 * Returns the deadline, in now_ms() time.
 */
static inline long long test_deadline(int seconds)
{
	const char *env = getenv("PIDFDTRACE_TEST_SECONDS");

	if (env && atoi(env) > 0)
		seconds = atoi(env);
	return now_ms() + seconds * 1000LL;
}

/* The number in environment variable @name, or @def. */
static inline long env_long(const char *name, long def)
{
	const char *env = getenv(name);

	return env && atol(env) > 0 ? atol(env) : def;
}

/* True from kernel @major.@minor on. */
static inline bool kernel_at_least(int major, int minor)
{
	struct utsname u;
	int ma = 0, mi = 0;

	if (uname(&u) || sscanf(u.release, "%d.%d", &ma, &mi) != 2)
		return false;
	return ma > major || (ma == major && mi >= minor);
}

/*
 * What the kernel does with a signal to a process in group exit: on the
 * kernels tested from 6.1 on, prepare_signal() drops it (IGNORED); 5.10's
 * let it through to the pending check, where the bit a dying process keeps
 * merges it (ALREADY_PENDING). A record must say which its kernel did.
 */
static inline int dying_target_outcome(void)
{
	return kernel_at_least(6, 1) ? PIDFDTRACE_OUTCOME_IGNORED :
				       PIDFDTRACE_OUTCOME_ALREADY_PENDING;
}

static inline int sys_pidfd_open(pid_t pid, unsigned int flags)
{
	return syscall(SYS_pidfd_open, pid, flags);
}

static inline int sys_pidfd_send_signal(int pidfd, int sig, siginfo_t *info,
					unsigned int flags)
{
	return syscall(SYS_pidfd_send_signal, pidfd, sig, info, flags);
}

/* Runs pidfd_send_signal() and returns 0 or -errno, as the record has it. */
static inline int pidfd_send(int pidfd, int sig, siginfo_t *info,
			     unsigned int flags)
{
	return sys_pidfd_send_signal(pidfd, sig, info, flags) ? -errno : 0;
}

/* @n calls of signal 0: one call record each, no delivery; 0 or -1. */
static inline int send_n(int pidfd, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (pidfd_send(pidfd, 0, NULL, 0))
			return -1;
	return 0;
}

static inline pid_t sys_gettid(void)
{
	return syscall(SYS_gettid);
}

/*
 * A reader of /dev/pidfdtrace, non-blocking, of @size bytes (0: the
 * module's default), not started: it gets nothing until reader_start().
 */
static inline int reader_open_stopped(unsigned int size)
{
	int fd = open(PIDFDTRACE_DEVICE, O_RDWR | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0 && size &&
	    ioctl(fd, PIDFDTRACE_IOC_SET_BUFFER_SIZE, &size)) {
		close(fd);
		return -1;
	}
	return fd;
}

static inline int reader_start(int fd)
{
	return ioctl(fd, PIDFDTRACE_IOC_START) ? -errno : 0;
}

/* A started reader of @size bytes (0: default); -1 on failure. */
static inline int reader_open(unsigned int size)
{
	int fd = reader_open_stopped(size);

	if (fd >= 0 && reader_start(fd)) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Keeps the calling thread on the CPU it runs on: a reader's buffer is per
 * CPU, so a test that counts what one buffer holds sends from one CPU.
 */
static inline int pin_to_this_cpu(void)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(sched_getcpu(), &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

/* Call records a reader of PIDFDTRACE_BUFFER_MIN bytes holds (per CPU). */
#define MIN_BUFFER_CALLS \
	((int)(PIDFDTRACE_BUFFER_MIN / sizeof(struct pidfdtrace_call)))

/* What a test read from a reader. */
struct trace {
	size_t len;
	char buf[16 << 20];
};

/* Appends all @fd has now to @t; returns bytes read, or -errno. */
static inline ssize_t reader_drain(int fd, struct trace *t)
{
	ssize_t n, total = 0;

	for (;;) {
		n = read(fd, t->buf + t->len, sizeof(t->buf) - t->len);
		if (n < 0)
			return errno == EAGAIN ? total : -errno;
		if (n == 0)
			return -ENODATA;
		t->len += n;
		total += n;
	}
}

#define trace_for_each(t, hdr)						\
	for (hdr = (const struct pidfdtrace_record_header *)(t)->buf;	\
	     (const char *)hdr < (t)->buf + (t)->len;			\
	     hdr = (const void *)((const char *)hdr + hdr->size))

/* The number of records of @type in @t. */
static inline int trace_count(const struct trace *t, int type)
{
	const struct pidfdtrace_record_header *hdr;
	int n = 0;

	trace_for_each(t, hdr)
		n += hdr->type == type;
	return n;
}

/* The @nth (from 0) call record made by process @tgid, or NULL. */
static inline const struct pidfdtrace_call *
trace_call(const struct trace *t, pid_t tgid, int nth)
{
	const struct pidfdtrace_record_header *hdr;

	trace_for_each(t, hdr) {
		const struct pidfdtrace_call *c = (const void *)hdr;

		if (hdr->type == PIDFDTRACE_RECORD_CALL &&
		    c->sender.tgid == (__u32)tgid && nth-- == 0)
			return c;
	}
	return NULL;
}

/* The @nth (from 0) delivery record of the call numbered @seq, or NULL. */
static inline const struct pidfdtrace_delivery *
trace_delivery(const struct trace *t, __u64 seq, int nth)
{
	const struct pidfdtrace_record_header *hdr;

	trace_for_each(t, hdr) {
		const struct pidfdtrace_delivery *d = (const void *)hdr;

		if (hdr->type == PIDFDTRACE_RECORD_DELIVERY &&
		    d->call_seq == seq && nth-- == 0)
			return d;
	}
	return NULL;
}

/* The number of delivery records of the call numbered @seq. */
static inline int trace_deliveries(const struct trace *t, __u64 seq)
{
	int n = 0;

	while (trace_delivery(t, seq, n))
		n++;
	return n;
}

static inline void on_signal_do_nothing(int sig)
{
	(void)sig;
}

/*
 * fork(), with the child killed when its parent dies: a test that fails
 * half-way must not leave children holding the device open, or the module
 * could not be unloaded for the tests after it.
 */
static inline pid_t fork_child(void)
{
	pid_t pid = fork();

	if (pid == 0)
		prctl(PR_SET_PDEATHSIG, SIGKILL);
	return pid;
}

/*
 * A child named @comm that waits for SIGUSR1 and SIGUSR2 with handlers
 * that do nothing, and ignores SIGPIPE; it lives until killed. Returns
 * once the child is set up (a pipe says so: polling /proc would not work
 * from inside a new pid namespace).
 */
static inline pid_t spawn_target(const char *comm)
{
	char ready = 0;
	int p[2];
	pid_t pid;

	if (pipe(p))
		return -1;
	pid = fork_child();
	if (pid == 0) {
		close(p[0]);
		signal(SIGUSR1, on_signal_do_nothing);
		signal(SIGUSR2, on_signal_do_nothing);
		signal(SIGPIPE, SIG_IGN);
		prctl(PR_SET_NAME, comm);
		if (write(p[1], &ready, 1) != 1)
			_exit(1);
		close(p[1]);
		for (;;)
			pause();
	}
	close(p[1]);
	if (pid > 0 && read(p[0], &ready, 1) != 1)
		pid = -1;
	close(p[0]);
	return pid;
}

/* A child that exits at once, reaped: its pid names nobody. */
static inline pid_t spawn_reaped(void)
{
	pid_t pid = fork_child();

	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	return pid;
}

static inline void reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* Blocks until @pid is in @state ('S', 'T', ... as in /proc/PID/stat). */
static inline void wait_state(pid_t pid, char state)
{
	char path[64], stat[256];
	int fd, i;
	ssize_t n;
	char *p;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	for (i = 0; i < 10000; i++) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return;
		n = read(fd, stat, sizeof(stat) - 1);
		close(fd);
		if (n > 0) {
			stat[n] = '\0';
			p = strrchr(stat, ')');
			if (p && p[1] == ' ' && p[2] == state)
				return;
		}
		usleep(1000);
	}
}

/* Blocks until @pid is in interruptible sleep: its handlers are set. */
static inline void wait_sleeping(pid_t pid)
{
	wait_state(pid, 'S');
}

/*
 * A process group of @n targets named @comm (see spawn_target()), led by
 * the first: @pids gets their pids. Returns 0, or -1 on failure.
 */
static inline int spawn_process_group(pid_t *pids, int n, const char *comm)
{
	int i;

	for (i = 0; i < n; i++) {
		pids[i] = spawn_target(comm);
		if (pids[i] <= 0 || setpgid(pids[i], pids[0]))
			return -1;
		wait_sleeping(pids[i]);
	}
	return 0;
}

/* The comm of process @pid, as /proc has it; "" if it cannot be read. */
static inline void proc_comm(pid_t pid, char comm[PIDFDTRACE_COMM_LEN])
{
	char path[64];
	ssize_t n = -1;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, comm, PIDFDTRACE_COMM_LEN);
		close(fd);
	}
	/* The comm ends in a newline there: its NUL goes in its place. */
	comm[n > 0 ? n - 1 : 0] = '\0';
}

/*
 * This process's audit login uid or session id (@name "loginuid" or
 * "sessionid"): PIDFDTRACE_AUDIT_UNSET when unset or without audit.
 */
static inline __u32 audit_id(const char *name)
{
	unsigned long id = PIDFDTRACE_AUDIT_UNSET;
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/%s", name);
	f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%lu", &id) != 1)
			id = PIDFDTRACE_AUDIT_UNSET;
		fclose(f);
	}
	return id;
}

/* The possible CPUs ("0-3,8-11" in sysfs); -1 if unknown. */
static inline int possible_cpus(void)
{
	FILE *f = fopen("/sys/devices/system/cpu/possible", "r");
	char line[256], *p = line;
	long first, last;
	int n = 0;

	if (!f)
		return -1;
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	fclose(f);
	while (*p >= '0' && *p <= '9') {
		first = strtol(p, &p, 10);
		last = *p == '-' ? strtol(p + 1, &p, 10) : first;
		n += last - first + 1;
		if (*p == ',')
			p++;
	}
	return n ? n : -1;
}

/* The module's maxactive by default: max(1024, 64 * possible CPUs). */
static inline unsigned int default_maxactive(void)
{
	int cpus = possible_cpus();

	return 64 * cpus > 1024 ? 64 * cpus : 1024;
}

/*
 * cgroup v2, mounted at CGROUP2_ROOT by cgroup2_mount(); cgroups are named
 * by their path under it ("" is the root). A cgroup's id is the inode
 * number of its directory.
 */
#define CGROUP2_ROOT "/tmp/cgroup2"

/* Mounts cgroup v2 unless it is mounted already; 0 or -errno. */
static inline int cgroup2_mount(void)
{
	struct statfs sfs;

	if (!statfs(CGROUP2_ROOT, &sfs) && sfs.f_type == CGROUP2_SUPER_MAGIC)
		return 0;
	mkdir(CGROUP2_ROOT, 0755);
	return mount("none", CGROUP2_ROOT, "cgroup2", 0, NULL) ? -errno : 0;
}

/* The id of cgroup @path; 0 if there is none. */
static inline __u64 cgroup_id(const char *path)
{
	char dir[512];
	struct stat st;

	snprintf(dir, sizeof(dir), CGROUP2_ROOT "/%s", path);
	return stat(dir, &st) ? 0 : st.st_ino;
}

/* Makes cgroup @path, if it is not there, and returns its id; 0 on failure. */
static inline __u64 cgroup_make(const char *path)
{
	char dir[512];

	snprintf(dir, sizeof(dir), CGROUP2_ROOT "/%s", path);
	if (mkdir(dir, 0755) && errno != EEXIST)
		return 0;
	return cgroup_id(path);
}

/* Removes cgroup @path: it must have no process and no child left. */
static inline int cgroup_remove(const char *path)
{
	char dir[512];

	snprintf(dir, sizeof(dir), CGROUP2_ROOT "/%s", path);
	return rmdir(dir) ? -errno : 0;
}

/* Moves process @pid into cgroup @path; 0 or -errno. */
static inline int cgroup_move(const char *path, pid_t pid)
{
	char procs[512];
	FILE *f;
	int ret;

	snprintf(procs, sizeof(procs), CGROUP2_ROOT "/%s/cgroup.procs", path);
	f = fopen(procs, "w");
	if (!f)
		return -errno;
	ret = fprintf(f, "%d\n", pid) > 0 ? 0 : -EIO;
	/* The write happens at the flush: its error shows there. */
	if (fclose(f))
		return -errno;
	return ret;
}

/* The id of the cgroup v2 process @pid is in; 0 if unknown. */
static inline __u64 cgroup_of(pid_t pid)
{
	char path[64], line[256];
	__u64 id = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/cgroup", pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "0::/", 4)) {
			line[strcspn(line, "\n")] = '\0';
			id = cgroup_id(line + 4);
		}
	fclose(f);
	return id;
}

/* The module unloaded if it was loaded, then loaded with @params. */
static inline int pidfdtrace_reload(const char *params)
{
	int ret = pidfdtrace_unload();

	if (ret && ret != -ENOENT)
		return ret;
	return pidfdtrace_load(params);
}

/*
 * What most tests start from: the module freshly loaded, a target child
 * named "pft-target" asleep in pause(), a pidfd for it, and a started
 * reader of the module's default size. The target comes first, so that it
 * does not inherit the reader.
 */
struct pidfdtrace_setup {
	int reader;
	pid_t target;
	int pidfd;
};

/* Returns 0, or the step that failed as a negative number. */
static inline int pidfdtrace_setup(struct pidfdtrace_setup *s,
				   const char *params)
{
	s->reader = -1;
	s->pidfd = -1;
	s->target = 0;
	if (pidfdtrace_reload(params))
		return -1;
	s->target = spawn_target("pft-target");
	if (s->target <= 0)
		return -2;
	wait_sleeping(s->target);
	s->pidfd = sys_pidfd_open(s->target, 0);
	if (s->pidfd < 0)
		return -3;
	s->reader = reader_open(0);
	if (s->reader < 0)
		return -4;
	return 0;
}

static inline void pidfdtrace_cleanup(struct pidfdtrace_setup *s)
{
	if (s->target > 0)
		reap(s->target);
	if (s->pidfd >= 0)
		close(s->pidfd);
	if (s->reader >= 0)
		close(s->reader);
	pidfdtrace_unload();
}

/*
 * The kernel log from a point on: open a kmsg_watch before the action, then
 * ask whether a line containing a string was logged since.
 */
struct kmsg_watch {
	int fd;
};

static inline int kmsg_watch_start(struct kmsg_watch *w)
{
	w->fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (w->fd < 0)
		return -errno;
	if (lseek(w->fd, 0, SEEK_END) < 0)
		return -errno;
	return 0;
}

/* True when a message logged since kmsg_watch_start() contains @needle. */
static inline bool kmsg_watch_saw(struct kmsg_watch *w, const char *needle)
{
	char rec[8192];
	bool found = false;
	ssize_t n;

	for (;;) {
		n = read(w->fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten records: keep reading */
		if (n <= 0)
			break;
		rec[n] = '\0';
		if (strstr(rec, needle))
			found = true;
	}
	return found;
}

static inline void kmsg_watch_stop(struct kmsg_watch *w)
{
	close(w->fd);
}

#endif /* PIDFDTRACE_TEST_H */
