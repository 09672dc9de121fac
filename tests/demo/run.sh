#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: tests/vm/boot.sh with tests/demo/init, the reader and the
# workload: the module loaded, pidfdtrace live, a supervisor signalling its
# workers. TAP of the VM's verdicts in .cache/demo/KERNEL.tap.
#
# usage: tests/demo/run.sh KERNEL

set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
word=${1:?usage: tests/demo/run.sh KERNEL}
payload="$top/.cache/vm/$word-demo-payload"
rm -rf "$payload"
mkdir -p "$payload/bin"
cp "$top/tests/out/bin/pidfdtrace" "$top/tests/out/bin/workload" "$payload/bin/"
mkdir -p "$top/.cache/demo"
: >"$top/.cache/demo/$word.tap"
PIDFDTRACE_VM_WORK="$top/.cache/vm/$word-demo" \
	exec "$top/tests/vm/boot.sh" "$word" "$top/tests/demo/init" "$payload" \
	"$top/.cache/demo/$word.tap"
