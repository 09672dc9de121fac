#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The README's journald pipeline, run as written on a journal as
# "journalctl -u pidfdtrace -o cat" shows it: systemd's own lines around
# the reader's JSON, and the reader's summary. It must keep every failed
# call and nothing else, and go on past the lines that are not JSON.

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/lib/tap.sh
. tests/lib/tap.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

tap_plan 4
pipeline=$(grep -m1 '^journalctl -u pidfdtrace -o cat | ' README.md)
tap_check "the README has the pipeline" test -n "$pipeline"

unit="pidfdtrace.service - Log pidfd_send_signal(2) calls as JSON to the journal"
tests/out/host/sample-trace "$tmp/sample.pft"
{
	echo "Starting $unit..."
	echo "Started $unit."
	tests/out/bin/pidfdtrace -r "$tmp/sample.pft" --json -c 30 2>/dev/null
	echo "Stopping $unit..."
	echo "pidfdtrace: 30 calls, 24 deliveries, 0 lost, 0 untraced"
	echo "pidfdtrace.service: Deactivated successfully."
	echo "Stopped $unit."
	echo "Started $unit."
	tests/out/bin/pidfdtrace -r "$tmp/sample.pft" --json 2>/dev/null | tail -n +40
} >"$tmp/journal"
want=$(grep '^{' "$tmp/journal" | jq -c 'select(.type == "call" and .ret < 0)' | wc -l)

# The pipeline as the README writes it, the journal from the file above.
run=${pipeline/journalctl -u pidfdtrace -o cat/cat $tmp/journal}
bash -o pipefail -c "$run" >"$tmp/out" 2>"$tmp/err"
status=$?
tap_result "$status" "it runs to the end of the journal (status $status)" "$(cat "$tmp/err")"
got=$(jq -c . "$tmp/out" | wc -l)
tap_result "$([ "$got" -eq "$want" ] && [ "$want" -gt 0 ]; echo $?)" \
	"it prints each of the $want failed calls ($got)"
tap_check "and only failed calls" \
	bash -c "jq -e -s 'all(.[]; .type == \"call\" and .ret < 0)' $tmp/out"
