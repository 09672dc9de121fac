// SPDX-License-Identifier: GPL-2.0
/*
 * The merge follows the module's (module/ring.c): among the oldest record
 * of each buffer, the lowest key first, a call after the deliveries that
 * share its key, and a call with deliveries taken only once the heads were
 * loaded again after it was found, so that deliveries the caller made on
 * another CPU before moving are in sight.
 */

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "rings.h"

static struct pidfdtrace_mmap_page *page_of(const struct rings *rs,
					    unsigned int i)
{
	return (struct pidfdtrace_mmap_page *)(rs->control +
					       (size_t)i * rs->page_size);
}

int rings_map(struct rings *rs, int fd)
{
	struct pidfdtrace_layout l;
	long page = sysconf(_SC_PAGESIZE);
	unsigned int i;
	int err;

	memset(rs, 0, sizeof(*rs));
	if (ioctl(fd, PIDFDTRACE_IOC_GET_LAYOUT, &l))
		return -errno;
	if (!l.nr_rings || page <= 0 ||
	    l.control_size != (__u64)l.nr_rings * page ||
	    l.ring_size < PIDFDTRACE_BUFFER_MIN || l.ring_size & (l.ring_size - 1) ||
	    l.data_size != (__u64)l.nr_rings * l.ring_size)
		return -EPROTO;
	rs->fd = fd;
	rs->nr = l.nr_rings;
	rs->ring_size = l.ring_size;
	rs->page_size = page;
	rs->control_size = l.control_size;
	rs->data_size = l.data_size;
	rs->c = calloc(rs->nr, sizeof(*rs->c));
	if (!rs->c)
		return -ENOMEM;
	rs->control = mmap(NULL, rs->control_size, PROT_READ | PROT_WRITE,
			   MAP_SHARED, fd, l.control_offset);
	if (rs->control == MAP_FAILED) {
		err = -errno;
		goto fail;
	}
	rs->data = mmap(NULL, rs->data_size, PROT_READ, MAP_SHARED, fd,
			l.data_offset);
	if (rs->data == MAP_FAILED) {
		err = -errno;
		munmap(rs->control, rs->control_size);
		goto fail;
	}
	for (i = 0; i < rs->nr; i++) {
		rs->c[i].pos = page_of(rs, i)->data_tail;
		rs->c[i].tail = rs->c[i].pos;
		rs->c[i].head = rs->c[i].pos;
	}
	return 0;
fail:
	free(rs->c);
	memset(rs, 0, sizeof(*rs));
	return err;
}

void rings_unmap(struct rings *rs)
{
	if (!rs->c)
		return;
	munmap((void *)rs->data, rs->data_size);
	munmap(rs->control, rs->control_size);
	free(rs->c);
	memset(rs, 0, sizeof(*rs));
}

/* Copies @len bytes at @pos of buffer @i to @dst, wrapping around. */
static void copy_out(const struct rings *rs, unsigned int i, __u64 pos,
		     void *dst, size_t len)
{
	const char *base = rs->data + (size_t)i * rs->ring_size;
	size_t off = pos & (rs->ring_size - 1);
	size_t first = len < rs->ring_size - off ? len : rs->ring_size - off;

	memcpy(dst, base + off, first);
	memcpy((char *)dst + first, base, len - first);
}

/* Pairs with the module's release when it publishes records. */
static int load_heads(struct rings *rs)
{
	unsigned int i;

	for (i = 0; i < rs->nr; i++) {
		struct rings_cursor *c = &rs->c[i];

		c->head = __atomic_load_n(&page_of(rs, i)->data_head,
					  __ATOMIC_ACQUIRE);
		if (c->head - c->tail > rs->ring_size) {
			rs->error = EIO;
			return -1;
		}
		if (c->head - c->tail > rs->ring_size - PIDFDTRACE_RECORD_MAX_SIZE -
		    sizeof(struct pidfdtrace_lost))
			rs->maybe_lost = true;
		c->size = 0;
	}
	return 0;
}

/* The size and key of the record at cursor @i's pos. */
static int peek(struct rings *rs, unsigned int i)
{
	struct rings_cursor *c = &rs->c[i];
	size_t off = c->pos & (rs->ring_size - 1);
	const char *at = rs->data + (size_t)i * rs->ring_size + off;
	struct pidfdtrace_record_header hdr;
	__u32 deliveries;

	/* Most records do not wrap: read them where they are. */
	if (off + sizeof(struct pidfdtrace_call) <= rs->ring_size) {
		const struct pidfdtrace_call *call = (const void *)at;

		c->size = call->hdr.size;
		c->key = call->hdr.seq;
		c->call = false;
		if (c->size < sizeof(hdr) || c->size % 8 ||
		    c->size > PIDFDTRACE_RECORD_MAX_SIZE ||
		    c->size > c->head - c->pos) {
			rs->error = EIO;
			return -1;
		}
		if (call->hdr.type == PIDFDTRACE_RECORD_CALL &&
		    c->size >= sizeof(*call)) {
			c->key = call->last_seq;
			c->call = call->deliveries;
		}
		return 0;
	}
	copy_out(rs, i, c->pos, &hdr, sizeof(hdr));
	if (hdr.size < sizeof(hdr) || hdr.size % 8 ||
	    hdr.size > PIDFDTRACE_RECORD_MAX_SIZE || hdr.size > c->head - c->pos) {
		rs->error = EIO;
		return -1;
	}
	c->size = hdr.size;
	c->key = hdr.seq;
	c->call = false;
	if (hdr.type == PIDFDTRACE_RECORD_CALL &&
	    hdr.size >= sizeof(struct pidfdtrace_call)) {
		copy_out(rs, i, c->pos + offsetof(struct pidfdtrace_call, last_seq),
			 &c->key, sizeof(c->key));
		copy_out(rs, i, c->pos + offsetof(struct pidfdtrace_call, deliveries),
			 &deliveries, sizeof(deliveries));
		c->call = deliveries;
	}
	return 0;
}

/* The buffer whose record comes next, -1 for none, -2 on error. */
static int select_next(struct rings *rs)
{
	bool reloaded = false;
	unsigned int i;
	int best;

	for (;;) {
		best = -1;
		for (i = 0; i < rs->nr; i++) {
			struct rings_cursor *c = &rs->c[i];

			if (c->pos == c->head)
				continue;
			if (!c->size && peek(rs, i))
				return -2;
			if (best < 0 || c->key < rs->c[best].key ||
			    (c->key == rs->c[best].key && rs->c[best].call))
				best = i;
		}
		/* Once more when nothing is left: records may have come. */
		if ((best < 0 || rs->c[best].call) && !reloaded) {
			if (load_heads(rs))
				return -2;
			reloaded = true;
			continue;
		}
		return best;
	}
}

static const struct pidfdtrace_record_header *take(struct rings *rs,
						    unsigned int i)
{
	struct rings_cursor *c = &rs->c[i];
	size_t off = c->pos & (rs->ring_size - 1);
	const void *rec = rs->data + (size_t)i * rs->ring_size + off;

	if (off + c->size > rs->ring_size) {
		copy_out(rs, i, c->pos, rs->bounce, c->size);
		rec = rs->bounce;
	}
	c->pos += c->size;
	c->size = 0;
	return rec;
}

const struct pidfdtrace_record_header *rings_next(struct rings *rs)
{
	int i = select_next(rs);

	return i < 0 ? NULL : take(rs, i);
}

void rings_done(struct rings *rs)
{
	unsigned int i;

	for (i = 0; i < rs->nr; i++) {
		struct rings_cursor *c = &rs->c[i];

		if (c->pos == c->tail)
			continue;
		/* The module may write over them from now on. */
		__atomic_store_n(&page_of(rs, i)->data_tail, c->pos,
				 __ATOMIC_RELEASE);
		c->tail = c->pos;
	}
	if (rs->maybe_lost) {
		struct pollfd p = { .fd = rs->fd, .events = POLLIN };

		rs->maybe_lost = false;
		poll(&p, 1, 0);
	}
}

long rings_read(struct rings *rs, char *buf, size_t len)
{
	const struct pidfdtrace_record_header *rec;
	size_t done = 0;
	bool again;
	int i;

	do {
		while ((i = select_next(rs)) >= 0 &&
		       rs->c[i].size <= len - done) {
			rec = take(rs, i);
			memcpy(buf + done, rec, rec->size);
			done += rec->size;
		}
		again = rs->maybe_lost && i == -1;
		rings_done(rs);
	} while (again);
	return i < -1 ? -1 : (long)done;
}
