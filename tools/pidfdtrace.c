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
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include <linux/magic.h>
#include <linux/pidfdtrace.h>

#include "cgroup.h"
#include "decode.h"
#include "filter.h"
#include "host.h"
#include "json.h"
#include "output.h"
#include "parse.h"
#include "records.h"
#include "rings.h"
#include "tracefile.h"
#include "users.h"

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
"Filters (applied in the kernel; by pidfdtrace itself with -r):\n"
"  -p, --pid=PID       only calls made by process PID; more than one -p: by\n"
"                      any of them\n"
"  -P, --target=PID    only calls whose pidfd names process PID, and signals\n"
"                      sent to it; more than one -P: any of them\n"
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
"  -t                  text: the time of day instead of seconds since boot;\n"
"                      -tt with microseconds, -ttt since the epoch\n"
"      --time          the same as -tt\n"
"  -T                  the time each call took: always shown (as strace -T)\n"
"  -j, --json          JSON Lines: one object per record\n"
"  -b, --buffer=SIZE   kernel buffer of this reader in bytes, a power of two\n"
"                      from 4K to 256M (suffix K or M; default: the module's)\n"
"  -o, --output=FILE   write the text or JSON to FILE, not standard output\n"
"      --stats         print the module's counters and exit; with -r, what\n"
"                      the file holds\n"
"Record and replay:\n"
"  -w, --write=FILE    write the records themselves to FILE (- for standard\n"
"                      output), with a header saying where they come from\n"
"  -r, --read=FILE     read records from a FILE -w wrote (- for standard\n"
"                      input), through the same filters (not the cgroup\n"
"                      ones) and formats, instead of the module\n"
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

static int parse_pid(const char *s, __u32 *out)
{
	unsigned long long n;

	/* PID_MAX_LIMIT is 4194304; the kernel's pid_t tops at 0x3fffffff. */
	if (parse_decimal(s, 0x3fffffff, &n, NULL) || !n)
		return -1;
	*out = n;
	return 0;
}

static int parse_uid(const char *s, __u32 *out)
{
	unsigned long long n;

	/* (uid_t)-1 is no uid: chown(2) takes it for "unchanged". */
	if (parse_decimal(s, 0xfffffffeU, &n, NULL))
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

	if (*s >= '0' && *s <= '9') {
		if (parse_decimal(s, ~0ULL, &n, NULL) || !n)
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
	int fd = open(PIDFDTRACE_DEVICE, O_RDWR | O_CLOEXEC);

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

static int check_abi(int fd, __u32 *abi)
{
	if (ioctl(fd, PIDFDTRACE_IOC_ABI_VERSION, abi)) {
		fprintf(stderr,
			"pidfdtrace: %s does not answer the ABI version ioctl (%s): not the pidfdtrace module?\n",
			PIDFDTRACE_DEVICE, strerror(errno));
		return -1;
	}
	return records_check_abi(*abi, stderr);
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
	/* Room for either escape of a 64-byte symbol, and its NUL. */
	static char sym[2][JSON_ESCAPED_MAX(64) + 1];
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
		*json_escape(sym[0], s.syscall_symbol,
			     sizeof(s.syscall_symbol)) = '\0';
		*json_escape(sym[1], s.signal_symbol,
			     sizeof(s.signal_symbol)) = '\0';
		printf("{\"type\":\"stats\",\"v\":" OUTPUT_JSON_VERSION ",\"syscall_symbol\":%s,\"signal_symbol\":%s",
		       sym[0], sym[1]);
		for (i = 0; i < 9; i++)
			printf(",\"%s\":%llu", names[i], values[i]);
		printf("}\n");
	} else {
		/* Strings from the kernel, shown as the records show theirs. */
		output_text_escape(sym[0], s.syscall_symbol,
				   sizeof(s.syscall_symbol));
		output_text_escape(sym[1], s.signal_symbol,
				   sizeof(s.signal_symbol));
		printf("%-17s %s\n", "syscall probe:", sym[0]);
		printf("%-17s %s\n", "signal probe:", sym[1]);
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

/* The signals that stop us: INT, TERM, and HUP unless ignored at start. */
static sigset_t caught;

static void catch(int sig, const struct sigaction *sa, bool unless_ignored)
{
	struct sigaction old;

	if (unless_ignored && !sigaction(sig, NULL, &old) &&
	    old.sa_handler == SIG_IGN)
		return;
	sigaction(sig, sa, NULL);
	sigaddset(&caught, sig);
}

/* Whether one of the signals that stop us is pending (they are blocked). */
static bool stop_pending(void)
{
	sigset_t pending;

	if (stop)
		return true;
	sigpending(&pending);
	return (sigismember(&pending, SIGINT) && sigismember(&caught, SIGINT)) ||
	       (sigismember(&pending, SIGTERM) && sigismember(&caught, SIGTERM)) ||
	       (sigismember(&pending, SIGHUP) && sigismember(&caught, SIGHUP));
}

/* -w: the header, with what the module says of itself. */
static int write_header(int fd, FILE *f, __u32 abi)
{
	struct tracefile_header h = {};
	struct pidfdtrace_stats s;
	struct utsname u;

	h.abi_version = abi;
	h.realtime_offset_ns = realtime_offset_ns();
	if (!uname(&u)) {
		snprintf(h.hostname, sizeof(h.hostname), "%s", u.nodename);
		snprintf(h.release, sizeof(h.release), "%s", u.release);
	}
	if (!ioctl(fd, PIDFDTRACE_IOC_GET_STATS, &s)) {
		memcpy(h.syscall_symbol, s.syscall_symbol,
		       sizeof(h.syscall_symbol) - 1);
		memcpy(h.signal_symbol, s.signal_symbol,
		       sizeof(h.signal_symbol) - 1);
	}
	return tracefile_write_header(f, &h);
}

/* The module's records, live, until a signal, -c or an output error. */
static int trace_live(int fd, struct records *rec, FILE *raw,
		      int *raw_error, const sigset_t *waitmask)
{
	static char buf[1 << 20];
	struct pollfd p = { .fd = fd, .events = POLLIN };
	static struct rings rs;
	bool mapped, more;
	ssize_t n;
	int err;

	/* In place when the buffers can be mapped, else through read(). */
	err = rings_map(&rs, fd);
	mapped = !err;
	if (err && err != -ENOTTY) {
		fprintf(stderr, "pidfdtrace: cannot map the buffers: %s\n",
			strerror(-err));
		return EXIT_RUNTIME;
	}
	while (!stop) {
		/* Signals are let in here only: they cannot cut a write. */
		if (ppoll(&p, 1, NULL, waitmask) < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "pidfdtrace: poll: %s\n", strerror(errno));
			return EXIT_RUNTIME;
		}
		if (mapped) {
			n = rings_read(&rs, buf, sizeof(buf));
			if (n < 0) {
				fprintf(stderr, "pidfdtrace: reading the buffers: %s\n",
					strerror(rs.error));
				return EXIT_RUNTIME;
			}
			if (!n)
				continue;
		} else {
			n = read(fd, buf, sizeof(buf));
		}
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			fprintf(stderr, "pidfdtrace: read: %s\n", strerror(errno));
			return EXIT_RUNTIME;
		}
		/* The clock may have been stepped since the last batch. */
		if (rec->out)
			rec->out->realtime_offset_ns = realtime_offset_ns();
		more = records_handle(rec, buf, n);
		/* -w -c COUNT: the file ends with the COUNT-th call too. */
		if (!more)
			n = rec->stopped_at;
		if (raw && fwrite(buf, 1, n, raw) != (size_t)n) {
			*raw_error = errno ? errno : EIO;
			break;
		}
		if (!more)
			break;
		/* A batch at a time: live in pipes, cheap in files. */
		if (rec->out && output_flush(rec->out))
			break;
	}
	return 0;
}

/* -r: the records of a file, through the same filters and formats. */
static int trace_file(FILE *f, const char *path, struct records *rec)
{
	static char buf[1 << 20];
	size_t len = 0, n, whole;

	while (!stop_pending()) {
		n = fread(buf + len, 1, sizeof(buf) - len, f);
		if (!n) {
			if (ferror(f)) {
				fprintf(stderr, "pidfdtrace: %s: %s\n", path,
					strerror(errno));
				return EXIT_RUNTIME;
			}
			if (len) {
				fprintf(stderr,
					"pidfdtrace: warning: %s: %zu bytes of a truncated record at the end: skipped\n",
					path, len);
				rec->skipped++;
			}
			break;
		}
		len += n;
		whole = tracefile_whole(buf, len);
		if (!records_handle(rec, buf, whole))
			break;
		memmove(buf, buf + whole, len - whole);
		len -= whole;
		if (rec->out && output_flush(rec->out))
			break;
	}
	return 0;
}

static FILE *open_file(const char *path, const char *mode)
{
	FILE *f = fopen(path, mode);

	if (!f)
		fprintf(stderr, "pidfdtrace: %s: %s\n", path, strerror(errno));
	return f;
}

/* -r FILE --stats: where the file comes from, and what it holds. */
static void print_file_stats(const struct tracefile_header *h,
			     const struct records *rec, bool json)
{
	char sym[4][JSON_ESCAPED_MAX(72) + 1], abi[32];

	abi_version_name(h->abi_version, abi, sizeof(abi));
	if (json) {
		*json_escape(sym[0], h->hostname, sizeof(h->hostname)) = '\0';
		*json_escape(sym[1], h->release, sizeof(h->release)) = '\0';
		*json_escape(sym[2], h->syscall_symbol,
			     sizeof(h->syscall_symbol)) = '\0';
		*json_escape(sym[3], h->signal_symbol,
			     sizeof(h->signal_symbol)) = '\0';
		printf("{\"type\":\"stats\",\"v\":" OUTPUT_JSON_VERSION ",\"hostname\":%s,\"release\":%s,\"abi\":\"%s\",\"syscall_symbol\":%s,\"signal_symbol\":%s,\"calls\":%llu,\"deliveries\":%llu,\"lost\":%llu,\"untraced\":%llu,\"filtered\":%llu,\"skipped\":%llu}\n",
		       sym[0], sym[1], abi, sym[2], sym[3], rec->calls,
		       rec->deliveries, rec->lost, rec->missed, rec->filtered,
		       rec->skipped);
		return;
	}
	output_text_escape(sym[0], h->hostname, sizeof(h->hostname));
	output_text_escape(sym[1], h->release, sizeof(h->release));
	output_text_escape(sym[2], h->syscall_symbol, sizeof(h->syscall_symbol));
	output_text_escape(sym[3], h->signal_symbol, sizeof(h->signal_symbol));
	printf("%-17s %s\n", "host:", sym[0]);
	printf("%-17s %s\n", "kernel:", sym[1]);
	printf("%-17s %s\n", "module ABI:", abi);
	printf("%-17s %s\n", "syscall probe:", sym[2]);
	printf("%-17s %s\n", "signal probe:", sym[3]);
	printf("%-17s %llu\n", "call records:", rec->calls);
	printf("%-17s %llu\n", "delivery records:", rec->deliveries);
	printf("%-17s %llu\n", "records lost:", rec->lost);
	printf("%-17s %llu\n", "calls untraced:", rec->missed);
	printf("%-17s %llu\n", "filtered out:", rec->filtered);
	printf("%-17s %llu\n", "not understood:", rec->skipped);
}

int main(int argc, char **argv)
{
	enum {
		OPT_STATS = 256, OPT_VERSION, OPT_COMM, OPT_UID, OPT_TIME,
		OPT_SENDER_CGROUP, OPT_TARGET_CGROUP,
	};
	static const struct option longopts[] = {
		{ "pid", required_argument, NULL, 'p' },
		{ "target", required_argument, NULL, 'P' },
		{ "signal", required_argument, NULL, 's' },
		{ "failed", no_argument, NULL, 'x' },
		{ "comm", required_argument, NULL, OPT_COMM },
		{ "uid", required_argument, NULL, OPT_UID },
		{ "sender-cgroup", required_argument, NULL, OPT_SENDER_CGROUP },
		{ "target-cgroup", required_argument, NULL, OPT_TARGET_CGROUP },
		{ "count", required_argument, NULL, 'c' },
		{ "time", no_argument, NULL, OPT_TIME },
		{ "json", no_argument, NULL, 'j' },
		{ "buffer", required_argument, NULL, 'b' },
		{ "output", required_argument, NULL, 'o' },
		{ "write", required_argument, NULL, 'w' },
		{ "read", required_argument, NULL, 'r' },
		{ "stats", no_argument, NULL, OPT_STATS },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ }
	};
	static struct records rec;
	static struct output out;
	const char *output_path = NULL, *write_path = NULL, *read_path = NULL;
	struct sigaction sa = { .sa_handler = on_stop };
	struct pidfdtrace_filter kernel_filter;
	struct tracefile_header header;
	static struct filter filter;
	static struct cgroups cgroups;
	static struct users users;
	unsigned int times = 0;
	__u32 pid;
	sigset_t stops, waitmask;
	unsigned int buffer = 0;
	unsigned long long count;
	FILE *raw = NULL, *in = NULL;
	bool stats = false;
	int opt, fd = -1, ret = 0;
	const char *why;
	__u32 abi = 0;

	out.f = stdout;
	rec.out = &out;
	rec.warn = stderr;
	while ((opt = getopt_long(argc, argv, "p:P:s:xc:tTjb:o:w:r:h", longopts,
				  NULL)) != -1) {
		switch (opt) {
		case 'p':
		case 'P':
			if (parse_pid(optarg, &pid))
				return usage_error("bad pid '%s'", optarg);
			if (filter_add_pid(&filter, opt == 'P', pid))
				return usage_error("more than %d -%c", FILTER_PIDS_MAX,
						   opt);
			break;
		case 's':
			if (parse_signals(optarg, filter.k.signals))
				return usage_error("bad signal list '%s'", optarg);
			filter.mask |= PIDFDTRACE_FILTER_SIGNALS;
			break;
		case 'x':
			filter.mask |= PIDFDTRACE_FILTER_FAILED;
			break;
		case OPT_COMM:
			/* The kernel's comm holds 15 bytes: a longer name never matches. */
			if (strlen(optarg) >= sizeof(filter.k.comm))
				return usage_error("comm '%s' is longer than %zu bytes",
						   optarg, sizeof(filter.k.comm) - 1);
			memcpy(filter.k.comm, optarg, strlen(optarg));
			filter.mask |= PIDFDTRACE_FILTER_SENDER_COMM;
			break;
		case OPT_UID:
			if (parse_uid(optarg, &filter.k.uid))
				return usage_error("bad uid '%s'", optarg);
			filter.mask |= PIDFDTRACE_FILTER_SENDER_UID;
			break;
		case OPT_SENDER_CGROUP:
			why = parse_cgroup(optarg, &filter.k.sender_cgroup);
			if (why)
				return usage_error("bad cgroup '%s': %s", optarg, why);
			filter.mask |= PIDFDTRACE_FILTER_SENDER_CGROUP;
			break;
		case OPT_TARGET_CGROUP:
			why = parse_cgroup(optarg, &filter.k.target_cgroup);
			if (why)
				return usage_error("bad cgroup '%s': %s", optarg, why);
			filter.mask |= PIDFDTRACE_FILTER_TARGET_CGROUP;
			break;
		case 'c':
			if (parse_decimal(optarg, ~0ULL, &count, NULL) || !count)
				return usage_error("bad count '%s'", optarg);
			rec.max_calls = count;
			break;
		case 't':
			/* -t, -tt, -ttt: as in strace. */
			if (times < OUTPUT_CLOCK_EPOCH)
				times++;
			out.clock = times;
			break;
		case OPT_TIME:
			/* What -T and --time were before -t: -tt's clock. */
			out.clock = OUTPUT_CLOCK_TIME_US;
			break;
		case 'T':
			/* strace's -T: each call's duration, which is always shown. */
			fputs("pidfdtrace: note: -T, the time each call took, is always shown; the time of day is -t, -tt or -ttt\n",
			      stderr);
			break;
		case 'j':
			out.json = true;
			break;
		case 'b':
			if (parse_size(optarg, PIDFDTRACE_BUFFER_MIN,
				       PIDFDTRACE_BUFFER_MAX, &buffer))
				return usage_error("bad buffer size '%s': a power of two from 4K to 256M",
						   optarg);
			break;
		case 'o':
			output_path = optarg;
			break;
		case 'w':
			write_path = optarg;
			break;
		case 'r':
			read_path = optarg;
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
	if (optind < argc && times && argv[optind][0] >= '0' &&
	    argv[optind][0] <= '9')
		return usage_error("unexpected argument '%s': -t is the time of day now, as in strace; the process signalled is -P %s (--target=%s)",
				   argv[optind], argv[optind], argv[optind]);
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	if (write_path && (filter.senders > 1 || filter.targets > 1))
		return usage_error("-w: one -p and one -P at most, which the module applies");
	if (read_path && (buffer || write_path))
		return usage_error("-r reads a file: -b and -w are for the live module");
	if (read_path && (filter.mask & ~FILTER_REPLAYABLE))
		return usage_error("-r: the cgroup filters need the live kernel's cgroups");
	if (write_path && (output_path || out.json || out.clock || stats))
		return usage_error("-w writes the records themselves: -o, -j, -T and --stats format them");

	/*
	 * The signals that stop us are blocked but where we wait for records,
	 * so none can cut a write short or slip in between a check and a
	 * read. A reader gone away (SIGPIPE) is EPIPE on the next write.
	 */
	sigemptyset(&stops);
	sigaddset(&stops, SIGINT);
	sigaddset(&stops, SIGTERM);
	sigaddset(&stops, SIGHUP);
	sigprocmask(SIG_BLOCK, &stops, &waitmask);
	sigdelset(&waitmask, SIGINT);
	sigdelset(&waitmask, SIGTERM);
	sigdelset(&waitmask, SIGHUP);
	/*
	 * A SIGHUP ignored when we started (nohup) stays ignored. SIGINT
	 * always stops us: a shell without job control starts "&" jobs with
	 * it ignored, and scripts still stop them with kill -INT.
	 */
	sigemptyset(&caught);
	catch(SIGINT, &sa, false);
	catch(SIGTERM, &sa, false);
	catch(SIGHUP, &sa, true);
	signal(SIGPIPE, SIG_IGN);

	if (read_path) {
		in = strcmp(read_path, "-") ? open_file(read_path, "re") : stdin;
		if (!in)
			return EXIT_RUNTIME;
		why = tracefile_read_header(in, &header);
		if (why) {
			fprintf(stderr, "pidfdtrace: %s: %s\n", read_path, why);
			return EXIT_RUNTIME;
		}
		if (records_check_abi(header.abi_version, stderr))
			return EXIT_RUNTIME;
		out.realtime_offset_ns = header.realtime_offset_ns;
		if (filter.mask)
			rec.filter = &filter;
		if (stats)
			rec.out = NULL;
	} else {
		fd = open_device();
		if (fd < 0)
			return EXIT_RUNTIME;
		if (check_abi(fd, &abi))
			return EXIT_RUNTIME;
		if (stats)
			return print_stats(fd, out.json);
		if (buffer && ioctl(fd, PIDFDTRACE_IOC_SET_BUFFER_SIZE, &buffer)) {
			fprintf(stderr, "pidfdtrace: cannot set the buffer size: %s\n",
				strerror(errno));
			return EXIT_RUNTIME;
		}
		/* Lists of pids are the reader's to apply, the rest the module's. */
		if (filter_split(&filter, &kernel_filter))
			rec.filter = &filter;
		if (kernel_filter.mask &&
		    ioctl(fd, PIDFDTRACE_IOC_SET_FILTER, &kernel_filter)) {
			/* Only a cgroup filter can name something that is not there. */
			fprintf(stderr, "pidfdtrace: cannot set the filter: %s\n",
				errno == ENOENT ? "no such cgroup" : strerror(errno));
			return EXIT_RUNTIME;
		}
	}
	if (write_path) {
		raw = strcmp(write_path, "-") ? open_file(write_path, "we") : stdout;
		if (!raw)
			return EXIT_RUNTIME;
		if (write_header(fd, raw, abi)) {
			fprintf(stderr, "pidfdtrace: %s: %s\n", write_path,
				strerror(errno));
			return EXIT_RUNTIME;
		}
		rec.out = NULL;
	}
	if (output_path) {
		out.f = open_file(output_path, "we");
		if (!out.f)
			return EXIT_RUNTIME;
	}

	if (read_path) {
		ret = trace_file(in, read_path, &rec);
	} else {
		/* Only now: no record is made under other settings than those. */
		if (ioctl(fd, PIDFDTRACE_IOC_START)) {
			fprintf(stderr, "pidfdtrace: cannot start reading: %s\n",
				strerror(errno));
			return EXIT_RUNTIME;
		}
		/* Live, this host's cgroups are the records': name them. */
		cgroups_open(&cgroups);
		out.cgroups = &cgroups;
		out.users = &users;
		ret = trace_live(fd, &rec, raw, &out.error, &waitmask);
	}
	records_flush(&rec);
	if (rec.out && !stats)
		output_flush(rec.out);
	if (raw && !out.error && fflush(raw))
		out.error = errno ? errno : EIO;
	/* A reader that went away (| head) ends us as it ends strace. */
	if (out.error && out.error != EPIPE) {
		fprintf(stderr, "pidfdtrace: write: %s\n", strerror(out.error));
		ret = EXIT_RUNTIME;
	}
	if (stats && read_path)
		print_file_stats(&header, &rec, out.json);
	fprintf(stderr,
		"pidfdtrace: %llu calls, %llu deliveries, %llu lost, %llu untraced",
		rec.calls, rec.deliveries, rec.lost, rec.missed);
	if (rec.filter)
		fprintf(stderr, ", %llu filtered out", rec.filtered);
	fputc('\n', stderr);
	if (fd >= 0)
		close(fd);
	return ret;
}
