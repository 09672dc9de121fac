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

# The chroots of other Debian releases the matrix made (scripts/chroot.sh),
# each with kernel headers: the -dkms package on their users' path.
# shellcheck source=scripts/kernels.sh
. scripts/kernels.sh
chroots=()
for root in "$(kernel_cache)"/chroot/*; do
	[ -f "$root/.pidfdtrace-chroot" ] && chroots+=("$root")
done

# shellcheck source=tests/lib/tap.sh
. tests/lib/tap.sh
tap_plan $((17 + 4 * ${#kernels[@]} + 4 * ${#chroots[@]}))
ok() { tap_check "$@"; }

# apt waits for the dpkg lock (another apt may run at boot), and says why
# it failed in its own words.
apt=(apt-get -y -qq -o DPkg::Lock::Timeout=300 -o Dpkg::Use-Pty=0)

# Nothing of pidfdtrace is installed anywhere.
nothing_left() {
	local left
	left=$( { ls -d /usr/src/pidfdtrace-* /var/lib/dkms/pidfdtrace \
		/usr/sbin/pidfdtrace /lib/systemd/system/pidfdtrace.service \
		/usr/share/man/man8/pidfdtrace.8.gz /usr/share/pidfdtrace
		find /lib/modules -name 'pidfdtrace.ko*'; } 2>/dev/null)
	[ -z "$left" ] || { echo "left behind: $left"; return 1; }
}

# A failed earlier run must not decide this one.
"${apt[@]}" purge pidfdtrace-dkms pidfdtrace >/dev/null 2>&1
dkms remove -m pidfdtrace -v "$version" --all >/dev/null 2>&1
rm -rf /usr/src/pidfdtrace-"$version" .cache/dkms

# make install / uninstall, into a DESTDIR.
k=${kernels[-1]}
ok "make install DESTDIR= puts the module, reader, man page, JSON schema, header and unit in place" \
	bash -c "make -s install DESTDIR=$tmp/root PREFIX=/usr KDIR=/lib/modules/$k/build >$tmp/install.log 2>&1 &&
	ls $tmp/root/lib/modules/$k/updates/module/pidfdtrace.ko* &&
	test -x $tmp/root/usr/sbin/pidfdtrace &&
	test -f $tmp/root/usr/share/man/man8/pidfdtrace.8 &&
	test -f $tmp/root/usr/share/pidfdtrace/pidfdtrace.schema.json &&
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
	# Debian 12's DKMS signs with its MOK key, as Secure Boot needs.
	ok "DKMS signed the module for $k with its MOK key" \
		test -n "$(modinfo -F sig_id "$ko" 2>/dev/null)"
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

# Nor one older than 5.10, the oldest series tested, even with kprobes.
printf 'CONFIG_MODULES=y\nCONFIG_KPROBES=y\nCONFIG_KRETPROBES=y\nCONFIG_TRACEPOINTS=y\n' \
	>"$tmp/nokprobes/.config"
dkms build -m pidfdtrace -v "$version" -k 5.9.16-old \
	--kernelsourcedir "$tmp/nokprobes" >"$tmp/refused.log" 2>&1
status=$?
ok "dkms build refuses a 5.9 kernel that has kprobes (exit 77)" test "$status" = 77
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
	"${apt[@]}" install "./$dkms_deb" "./$tools_deb"
ok "the -dkms package built and installed the module for every kernel" \
	bash -c "for k in ${kernels[*]}; do
		dkms status -m pidfdtrace -k \$k | grep -qx \"pidfdtrace/$version, \$k, $(uname -m): installed\" || exit 1
		ls /lib/modules/\$k/updates/dkms/pidfdtrace.ko* || exit 1
	done"
ok "the reader is /usr/sbin/pidfdtrace, version $version, with its man page and JSON schema" \
	bash -c "/usr/sbin/pidfdtrace --version | grep -q '^pidfdtrace $version ' &&
	test -f /usr/share/man/man8/pidfdtrace.8.gz &&
	test -f /usr/share/pidfdtrace/pidfdtrace.schema.json"
ok "pidfdtrace.service passes systemd-analyze verify" \
	systemd-analyze verify /lib/systemd/system/pidfdtrace.service
ok "pidfdtrace.service is installed but not enabled" \
	bash -c "test -f /lib/systemd/system/pidfdtrace.service &&
	! ls /etc/systemd/system/*/pidfdtrace.service 2>/dev/null"
ok "apt purge removes everything" \
	bash -c "$(declare -f nothing_left); ${apt[*]} purge pidfdtrace-dkms pidfdtrace && nothing_left"

# On the other releases: apt installs the .deb, DKMS builds the module for
# each kernel there with that release's compiler, and signs it with its
# MOK key (made when missing), as under Secure Boot. The modules go to
# .cache/dkms for the VM suite to load by name.
for root in "${chroots[@]}"; do
	suite=$(basename "$root")
	cp "$dkms_deb" "$root/tmp/"
	in_root() { unshare --mount --propagation private -- sh -c \
		'mount -t proc proc "$0/proc" && exec chroot "$0" "$@"' "$root" \
		env DEBIAN_FRONTEND=noninteractive "$@"; }
	ok "$suite: apt installs the -dkms package" \
		in_root "${apt[@]}" install "/tmp/${dkms_deb##*/}"
	rels=$(cd "$root/usr/src" && ls -d linux-headers-*-amd64 | sed 's/^linux-headers-//')
	ok "$suite: DKMS built and installed the module for $(echo $rels)" \
		bash -c "for k in $(echo $rels); do
			ls $root/lib/modules/\$k/updates/dkms/pidfdtrace.ko* || exit 1
		done"
	# DKMS signs from 3.0 on, with a key it makes on first use; bullseye's
	# 2.8 makes none, and its users sign by hand.
	dkms_version=$(chroot "$root" dpkg-query -W -f '${Version}' dkms)
	if dpkg --compare-versions "$dkms_version" ge 3; then
		ok "$suite: each is signed with DKMS's MOK key" \
			bash -c "for ko in $root/lib/modules/*/updates/dkms/pidfdtrace.ko*; do
				test -n \"\$(modinfo -F sig_id \$ko)\" || { echo \"\$ko: not signed\"; exit 1; }
			done && test -f $root/var/lib/dkms/mok.pub"
	else
		tap_skip "$suite: each is signed with DKMS's MOK key" \
			"dkms $dkms_version has no key and does not sign"
	fi
	for k in $rels; do
		mkdir -p .cache/dkms/"$k"
		ko=$(ls "$root/lib/modules/$k/updates/dkms/pidfdtrace.ko"* 2>/dev/null)
		case $ko in
		*.xz) xz -dc "$ko" >.cache/dkms/"$k"/pidfdtrace.ko ;;
		?*) cp "$ko" .cache/dkms/"$k"/pidfdtrace.ko ;;
		esac
	done
	ok "$suite: apt purge removes the module and its source" \
		bash -c "$(declare -f in_root); root=$root; in_root ${apt[*]} purge pidfdtrace-dkms &&
		test -z \"\$(find $root/lib/modules $root/usr/src -name 'pidfdtrace*')\""
done

ok "the -dkms package ships exactly what make dkms-source installs" \
	bash -c "dpkg-deb -x $dkms_deb $tmp/deb && make -s dkms-source DESTDIR=$tmp/src &&
	diff -r $tmp/deb/usr/src $tmp/src/usr/src"
