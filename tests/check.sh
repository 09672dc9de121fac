#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: installs what is missing, builds the tests, runs the host
# checks (checkpatch, host tests, the reader's unit tests plain and under
# ASan+UBSan, a bounded fuzz run), then the kselftests in a VM on every
# kernel of the matrix and a short bench run, and sums every TAP result
# into one line. Exits non-zero on any failure.
#
# usage: tests/check.sh [--vm-only] [KERNEL...|all]
#        (default: KERNEL_MATRIX in scripts/kernels.sh; all: every row)
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
# shellcheck source=tests/lib/tap.sh
. tests/lib/tap.sh
vm_only=0
if [ "${1:-}" = --vm-only ]; then
	vm_only=1
	shift
fi
# shellcheck disable=SC2046
set -- $(kernel_expand "$@")

results=${PIDFDTRACE_RESULTS:-.cache/results}
export PIDFDTRACE_RESULTS=$results
if [ "$vm_only" = 1 ]; then
	mkdir -p "$results"
	for word in "$@"; do
		rm -f "$results/$word.tap" "$results/$word.time"
	done
else
	rm -rf "$results"
	mkdir -p "$results"
fi

# How long each phase took, in RESULTS/PHASE.time, shown before the
# summary line.
timed() {	# timed PHASE CMD...: runs CMD, keeps its status
	local phase=$1 start=$SECONDS status
	shift
	"$@"
	status=$?
	echo "$((SECONDS - start))" >"$results/$phase.time"
	return "$status"
}

# Per kernel: its results and how long its VM took; then every phase.
summary() {
	local word f

	echo "# ==== per kernel ===="
	for word in "$@"; do
		[ -f "$results/$word.tap" ] || continue
		printf '# %-8s %s in %ss\n' "$word" \
			"$(tests/tap-summary.sh "$results/$word.tap" | tail -n 1)" \
			"$(cat "$results/$word.time" 2>/dev/null || echo '?')"
	done
	echo "# ==== time per phase (s) ===="
	for f in "$results"/*.time; do
		[ -f "$f" ] || continue
		printf '# %-14s %s\n' "$(basename "$f" .time)" "$(cat "$f")"
	done
	echo "# ==== summary ===="
}

timed deps scripts/install-deps.sh "$@" || exit 1

if ! timed tests-build make -s -C tests; then
	tap_verdict 1 "tests build" | tee "$results/build.tap"
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

	timed "$1" tests/vm/run.sh "$1"
	status=$?
	if [ "$status" -ne 0 ] && ! grep -q '^not ok' "$results/$1.tap" 2>/dev/null; then
		tap_verdict 1 "$1: VM runner failed (status $status)" |
			tee -a "$results/$1.tap"
	fi
}

# What the VMs printed, checked on the host: the reader's JSON against the
# schema it ships, and a -w file of each VM read back here.
vm_output_checks() {
	tests/vm/json-schema.sh "$results" "$@"
	echo "# pidfdtrace: exit json-schema $?"
	tests/vm/replay-agree.sh "$results" "$@"
	echo "# pidfdtrace: exit replay-agree $?"
}

if [ "$vm_only" = 1 ]; then
	timed vms run_vms "$@"
	vm_output_checks "$@" | tee "$results/vm-output-vm-only.tap"
	taps=("$results/vm-output-vm-only.tap")
	for word in "$@"; do
		taps+=("$results/$word.tap")
	done
	summary "$@"
	tests/tap-summary.sh "${taps[@]}"
	exit
fi

# Host tests: checkpatch, the fuzz run, packaging, docs, the harness's own.
host_tests() {
	local t name

	for t in tests/host/*_test.sh; do
		name=$(basename "$t" .sh)
		{
			timed "host-$name" "$t"
			echo "# pidfdtrace: exit $name $?"
		} | tee "$results/host-$name.tap"
	done
}
timed host host_tests

# The reader's unit tests, as built, under ASan+UBSan, and with musl.
for t in tests/out/unit/*_test tests/out/unit-asan/*_test tests/out/unit-musl/*_test; do
	name=$(basename "$(dirname "$t")")-$(basename "$t")
	reader=tests/out/bin/pidfdtrace
	[ "${name#unit-musl}" = "$name" ] || reader=tests/out/musl/pidfdtrace
	{
		PIDFDTRACE_READER=$reader "$t"
		echo "# pidfdtrace: exit $name $?"
	} | tee "$results/$name.tap"
done

timed vms run_vms "$@"
vm_output_checks "$@" | tee "$results/vm-output.tap"

# make bench, short, on the last stock kernel named: so that it cannot rot.
smoke_kernel=${*: -1}
for word in "$@"; do
	[ "$(kernel_field "$word" flavour)" = cloud ] && smoke_kernel=$word
done
{
	timed bench-smoke bench/run.sh --smoke "$smoke_kernel"
	echo "# pidfdtrace: exit bench-smoke $?"
} | tee "$results/bench-smoke.tap"

summary "$@"
tests/tap-summary.sh "$results"/*.tap
