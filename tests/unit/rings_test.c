// SPDX-License-Identifier: GPL-2.0
/*
 * The merge of per-CPU buffers (tools/rings.c) on buffers laid out in
 * memory as the module maps them: the order the uapi header defines (a
 * call after its deliveries when they sit in another CPU's buffer, a
 * LOST record first), records that wrap around a buffer's end, the space
 * given back, and a buffer holding no record where it should.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "../../tools/rings.h"

#include <linux/pidfdtrace.h>

#define PAGE	4096
#define RING	4096
#define NR	3

/* As mmap() would place them: page-aligned. */
static char *control, *data;

static struct pidfdtrace_mmap_page *page_of(int i)
{
	return (void *)(control + i * PAGE);
}

/* Buffers as a fresh mapping has them, each starting at @start bytes. */
static void setup(struct rings *rs, __u64 start)
{
	int i;

	if (!control) {
		control = aligned_alloc(PAGE, NR * PAGE);
		data = aligned_alloc(PAGE, NR * RING);
	}
	memset(control, 0, NR * PAGE);
	memset(data, 0, NR * RING);
	memset(rs, 0, sizeof(*rs));
	rs->fd = -1;
	rs->nr = NR;
	rs->ring_size = RING;
	rs->page_size = PAGE;
	rs->control = control;
	rs->data = data;
	rs->c = calloc(NR, sizeof(*rs->c));
	for (i = 0; i < NR; i++) {
		page_of(i)->data_head = start;
		page_of(i)->data_tail = start;
		rs->c[i].pos = rs->c[i].tail = rs->c[i].head = start;
	}
}

/* Writes @len bytes of @rec at buffer @i's head, wrapping, and publishes. */
static void produce(int i, const void *rec, size_t len)
{
	struct pidfdtrace_mmap_page *p = page_of(i);
	size_t k;

	for (k = 0; k < len; k++)
		data[i * RING + (p->data_head + k) % RING] = ((const char *)rec)[k];
	p->data_head += len;
}

static void call(int i, __u64 seq, __u64 last_seq, __u32 deliveries)
{
	struct pidfdtrace_call c = {
		.hdr = { PIDFDTRACE_RECORD_CALL, sizeof(c), i, seq, 0 },
		.deliveries = deliveries,
		.last_seq = last_seq,
	};

	produce(i, &c, sizeof(c));
}

static void delivery(int i, __u64 seq, __u64 call_seq)
{
	struct pidfdtrace_delivery d = {
		.hdr = { PIDFDTRACE_RECORD_DELIVERY, sizeof(d), i, seq, 0 },
		.call_seq = call_seq,
	};

	produce(i, &d, sizeof(d));
}

static void lost(int i, __u64 count)
{
	struct pidfdtrace_lost l = {
		.hdr = { PIDFDTRACE_RECORD_LOST, sizeof(l), i, 0, 0 },
		.count = count,
	};

	produce(i, &l, sizeof(l));
}

/* "type:seq" of each record rings_next() gives, space-separated. */
static void order(struct rings *rs, char *out, size_t len)
{
	const struct pidfdtrace_record_header *hdr;
	size_t n = 0;

	out[0] = '\0';
	while ((hdr = rings_next(rs)) && n < len)
		n += snprintf(out + n, len - n, "%s%c%llu", n ? " " : "",
			      "?CDLM"[hdr->type], (unsigned long long)hdr->seq);
}

TEST(a_call_comes_after_its_deliveries_made_on_another_cpu)
{
	struct rings rs;
	char got[256];

	setup(&rs, 0);
	/* Call 10 ran on CPU 0 (deliveries 11, 12), returned on CPU 2. */
	delivery(0, 11, 10);
	delivery(0, 12, 10);
	call(2, 10, 12, 2);
	/* Calls 13 and 14 on CPU 1, no deliveries; 15 on CPU 2 after 10. */
	call(1, 13, 13, 0);
	call(1, 14, 14, 0);
	call(2, 15, 15, 0);
	order(&rs, got, sizeof(got));
	EXPECT_STREQ("D11 D12 C10 C13 C14 C15", got);
	EXPECT_EQ(0, rs.error);
	free(rs.c);
}

TEST(a_ring_keeps_its_own_order_and_lost_records_come_first)
{
	struct rings rs;
	char got[256];

	setup(&rs, 0);
	/* CPU 0: call 20 returned before call 5, which began earlier. */
	call(0, 20, 20, 0);
	call(0, 5, 21, 1);
	delivery(1, 21, 5);
	lost(2, 3);
	call(2, 22, 22, 0);
	order(&rs, got, sizeof(got));
	EXPECT_STREQ("L0 C20 D21 C5 C22", got);
	free(rs.c);
}

TEST(records_wrap_around_and_space_is_given_back)
{
	char buf[8192];
	struct rings rs;
	__u64 start = RING - 40;	/* the first call wraps */
	long n;

	setup(&rs, start);
	call(0, 1, 1, 0);
	call(1, 2, 2, 0);
	call(0, 3, 3, 0);
	n = rings_read(&rs, buf, sizeof(buf));
	ASSERT_EQ((long)(3 * sizeof(struct pidfdtrace_call)), n);
	EXPECT_EQ(1U, ((struct pidfdtrace_call *)buf)->hdr.seq);
	EXPECT_EQ(0, memcmp(&((struct pidfdtrace_call *)buf)->hdr,
			    &(struct pidfdtrace_record_header){
				PIDFDTRACE_RECORD_CALL,
				sizeof(struct pidfdtrace_call), 0, 1, 0 },
			    sizeof(struct pidfdtrace_record_header)));
	EXPECT_EQ(2U, ((struct pidfdtrace_call *)buf + 1)->hdr.seq);
	EXPECT_EQ(3U, ((struct pidfdtrace_call *)buf + 2)->hdr.seq);
	EXPECT_EQ(page_of(0)->data_head, page_of(0)->data_tail);
	EXPECT_EQ(start + 2 * sizeof(struct pidfdtrace_call),
		  page_of(0)->data_tail);
	EXPECT_EQ(page_of(1)->data_head, page_of(1)->data_tail);
	EXPECT_EQ(start, page_of(2)->data_tail);
	EXPECT_EQ(0, rings_read(&rs, buf, sizeof(buf)));
	free(rs.c);
}

TEST(a_read_takes_whole_records_that_fit)
{
	char buf[2 * sizeof(struct pidfdtrace_call) + 100];
	struct rings rs;

	setup(&rs, 0);
	call(0, 1, 1, 0);
	call(1, 2, 2, 0);
	call(2, 3, 3, 0);
	EXPECT_EQ((long)(2 * sizeof(struct pidfdtrace_call)),
		  rings_read(&rs, buf, sizeof(buf)));
	EXPECT_EQ(0U, page_of(2)->data_tail);
	EXPECT_EQ((long)sizeof(struct pidfdtrace_call),
		  rings_read(&rs, buf, sizeof(buf)));
	EXPECT_EQ(3U, ((struct pidfdtrace_call *)buf)->hdr.seq);
	free(rs.c);
}

TEST(no_record_where_one_should_start_is_eio)
{
	char buf[4096];
	struct rings rs;
	__u64 junk[4] = { 0 };	/* size 0 */

	setup(&rs, 0);
	call(0, 1, 1, 0);
	produce(1, junk, sizeof(junk));
	EXPECT_EQ(-1, rings_read(&rs, buf, sizeof(buf)));
	EXPECT_EQ(EIO, rs.error);
	free(rs.c);

	/* A head more than a ring ahead of the tail. */
	setup(&rs, 0);
	page_of(2)->data_head = RING + 8;
	EXPECT_EQ(-1, rings_read(&rs, buf, sizeof(buf)));
	EXPECT_EQ(EIO, rs.error);
	free(rs.c);
}

TEST_HARNESS_MAIN
