// SPDX-License-Identifier: GPL-2.0
/*
 * A reader's buffers: one ring per CPU, each a power-of-two byte buffer of
 * whole records behind a control page, both mappable by the reader.
 *
 * The producers of a ring are the probe handlers of its own CPU, with
 * interrupts off: on a CPU one of them writes at a time, and none takes a
 * lock another CPU takes. The consumer (read(), or the reader through its
 * mapping) gives space back through the control page's data_tail, which
 * the producer reads before it writes: the control dependency orders its
 * writes after that read, as in perf's ring. The rest of struct
 * pidfdtrace_ring is its CPU's: another CPU touches it only by running a
 * function there (smp_call_function_single()) or while that CPU is
 * offline, under cpus_read_lock().
 *
 * A record that does not fit is dropped and counted; the count goes into
 * the ring as a LOST record just before the next record that fits, or when
 * read() or poll() finds it pending, so losses reach the reader in-band and
 * in order.
 */

#include <linux/cpu.h>
#include <linux/gfp.h>
#include <linux/kprobes.h>
#include <linux/ktime.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/topology.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include <linux/pidfdtrace.h>

#include "internal.h"

/*
 * The control page, then the data, node-local to the CPU and charged to
 * the reader's memory cgroup: it chose the size.
 */
struct pidfdtrace_ring *pidfdtrace_ring_alloc(unsigned int cpu, u32 size)
{
	int node = cpu_possible(cpu) ? cpu_to_node(cpu) : NUMA_NO_NODE;
	struct pidfdtrace_ring *ring;
	unsigned int i;

	ring = kzalloc_node(sizeof(*ring), GFP_KERNEL_ACCOUNT, node);
	if (!ring)
		return NULL;
	ring->cpu = cpu;
	ring->size = size;
	ring->nr_pages = 1 + size / PAGE_SIZE;
	ring->pages = kcalloc_node(ring->nr_pages, sizeof(*ring->pages),
				   GFP_KERNEL_ACCOUNT, node);
	if (!ring->pages)
		goto fail;
	for (i = 0; i < ring->nr_pages; i++) {
		ring->pages[i] = alloc_pages_node(node, GFP_KERNEL_ACCOUNT |
						  __GFP_ZERO, 0);
		if (!ring->pages[i])
			goto fail;
	}
	ring->page = vmap(ring->pages, ring->nr_pages, VM_MAP, PAGE_KERNEL);
	if (!ring->page)
		goto fail;
	ring->data = (char *)ring->page + PAGE_SIZE;
	ring->page->version = PIDFDTRACE_MMAP_VERSION;
	ring->page->cpu = cpu;
	ring->page->ring_size = size;
	ring->page->data_offset = (u64)cpu * size;
	return ring;
fail:
	pidfdtrace_ring_free(ring);
	return NULL;
}

/* A page the reader still maps stays until it is unmapped. */
void pidfdtrace_ring_free(struct pidfdtrace_ring *ring)
{
	unsigned int i;

	if (!ring)
		return;
	if (ring->page)
		vunmap(ring->page);
	for (i = 0; ring->pages && i < ring->nr_pages; i++)
		if (ring->pages[i])
			__free_page(ring->pages[i]);
	kfree(ring->pages);
	kfree(ring);
}

/*
 * Records are whole 8-byte words at 8-byte offsets, so they move a word at
 * a time: cheaper than byte copies for records this small (memcpy() is a
 * rep movsb, a byte per step), and a record that wraps needs no special
 * case.
 */
static void ring_write(struct pidfdtrace_ring *ring, u64 pos, const void *src,
		       u32 len)
{
	u64 *data = (u64 *)ring->data;
	const u64 *words = src;
	u32 mask = ring->size / 8 - 1;
	u32 at = pos / 8 & mask, n = len / 8, i;

	if (likely(at + n <= mask + 1)) {
		for (i = 0; i < n; i++)
			data[at + i] = words[i];
		return;
	}
	for (i = 0; i < n; i++)
		data[(at + i) & mask] = words[i];
}
NOKPROBE_SYMBOL(ring_write);

/* Copies @len bytes at @pos out of the ring, wrapping around its end. */
static void ring_peek(const struct pidfdtrace_ring *ring, u64 pos, void *dst,
		      u32 len)
{
	u32 off = pos & (ring->size - 1);
	u32 first = min(len, ring->size - off);

	memcpy(dst, ring->data + off, first);
	memcpy(dst + first, ring->data, len - first);
}

/*
 * Makes what was written up to @head visible to both consumers: read()
 * reads the module's own copy (the control page is the reader's to
 * scribble on), a mapping reader the page's. Each release pairs with its
 * consumer's load-acquire of the head.
 */
static void ring_publish(struct pidfdtrace_ring *ring, u64 head)
{
	smp_store_release(&ring->head, head); /* pairs: cursors_load() */
	smp_store_release(&ring->page->data_head, head); /* pairs: the reader */
}
NOKPROBE_SYMBOL(ring_publish);

/*
 * Free bytes; a data_tail the module did not give makes the ring full
 * (the reader wrote it through its mapping).
 */
static u32 ring_room(const struct pidfdtrace_ring *ring)
{
	u64 used = ring->head - READ_ONCE(ring->page->data_tail);

	return used > ring->size ? 0 : ring->size - used;
}
NOKPROBE_SYMBOL(ring_room);

/* Writes the pending LOST record if it fits; on the ring's CPU. */
static bool ring_flush_lost(struct pidfdtrace_ring *ring)
{
	struct pidfdtrace_lost rec = {
		.hdr.type	= PIDFDTRACE_RECORD_LOST,
		.hdr.size	= sizeof(rec),
		.hdr.cpu	= ring->cpu,
		.hdr.time_ns	= ktime_get_mono_fast_ns(),
		.count		= ring->lost,
		.calls		= ring->lost_calls,
	};

	if (ring_room(ring) < sizeof(rec))
		return false;
	ring_write(ring, ring->head, &rec, sizeof(rec));
	ring->head += sizeof(rec);
	ring->lost = 0;
	ring->lost_calls = 0;
	return true;
}
NOKPROBE_SYMBOL(ring_flush_lost);

void pidfdtrace_ring_lose(struct pidfdtrace_ring *ring,
			  const struct pidfdtrace_record_header *rec)
{
	ring->lost++;
	ring->lost_calls += rec->type == PIDFDTRACE_RECORD_CALL;
	ring->lost_total++;
}
NOKPROBE_SYMBOL(pidfdtrace_ring_lose);

/*
 * On the ring's CPU with interrupts off. Returns the bytes the ring held
 * before, or a negative number when the record was lost.
 */
long pidfdtrace_ring_push(struct pidfdtrace_ring *ring,
			  const struct pidfdtrace_record_header *rec)
{
	u32 room = ring_room(ring);
	u32 need = rec->size + (ring->lost ? sizeof(struct pidfdtrace_lost) : 0);

	if (room < need) {
		pidfdtrace_ring_lose(ring, rec);
		return -1;
	}
	if (ring->lost)
		ring_flush_lost(ring);
	ring_write(ring, ring->head, rec, rec->size);
	ring->records++;
	ring_publish(ring, ring->head + rec->size);
	return ring->size - room;
}
NOKPROBE_SYMBOL(pidfdtrace_ring_push);

static void ring_flush_lost_here(void *arg)
{
	struct pidfdtrace_ring *ring = arg;

	if (ring->lost && ring_flush_lost(ring))
		ring_publish(ring, ring->head);
}

/*
 * Has each ring's CPU write the losses it noticed while the ring was full,
 * where there is room now; a CPU that is offline makes no records, so the
 * caller writes for it.
 */
void pidfdtrace_rings_flush_lost(struct pidfdtrace_ring **rings,
				 unsigned int nr)
{
	unsigned int cpu;
	bool locked = false;

	for (cpu = 0; cpu < nr; cpu++) {
		if (!READ_ONCE(rings[cpu]->lost))
			continue;
		if (!locked) {
			cpus_read_lock();
			locked = true;
		}
		if (smp_call_function_single(cpu, ring_flush_lost_here,
					     rings[cpu], 1))
			ring_flush_lost_here(rings[cpu]);
	}
	if (locked)
		cpus_read_unlock();
}

/* True when read() has something to return, LOST records included. */
bool pidfdtrace_rings_readable(struct pidfdtrace_ring **rings,
			       unsigned int nr)
{
	unsigned int cpu;

	for (cpu = 0; cpu < nr; cpu++)
		if (READ_ONCE(rings[cpu]->head) !=
		    READ_ONCE(rings[cpu]->page->data_tail) ||
		    READ_ONCE(rings[cpu]->lost))
			return true;
	return false;
}

/*
 * The merge's view of the record at @c->pos: its size and order key (see
 * "Order" in the uapi header), or -EIO when no record starts there.
 */
static int cursor_peek(const struct pidfdtrace_ring *ring,
		       struct pidfdtrace_cursor *c)
{
	struct pidfdtrace_record_header hdr;
	u32 deliveries;

	ring_peek(ring, c->pos, &hdr, sizeof(hdr));
	if (hdr.size < sizeof(hdr) || hdr.size % 8 ||
	    hdr.size > PIDFDTRACE_RECORD_MAX_SIZE || hdr.size > c->head - c->pos)
		return -EIO;
	c->size = hdr.size;
	c->call = false;
	c->key = hdr.seq;
	if (hdr.type == PIDFDTRACE_RECORD_CALL &&
	    hdr.size >= sizeof(struct pidfdtrace_call)) {
		ring_peek(ring, c->pos + offsetof(struct pidfdtrace_call, last_seq),
			  &c->key, sizeof(c->key));
		ring_peek(ring, c->pos + offsetof(struct pidfdtrace_call, deliveries),
			  &deliveries, sizeof(deliveries));
		c->call = deliveries;
	}
	return 0;
}

static int cursors_load(struct pidfdtrace_ring **rings,
			struct pidfdtrace_cursor *cursors, unsigned int nr,
			bool heads_only)
{
	unsigned int cpu;

	for (cpu = 0; cpu < nr; cpu++) {
		struct pidfdtrace_cursor *c = &cursors[cpu];

		if (!heads_only) {
			c->pos = READ_ONCE(rings[cpu]->page->data_tail);
			c->tail = c->pos;
		}
		/* Pairs with ring_publish(): the records up to head are there. */
		c->head = smp_load_acquire(&rings[cpu]->head);
		if (c->head - c->tail > rings[cpu]->size || c->tail % 8)
			return -EIO;
		c->size = 0;
	}
	return 0;
}

/*
 * The next record in merge order, or -1: the lowest key at the rings'
 * heads, a call after the deliveries that have its key. A call that made
 * deliveries is taken only after the heads were loaded again, once it was
 * found: its deliveries, published before it on any CPU, are in sight.
 */
static int cursors_next(struct pidfdtrace_ring **rings,
			struct pidfdtrace_cursor *cursors, unsigned int nr)
{
	bool reloaded = false;
	unsigned int cpu;
	int best, ret;

	for (;;) {
		best = -1;
		for (cpu = 0; cpu < nr; cpu++) {
			struct pidfdtrace_cursor *c = &cursors[cpu];

			if (c->pos == c->head)
				continue;
			if (!c->size) {
				ret = cursor_peek(rings[cpu], c);
				if (ret)
					return ret;
			}
			if (best < 0 || c->key < cursors[best].key ||
			    (c->key == cursors[best].key && cursors[best].call))
				best = cpu;
		}
		if (best < 0 || !cursors[best].call || reloaded)
			return best;
		ret = cursors_load(rings, cursors, nr, true);
		if (ret)
			return ret;
		reloaded = true;
	}
}

static int ring_copy_to_user(const struct pidfdtrace_ring *ring,
			     char __user *buf, u64 pos, u32 len)
{
	u32 off = pos & (ring->size - 1);
	u32 first = min(len, ring->size - off);

	if (copy_to_user(buf, ring->data + off, first) ||
	    copy_to_user(buf + first, ring->data, len - first))
		return -EFAULT;
	return 0;
}

ssize_t pidfdtrace_rings_read(struct pidfdtrace_ring **rings,
			      struct pidfdtrace_cursor *cursors,
			      unsigned int nr, char __user *buf, size_t count)
{
	unsigned int cpu;
	size_t len = 0;
	bool empty;
	int next;

	/* Losses noticed while a ring was full come first. */
	pidfdtrace_rings_flush_lost(rings, nr);

	next = cursors_load(rings, cursors, nr, false);
	while (next >= 0) {
		next = cursors_next(rings, cursors, nr);
		if (next < 0)
			break;
		if (cursors[next].size > count - len)
			break;
		/* Nothing is consumed before every copy succeeded. */
		if (ring_copy_to_user(rings[next], buf + len, cursors[next].pos,
				      cursors[next].size))
			return -EFAULT;
		len += cursors[next].size;
		cursors[next].pos += cursors[next].size;
		cursors[next].size = 0;
	}
	if (next < -1)
		return next;

	empty = true;
	for (cpu = 0; cpu < nr; cpu++) {
		if (cursors[cpu].pos != cursors[cpu].tail)
			/* Pairs with the producer's read of data_tail. */
			smp_store_release(&rings[cpu]->page->data_tail,
					  cursors[cpu].pos);
		empty &= cursors[cpu].pos == cursors[cpu].head;
	}
	if (!len)
		return empty ? 0 : -EINVAL;
	/* Losses that waited for the room just made. */
	pidfdtrace_rings_flush_lost(rings, nr);
	return len;
}

/*
 * Copies @from's records into the empty @to, or -EBUSY when they do not
 * fit; both rings are still (no producer writes to either).
 */
int pidfdtrace_ring_copy(struct pidfdtrace_ring *to,
			 const struct pidfdtrace_ring *from)
{
	u64 tail = READ_ONCE(from->page->data_tail);
	u64 used = from->head - tail;

	if (used > from->size || tail % 8)
		return -EIO;
	if (used > to->size)
		return -EBUSY;
	ring_peek(from, tail, to->data, used);
	to->head = used;
	to->page->data_head = used;
	to->page->data_tail = 0;
	return 0;
}
