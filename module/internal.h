/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Declarations shared by the files of the pidfdtrace module, in the order
 * of the data path: probes -> record -> ring -> read().
 */
#ifndef PIDFDTRACE_INTERNAL_H
#define PIDFDTRACE_INTERNAL_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/signal.h>
#include <linux/types.h>

#include <linux/pidfdtrace.h>

struct cgroup;
struct kprobe;
struct pt_regs;

/*
 * make bench measures what each piece of a call's handling costs by
 * building the module without it (bench/vm.sh): PIDFDTRACE_BENCH_CUT is
 * the mask of the pieces left out, and 0, nothing, in every other build.
 * A module built with a piece cut records wrong values; only the bench
 * loads one.
 */
#ifndef PIDFDTRACE_BENCH_CUT
#define PIDFDTRACE_BENCH_CUT	0
#endif
#define PIDFDTRACE_CUT_SENDER	(1U << 0)	/* the sender's fields */
#define PIDFDTRACE_CUT_LOOK	(1U << 1)	/* the second look at the fd */
#define PIDFDTRACE_CUT_CLOCK	(1U << 2)	/* a call's two clock reads */
#define PIDFDTRACE_CUT_CALLS	(1U << 3)	/* the calls in flight */
#define pidfdtrace_cut(piece)	(PIDFDTRACE_BENCH_CUT & (piece))

/* What readers' filters look at, for one record. */
struct pidfdtrace_match {
	u32 sender_tgid;
	u32 sender_uid;
	u32 target_tgid;
	int sig;
	bool failed;		/* a call that returned an error */
	bool delivery;
	const char *sender_comm;	/* PIDFDTRACE_COMM_LEN bytes */
	/* Valid under the emitter's rcu_read_lock(); NULL when unknown. */
	struct cgroup *sender_cgroup;
	struct cgroup *target_cgroup;
};

/*
 * A pidfd_send_signal() call from entry to return: the syscall return
 * probe's instance data. Only the thread making the call (task) changes it.
 */
struct pidfdtrace_call_ctx {
	struct hlist_node node;		/* in the calls in flight, by task */
	struct task_struct *task;
	bool in_flight;
	/* The sender's, for every pid in the call's records. */
	struct pid_namespace *ns;
	struct pidfdtrace_call rec;
	/* The kernel's copy of the siginfo, known from the first signal. */
	const kernel_siginfo_t *kinfo;
	/* The target's cgroup, held for the call's filter match at return. */
	struct cgroup *target_cgroup;
	/* What the flush probe saw of the next signal's prepare_signal(). */
	struct signal_struct *flushed;
	u32 flush_effects;
	u64 discarded;
};

/* calls.c: the calls in flight, found by the thread making them */
void pidfdtrace_calls_init(void);
void pidfdtrace_calls_insert(struct pidfdtrace_call_ctx *ctx);
void pidfdtrace_calls_remove(struct pidfdtrace_call_ctx *ctx);
struct pidfdtrace_call_ctx *pidfdtrace_calls_find(struct task_struct *task);
void pidfdtrace_calls_put_target(struct pidfdtrace_call_ctx *ctx);
void pidfdtrace_calls_release(void);

/* resolve.c: who is who, from probe context, under rcu_read_lock() */
void pidfdtrace_resolve_init(void);
void pidfdtrace_fill_task(struct pidfdtrace_task *out, struct task_struct *t,
			  struct pid_namespace *ns);
void pidfdtrace_fill_sender(struct pidfdtrace_call *call,
			    struct pid_namespace *ns);
void pidfdtrace_fill_siginfo(struct pidfdtrace_siginfo *out,
			     const kernel_siginfo_t *info);
/* The process @pid names; @thread: a thread, not a process. */
struct task_struct *pidfdtrace_fill_target(struct pidfdtrace_call *call,
					   struct pid *pid, bool thread,
					   struct pid_namespace *ns);
/*
 * The module's own look at the call's fd (call->pidfd, the only field it
 * reads): the fd kind and the target as it names it now; with @pid_only,
 * of the target only its pid (and no task returned) unless the fd is
 * PIDFD_SELF_*.
 */
struct task_struct *pidfdtrace_second_look(struct pidfdtrace_call *call,
					   struct pid_namespace *ns,
					   bool pid_only);
void pidfdtrace_read_user_siginfo(struct pidfdtrace_call *call);
void pidfdtrace_match_sender(struct pidfdtrace_match *m,
			     const struct pidfdtrace_call *call);

/* syscall.c: call records */
int pidfdtrace_syscall_parse(const char *set);
int pidfdtrace_syscall_attach(const char *set, int maxactive);
void pidfdtrace_syscall_detach(void);
int pidfdtrace_syscall_arm(void);
void pidfdtrace_syscall_disarm(void);
/* Calls the probes could not trace at all, since load. */
u64 pidfdtrace_syscall_missed(void);
void pidfdtrace_syscall_stats(struct pidfdtrace_stats *stats);

/* generate.c: delivery records */
int pidfdtrace_generate_attach(void);
void pidfdtrace_generate_detach(void);
int pidfdtrace_generate_arm(void);
void pidfdtrace_generate_disarm(void);
void pidfdtrace_generate_stats(struct pidfdtrace_stats *stats);

/* probes.c: all of the above, chosen per kernel, armed while read */
int pidfdtrace_probes_register(void);
void pidfdtrace_probes_unregister(void);
int pidfdtrace_probes_arm(void);
void pidfdtrace_probes_disarm(void);
void pidfdtrace_probes_stats(struct pidfdtrace_stats *stats);

/* device.c: the readers. @match NULL: a record every reader gets. */
extern atomic64_t pidfdtrace_seq;

/* The next record's number, the same for every reader. */
static inline u64 pidfdtrace_next_seq(void)
{
	return atomic64_inc_return(&pidfdtrace_seq);
}


void pidfdtrace_emit(const struct pidfdtrace_record_header *rec,
		     const struct pidfdtrace_match *match);
/* A MISSED record for what @missed adds to the calls already reported. */
void pidfdtrace_report_missed(u64 missed);
int pidfdtrace_device_register(void);
void pidfdtrace_device_unregister(void);

/* ring.c: one CPU's buffer of one reader */
struct pidfdtrace_ring {
	struct pidfdtrace_mmap_page *page;	/* the control page, mappable */
	char *data;			/* right after it */
	u32 size;			/* a power of two */
	unsigned int cpu;
	u64 head;			/* bytes ever written */
	u64 lost;			/* records dropped since the last LOST record */
	u64 lost_calls;			/* of which call records */
	u64 records;			/* records written, for the stats */
	u64 lost_total;			/* records lost, for the stats */
	struct page **pages;		/* the control page, then the data */
	unsigned int nr_pages;
};

/* read()'s place in one ring while it merges them. */
struct pidfdtrace_cursor {
	u64 pos, tail, head;
	u64 key;			/* of the record at pos, when size */
	u32 size;			/* of the record at pos; 0: not looked at */
	bool call;			/* that record is a call with deliveries */
};

struct pidfdtrace_ring *pidfdtrace_ring_alloc(unsigned int cpu, u32 size);
void pidfdtrace_ring_free(struct pidfdtrace_ring *ring);
long pidfdtrace_ring_push(struct pidfdtrace_ring *ring,
			  const struct pidfdtrace_record_header *rec);
void pidfdtrace_ring_lose(struct pidfdtrace_ring *ring,
			  const struct pidfdtrace_record_header *rec);
int pidfdtrace_ring_copy(struct pidfdtrace_ring *to,
			 const struct pidfdtrace_ring *from);
void pidfdtrace_rings_flush_lost(struct pidfdtrace_ring **rings,
				 unsigned int nr);
bool pidfdtrace_rings_readable(struct pidfdtrace_ring **rings,
			       unsigned int nr);
ssize_t pidfdtrace_rings_read(struct pidfdtrace_ring **rings,
			      struct pidfdtrace_cursor *cursors,
			      unsigned int nr, char __user *buf, size_t count);

#endif /* PIDFDTRACE_INTERNAL_H */
