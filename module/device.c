// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/pidfdtrace: every open() is a reader with its own ring and filter.
 *
 * The probes are armed while there is a reader (pidfdtrace_probes_arm()).
 * Probe handlers hand each record to pidfdtrace_emit(), which copies it
 * into the ring of every reader whose filter it passes. Handlers must not
 * wake anyone (they may run under the target's siglock), so a reader is
 * woken from irq_work, and only at two moments: when its ring stops being
 * empty, which starts a timer of wakeup_latency_ms, and when the ring
 * fills past a quarter, which wakes it at once. A busy system pays a
 * wakeup per batch of records, not per signal.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/irq_work.h>
#include <linux/log2.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/timer.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include <linux/pidfdtrace.h>

#include "compat.h"
#include "internal.h"

static unsigned int buffer_size = 1U << 20;
module_param(buffer_size, uint, 0644);
MODULE_PARM_DESC(buffer_size,
		 "Default buffer size of a reader in bytes, a power of two (default: 1 MiB)");

static unsigned int wakeup_latency_ms = 20;
module_param(wakeup_latency_ms, uint, 0644);
MODULE_PARM_DESC(wakeup_latency_ms,
		 "Longest a blocked reader waits for a record it could read (default: 20)");

struct pidfdtrace_reader {
	struct list_head node;		/* in pidfdtrace_readers */
	/* ring.lock also guards filter and the three counters. */
	struct pidfdtrace_ring ring;
	struct pidfdtrace_filter filter;
	u64 records;
	u64 lost;
	u64 filtered;
	/* One consumer at a time; held off while the ring is resized. */
	struct mutex read_lock;
	wait_queue_head_t wait;
	struct irq_work wakeup_work;
	struct timer_list wakeup_timer;
};

/*
 * The readers; RCU for the probes, pidfdtrace_readers_lock for changes and
 * for arming the probes with the first reader and disarming after the last.
 */
static LIST_HEAD(pidfdtrace_readers);
static DEFINE_MUTEX(pidfdtrace_readers_lock);
static unsigned int pidfdtrace_nr_readers;
/* Records lost by any reader since load, closed readers included. */
static atomic64_t pidfdtrace_lost = ATOMIC64_INIT(0);

static bool pidfdtrace_filter_pass(const struct pidfdtrace_filter *f,
				   const struct pidfdtrace_match *m)
{
	if ((f->mask & PIDFDTRACE_FILTER_SENDER_TGID) &&
	    m->sender_tgid != f->sender_tgid)
		return false;
	if ((f->mask & PIDFDTRACE_FILTER_TARGET_TGID) &&
	    m->target_tgid != f->target_tgid)
		return false;
	if ((f->mask & PIDFDTRACE_FILTER_SIGNALS) &&
	    ((unsigned int)m->sig >= 128 ||
	     !(f->signals[m->sig / 64] & BIT_ULL(m->sig % 64))))
		return false;
	if ((f->mask & PIDFDTRACE_FILTER_FAILED) && (m->delivery || !m->failed))
		return false;
	return true;
}

void pidfdtrace_emit(const struct pidfdtrace_record_header *rec,
		     const struct pidfdtrace_match *match)
{
	struct pidfdtrace_reader *r;
	unsigned long flags;
	u32 before, after, threshold;
	bool pushed;

	rcu_read_lock();
	list_for_each_entry_rcu(r, &pidfdtrace_readers, node) {
		raw_spin_lock_irqsave(&r->ring.lock, flags);
		if (!pidfdtrace_filter_pass(&r->filter, match)) {
			r->filtered++;
			raw_spin_unlock_irqrestore(&r->ring.lock, flags);
			continue;
		}
		before = r->ring.head - r->ring.tail;
		pushed = pidfdtrace_ring_push(&r->ring, rec);
		after = r->ring.head - r->ring.tail;
		threshold = r->ring.size / 4;
		if (pushed)
			r->records++;
		else
			r->lost++;
		raw_spin_unlock_irqrestore(&r->ring.lock, flags);

		if (!pushed)
			atomic64_inc(&pidfdtrace_lost);
		if (((!before && after) || (before < threshold && after >= threshold)) &&
		    wq_has_sleeper(&r->wait))
			irq_work_queue(&r->wakeup_work);
	}
	rcu_read_unlock();
}

static void pidfdtrace_wakeup(struct irq_work *work)
{
	struct pidfdtrace_reader *r =
		container_of(work, struct pidfdtrace_reader, wakeup_work);

	if (pidfdtrace_ring_used(&r->ring) >= r->ring.size / 4)
		wake_up_interruptible_poll(&r->wait, EPOLLIN | EPOLLRDNORM);
	else if (!timer_pending(&r->wakeup_timer))
		mod_timer(&r->wakeup_timer,
			  jiffies + msecs_to_jiffies(READ_ONCE(wakeup_latency_ms)));
}

static void pidfdtrace_wakeup_timer(struct timer_list *t)
{
	struct pidfdtrace_reader *r = timer_container_of(r, t, wakeup_timer);

	wake_up_interruptible_poll(&r->wait, EPOLLIN | EPOLLRDNORM);
}

static int pidfdtrace_open(struct inode *inode, struct file *file)
{
	struct pidfdtrace_reader *r;
	u32 size = READ_ONCE(buffer_size);
	int ret;

	/* Everyone's signal traffic: the file mode alone is not enough. */
	if (!perfmon_capable())
		return -EPERM;

	if (!is_power_of_2(size) || size < PIDFDTRACE_BUFFER_MIN ||
	    size > PIDFDTRACE_BUFFER_MAX)
		return -EINVAL;

	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	ret = pidfdtrace_ring_init(&r->ring, size);
	if (ret) {
		kfree(r);
		return ret;
	}
	mutex_init(&r->read_lock);
	init_waitqueue_head(&r->wait);
	init_irq_work(&r->wakeup_work, pidfdtrace_wakeup);
	timer_setup(&r->wakeup_timer, pidfdtrace_wakeup_timer, 0);

	mutex_lock(&pidfdtrace_readers_lock);
	if (!pidfdtrace_nr_readers) {
		ret = pidfdtrace_probes_arm();
		if (ret) {
			mutex_unlock(&pidfdtrace_readers_lock);
			pidfdtrace_ring_destroy(&r->ring);
			kfree(r);
			return ret;
		}
	}
	pidfdtrace_nr_readers++;
	list_add_tail_rcu(&r->node, &pidfdtrace_readers);
	mutex_unlock(&pidfdtrace_readers_lock);

	file->private_data = r;
	return stream_open(inode, file);
}

static int pidfdtrace_release(struct inode *inode, struct file *file)
{
	struct pidfdtrace_reader *r = file->private_data;

	mutex_lock(&pidfdtrace_readers_lock);
	list_del_rcu(&r->node);
	if (!--pidfdtrace_nr_readers)
		pidfdtrace_probes_disarm();
	mutex_unlock(&pidfdtrace_readers_lock);

	/* Handlers still pushing to r, then wakeups they queued. */
	synchronize_rcu();
	irq_work_sync(&r->wakeup_work);
	pidfdtrace_timer_shutdown_sync(&r->wakeup_timer);

	pidfdtrace_ring_destroy(&r->ring);
	kfree(r);
	return 0;
}

static ssize_t pidfdtrace_read(struct file *file, char __user *buf,
			       size_t count, loff_t *ppos)
{
	struct pidfdtrace_reader *r = file->private_data;
	ssize_t ret;

	for (;;) {
		if (!(file->f_flags & O_NONBLOCK)) {
			ret = wait_event_interruptible(r->wait,
				pidfdtrace_ring_readable(&r->ring));
			if (ret)
				return ret;
		}
		if (mutex_lock_interruptible(&r->read_lock))
			return -ERESTARTSYS;
		ret = pidfdtrace_ring_read(&r->ring, buf, count);
		mutex_unlock(&r->read_lock);
		if (ret)
			return ret;
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
	}
}

static __poll_t pidfdtrace_poll(struct file *file, poll_table *wait)
{
	struct pidfdtrace_reader *r = file->private_data;

	poll_wait(file, &r->wait, wait);
	return pidfdtrace_ring_readable(&r->ring) ? EPOLLIN | EPOLLRDNORM : 0;
}

static long pidfdtrace_get_stats(struct pidfdtrace_reader *r,
				 struct pidfdtrace_stats __user *ustats)
{
	struct pidfdtrace_stats stats = {};
	unsigned long flags;

	pidfdtrace_probes_stats(&stats);
	mutex_lock(&pidfdtrace_readers_lock);
	stats.readers = pidfdtrace_nr_readers;
	mutex_unlock(&pidfdtrace_readers_lock);
	stats.lost = atomic64_read(&pidfdtrace_lost);

	raw_spin_lock_irqsave(&r->ring.lock, flags);
	stats.reader_records = r->records;
	stats.reader_lost = r->lost;
	stats.reader_filtered = r->filtered;
	stats.buffer_size = r->ring.size;
	raw_spin_unlock_irqrestore(&r->ring.lock, flags);

	return copy_to_user(ustats, &stats, sizeof(stats)) ? -EFAULT : 0;
}

static long pidfdtrace_set_filter(struct pidfdtrace_reader *r,
				  const struct pidfdtrace_filter __user *ufilter)
{
	struct pidfdtrace_filter filter;
	unsigned long flags;

	if (copy_from_user(&filter, ufilter, sizeof(filter)))
		return -EFAULT;
	if (filter.mask & ~(PIDFDTRACE_FILTER_SENDER_TGID |
			    PIDFDTRACE_FILTER_TARGET_TGID |
			    PIDFDTRACE_FILTER_SIGNALS | PIDFDTRACE_FILTER_FAILED))
		return -EINVAL;

	raw_spin_lock_irqsave(&r->ring.lock, flags);
	r->filter = filter;
	raw_spin_unlock_irqrestore(&r->ring.lock, flags);
	return 0;
}

static long pidfdtrace_set_buffer_size(struct pidfdtrace_reader *r,
				       const u32 __user *usize)
{
	u32 size;
	long ret;

	if (get_user(size, usize))
		return -EFAULT;
	if (!is_power_of_2(size) || size < PIDFDTRACE_BUFFER_MIN ||
	    size > PIDFDTRACE_BUFFER_MAX)
		return -EINVAL;

	if (mutex_lock_interruptible(&r->read_lock))
		return -ERESTARTSYS;
	ret = pidfdtrace_ring_resize(&r->ring, size);
	mutex_unlock(&r->read_lock);
	return ret;
}

static long pidfdtrace_ioctl(struct file *file, unsigned int cmd,
			     unsigned long arg)
{
	struct pidfdtrace_reader *r = file->private_data;
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case PIDFDTRACE_IOC_ABI_VERSION:
		return put_user((u32)PIDFDTRACE_ABI_VERSION, (u32 __user *)uarg);
	case PIDFDTRACE_IOC_GET_STATS:
		return pidfdtrace_get_stats(r, uarg);
	case PIDFDTRACE_IOC_SET_FILTER:
		return pidfdtrace_set_filter(r, uarg);
	case PIDFDTRACE_IOC_SET_BUFFER_SIZE:
		return pidfdtrace_set_buffer_size(r, uarg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations pidfdtrace_fops = {
	.owner		= THIS_MODULE,
	.open		= pidfdtrace_open,
	.release	= pidfdtrace_release,
	.read		= pidfdtrace_read,
	.poll		= pidfdtrace_poll,
	.unlocked_ioctl	= pidfdtrace_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
};

/* Signal traffic of every user on the system: root only. */
static struct miscdevice pidfdtrace_miscdev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "pidfdtrace",
	.fops	= &pidfdtrace_fops,
	.mode	= 0600,
};

int pidfdtrace_device_register(void)
{
	int ret;

	ret = misc_register(&pidfdtrace_miscdev);
	if (ret)
		pr_err("cannot register /dev/%s: %d\n",
		       pidfdtrace_miscdev.name, ret);
	return ret;
}

void pidfdtrace_device_unregister(void)
{
	misc_deregister(&pidfdtrace_miscdev);
}
