#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Validates pidfdtrace's JSON lines against tools/pidfdtrace.schema.json.

usage: json_schema_check.py SCHEMA [--prefix P] [--need TYPE,...] FILE...

Every line of each FILE (with --prefix, only the lines that start with P,
P removed) must be one JSON object the schema accepts. With --need, each
of those types must occur. Prints what it checked, or each failure, and
exits 1 on any failure or when there was nothing to check.
"""

import argparse
import collections
import json
import sys

import jsonschema


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("schema")
    ap.add_argument("--prefix", default="")
    ap.add_argument("--need", default="")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()

    with open(args.schema, encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.Draft202012Validator
    cls.check_schema(schema)
    validator = cls(schema)

    seen = collections.Counter()
    failures = 0
    for path in args.files:
        with open(path, encoding="utf-8", errors="surrogateescape") as f:
            for n, line in enumerate(f, 1):
                if not line.startswith(args.prefix):
                    continue
                text = line[len(args.prefix):].rstrip("\n")
                try:
                    obj = json.loads(text)
                except ValueError as e:
                    print(f"{path}:{n}: not JSON ({e}): {text[:200]}")
                    failures += 1
                    continue
                errors = list(validator.iter_errors(obj))
                if errors:
                    best = jsonschema.exceptions.best_match(errors)
                    where = "/".join(str(p) for p in best.absolute_path)
                    print(f"{path}:{n}: {where or '(object)'}: {best.message}")
                    failures += 1
                    continue
                seen[obj.get("type")] += 1

    for t in filter(None, args.need.split(",")):
        if not seen[t]:
            print(f"no object of type {t} to check")
            failures += 1
    total = sum(seen.values())
    print(f"{total} objects valid ({', '.join(f'{k} {v}' for k, v in sorted(seen.items()))}), "
          f"{failures} failures")
    return 1 if failures or not total else 0


if __name__ == "__main__":
    sys.exit(main())
