#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Sums the TAP results in FILEs into one line, "N passed, N failed,
# N skipped", and exits non-zero when anything failed or nothing ran.
#
# A test program that stops short of its plan, or exits non-zero without
# reporting a failure (it crashed), counts as failed: the runners write
# "# pidfdtrace: exit NAME STATUS" after each program. Exit status 4 is
# kselftest's KSFT_SKIP.
#
# usage: tap-summary.sh FILE...

awk '
function finish(name, status) {
	if (plan > seen) {
		printf "not ok - %s: %d of %d planned results missing\n",
		       name, plan - seen, plan
		failed += plan - seen
	} else if (status != 0 && status != 4 && !prog_failed) {
		printf "not ok - %s: exited with status %s\n", name, status
		failed++
	}
	plan = seen = prog_failed = 0
}
FNR == 1 && plan { finish(prev_file, "?") }
{ prev_file = FILENAME }
/^1\.\.[0-9]+/ { plan = substr($1, 4) + 0; next }
/^ok / {
	seen++
	if ($0 ~ /# *[Ss][Kk][Ii][Pp]/) skipped++; else passed++
	next
}
/^not ok / { seen++; failed++; prog_failed++; next }
/^Bail out!/ { printf "not ok - %s\n", $0; failed++; next }
/^# pidfdtrace: exit / { finish($4, $5); next }
END {
	if (plan) finish(prev_file, "?")
	printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped
	exit (failed || passed + skipped == 0) ? 1 : 0
}' "$@"
