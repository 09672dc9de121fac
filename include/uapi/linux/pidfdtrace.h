/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * pidfdtrace - the ABI between the pidfdtrace module and its readers.
 *
 * The module creates /dev/pidfdtrace. This header is the only definition
 * of what crosses that device; the module and the pidfdtrace(8) reader both
 * include it.
 *
 * Readers
 *   Every open() of the device is an independent reader with its own
 *   buffer: two readers each see every record. Only CAP_SYS_ADMIN or
 *   CAP_PERFMON in the initial user namespace may open it (EPERM).
 *
 * read()
 *   Returns whole records only, as many as fit in the buffer; EINVAL when
 *   the buffer is smaller than the next record (a buffer of
 *   PIDFDTRACE_RECORD_MAX_SIZE bytes always fits one). Blocks until records
 *   arrive unless the file is O_NONBLOCK (EAGAIN); poll/select/epoll report
 *   EPOLLIN when a read would not block. When copying to the buffer fails,
 *   nothing is consumed (EFAULT).
 *
 * Records
 *   Each record starts with struct pidfdtrace_record_header; its size field
 *   covers the whole record, is a multiple of 8 and may grow in later ABI
 *   versions: walk records by size, and skip types you don't know.
 *   Every record of type CALL or DELIVERY has a sequence number, global to
 *   the module and the same for every reader, taken when the record is
 *   made. A call's number is taken when the call starts; its deliveries,
 *   made while it runs, reach readers before it does, with higher numbers.
 *
 * Losses
 *   A reader whose buffer is full loses new records, and only that reader
 *   does. Each loss is counted: before the next record the reader gets, it
 *   gets a LOST record with the count. For every reader,
 *   records received + records lost == records that passed its filter.
 *
 * Compatibility: PIDFDTRACE_ABI_VERSION changes whenever a structure or an
 * ioctl below changes in a way an existing reader would misread. A reader
 * asks the module for its version with PIDFDTRACE_IOC_ABI_VERSION before it
 * reads anything, and refuses to go on if the two differ.
 */
#ifndef _UAPI_LINUX_PIDFDTRACE_H
#define _UAPI_LINUX_PIDFDTRACE_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define PIDFDTRACE_DEVICE	"/dev/pidfdtrace"
#define PIDFDTRACE_ABI_VERSION	1

/* The largest record of this ABI version. */
#define PIDFDTRACE_RECORD_MAX_SIZE	256

enum pidfdtrace_record_type {
	PIDFDTRACE_RECORD_CALL		= 1,	/* struct pidfdtrace_call */
	PIDFDTRACE_RECORD_DELIVERY	= 2,	/* struct pidfdtrace_delivery */
	PIDFDTRACE_RECORD_LOST		= 3,	/* struct pidfdtrace_lost */
};

struct pidfdtrace_record_header {
	__u16 type;		/* enum pidfdtrace_record_type */
	__u16 size;		/* bytes, this header included */
	__u32 cpu;		/* CPU the record was made on */
	__u64 seq;		/* sequence number; 0 for LOST records */
	__u64 time_ns;		/* CLOCK_MONOTONIC */
};

/* Comm is copied as the kernel holds it: NUL-terminated, any other bytes. */
#define PIDFDTRACE_COMM_LEN	16

/*
 * A task. pid and tgid are global (as the initial pid namespace sees them),
 * ns_pid is the task's pid as the namespace named where it is used sees it
 * (0: not visible there), uid is the real uid in the initial user
 * namespace.
 */
struct pidfdtrace_task {
	__u32 pid;
	__u32 tgid;
	__u32 ns_pid;
	__u32 uid;
	char comm[PIDFDTRACE_COMM_LEN];
};

/* What the fd passed to pidfd_send_signal() was. */
enum pidfdtrace_fd_kind {
	PIDFDTRACE_FD_NONE		= 0,	/* no open file: EBADF */
	PIDFDTRACE_FD_OTHER		= 1,	/* neither a pidfd nor /proc/<pid>: EBADF */
	PIDFDTRACE_FD_PIDFD		= 2,	/* pidfd_open(), clone(CLONE_PIDFD) */
	PIDFDTRACE_FD_PIDFD_THREAD	= 3,	/* pidfd_open(PIDFD_THREAD), 6.9+ */
	PIDFDTRACE_FD_PROC		= 4,	/* a /proc/<pid> directory */
};

/* The target's state when the call started. */
enum pidfdtrace_target_state {
	PIDFDTRACE_TARGET_UNKNOWN	= 0,	/* the fd names no process */
	PIDFDTRACE_TARGET_ALIVE		= 1,
	PIDFDTRACE_TARGET_EXITED	= 2,	/* exited, not yet reaped */
	PIDFDTRACE_TARGET_REAPED	= 3,	/* gone: the call fails with ESRCH */
};

enum pidfdtrace_siginfo_state {
	PIDFDTRACE_SIGINFO_NONE		= 0,	/* info was NULL */
	PIDFDTRACE_SIGINFO_READ		= 1,	/* fields below are valid */
	PIDFDTRACE_SIGINFO_UNREADABLE	= 2,	/* info could not be read */
};

/*
 * The siginfo_t the caller passed, as raw fields: pid and uid are the
 * si_pid and si_uid slots, value the si_value slot (sival_int in its low
 * 32 bits on little-endian); which of them mean something depends on code.
 */
struct pidfdtrace_siginfo {
	__s32 signo;
	__s32 error;
	__s32 code;
	__s32 pid;
	__u32 uid;
	__u32 __pad;
	__u64 value;
};

/* One pidfd_send_signal() call, made when it returns. */
struct pidfdtrace_call {
	struct pidfdtrace_record_header hdr;	/* time_ns: when it started */
	__u64 duration_ns;

	/* The arguments, raw. */
	__s32 pidfd;
	__s32 sig;
	__u64 info;		/* the siginfo_t pointer, a user address */
	__u32 flags;		/* PIDFD_SIGNAL_* */
	__s32 ret;		/* 0 or -errno */

	/* The caller. ns_pid: as its own pid namespace sees it. */
	struct pidfdtrace_task sender;
	__u32 sender_pidns;	/* inode number of its pid namespace */
	__u32 __pad0;
	__u64 sender_cgroup;	/* cgroup v2 id (0: no cgroup v2) */

	/* The fd and the process it names. ns_pid: as the sender sees it. */
	__u16 fd_kind;		/* enum pidfdtrace_fd_kind */
	__u16 target_state;	/* enum pidfdtrace_target_state */
	__u32 __pad1;
	struct pidfdtrace_task target;

	__u32 siginfo_state;	/* enum pidfdtrace_siginfo_state */
	__u32 __pad2;
	struct pidfdtrace_siginfo siginfo;
};

/* Which tasks a signal was sent to: the kernel's enum pid_type. */
enum pidfdtrace_scope {
	PIDFDTRACE_SCOPE_THREAD		= 0,	/* PIDTYPE_PID */
	PIDFDTRACE_SCOPE_PROCESS	= 1,	/* PIDTYPE_TGID */
	PIDFDTRACE_SCOPE_PROCESS_GROUP	= 2,	/* PIDTYPE_PGID */
	PIDFDTRACE_SCOPE_SESSION	= 3,	/* PIDTYPE_SID */
};

/* What the kernel did with a signal (the signal_generate tracepoint's result). */
enum pidfdtrace_outcome {
	PIDFDTRACE_OUTCOME_QUEUED	= 0,	/* now pending for the target */
	PIDFDTRACE_OUTCOME_IGNORED	= 1,	/* discarded: ignored by the target */
	PIDFDTRACE_OUTCOME_ALREADY_PENDING = 2,	/* merged into a pending one */
	PIDFDTRACE_OUTCOME_OVERFLOW	= 3,	/* realtime queue full: failed */
};

/* One signal the kernel generated for a traced call, made when it was. */
struct pidfdtrace_delivery {
	struct pidfdtrace_record_header hdr;
	__u64 call_seq;		/* hdr.seq of the call that caused it */
	struct pidfdtrace_task target;	/* ns_pid: as the sender sees it */
	__s32 sig;
	__s32 si_code;
	__u16 scope;		/* enum pidfdtrace_scope */
	__u16 outcome;		/* enum pidfdtrace_outcome */
	__s32 ret;		/* what the kernel's signal function returned */
};

/* Records this reader lost since the previous record it got. */
struct pidfdtrace_lost {
	struct pidfdtrace_record_header hdr;
	__u64 count;
};

/* Per-reader filter: a record reaches the reader only if it passes all set. */
#define PIDFDTRACE_FILTER_SENDER_TGID	(1U << 0)
#define PIDFDTRACE_FILTER_TARGET_TGID	(1U << 1)
#define PIDFDTRACE_FILTER_SIGNALS	(1U << 2)
#define PIDFDTRACE_FILTER_FAILED	(1U << 3)

/*
 * Deliveries pass a filter when their call does, judged on what is known
 * when they happen: the sender, the call's target and the signal. With
 * PIDFDTRACE_FILTER_FAILED (failed calls only) no deliveries are sent.
 * Records a filter drops are not counted as lost.
 */
struct pidfdtrace_filter {
	__u32 mask;		/* PIDFDTRACE_FILTER_* */
	__u32 sender_tgid;	/* global */
	__u32 target_tgid;	/* global; the call's target */
	__u32 __pad;
	__u64 signals[2];	/* bit N: signal N passes (0..127) */
};

/*
 * Counters since the module was loaded, and for the asking reader. The
 * probes are armed only while someone reads: hits count what they saw then.
 */
struct pidfdtrace_stats {
	__u64 syscall_hits;	/* pidfd_send_signal calls seen */
	__u64 signal_hits;	/* signals seen by the signal probe, any cause */
	__u64 calls;		/* call records made */
	__u64 deliveries;	/* delivery records made */
	__u64 syscall_missed;	/* calls the probe missed (nmissed) */
	__u64 signal_missed;	/* signals the probe missed (nmissed) */
	__u64 readers;		/* readers open now */
	__u64 lost;		/* records lost, all readers, open or closed */
	/* The asking reader. */
	__u64 reader_records;	/* records put in its buffer */
	__u64 reader_lost;	/* records it lost */
	__u64 reader_filtered;	/* records its filter dropped */
	__u32 buffer_size;	/* bytes */
	__u32 __pad;
	char syscall_symbol[64];	/* what is probed */
	char signal_symbol[64];
};

#define PIDFDTRACE_BUFFER_MIN	4096U
#define PIDFDTRACE_BUFFER_MAX	(256U << 20)

#define PIDFDTRACE_IOC_MAGIC	0xf7

/* The module's PIDFDTRACE_ABI_VERSION. */
#define PIDFDTRACE_IOC_ABI_VERSION	_IOR(PIDFDTRACE_IOC_MAGIC, 0x00, __u32)
#define PIDFDTRACE_IOC_GET_STATS	_IOR(PIDFDTRACE_IOC_MAGIC, 0x01, struct pidfdtrace_stats)
/* Replaces this reader's filter; a zero mask passes everything. */
#define PIDFDTRACE_IOC_SET_FILTER	_IOW(PIDFDTRACE_IOC_MAGIC, 0x02, struct pidfdtrace_filter)
/*
 * This reader's buffer size in bytes: a power of two from
 * PIDFDTRACE_BUFFER_MIN to PIDFDTRACE_BUFFER_MAX (else EINVAL). Buffered
 * records are kept; EBUSY when they would not fit.
 */
#define PIDFDTRACE_IOC_SET_BUFFER_SIZE	_IOW(PIDFDTRACE_IOC_MAGIC, 0x03, __u32)

#endif /* _UAPI_LINUX_PIDFDTRACE_H */
