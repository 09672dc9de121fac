// SPDX-License-Identifier: GPL-2.0
/*
 * A reader's ring: a power-of-two byte buffer of whole records.
 *
 * Producers are probe handlers on any CPU; they take ring->lock, a raw
 * spinlock because they run in atomic context, PREEMPT_RT included. The
 * consumer is read(), one at a time: it copies records out without the
 * lock and takes it only to give the space back, so a producer always sees
 * a tail consistent with the consumer's last look at the ring.
 *
 * A record that does not fit is dropped and counted; the count goes into
 * the ring as a LOST record just before the next record that fits, or when
 * the consumer makes room, so losses reach the reader in-band and in order.
 */

#include <linux/gfp.h>
#include <linux/minmax.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/ktime.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include <linux/pidfdtrace.h>

#include "internal.h"

/* Charged to the reader's memory cgroup: it chose the size. */
static char *ring_alloc(u32 size)
{
	return __vmalloc(size, GFP_KERNEL_ACCOUNT | __GFP_ZERO);
}

int pidfdtrace_ring_init(struct pidfdtrace_ring *ring, u32 size)
{
	ring->data = ring_alloc(size);
	if (!ring->data)
		return -ENOMEM;
	raw_spin_lock_init(&ring->lock);
	ring->size = size;
	ring->head = 0;
	ring->tail = 0;
	ring->lost = 0;
	ring->lost_calls = 0;
	return 0;
}

void pidfdtrace_ring_destroy(struct pidfdtrace_ring *ring)
{
	vfree(ring->data);
	ring->data = NULL;
}

/*
 * Records are whole 8-byte words at 8-byte offsets, so they move a word at
 * a time: cheaper than byte copies for records this small, and a record
 * that wraps needs no special case.
 */
static void ring_write(struct pidfdtrace_ring *ring, u64 pos, const void *src,
		       u32 len)
{
	u64 *data = (u64 *)ring->data;
	const u64 *words = src;
	u32 mask = ring->size / 8 - 1;
	u32 at = pos / 8, i;

	for (i = 0; i < len / 8; i++)
		data[(at + i) & mask] = words[i];
}

/* The size of the record at @pos: its first word never wraps. */
static u16 ring_record_size(const struct pidfdtrace_ring *ring, u64 pos)
{
	const struct pidfdtrace_record_header *hdr =
		(const void *)(ring->data + (pos & (ring->size - 1)));

	return hdr->size;
}

/* Copies @len bytes at @pos out to @buf; nothing is consumed on a fault. */
static int ring_copy_to_user(const struct pidfdtrace_ring *ring,
			     char __user *buf, u64 pos, size_t len)
{
	/* Short user-access sections: 4 KiB at a time. */
	const size_t chunk = 512;
	const u64 *data = (const u64 *)ring->data;
	u64 __user *dst = (u64 __user *)buf;
	u32 mask = ring->size / 8 - 1, at = pos / 8;
	size_t i, j, n, words = len / 8;

	for (i = 0; i < words; i += n) {
		n = min(chunk, words - i);
		if (!user_access_begin(dst + i, n * 8))
			return -EFAULT;
		for (j = i; j < i + n; j++)
			unsafe_put_user(data[(at + j) & mask], dst + j, efault);
		user_access_end();
	}
	return 0;
efault:
	user_access_end();
	return -EFAULT;
}

/* Copies @len bytes at @pos into @dst (resizing moves records). */
static void ring_peek(const char *data, u32 size, u64 pos, void *dst, u32 len)
{
	u32 off = pos & (size - 1);
	u32 first = min(len, size - off);

	memcpy(dst, data + off, first);
	memcpy(dst + first, data, len - first);
}

/* Writes the pending LOST record if it fits; ring->lock held. */
static bool ring_flush_lost(struct pidfdtrace_ring *ring)
{
	struct pidfdtrace_lost rec = {
		.hdr.type	= PIDFDTRACE_RECORD_LOST,
		.hdr.size	= sizeof(rec),
		.hdr.cpu	= raw_smp_processor_id(),
		.hdr.time_ns	= ktime_get_mono_fast_ns(),
		.count		= ring->lost,
		.calls		= ring->lost_calls,
	};

	if (ring->size - (ring->head - ring->tail) < sizeof(rec))
		return false;
	ring_write(ring, ring->head, &rec, sizeof(rec));
	ring->lost = 0;
	ring->lost_calls = 0;
	/* Publishes the record to the lockless consumer. */
	smp_store_release(&ring->head, ring->head + sizeof(rec));
	return true;
}

bool pidfdtrace_ring_push(struct pidfdtrace_ring *ring,
			  const struct pidfdtrace_record_header *rec)
{
	u32 need = rec->size + (ring->lost ? sizeof(struct pidfdtrace_lost) : 0);

	lockdep_assert_held(&ring->lock);

	if (ring->size - (ring->head - ring->tail) < need) {
		ring->lost++;
		ring->lost_calls += rec->type == PIDFDTRACE_RECORD_CALL;
		return false;
	}
	if (ring->lost)
		ring_flush_lost(ring);
	ring_write(ring, ring->head, rec, rec->size);
	/* Publishes the record to the lockless consumer. */
	smp_store_release(&ring->head, ring->head + rec->size);
	return true;
}

ssize_t pidfdtrace_ring_read(struct pidfdtrace_ring *ring, char __user *buf,
			     size_t count)
{
	unsigned long flags;
	u64 tail, head;
	size_t len = 0;
	u16 size;

	/* Losses noticed while the ring was full come first. */
	if (READ_ONCE(ring->lost)) {
		raw_spin_lock_irqsave(&ring->lock, flags);
		if (ring->lost)
			ring_flush_lost(ring);
		raw_spin_unlock_irqrestore(&ring->lock, flags);
	}

	tail = ring->tail;
	/* Pairs with the producers' release: records up to head are written. */
	head = smp_load_acquire(&ring->head);
	while (tail + len < head) {
		size = ring_record_size(ring, tail + len);
		if (size > count - len)
			break;
		len += size;
	}
	if (!len)
		return tail == head ? 0 : -EINVAL;

	if (ring_copy_to_user(ring, buf, tail, len))
		return -EFAULT;

	raw_spin_lock_irqsave(&ring->lock, flags);
	ring->tail = tail + len;
	if (ring->lost)
		ring_flush_lost(ring);
	raw_spin_unlock_irqrestore(&ring->lock, flags);
	return len;
}

int pidfdtrace_ring_resize(struct pidfdtrace_ring *ring, u32 size)
{
	unsigned long flags;
	char *data, *old;
	u32 old_size;
	u64 tail, used;

	data = ring_alloc(size);
	if (!data)
		return -ENOMEM;

	raw_spin_lock_irqsave(&ring->lock, flags);
	used = ring->head - ring->tail;
	if (used > size) {
		raw_spin_unlock_irqrestore(&ring->lock, flags);
		vfree(data);
		return -EBUSY;
	}
	old = ring->data;
	old_size = ring->size;
	tail = ring->tail;
	ring->data = data;
	ring->size = size;
	ring->tail = 0;
	ring->head = used;
	raw_spin_unlock_irqrestore(&ring->lock, flags);

	/*
	 * Producers now write past @used and never touch the old buffer; the
	 * consumer is held off by the caller, so the records still buffered
	 * can move over without the lock.
	 */
	ring_peek(old, old_size, tail, data, used);
	vfree(old);
	return 0;
}
