// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the fuzzer's seed inputs into DIR: well-formed buffers of each
 * record type, made with the current ABI header so they never go stale.
 *
 * usage: make_seeds DIR
 */

#include <stdio.h>
#include <string.h>

#include <linux/pidfdtrace.h>

static char buf[4096];
static size_t len;

static void put(const void *rec, size_t size)
{
	memcpy(buf + len, rec, size);
	len += size;
}

static int write_seed(const char *dir, const char *name, unsigned char options)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(&options, 1, 1, f) != 1 ||
	    fwrite(buf, 1, len, f) != len || fclose(f)) {
		perror(path);
		return 1;
	}
	len = 0;
	return 0;
}

int main(int argc, char **argv)
{
	struct pidfdtrace_call c = {
		.hdr = { PIDFDTRACE_RECORD_CALL, sizeof(c), 0, 1, 1000000000 },
		.pidfd = 3,
		.sig = 15,
		.info = 0x7ffc0000,
		.sender = { 1, 1, 1, 0, "init" },
		.sender_loginuid = PIDFDTRACE_AUDIT_UNSET,
		.sender_sessionid = PIDFDTRACE_AUDIT_UNSET,
		.parent_comm = "swapper/0",
		.fd_kind = PIDFDTRACE_FD_PIDFD,
		.target_state = PIDFDTRACE_TARGET_ALIVE,
		.target_source = PIDFDTRACE_SOURCE_KERNEL,
		.target = { 100, 100, 100, 0, "worker" },
		.siginfo_state = PIDFDTRACE_SIGINFO_KERNEL,
		.deliveries = 1,
		.siginfo = { .signo = 15, .code = -1 },
	};
	struct pidfdtrace_delivery d = {
		.hdr = { PIDFDTRACE_RECORD_DELIVERY, sizeof(d), 0, 2, 1000000000 },
		.call_seq = 1,
		.target = { 100, 100, 100, 0, "worker" },
		.sender_pid = 1,
		.sender_tgid = 1,
		.sig = 15,
		.scope = PIDFDTRACE_SCOPE_PROCESS,
		.siginfo = { .signo = 15, .code = -1, .pid = 1 },
	};
	struct pidfdtrace_lost l = {
		.hdr = { PIDFDTRACE_RECORD_LOST, sizeof(l), 0, 0, 1000000000 },
		.count = 5,
	};
	struct pidfdtrace_missed m = {
		.hdr = { PIDFDTRACE_RECORD_MISSED, sizeof(m), 0, 3, 1000000000 },
		.calls = 2,
		.reasons = PIDFDTRACE_MISSED_PROBE_BUSY,
	};
	int err = 0, json;

	if (argc != 2) {
		fprintf(stderr, "usage: make_seeds DIR\n");
		return 2;
	}
	put(&d, sizeof(d));
	put(&c, sizeof(c));
	put(&l, sizeof(l));
	put(&m, sizeof(m));
	err |= write_seed(argv[1], "text", 0);
	put(&d, sizeof(d));
	put(&c, sizeof(c));
	put(&l, sizeof(l));
	put(&m, sizeof(m));
	err |= write_seed(argv[1], "json", 1);

	/* What is not the kernel's, and a call from its entry only. */
	c.target_source = PIDFDTRACE_SOURCE_SECOND_LOOK;
	c.siginfo_state = PIDFDTRACE_SIGINFO_USER_UNVERIFIED;
	c.deliveries = 0;
	put(&c, sizeof(c));
	c.call_flags = PIDFDTRACE_CALL_RETURN_UNTRACED;
	c.siginfo_state = PIDFDTRACE_SIGINFO_USER_UNREADABLE;
	put(&c, sizeof(c));
	err |= write_seed(argv[1], "second-look", 0);

	/* Every outcome and effect, under their call and as orphans. */
	d.effects = PIDFDTRACE_EFFECT_RESUMED | PIDFDTRACE_EFFECT_DISCARDED |
		    PIDFDTRACE_EFFECT_CROSS_NAMESPACE;
	d.discarded = 1ULL << 18 | 1ULL << 19;
	c.call_flags = PIDFDTRACE_CALL_FD_CHANGED;
	c.siginfo_state = PIDFDTRACE_SIGINFO_KERNEL;
	c.target_source = PIDFDTRACE_SOURCE_KERNEL;
	c.deliveries = PIDFDTRACE_OUTCOME_LOSE_INFO + 1;
	for (json = 0; json <= 1; json++) {
		d.call_seq = 1;
		for (d.outcome = 0; d.outcome <= PIDFDTRACE_OUTCOME_LOSE_INFO;
		     d.outcome++)
			put(&d, sizeof(d));
		put(&c, sizeof(c));
		d.call_seq = 99;
		put(&d, sizeof(d));
		err |= write_seed(argv[1], json ? "effects-json" : "effects",
				  json);
	}

	memcpy(c.sender.comm, "\xff\"\\\n\x01\xe2\x82", 8);
	memcpy(c.parent_comm, "\xed\xa0\x80", 4);
	put(&c, sizeof(c));
	err |= write_seed(argv[1], "hostile-comm", 1);
	return err;
}
