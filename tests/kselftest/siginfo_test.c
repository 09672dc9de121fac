// SPDX-License-Identifier: GPL-2.0
/*
 * The call's siginfo is the kernel's copy, whatever the caller's memory
 * says before or after it. copy_siginfo_from_user() (kernel/signal.c)
 * reads sizeof(struct kernel_siginfo), 48 bytes, and for an si_code of no
 * known layout the remaining 80 bytes of the user's siginfo_t too, to
 * check that they are zero (post_copy_siginfo_from_user()). So:
 *
 * - memory rewritten between those two reads must not show: the signal
 *   carries the first read, and so must the record;
 * - a siginfo of a known layout may end right where readable memory ends:
 *   the kernel never reads past 48 bytes, and the record must not either.
 *
 * The old module (ABI 1) read a whole siginfo_t, 128 bytes, from user
 * memory when the call returned: it recorded the rewritten bytes in the
 * first case and "unreadable" in the second.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/pidfdtrace.h>

#include "kselftest_harness.h"
#include "pidfdtrace_test.h"
#include "receiver.h"
#include "uffd.h"
#include "witness.h"

/* What the kernel copies first: struct kernel_siginfo. */
#define KERNEL_SIGINFO_SIZE	48
/* An si_code of no known layout (known: >= SI_DETHREAD, SI_ASYNCNL, ...). */
#define SI_CODE_UNKNOWN		(-10)

static struct trace trace;
static struct witness witness;

FIXTURE(siginfo) {
	struct receiver receiver;	/* blocks SIGUSR1 */
	int pidfd;
	int reader;
	int uffd;
	char *mem;			/* two pages */
};

FIXTURE_SETUP(siginfo)
{
	struct receiver_config cfg = { .comm = "pft-receiver" };

	self->reader = -1;
	self->pidfd = -1;
	self->uffd = -1;
	self->mem = NULL;
	ASSERT_EQ(0, pidfdtrace_reload(NULL));
	ASSERT_EQ(0, prctl(PR_SET_NAME, "pft-sender"));
	sigemptyset(&cfg.block);
	sigaddset(&cfg.block, SIGUSR1);
	ASSERT_EQ(0, receiver_spawn(&self->receiver, &cfg));
	self->pidfd = sys_pidfd_open(self->receiver.pid, 0);
	ASSERT_LE(0, self->pidfd);
	self->mem = uffd_map(2);
	ASSERT_NE(NULL, self->mem);
	self->reader = reader_open(1 << 20);
	ASSERT_LE(0, self->reader);
	trace.len = 0;
	WITNESS_START(&witness, 0);
}

FIXTURE_TEARDOWN(siginfo)
{
	witness_release(&witness);
	receiver_stop(&self->receiver);
	if (self->pidfd >= 0)
		close(self->pidfd);
	if (self->reader >= 0)
		close(self->reader);
	if (self->uffd >= 0)
		close(self->uffd);
	if (self->mem)
		munmap(self->mem, 2 * getpagesize());
	pidfdtrace_unload();
}

/* Writes the first 48 bytes of a siginfo at @at. */
static void put_siginfo(void *at, int sig, int code, int pid, int value)
{
	siginfo_t info;

	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = code;
	info.si_pid = pid;
	info.si_uid = 0;
	info.si_value.sival_int = value;
	memcpy(at, &info, KERNEL_SIGINFO_SIZE);
}

/* The test's one call, its one delivery, after the witness agreed. */
static void the_call(struct __test_metadata *_metadata, int reader,
		     const struct pidfdtrace_call **c,
		     const struct pidfdtrace_delivery **d)
{
	struct witness_report r;

	witness_finish(_metadata, &witness, reader, &trace, &r);
	EXPECT_EQ(1, r.calls);
	*c = trace_call(&trace, getpid(), 0);
	ASSERT_NE(NULL, *c);
	TH_LOG("call: ret %d, siginfo state %u: signo %d code %d pid %d uid %u value %llu",
	       (*c)->ret, (*c)->siginfo_state, (*c)->siginfo.signo,
	       (*c)->siginfo.code, (*c)->siginfo.pid, (*c)->siginfo.uid,
	       (unsigned long long)(*c)->siginfo.value);
	ASSERT_EQ(1U, (*c)->deliveries);
	*d = trace_delivery(&trace, (*c)->hdr.seq, 0);
	ASSERT_NE(NULL, *d);
}

struct call_in_thread {
	int pidfd;
	void *info;
	int ret;
};

static void *send_sigusr1(void *arg)
{
	struct call_in_thread *call = arg;

	call->ret = pidfd_send(call->pidfd, SIGUSR1, call->info, 0);
	return NULL;
}

/*
 * A siginfo whose first 48 bytes end a normal page, and whose other 80
 * lie on a missing page userfaultfd holds: an si_code of unknown layout
 * makes the kernel read them after its copy, and fault. While it waits,
 * the test rewrites the first 48 bytes (SI_QUEUE, its own pid, 0), then
 * lets the kernel read zeroes. The signal carries what the kernel copied
 * first (code -10, pid 1, int 666), and so must the records.
 */
TEST_F(siginfo, the_record_has_the_kernels_copy_not_memory_rewritten_after_it)
{
	const struct pidfdtrace_delivery *d;
	const struct pidfdtrace_call *c;
	struct call_in_thread call;
	size_t page = getpagesize();
	unsigned long fault = 0;
	struct received got;
	pthread_t thread;
	char *info;
	int ret;

	self->uffd = uffd_open();
	if (self->uffd < 0)
		SKIP(return, "no userfaultfd: %s", strerror(-self->uffd));
	memset(self->mem, 0, page);		/* present */
	ASSERT_EQ(0, uffd_register(self->uffd, self->mem + page, page));
	info = self->mem + page - KERNEL_SIGINFO_SIZE;
	put_siginfo(info, SIGUSR1, SI_CODE_UNKNOWN, 1, 666);

	call = (struct call_in_thread){ .pidfd = self->pidfd, .info = info };
	ASSERT_EQ(0, pthread_create(&thread, NULL, send_sigusr1, &call));
	ret = uffd_wait_faults(self->uffd, 1, 10000, &fault);
	if (ret == 1) {
		TH_LOG("fault at %#lx, the siginfo's expansion at %p", fault,
		       self->mem + page);
		put_siginfo(info, SIGUSR1, SI_QUEUE, getpid(), 0);
	}
	ASSERT_EQ(0, uffd_zeropage(self->uffd, self->mem + page, page));
	pthread_join(thread, NULL);
	ASSERT_EQ(1, ret) {
		TH_LOG("the kernel never read past the siginfo's 48 bytes");
	}
	EXPECT_EQ(0, call.ret);

	ASSERT_EQ(0, receiver_ask(&self->receiver, RECEIVER_WAIT, &got));
	EXPECT_EQ(SIGUSR1, got.signo);
	EXPECT_EQ(SI_CODE_UNKNOWN, got.code);
	EXPECT_EQ(1, got.pid);
	EXPECT_EQ(666, got.value);

	the_call(_metadata, self->reader, &c, &d);
	EXPECT_EQ(0, c->ret);
	EXPECT_EQ((__u64)(unsigned long)info, c->info);
	EXPECT_EQ(PIDFDTRACE_SIGINFO_KERNEL, c->siginfo_state);
	EXPECT_EQ(SIGUSR1, c->siginfo.signo);
	EXPECT_EQ(SI_CODE_UNKNOWN, c->siginfo.code);
	EXPECT_EQ(1, c->siginfo.pid);
	EXPECT_EQ(0U, c->siginfo.uid);
	EXPECT_EQ(666ULL, c->siginfo.value);

	EXPECT_EQ(PIDFDTRACE_OUTCOME_DELIVERED, d->outcome);
	EXPECT_EQ(SIGUSR1, d->siginfo.signo);
	EXPECT_EQ(SI_CODE_UNKNOWN, d->siginfo.code);
	EXPECT_EQ(1, d->siginfo.pid);
	EXPECT_EQ(666ULL, d->siginfo.value);
}

/*
 * A valid siginfo (SI_QUEUE, a known layout) whose 48 bytes end exactly
 * where an inaccessible page starts: the kernel reads the 48 bytes and
 * sends the signal; the record shows what it sent, not "unreadable".
 */
TEST_F(siginfo, a_siginfo_ending_at_an_unreadable_page_is_recorded_as_sent)
{
	const struct pidfdtrace_delivery *d;
	const struct pidfdtrace_call *c;
	size_t page = getpagesize();
	struct received got;
	char *info;

	ASSERT_EQ(0, mprotect(self->mem + page, page, PROT_NONE));
	info = self->mem + page - KERNEL_SIGINFO_SIZE;
	put_siginfo(info, SIGUSR1, SI_QUEUE, getpid(), 42);

	EXPECT_EQ(0, pidfd_send(self->pidfd, SIGUSR1, (siginfo_t *)info, 0));
	ASSERT_EQ(0, receiver_ask(&self->receiver, RECEIVER_WAIT, &got));
	EXPECT_EQ(SIGUSR1, got.signo);
	EXPECT_EQ(SI_QUEUE, got.code);
	EXPECT_EQ(getpid(), got.pid);
	EXPECT_EQ(42, got.value);

	the_call(_metadata, self->reader, &c, &d);
	EXPECT_EQ(0, c->ret);
	EXPECT_EQ(PIDFDTRACE_SIGINFO_KERNEL, c->siginfo_state);
	EXPECT_EQ(SIGUSR1, c->siginfo.signo);
	EXPECT_EQ(SI_QUEUE, c->siginfo.code);
	EXPECT_EQ(getpid(), c->siginfo.pid);
	EXPECT_EQ(42ULL, c->siginfo.value);
	EXPECT_EQ(PIDFDTRACE_OUTCOME_DELIVERED, d->outcome);
	EXPECT_EQ(SI_QUEUE, d->siginfo.code);
	EXPECT_EQ(42ULL, d->siginfo.value);
}

/*
 * The control for the test above: the same siginfo with an si_code of
 * unknown layout. Now the kernel does read past 48 bytes, fails with
 * EFAULT, and sends nothing; the record says the kernel could not read
 * it. (The old module said so too.)
 */
TEST_F(siginfo, a_siginfo_the_kernel_cannot_read_whole_is_unreadable)
{
	const struct pidfdtrace_call *c;
	struct witness_report r;
	size_t page = getpagesize();
	char *info;

	ASSERT_EQ(0, mprotect(self->mem + page, page, PROT_NONE));
	info = self->mem + page - KERNEL_SIGINFO_SIZE;
	put_siginfo(info, SIGUSR1, SI_CODE_UNKNOWN, 1, 666);

	EXPECT_EQ(-EFAULT, pidfd_send(self->pidfd, SIGUSR1, (siginfo_t *)info, 0));

	witness_finish(_metadata, &witness, self->reader, &trace, &r);
	c = trace_call(&trace, getpid(), 0);
	ASSERT_NE(NULL, c);
	EXPECT_EQ(-EFAULT, c->ret);
	EXPECT_EQ(PIDFDTRACE_SIGINFO_UNREADABLE, c->siginfo_state);
	EXPECT_EQ(0U, c->deliveries);
}

TEST_HARNESS_MAIN
