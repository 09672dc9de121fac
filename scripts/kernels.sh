# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The kernel matrix: a kernel is named by one word, SERIES[-FLAVOUR]
# ("6.1", "6.12", "6.12-rt"), FLAVOUR defaulting to "cloud". The word maps to
# Debian's packages linux-image-SERIES.*-FLAVOUR-amd64 and the matching
# linux-headers-*; the newest one wins. Sourced by install-deps.sh and the VM
# runner.

kernel_series() { echo "${1%%-*}"; }

kernel_flavour() {
	case "$1" in
	*-*) echo "${1#*-}" ;;
	*) echo cloud ;;
	esac
}

# The newest release of WORD with both image and headers installed, e.g.
# "6.12.117+deb12-cloud-amd64"; nothing if there is none.
kernel_installed_release() {
	local series flavour img rel
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
