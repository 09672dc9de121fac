// SPDX-License-Identifier: GPL-2.0
/*
 * pidfdtrace(8): prints the pidfd_send_signal(2) calls the pidfdtrace module
 * records, each with the signals it made the kernel generate.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <linux/pidfdtrace.h>

#include "output.h"

#define EXIT_RUNTIME	1
#define EXIT_USAGE	2

/* Deliveries reach us before their call: held here until it comes. */
#define HELD_MAX	1024
/* A delivery whose call has not come this long after it never will. */
#define HELD_NS		(2ULL * 1000000000)

/* Set by SIGINT and SIGTERM; lock-free atomics are async-signal-safe. */
static atomic_int stop;

static struct {
	struct pidfdtrace_delivery d[HELD_MAX];
	unsigned int n;
} held;

static struct {
	unsigned long long calls, deliveries, lost;
} seen;

static void on_stop(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
"Usage: pidfdtrace [OPTION]...\n"
"Print every pidfd_send_signal(2) call on the system as it happens: the\n"
"sender, the process the pidfd names, the signal and siginfo, the result,\n"
"and each signal the call made the kernel generate.\n"
"\n"
"  -c, --count=COUNT   exit after COUNT calls\n"
"  -b, --buffer=SIZE   kernel buffer of this reader in bytes, a power of two\n"
"                      (suffix K or M; default: the module's buffer_size)\n"
"  -T, --time          print the time of day instead of seconds since boot\n"
"  -h, --help          print this help and exit\n"
"      --version       print the tool's and the kernel ABI's version\n"
"\n"
"Needs the pidfdtrace module, and CAP_SYS_ADMIN or CAP_PERFMON.\n");
}

static int parse_size(const char *s, unsigned int *out)
{
	unsigned long long n;
	char *end;

	errno = 0;
	n = strtoull(s, &end, 0);
	if (errno || end == s)
		return -1;
	if (*end == 'K' || *end == 'k')
		n <<= 10, end++;
	else if (*end == 'M' || *end == 'm')
		n <<= 20, end++;
	if (*end || n > PIDFDTRACE_BUFFER_MAX || n < PIDFDTRACE_BUFFER_MIN ||
	    (n & (n - 1)))
		return -1;
	*out = n;
	return 0;
}

static int open_device(void)
{
	int fd = open(PIDFDTRACE_DEVICE, O_RDONLY | O_CLOEXEC);

	if (fd >= 0)
		return fd;
	switch (errno) {
	case ENOENT:
	case ENODEV:
	case ENXIO:
		fprintf(stderr,
			"pidfdtrace: %s: %s: the pidfdtrace module is not loaded; load it with 'modprobe pidfdtrace' (or 'insmod pidfdtrace.ko')\n",
			PIDFDTRACE_DEVICE, strerror(errno));
		break;
	case EACCES:
	case EPERM:
		fprintf(stderr,
			"pidfdtrace: %s: %s: needs root (CAP_SYS_ADMIN or CAP_PERFMON)\n",
			PIDFDTRACE_DEVICE, strerror(errno));
		break;
	default:
		fprintf(stderr, "pidfdtrace: %s: %s\n", PIDFDTRACE_DEVICE,
			strerror(errno));
	}
	return -1;
}

static void hold(struct output *o, const struct pidfdtrace_delivery *d)
{
	if (held.n == HELD_MAX) {
		output_delivery(o, &held.d[0], true);
		memmove(&held.d[0], &held.d[1], --held.n * sizeof(held.d[0]));
	}
	held.d[held.n++] = *d;
}

/* Prints the held deliveries of @seq, and (@older_ns) those given up on. */
static void release(struct output *o, unsigned long long seq,
		    unsigned long long older_ns)
{
	unsigned int i, kept = 0;

	for (i = 0; i < held.n; i++) {
		const struct pidfdtrace_delivery *d = &held.d[i];

		if (d->call_seq == seq)
			output_delivery(o, d, false);
		else if (d->hdr.time_ns < older_ns)
			output_delivery(o, d, true);
		else
			held.d[kept++] = *d;
	}
	held.n = kept;
}

/* Walks the records in @buf; returns false once @count calls were seen. */
static bool handle(struct output *o, const char *buf, size_t len,
		   unsigned long long count)
{
	static bool warned[65536];
	const struct pidfdtrace_record_header *hdr;
	size_t off;

	for (off = 0; off < len; off += hdr->size) {
		hdr = (const void *)(buf + off);
		if (len - off < sizeof(*hdr) || hdr->size < sizeof(*hdr) ||
		    hdr->size % 8 || hdr->size > len - off) {
			fprintf(stderr,
				"pidfdtrace: warning: record of impossible size %u at offset %zu: skipping the rest of the read\n",
				len - off < sizeof(*hdr) ? 0 : hdr->size, off);
			return true;
		}
		switch (hdr->type) {
		case PIDFDTRACE_RECORD_CALL:
			if (hdr->size < sizeof(struct pidfdtrace_call))
				goto short_record;
			output_call(o, (const void *)hdr);
			release(o, hdr->seq, 0);
			if (++seen.calls == count)
				return false;
			break;
		case PIDFDTRACE_RECORD_DELIVERY:
			if (hdr->size < sizeof(struct pidfdtrace_delivery))
				goto short_record;
			hold(o, (const void *)hdr);
			seen.deliveries++;
			break;
		case PIDFDTRACE_RECORD_LOST:
			if (hdr->size < sizeof(struct pidfdtrace_lost))
				goto short_record;
			output_lost(o, (const void *)hdr);
			seen.lost += ((const struct pidfdtrace_lost *)hdr)->count;
			break;
		default:
			if (!warned[hdr->type]) {
				warned[hdr->type] = true;
				fprintf(stderr,
					"pidfdtrace: warning: skipping records of unknown type %u\n",
					hdr->type);
			}
		}
		continue;
short_record:
		fprintf(stderr,
			"pidfdtrace: warning: record of type %u too short (%u bytes): skipped\n",
			hdr->type, hdr->size);
	}
	if (len) {
		hdr = (const void *)buf;
		release(o, 0, hdr->time_ns > HELD_NS ? hdr->time_ns - HELD_NS : 0);
	}
	return true;
}

static long long realtime_offset_ns(void)
{
	struct timespec mono, real;

	clock_gettime(CLOCK_MONOTONIC, &mono);
	clock_gettime(CLOCK_REALTIME, &real);
	return (real.tv_sec - mono.tv_sec) * 1000000000LL +
	       (real.tv_nsec - mono.tv_nsec);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "count", required_argument, NULL, 'c' },
		{ "buffer", required_argument, NULL, 'b' },
		{ "time", no_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ }
	};
	struct output out = { .f = stdout };
	struct sigaction sa = { .sa_handler = on_stop };
	unsigned long long count = 0;
	unsigned int buffer = 0;
	static char buf[1 << 20];
	struct stat st;
	__u32 abi = 0;
	int opt, fd;
	ssize_t n;
	char *end;

	while ((opt = getopt_long(argc, argv, "c:b:Th", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			count = strtoull(optarg, &end, 10);
			if (*end || !count) {
				fprintf(stderr, "pidfdtrace: bad count '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'b':
			if (parse_size(optarg, &buffer)) {
				fprintf(stderr,
					"pidfdtrace: bad buffer size '%s': a power of two from %u to %u\n",
					optarg, PIDFDTRACE_BUFFER_MIN,
					PIDFDTRACE_BUFFER_MAX);
				return EXIT_USAGE;
			}
			break;
		case 'T':
			out.wallclock = true;
			out.realtime_offset_ns = realtime_offset_ns();
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("pidfdtrace %s (kernel ABI %d)\n", PIDFDTRACE_VERSION,
			       PIDFDTRACE_ABI_VERSION);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "pidfdtrace: unexpected argument '%s'\n",
			argv[optind]);
		usage(stderr);
		return EXIT_USAGE;
	}

	fd = open_device();
	if (fd < 0)
		return EXIT_RUNTIME;
	if (ioctl(fd, PIDFDTRACE_IOC_ABI_VERSION, &abi) ||
	    abi != PIDFDTRACE_ABI_VERSION) {
		fprintf(stderr,
			"pidfdtrace: the module speaks ABI %u, this pidfdtrace ABI %d: use the pidfdtrace built with the module\n",
			abi, PIDFDTRACE_ABI_VERSION);
		return EXIT_RUNTIME;
	}
	if (buffer && ioctl(fd, PIDFDTRACE_IOC_SET_BUFFER_SIZE, &buffer)) {
		fprintf(stderr, "pidfdtrace: cannot set buffer size: %s\n",
			strerror(errno));
		return EXIT_RUNTIME;
	}

	/* Live through a pipe (| jq, | grep); in big writes to a file. */
	if (!fstat(STDOUT_FILENO, &st) && (S_ISFIFO(st.st_mode) ||
	    S_ISSOCK(st.st_mode) || S_ISCHR(st.st_mode)))
		setvbuf(stdout, NULL, _IOLBF, 0);

	/* No SA_RESTART: a blocked read() returns EINTR. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	while (!stop) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "pidfdtrace: read: %s\n", strerror(errno));
			return EXIT_RUNTIME;
		}
		if (!handle(&out, buf, n, count))
			break;
	}
	release(&out, 0, ~0ULL);
	fflush(stdout);
	fprintf(stderr, "pidfdtrace: %llu calls, %llu deliveries, %llu lost\n",
		seen.calls, seen.deliveries, seen.lost);
	close(fd);
	return 0;
}
