#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Installs what building and testing pidfdtrace needs, from Debian's
# packages only, and extracts the few files the project uses from Debian's
# kernel source into .cache/. Idempotent and quick when everything is there:
# apt-get update runs only when something is missing.
#
# Kernels of this host's release (bookworm) install here; those of other
# releases in a chroot of theirs (scripts/chroot.sh); the debug kernel is
# built from source (scripts/build-debug-kernel.sh).
#
# usage: scripts/install-deps.sh [KERNEL...|all]  (default: KERNEL_MATRIX in
#                                                scripts/kernels.sh)

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/kernels.sh
. "$top/scripts/kernels.sh"

# shellcheck disable=SC2046
set -- $(kernel_expand "$@")

# The kernel source package the kselftest harness and checkpatch come from.
source_pkg=linux-source-6.12

tools_pkgs=(gcc make libc6-dev perl xz-utils cpio gzip busybox-static kmod
	    qemu-system-x86 clang libclang-rt-14-dev groff-base musl-tools
	    python3-jsonschema jq
	    dkms dh-dkms debhelper dpkg-dev lintian systemd gcc-multilib
	    libc6-dev-i386 bpftrace mmdebstrap "$source_pkg")

sudo=
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null || {
		echo "install-deps: need root (or sudo) to install packages" >&2
		exit 1
	}
	sudo=sudo
fi

installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null |
		grep -q 'install ok installed'
}

missing=()
for pkg in "${tools_pkgs[@]}"; do
	installed "$pkg" || missing+=("$pkg")
done

missing_kernels=()
chroot_kernels=()
debug=0
for word in "$@"; do
	case $(kernel_where "$word") in
	built)
		# Built from Debian's source below, with what that needs.
		debug=1
		for pkg in flex bison libelf-dev bc libssl-dev; do
			installed "$pkg" || missing+=("$pkg")
		done
		;;
	host)
		[ -n "$(kernel_installed_release "$word")" ] ||
			missing_kernels+=("$word")
		;;
	*)
		chroot_kernels+=("$word")
		;;
	esac
done

if [ ${#missing[@]} -gt 0 ] || [ ${#missing_kernels[@]} -gt 0 ]; then
	echo "install-deps: updating package lists"
	$sudo apt-get update -qq
	for word in "${missing_kernels[@]}"; do
		rel=$(apt-cache pkgnames linux-image- | sed 's/^linux-image-//' |
			kernel_newest "$word")
		if [ -z "$rel" ]; then
			echo "install-deps: apt offers no kernel for '$word'" \
			     "(linux-image-$(kernel_glob "$word"))" >&2
			exit 1
		fi
		missing+=("linux-image-$rel" "linux-headers-$rel")
	done
	echo "install-deps: installing ${missing[*]}"
	# INITRD=No: the VM boots its own initramfs; skip building Debian's.
	$sudo env DEBIAN_FRONTEND=noninteractive INITRD=No \
		apt-get install -y -qq --no-install-recommends "${missing[@]}" \
		>/dev/null
fi

# Files from the kernel source: extracted once per source package version.
version=$(dpkg-query -W -f='${Version}' "$source_pkg")
cache="$top/.cache/linux-source"
if [ "$(cat "$cache/.version" 2>/dev/null)" != "$version" ]; then
	echo "install-deps: extracting files from $source_pkg $version"
	rm -rf "$cache"
	mkdir -p "$cache"
	files=(tools/testing/selftests/kselftest_harness.h
	       tools/testing/selftests/kselftest.h
	       scripts/checkpatch.pl
	       scripts/spelling.txt
	       scripts/const_structs.checkpatch
	       .clang-format)
	tar -xJf "/usr/src/$source_pkg.tar.xz" -C "$cache" \
	    --strip-components=1 "${files[@]/#/$source_pkg/}"
	echo "$version" >"$cache/.version"
fi

[ ${#chroot_kernels[@]} -eq 0 ] || "$top/scripts/chroot.sh" "${chroot_kernels[@]}"
[ "$debug" = 0 ] || "$top/scripts/build-debug-kernel.sh" >/dev/null

for word in "$@"; do
	echo "install-deps: kernel $word is $(kernel_installed_release "$word")"
done
