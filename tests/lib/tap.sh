# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# TAP for the shell tests and the VM runner: source it, then
#
#   tap_plan N                    "TAP version 13", "1..N"
#   tap_check DESCRIPTION CMD...  runs CMD: "ok N DESCRIPTION", or "not ok"
#                                 and the last lines of its output as
#                                 diagnostics
#   tap_result STATUS DESCRIPTION [DETAILS]
#                                 ok when STATUS is 0; DETAILS (lines) as
#                                 diagnostics when not
#   tap_skip DESCRIPTION REASON   ok with a SKIP directive
#   tap_verdict STATUS DESCRIPTION
#                                 "ok - DESCRIPTION" or "not ok - ...": a
#                                 result outside any plan (the VM runner's)
#   tap_diag TEXT...              "# " before each line
#
# Numbered results count in TAP_N; tap_failed is how many were not ok.

TAP_N=0
tap_failed=0

tap_plan() {
	echo "TAP version 13"
	echo "1..$1"
}

tap_diag() {
	printf '%s\n' "$@" | sed 's/^/# /'
}

tap_result() {
	TAP_N=$((TAP_N + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $TAP_N $2"
	else
		echo "not ok $TAP_N $2"
		tap_failed=$((tap_failed + 1))
		[ -z "${3:-}" ] || tap_diag "$3"
	fi
}

tap_check() {
	local what=$1 out status
	shift
	out=$("$@" 2>&1)
	status=$?
	tap_result "$status" "$what" "$(printf '%s\n' "$out" | tail -n 20)"
}

tap_skip() {
	TAP_N=$((TAP_N + 1))
	echo "ok $TAP_N $1 # SKIP $2"
}

tap_verdict() {
	if [ "$1" -eq 0 ]; then
		echo "ok - $2"
	else
		echo "not ok - $2"
	fi
}
