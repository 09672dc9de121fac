#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The man page renders without groff warnings, and documents every option
# pidfdtrace --help lists: the docs cannot drift from the tool unnoticed.

top="$(dirname "$0")/../.."
man="$top/tools/pidfdtrace.8"
reader="$top/tests/out/bin/pidfdtrace"
. "$top/tests/lib/tap.sh"

options=$("$reader" --help | grep -oE -- '--[a-z-]+' | sort -u)
tap_plan $(($(echo "$options" | wc -l) + 2))

warnings=$(groff -man -Tutf8 -ww -z "$man" 2>&1)
status=$?
[ -z "$warnings" ] || status=1
tap_result $status "pidfdtrace.8 renders without warnings" "$warnings"

# The version in the man page's header is the one in VERSION.
tap_check "pidfdtrace.8 names version $(cat "$top/VERSION")" \
	grep -q "^\.TH PIDFDTRACE 8 \"[0-9-]*\" \"pidfdtrace $(cat "$top/VERSION")\"" "$man"

for opt in $options; do
	# groff source escapes dashes: --json is written \-\-json. What follows
	# must end the name: \-\-target\-cgroup does not document --target.
	escaped=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
	tap_check "pidfdtrace.8 documents $opt" \
		grep -qE -- "$escaped(\$|[^[:alnum:]\\]|\\[^-])" "$man"
done
