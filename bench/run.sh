#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: boots each kernel with bench/init (bench/vm.sh)
# and prints a table of guest instructions per call for pidfdtrace, the
# kernel's ftrace events and bpftrace, then writes it into bench/RESULTS.md
# between its markers.
#
# usage: bench/run.sh [--smoke] [KERNEL...]
#        (default: the matrix's stock kernels, PREEMPT_RT ones left out)
#   --smoke   few calls, no bpftrace, nothing written: TAP that every
#             figure was measured (make check runs this)

set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1

smoke=0
if [ "${1:-}" = --smoke ]; then
	smoke=1
	shift
fi
# shellcheck source=scripts/kernels.sh
. scripts/kernels.sh
if [ $# -eq 0 ]; then
	for word in "${KERNEL_MATRIX[@]}"; do
		[ "$(kernel_field "$word" flavour)" = cloud ] && set -- "$@" "$word"
	done
fi

out=.cache/bench
mkdir -p "$out"
raw="$out/results.txt"
: >"$raw"
failed=0
for word in "$@"; do
	if [ "$smoke" = 1 ]; then
		bench/vm.sh 200 "$word" >"$out/$word.log" 2>&1
	else
		PIDFDTRACE_BENCH_BPFTRACE=1 PIDFDTRACE_BENCH_CUTS=1 bench/vm.sh 20000 "$word" \
			>"$out/$word.log" 2>&1
	fi
	status=$?
	grep -E '^(not ok|ok) ' "$out/$word.log"
	[ "$status" = 0 ] || failed=1
	rel=$(sed -n 's/^# bench: kernel \([^,]*\),.*/\1/p' "$out/$word.log")
	grep -E '^(BENCH|SUSTAIN|CUT) ' "$out/$word.log" | sed "s/^/$rel /" >>"$raw"
	# The scale part: 4 vCPUs, 4 senders at once. Not on 5.10 and 6.1:
	# with 4 vCPUs under -icount they hang bringing up the secondary CPUs
	# (6.1 marks the TSC unsynchronized, then waits for CPU 1 for good).
	case $word in 5.10* | 6.1 | 6.1-*) continue ;; esac
	bench/vm.sh "$([ "$smoke" = 1 ] && echo 200 || echo 20000)" "$word" 4 \
		>"$out/$word-smp4.log" 2>&1 || failed=1
	grep -E '^(not ok|ok) ' "$out/$word-smp4.log"
	grep -E '^SCALE ' "$out/$word-smp4.log" | sed "s/^/$rel /" >>"$raw"
done

if [ "$smoke" = 1 ]; then
	# Every configuration measured every workload, with a number, on every
	# kernel that booted.
	# shellcheck source=tests/lib/tap.sh
	. tests/lib/tap.sh
	configs="untraced loaded empty-probes empty-tracepoint reader-filtered reader-raw reader-mmap reader-json readers-4 ftrace ftrace-pipe"
	workloads="sig0 sigcont sigusr1 kill"
	mapfile -t rels < <(awk '$2 == "BENCH" { print $1 }' "$raw" | sort -u)
	if [ ${#rels[@]} -eq 0 ]; then
		tap_plan 1
		tap_result 1 "bench smoke measured nothing"
		exit 1
	fi
	scales="untraced reader-mmap readers-4 ftrace-pipe"
	mapfile -t srels < <(awk '$2 == "SCALE" { print $1 }' "$raw" | sort -u)
	tap_plan $((${#rels[@]} * $(wc -w <<<"$configs") * $(wc -w <<<"$workloads") +
		    ${#srels[@]} * $(wc -w <<<"$scales") * 3))
	# measured KIND REL CONFIG WORKLOAD: a figure of that line, a number.
	measured() {
		awk -v t="$1" -v k="$2" -v c="$3" -v w="$4" '
			$1 == k && $2 == t && $3 == c && $4 == w &&
			$5 ~ /^[0-9]+$/ && $5 > 0 { found = 1 }
			END { exit !found }' "$raw"
	}
	for rel in "${rels[@]}"; do
		for c in $configs; do
			for w in $workloads; do
				measured BENCH "$rel" "$c" "$w"
				tap_result $? "bench smoke: $rel $c $w"
			done
		done
	done
	for rel in "${srels[@]}"; do
		for c in $scales; do
			for w in sig0 sigcont sigusr1; do
				measured SCALE "$rel" "$c" "$w"
				tap_result $? "bench smoke: $rel 4 vCPUs $c $w"
			done
		done
	done
	exit $failed
fi

awk -f bench/report.awk "$raw" >"$out/report.md" || exit 1
cat "$out/report.md"
# RESULTS.md keeps its notes; what is between its markers is replaced.
awk -v report="$out/report.md" '
	/<!-- bench:begin -->/ { print; while ((getline line < report) > 0) print line; skip = 1; next }
	/<!-- bench:end -->/ { skip = 0 }
	!skip' bench/RESULTS.md >"$out/RESULTS.md.new" &&
	mv "$out/RESULTS.md.new" bench/RESULTS.md
exit $failed
