# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The kernel matrix: a kernel is named by one word, SERIES[-FLAVOUR]
# ("6.1", "6.12", "6.12-rt"), FLAVOUR defaulting to "cloud". The word maps to
# Debian's packages linux-image-SERIES.*-FLAVOUR-amd64 and the matching
# linux-headers-*; the newest one wins. The word "debug" names the lockdep and
# KASAN kernel scripts/build-debug-kernel.sh builds from Debian's source.
# Sourced by install-deps.sh, the VM runner and build-debug-kernel.sh.

# The matrix every VM test runs on by default: adding a kernel is adding
# its word here.
KERNEL_MATRIX=(6.1 6.12 6.1-rt 6.12-rt)

kernel_series() { echo "${1%%-*}"; }

kernel_flavour() {
	case "$1" in
	*-*) echo "${1#*-}" ;;
	*) echo cloud ;;
	esac
}

# The built debug kernel's tree; nothing if it is not built.
debug_kernel_built() {
	local tree
	tree=$("$(dirname "${BASH_SOURCE[0]}")/build-debug-kernel.sh" --path)
	[ -f "$tree/.pidfdtrace-built" ] && echo "$tree"
	return 0
}

# The newest release of WORD with both image and headers installed, e.g.
# "6.12.117+deb12-cloud-amd64"; nothing if there is none.
kernel_installed_release() {
	local series flavour img rel tree
	if [ "$1" = debug ]; then
		tree=$(debug_kernel_built)
		[ -n "$tree" ] && cat "$tree/include/config/kernel.release"
		return 0
	fi
	series=$(kernel_series "$1")
	flavour=$(kernel_flavour "$1")
	for img in /boot/vmlinuz-"$series".*-"$flavour"-amd64; do
		rel=${img#/boot/vmlinuz-}
		[ -f "$img" ] && [ -e "/lib/modules/$rel/build/Makefile" ] &&
			echo "$rel"
	done | sort -V | tail -n 1
}

# The newest release of WORD that apt offers (needs fresh package lists).
kernel_available_release() {
	local series flavour
	series=$(kernel_series "$1")
	flavour=$(kernel_flavour "$1")
	apt-cache pkgnames "linux-image-$series." |
		grep -E "^linux-image-${series//./\\.}\.[0-9][^ ]*-$flavour-amd64\$" |
		sed 's/^linux-image-//' | sort -V | tail -n 1
}

# The kernel image and the tree modules build against, for WORD at RELEASE.
kernel_image() {
	if [ "$1" = debug ]; then
		echo "$(debug_kernel_built)/arch/x86/boot/bzImage"
	else
		echo "/boot/vmlinuz-$2"
	fi
}

kernel_build_dir() {
	if [ "$1" = debug ]; then
		debug_kernel_built
	else
		echo "/lib/modules/$2/build"
	fi
}
