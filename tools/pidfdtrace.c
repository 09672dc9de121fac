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
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include <linux/magic.h>
#include <linux/pidfdtrace.h>

#include "decode.h"
#include "host.h"
#include "output.h"
#include "records.h"

#define EXIT_RUNTIME	1
#define EXIT_USAGE	2

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
"  -t, --target=PID    only calls whose pidfd names process PID, and signals\n"
"                      sent to it\n"
"  -s, --signal=SIG[,SIG...]\n"
"                      only these signals, by name (TERM, SIGTERM, RTMIN+3)\n"
"                      or number\n"
"  -x, --failed        only failed calls\n"
"      --comm=NAME     only calls made by a thread named NAME (its comm,\n"
"                      exactly; at most 15 bytes)\n"
"      --uid=UID       only calls made with real user id UID\n"
"      --sender-cgroup=PATH|ID\n"
"                      only calls made from this cgroup v2 or one below it,\n"
"                      given as its directory or its id\n"
"      --target-cgroup=PATH|ID\n"
"                      only calls and signals to processes in this cgroup v2\n"
"                      or one below it\n"
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

static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("pidfdtrace: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
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

static int parse_uid(const char *s, __u32 *out)
{
	unsigned long n;
	char *end;

	errno = 0;
	n = strtoul(s, &end, 10);
	/* (uid_t)-1 is no uid: chown(2) takes it for "unchanged". */
	if (errno || end == s || *end || *s == '-' || n >= 0xffffffffUL)
		return -1;
	*out = n;
	return 0;
}

/*
 * A cgroup v2 id, or a directory on the cgroup2 mount, whose inode number
 * is its id. Returns NULL, or what is wrong with @s.
 */
static const char *parse_cgroup(const char *s, __u64 *out)
{
	unsigned long long n;
	struct statfs fs;
	struct stat st;
	char *end;

	errno = 0;
	n = strtoull(s, &end, 10);
	if (*s >= '0' && *s <= '9' && !*end) {
		if (errno || !n)
			return "not a cgroup id";
		*out = n;
		return NULL;
	}
	if (stat(s, &st) || statfs(s, &fs))
		return strerror(errno);
	if (fs.f_type != CGROUP2_SUPER_MAGIC || !S_ISDIR(st.st_mode))
		return "not a cgroup v2 directory";
	*out = st.st_ino;
	return NULL;
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
		fprintf(stderr, "pidfdtrace: %s: %s: %s\n", PIDFDTRACE_DEVICE,
			strerror(errno), module_missing_reason(""));
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
	return records_check_abi(abi, stderr);
}

static int print_stats(int fd, bool json)
{
	static const char *const names[] = {
		"syscall_hits", "signal_hits", "calls", "deliveries",
		"calls_missed", "returns_missed", "other_readers", "lost",
		"maxactive",
	};
	static const char *const labels[] = {
		"syscall hits:", "signal hits:", "call records:",
		"delivery records:", "calls untraced:", "returns untraced:",
		"other readers:", "records lost:", "maxactive:",
	};
	struct pidfdtrace_stats s;
	unsigned long long values[9];
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
	values[4] = s.calls_missed;
	values[5] = s.returns_missed;
	values[6] = s.readers - 1;	/* not counting this one */
	values[7] = s.lost;
	values[8] = s.maxactive;

	if (json) {
		printf("{\"syscall_symbol\":\"%s\",\"signal_symbol\":\"%s\"",
		       s.syscall_symbol, s.signal_symbol);
		for (i = 0; i < 9; i++)
			printf(",\"%s\":%llu", names[i], values[i]);
		printf("}\n");
	} else {
		printf("%-17s %s\n", "syscall probe:", s.syscall_symbol);
		printf("%-17s %s\n", "signal probe:", s.signal_symbol);
		for (i = 0; i < 9; i++)
			printf("%-17s %llu\n", labels[i], values[i]);
	}
	return 0;
}

static int print_version(void)
{
	int fd = open(PIDFDTRACE_DEVICE, O_RDONLY | O_CLOEXEC);
	char buf[32];
	__u32 abi;

	printf("pidfdtrace %s (ABI %d", PIDFDTRACE_VERSION,
	       PIDFDTRACE_READER_ABI_MAJOR);
	if (fd >= 0 && !ioctl(fd, PIDFDTRACE_IOC_ABI_VERSION, &abi))
		printf("; module: ABI %s", abi_version_name(abi, buf, sizeof(buf)));
	else
		printf("; module: %s", fd < 0 && errno == ENOENT ?
		       "not loaded" : "cannot ask");
	printf(")\n");
	if (fd >= 0)
		close(fd);
	return 0;
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
	enum {
		OPT_STATS = 256, OPT_VERSION, OPT_COMM, OPT_UID,
		OPT_SENDER_CGROUP, OPT_TARGET_CGROUP,
	};
	static const struct option longopts[] = {
		{ "pid", required_argument, NULL, 'p' },
		{ "target", required_argument, NULL, 't' },
		{ "signal", required_argument, NULL, 's' },
		{ "failed", no_argument, NULL, 'x' },
		{ "comm", required_argument, NULL, OPT_COMM },
		{ "uid", required_argument, NULL, OPT_UID },
		{ "sender-cgroup", required_argument, NULL, OPT_SENDER_CGROUP },
		{ "target-cgroup", required_argument, NULL, OPT_TARGET_CGROUP },
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
	const char *why;
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
		case OPT_COMM:
			/* The kernel's comm holds 15 bytes: a longer name never matches. */
			if (strlen(optarg) >= sizeof(filter.comm))
				return usage_error("comm '%s' is longer than %zu bytes",
						   optarg, sizeof(filter.comm) - 1);
			memcpy(filter.comm, optarg, strlen(optarg));
			filter.mask |= PIDFDTRACE_FILTER_SENDER_COMM;
			break;
		case OPT_UID:
			if (parse_uid(optarg, &filter.uid))
				return usage_error("bad uid '%s'", optarg);
			filter.mask |= PIDFDTRACE_FILTER_SENDER_UID;
			break;
		case OPT_SENDER_CGROUP:
			why = parse_cgroup(optarg, &filter.sender_cgroup);
			if (why)
				return usage_error("bad cgroup '%s': %s", optarg, why);
			filter.mask |= PIDFDTRACE_FILTER_SENDER_CGROUP;
			break;
		case OPT_TARGET_CGROUP:
			why = parse_cgroup(optarg, &filter.target_cgroup);
			if (why)
				return usage_error("bad cgroup '%s': %s", optarg, why);
			filter.mask |= PIDFDTRACE_FILTER_TARGET_CGROUP;
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
		/* Only a cgroup filter can name something that is not there. */
		fprintf(stderr, "pidfdtrace: cannot set the filter: %s\n",
			errno == ENOENT ? "no such cgroup" : strerror(errno));
		return EXIT_RUNTIME;
	}
	/* Only now: no record is made under other settings than those. */
	if (ioctl(fd, PIDFDTRACE_IOC_START)) {
		fprintf(stderr, "pidfdtrace: cannot start reading: %s\n",
			strerror(errno));
		return EXIT_RUNTIME;
	}
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
	fprintf(stderr,
		"pidfdtrace: %llu calls, %llu deliveries, %llu lost, %llu untraced\n",
		rec.calls, rec.deliveries, rec.lost, rec.missed);
	close(fd);
	return ret;
}
