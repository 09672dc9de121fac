/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the pidfdtrace kselftests: loading and unloading the
 * module, and watching the kernel log.
 *
 * The module file is $PIDFDTRACE_KO (the VM runner sets it).
 */
#ifndef PIDFDTRACE_TEST_H
#define PIDFDTRACE_TEST_H

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PIDFDTRACE_MODULE "pidfdtrace"

static inline const char *pidfdtrace_ko_path(void)
{
	const char *path = getenv("PIDFDTRACE_KO");

	return path ? path : "/lib/modules/pidfdtrace.ko";
}

/* Loads the module with @params; returns 0 or -errno. */
static inline int pidfdtrace_load(const char *params)
{
	int fd, ret;

	fd = open(pidfdtrace_ko_path(), O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = syscall(SYS_finit_module, fd, params ? params : "", 0);
	ret = ret ? -errno : 0;
	close(fd);
	return ret;
}

/* Unloads the module; returns 0 or -errno (-ENOENT: it was not loaded). */
static inline int pidfdtrace_unload(void)
{
	return syscall(SYS_delete_module, PIDFDTRACE_MODULE, O_NONBLOCK) ?
		       -errno : 0;
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
