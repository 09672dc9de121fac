#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Packaging, on this machine and for real (root, Debian's dkms and apt):
# make install/uninstall into a DESTDIR; make dkms-install/dkms-uninstall
# for every kernel whose headers are installed; DKMS refusing a kernel
# without kprobes; make deb, lintian, apt install and apt purge. Leaves the
# DKMS-built modules in .cache/dkms/KERNEL/ for the VM to modprobe by name.

set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
version=$(cat VERSION)
arch=$(dpkg --print-architecture)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

kernels=()
for build in /lib/modules/*/build; do
	[ -e "$build/Makefile" ] && kernels+=("$(basename "$(dirname "$build")")")
done

n=0
echo "TAP version 13"
echo "1..$((15 + 3 * ${#kernels[@]}))"

# ok DESCRIPTION COMMAND...: one TAP line; the command's output on failure.
ok() {
	local what=$1 out
	shift
	n=$((n + 1))
	if out=$("$@" 2>&1); then
		echo "ok $n $what"
	else
		echo "not ok $n $what"
		printf '%s\n' "$out" | tail -n 20 | sed 's/^/# /'
	fi
}

# Nothing of pidfdtrace is installed anywhere.
nothing_left() {
	local left
	left=$( { ls -d /usr/src/pidfdtrace-* /var/lib/dkms/pidfdtrace \
		/usr/sbin/pidfdtrace /lib/systemd/system/pidfdtrace.service \
		/usr/share/man/man8/pidfdtrace.8.gz
		find /lib/modules -name 'pidfdtrace.ko*'; } 2>/dev/null)
	[ -z "$left" ] || { echo "left behind: $left"; return 1; }
}

# A failed earlier run must not decide this one.
apt-get purge -y -qq pidfdtrace-dkms pidfdtrace >/dev/null 2>&1
dkms remove -m pidfdtrace -v "$version" --all >/dev/null 2>&1
rm -rf /usr/src/pidfdtrace-"$version" .cache/dkms

# make install / uninstall, into a DESTDIR.
k=${kernels[-1]}
ok "make install DESTDIR= puts the module, reader, man page, header and unit in place" \
	bash -c "make -s install DESTDIR=$tmp/root PREFIX=/usr KDIR=/lib/modules/$k/build >$tmp/install.log 2>&1 &&
	ls $tmp/root/lib/modules/$k/updates/module/pidfdtrace.ko* &&
	test -x $tmp/root/usr/sbin/pidfdtrace &&
	test -f $tmp/root/usr/share/man/man8/pidfdtrace.8 &&
	test -f $tmp/root/usr/include/linux/pidfdtrace.h &&
	grep -qx 'ExecStart=/usr/sbin/pidfdtrace --json' $tmp/root/lib/systemd/system/pidfdtrace.service"
ok "make uninstall DESTDIR= removes every file make install put there" \
	bash -c "make -s uninstall DESTDIR=$tmp/root PREFIX=/usr KDIR=/lib/modules/$k/build >/dev/null 2>&1 &&
	test -z \"\$(find $tmp/root -type f)\""

# DKMS, through make.
ok "make dkms-install adds, builds and installs for ${#kernels[@]} kernels" \
	make -s dkms-install DKMS_KERNELS="${kernels[*]}"
for k in "${kernels[@]}"; do
	ko=$(ls /lib/modules/"$k"/updates/dkms/pidfdtrace.ko* 2>/dev/null)
	ok "DKMS installed the module under /lib/modules/$k/updates/dkms" test -n "$ko"
	ok "modinfo of the DKMS module for $k says version $version" \
		test "$(modinfo -F version "$ko" 2>&1)" = "$version"
	ok "dkms status says installed for $k" \
		grep -qx "pidfdtrace/$version, $k, $(uname -m): installed" \
		<(dkms status -m pidfdtrace -k "$k")
	mkdir -p .cache/dkms/"$k"
	case $ko in
	*.xz) xz -dc "$ko" >.cache/dkms/"$k"/pidfdtrace.ko ;;
	*) cp "$ko" .cache/dkms/"$k"/pidfdtrace.ko ;;
	esac
done
ok "make dkms-uninstall leaves nothing behind" \
	bash -c "make -s dkms-uninstall >/dev/null 2>&1 && $(declare -f nothing_left); nothing_left"

# A kernel without kretprobes: DKMS refuses, and says why.
mkdir -p "$tmp/nokprobes"
printf 'CONFIG_MODULES=y\nCONFIG_KPROBES=y\n# CONFIG_KRETPROBES is not set\n' \
	>"$tmp/nokprobes/.config"
make -s dkms-source >/dev/null && dkms add -m pidfdtrace -v "$version" >/dev/null 2>&1
dkms build -m pidfdtrace -v "$version" -k 6.0.0-nokprobes \
	--kernelsourcedir "$tmp/nokprobes" >"$tmp/refused.log" 2>&1
status=$?
ok "dkms build refuses a kernel without CONFIG_KRETPROBES (exit 77)" test "$status" = 77
ok "and says it is the BUILD_EXCLUSIVE directive" \
	grep -q "includes a BUILD_EXCLUSIVE directive which does not match this kernel" "$tmp/refused.log"
dkms remove -m pidfdtrace -v "$version" --all >/dev/null 2>&1
rm -rf /usr/src/pidfdtrace-"$version"

# The Debian packages.
dkms_deb=dist/pidfdtrace-dkms_${version}_all.deb
tools_deb=dist/pidfdtrace_${version}_${arch}.deb
ok "make deb builds $dkms_deb and $tools_deb" \
	bash -c "make -s deb >/dev/null && test -f $dkms_deb && test -f $tools_deb"
ok "lintian finds no errors in either package" \
	lintian --fail-on error,warning "$dkms_deb" "$tools_deb"
ok "apt installs both packages" \
	apt-get install -y -qq "./$dkms_deb" "./$tools_deb"
ok "the -dkms package built and installed the module for every kernel" \
	bash -c "for k in ${kernels[*]}; do
		dkms status -m pidfdtrace -k \$k | grep -qx \"pidfdtrace/$version, \$k, $(uname -m): installed\" || exit 1
		ls /lib/modules/\$k/updates/dkms/pidfdtrace.ko* || exit 1
	done"
ok "the reader is /usr/sbin/pidfdtrace, version $version, with its man page" \
	bash -c "/usr/sbin/pidfdtrace --version | grep -q '^pidfdtrace $version ' &&
	test -f /usr/share/man/man8/pidfdtrace.8.gz"
ok "pidfdtrace.service passes systemd-analyze verify" \
	systemd-analyze verify /lib/systemd/system/pidfdtrace.service
ok "pidfdtrace.service is installed but not enabled" \
	bash -c "test -f /lib/systemd/system/pidfdtrace.service &&
	! ls /etc/systemd/system/*/pidfdtrace.service 2>/dev/null"
ok "apt purge removes everything" \
	bash -c "apt-get purge -y -qq pidfdtrace-dkms pidfdtrace >/dev/null 2>&1 && $(declare -f nothing_left); nothing_left"
ok "the -dkms package ships exactly what make dkms-source installs" \
	bash -c "dpkg-deb -x $dkms_deb $tmp/deb && make -s dkms-source DESTDIR=$tmp/src &&
	diff -r $tmp/deb/usr/src $tmp/src/usr/src"
