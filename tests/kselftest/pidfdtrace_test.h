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
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

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

static inline pid_t sys_gettid(void)
{
	return syscall(SYS_gettid);
}

/* A reader of /dev/pidfdtrace: non-blocking, @size bytes (0: default). */
static inline int reader_open(unsigned int size)
{
	int fd = open(PIDFDTRACE_DEVICE, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0 && size &&
	    ioctl(fd, PIDFDTRACE_IOC_SET_BUFFER_SIZE, &size)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* What a test read from a reader. */
struct trace {
	size_t len;
	char buf[8 << 20];
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
