#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Fails (exit 1) when a kernel log holds a report of a kernel bug: a BUG,
# a WARNING, an oops, a lockdep, KASAN, UBSAN or kmemleak report, a stall
# or a lockup. Prints each offending line, numbered. Patterns match the
# reports themselves, not banners a debug kernel prints at boot
# ("kasan: KernelAddressSanitizer initialized", "MAX_LOCKDEP_KEYS").
#
# With --mark TEXT, exits 2 instead when the first report comes before
# the first line holding TEXT (or TEXT never appears): the VM runner marks
# the module's first load so, and a report before it is the kernel's or
# the emulator's, not ours.
#
# usage: scan-kernel-log.sh [--mark TEXT] LOG

mark=
if [ "${1:-}" = --mark ]; then
	mark=$2
	shift 2
fi
log=${1:?usage: scan-kernel-log.sh [--mark TEXT] LOG}

# One extended regex per kind of report.
patterns='BUG:
WARNING:
Oops
general protection fault
Kernel panic
scheduling while atomic
sleeping function called from invalid context
possible recursive locking
circular locking
inconsistent lock state
suspicious RCU usage
KASAN:
UBSAN:
refcount_t:
list_add corruption
list_del corruption
rcu_sched self-detected stall
rcu: INFO:
soft lockup
hard LOCKUP
hung_task
blocked for more than [0-9]+ seconds
suspected memory leak'

reports=$(printf '%s\n' "$patterns" | grep -a -n -E -f - "$log") || exit 0
printf '%s\n' "$reports"
[ -n "$mark" ] || exit 1
first_report=${reports%%:*}
first_mark=$(grep -a -n -m1 -F -- "$mark" "$log" | cut -d: -f1)
if [ -z "$first_mark" ] || [ "$first_report" -lt "$first_mark" ]; then
	echo "first report at line $first_report, before '$mark' (line ${first_mark:-never})"
	exit 2
fi
exit 1
