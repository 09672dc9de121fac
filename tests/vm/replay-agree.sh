#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A file pidfdtrace -w wrote in each kernel's VM, read back on this host:
# reader_test prints the file ("# pft-file: " base64 lines) and what -r
# --json printed of it in the guest ("# pft-replay: "); the host's reader
# must print the same, line for line.
#
# usage: tests/vm/replay-agree.sh RESULTS KERNEL...   (TAP on stdout)

top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/lib/tap.sh
. "$top/tests/lib/tap.sh"
results=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

agree() {	# agree KERNEL
	local tap=$results/$1.tap

	sed -n 's/^# pft-file: //p' "$tap" | base64 -d >"$tmp/$1.pft" || return 1
	sed -n 's/^# pft-replay: //p' "$tap" >"$tmp/$1.guest"
	[ -s "$tmp/$1.pft" ] && [ -s "$tmp/$1.guest" ] || {
		echo "no file or replay from the guest in $tap"
		return 1
	}
	"$top/tests/out/bin/pidfdtrace" -r "$tmp/$1.pft" --json \
		>"$tmp/$1.host" 2>"$tmp/$1.err" || { cat "$tmp/$1.err"; return 1; }
	diff "$tmp/$1.guest" "$tmp/$1.host"
}

tap_plan $#
for word in "$@"; do
	tap_check "$word: -w in the VM, -r on the host: the same, line for line" \
		agree "$word"
done
