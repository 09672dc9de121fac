#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Builds the debug kernel the "debug" word of the matrix names: Debian's
# linux-source-6.12 with lockdep, KASAN and kmemleak, which Debian's own
# kernels lack and which catch a lock-order bug against siglock or a
# use-after-free in an unload race. The built tree is cached outside the
# repository, keyed by the source version and the options below, and
# reused; prints its path.
#
# usage: scripts/build-debug-kernel.sh [--path]
#   --path   print where the tree is or would be, build nothing
# environment: PIDFDTRACE_CACHE (default ~/.cache/pidfdtrace)

set -euo pipefail

source_pkg=linux-source-6.12
options=(MODULES MODULE_UNLOAD KPROBES KRETPROBES FTRACE FUNCTION_TRACER
	 DYNAMIC_FTRACE FTRACE_SYSCALLS KALLSYMS_ALL PROVE_LOCKING
	 DEBUG_ATOMIC_SLEEP KASAN KASAN_INLINE DEBUG_KMEMLEAK DEBUG_LIST
	 SOFTLOCKUP_DETECTOR DETECT_HUNG_TASK DEVTMPFS BLK_DEV_INITRD
	 SERIAL_8250_CONSOLE PID_NS USER_NS PROC_CHILDREN IA32_EMULATION
	 CGROUPS USERFAULTFD DEBUG_INFO_NONE)

version=$(dpkg-query -W -f='${Version}' "$source_pkg" 2>/dev/null || echo none)
key=$(printf '%s\n' "$version" "${options[@]}" | sha256sum | cut -c1-12)
tree="${PIDFDTRACE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pidfdtrace}/kernel-debug-$version-$key"
if [ "${1:-}" = --path ] || [ -f "$tree/.pidfdtrace-built" ]; then
	echo "$tree"
	exit 0
fi

log() { echo "build-debug-kernel: $*" >&2; }

log "building $source_pkg $version with ${options[*]} in $tree (about 11 minutes on two cores)"
rm -rf "$tree"
mkdir -p "$tree"
tar -xJf "/usr/src/$source_pkg.tar.xz" -C "$tree" --strip-components=1
cd "$tree"
make -s x86_64_defconfig >&2
for opt in "${options[@]}"; do
	scripts/config --enable "$opt"
done
scripts/config --set-str LOCALVERSION "-pidfdtrace-debug"
make -s olddefconfig >&2
for opt in "${options[@]}"; do
	grep -qx "CONFIG_$opt=y" .config || {
		log "CONFIG_$opt did not survive olddefconfig"
		exit 1
	}
done
# modules too: they write the Module.symvers out-of-tree builds need.
make -s -j"$(nproc)" bzImage modules >&2
touch .pidfdtrace-built
log "built $(make -s kernelrelease)"
echo "$tree"
