#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The man page renders without groff warnings, and documents every option
# pidfdtrace --help lists: the docs cannot drift from the tool unnoticed.

top="$(dirname "$0")/../.."
man="$top/tools/pidfdtrace.8"
reader="$top/tests/out/bin/pidfdtrace"

options=$("$reader" --help | grep -oE -- '--[a-z-]+' | sort -u)
echo "TAP version 13"
echo "1..$(($(echo "$options" | wc -l) + 2))"

if warnings=$(groff -man -Tutf8 -ww -z "$man" 2>&1) && [ -z "$warnings" ]; then
	echo "ok 1 pidfdtrace.8 renders without warnings"
else
	echo "not ok 1 pidfdtrace.8 renders without warnings"
	printf '%s\n' "$warnings" | sed 's/^/# /'
fi

# The version in the man page's header is the one in VERSION.
if grep -q "^\.TH PIDFDTRACE 8 \"[0-9-]*\" \"pidfdtrace $(cat "$top/VERSION")\"" "$man"; then
	echo "ok 2 pidfdtrace.8 names version $(cat "$top/VERSION")"
else
	echo "not ok 2 pidfdtrace.8 names version $(cat "$top/VERSION")"
fi

n=2
for opt in $options; do
	n=$((n + 1))
	# groff source escapes dashes: --json is written \-\-json. What follows
	# must end the name: \-\-target\-cgroup does not document --target.
	escaped=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
	if grep -qE -- "$escaped(\$|[^[:alnum:]\\]|\\[^-])" "$man"; then
		echo "ok $n pidfdtrace.8 documents $opt"
	else
		echo "not ok $n pidfdtrace.8 documents $opt"
	fi
done
