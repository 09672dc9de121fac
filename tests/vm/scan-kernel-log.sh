#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Fails (exit 1) when a kernel log holds a report of a kernel bug: a BUG,
# a WARNING, an oops, a lockdep, KASAN, UBSAN or kmemleak report, a stall
# or a lockup. Prints each offending line, numbered. Patterns match the
# reports themselves, not banners a debug kernel prints at boot
# ("kasan: KernelAddressSanitizer initialized", "MAX_LOCKDEP_KEYS").
#
# usage: scan-kernel-log.sh LOG

log=${1:?usage: scan-kernel-log.sh LOG}

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

if printf '%s\n' "$patterns" | grep -a -n -E -f - "$log"; then
	exit 1
fi
exit 0
