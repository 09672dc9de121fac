// SPDX-License-Identifier: GPL-2.0
/*
 * The calls in flight: which traced pidfd_send_signal() call a thread is
 * inside of, from the syscall probe's entry to its return.
 *
 * The signal probes run in the thread making the call and need its call to
 * link a signal to it. A hash of the thread's task_struct finds it; only
 * that thread inserts, removes and looks up its own entry, so an entry
 * found stays valid for as long as the thread does not return from the
 * call. Buckets take a raw lock: other threads share them, and the probes
 * run under siglock, PREEMPT_RT included.
 */

#include <linux/cgroup.h>
#include <linux/hash.h>
#include <linux/kprobes.h>
#include <linux/spinlock.h>

#include "internal.h"

#define PIDFDTRACE_CALLS_BITS	8

static struct pidfdtrace_calls_bucket {
	/* Guards head; a leaf lock, never held across anything else. */
	raw_spinlock_t lock;
	struct hlist_head head;
} pidfdtrace_calls[1 << PIDFDTRACE_CALLS_BITS];

static struct pidfdtrace_calls_bucket *
pidfdtrace_calls_bucket(const struct task_struct *task)
{
	return &pidfdtrace_calls[hash_ptr(task, PIDFDTRACE_CALLS_BITS)];
}

void pidfdtrace_calls_init(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pidfdtrace_calls); i++) {
		raw_spin_lock_init(&pidfdtrace_calls[i].lock);
		INIT_HLIST_HEAD(&pidfdtrace_calls[i].head);
	}
}

/* Current enters the call @ctx. */
void pidfdtrace_calls_insert(struct pidfdtrace_call_ctx *ctx)
{
	struct pidfdtrace_calls_bucket *b = pidfdtrace_calls_bucket(current);
	unsigned long flags;

	ctx->task = current;
	raw_spin_lock_irqsave(&b->lock, flags);
	hlist_add_head(&ctx->node, &b->head);
	ctx->in_flight = true;
	raw_spin_unlock_irqrestore(&b->lock, flags);
}
NOKPROBE_SYMBOL(pidfdtrace_calls_insert);

/* Current returns from the call @ctx. */
void pidfdtrace_calls_remove(struct pidfdtrace_call_ctx *ctx)
{
	struct pidfdtrace_calls_bucket *b = pidfdtrace_calls_bucket(ctx->task);
	unsigned long flags;

	raw_spin_lock_irqsave(&b->lock, flags);
	hlist_del(&ctx->node);
	ctx->in_flight = false;
	raw_spin_unlock_irqrestore(&b->lock, flags);
}
NOKPROBE_SYMBOL(pidfdtrace_calls_remove);

/* The traced call @task is inside of, or NULL. @task: current. */
struct pidfdtrace_call_ctx *pidfdtrace_calls_find(struct task_struct *task)
{
	struct pidfdtrace_calls_bucket *b = pidfdtrace_calls_bucket(task);
	struct pidfdtrace_call_ctx *ctx, *found = NULL;
	unsigned long flags;

	raw_spin_lock_irqsave(&b->lock, flags);
	hlist_for_each_entry(ctx, &b->head, node) {
		if (ctx->task == task) {
			found = ctx;
			break;
		}
	}
	raw_spin_unlock_irqrestore(&b->lock, flags);
	return found;
}
NOKPROBE_SYMBOL(pidfdtrace_calls_find);

/*
 * Drops the target cgroup a call holds, once: its return, or the module's
 * unload for calls that will return after their hooks are gone.
 */
void pidfdtrace_calls_put_target(struct pidfdtrace_call_ctx *ctx)
{
	struct cgroup *cgroup = xchg(&ctx->target_cgroup, NULL);

	if (cgroup)
		cgroup_put(cgroup);
}
NOKPROBE_SYMBOL(pidfdtrace_calls_put_target);

/* At unload, before the return probe goes: what the calls in flight hold. */
void pidfdtrace_calls_release(void)
{
	struct pidfdtrace_call_ctx *ctx;
	unsigned long flags;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pidfdtrace_calls); i++) {
		raw_spin_lock_irqsave(&pidfdtrace_calls[i].lock, flags);
		hlist_for_each_entry(ctx, &pidfdtrace_calls[i].head, node)
			pidfdtrace_calls_put_target(ctx);
		raw_spin_unlock_irqrestore(&pidfdtrace_calls[i].lock, flags);
	}
}
