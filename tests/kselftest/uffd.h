/* SPDX-License-Identifier: GPL-2.0 */
/*
 * userfaultfd for the tests: memory whose first touch, by the kernel too,
 * blocks the toucher until the test resolves it. With the caller's siginfo
 * on such a page, pidfd_send_signal() stops inside the kernel's siginfo
 * copy for as long as the test wants: calls in flight on demand, and a
 * moment between the kernel's reads to change the memory in.
 */
#ifndef PIDFDTRACE_UFFD_H
#define PIDFDTRACE_UFFD_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/userfaultfd.h>

#include "pidfdtrace_test.h"

#ifndef __NR_userfaultfd
#define __NR_userfaultfd 323	/* x86_64 */
#endif

/*
 * A userfaultfd that handles faults of the kernel too (not
 * UFFD_USER_MODE_ONLY: root may), non-blocking. Returns it, or -errno:
 * -ENOSYS without CONFIG_USERFAULTFD, -EPERM when not allowed.
 */
static inline int uffd_open(void)
{
	struct uffdio_api api = { .api = UFFD_API };
	int fd = syscall(__NR_userfaultfd, O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return -errno;
	if (ioctl(fd, UFFDIO_API, &api)) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

/* Registers [@addr, @addr + @len) for missing-page faults. */
static inline int uffd_register(int uffd, void *addr, size_t len)
{
	struct uffdio_register reg = {
		.range = { .start = (unsigned long)addr, .len = len },
		.mode = UFFDIO_REGISTER_MODE_MISSING,
	};

	return ioctl(uffd, UFFDIO_REGISTER, &reg) ? -errno : 0;
}

/*
 * Waits until @n faults have been reported, at most @timeout_ms in all;
 * returns how many were. The address of the last goes to @addr.
 */
static inline int uffd_wait_faults(int uffd, int n, int timeout_ms,
				   unsigned long *addr)
{
	long long end = now_ms() + timeout_ms;
	struct uffd_msg msg;
	int got = 0;

	while (got < n) {
		struct pollfd pfd = { .fd = uffd, .events = POLLIN };
		long long left = end - now_ms();

		if (left <= 0 || poll(&pfd, 1, left) <= 0)
			break;
		if (read(uffd, &msg, sizeof(msg)) != sizeof(msg))
			continue;
		if (msg.event != UFFD_EVENT_PAGEFAULT)
			continue;
		if (addr)
			*addr = msg.arg.pagefault.address;
		got++;
	}
	return got;
}

/* Resolves the faults on the page at @dst with a copy of @src. */
static inline int uffd_copy(int uffd, void *dst, const void *src, size_t len)
{
	struct uffdio_copy copy = {
		.dst = (unsigned long)dst,
		.src = (unsigned long)src,
		.len = len,
	};

	return ioctl(uffd, UFFDIO_COPY, &copy) ? -errno : 0;
}

/* Resolves the faults on the page at @dst with zeroes. */
static inline int uffd_zeropage(int uffd, void *dst, size_t len)
{
	struct uffdio_zeropage zero = {
		.range = { .start = (unsigned long)dst, .len = len },
	};

	return ioctl(uffd, UFFDIO_ZEROPAGE, &zero) ? -errno : 0;
}

/* @pages pages of anonymous memory, or NULL. */
static inline void *uffd_map(size_t pages)
{
	void *p = mmap(NULL, pages * getpagesize(), PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

#endif /* PIDFDTRACE_UFFD_H */
