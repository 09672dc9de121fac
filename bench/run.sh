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
		PIDFDTRACE_BENCH_BPFTRACE=1 bench/vm.sh 20000 "$word" \
			>"$out/$word.log" 2>&1
	fi
	status=$?
	grep -E '^(not ok|ok) ' "$out/$word.log"
	[ "$status" = 0 ] || failed=1
	rel=$(sed -n 's/^# bench: kernel \([^,]*\),.*/\1/p' "$out/$word.log")
	grep -E '^(BENCH|SUSTAIN) ' "$out/$word.log" | sed "s/^/$rel /" >>"$raw"
done

if [ "$smoke" = 1 ]; then
	# Every configuration measured every workload, with a number, on every
	# kernel that booted.
	# shellcheck source=tests/lib/tap.sh
	. tests/lib/tap.sh
	configs="untraced loaded empty-probes empty-tracepoint reader-filtered reader-raw reader-json readers-4 ftrace ftrace-pipe"
	workloads="sig0 sigcont sigusr1 kill"
	mapfile -t rels < <(awk '$2 == "BENCH" { print $1 }' "$raw" | sort -u)
	if [ ${#rels[@]} -eq 0 ]; then
		tap_plan 1
		tap_result 1 "bench smoke measured nothing"
		exit 1
	fi
	tap_plan $((${#rels[@]} * $(wc -w <<<"$configs") * $(wc -w <<<"$workloads")))
	for rel in "${rels[@]}"; do
		for c in $configs; do
			for w in $workloads; do
				awk -v k="$rel" -v c="$c" -v w="$w" '
					$1 == k && $2 == "BENCH" && $3 == c && $4 == w &&
					$5 ~ /^[0-9]+$/ && $5 > 0 { found = 1 }
					END { exit !found }' "$raw"
				tap_result $? "bench smoke: $rel $c $w"
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
