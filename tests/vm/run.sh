#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kselftests in a VM booting one kernel of the matrix: tests/vm/boot.sh
# with tests/vm/init and a payload of the test programs and the reader
# (tests/out, built by "make -C tests"), and the module DKMS built for that
# kernel where make check made one (tests/host/packaging_test.sh), for the
# tests to load by name. The guest runs fully preemptible where the kernel
# lets it choose (PREEMPT_DYNAMIC): a thread can lose the CPU anywhere in
# the call, which races between a call and another thread (dup2(), exit)
# need. TAP, the VM's verdicts included, goes to RESULTS/KERNEL.tap.
#
# usage: tests/vm/run.sh KERNEL    (5.10, 6.12, 7.x-rt, debug, ...)
# environment (and boot.sh's):
#   PIDFDTRACE_GUEST_ENV="VAR=value ..."
#                             variables for the guest's tests, passed on the
#                             kernel command line (no dots in names or values)
#   PIDFDTRACE_TESTS=a,b      run only these kselftests (default: all)
#   PIDFDTRACE_RESULTS=DIR    where KERNEL.tap goes (default .cache/results)

set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=scripts/kernels.sh
. "$top/scripts/kernels.sh"
# shellcheck source=tests/lib/tap.sh
. "$top/tests/lib/tap.sh"

word=${1:?usage: run.sh KERNEL}
rel=$(kernel_installed_release "$word")
if [ -z "$rel" ]; then
	echo "run.sh: kernel '$word' is not installed (run scripts/install-deps.sh $word)" >&2
	exit 1
fi
results=${PIDFDTRACE_RESULTS:-$top/.cache/results}
tap="$results/$word.tap"
payload="$top/.cache/vm/$word-payload"
rm -rf "$payload"
mkdir -p "$payload"/{bin,tests} "$results"
: >"$tap"

cp "$top"/tests/out/bin/* "$payload/bin/"
cp "$top"/tests/out/kselftest/* "$payload/tests/"
dkms_ko="$top/.cache/dkms/$rel/pidfdtrace.ko"
if [ -f "$dkms_ko" ]; then
	install -D -m 0644 "$dkms_ko" "$payload/lib/modules/$rel/updates/dkms/pidfdtrace.ko"
	depmod -b "$payload" "$rel" 2>/dev/null
	tap_verdict 0 "$word: DKMS-built module installed in the guest's /lib/modules/$rel" | tee -a "$tap"
else
	tap_verdict 0 "$word: DKMS-built module loaded by name # SKIP no DKMS build in .cache/dkms (make check makes one)" | tee -a "$tap"
fi

PIDFDTRACE_VM_CMDLINE="preempt=full ${PIDFDTRACE_GUEST_ENV:-}${PIDFDTRACE_TESTS:+ PIDFDTRACE_TESTS=$PIDFDTRACE_TESTS}" \
PIDFDTRACE_VM_WORK="$top/.cache/vm/$word-test" \
	exec "$top/tests/vm/boot.sh" "$word" "$top/tests/vm/init" "$payload" "$tap"
