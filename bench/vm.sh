#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# One boot of the bench: tests/vm/boot.sh with bench/init on one vCPU
# counting instructions (-icount shift=0: 1 ns of guest time is one guest
# instruction, repeatable to the instruction), N calls of each workload
# under each configuration. The payload: the reader, the bench program,
# bench/probecost built for the kernel (the floor), and with
# PIDFDTRACE_BENCH_BPFTRACE=1 bpftrace and every library it loads.
# Output in .cache/bench/KERNEL.tap. With CPUS above 1, the boot has that
# many vCPUs and bench/init runs its scale part only (KERNEL-smpCPUS.tap).
#
# usage: bench/vm.sh N KERNEL [CPUS]

set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/kernels.sh
. "$top/scripts/kernels.sh"
# shellcheck source=tests/lib/tap.sh
. "$top/tests/lib/tap.sh"

n=${1:?usage: bench/vm.sh N KERNEL}
word=${2:?usage: bench/vm.sh N KERNEL}
cpus=${3:-1}
name=$word$([ "$cpus" = 1 ] || echo "-smp$cpus")
rel=$(kernel_installed_release "$word")
payload="$top/.cache/vm/$name-bench-payload"
rm -rf "$payload"
mkdir -p "$payload"/{bin,lib/modules} "$top/.cache/bench"
tap="$top/.cache/bench/$name.tap"
: >"$tap"

cp "$top/tests/out/bin/pidfdtrace" "$top/tests/out/bin/bench" "$payload/bin/"
cp -a "$top/bench/probecost" "$payload/probecost-src"
if ! kernel_make "$word" "$rel" "$payload/probecost-src" -s modules \
	>"$payload/probecost.log" 2>&1; then
	cat "$payload/probecost.log"
	tap_verdict 1 "$word: bench/probecost builds against $rel headers" | tee -a "$tap"
	exit 1
fi
mv "$payload/probecost-src/probecost.ko" "$payload/lib/modules/"
rm -rf "$payload/probecost-src" "$payload/probecost.log"
# With PIDFDTRACE_BENCH_CUTS=1, the module without one piece of a call's
# handling each (PIDFDTRACE_BENCH_CUT, module/internal.h), for bench/init's
# per-piece figures.
if [ "${PIDFDTRACE_BENCH_CUTS:-0}" = 1 ] && [ "$cpus" = 1 ]; then
	src="$payload/cut-src"
	for cut in 1 2 4 8; do
		rm -rf "$src"
		mkdir -p "$src"
		cp -a "$top/Kbuild" "$top/VERSION" "$top/module" "$top/include" "$src/"
		if ! kernel_make "$word" "$rel" "$src" -s \
			KCFLAGS=-DPIDFDTRACE_BENCH_CUT=$cut modules >"$payload/cut.log" 2>&1; then
			cat "$payload/cut.log"
			tap_verdict 1 "$word: the module builds with PIDFDTRACE_BENCH_CUT=$cut" | tee -a "$tap"
			exit 1
		fi
		mv "$src/module/pidfdtrace.ko" "$payload/lib/modules/pidfdtrace-cut$cut.ko"
	done
	rm -rf "$src" "$payload/cut.log"
fi
if [ "${PIDFDTRACE_BENCH_BPFTRACE:-0}" = 1 ]; then
	cp /usr/bin/bpftrace "$payload/bin/"
	ldd /usr/bin/bpftrace | grep -o '/[^ ]*' | while read -r lib; do
		cp -L --parents "$lib" "$payload/"
	done
fi

# With several vCPUs the kernel may find their TSCs unsynchronized under
# -icount and move to a costlier clocksource; tsc=reliable keeps every boot
# on the TSC, whose reads the figures include.
PIDFDTRACE_VM_QEMU_ARGS="-m 2048 -smp $cpus -icount shift=0,sleep=off" \
PIDFDTRACE_VM_CMDLINE="bench.n=$n$([ "$cpus" = 1 ] || echo " tsc=reliable")" \
PIDFDTRACE_VM_WORK="$top/.cache/vm/$name-bench" \
	exec "$top/tests/vm/boot.sh" "$word" "$top/bench/init" "$payload" "$tap"
