#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The reader's real JSON, from each kernel's VM: reader_test prints every
# line it parses as "# json: ..." into KERNEL.tap, and each must validate
# against tools/pidfdtrace.schema.json (calls, deliveries, stats at least).
#
# usage: tests/vm/json-schema.sh RESULTS KERNEL...   (TAP on stdout)

top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/lib/tap.sh
. "$top/tests/lib/tap.sh"
results=$1
shift

tap_plan $#
for word in "$@"; do
	tap_check "$word: the reader's JSON in the VM validates against the schema" \
		"$top/tests/lib/json_schema_check.py" \
		"$top/tools/pidfdtrace.schema.json" --prefix '# json: ' \
		--need call,delivery,stats "$results/$word.tap"
done
