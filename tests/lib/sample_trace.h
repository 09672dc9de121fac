/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A pidfdtrace -w file made record by record, for the tests that read one
 * back: unit/replay_test, and the JSON schema check (sample_trace.c).
 */
#ifndef PIDFDTRACE_SAMPLE_TRACE_H
#define PIDFDTRACE_SAMPLE_TRACE_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include <linux/pidfdtrace.h>

#include "../../tools/tracefile.h"

/*
 * Call i: sender 100 + i % 3 named "sender-<i % 3>", uid 1000 for odd i,
 * SIGTERM for odd i and SIGUSR1 for even, failing with ESRCH when i % 5 is
 * 0. A successful call has one delivery, handed over before it as the
 * module does.
 */
static inline struct pidfdtrace_call make_call(int i)
{
	struct pidfdtrace_call c = {
		.hdr = { PIDFDTRACE_RECORD_CALL, sizeof(c), 0, 2 * i + 1,
			 1000000000ULL + i * 1000000ULL },
		.duration_ns = 1000,
		.pidfd = 3,
		.sig = i % 2 ? SIGTERM : SIGUSR1,
		.ret = i % 5 ? 0 : -3,
		.sender = { 100 + i % 3, 100 + i % 3, 100 + i % 3,
			    i % 2 ? 1000 : 0 },
		.fd_kind = PIDFDTRACE_FD_PIDFD,
		.target_state = PIDFDTRACE_TARGET_ALIVE,
		.target_source = PIDFDTRACE_SOURCE_KERNEL,
		.target = { 200 + i % 2, 200 + i % 2, 200 + i % 2, 0, "target" },
		.deliveries = i % 5 ? 1 : 0,
	};

	c.sender_euid = c.sender.uid;
	snprintf(c.sender.comm, sizeof(c.sender.comm), "sender-%d", i % 3);
	return c;
}

static inline struct pidfdtrace_delivery make_delivery(int i)
{
	struct pidfdtrace_delivery d = {
		.hdr = { PIDFDTRACE_RECORD_DELIVERY, sizeof(d), 0, 2 * i,
			 1000000000ULL + i * 1000000ULL + 500 },
		.call_seq = 2 * i + 1,
		.target = { 200 + i % 2, 200 + i % 2, 200 + i % 2, 0, "target" },
		.sender_pid = 100 + i % 3,
		.sender_tgid = 100 + i % 3,
		.sig = i % 2 ? SIGTERM : SIGUSR1,
		.scope = PIDFDTRACE_SCOPE_PROCESS,
		.outcome = PIDFDTRACE_OUTCOME_DELIVERED,
		.siginfo = { .signo = i % 2 ? SIGTERM : SIGUSR1, .code = SI_USER,
			     .pid = 100 + i % 3 },
	};

	return d;
}

/* Writes a file of @calls calls (and a LOST and a MISSED record). */
static inline void write_file(const char *path, int calls, __u32 abi,
		       __u32 header_size)
{
	struct tracefile_header h = {
		.abi_version = abi,
		.realtime_offset_ns = 1795651200LL * 1000000000,
		.hostname = "testhost",
		.release = "7.3.4+deb13-cloud-amd64",
		.syscall_symbol = "__x64_sys_pidfd_send_signal",
		.signal_symbol = "signal_generate",
	};
	struct pidfdtrace_lost lost = {
		.hdr = { PIDFDTRACE_RECORD_LOST, sizeof(lost), 0, 0,
			 1000000000ULL + calls * 1000000ULL },
		.count = 7,
		.calls = 4,
	};
	struct pidfdtrace_missed missed = {
		.hdr = { PIDFDTRACE_RECORD_MISSED, sizeof(missed), 0,
			 2 * calls + 1, 1000000000ULL + calls * 1000000ULL },
		.calls = 2,
		.reasons = PIDFDTRACE_MISSED_PROBE_BUSY,
	};
	FILE *f = fopen(path, "w");
	int i;

	if (!f)
		abort();
	if (tracefile_write_header(f, &h))
		abort();
	if (header_size > sizeof(h)) {
		/* A later version: a longer header, its size said. */
		static const char zeros[256];

		fseek(f, offsetof(struct tracefile_header, size), SEEK_SET);
		fwrite(&header_size, sizeof(header_size), 1, f);
		fseek(f, 0, SEEK_END);
		fwrite(zeros, header_size - sizeof(h), 1, f);
	}
	for (i = 0; i < calls; i++) {
		struct pidfdtrace_call c = make_call(i);

		if (c.deliveries) {
			struct pidfdtrace_delivery d = make_delivery(i);

			fwrite(&d, sizeof(d), 1, f);
		}
		fwrite(&c, sizeof(c), 1, f);
	}
	fwrite(&lost, sizeof(lost), 1, f);
	fwrite(&missed, sizeof(missed), 1, f);
	if (fclose(f))
		abort();
}

#endif /* PIDFDTRACE_SAMPLE_TRACE_H */
