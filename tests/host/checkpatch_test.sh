#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every C source in the kernel's coding style: checkpatch.pl from Debian's
# linux-source package (scripts/install-deps.sh extracts it), one result per
# file, its complaints as diagnostics.

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/lib/tap.sh
. tests/lib/tap.sh

if git rev-parse --git-dir >/dev/null 2>&1; then
	mapfile -t sources < <(git ls-files '*.c' '*.h')
else
	mapfile -t sources < <(find module include tools tests bench -name '*.[ch]' \
			       ! -name '*.mod.c' | sort)
fi

# compat.h exists to compare kernel versions: the one thing checkpatch's
# LINUX_VERSION_CODE rule, written for in-tree code, forbids. The reader's
# errno table names ENOSYS, which the ENOSYS rule takes for a return.
declare -A ignore=([module/compat.h]=LINUX_VERSION_CODE,CONSTANT_COMPARISON
		   [tools/decode.c]=ENOSYS)

tap_plan ${#sources[@]}
for f in "${sources[@]}"; do
	out=$(perl .cache/linux-source/scripts/checkpatch.pl --no-tree --terse \
	      --show-types ${ignore[$f]:+--ignore "${ignore[$f]}"} -f "$f" 2>&1)
	tap_result $? "checkpatch $f" "$(grep -v '^total:' <<<"$out")"
done
