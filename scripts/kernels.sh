# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The kernels pidfdtrace is tested on, one row per word. Sourced by
# install-deps.sh, chroot.sh, the VM runner, check.sh and the bench.
#
#   word     the name make check KERNELS="..." takes
#   suite    the Debian suite its packages come from; bookworm's install on
#            this host, others' in a chroot of that release (chroot.sh),
#            where the module is built with that release's compiler;
#            "built": scripts/build-debug-kernel.sh builds it from source
#   version  its release, a glob: linux-image-VERSION-FLAVOUR-amd64, the
#            newest one wins
#   flavour  cloud, rt
#   cpu      QEMU's -cpu under TCG
#   mem      guest memory, MiB
#   timeout  seconds a VM of the whole suite may take
#
# Adding a kernel is adding a row (and its word to KERNEL_MATRIX for make
# check).

#                word     suite             version       flavour cpu            mem  timeout
KERNEL_TABLE=(
	"5.10     bullseye          5.10.0-*      cloud   max            512  600"
	"6.1      bookworm          6.1.0-*       cloud   max            512  600"
	"6.12     bookworm          6.12.*+deb12  cloud   max            512  600"
	"7.x      trixie-backports  7.*+deb13     cloud   max            512  600"
	"5.10-rt  bullseye          5.10.0-*      rt      max            512  600"
	"6.1-rt   bookworm          6.1.0-*       rt      max            512  600"
	"6.12-rt  bookworm          6.12.*+deb12  rt      max            512  600"
	"7.x-rt   trixie-backports  7.*+deb13     rt      max            512  600"
	# KASAN under 5-level paging printed an early-boot splat in 3 of 10
	# boots with -cpu max; with la57=off, 8 of 8 were clean. And
	# everything is about 10 times slower.
	"debug    built             6.12          debug   max,la57=off   2048 3600"
)

# make check's kernels; make check KERNELS=all takes every row.
KERNEL_MATRIX=(5.10 6.1 6.12 7.x 6.12-rt 7.x-rt)

# kernel_field WORD FIELD: one field of WORD's row; fails for an unknown
# word or field.
kernel_field() {
	local row w suite version flavour cpu mem timeout

	for row in "${KERNEL_TABLE[@]}"; do
		read -r w suite version flavour cpu mem timeout <<<"$row"
		[ "$w" = "$1" ] || continue
		case $2 in
		suite) echo "$suite" ;;
		version) echo "$version" ;;
		flavour) echo "$flavour" ;;
		cpu) echo "$cpu" ;;
		mem) echo "$mem" ;;
		timeout) echo "$timeout" ;;
		*) return 1 ;;
		esac
		return 0
	done
	echo "kernels.sh: no kernel '$1' (one of: $(kernel_words))" >&2
	return 1
}

kernel_words() {
	local row

	for row in "${KERNEL_TABLE[@]}"; do
		echo "${row%% *}"
	done | paste -sd' '
}

# "all" expands to every row, nothing to the matrix.
kernel_expand() {
	if [ $# -eq 0 ]; then
		echo "${KERNEL_MATRIX[*]}"
	elif [ "$*" = all ]; then
		kernel_words
	else
		echo "$*"
	fi
}

# Where WORD is built: "host" (bookworm, this machine), "built" (from
# source), or the suite of its chroot.
kernel_where() {
	local suite

	suite=$(kernel_field "$1" suite) || return 1
	case $suite in
	bookworm) echo host ;;
	built) echo built ;;
	*) echo "$suite" ;;
	esac
}

# The Debian package name glob of WORD's kernel, without its prefix:
# "6.12.*+deb12-cloud-amd64".
kernel_glob() {
	echo "$(kernel_field "$1" version)-$(kernel_field "$1" flavour)-amd64"
}

# The newest of the releases on stdin that WORD's glob matches.
kernel_newest() {
	local glob

	glob=$(kernel_glob "$1")
	while read -r rel; do
		# shellcheck disable=SC2053
		if [[ $rel == $glob ]]; then
			echo "$rel"
		fi
	done | sort -V | tail -n 1
}

kernel_cache() {
	echo "${PIDFDTRACE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pidfdtrace}"
}

# The release of WORD ready to use (image and headers), e.g.
# "6.12.117+deb12-cloud-amd64"; nothing if there is none yet.
kernel_installed_release() {
	local tree chroot

	case $(kernel_where "$1") in
	host)
		for img in /boot/vmlinuz-*; do
			rel=${img#/boot/vmlinuz-}
			if [ -e "/lib/modules/$rel/build/Makefile" ]; then
				echo "$rel"
			fi
		done | kernel_newest "$1"
		;;
	built)
		tree=$("$(dirname "${BASH_SOURCE[0]}")/build-debug-kernel.sh" --path)
		if [ -f "$tree/.pidfdtrace-built" ]; then
			cat "$tree/include/config/kernel.release"
		fi
		;;
	*)
		chroot=$(kernel_chroot "$1")
		for img in "$(kernel_cache)"/images/*/vmlinuz; do
			rel=$(basename "$(dirname "$img")")
			if [ -e "$chroot/usr/src/linux-headers-$rel/Makefile" ]; then
				echo "$rel"
			fi
		done | kernel_newest "$1"
		;;
	esac
	return 0
}

# The chroot WORD's module is built in; nothing for host and built kernels.
kernel_chroot() {
	local where

	where=$(kernel_where "$1") || return 1
	case $where in
	host | built) ;;
	*) echo "$(kernel_cache)/chroot/$where" ;;
	esac
}

# The kernel image QEMU boots, for WORD at RELEASE.
kernel_image() {
	case $(kernel_where "$1") in
	host) echo "/boot/vmlinuz-$2" ;;
	built) echo "$("$(dirname "${BASH_SOURCE[0]}")/build-debug-kernel.sh" --path)/arch/x86/boot/bzImage" ;;
	*) echo "$(kernel_cache)/images/$2/vmlinuz" ;;
	esac
}

# The tree modules build against, as the builder sees it: in the chroot,
# for a chroot kernel.
kernel_build_dir() {
	case $(kernel_where "$1") in
	host) echo "/lib/modules/$2/build" ;;
	built) "$(dirname "${BASH_SOURCE[0]}")/build-debug-kernel.sh" --path ;;
	*) echo "/usr/src/linux-headers-$2" ;;
	esac
}

# kernel_make WORD RELEASE SRC ARGS...: make ARGS for the out-of-tree
# module in SRC against WORD's tree, where WORD's modules are built: here,
# or in WORD's chroot with SRC bound at /build (the kernel's host tools,
# objtool and modpost, need that release's libc and compiler). Each chroot
# build has a mount namespace of its own: builds run side by side, and
# nothing stays mounted.
kernel_make() {
	local word=$1 rel=$2 src=$3 chroot
	shift 3

	chroot=$(kernel_chroot "$word")
	if [ -z "$chroot" ]; then
		make -C "$(kernel_build_dir "$word" "$rel")" M="$src" "$@"
		return
	fi
	mkdir -p "$chroot/build"
	unshare --mount --propagation private -- sh -c '
		chroot=$1 src=$2 kdir=$3
		shift 3
		mount --bind "$src" "$chroot/build" &&
		mount -t proc proc "$chroot/proc" &&
		exec chroot "$chroot" make -C "$kdir" M=/build "$@"' \
		sh "$chroot" "$src" "$(kernel_build_dir "$word" "$rel")" "$@"
}
