#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make check's summary line counts every result, and counts as failures
# the programs that crash or stop short of their plan.

summary="$(dirname "$0")/../tap-summary.sh"
. "$(dirname "$0")/../lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect NAME "SUMMARY LINE" EXIT-STATUS FILE...
expect() {
	name=$1 want=$2 want_status=$3
	shift 3
	out=$("$summary" "$@")
	status=$?
	got=$(printf '%s\n' "$out" | tail -n 1)
	[ "$got" = "$want" ] && [ "$status" -eq "$want_status" ]
	tap_result $? "$name" \
		"want '$want' (exit $want_status), got '$got' (exit $status)"
}

cat >"$tmp/pass" <<'TAP'
TAP version 13
1..3
ok 1 a.one
ok 2 a.two
ok 3 a.three # SKIP needs 6.9
# pidfdtrace: exit a_test 0
TAP
cat >"$tmp/fail" <<'TAP'
TAP version 13
1..2
ok 1 b.one
not ok 2 b.two
# pidfdtrace: exit b_test 1
ok - 6.12: kernel log free of splats
TAP
cat >"$tmp/crash" <<'TAP'
TAP version 13
1..4
ok 1 c.one
# pidfdtrace: exit c_test 139
TAP
cat >"$tmp/silent" <<'TAP'
# pidfdtrace: exit d_test 1
TAP
cat >"$tmp/cut" <<'TAP'
TAP version 13
1..2
ok 1 e.one
TAP
cat >"$tmp/skip" <<'TAP'
TAP version 13
1..1
ok 1 f.one # SKIP no pidfd support
# pidfdtrace: exit f_test 4
TAP

tap_plan 7
expect "passes and skips are counted" "2 passed, 0 failed, 1 skipped" 0 "$tmp/pass"
expect "a failure fails the run" "2 passed, 1 failed, 0 skipped" 1 "$tmp/fail"
expect "a crash short of the plan counts the missing results" \
	"1 passed, 3 failed, 0 skipped" 1 "$tmp/crash"
expect "a non-zero exit with no failed test is a failure" \
	"0 passed, 1 failed, 0 skipped" 1 "$tmp/silent"
expect "a log cut off mid-program counts the missing results" \
	"3 passed, 1 failed, 1 skipped" 1 "$tmp/cut" "$tmp/pass"
expect "an all-skipped program exiting KSFT_SKIP passes" \
	"0 passed, 0 failed, 1 skipped" 0 "$tmp/skip"
expect "sums over several files" "6 passed, 1 failed, 3 skipped" 1 \
	"$tmp/pass" "$tmp/fail" "$tmp/skip" "$tmp/pass"
