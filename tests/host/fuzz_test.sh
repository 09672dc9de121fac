#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The reader's record walker, fuzzed by libFuzzer under ASan and UBSan for
# PIDFDTRACE_FUZZ_SECONDS (default 30). The corpus grows from run to run in
# .cache/fuzz; a crash leaves its input there.

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/lib/tap.sh
. tests/lib/tap.sh

seconds=${PIDFDTRACE_FUZZ_SECONDS:-30}
corpus=.cache/fuzz/records
mkdir -p "$corpus"
tests/out/fuzz/make_seeds "$corpus"

tap_plan 1
tests/out/fuzz/records_fuzz -max_total_time="$seconds" -print_final_stats=1 \
	-artifact_prefix=.cache/fuzz/ "$corpus" >.cache/fuzz/log 2>&1
tap_result $? "records_fuzz: $(grep -o 'Done [0-9]* runs' .cache/fuzz/log), no crash in ${seconds}s" \
	"$(tail -n 30 .cache/fuzz/log)"
