#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: installs what is missing, runs the host checks (checkpatch,
# host tests), then the kselftests in a VM on every kernel of the matrix,
# and sums every TAP result into one line. Exits non-zero on any failure.
#
# usage: tests/check.sh [KERNEL...]     (default: 6.1 6.12)

set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
[ $# -gt 0 ] || set -- 6.1 6.12

scripts/install-deps.sh "$@" || exit 1

results=.cache/results
rm -rf "$results"
mkdir -p "$results"

# Sources checked against the kernel's coding style: everything in C.
if git rev-parse --git-dir >/dev/null 2>&1; then
	mapfile -t sources < <(git ls-files '*.c' '*.h')
else
	mapfile -t sources < <(find module include tools tests -name '*.[ch]' \
			       ! -name '*.mod.c' | sort)
fi

# compat.h exists to compare kernel versions: the one thing checkpatch's
# LINUX_VERSION_CODE rule, written for in-tree code, forbids.
declare -A ignore=([module/compat.h]=LINUX_VERSION_CODE,CONSTANT_COMPARISON)

{
	echo "TAP version 13"
	echo "1..${#sources[@]}"
	n=0
	for f in "${sources[@]}"; do
		n=$((n + 1))
		if out=$(perl .cache/linux-source/scripts/checkpatch.pl \
			 --no-tree --terse --show-types \
			 ${ignore[$f]:+--ignore "${ignore[$f]}"} -f "$f" 2>&1); then
			echo "ok $n checkpatch $f"
		else
			echo "not ok $n checkpatch $f"
			printf '%s\n' "$out" | grep -v '^total:' | sed 's/^/# /'
		fi
	done
	echo "# pidfdtrace: exit checkpatch 0"
} | tee "$results/checkpatch.tap"

for t in tests/host/*_test.sh; do
	name=$(basename "$t" .sh)
	{
		"$t"
		echo "# pidfdtrace: exit $name $?"
	} | tee "$results/host-$name.tap"
done

if ! make -s -C tests; then
	echo "not ok - kselftests build" | tee "$results/build.tap"
else
	for word in "$@"; do
		tests/vm/run.sh "$word"
	done
fi

echo "# ==== summary ===="
tests/tap-summary.sh "$results"/*.tap
