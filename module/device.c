// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/pidfdtrace: every open() is a reader with its own buffers (a ring
 * per CPU, ring.c) and filter.
 *
 * A reader gets records once it starts (PIDFDTRACE_IOC_START, or its first
 * read() or poll()), so that its buffer size and filter apply to the first
 * record it gets. The probes are armed while a started reader exists
 * (pidfdtrace_probes_arm()). Probe handlers hand each record to
 * pidfdtrace_emit(), which copies it into this CPU's ring of every started
 * reader whose filter it passes. Handlers must not wake anyone (they may
 * run under the target's siglock), so a reader is woken from irq_work, and
 * only at two moments: when one of its rings stops being empty, which
 * starts a timer of wakeup_latency_ms, and when one fills past a quarter,
 * which wakes it at once. A busy system pays a wakeup per batch of
 * records, not per signal.
 *
 * The reader may map its rings (pidfdtrace_mmap()) and consume them in
 * place; read() merges them for readers that do not.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/cpu.h>
#include <linux/fs.h>
#include <linux/irq_work.h>
#include <linux/kprobes.h>
#include <linux/ktime.h>
#include <linux/log2.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/poll.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timer.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include <linux/pidfdtrace.h>

#include "compat.h"
#include "internal.h"

static unsigned int buffer_size = 1U << 20;
module_param(buffer_size, uint, 0644);
MODULE_PARM_DESC(buffer_size,
		 "Default buffer size of a reader in bytes per CPU, a power of two (default: 1 MiB)");

static unsigned int wakeup_latency_ms = 20;
module_param(wakeup_latency_ms, uint, 0644);
MODULE_PARM_DESC(wakeup_latency_ms,
		 "Longest a blocked reader waits for a record it could read (default: 20)");

/* A reader's filter as the producers test it; replaced whole, under RCU. */
struct pidfdtrace_reader_filter {
	struct pidfdtrace_filter f;
	struct rcu_head rcu;
};

struct pidfdtrace_reader {
	struct list_head node;		/* in pidfdtrace_readers once started */
	bool started;			/* under pidfdtrace_readers_lock */
	struct pidfdtrace_reader_filter __rcu *filter;	/* NULL: all pass */
	/*
	 * A ring per CPU id. An entry changes only when the rings are
	 * resized: on its CPU with interrupts off, which is how producers
	 * use it, and the old ring is freed after an RCU grace period.
	 */
	struct pidfdtrace_ring **rings;
	unsigned int nr_rings;
	/* Rings being replaced: producers count their records as lost. */
	bool resizing;
	u64 __percpu *filtered;
	/* One read() at a time, and no resize meanwhile. */
	struct mutex read_lock;
	struct pidfdtrace_cursor *cursors;	/* read()'s, under read_lock */
	/* Mapping and resizing; taken under mmap_lock. */
	struct mutex map_lock;
	atomic_t mapped;		/* the rings' mappings alive */
	bool wake_now;			/* a ring filled past a quarter */
	wait_queue_head_t wait;
	struct irq_work wakeup_work;
	struct timer_list wakeup_timer;
};

/* Numbers every record but LOST, across CPUs and readers. */
atomic64_t pidfdtrace_seq = ATOMIC64_INIT(0);

/*
 * The started readers; RCU for the probes, pidfdtrace_readers_lock for
 * changes, for setting filters, and for arming the probes with the first
 * started reader and disarming them after the last.
 */
static LIST_HEAD(pidfdtrace_readers);
static DEFINE_MUTEX(pidfdtrace_readers_lock);
static unsigned int pidfdtrace_nr_readers;	/* open */
static unsigned int pidfdtrace_nr_started;
/* Records lost by any reader since load, closed readers included. */
static atomic64_t pidfdtrace_lost = ATOMIC64_INIT(0);
/* Untraced calls already reported in MISSED records. */
static atomic64_t pidfdtrace_missed_reported = ATOMIC64_INIT(0);

static bool pidfdtrace_filter_pass(const struct pidfdtrace_reader_filter *rf,
				   const struct pidfdtrace_match *m)
{
	const struct pidfdtrace_filter *f = &rf->f;

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
	/* Up to its NUL: on 5.10 bytes of an older name stay after it. */
	if ((f->mask & PIDFDTRACE_FILTER_SENDER_COMM) &&
	    strncmp(m->sender_comm, f->comm, PIDFDTRACE_COMM_LEN))
		return false;
	if ((f->mask & PIDFDTRACE_FILTER_SENDER_UID) && m->sender_uid != f->uid)
		return false;
	if ((f->mask & PIDFDTRACE_FILTER_SENDER_CGROUP) &&
	    !pidfdtrace_cgroup_under(m->sender_cgroup, f->sender_cgroup))
		return false;
	if ((f->mask & PIDFDTRACE_FILTER_TARGET_CGROUP) &&
	    !pidfdtrace_cgroup_under(m->target_cgroup, f->target_cgroup))
		return false;
	return true;
}
NOKPROBE_SYMBOL(pidfdtrace_filter_pass);

void pidfdtrace_emit(const struct pidfdtrace_record_header *rec,
		     const struct pidfdtrace_match *match)
{
	struct pidfdtrace_reader_filter *filter;
	struct pidfdtrace_ring *ring;
	struct pidfdtrace_reader *r;
	unsigned long flags;
	u32 threshold;
	long before;

	rcu_read_lock();
	list_for_each_entry_rcu(r, &pidfdtrace_readers, node) {
		filter = rcu_dereference(r->filter);
		if (match && filter && !pidfdtrace_filter_pass(filter, match)) {
			this_cpu_inc(*r->filtered);
			continue;
		}

		/* This CPU's ring: nothing else writes it while irqs are off. */
		local_irq_save(flags);
		ring = READ_ONCE(r->rings[smp_processor_id()]);
		if (unlikely(READ_ONCE(r->resizing))) {
			pidfdtrace_ring_lose(ring, rec);
			before = -1;
		} else {
			before = pidfdtrace_ring_push(ring, rec);
		}
		threshold = ring->size / 4;
		local_irq_restore(flags);

		if (before < 0) {
			atomic64_inc(&pidfdtrace_lost);
			continue;
		}
		if (before < threshold && before + rec->size >= threshold)
			WRITE_ONCE(r->wake_now, true);
		else if (before)
			continue;
		if (wq_has_sleeper(&r->wait))
			irq_work_queue(&r->wakeup_work);
	}
	rcu_read_unlock();
}
NOKPROBE_SYMBOL(pidfdtrace_emit);

/*
 * Calls no probe traced are only counted where it happened (kprobes'
 * nmissed); whoever sees the count grow first reports the difference, to
 * every reader, in one record.
 */
void pidfdtrace_report_missed(u64 missed)
{
	u64 reported = atomic64_read(&pidfdtrace_missed_reported);
	struct pidfdtrace_missed rec;

	if (likely(missed == reported))
		return;
	if (atomic64_cmpxchg(&pidfdtrace_missed_reported, reported, missed) !=
	    reported)
		return;

	memset(&rec, 0, sizeof(rec));
	rec.hdr.type = PIDFDTRACE_RECORD_MISSED;
	rec.hdr.size = sizeof(rec);
	rec.hdr.cpu = raw_smp_processor_id();
	rec.hdr.seq = pidfdtrace_next_seq();
	rec.hdr.time_ns = ktime_get_mono_fast_ns();
	rec.calls = missed - reported;
	rec.reasons = PIDFDTRACE_MISSED_PROBE_BUSY;
	pidfdtrace_emit(&rec.hdr, NULL);
}
NOKPROBE_SYMBOL(pidfdtrace_report_missed);

static void pidfdtrace_wakeup(struct irq_work *work)
{
	struct pidfdtrace_reader *r =
		container_of(work, struct pidfdtrace_reader, wakeup_work);

	if (READ_ONCE(r->wake_now)) {
		WRITE_ONCE(r->wake_now, false);
		wake_up_interruptible_poll(&r->wait, EPOLLIN | EPOLLRDNORM);
	} else if (!timer_pending(&r->wakeup_timer)) {
		mod_timer(&r->wakeup_timer,
			  jiffies + msecs_to_jiffies(READ_ONCE(wakeup_latency_ms)));
	}
}

static void pidfdtrace_wakeup_timer(struct timer_list *t)
{
	struct pidfdtrace_reader *r = timer_container_of(r, t, wakeup_timer);

	wake_up_interruptible_poll(&r->wait, EPOLLIN | EPOLLRDNORM);
}

static void pidfdtrace_rings_free(struct pidfdtrace_ring **rings,
				  unsigned int nr)
{
	unsigned int cpu;

	for (cpu = 0; rings && cpu < nr; cpu++)
		pidfdtrace_ring_free(rings[cpu]);
	kfree(rings);
}

/* A ring of @size bytes for every CPU id. */
static struct pidfdtrace_ring **pidfdtrace_rings_alloc(unsigned int nr,
						       u32 size)
{
	struct pidfdtrace_ring **rings;
	unsigned int cpu;

	rings = kcalloc(nr, sizeof(*rings), GFP_KERNEL_ACCOUNT);
	for (cpu = 0; rings && cpu < nr; cpu++) {
		rings[cpu] = pidfdtrace_ring_alloc(cpu, size);
		if (!rings[cpu]) {
			pidfdtrace_rings_free(rings, nr);
			return NULL;
		}
	}
	return rings;
}

static void pidfdtrace_reader_free(struct pidfdtrace_reader *r)
{
	kfree(rcu_dereference_protected(r->filter, true));
	free_percpu(r->filtered);
	pidfdtrace_rings_free(r->rings, r->nr_rings);
	kfree(r->cursors);
	kfree(r);
}

static bool pidfdtrace_readable(struct pidfdtrace_reader *r)
{
	bool readable;

	rcu_read_lock();
	readable = pidfdtrace_rings_readable(r->rings, r->nr_rings);
	rcu_read_unlock();
	return readable;
}

static int pidfdtrace_open(struct inode *inode, struct file *file)
{
	struct pidfdtrace_reader *r;
	u32 size = READ_ONCE(buffer_size);

	/* Everyone's signal traffic: the file mode alone is not enough. */
	if (!perfmon_capable())
		return -EPERM;

	if (!is_power_of_2(size) || size < PIDFDTRACE_BUFFER_MIN ||
	    size > PIDFDTRACE_BUFFER_MAX)
		return -EINVAL;

	/* Charged to the reader's memory cgroup: it asked for the buffer. */
	r = kzalloc(sizeof(*r), GFP_KERNEL_ACCOUNT);
	if (!r)
		return -ENOMEM;
	r->nr_rings = nr_cpu_ids;
	r->filtered = alloc_percpu_gfp(u64, GFP_KERNEL_ACCOUNT);
	r->cursors = kcalloc(r->nr_rings, sizeof(*r->cursors),
			     GFP_KERNEL_ACCOUNT);
	r->rings = pidfdtrace_rings_alloc(r->nr_rings,
					  max_t(u32, size, PAGE_SIZE));
	if (!r->filtered || !r->cursors || !r->rings) {
		pidfdtrace_reader_free(r);
		return -ENOMEM;
	}
	INIT_LIST_HEAD(&r->node);
	mutex_init(&r->read_lock);
	mutex_init(&r->map_lock);
	init_waitqueue_head(&r->wait);
	init_irq_work(&r->wakeup_work, pidfdtrace_wakeup);
	timer_setup(&r->wakeup_timer, pidfdtrace_wakeup_timer, 0);

	mutex_lock(&pidfdtrace_readers_lock);
	pidfdtrace_nr_readers++;
	mutex_unlock(&pidfdtrace_readers_lock);

	file->private_data = r;
	return stream_open(inode, file);
}

/* Records flow to @r from now on; the first started reader arms the probes. */
static int pidfdtrace_start(struct pidfdtrace_reader *r)
{
	int ret = 0;

	if (READ_ONCE(r->started))
		return 0;
	mutex_lock(&pidfdtrace_readers_lock);
	if (!r->started) {
		if (!pidfdtrace_nr_started)
			ret = pidfdtrace_probes_arm();
		if (!ret) {
			pidfdtrace_nr_started++;
			list_add_tail_rcu(&r->node, &pidfdtrace_readers);
			WRITE_ONCE(r->started, true);
		}
	}
	mutex_unlock(&pidfdtrace_readers_lock);
	return ret;
}

static int pidfdtrace_release(struct inode *inode, struct file *file)
{
	struct pidfdtrace_reader *r = file->private_data;

	mutex_lock(&pidfdtrace_readers_lock);
	pidfdtrace_nr_readers--;
	if (r->started) {
		list_del_rcu(&r->node);
		if (!--pidfdtrace_nr_started)
			pidfdtrace_probes_disarm();
	}
	mutex_unlock(&pidfdtrace_readers_lock);

	/* Handlers still pushing to r, then wakeups they queued. */
	synchronize_rcu();
	irq_work_sync(&r->wakeup_work);
	pidfdtrace_timer_shutdown_sync(&r->wakeup_timer);

	pidfdtrace_reader_free(r);
	return 0;
}

static ssize_t pidfdtrace_read(struct file *file, char __user *buf,
			       size_t count, loff_t *ppos)
{
	struct pidfdtrace_reader *r = file->private_data;
	ssize_t ret;

	ret = pidfdtrace_start(r);
	if (ret)
		return ret;
	for (;;) {
		/* Untraced calls are reported even when nothing else happens. */
		pidfdtrace_report_missed(pidfdtrace_syscall_missed());
		if (!(file->f_flags & O_NONBLOCK)) {
			ret = wait_event_interruptible(r->wait,
						       pidfdtrace_readable(r));
			if (ret)
				return ret;
		}
		if (mutex_lock_interruptible(&r->read_lock))
			return -ERESTARTSYS;
		ret = pidfdtrace_rings_read(r->rings, r->cursors, r->nr_rings,
					    buf, count);
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

	if (pidfdtrace_start(r))
		return EPOLLERR;
	pidfdtrace_report_missed(pidfdtrace_syscall_missed());
	/* Losses waiting for room that a mapping reader made. */
	if (mutex_trylock(&r->read_lock)) {
		pidfdtrace_rings_flush_lost(r->rings, r->nr_rings);
		mutex_unlock(&r->read_lock);
	}
	poll_wait(file, &r->wait, wait);
	return pidfdtrace_readable(r) ? EPOLLIN | EPOLLRDNORM : 0;
}

static long pidfdtrace_get_stats(struct pidfdtrace_reader *r,
				 struct pidfdtrace_stats __user *ustats)
{
	struct pidfdtrace_stats stats = {};
	struct pidfdtrace_ring *ring;
	unsigned int cpu;

	pidfdtrace_probes_stats(&stats);
	mutex_lock(&pidfdtrace_readers_lock);
	stats.readers = pidfdtrace_nr_readers;
	mutex_unlock(&pidfdtrace_readers_lock);
	stats.lost = atomic64_read(&pidfdtrace_lost);

	rcu_read_lock();
	for (cpu = 0; cpu < r->nr_rings; cpu++) {
		ring = READ_ONCE(r->rings[cpu]);
		stats.reader_records += READ_ONCE(ring->records);
		stats.reader_lost += READ_ONCE(ring->lost_total);
		stats.buffer_size = ring->size;
	}
	rcu_read_unlock();
	for_each_possible_cpu(cpu)
		stats.reader_filtered += READ_ONCE(*per_cpu_ptr(r->filtered, cpu));

	return copy_to_user(ustats, &stats, sizeof(stats)) ? -EFAULT : 0;
}

static long pidfdtrace_set_filter(struct pidfdtrace_reader *r,
				  const struct pidfdtrace_filter __user *ufilter)
{
	struct pidfdtrace_reader_filter *rf, *old;
	unsigned int i;
	long ret;

	rf = kzalloc(sizeof(*rf), GFP_KERNEL_ACCOUNT);
	if (!rf)
		return -ENOMEM;
	ret = -EFAULT;
	if (copy_from_user(&rf->f, ufilter, sizeof(rf->f)))
		goto out_free;
	/* Reserved today, meaningful in a later minor version. */
	ret = -EINVAL;
	if (rf->f.mask & ~PIDFDTRACE_FILTER_ALL)
		goto out_free;
	for (i = 0; i < ARRAY_SIZE(rf->f.__reserved); i++)
		if (rf->f.__reserved[i])
			goto out_free;
	ret = 0;
	if (rf->f.mask & PIDFDTRACE_FILTER_SENDER_CGROUP)
		ret = pidfdtrace_cgroup_exists(rf->f.sender_cgroup);
	if (!ret && (rf->f.mask & PIDFDTRACE_FILTER_TARGET_CGROUP))
		ret = pidfdtrace_cgroup_exists(rf->f.target_cgroup);
	if (ret)
		goto out_free;
	if (!rf->f.mask) {
		kfree(rf);
		rf = NULL;
	}

	mutex_lock(&pidfdtrace_readers_lock);
	old = rcu_replace_pointer(r->filter, rf,
				  lockdep_is_held(&pidfdtrace_readers_lock));
	mutex_unlock(&pidfdtrace_readers_lock);
	if (old)
		kfree_rcu(old, rcu);
	return 0;

out_free:
	kfree(rf);
	return ret;
}

struct pidfdtrace_swap {
	struct pidfdtrace_reader *r;
	struct pidfdtrace_ring **fresh;
	unsigned int cpu;
};

/* On the ring's CPU, or with it offline: no producer is in the ring. */
static void pidfdtrace_ring_swap(void *arg)
{
	struct pidfdtrace_swap *s = arg;
	struct pidfdtrace_ring *old = s->r->rings[s->cpu];
	struct pidfdtrace_ring *new = s->fresh[s->cpu];

	new->lost += old->lost;
	new->lost_calls += old->lost_calls;
	new->records = old->records;
	new->lost_total = old->lost_total;
	WRITE_ONCE(s->r->rings[s->cpu], new);
	s->fresh[s->cpu] = old;
}

/*
 * Producers stop writing to @r (and count their records as lost), the
 * records move to the new rings, and each CPU's ring is swapped on that
 * CPU with the losses it counted meanwhile. read_lock and map_lock held.
 */
static int pidfdtrace_reader_resize(struct pidfdtrace_reader *r, u32 size)
{
	struct pidfdtrace_swap s = { .r = r };
	int ret = 0;

	s.fresh = pidfdtrace_rings_alloc(r->nr_rings, size);
	if (!s.fresh)
		return -ENOMEM;

	WRITE_ONCE(r->resizing, true);
	synchronize_rcu();
	for (s.cpu = 0; !ret && s.cpu < r->nr_rings; s.cpu++)
		ret = pidfdtrace_ring_copy(s.fresh[s.cpu], r->rings[s.cpu]);
	if (!ret) {
		cpus_read_lock();
		for (s.cpu = 0; s.cpu < r->nr_rings; s.cpu++)
			if (smp_call_function_single(s.cpu, pidfdtrace_ring_swap,
						     &s, 1))
				pidfdtrace_ring_swap(&s);
		cpus_read_unlock();
	}
	WRITE_ONCE(r->resizing, false);

	/* Whichever rings are unused now, once nobody looks at them. */
	synchronize_rcu();
	pidfdtrace_rings_free(s.fresh, r->nr_rings);
	return ret;
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
	mutex_lock(&r->map_lock);
	if (atomic_read(&r->mapped))
		ret = -EBUSY;
	else
		ret = pidfdtrace_reader_resize(r, max_t(u32, size, PAGE_SIZE));
	mutex_unlock(&r->map_lock);
	mutex_unlock(&r->read_lock);
	return ret;
}

static long pidfdtrace_get_layout(struct pidfdtrace_reader *r,
				  struct pidfdtrace_layout __user *ulayout)
{
	struct pidfdtrace_layout layout = {};

	mutex_lock(&r->map_lock);
	layout.ring_size = r->rings[0]->size;
	mutex_unlock(&r->map_lock);
	layout.nr_rings = r->nr_rings;
	layout.control_offset = 0;
	layout.control_size = (u64)r->nr_rings * PAGE_SIZE;
	layout.data_offset = layout.control_size;
	layout.data_size = (u64)r->nr_rings * layout.ring_size;
	return copy_to_user(ulayout, &layout, sizeof(layout)) ? -EFAULT : 0;
}

static void pidfdtrace_vm_open(struct vm_area_struct *vma)
{
	struct pidfdtrace_reader *r = vma->vm_private_data;

	atomic_inc(&r->mapped);
}

static void pidfdtrace_vm_close(struct vm_area_struct *vma)
{
	struct pidfdtrace_reader *r = vma->vm_private_data;

	atomic_dec(&r->mapped);
}

static const struct vm_operations_struct pidfdtrace_vm_ops = {
	.open	= pidfdtrace_vm_open,
	.close	= pidfdtrace_vm_close,
};

/*
 * The control pages (writable: the reader's data_tail is there), or the
 * data (read-only), whole. The mapping holds the file, so @r outlives it.
 */
static int pidfdtrace_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct pidfdtrace_reader *r = file->private_data;
	unsigned long len = vma->vm_end - vma->vm_start;
	u64 off = (u64)vma->vm_pgoff << PAGE_SHIFT;
	u64 control_size = (u64)r->nr_rings * PAGE_SIZE;
	struct pidfdtrace_ring *ring;
	unsigned int cpu, i;
	bool data;
	int ret;

	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	mutex_lock(&r->map_lock);
	ret = -EINVAL;
	if (off == 0 && len == control_size)
		data = false;
	else if (off == control_size &&
		 len == (u64)r->nr_rings * r->rings[0]->size)
		data = true;
	else
		goto out;
	ret = -EPERM;
	if (data && (vma->vm_flags & VM_WRITE))
		goto out;
	pidfdtrace_vm_flags_mod(vma, VM_DONTCOPY | VM_DONTEXPAND | VM_DONTDUMP,
				data ? VM_MAYWRITE : 0);

	for (cpu = 0; cpu < r->nr_rings; cpu++) {
		ring = r->rings[cpu];
		if (!data) {
			ret = vm_insert_page(vma, vma->vm_start + cpu * PAGE_SIZE,
					     ring->pages[0]);
			if (ret)
				goto out;
			continue;
		}
		for (i = 1; i < ring->nr_pages; i++) {
			ret = vm_insert_page(vma, vma->vm_start +
					     (unsigned long)cpu * ring->size +
					     (i - 1) * PAGE_SIZE,
					     ring->pages[i]);
			if (ret)
				goto out;
		}
	}
	vma->vm_ops = &pidfdtrace_vm_ops;
	vma->vm_private_data = r;
	atomic_inc(&r->mapped);
	ret = 0;
out:
	mutex_unlock(&r->map_lock);
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
	case PIDFDTRACE_IOC_START:
		return pidfdtrace_start(r);
	case PIDFDTRACE_IOC_GET_LAYOUT:
		return pidfdtrace_get_layout(r, uarg);
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
	.mmap		= pidfdtrace_mmap,
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
