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
 *   buffer and filter: two readers each see every record. Only
 *   CAP_SYS_ADMIN or CAP_PERFMON in the initial user namespace may open it
 *   (EPERM). A new reader receives nothing until it starts: with
 *   PIDFDTRACE_IOC_START, or implicitly at its first read() or poll(). Set
 *   the buffer size and the filter before that, and no record is made under
 *   other settings.
 *
 * Buffers
 *   A reader has one buffer per CPU (every possible CPU, online or not):
 *   the probes on a CPU write only to that CPU's buffer, without a lock
 *   shared with other CPUs. Its size is per CPU. A reader takes records
 *   either with read(), which merges the CPUs' buffers for it, or in place
 *   through mmap() (see "Reading in place" below); not both at once.
 *
 * read()
 *   Returns whole records only, as many as fit in the buffer, merged from
 *   the CPUs' buffers in the order described under "Order"; EINVAL when
 *   the buffer is smaller than the next record (a buffer of
 *   PIDFDTRACE_RECORD_MAX_SIZE bytes always fits one). Blocks until records
 *   arrive unless the file is O_NONBLOCK (EAGAIN); poll/select/epoll report
 *   EPOLLIN when a read would not block. When copying to the buffer fails,
 *   nothing is consumed (EFAULT). EIO when a mapping's consumer position
 *   was set to something no record starts at.
 *
 * Records
 *   Each record starts with struct pidfdtrace_record_header; its size field
 *   covers the whole record, is a multiple of 8 and may grow in later minor
 *   versions (new fields are only appended): walk records by size, read
 *   the fields you know, and skip types you don't know. Every record but
 *   LOST has a sequence number, global to the module and the same for every
 *   reader, taken when the record is made. A call's number is taken when
 *   the call starts; its deliveries, made while it runs, reach readers
 *   before it does, with higher numbers.
 *
 * What is the kernel's, and what is a second look
 *   Every field is what the kernel saw or did at that moment, with these
 *   exceptions, which the records mark: a call's target when the call
 *   generated no signal (PIDFDTRACE_SOURCE_SECOND_LOOK: the module resolved
 *   the fd again, and a racing dup2() could have changed it); a call's fd
 *   kind, always the module's own look (when the call generated a signal
 *   and PIDFDTRACE_CALL_FD_CHANGED is clear, that look named the process
 *   the kernel signalled); and a siginfo read from user memory after the
 *   kernel's own copy (PIDFDTRACE_SIGINFO_USER_UNVERIFIED: the caller could
 *   have rewritten it). Whenever the call generated a signal, its target
 *   and siginfo are the ones the kernel used.
 *
 * Losses and misses
 *   A reader whose buffer is full loses new records, and only that reader
 *   does. Each loss is counted: before the next record the reader gets, it
 *   gets a LOST record with the count, and how many of them were calls. For
 *   every reader, records received + records lost == records that passed
 *   its filter. A call the probes could not trace at all reaches every
 *   reader as a MISSED record; a call whose return could not be hooked is
 *   still recorded, from its entry (PIDFDTRACE_CALL_RETURN_UNTRACED). So
 *   the calls the kernel executed while an unfiltered reader was started
 *   are its call records + the calls of its LOST records + the calls of
 *   MISSED records. Losses are per CPU: a LOST record counts what its
 *   CPU's buffer lost, and is written there, before that buffer's next
 *   record; when no record follows, the next read() or poll() writes it.
 *
 * Order
 *   A CPU's buffer holds its records in the order they were made there.
 *   Across CPUs, a merge takes, among the oldest unread record of each
 *   buffer, the one with the lowest order key: for a call record,
 *   last_seq (the number of its last delivery record, or its own number
 *   when it made none), for every other record its seq, LOST records
 *   first (key 0); on a tie, the call goes last. This gives every call
 *   after its deliveries, even when the caller moved to another CPU during
 *   the call, provided the merge looks at the buffers' heads again
 *   (load-acquire) after it found a call with deliveries at a head and
 *   before it takes it: the call's deliveries were published before the
 *   call was. read() merges this way; tools/rings.c is the reference
 *   merge for readers that map the buffers.
 *
 * Compatibility
 *   PIDFDTRACE_ABI_MAJOR changes when a structure or an ioctl changes in a
 *   way an existing reader would misread; PIDFDTRACE_ABI_MINOR when
 *   something is only added (a field at the end of a record, a record type,
 *   a filter bit, an ioctl). A reader asks the module for its version with
 *   PIDFDTRACE_IOC_ABI_VERSION before anything else and works with any
 *   minor of its own major. Reserved fields and padding in what a reader
 *   passes in must be zero (EINVAL), so that they can be given a meaning
 *   later; in what the module passes out they are zero.
 */
#ifndef _UAPI_LINUX_PIDFDTRACE_H
#define _UAPI_LINUX_PIDFDTRACE_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define PIDFDTRACE_DEVICE	"/dev/pidfdtrace"
#define PIDFDTRACE_ABI_MAJOR	2
#define PIDFDTRACE_ABI_MINOR	1
/* What PIDFDTRACE_IOC_ABI_VERSION returns. */
#define PIDFDTRACE_ABI_VERSION	(PIDFDTRACE_ABI_MAJOR << 16 | PIDFDTRACE_ABI_MINOR)
#define PIDFDTRACE_ABI_VERSION_MAJOR(v)	((v) >> 16)
#define PIDFDTRACE_ABI_VERSION_MINOR(v)	((v) & 0xffff)

/* The largest record of any minor version of this major. */
#define PIDFDTRACE_RECORD_MAX_SIZE	512

enum pidfdtrace_record_type {
	PIDFDTRACE_RECORD_CALL		= 1,	/* struct pidfdtrace_call */
	PIDFDTRACE_RECORD_DELIVERY	= 2,	/* struct pidfdtrace_delivery */
	PIDFDTRACE_RECORD_LOST		= 3,	/* struct pidfdtrace_lost */
	PIDFDTRACE_RECORD_MISSED	= 4,	/* struct pidfdtrace_missed */
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
	/*
	 * No file: PIDFD_SELF_THREAD and PIDFD_SELF_THREAD_GROUP, which the
	 * kernel takes (7.x) for the caller's thread and process. A kernel
	 * that does not take them fails the call with EBADF: FD_NONE then.
	 */
	PIDFDTRACE_FD_SELF_THREAD	= 5,
	PIDFDTRACE_FD_SELF_PROCESS	= 6,
};

/* The target's state when the kernel signalled it, or at the second look. */
enum pidfdtrace_target_state {
	PIDFDTRACE_TARGET_UNKNOWN	= 0,	/* the fd names no process */
	PIDFDTRACE_TARGET_ALIVE		= 1,
	PIDFDTRACE_TARGET_EXITED	= 2,	/* exited, not yet reaped */
	PIDFDTRACE_TARGET_REAPED	= 3,	/* gone: the call fails with ESRCH */
};

/*
 * Where a call's target comes from. From the kernel: the task its first
 * signal went to, or for PIDFD_SIGNAL_PROCESS_GROUP the process whose pid
 * numbers the group the kernel signalled, or for PIDFD_SELF_* the caller.
 */
enum pidfdtrace_target_source {
	PIDFDTRACE_SOURCE_NONE		= 0,	/* the fd names no process */
	PIDFDTRACE_SOURCE_KERNEL	= 1,
	PIDFDTRACE_SOURCE_SECOND_LOOK	= 2,	/* the module's own look at the fd */
};

/* What a call record's siginfo is. */
enum pidfdtrace_siginfo_state {
	PIDFDTRACE_SIGINFO_NONE		= 0,	/* info was NULL */
	/*
	 * The kernel's copy, as its first signal carried it: after the kernel
	 * rewrote si_pid and si_uid for that receiver, if it did (the
	 * delivery's PIDFDTRACE_EFFECT_CROSS_NAMESPACE says so).
	 */
	PIDFDTRACE_SIGINFO_KERNEL	= 1,
	/* The kernel could not read it: the call failed with EFAULT. */
	PIDFDTRACE_SIGINFO_UNREADABLE	= 2,
	/*
	 * No signal was generated, or the return was not traced: read from
	 * user memory when the call returned (or entered, see
	 * PIDFDTRACE_CALL_RETURN_UNTRACED), at most as many bytes as the kernel
	 * reads. The caller may have changed it after the kernel's look.
	 */
	PIDFDTRACE_SIGINFO_USER_UNVERIFIED = 3,
	/* As above, but that read failed. */
	PIDFDTRACE_SIGINFO_USER_UNREADABLE = 4,
};

/*
 * A siginfo as raw fields: pid and uid are the si_pid and si_uid slots,
 * value the si_value slot (sival_int in its low 32 bits on little-endian);
 * which of them mean something depends on code.
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

/* Call flags. */
/*
 * The return probe's instances were all in use: the call is recorded at its
 * entry, with what the entry knows. ret and duration_ns are 0 and mean
 * nothing, its deliveries are not traced, its target and siginfo are the
 * module's own look at entry (SECOND_LOOK, USER_UNVERIFIED). It passes
 * PIDFDTRACE_FILTER_FAILED: it may have failed.
 */
#define PIDFDTRACE_CALL_RETURN_UNTRACED	(1U << 0)
/*
 * The second look at the fd named another process than the kernel
 * signalled, or no process: the fd was changed during the call.
 */
#define PIDFDTRACE_CALL_FD_CHANGED	(1U << 1)

#define PIDFDTRACE_AUDIT_UNSET	0xffffffffU	/* loginuid, sessionid unset */

/* One pidfd_send_signal() call, made when it returns (or at entry, above). */
struct pidfdtrace_call {
	struct pidfdtrace_record_header hdr;	/* time_ns: when it started */
	__u64 duration_ns;

	/* The arguments, raw, as the kernel got them. */
	__s32 pidfd;
	__s32 sig;
	__u64 info;		/* the siginfo_t pointer, a user address */
	__u32 flags;		/* PIDFD_SIGNAL_* */
	__s32 ret;		/* 0 or -errno; 0 with RETURN_UNTRACED */

	/* The caller. ns_pid: as its own pid namespace sees it. */
	struct pidfdtrace_task sender;
	__u32 sender_euid;	/* initial user namespace */
	__u32 sender_loginuid;	/* audit login uid, or PIDFDTRACE_AUDIT_UNSET */
	__u32 sender_sessionid;	/* audit session id, or PIDFDTRACE_AUDIT_UNSET */
	__u32 sender_pidns;	/* inode number of its pid namespace */
	__u64 sender_cgroup;	/* cgroup v2 id (0: no cgroup v2) */
	__u32 parent_tgid;	/* the caller's parent process, global */
	__u32 call_flags;	/* PIDFDTRACE_CALL_* */
	char parent_comm[PIDFDTRACE_COMM_LEN];

	/* The fd and the process it names. ns_pid: as the sender sees it. */
	__u16 fd_kind;		/* enum pidfdtrace_fd_kind */
	__u16 target_state;	/* enum pidfdtrace_target_state */
	__u16 target_source;	/* enum pidfdtrace_target_source */
	__u16 __pad0;
	struct pidfdtrace_task target;
	__u64 target_cgroup;	/* cgroup v2 id (0: unknown) */

	__u32 siginfo_state;	/* enum pidfdtrace_siginfo_state */
	__u32 deliveries;	/* delivery records this call made */
	struct pidfdtrace_siginfo siginfo;

	/* Since minor 1. The merge's key: see "Order" above. */
	__u64 last_seq;
};

/* A call record of minor 0 ends before last_seq. */
#define PIDFDTRACE_CALL_SIZE_V0	224

/* Which tasks a signal was sent to: the kernel's enum pid_type. */
enum pidfdtrace_scope {
	PIDFDTRACE_SCOPE_THREAD		= 0,	/* PIDTYPE_PID */
	PIDFDTRACE_SCOPE_PROCESS	= 1,	/* PIDTYPE_TGID */
	PIDFDTRACE_SCOPE_PROCESS_GROUP	= 2,	/* PIDTYPE_PGID */
	PIDFDTRACE_SCOPE_SESSION	= 3,	/* PIDTYPE_SID */
};

/*
 * What the kernel did with a signal: the result the signal_generate
 * tracepoint reports (enum trace_signal_result), value for value.
 */
enum pidfdtrace_outcome {
	PIDFDTRACE_OUTCOME_DELIVERED	= 0,	/* now pending for the target */
	PIDFDTRACE_OUTCOME_IGNORED	= 1,	/* discarded: ignored, or target dying */
	PIDFDTRACE_OUTCOME_ALREADY_PENDING = 2,	/* merged into a pending one */
	PIDFDTRACE_OUTCOME_OVERFLOW_FAIL = 3,	/* realtime queue full: EAGAIN */
	/*
	 * Pending, but without its siginfo (the receiver's RLIMIT_SIGPENDING
	 * was reached): the receiver gets SI_USER with si_pid and si_uid 0.
	 */
	PIDFDTRACE_OUTCOME_LOSE_INFO	= 4,
};

/* What else the kernel did or saw, under the target's siglock. */
/*
 * The target was exiting before this signal: its process in a group exit
 * (exit_group(), a fatal signal, a core dump), or the task itself.
 */
#define PIDFDTRACE_EFFECT_TARGET_EXITING	(1U << 0)
/* This SIGCONT resumed a stopped process (its parent gets CLD_CONTINUED). */
#define PIDFDTRACE_EFFECT_RESUMED		(1U << 1)
/* This SIGCONT cut short a group stop still in progress. */
#define PIDFDTRACE_EFFECT_STOP_CANCELLED	(1U << 2)
/* Pending signals were discarded: the delivery's discarded set. */
#define PIDFDTRACE_EFFECT_DISCARDED		(1U << 3)
/*
 * The receiver is in another user namespace than the sender, or cannot see
 * the sender's pid: for a siginfo that carries si_pid and si_uid (kill,
 * sigqueue), the kernel rewrote them for this receiver before siginfo below
 * was taken.
 */
#define PIDFDTRACE_EFFECT_CROSS_NAMESPACE	(1U << 4)
/* This signal was fatal: the kernel began the target process's group exit. */
#define PIDFDTRACE_EFFECT_KILLED		(1U << 5)

/* One signal the kernel generated for a traced call, made when it was. */
struct pidfdtrace_delivery {
	struct pidfdtrace_record_header hdr;
	__u64 call_seq;		/* hdr.seq of the call that caused it */
	struct pidfdtrace_task target;	/* ns_pid: as the sender sees it */
	__u64 target_cgroup;	/* cgroup v2 id (0: no cgroup v2) */
	__u32 sender_pid;	/* the thread making the call, global */
	__u32 sender_tgid;
	__s32 sig;
	__u16 scope;		/* enum pidfdtrace_scope */
	__u16 outcome;		/* enum pidfdtrace_outcome */
	__u32 effects;		/* PIDFDTRACE_EFFECT_* */
	__u32 __pad;
	/* Bit N-1: signal N was pending and discarded (stop signals vs SIGCONT). */
	__u64 discarded;
	/*
	 * The siginfo the kernel generated, as signal_generate reports it: what
	 * the receiver gets when the outcome is DELIVERED.
	 */
	struct pidfdtrace_siginfo siginfo;
};

/* Records this reader lost since the previous record it got. */
struct pidfdtrace_lost {
	struct pidfdtrace_record_header hdr;
	__u64 count;
	__u64 calls;		/* of which call records */
};

/* Why calls went untraced. */
#define PIDFDTRACE_MISSED_PROBE_BUSY	(1U << 0)	/* kprobe recursion */

/*
 * Calls the probes could not trace at all since the previous MISSED record
 * (for every reader started then): neither the call nor its deliveries are
 * recorded.
 */
struct pidfdtrace_missed {
	struct pidfdtrace_record_header hdr;
	__u64 calls;
	__u32 reasons;		/* PIDFDTRACE_MISSED_* */
	__u32 __pad;
};

/*
 * Per-reader filter: a record reaches the reader only if it passes every
 * test whose bit is set in mask. Calls are judged by their sender, their
 * target and their signal; deliveries by the same sender, their own target
 * and their signal. LOST and MISSED records always pass. Records a filter
 * drops are not counted as lost.
 */
#define PIDFDTRACE_FILTER_SENDER_TGID	(1U << 0)	/* sender_tgid */
#define PIDFDTRACE_FILTER_TARGET_TGID	(1U << 1)	/* target_tgid */
#define PIDFDTRACE_FILTER_SIGNALS	(1U << 2)	/* signals */
#define PIDFDTRACE_FILTER_FAILED	(1U << 3)	/* failed calls, no deliveries */
#define PIDFDTRACE_FILTER_SENDER_COMM	(1U << 4)	/* comm */
#define PIDFDTRACE_FILTER_SENDER_UID	(1U << 5)	/* uid */
#define PIDFDTRACE_FILTER_SENDER_CGROUP	(1U << 6)	/* sender_cgroup */
#define PIDFDTRACE_FILTER_TARGET_CGROUP	(1U << 7)	/* target_cgroup */
/* The bits of this minor version; a module of an older one refuses more. */
#define PIDFDTRACE_FILTER_ALL		0xffU

struct pidfdtrace_filter {
	__u32 mask;		/* PIDFDTRACE_FILTER_* */
	__u32 sender_tgid;	/* global */
	__u32 target_tgid;	/* global */
	__u32 uid;		/* the sender's real uid, initial user namespace */
	__u64 signals[2];	/* bit N: signal N passes (0..127) */
	/* The sender's comm, exact, up to its NUL (at most 15 bytes). */
	char comm[PIDFDTRACE_COMM_LEN];
	/*
	 * cgroup v2 ids: the task is in that cgroup or a descendant of it. The
	 * cgroup must exist when the filter is set (ENOENT); before 5.14,
	 * which gives modules no lookup by id, any id is taken.
	 */
	__u64 sender_cgroup;
	__u64 target_cgroup;
	__u64 __reserved[4];	/* zero */
};

/*
 * Counters since the module was loaded, and for the asking reader. The
 * probes are armed only while a started reader exists: hits count what
 * they saw then.
 */
struct pidfdtrace_stats {
	__u64 syscall_hits;	/* pidfd_send_signal calls entered */
	__u64 signal_hits;	/* signals generated on the system, any cause */
	__u64 calls;		/* call records made, from entry only included */
	__u64 deliveries;	/* delivery records made */
	__u64 calls_missed;	/* calls not traced at all: MISSED records */
	__u64 returns_missed;	/* calls recorded from entry only */
	__u64 readers;		/* readers open now */
	__u64 lost;		/* records lost, all readers, open or closed */
	/* The asking reader. */
	__u64 reader_records;	/* records put in its buffers */
	__u64 reader_lost;	/* records it lost */
	__u64 reader_filtered;	/* records its filter dropped */
	__u32 buffer_size;	/* bytes, per CPU */
	__u32 maxactive;	/* calls the return probe can follow at once */
	char syscall_symbol[64];	/* what is probed */
	char signal_symbol[64];
	__u64 __reserved[8];
};

/*
 * Reading in place (since minor 1)
 *   The buffers can be mapped with two mmap() calls on the reader's fd, at
 *   the offsets and of the sizes PIDFDTRACE_IOC_GET_LAYOUT gives:
 *   - the control pages, one page per CPU's buffer, PROT_READ | PROT_WRITE,
 *     MAP_SHARED (so the device must be open O_RDWR): struct
 *     pidfdtrace_mmap_page at the start of each;
 *   - the data, ring_size bytes per CPU's buffer one after the other in
 *     the order of the control pages, PROT_READ and MAP_SHARED only (the
 *     data cannot be made writable: EPERM).
 *   Only those two offset and length pairs are accepted (EINVAL). While
 *   anything is mapped, PIDFDTRACE_IOC_SET_BUFFER_SIZE fails with EBUSY. A
 *   mapping survives close() of the fd; fork() does not copy it.
 *
 *   A buffer is a ring of ring_size bytes (a power of two): data_head and
 *   data_tail count bytes ever written and ever consumed; the records
 *   between them start at data_tail % ring_size and may wrap around the
 *   end, always at an 8-byte boundary. The module writes data_head, the
 *   reader writes data_tail:
 *
 *	head = __atomic_load_n(&page->data_head, __ATOMIC_ACQUIRE);
 *	... read the records from tail up to head ...
 *	__atomic_store_n(&page->data_tail, tail, __ATOMIC_RELEASE);
 *
 *   The acquire pairs with the module's release when it publishes records;
 *   the release tells the module the space may be written again (it reads
 *   data_tail before writing, and writes only when there is room). A
 *   data_tail the module did not give (past data_head, or more than
 *   ring_size behind it) makes the buffer full: records are lost and
 *   counted until it is set right. Losses noticed while a buffer is full
 *   are written as a LOST record once there is room, at the latest at the
 *   reader's next poll() or read(): poll before concluding that nothing was
 *   lost. The wakeups of poll() are those of read().
 */
struct pidfdtrace_mmap_page {
	__u32 version;		/* PIDFDTRACE_MMAP_VERSION */
	__u32 cpu;		/* the CPU whose buffer this is */
	__u32 ring_size;	/* bytes of data, a power of two */
	__u32 __pad;
	__u64 data_offset;	/* of its data in the data mapping */
	__u64 __reserved0[5];
	/* The module's: bytes ever written. Its own cache line. */
	__u64 data_head;
	__u64 __reserved1[7];
	/* The reader's: bytes ever consumed. Its own cache line. */
	__u64 data_tail;
};

#define PIDFDTRACE_MMAP_VERSION	1

/* Where the mappings are: what PIDFDTRACE_IOC_GET_LAYOUT fills in. */
struct pidfdtrace_layout {
	__u32 nr_rings;		/* buffers: one per possible CPU id */
	__u32 ring_size;	/* bytes of data per buffer */
	__u64 control_offset;	/* mmap offset of the control pages */
	__u64 control_size;	/* nr_rings pages */
	__u64 data_offset;	/* mmap offset of the data */
	__u64 data_size;	/* nr_rings * ring_size */
	__u64 __reserved[4];
};

/* Per CPU. */
#define PIDFDTRACE_BUFFER_MIN	4096U
#define PIDFDTRACE_BUFFER_MAX	(256U << 20)

#define PIDFDTRACE_IOC_MAGIC	0xf7

/*
 * PIDFDTRACE_ABI_VERSION of the module: major << 16 | minor. ABI 1 modules
 * answered a plain 1: major 0 in this encoding, which no reader accepts.
 */
#define PIDFDTRACE_IOC_ABI_VERSION	_IOR(PIDFDTRACE_IOC_MAGIC, 0x00, __u32)
#define PIDFDTRACE_IOC_GET_STATS	_IOR(PIDFDTRACE_IOC_MAGIC, 0x01, struct pidfdtrace_stats)
/*
 * Replaces this reader's filter; a zero mask passes everything. EINVAL for
 * unknown mask bits or non-zero reserved fields, ENOENT for a cgroup that
 * does not exist.
 */
#define PIDFDTRACE_IOC_SET_FILTER	_IOW(PIDFDTRACE_IOC_MAGIC, 0x02, struct pidfdtrace_filter)
/*
 * This reader's buffer size in bytes, per CPU: a power of two from
 * PIDFDTRACE_BUFFER_MIN to PIDFDTRACE_BUFFER_MAX (else EINVAL). Buffered
 * records are kept; EBUSY when they would not fit, or while the buffers
 * are mapped. Records made for a started reader while its buffers are
 * being replaced are lost, and counted as such.
 */
#define PIDFDTRACE_IOC_SET_BUFFER_SIZE	_IOW(PIDFDTRACE_IOC_MAGIC, 0x03, __u32)
/* Starts this reader: records flow from now on. Starting twice is a no-op. */
#define PIDFDTRACE_IOC_START		_IO(PIDFDTRACE_IOC_MAGIC, 0x04)
/* Where to map this reader's buffers (minor 1): see "Reading in place". */
#define PIDFDTRACE_IOC_GET_LAYOUT	_IOR(PIDFDTRACE_IOC_MAGIC, 0x05, struct pidfdtrace_layout)

#endif /* _UAPI_LINUX_PIDFDTRACE_H */
