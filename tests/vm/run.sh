#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs the kselftests inside a VM booting one kernel of the matrix.
#
# Builds the module against that kernel's headers, packs an initramfs of
# busybox, the module, the reader and the test programs (tests/out, built
# by "make -C tests"), boots it under QEMU and streams the tests' TAP
# output. Then prints the kernel log and scans it. Writes everything TAP
# into .cache/results/KERNEL.tap, VM-level verdicts included, and exits
# non-zero on any failure: a failed test, a panic, a timeout, a splat.
#
# With --demo, boots tests/demo/init instead: the module loaded, the reader
# live, a workload; its verdicts go to .cache/demo/KERNEL.tap.
#
# With --bench N, boots bench/init on one vCPU with -icount shift=0 (guest
# time counts guest instructions) to run N calls of each benchmark; its
# output goes to .cache/bench/KERNEL.tap. Add bpftrace and its libraries
# with PIDFDTRACE_BENCH_BPFTRACE=1.
#
# usage: tests/vm/run.sh [--demo | --bench N] KERNEL    (6.1, 6.12, ...)
# environment:
#   PIDFDTRACE_KVM=1          use KVM instead of TCG (hangs on some hosts)
#   PIDFDTRACE_VM_TIMEOUT=S   hard limit for the whole boot (default 600)
#   PIDFDTRACE_GUEST_ENV="VAR=value ..."
#                             variables for the guest's tests, passed on the
#                             kernel command line (no dots in names or values)
#   PIDFDTRACE_TESTS=a,b      run only these kselftests (default: all)
#   PIDFDTRACE_RESULTS=DIR    where KERNEL.tap goes (default .cache/results)
#   PIDFDTRACE_QEMU_MONITOR=SOCKET  QEMU's monitor on a unix socket, to look
#                             into a hung guest (info registers, ...)

set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=scripts/kernels.sh
. "$top/scripts/kernels.sh"

mode=test
init="$top/tests/vm/init"
results="${PIDFDTRACE_RESULTS:-$top/.cache/results}"
qemu_args=(-m 512 -smp 2)
cmdline="${PIDFDTRACE_GUEST_ENV:-}${PIDFDTRACE_TESTS:+ PIDFDTRACE_TESTS=$PIDFDTRACE_TESTS}"
case "${1:-}" in
--demo)
	mode=demo
	init="$top/tests/demo/init"
	results="$top/.cache/demo"
	shift
	;;
--bench)
	mode=bench
	init="$top/bench/init"
	results="$top/.cache/bench"
	# One vCPU counting instructions: repeatable to the instruction.
	qemu_args=(-m 2048 -smp 1 -icount shift=0,sleep=off)
	cmdline="$cmdline bench.n=${2:?usage: run.sh --bench N KERNEL}"
	shift 2
	;;
esac
# Tests run fully preemptible where the kernel lets them choose
# (PREEMPT_DYNAMIC): a thread can lose the CPU anywhere in the call, which
# is what races between a call and another thread (dup2(), exit) need.
[ "$mode" = test ] && cmdline="preempt=full $cmdline"
word=${1:?usage: run.sh [--demo | --bench N] KERNEL}
rel=$(kernel_installed_release "$word")
if [ -z "$rel" ]; then
	echo "run.sh: kernel '$word' is not installed (run scripts/install-deps.sh $word)" >&2
	exit 1
fi
kdir=$(kernel_build_dir "$word" "$rel")
image=$(kernel_image "$word" "$rel")
cpu=max
if [ "$word" = debug ]; then
	# KASAN under 5-level paging printed an early-boot splat in 3 of 10
	# boots with -cpu max; with la57=off, 8 of 8 were clean. And
	# everything is about 10 times slower.
	cpu=max,la57=off
	qemu_args=(-m 2048 "${qemu_args[@]:2}")
	: "${PIDFDTRACE_VM_TIMEOUT:=3600}"
fi

work="$top/.cache/vm/$word-$mode"
tap="$results/$word.tap"
rm -rf "$work"
mkdir -p "$work/src" "$work/root"/{bin,dev,proc,sys,tmp,tests,lib/modules} "$results"
: >"$tap"

verdict() {	# verdict OK|FAIL DESCRIPTION
	if [ "$1" = OK ]; then
		echo "ok - $word: $2" | tee -a "$tap"
	else
		echo "not ok - $word: $2" | tee -a "$tap"
	fi
}

echo "# ==== kernel $word: $rel ===="

# Out-of-tree builds write into the source tree: build a copy per kernel.
cp -a "$top/Kbuild" "$top/VERSION" "$top/module" "$top/include" "$work/src/"
if ! make -s -C "$kdir" M="$work/src" W=1 KCFLAGS=-Werror \
	modules >"$work/build.log" 2>&1; then
	cat "$work/build.log"
	verdict FAIL "module builds against $rel headers with W=1, no warnings"
	exit 1
fi
verdict OK "module builds against $rel headers with W=1, no warnings"

root="$work/root"
cp /bin/busybox "$root/bin/busybox"
cp "$init" "$root/init"
cp "$work/src/module/pidfdtrace.ko" "$root/lib/modules/"
cp "$top"/tests/out/bin/* "$root/bin/"
# The module DKMS built for this kernel (tests/host/packaging_test.sh), for
# the tests to load by name.
dkms_ko="$top/.cache/dkms/$rel/pidfdtrace.ko"
if [ "$mode" = test ]; then
	cp "$top"/tests/out/kselftest/* "$root/tests/"
	if [ -f "$dkms_ko" ]; then
		install -D -m 0644 "$dkms_ko" "$root/lib/modules/$rel/updates/dkms/pidfdtrace.ko"
		depmod -b "$root" "$rel" 2>/dev/null
		verdict OK "DKMS-built module installed in the guest's /lib/modules/$rel"
	else
		echo "ok - $word: DKMS-built module loaded by name # SKIP no DKMS build in .cache/dkms (make check makes one)" | tee -a "$tap"
	fi
fi
# The bench's floor: empty kretprobes on the same symbols (bench/probecost).
if [ "$mode" = bench ]; then
	cp -a "$top/bench/probecost" "$work/"
	if ! make -s -C "$kdir" M="$work/probecost" modules \
		>"$work/probecost.log" 2>&1; then
		cat "$work/probecost.log"
		verdict FAIL "bench/probecost builds against $rel headers"
		exit 1
	fi
	cp "$work/probecost/probecost.ko" "$root/lib/modules/"
fi
# bpftrace and every library it loads, where its loader looks for them.
if [ "$mode" = bench ] && [ "${PIDFDTRACE_BENCH_BPFTRACE:-0}" = 1 ]; then
	cp /usr/bin/bpftrace "$root/bin/"
	ldd /usr/bin/bpftrace | grep -o '/[^ ]*' | while read -r lib; do
		cp -L --parents "$lib" "$root/"
	done
fi
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$work/initramfs.gz"

# Two vCPUs, but one host thread running them in turn: with QEMU 7.2's
# multi-threaded TCG, a vCPU can run code another vCPU is patching
# (text_poke_bp) and jump to 0. The kernel's own kprobe_events, enabled and
# disabled while another CPU makes the probed syscall, crash the same way
# there, and never with thread=single.
accel=(-accel tcg,thread=single -cpu "$cpu")
[ "${PIDFDTRACE_KVM:-0}" = 1 ] && accel=(-accel kvm -cpu host)

timeout=${PIDFDTRACE_VM_TIMEOUT:-600}
monitor=none
[ -n "${PIDFDTRACE_QEMU_MONITOR:-}" ] &&
	monitor="unix:$PIDFDTRACE_QEMU_MONITOR,server,nowait"
timeout --kill-after=10 "$timeout" \
	qemu-system-x86_64 "${accel[@]}" "${qemu_args[@]}" \
	-display none -no-reboot \
	-monitor "$monitor" \
	-serial "file:$work/console.log" -serial stdio \
	-kernel "$image" -initrd "$work/initramfs.gz" \
	-append "console=ttyS0 panic=-1 ignore_loglevel $cmdline" \
	</dev/null | stdbuf -o0 tr -d '\r' | tee -a "$tap"
qemu_status=${PIPESTATUS[0]}

# The boot itself is in the full log; show what happened once tests ran.
echo "# ---- kernel log ($rel) from /init on; full log: $work/console.log ----"
sed -n '/Run \/init as init process/,$p' "$work/console.log" | sed 's/^/# kernel: /'

failed=0
if [ "$qemu_status" -eq 124 ] || [ "$qemu_status" -eq 137 ]; then
	verdict FAIL "guest finished within ${timeout}s (timed out)"
	failed=1
elif ! grep -q '^# pidfdtrace: done' "$tap"; then
	verdict FAIL "guest ran every test and powered off (qemu status $qemu_status)"
	failed=1
else
	verdict OK "guest ran every test and powered off"
fi
if [ "$failed" -ne 0 ]; then
	echo "# ---- last 40 console lines ----"
	tail -n 40 "$work/console.log" | sed 's/^/# /'
fi

# The module's first load shows as its first line in the log: the kernel's
# "pidfdtrace: loading out-of-tree module taints kernel."
splats=$("$top/tests/vm/scan-kernel-log.sh" --mark 'pidfdtrace: ' "$work/console.log")
case $? in
0)
	verdict OK "kernel log free of BUG/WARNING/Oops/lockdep/KASAN reports"
	;;
2)
	printf '%s\n' "$splats" | sed 's/^/# splat: /'
	echo "# the kernel's or the emulator's report, not pidfdtrace's: it came before the module was loaded; full log: $work/console.log"
	verdict FAIL "kernel log free of reports (one came before pidfdtrace was loaded)"
	failed=1
	;;
*)
	printf '%s\n' "$splats" | sed 's/^/# splat: /'
	verdict FAIL "kernel log free of BUG/WARNING/Oops/lockdep/KASAN reports"
	failed=1
	;;
esac

"$top/tests/tap-summary.sh" "$tap" >/dev/null || failed=1
exit "$failed"
