#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: installs what is missing, builds the tests, runs the host
# checks (checkpatch, host tests, the reader's unit tests plain and under
# ASan+UBSan, a bounded fuzz run), then the kselftests in a VM on every
# kernel of the matrix and a short bench run, and sums every TAP result
# into one line. Exits non-zero on any failure.
#
# usage: tests/check.sh [--vm-only] [KERNEL...]
#        (default: KERNEL_MATRIX in scripts/kernels.sh)
#   --vm-only   only the VM suite on the named kernels (make check-debug)
# environment:
#   PIDFDTRACE_RESULTS=DIR TAP files (default .cache/results)
#   PIDFDTRACE_VM_JOBS=N   VMs booted at once (default: the host's CPUs, as
#                          each VM runs its vCPUs on one host thread)

set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
# shellcheck source=scripts/kernels.sh
. scripts/kernels.sh
vm_only=0
if [ "${1:-}" = --vm-only ]; then
	vm_only=1
	shift
fi
[ $# -gt 0 ] || set -- "${KERNEL_MATRIX[@]}"

scripts/install-deps.sh "$@" || exit 1

results=${PIDFDTRACE_RESULTS:-.cache/results}
export PIDFDTRACE_RESULTS=$results
if [ "$vm_only" = 1 ]; then
	mkdir -p "$results"
	for word in "$@"; do
		rm -f "$results/$word.tap"
	done
else
	rm -rf "$results"
	mkdir -p "$results"
fi

if ! make -s -C tests; then
	echo "not ok - tests build" | tee "$results/build.tap"
	tests/tap-summary.sh "$results"/*.tap
	exit 1
fi

# The VM suite on each kernel, a few VMs at a time; each VM's output is
# shown whole when it ends (streamed when one at a time).
run_vms() {
	local jobs=${PIDFDTRACE_VM_JOBS:-$(nproc)} running=0 word logs=.cache/vm-logs

	mkdir -p "$logs"
	for word in "$@"; do
		if [ "$jobs" -le 1 ]; then
			run_vm "$word"
			continue
		fi
		if [ "$running" -ge "$jobs" ]; then
			wait -n
			running=$((running - 1))
		fi
		{
			run_vm "$word" >"$logs/$word.log" 2>&1
			cat "$logs/$word.log"
		} &
		running=$((running + 1))
	done
	wait
}

# A runner that fails before it writes a verdict still fails the run.
run_vm() {
	local status

	tests/vm/run.sh "$1"
	status=$?
	if [ "$status" -ne 0 ] && ! grep -q '^not ok' "$results/$1.tap" 2>/dev/null; then
		echo "not ok - $1: VM runner failed (status $status)" |
			tee -a "$results/$1.tap"
	fi
}

if [ "$vm_only" = 1 ]; then
	run_vms "$@"
	taps=()
	for word in "$@"; do
		taps+=("$results/$word.tap")
	done
	echo "# ==== summary ===="
	tests/tap-summary.sh "${taps[@]}"
	exit
fi

# Sources checked against the kernel's coding style: everything in C.
if git rev-parse --git-dir >/dev/null 2>&1; then
	mapfile -t sources < <(git ls-files '*.c' '*.h')
else
	mapfile -t sources < <(find module include tools tests -name '*.[ch]' \
			       ! -name '*.mod.c' | sort)
fi

# compat.h exists to compare kernel versions: the one thing checkpatch's
# LINUX_VERSION_CODE rule, written for in-tree code, forbids.
declare -A ignore=([module/compat.h]=LINUX_VERSION_CODE,CONSTANT_COMPARISON)

{
	echo "TAP version 13"
	echo "1..${#sources[@]}"
	n=0
	for f in "${sources[@]}"; do
		n=$((n + 1))
		if out=$(perl .cache/linux-source/scripts/checkpatch.pl \
			 --no-tree --terse --show-types \
			 ${ignore[$f]:+--ignore "${ignore[$f]}"} -f "$f" 2>&1); then
			echo "ok $n checkpatch $f"
		else
			echo "not ok $n checkpatch $f"
			printf '%s\n' "$out" | grep -v '^total:' | sed 's/^/# /'
		fi
	done
	echo "# pidfdtrace: exit checkpatch 0"
} | tee "$results/checkpatch.tap"

for t in tests/host/*_test.sh; do
	name=$(basename "$t" .sh)
	{
		"$t"
		echo "# pidfdtrace: exit $name $?"
	} | tee "$results/host-$name.tap"
done

# The reader's unit tests, as built and under ASan+UBSan.
for t in tests/out/unit/*_test tests/out/unit-asan/*_test; do
	name=$(basename "$(dirname "$t")")-$(basename "$t")
	{
		"$t"
		echo "# pidfdtrace: exit $name $?"
	} | tee "$results/$name.tap"
done

# The reader's record walker, fuzzed for a bounded time; the corpus grows
# from run to run in .cache/.
fuzz_seconds=${PIDFDTRACE_FUZZ_SECONDS:-30}
corpus=.cache/fuzz/records
mkdir -p "$corpus"
tests/out/fuzz/make_seeds "$corpus"
{
	echo "TAP version 13"
	echo "1..1"
	if tests/out/fuzz/records_fuzz -max_total_time="$fuzz_seconds" \
	   -print_final_stats=1 -artifact_prefix=.cache/fuzz/ "$corpus" \
	   >.cache/fuzz/log 2>&1; then
		echo "ok 1 records_fuzz: $(grep -o 'Done [0-9]* runs' .cache/fuzz/log), no crash in ${fuzz_seconds}s"
	else
		echo "not ok 1 records_fuzz crashed: see .cache/fuzz/log"
		tail -n 30 .cache/fuzz/log | sed 's/^/# /'
	fi
	echo "# pidfdtrace: exit records_fuzz 0"
} | tee "$results/fuzz.tap"

run_vms "$@"

# make bench, short, on the last stock kernel named: so that it cannot rot.
smoke_kernel=${*: -1}
for word in "$@"; do
	[ "$(kernel_flavour "$word")" = cloud ] && smoke_kernel=$word
done
{
	bench/run.sh --smoke "$smoke_kernel"
	echo "# pidfdtrace: exit bench-smoke $?"
} | tee "$results/bench-smoke.tap"

echo "# ==== summary ===="
tests/tap-summary.sh "$results"/*.tap
