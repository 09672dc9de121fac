#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make reliability: the report carries each kernel's figures, counts and
# kernel-log verdict from the TAP files, and refuses to write one from
# nothing.

top=$(cd "$(dirname "$0")/../.." && pwd)
report="$top/tests/reliability-report.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp/results" "$tmp/stress" "$tmp/empty"
cat >"$tmp/results/6.12.tap" <<'TAP'
ok - 6.12: module builds against 6.12.117+deb12-cloud-amd64 headers with W=1, no warnings
# pidfdtrace: kernel 6.12.117+deb12-cloud-amd64
ok 1 stress.every_record_is_delivered_or_counted_lost
# figure: stress: 4 threads x 250000 calls = 1000000 calls
ok 2 race.process_groups_changing_under_the_call # SKIP not here
not ok 3 unload.cycles_under_fire_leave_nothing_behind
ok - 6.12: kernel log free of BUG/WARNING/Oops/lockdep/KASAN reports
TAP
cat >"$tmp/stress/6.1-rt.tap" <<'TAP'
# pidfdtrace: kernel 6.1.0-56-rt-amd64
ok 1 stress.every_record_is_delivered_or_counted_lost
# figure: unload: 500 cycles
not ok - 6.1-rt: kernel log free of BUG/WARNING/Oops/lockdep/KASAN reports
TAP

# shellcheck source=tests/lib/tap.sh
. "$top/tests/lib/tap.sh"
tap_plan 6
out=$("$report" "$tmp/results" "$tmp/stress")
status=$?
check() {	# check DESCRIPTION COMMAND...
	"${@:2}"
	tap_result $? "$1" "$out"
}
has() { grep -qxF -- "$1" <<<"$out"; }

check "report written (exit 0)" test "$status" -eq 0
check "kernel heading with its release" has "### 6.12 (6.12.117+deb12-cloud-amd64)"
# Every TAP result counts, the VM runner's own verdicts too.
check "passed, failed, skipped and a clean log counted" \
	has "- tests: 3 passed, 1 failed, 1 skipped; splats: 0"
check "figures carried over" has "- stress: 4 threads x 250000 calls = 1000000 calls"
check "a dirty kernel log is reported" \
	has "- tests: 1 passed, 1 failed, 0 skipped; splats: reported (see the run's log)"
"$report" "$tmp/empty" >/dev/null 2>&1
check "no results: refused (exit 1)" test $? -eq 1
