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

/* "ESRCH", or "E123" when it has no name. */
const char *errno_name(int err, char *buf, size_t size);

/* "No such process" */
const char *errno_text(int err);

/*
 * Names of the module's enums and of single flag bits; NULL for values this
 * reader predates, which are then printed as numbers.
 */
const char *fd_kind_name(unsigned int kind);
const char *target_state_name(unsigned int state);
const char *target_source_name(unsigned int source);
const char *siginfo_state_name(unsigned int state);
const char *scope_name(unsigned int scope);
const char *outcome_name(unsigned int outcome);
const char *effect_name(unsigned int effect);
const char *missed_reason_name(unsigned int reason);

/* "2.0"; "1" for the modules before ABI 2, which had no minor. */
const char *abi_version_name(unsigned int version, char *buf, size_t size);

#endif /* PIDFDTRACE_DECODE_H */
