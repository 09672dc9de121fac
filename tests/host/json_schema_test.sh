#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The JSON contract: tools/pidfdtrace.schema.json is a valid JSON Schema,
# and accepts every object the reader prints for a sample -w file (every
# record type, and --stats of a file) and the README's sample, and refuses
# what breaks the contract. make check also checks the VM suite's own JSON lines against
# it (tests/vm/json-schema.sh), on every kernel.

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/lib/tap.sh
. tests/lib/tap.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
schema=tools/pidfdtrace.schema.json
check=tests/lib/json_schema_check.py
reader=tests/out/bin/pidfdtrace

tap_plan 6
tests/out/host/sample-trace "$tmp/sample.pft"
"$reader" -r "$tmp/sample.pft" --json >"$tmp/records.json" 2>/dev/null
"$reader" -r "$tmp/sample.pft" --json --stats >"$tmp/stats.json" 2>/dev/null

tap_check "every record type the reader prints validates" \
	"$check" "$schema" --need call,delivery,lost,missed "$tmp/records.json"
tap_check "--stats of a -r file validates" \
	"$check" "$schema" --need stats "$tmp/stats.json"

# What the README shows a user is what the reader prints.
grep '^{"type":' README.md >"$tmp/readme.json"
tap_check "the README's JSON sample validates" \
	"$check" "$schema" --need call,delivery "$tmp/readme.json"

# The contract's own points, each refused when broken.
head -n 1 "$tmp/records.json" | sed 's/"time_ns":"\([0-9]*\)"/"time_ns":\1/' >"$tmp/number.json"
tap_check "a 64-bit value as a JSON number is refused" \
	bash -c "! $check $schema $tmp/number.json"
head -n 1 "$tmp/records.json" | sed 's/"v":1/"v":2/' >"$tmp/v2.json"
tap_check "another schema version is refused" \
	bash -c "! $check $schema $tmp/v2.json"
head -n 1 "$tmp/records.json" | sed 's/^{/{"undocumented":0,/' >"$tmp/extra.json"
tap_check "a field the schema does not document is refused" \
	bash -c "! $check $schema $tmp/extra.json"
