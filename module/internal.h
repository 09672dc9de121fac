/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Declarations shared by the files of the pidfdtrace module, in the order
 * of the data path: probes -> record -> ring -> read().
 */
#ifndef PIDFDTRACE_INTERNAL_H
#define PIDFDTRACE_INTERNAL_H

#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include <linux/pidfdtrace.h>

/* probes.c */
int pidfdtrace_probes_register(void);
void pidfdtrace_probes_unregister(void);
int pidfdtrace_probes_arm(void);
void pidfdtrace_probes_disarm(void);
void pidfdtrace_probes_stats(struct pidfdtrace_stats *stats);

/* resolve.c: who is who, from probe context, under rcu_read_lock() */
void pidfdtrace_resolve_init(void);
void pidfdtrace_fill_task(struct pidfdtrace_task *out, struct task_struct *t,
			  struct pid_namespace *ns);
/* @ns: the sender's pid namespace, where ns_pid fields are numbered. */
void pidfdtrace_resolve_sender(struct pidfdtrace_call *call,
			       struct pid_namespace *ns);
void pidfdtrace_resolve_fd(struct pidfdtrace_call *call,
			   struct pid_namespace *ns);
void pidfdtrace_read_siginfo(struct pidfdtrace_call *call);

/* What readers' filters look at, for a call and for each of its deliveries. */
struct pidfdtrace_match {
	u32 sender_tgid;
	u32 target_tgid;
	int sig;
	bool failed;		/* the call returned an error */
	bool delivery;
};

/* device.c: the readers */
void pidfdtrace_emit(const struct pidfdtrace_record_header *rec,
		     const struct pidfdtrace_match *match);
int pidfdtrace_device_register(void);
void pidfdtrace_device_unregister(void);

/* ring.c */
struct pidfdtrace_ring {
	/* Serialises producers, and the consumer giving space back. */
	raw_spinlock_t lock;
	char *data;
	u32 size;		/* a power of two */
	u64 head;		/* bytes ever written */
	u64 tail;		/* bytes ever consumed */
	u64 lost;		/* records dropped since the last LOST record */
};

int pidfdtrace_ring_init(struct pidfdtrace_ring *ring, u32 size);
void pidfdtrace_ring_destroy(struct pidfdtrace_ring *ring);
bool pidfdtrace_ring_push(struct pidfdtrace_ring *ring,
			  const struct pidfdtrace_record_header *rec);
ssize_t pidfdtrace_ring_read(struct pidfdtrace_ring *ring, char __user *buf,
			     size_t count);
int pidfdtrace_ring_resize(struct pidfdtrace_ring *ring, u32 size);

static inline u32 pidfdtrace_ring_used(const struct pidfdtrace_ring *ring)
{
	return READ_ONCE(ring->head) - READ_ONCE(ring->tail);
}

/* True when read() has something to return, LOST records included. */
static inline bool pidfdtrace_ring_readable(const struct pidfdtrace_ring *ring)
{
	return pidfdtrace_ring_used(ring) || READ_ONCE(ring->lost);
}

#endif /* PIDFDTRACE_INTERNAL_H */
