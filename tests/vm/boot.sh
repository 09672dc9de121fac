#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boots one kernel of scripts/kernels.sh under QEMU with an /init and a
# payload: the one thing every VM of this project does (the kselftests,
# the demo, the bench each bring their own payload).
#
# Builds the module for that kernel with its own release's compiler (W=1,
# no warnings), packs an initramfs of busybox, INIT as /init, the module at
# /lib/modules/pidfdtrace.ko and the PAYLOAD tree on top, boots it and
# streams the guest's ttyS1 (the console is ttyS0, kept whole in
# WORK/console.log). Then shows the kernel log from /init on and scans it.
# Everything goes to TAP (appended) and to stdout, with this runner's own
# verdicts: the module builds, the guest printed "# pidfdtrace: done" and
# powered off within the timeout, the kernel log is free of reports. Exits
# non-zero on any failure, a failed result in TAP included.
#
# usage: tests/vm/boot.sh KERNEL INIT PAYLOAD TAP
# environment:
#   PIDFDTRACE_VM_QEMU_ARGS="..."  the machine, instead of the kernel row's
#                             -m MEM -smp 2
#   PIDFDTRACE_VM_CMDLINE="..."    more on the kernel command line
#   PIDFDTRACE_VM_WORK=DIR    work directory (default .cache/vm/KERNEL)
#   PIDFDTRACE_VM_TIMEOUT=S   hard limit for the boot (default: the row's)
#   PIDFDTRACE_KVM=1          KVM instead of TCG (hangs on some hosts)
#   PIDFDTRACE_QEMU_MONITOR=SOCKET  QEMU's monitor on a unix socket, to look
#                             into a hung guest (info registers, ...)

set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=scripts/kernels.sh
. "$top/scripts/kernels.sh"
# shellcheck source=tests/lib/tap.sh
. "$top/tests/lib/tap.sh"

word=${1:?usage: boot.sh KERNEL INIT PAYLOAD TAP}
init=${2:?usage: boot.sh KERNEL INIT PAYLOAD TAP}
payload=${3:?usage: boot.sh KERNEL INIT PAYLOAD TAP}
tap=${4:?usage: boot.sh KERNEL INIT PAYLOAD TAP}

rel=$(kernel_installed_release "$word")
if [ -z "$rel" ]; then
	echo "boot.sh: kernel '$word' is not installed (run scripts/install-deps.sh $word)" >&2
	exit 1
fi
image=$(kernel_image "$word" "$rel")
read -r -a qemu_args <<<"${PIDFDTRACE_VM_QEMU_ARGS:--m $(kernel_field "$word" mem) -smp 2}"
timeout=${PIDFDTRACE_VM_TIMEOUT:-$(kernel_field "$word" timeout)}

work=${PIDFDTRACE_VM_WORK:-$top/.cache/vm/$word}
root="$work/root"
rm -rf "$work"
mkdir -p "$work/src" "$root"/{bin,dev,proc,sys,tmp,lib/modules} "$(dirname "$tap")"

verdict() {	# verdict OK|FAIL DESCRIPTION
	tap_verdict "$([ "$1" = OK ]; echo $?)" "$word: $2" | tee -a "$tap"
}

echo "# ==== kernel $word: $rel ===="

# Out-of-tree builds write into the source tree: build a copy per kernel,
# with its own release's compiler (in its chroot for other releases).
cp -a "$top/Kbuild" "$top/VERSION" "$top/module" "$top/include" "$work/src/"
if ! kernel_make "$word" "$rel" "$work/src" -s W=1 KCFLAGS=-Werror \
	modules >"$work/build.log" 2>&1; then
	cat "$work/build.log"
	verdict FAIL "module builds against $rel headers with W=1, no warnings"
	exit 1
fi
verdict OK "module builds against $rel headers with W=1, no warnings"

cp /bin/busybox "$root/bin/busybox"
cp "$init" "$root/init"
cp "$work/src/module/pidfdtrace.ko" "$root/lib/modules/"
cp -a "$payload/." "$root/"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$work/initramfs.gz"

# Two vCPUs, but one host thread running them in turn: with QEMU 7.2's
# multi-threaded TCG, a vCPU can run code another vCPU is patching
# (text_poke_bp) and jump to 0. The kernel's own kprobe_events, enabled and
# disabled while another CPU makes the probed syscall, crash the same way
# there, and never with thread=single.
accel=(-accel tcg,thread=single -cpu "$(kernel_field "$word" cpu)")
[ "${PIDFDTRACE_KVM:-0}" = 1 ] && accel=(-accel kvm -cpu host)

monitor=none
[ -n "${PIDFDTRACE_QEMU_MONITOR:-}" ] &&
	monitor="unix:$PIDFDTRACE_QEMU_MONITOR,server,nowait"
timeout --kill-after=10 "$timeout" \
	qemu-system-x86_64 "${accel[@]}" "${qemu_args[@]}" \
	-display none -no-reboot \
	-monitor "$monitor" \
	-serial "file:$work/console.log" -serial stdio \
	-kernel "$image" -initrd "$work/initramfs.gz" \
	-append "console=ttyS0 panic=-1 ignore_loglevel ${PIDFDTRACE_VM_CMDLINE:-}" \
	</dev/null | stdbuf -o0 tr -d '\r' | tee -a "$tap"
qemu_status=${PIPESTATUS[0]}

# The boot itself is in the full log; show what happened once /init ran.
echo "# ---- kernel log ($rel) from /init on; full log: $work/console.log ----"
sed -n '/Run \/init as init process/,$p' "$work/console.log" | sed 's/^/# kernel: /'

failed=0
if [ "$qemu_status" -eq 124 ] || [ "$qemu_status" -eq 137 ]; then
	verdict FAIL "guest finished within ${timeout}s (timed out)"
	failed=1
elif ! grep -q '^# pidfdtrace: done' "$tap"; then
	verdict FAIL "guest ran to its end and powered off (qemu status $qemu_status)"
	failed=1
else
	verdict OK "guest ran to its end and powered off"
fi
if [ "$failed" -ne 0 ]; then
	echo "# ---- last 40 console lines ----"
	tail -n 40 "$work/console.log" | sed 's/^/# /'
fi

# The module's first load shows as its first line in the log: the kernel's
# "pidfdtrace: loading out-of-tree module taints kernel."
splats=$("$top/tests/vm/scan-kernel-log.sh" --mark 'pidfdtrace: ' "$work/console.log")
case $? in
0)
	verdict OK "kernel log free of BUG/WARNING/Oops/lockdep/KASAN reports"
	;;
2)
	printf '%s\n' "$splats" | sed 's/^/# splat: /'
	echo "# the kernel's or the emulator's report, not pidfdtrace's: it came before the module was loaded; full log: $work/console.log"
	verdict FAIL "kernel log free of reports (one came before pidfdtrace was loaded)"
	failed=1
	;;
*)
	printf '%s\n' "$splats" | sed 's/^/# splat: /'
	verdict FAIL "kernel log free of BUG/WARNING/Oops/lockdep/KASAN reports"
	failed=1
	;;
esac

"$top/tests/tap-summary.sh" "$tap" >/dev/null || failed=1
exit "$failed"
