#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The VM runner's splat scan catches every kind of report it promises to
# catch and passes a clean boot log, debug-kernel banners included.

scan="$(dirname "$0")/../vm/scan-kernel-log.sh"
. "$(dirname "$0")/../lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/clean" <<'LOG'
[    0.000000] Linux version 6.12.117+deb12-cloud-amd64 (debian-kernel@lists.debian.org)
[    0.000000] Command line: console=ttyS0 panic=-1 ignore_loglevel
[    0.113400] kasan: KernelAddressSanitizer initialized
[    0.113500] kmemleak: Kernel memory leak detector initialized (mem pool available: 15679)
[    0.201000] Lock dependency validator: Copyright (c) 2006 Red Hat, Inc., Ingo Molnar
[    0.201002] RCU lockdep checking is enabled.
[    0.201003] ... MAX_LOCKDEP_KEYS:        8192
[    0.402000] rcu: Hierarchical RCU implementation.
[    1.902000] Run /init as init process
[    2.100000] pidfdtrace: loading out-of-tree module taints kernel.
[    2.100100] pidfdtrace: module verification failed: signature and/or required key missing - tainting kernel
[    2.100200] pidfdtrace: cannot probe pidfd_send_signal: tried pidfdtrace_no_such_symbol (-2)
LOG

# One line from each kind of report, as the kernel prints it.
cat >"$tmp/splats" <<'LOG'
[    3.1] BUG: kernel NULL pointer dereference, address: 0000000000000008
[    3.1] BUG: KASAN: slab-use-after-free in pidfdtrace_read+0x2a/0x90 [pidfdtrace]
[    3.1] WARNING: CPU: 1 PID: 88 at kernel/kprobes.c:1140 __disarm_kprobe_ftrace+0x9b/0xe0
[    3.1] Oops: general protection fault, probably for non-canonical address 0xdead000000000100: 0000 [#1] PREEMPT SMP NOPTI
[    3.1] general protection fault, probably for non-canonical address 0xdead000000000100
[    3.1] Kernel panic - not syncing: Fatal exception
[    3.1] BUG: scheduling while atomic: test/77/0x00000002
[    3.1] BUG: sleeping function called from invalid context at kernel/locking/mutex.c:283
[    3.1] WARNING: possible recursive locking detected
[    3.1] WARNING: possible circular locking dependency detected
[    3.1] WARNING: inconsistent lock state
[    3.1] WARNING: suspicious RCU usage
[    3.1] UBSAN: shift-out-of-bounds in module/ring.c:12:5
[    3.1] refcount_t: underflow; use-after-free.
[    3.1] list_add corruption. prev->next should be next (ffff8880), but was 0000000000000000.
[    3.1] list_del corruption, ffff888003e0e0c8->next is LIST_POISON1 (dead000000000100)
[    3.1] rcu: INFO: rcu_sched self-detected stall on CPU
[    3.1] rcu_sched self-detected stall on CPU
[    3.1] watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [test:80]
[    3.1] NMI watchdog: Watchdog detected hard LOCKUP on cpu 1
[    3.1] INFO: task test:81 blocked for more than 120 seconds.
[    3.1] "echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.
[    3.1] kmemleak: 2 new suspected memory leaks (see /sys/kernel/debug/kmemleak)
LOG

tap_plan $(($(wc -l <"$tmp/splats") + 4))

out=$("$scan" "$tmp/clean")
tap_result $? "clean log passes" "flagged: $out"

while IFS= read -r line; do
	{ cat "$tmp/clean"; echo "$line"; } >"$tmp/log"
	"$scan" "$tmp/log" | grep -qF -- "$line"
	tap_result $? "flags: ${line#*] }"
done <"$tmp/splats"

# Whose report: before the module's first line, the kernel's (exit 2).
mark='pidfdtrace: loading out-of-tree module taints kernel.'
splat='[    5.0] BUG: KASAN: slab-out-of-bounds in foo+0x1/0x2'
loaded="[    4.0] $mark"
order_case() {	# order_case EXPECTED_STATUS DESCRIPTION LINE...
	local expected=$1 what=$2 status

	shift 2
	{ head -n 1 "$tmp/clean"; printf '%s\n' "$@"; } >"$tmp/log"
	"$scan" --mark 'pidfdtrace: ' "$tmp/log" >/dev/null
	status=$?
	[ "$status" -eq "$expected" ]
	tap_result $? "$what (exit $expected)" "exit $status"
}
order_case 2 "a report before the module's first load is not ours" "$splat" "$loaded"
order_case 2 "a report with the module never loaded is not ours" "$splat"
order_case 1 "a report after the module's first load is ours" "$loaded" "$splat"
