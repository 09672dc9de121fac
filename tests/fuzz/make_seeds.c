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
		.sender = { 1, 1, 1, 0, "init" },
		.fd_kind = PIDFDTRACE_FD_PIDFD,
		.target_state = PIDFDTRACE_TARGET_ALIVE,
		.target = { 100, 100, 100, 0, "worker" },
		.siginfo_state = PIDFDTRACE_SIGINFO_READ,
		.siginfo = { .signo = 15, .code = -1 },
	};
	struct pidfdtrace_delivery d = {
		.hdr = { PIDFDTRACE_RECORD_DELIVERY, sizeof(d), 0, 2, 1000000000 },
		.call_seq = 1,
		.target = { 100, 100, 100, 0, "worker" },
		.sig = 15,
	};
	struct pidfdtrace_lost l = {
		.hdr = { PIDFDTRACE_RECORD_LOST, sizeof(l), 0, 0, 1000000000 },
		.count = 5,
	};
	int err = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: make_seeds DIR\n");
		return 2;
	}
	put(&d, sizeof(d));
	put(&c, sizeof(c));
	put(&l, sizeof(l));
	err |= write_seed(argv[1], "text", 0);
	put(&d, sizeof(d));
	put(&c, sizeof(c));
	put(&l, sizeof(l));
	err |= write_seed(argv[1], "json", 1);
	memcpy(c.sender.comm, "\xff\"\\\n\x01\xe2\x82", 8);
	put(&c, sizeof(c));
	err |= write_seed(argv[1], "hostile-comm", 1);
	return err;
}
