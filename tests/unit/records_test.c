// SPDX-License-Identifier: GPL-2.0
/*
 * Walking what read() returned: calls with their deliveries in order,
 * losses and untraced calls, malformed buffers (truncated, zero size, huge
 * size, unknown type) skipped with a warning, never a crash; and which
 * module ABI versions the reader accepts.
 */

#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "../../tools/records.h"

#include <linux/pidfdtrace.h>

static struct records rec;

struct run {
	char *out, *warn;
	size_t out_len, warn_len;
	struct output output;
	FILE *warn_f;
};

static void run_start(struct run *r)
{
	memset(r, 0, sizeof(*r));
	memset(&rec, 0, sizeof(rec));
	r->output.f = open_memstream(&r->out, &r->out_len);
	r->warn_f = open_memstream(&r->warn, &r->warn_len);
	rec.out = &r->output;
	rec.warn = r->warn_f;
}

static void run_end(struct run *r)
{
	output_flush(&r->output);
	fclose(r->output.f);
	fclose(r->warn_f);
}

static void run_free(struct run *r)
{
	free(r->out);
	free(r->warn);
}

/* A buffer of records as the module would hand them over. */
struct buf {
	size_t len;
	char data[65536];	/* 8-aligned: it follows a size_t */
};

static void put(struct buf *b, const void *rec, size_t len)
{
	memcpy(b->data + b->len, rec, len);
	b->len += len;
}

static void put_call(struct buf *b, unsigned long long seq, int pid,
		     unsigned long long time_ns)
{
	struct pidfdtrace_call c = {
		.hdr = { PIDFDTRACE_RECORD_CALL, sizeof(c), 0, seq, time_ns },
		.pidfd = 3,
		.sig = 15,
		.sender = { 1, 1, 1, 0, "init" },
		.fd_kind = PIDFDTRACE_FD_PIDFD,
		.target_state = PIDFDTRACE_TARGET_ALIVE,
		.target_source = PIDFDTRACE_SOURCE_KERNEL,
		.target = { pid, pid, pid, 0, "t" },
	};

	put(b, &c, sizeof(c));
}

static void put_delivery(struct buf *b, unsigned long long seq,
			 unsigned long long call_seq, int pid,
			 unsigned long long time_ns)
{
	struct pidfdtrace_delivery d = {
		.hdr = { PIDFDTRACE_RECORD_DELIVERY, sizeof(d), 0, seq, time_ns },
		.call_seq = call_seq,
		.target = { pid, pid, pid, 0, "t" },
		.sig = 15,
		.scope = PIDFDTRACE_SCOPE_PROCESS_GROUP,
	};

	put(b, &d, sizeof(d));
}

static struct buf b;

#define CALL(pid) "1.000000 init[1/1] uid=0 pidfd_send_signal(3<pidfd:" #pid \
	" t>, SIGTERM, NULL, 0) = 0 <0.000000>\n"
#define DELIVERY(pid) "    -> SIGTERM to t[" #pid "/" #pid \
	"] scope=process-group: queued\n"

TEST(deliveries_are_printed_under_their_call)
{
	struct run r;

	b.len = 0;
	put_delivery(&b, 11, 10, 101, 1000000000);
	put_delivery(&b, 12, 10, 102, 1000000000);
	put_call(&b, 13, 200, 1000000000);
	put_call(&b, 10, 100, 1000000000);
	run_start(&r);
	EXPECT_TRUE(records_handle(&rec, b.data, b.len));
	records_flush(&rec);
	run_end(&r);
	EXPECT_STREQ(CALL(200) CALL(100) DELIVERY(101) DELIVERY(102), r.out);
	EXPECT_STREQ("", r.warn);
	EXPECT_EQ(2U, rec.calls);
	EXPECT_EQ(2U, rec.deliveries);
	run_free(&r);
}

TEST(deliveries_wait_across_reads_for_their_call)
{
	struct run r;

	run_start(&r);
	b.len = 0;
	put_delivery(&b, 11, 10, 101, 1000000000);
	EXPECT_TRUE(records_handle(&rec, b.data, b.len));
	b.len = 0;
	put_call(&b, 10, 100, 1000000000);
	EXPECT_TRUE(records_handle(&rec, b.data, b.len));
	run_end(&r);
	EXPECT_STREQ(CALL(100) DELIVERY(101), r.out);
	run_free(&r);
}

TEST(deliveries_whose_call_never_comes_are_printed_alone)
{
	struct run r;

	run_start(&r);
	b.len = 0;
	put_delivery(&b, 11, 10, 101, 1000000000);
	put_call(&b, 20, 100, 1500000000);
	EXPECT_TRUE(records_handle(&rec, b.data, b.len));
	b.len = 0;
	/* Over two seconds later: call 10 is not coming. */
	put_call(&b, 30, 300, 3500000000ULL);
	EXPECT_TRUE(records_handle(&rec, b.data, b.len));
	run_end(&r);
	EXPECT_STREQ("1.500000 init[1/1] uid=0 pidfd_send_signal(3<pidfd:100 t>, SIGTERM, NULL, 0) = 0 <0.000000>\n"
		     "3.500000 init[1/1] uid=0 pidfd_send_signal(3<pidfd:300 t>, SIGTERM, NULL, 0) = 0 <0.000000>\n"
		     "1.000000     -> SIGTERM to t[101/101] scope=process-group: queued (call #10 not seen)\n",
		     r.out);
	run_free(&r);
}

TEST(lost_records_are_printed_in_band)
{
	struct pidfdtrace_lost l = {
		.hdr = { PIDFDTRACE_RECORD_LOST, sizeof(l), 0, 0, 1000000000 },
		.count = 42,
		.calls = 40,
	};
	struct run r;

	b.len = 0;
	put_call(&b, 1, 100, 1000000000);
	put(&b, &l, sizeof(l));
	put_call(&b, 44, 200, 1000000000);
	run_start(&r);
	EXPECT_TRUE(records_handle(&rec, b.data, b.len));
	run_end(&r);
	EXPECT_STREQ(CALL(100) "... lost 42 records (40 calls) ...\n" CALL(200), r.out);
	EXPECT_EQ(42U, rec.lost);
	run_free(&r);
}

TEST(missed_calls_are_printed_where_they_arrive_and_counted)
{
	struct pidfdtrace_missed m = {
		.hdr = { PIDFDTRACE_RECORD_MISSED, sizeof(m), 0, 12, 1000000000 },
		.calls = 3,
		.reasons = PIDFDTRACE_MISSED_PROBE_BUSY,
	};
	struct run r;

	b.len = 0;
	put_delivery(&b, 11, 10, 101, 1000000000);
	put(&b, &m, sizeof(m));
	put_call(&b, 10, 100, 1000000000);
	put(&b, &m, sizeof(m));
	run_start(&r);
	EXPECT_TRUE(records_handle(&rec, b.data, b.len));
	run_end(&r);
	EXPECT_STREQ("... 3 calls untraced (probe-busy) ...\n"
		     CALL(100) DELIVERY(101)
		     "... 3 calls untraced (probe-busy) ...\n", r.out);
	EXPECT_STREQ("", r.warn);
	EXPECT_EQ(6U, rec.missed);
	EXPECT_EQ(1U, rec.calls);
	EXPECT_EQ(0U, rec.lost);
	run_free(&r);
}

TEST(count_stops_after_that_many_calls)
{
	struct run r;

	b.len = 0;
	put_call(&b, 1, 100, 1000000000);
	put_call(&b, 2, 200, 1000000000);
	put_call(&b, 3, 300, 1000000000);
	run_start(&r);
	rec.max_calls = 2;
	EXPECT_FALSE(records_handle(&rec, b.data, b.len));
	run_end(&r);
	EXPECT_STREQ(CALL(100) CALL(200), r.out);
	run_free(&r);
}

TEST(unknown_types_are_skipped_with_one_warning)
{
	struct pidfdtrace_record_header future = { 99, 48, 0, 5, 1000000000 };
	struct run r;

	b.len = 0;
	put(&b, &future, sizeof(future));
	b.len += 24;
	put_call(&b, 1, 100, 1000000000);
	put(&b, &future, sizeof(future));
	b.len += 24;
	run_start(&r);
	EXPECT_TRUE(records_handle(&rec, b.data, b.len));
	run_end(&r);
	EXPECT_STREQ(CALL(100), r.out);
	EXPECT_STREQ("pidfdtrace: warning: skipping records of unknown type 99\n",
		     r.warn);
	EXPECT_EQ(2U, rec.skipped);
	run_free(&r);
}

TEST(longer_records_of_a_newer_abi_are_read)
{
	struct run r;

	b.len = 0;
	put_call(&b, 1, 100, 1000000000);
	((struct pidfdtrace_record_header *)b.data)->size += 16;
	b.len += 16;
	put_call(&b, 2, 200, 1000000000);
	run_start(&r);
	EXPECT_TRUE(records_handle(&rec, b.data, b.len));
	run_end(&r);
	EXPECT_STREQ(CALL(100) CALL(200), r.out);
	EXPECT_STREQ("", r.warn);
	run_free(&r);
}

/* Feeds @len bytes; checks what was printed before the bad spot. */
static void expect_malformed(struct __test_metadata *_metadata,
			     const char *want_out, const char *want_warn)
{
	struct run r;

	run_start(&r);
	EXPECT_TRUE(records_handle(&rec, b.data, b.len));
	records_flush(&rec);
	run_end(&r);
	EXPECT_STREQ(want_out, r.out);
	EXPECT_STREQ(want_warn, r.warn);
	run_free(&r);
}

TEST(zero_size_record_ends_the_buffer)
{
	struct pidfdtrace_record_header zero = { PIDFDTRACE_RECORD_CALL, 0, 0, 2, 0 };

	b.len = 0;
	put_call(&b, 1, 100, 1000000000);
	put(&b, &zero, sizeof(zero));
	put_call(&b, 3, 300, 1000000000);
	expect_malformed(_metadata, CALL(100),
			 "pidfdtrace: warning: record of impossible size 0 at offset 232: skipping the rest of the read\n");
}

TEST(huge_size_record_ends_the_buffer)
{
	b.len = 0;
	put_call(&b, 1, 100, 1000000000);
	((struct pidfdtrace_record_header *)b.data)->size = 65528;
	expect_malformed(_metadata, "",
			 "pidfdtrace: warning: record of impossible size 65528 at offset 0: skipping the rest of the read\n");
}

TEST(misaligned_size_record_ends_the_buffer)
{
	b.len = 0;
	put_call(&b, 1, 100, 1000000000);
	((struct pidfdtrace_record_header *)b.data)->size = 100;
	expect_malformed(_metadata, "",
			 "pidfdtrace: warning: record of impossible size 100 at offset 0: skipping the rest of the read\n");
}

TEST(truncated_buffer_is_reported)
{
	b.len = 0;
	put_call(&b, 1, 100, 1000000000);
	put_call(&b, 2, 200, 1000000000);
	b.len -= 100;
	expect_malformed(_metadata, CALL(100),
			 "pidfdtrace: warning: record of impossible size 232 at offset 232: skipping the rest of the read\n");
	b.len = 232 + 10;
	expect_malformed(_metadata, CALL(100),
			 "pidfdtrace: warning: 10 stray bytes at offset 232: skipped\n");
}

/* A file -w wrote under a module of minor 0: its calls end before last_seq. */
TEST(a_minor_0_call_is_read)
{
	b.len = 0;
	put_call(&b, 1, 100, 1000000000);
	((struct pidfdtrace_record_header *)b.data)->size = PIDFDTRACE_CALL_SIZE_V0;
	b.len = PIDFDTRACE_CALL_SIZE_V0;
	put_call(&b, 2, 200, 1000000000);
	expect_malformed(_metadata, CALL(100) CALL(200), "");
}

TEST(known_type_too_short_is_skipped)
{
	struct pidfdtrace_record_header short_call = {
		PIDFDTRACE_RECORD_CALL, 32, 0, 1, 0
	};

	b.len = 0;
	put(&b, &short_call, sizeof(short_call));
	b.len += 8;
	put_call(&b, 2, 200, 1000000000);
	expect_malformed(_metadata, CALL(200),
			 "pidfdtrace: warning: record of type 1 too short (32 bytes): skipped\n");
}

TEST(missed_record_too_short_is_skipped)
{
	struct pidfdtrace_record_header short_missed = {
		PIDFDTRACE_RECORD_MISSED, 32, 0, 1, 0
	};

	b.len = 0;
	put(&b, &short_missed, sizeof(short_missed));
	b.len += 8;
	put_call(&b, 2, 200, 1000000000);
	expect_malformed(_metadata, CALL(200),
			 "pidfdtrace: warning: record of type 4 too short (32 bytes): skipped\n");
	EXPECT_EQ(0U, rec.missed);
}

/* What records_check_abi() says to @version: "" when it accepts it. */
static const char *abi_refusal(unsigned int version, int *ret)
{
	static char said[256];
	FILE *f = fmemopen(said, sizeof(said), "w");

	*ret = records_check_abi(version, f);
	fclose(f);
	return said;
}

TEST(any_minor_of_the_readers_major_is_accepted)
{
	int ret;

	EXPECT_STREQ("", abi_refusal(PIDFDTRACE_ABI_VERSION, &ret));
	EXPECT_EQ(0, ret);
	EXPECT_STREQ("", abi_refusal(PIDFDTRACE_ABI_MAJOR << 16, &ret));
	EXPECT_EQ(0, ret);
	EXPECT_STREQ("", abi_refusal(PIDFDTRACE_ABI_MAJOR << 16 | 1, &ret));
	EXPECT_EQ(0, ret);
	EXPECT_STREQ("", abi_refusal(PIDFDTRACE_ABI_MAJOR << 16 | 0xffff, &ret));
	EXPECT_EQ(0, ret);
}

TEST(another_major_is_refused_naming_both_versions)
{
	int ret;

	EXPECT_STREQ("pidfdtrace: module ABI 3.0, this pidfdtrace understands ABI 2: use the pidfdtrace built with the module\n",
		     abi_refusal(3 << 16, &ret));
	EXPECT_EQ(-1, ret);
	EXPECT_STREQ("pidfdtrace: module ABI 1.5, this pidfdtrace understands ABI 2: use the pidfdtrace built with the module\n",
		     abi_refusal(1 << 16 | 5, &ret));
	EXPECT_EQ(-1, ret);
}

TEST(a_module_from_before_abi_majors_is_refused_as_abi_1)
{
	int ret;

	EXPECT_STREQ("pidfdtrace: module ABI 1, this pidfdtrace understands ABI 2: use the pidfdtrace built with the module\n",
		     abi_refusal(1, &ret));
	EXPECT_EQ(-1, ret);
}

TEST_HARNESS_MAIN
