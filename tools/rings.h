/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A reader's per-CPU buffers, mapped and read in place, merged into one
 * stream in the order the uapi header defines ("Order"): what the module's
 * read() does, without the copy. Shared by pidfdtrace(8) and the bench.
 */
#ifndef PIDFDTRACE_RINGS_H
#define PIDFDTRACE_RINGS_H

#include <stdbool.h>
#include <stddef.h>

#include <linux/pidfdtrace.h>

struct rings_cursor {
	__u64 pos;		/* the next record to take */
	__u64 tail;		/* what the module was last told */
	__u64 head;		/* what the module published, last looked at */
	__u64 key;		/* of the record at pos, when size */
	__u32 size;		/* of the record at pos; 0: not looked at yet */
	bool call;		/* that record is a call with deliveries */
};

struct rings {
	int fd;
	unsigned int nr;
	__u32 ring_size;
	size_t page_size;
	char *control;
	size_t control_size;
	const char *data;
	size_t data_size;
	struct rings_cursor *c;
	/* A record that wraps around a buffer's end, made whole. */
	__u64 bounce[PIDFDTRACE_RECORD_MAX_SIZE / 8];
	int error;		/* EIO: a buffer holds no record where it should */
	/* A buffer was too full for a record: losses may wait for poll(). */
	bool maybe_lost;
};

/* Maps the buffers of the reader @fd: 0, or -errno. */
int rings_map(struct rings *rs, int fd);
void rings_unmap(struct rings *rs);

/*
 * The next record in merge order, in place (in rs->bounce when it wraps),
 * valid until rings_done(); NULL when there is none for now, or on error
 * (rs->error set).
 */
const struct pidfdtrace_record_header *rings_next(struct rings *rs);

/*
 * Gives the space of the records taken so far back to the module. When a
 * buffer was found nearly full, polls the fd: the module then writes the
 * LOST records that waited for room, for the next rings_next().
 */
void rings_done(struct rings *rs);

/*
 * Copies the records there are, in merge order, into @buf up to @len bytes
 * (at least PIDFDTRACE_RECORD_MAX_SIZE), and gives their space back; when
 * that made room for losses to be reported, their LOST records too.
 * Returns the bytes copied, or -1 with rs->error set.
 */
long rings_read(struct rings *rs, char *buf, size_t len);

#endif /* PIDFDTRACE_RINGS_H */
