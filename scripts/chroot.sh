#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernels of other Debian releases: for each word whose suite is not
# this host's (scripts/kernels.sh), a minimal chroot of that release, made
# once with mmdebstrap from Debian's packages, with its compiler, make,
# DKMS and the kernel's headers installed there by apt, as a user of that
# release has them; and the kernel image, extracted from its .deb for QEMU.
# Idempotent, and quick when everything is there: the package lists are
# fetched again only for what is missing, or with PIDFDTRACE_REFRESH=1.
#
# Other suites come from the mirror this machine's apt sources already
# name (apt-get indextargets): only the suite changes, never the host.
#
# usage: scripts/chroot.sh WORD...
#        scripts/chroot.sh --run WORD COMMAND...   run COMMAND in WORD's chroot
# caches: $(kernel_cache)/chroot/SUITE, $(kernel_cache)/images/RELEASE/vmlinuz

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/kernels.sh
. "$top/scripts/kernels.sh"

# What every chroot has besides the kernel headers (which bring the
# release's gcc and kbuild tools).
packages=(make kmod dkms openssl xz-utils)

# The URI this host's apt fetches RELEASE from (e.g. "bookworm",
# "bookworm-security"): the mirror, as apt is configured, not a guess.
mirror_of() {
	apt-get indextargets --format '$(REPO_URI) $(RELEASE)' |
		awk -v r="$1" '$2 == r { print $1; exit }'
}

host_release=$(. /etc/os-release && echo "$VERSION_CODENAME")
mirror=$(mirror_of "$host_release")
security=$(mirror_of "$host_release-security")

# The sources.list lines of SUITE: its release, updates and security, and
# the suite itself for backports.
sources_of() {
	local base=${1%-backports}

	echo "deb $mirror $base main"
	echo "deb $mirror $base-updates main"
	[ -n "$security" ] && echo "deb $security $base-security main"
	[ "$base" = "$1" ] || echo "deb $mirror $1 main"
}

# run_in ROOT COMMAND...: COMMAND in the chroot, with /proc, in a mount
# namespace of its own so that nothing stays mounted.
run_in() {
	local root=$1
	shift
	unshare --mount --propagation private -- sh -c '
		root=$1
		shift
		mount -t proc proc "$root/proc" && exec chroot "$root" "$@"' \
		sh "$root" env DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 "$@"
}

# A chroot of SUITE with the packages above; remade when they change.
ensure_chroot() {
	local suite=$1 root stamp want

	root="$(kernel_cache)/chroot/$suite"
	stamp="$root/.pidfdtrace-chroot"
	want="$suite ${packages[*]}"
	[ "$(cat "$stamp" 2>/dev/null)" = "$want" ] && return 0
	if [ -z "$mirror" ]; then
		echo "chroot: apt has no source for $host_release: cannot find Debian's mirror" >&2
		return 1
	fi
	echo "chroot: making a $suite chroot in $root (from $mirror)"
	rm -rf "$root"
	mkdir -p "$(dirname "$root")"
	local list
	list=$(sources_of "$suite")
	mmdebstrap --quiet --variant=apt --include="$(
		IFS=,
		echo "${packages[*]}"
	)" "${suite%-backports}" "$root" "$list" >/dev/null
	echo "$want" >"$stamp"
}

# The newest release of WORD with headers in its chroot and its image
# extracted; installs both when missing (or on PIDFDTRACE_REFRESH=1).
ensure_kernel() {
	local word=$1 root rel images tmp deb pkg vmlinuz

	root=$(kernel_chroot "$word")
	rel=$(kernel_installed_release "$word")
	if [ -n "$rel" ] && [ "${PIDFDTRACE_REFRESH:-0}" != 1 ]; then
		return 0
	fi
	run_in "$root" apt-get update -qq
	rel=$(run_in "$root" apt-cache pkgnames linux-headers- |
		sed 's/^linux-headers-//' | kernel_newest "$word")
	if [ -z "$rel" ]; then
		echo "chroot: $(kernel_field "$word" suite) offers no kernel for '$word' (linux-headers-$(kernel_glob "$word"))" >&2
		return 1
	fi
	echo "chroot: $word is $rel: headers into $root"
	run_in "$root" apt-get install -y -qq -o Dpkg::Use-Pty=0 --no-install-recommends \
		"linux-headers-$rel" >/dev/null

	# The image: in linux-image-REL, or since 7.x in the linux-binary-REL
	# it depends on (linux-image-REL is then a meta package).
	images="$(kernel_cache)/images/$rel"
	tmp=$(mktemp -d "$root/tmp/image.XXXXXX")
	for pkg in "linux-image-$rel" "linux-binary-$rel"; do
		run_in "$root" sh -c "cd /tmp/${tmp##*/} && apt-get download -qq $pkg" \
			>/dev/null 2>&1 || true
	done
	for deb in "$tmp"/*.deb; do
		[ -e "$deb" ] && dpkg-deb -x "$deb" "$tmp/x"
	done
	vmlinuz=$(find "$tmp/x" -name "vmlinuz*" -type f 2>/dev/null | head -n 1)
	if [ -z "$vmlinuz" ]; then
		rm -rf "$tmp"
		echo "chroot: no kernel image in linux-image-$rel or linux-binary-$rel" >&2
		return 1
	fi
	mkdir -p "$images"
	cp "$vmlinuz" "$images/vmlinuz"
	rm -rf "$tmp"
}

if [ "${1:-}" = --run ]; then
	word=${2:?usage: chroot.sh --run WORD COMMAND...}
	shift 2
	run_in "$(kernel_chroot "$word")" "$@"
	exit
fi

for word in "$@"; do
	where=$(kernel_where "$word")
	case $where in
	host | built) continue ;;
	esac
	ensure_chroot "$where"
	ensure_kernel "$word"
done
