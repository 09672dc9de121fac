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

#include "decode.h"
#include "output.h"
#include "records.h"

#define EXIT_RUNTIME	1
#define EXIT_USAGE	2

/*
 * The ABI this reader understands. Only a test build overrides it, to see
 * the mismatch error without a mismatched module.
 */
#ifndef PIDFDTRACE_READER_ABI
#define PIDFDTRACE_READER_ABI	PIDFDTRACE_ABI_VERSION
#endif

/* Set by SIGINT and SIGTERM; lock-free atomics are async-signal-safe. */
static atomic_int stop;

static void on_stop(int sig)
{
	(void)sig;
	stop = 1;
}

static void print_help(FILE *f)
{
	fprintf(f,
"Usage: pidfdtrace [OPTION]...\n"
"Print every pidfd_send_signal(2) call on the system as it happens: the\n"
"sender, the process the pidfd names, the signal and siginfo, the result,\n"
"and each signal the call made the kernel generate.\n"
"\n"
"Filters (applied in the kernel):\n"
"  -p, --pid=PID       only calls made by process PID\n"
"  -t, --target=PID    only calls whose pidfd names process PID\n"
"  -s, --signal=SIG[,SIG...]\n"
"                      only these signals, by name (TERM, SIGTERM, RTMIN+3)\n"
"                      or number\n"
"  -x, --failed        only failed calls\n"
"Output:\n"
"  -c, --count=COUNT   exit after COUNT calls\n"
"  -T, --time          text: time of day instead of seconds since boot\n"
"  -j, --json          JSON Lines: one object per record\n"
"  -b, --buffer=SIZE   kernel buffer of this reader in bytes, a power of two\n"
"                      from 4K to 256M (suffix K or M; default: the module's)\n"
"      --stats         print the module's counters and exit\n"
"  -h, --help          print this help and exit\n"
"      --version       print the tool's and the kernel ABI's versions\n"
"\n"
"PIDs are global (as the initial pid namespace sees them). Needs the\n"
"pidfdtrace module, and CAP_SYS_ADMIN or CAP_PERFMON. Exit status: 0 done,\n"
"1 runtime error, 2 usage error. See pidfdtrace(8).\n");
}

static int usage_error(const char *fmt, const char *arg)
{
	fputs("pidfdtrace: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'pidfdtrace --help'.\n", stderr);
	return EXIT_USAGE;
}

static int parse_size(const char *s, unsigned int *out)
{
	unsigned long long n;
	char *end;

	errno = 0;
	n = strtoull(s, &end, 0);
	if (errno || end == s || *s == '-')
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

static int parse_pid(const char *s, __u32 *out)
{
	unsigned long n;
	char *end;

	errno = 0;
	n = strtoul(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || !n || n > 0x3fffffff)
		return -1;
	*out = n;
	return 0;
}

static int parse_signals(char *list, __u64 signals[2])
{
	char *name, *save = NULL;
	int sig;

	for (name = strtok_r(list, ",", &save); name;
	     name = strtok_r(NULL, ",", &save)) {
		sig = signal_parse(name);
		if (sig < 0)
			return -1;
		signals[sig / 64] |= 1ULL << (sig % 64);
	}
	return signals[0] || signals[1] ? 0 : -1;
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
			"pidfdtrace: %s: %s: the pidfdtrace module is not loaded; load it with 'modprobe pidfdtrace'\n",
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

static int check_abi(int fd)
{
	__u32 abi = 0;

	if (ioctl(fd, PIDFDTRACE_IOC_ABI_VERSION, &abi)) {
		fprintf(stderr,
			"pidfdtrace: %s does not answer the ABI version ioctl (%s): not the pidfdtrace module?\n",
			PIDFDTRACE_DEVICE, strerror(errno));
		return -1;
	}
	if (abi != PIDFDTRACE_READER_ABI) {
		fprintf(stderr,
			"pidfdtrace: the module speaks ABI version %u, this reader ABI version %d: use the pidfdtrace built with the module\n",
			abi, PIDFDTRACE_READER_ABI);
		return -1;
	}
	return 0;
}

static int print_stats(int fd, bool json)
{
	static const char *const names[] = {
		"syscall_hits", "signal_hits", "calls", "deliveries",
		"syscall_missed", "signal_missed", "other_readers", "lost",
	};
	static const char *const labels[] = {
		"syscall hits:", "signal hits:", "call records:",
		"delivery records:", "syscall missed:", "signal missed:",
		"other readers:", "records lost:",
	};
	struct pidfdtrace_stats s;
	unsigned long long values[8];
	unsigned int i;

	if (ioctl(fd, PIDFDTRACE_IOC_GET_STATS, &s)) {
		fprintf(stderr, "pidfdtrace: cannot read stats: %s\n",
			strerror(errno));
		return EXIT_RUNTIME;
	}
	values[0] = s.syscall_hits;
	values[1] = s.signal_hits;
	values[2] = s.calls;
	values[3] = s.deliveries;
	values[4] = s.syscall_missed;
	values[5] = s.signal_missed;
	values[6] = s.readers - 1;	/* not counting this one */
	values[7] = s.lost;

	if (json) {
		printf("{\"syscall_symbol\":\"%s\",\"signal_symbol\":\"%s\"",
		       s.syscall_symbol, s.signal_symbol);
		for (i = 0; i < 8; i++)
			printf(",\"%s\":%llu", names[i], values[i]);
		printf("}\n");
	} else {
		printf("%-17s %s\n", "syscall probe:", s.syscall_symbol);
		printf("%-17s %s\n", "signal probe:", s.signal_symbol);
		for (i = 0; i < 8; i++)
			printf("%-17s %llu\n", labels[i], values[i]);
	}
	return 0;
}

static int print_version(void)
{
	int fd = open(PIDFDTRACE_DEVICE, O_RDONLY | O_CLOEXEC);
	__u32 abi;

	printf("pidfdtrace %s (ABI version %d", PIDFDTRACE_VERSION,
	       PIDFDTRACE_READER_ABI);
	if (fd >= 0 && !ioctl(fd, PIDFDTRACE_IOC_ABI_VERSION, &abi))
		printf("; module: ABI version %u", abi);
	else
		printf("; module: %s", fd < 0 && errno == ENOENT ?
		       "not loaded" : "cannot ask");
	printf(")\n");
	if (fd >= 0)
		close(fd);
	return 0;
}

static int discard_buffered(int fd, char *buf, size_t size)
{
	int flags = fcntl(fd, F_GETFL);

	if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK))
		return -1;
	while (read(fd, buf, size) > 0)
		;
	return fcntl(fd, F_SETFL, flags);
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
	enum { OPT_STATS = 256, OPT_VERSION };
	static const struct option longopts[] = {
		{ "pid", required_argument, NULL, 'p' },
		{ "target", required_argument, NULL, 't' },
		{ "signal", required_argument, NULL, 's' },
		{ "failed", no_argument, NULL, 'x' },
		{ "count", required_argument, NULL, 'c' },
		{ "time", no_argument, NULL, 'T' },
		{ "json", no_argument, NULL, 'j' },
		{ "buffer", required_argument, NULL, 'b' },
		{ "stats", no_argument, NULL, OPT_STATS },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ }
	};
	static struct records rec;
	static char buf[1 << 20];
	static struct output out;
	struct sigaction sa = { .sa_handler = on_stop };
	struct pidfdtrace_filter filter = {};
	unsigned int buffer = 0;
	bool stats = false;
	int opt, fd, ret = 0;
	char *end;
	ssize_t n;

	out.f = stdout;
	rec.out = &out;
	rec.warn = stderr;
	while ((opt = getopt_long(argc, argv, "p:t:s:xc:Tjb:h", longopts,
				  NULL)) != -1) {
		switch (opt) {
		case 'p':
			if (parse_pid(optarg, &filter.sender_tgid))
				return usage_error("bad pid '%s'", optarg);
			filter.mask |= PIDFDTRACE_FILTER_SENDER_TGID;
			break;
		case 't':
			if (parse_pid(optarg, &filter.target_tgid))
				return usage_error("bad pid '%s'", optarg);
			filter.mask |= PIDFDTRACE_FILTER_TARGET_TGID;
			break;
		case 's':
			if (parse_signals(optarg, filter.signals))
				return usage_error("bad signal list '%s'", optarg);
			filter.mask |= PIDFDTRACE_FILTER_SIGNALS;
			break;
		case 'x':
			filter.mask |= PIDFDTRACE_FILTER_FAILED;
			break;
		case 'c':
			errno = 0;
			rec.max_calls = strtoull(optarg, &end, 10);
			if (errno || *end || !rec.max_calls || *optarg == '-')
				return usage_error("bad count '%s'", optarg);
			break;
		case 'T':
			out.wallclock = true;
			break;
		case 'j':
			out.json = true;
			break;
		case 'b':
			if (parse_size(optarg, &buffer))
				return usage_error("bad buffer size '%s': a power of two from 4K to 256M",
						   optarg);
			break;
		case OPT_STATS:
			stats = true;
			break;
		case 'h':
			print_help(stdout);
			return 0;
		case OPT_VERSION:
			return print_version();
		default:
			fputs("Try 'pidfdtrace --help'.\n", stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);

	fd = open_device();
	if (fd < 0)
		return EXIT_RUNTIME;
	if (check_abi(fd))
		return EXIT_RUNTIME;
	if (stats)
		return print_stats(fd, out.json);
	if (buffer && ioctl(fd, PIDFDTRACE_IOC_SET_BUFFER_SIZE, &buffer)) {
		fprintf(stderr, "pidfdtrace: cannot set the buffer size: %s\n",
			strerror(errno));
		return EXIT_RUNTIME;
	}
	if (filter.mask && ioctl(fd, PIDFDTRACE_IOC_SET_FILTER, &filter)) {
		fprintf(stderr, "pidfdtrace: cannot set the filter: %s\n",
			strerror(errno));
		return EXIT_RUNTIME;
	}
	/* What came between open() and the filter did not pass it: drop it. */
	if (filter.mask && discard_buffered(fd, buf, sizeof(buf)))
		return EXIT_RUNTIME;
	out.realtime_offset_ns = realtime_offset_ns();

	/* No SA_RESTART: a blocked read() returns EINTR. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	while (!stop) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "pidfdtrace: read: %s\n", strerror(errno));
			ret = EXIT_RUNTIME;
			break;
		}
		if (!records_handle(&rec, buf, n))
			break;
		/* A batch at a time: live in pipes, cheap in files. */
		if (output_flush(&out)) {
			fprintf(stderr, "pidfdtrace: write: %s\n", strerror(errno));
			ret = EXIT_RUNTIME;
			break;
		}
	}
	records_flush(&rec);
	if (output_flush(&out)) {
		fprintf(stderr, "pidfdtrace: write: %s\n", strerror(errno));
		ret = EXIT_RUNTIME;
	}
	fprintf(stderr, "pidfdtrace: %llu calls, %llu deliveries, %llu lost\n",
		rec.calls, rec.deliveries, rec.lost);
	close(fd);
	return ret;
}
