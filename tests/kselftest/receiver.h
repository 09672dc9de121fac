/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The other side of a signal: a child process that tells the test what it
 * received (sigtimedwait() on the signals it blocks) and what is pending
 * for it, through a pipe; and what /proc says about a process's state and
 * pending sets. Tests hold the records against both.
 */
#ifndef PIDFDTRACE_RECEIVER_H
#define PIDFDTRACE_RECEIVER_H

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "pidfdtrace_test.h"

/* Commands to a receiver, one byte each. */
#define RECEIVER_WAIT		'w'	/* take one blocked signal, wait 5 s */
#define RECEIVER_POLL		'p'	/* take one blocked signal, no wait */
#define RECEIVER_PENDING	's'	/* report sigpending() */

/* What a receiver reports. */
struct received {
	int err;		/* 0, or sigtimedwait()'s errno (EAGAIN: none) */
	int signo;
	int code;
	int error;		/* si_errno */
	int pid;
	unsigned int uid;
	int value;		/* si_value.sival_int */
	unsigned long long pending;	/* bit N-1: signal N */
};

struct receiver_config {
	const char *comm;
	sigset_t block;		/* blocked: taken only by RECEIVER_WAIT/POLL */
	bool no_sigpending;	/* RLIMIT_SIGPENDING 0: nothing queues */
	bool new_pgrp;		/* in a process group of its own */
};

struct receiver {
	pid_t pid;
	int cmd;		/* test -> receiver */
	int rep;		/* receiver -> test */
};

static inline unsigned long long sigset_bits(const sigset_t *set)
{
	unsigned long long bits = 0;
	int sig;

	for (sig = 1; sig <= 64; sig++)
		if (sigismember(set, sig) == 1)
			bits |= 1ULL << (sig - 1);
	return bits;
}

/* What sigpending() says: the thread's and the process's pending. */
static inline unsigned long long receiver_pending(void)
{
	sigset_t pending;

	return sigpending(&pending) ? ~0ULL : sigset_bits(&pending);
}

static inline void receiver_take(const sigset_t *set, long timeout_s,
				 struct received *got)
{
	struct timespec ts = { .tv_sec = timeout_s };
	siginfo_t si;

	memset(got, 0, sizeof(*got));
	memset(&si, 0, sizeof(si));
	if (sigtimedwait(set, &si, &ts) < 0) {
		got->err = errno;
	} else {
		got->signo = si.si_signo;
		got->code = si.si_code;
		got->error = si.si_errno;
		got->pid = si.si_pid;
		got->uid = si.si_uid;
		got->value = si.si_value.sival_int;
	}
	got->pending = receiver_pending();
}

static inline void receiver_main(const struct receiver_config *cfg, int cmd,
				  int rep)
{
	struct rlimit none = { 0, 0 };
	struct received got;
	char c = 0;

	signal(SIGUSR1, on_signal_do_nothing);
	signal(SIGUSR2, on_signal_do_nothing);
	signal(SIGPIPE, SIG_IGN);
	prctl(PR_SET_NAME, cfg->comm ? cfg->comm : "pft-receiver");
	if (cfg->new_pgrp && setpgid(0, 0))
		_exit(1);
	if (sigprocmask(SIG_BLOCK, &cfg->block, NULL))
		_exit(1);
	if (cfg->no_sigpending && setrlimit(RLIMIT_SIGPENDING, &none))
		_exit(1);
	if (write(rep, &c, 1) != 1)
		_exit(1);
	while (read(cmd, &c, 1) == 1) {
		if (c == RECEIVER_WAIT || c == RECEIVER_POLL) {
			receiver_take(&cfg->block, c == RECEIVER_WAIT ? 5 : 0,
				      &got);
		} else {
			memset(&got, 0, sizeof(got));
			got.pending = receiver_pending();
		}
		if (write(rep, &got, sizeof(got)) != sizeof(got))
			_exit(1);
	}
	_exit(0);
}

/* Starts a receiver; returns 0 once it is set up, or -1. */
static inline int receiver_spawn(struct receiver *r,
				 const struct receiver_config *cfg)
{
	int cmd[2], rep[2];
	char c;

	r->pid = -1;
	r->cmd = r->rep = -1;
	if (pipe(cmd))
		return -1;
	if (pipe(rep)) {
		close(cmd[0]);
		close(cmd[1]);
		return -1;
	}
	r->pid = fork_child();
	if (r->pid == 0) {
		close(cmd[1]);
		close(rep[0]);
		receiver_main(cfg, cmd[0], rep[1]);
	}
	close(cmd[0]);
	close(rep[1]);
	r->cmd = cmd[1];
	r->rep = rep[0];
	if (r->pid < 0 || read(r->rep, &c, 1) != 1)
		return -1;
	return 0;
}

/*
 * Sends @cmd and reads the answer, waiting at most 10 s; returns 0, or -1
 * when the receiver did not answer (dead, stopped).
 */
static inline int receiver_ask(struct receiver *r, char cmd,
			       struct received *got)
{
	struct pollfd pfd = { .fd = r->rep, .events = POLLIN };

	if (write(r->cmd, &cmd, 1) != 1)
		return -1;
	if (poll(&pfd, 1, 10000) != 1)
		return -1;
	return read(r->rep, got, sizeof(*got)) == sizeof(*got) ? 0 : -1;
}

static inline void receiver_stop(struct receiver *r)
{
	if (r->pid > 0)
		reap(r->pid);
	if (r->cmd >= 0)
		close(r->cmd);
	if (r->rep >= 0)
		close(r->rep);
	r->pid = -1;
	r->cmd = r->rep = -1;
}

/* The state letter of thread @tid of @pid in /proc ('R', 'S', 'T', 'Z'...). */
static inline char proc_state(pid_t pid, pid_t tid)
{
	char path[64], stat[512], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", pid, tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, stat, sizeof(stat) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	stat[n] = '\0';
	p = strrchr(stat, ')');
	return p && p[1] == ' ' ? p[2] : 0;
}

/* Waits up to 10 s for thread @tid of @pid to be in @state. */
static inline bool wait_proc_state(pid_t pid, pid_t tid, char state)
{
	long long end = now_ms() + 10000;

	while (proc_state(pid, tid) != state) {
		if (now_ms() > end)
			return false;
		usleep(1000);
	}
	return true;
}

/*
 * A signal mask of /proc/@pid/status: "SigPnd" (the thread's pending),
 * "ShdPnd" (the process's), "SigBlk", "SigIgn". ~0ULL when unreadable.
 */
static inline unsigned long long proc_sigmask(pid_t pid, const char *field)
{
	char path[64], line[256];
	unsigned long long mask = ~0ULL;
	size_t len = strlen(field);
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "re");
	if (!f)
		return mask;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, len) && line[len] == ':') {
			mask = strtoull(line + len + 1, NULL, 16);
			break;
		}
	fclose(f);
	return mask;
}

/* Bit N-1 for signal N, as the records' discarded set and /proc have it. */
#define SIGBIT(sig)	(1ULL << ((sig) - 1))

#endif /* PIDFDTRACE_RECEIVER_H */
