/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Names for the numbers in pidfdtrace records, as strace prints them.
 */
#ifndef PIDFDTRACE_DECODE_H
#define PIDFDTRACE_DECODE_H

#include <stddef.h>

#include <stdbool.h>

/* True for the signals with a name: 1 to 64. */
bool signal_known(int sig);

/* "SIGTERM", "SIGRTMIN+3", "SIGRTMAX", or the number when it has no name. */
const char *signal_name(int sig, char *buf, size_t size);

/* The signal @name names ("TERM", "SIGTERM", "SIGRTMIN+3", "15"), or -1. */
int signal_parse(const char *name);

/* "PIDFD_SIGNAL_THREAD|0x80", "0" */
const char *pidfd_flags_name(unsigned int flags, char *buf, size_t size);

/* "SI_QUEUE", "CLD_EXITED", or the number when it has no name for @sig. */
const char *si_code_name(int sig, int code, char *buf, size_t size);

/* "ESRCH", or "E123" when libc has no name for it. */
const char *errno_name(int err, char *buf, size_t size);

/* "No such process" */
const char *errno_text(int err);

/* Names of the module's enums; "unknown" for values this reader predates. */
const char *fd_kind_name(unsigned int kind);
const char *target_state_name(unsigned int state);
const char *scope_name(unsigned int scope);
const char *outcome_name(unsigned int outcome);

#endif /* PIDFDTRACE_DECODE_H */
