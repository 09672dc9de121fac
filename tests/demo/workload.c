// SPDX-License-Identifier: GPL-2.0
/*
 * The demo's workload: a supervisor that signals its workers through
 * pidfds the ways real ones do, successes and failures alike.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef PIDFD_SIGNAL_PROCESS_GROUP
#define PIDFD_SIGNAL_PROCESS_GROUP	(1U << 2)
#endif

static void on_signal(int sig)
{
	(void)sig;
}

static pid_t spawn(const char *comm, pid_t pgrp)
{
	pid_t pid = fork();

	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		prctl(PR_SET_NAME, comm);
		if (pgrp >= 0)
			setpgid(0, pgrp);
		signal(SIGTERM, on_signal);
		signal(SIGHUP, on_signal);
		signal(SIGUSR1, on_signal);
		for (;;)
			pause();
	}
	if (pgrp >= 0)
		setpgid(pid, pgrp ? pgrp : pid);
	usleep(20000);
	return pid;
}

static int send(int pidfd, int sig, siginfo_t *info, unsigned int flags,
		const char *what)
{
	int ret = syscall(SYS_pidfd_send_signal, pidfd, sig, info, flags);

	printf("workload: %-44s -> %s\n", what, ret ? strerror(errno) : "ok");
	return ret;
}

static int has_pidfd_signal_flags(void)
{
	struct utsname u;
	int major = 0, minor = 0;

	if (uname(&u) || sscanf(u.release, "%d.%d", &major, &minor) != 2)
		return 0;
	return major > 6 || (major == 6 && minor >= 9);
}

int main(void)
{
	pid_t web, cache, gone, leader, members[2];
	int web_fd, cache_fd, gone_fd, proc_fd, self_fd, group_fd, closed;
	siginfo_t info = {};
	char path[64];
	int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	prctl(PR_SET_NAME, "supervisor");

	web = spawn("web-worker", -1);
	cache = spawn("cache-worker", -1);
	web_fd = syscall(SYS_pidfd_open, web, 0);
	cache_fd = syscall(SYS_pidfd_open, cache, 0);

	send(web_fd, 0, NULL, 0, "health check of web-worker (signal 0)");
	send(web_fd, SIGHUP, NULL, 0, "SIGHUP to web-worker: reload");
	send(cache_fd, SIGCONT, NULL, 0, "SIGCONT to a running cache-worker");
	send(cache_fd, SIGSTOP, NULL, 0, "SIGSTOP to cache-worker: pause");
	usleep(20000);
	send(cache_fd, SIGCONT, NULL, 0, "SIGCONT to the stopped cache-worker");

	snprintf(path, sizeof(path), "/proc/%d", cache);
	proc_fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	send(proc_fd, SIGUSR1, NULL, 0, "SIGUSR1 through a /proc/<pid> fd");

	self_fd = syscall(SYS_pidfd_open, getpid(), 0);
	signal(SIGUSR1, on_signal);
	info.si_signo = SIGUSR1;
	info.si_code = SI_QUEUE;
	info.si_pid = getpid();
	info.si_uid = getuid();
	info.si_value.sival_int = 7;
	send(self_fd, SIGUSR1, &info, 0, "SIGUSR1 with SI_QUEUE siginfo to itself");
	info.si_code = SI_USER;
	send(web_fd, SIGUSR1, &info, 0, "forged SI_USER siginfo to web-worker");

	gone = fork();
	if (gone == 0)
		_exit(0);
	gone_fd = syscall(SYS_pidfd_open, gone, 0);
	waitpid(gone, NULL, 0);
	send(gone_fd, SIGTERM, NULL, 0, "SIGTERM to a child already reaped");

	closed = dup(web_fd);
	close(closed);
	send(closed, SIGTERM, NULL, 0, "SIGTERM through a closed fd");
	send(web_fd, SIGTERM, NULL, 0x80, "SIGTERM with an unknown flag");

	if (has_pidfd_signal_flags()) {
		leader = spawn("batch-leader", 0);
		for (i = 0; i < 2; i++)
			members[i] = spawn("batch-member", leader);
		group_fd = syscall(SYS_pidfd_open, leader, 0);
		send(group_fd, SIGTERM, NULL, PIDFD_SIGNAL_PROCESS_GROUP,
		     "SIGTERM to batch-leader's process group");
		send(group_fd, SIGKILL, NULL, PIDFD_SIGNAL_PROCESS_GROUP,
		     "SIGKILL to batch-leader's process group");
		waitpid(leader, NULL, 0);
		for (i = 0; i < 2; i++)
			waitpid(members[i], NULL, 0);
	}

	send(web_fd, SIGKILL, NULL, 0, "SIGKILL to web-worker: shutdown");
	send(cache_fd, SIGTERM, NULL, 0, "SIGTERM to cache-worker: shutdown");
	waitpid(web, NULL, 0);
	kill(cache, SIGKILL);
	waitpid(cache, NULL, 0);
	return 0;
}
