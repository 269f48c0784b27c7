#!/usr/bin/env bash
# Fills .build-fuzz/corpus/<target>/ with seed inputs from samples/, the test fixtures and ../shared/conformance
# (csv-spectrum, JSONTestSuite). Seeds are named by their SHA-1, as libFuzzer names what it adds, so running this
# again adds nothing twice and never removes what fuzzing has found.
#   fuzz/seed.sh            # every target
#   fuzz/seed.sh csv xml    # only these
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${FUZZ_CORPUS:-.build-fuzz/corpus}
CONFORMANCE=../shared/conformance
FIXTURES=Tests/RongtongTests/Fixtures
HEAD_LINES=40        # large files also give a seed of their first lines (libFuzzer truncates to -max_len anyway)

# add TARGET FILE...: copies each file in as <sha1>; files over 16 KB also give a head of HEAD_LINES lines.
add() {
    local target=$1; shift
    mkdir -p "$CORPUS/$target"
    local file sum
    for file in "$@"; do
        [ -f "$file" ] || continue
        sum=$(sha1sum "$file" | cut -c1-40)
        cp -n "$file" "$CORPUS/$target/$sum"
        if [ "$(stat -c %s "$file")" -gt 16384 ]; then
            head -n "$HEAD_LINES" "$file" > "$CORPUS/$target/.head"
            sum=$(sha1sum "$CORPUS/$target/.head" | cut -c1-40)
            mv "$CORPUS/$target/.head" "$CORPUS/$target/$sum"
        fi
    done
}

# add_lines TARGET: one seed per line of stdin (address texts).
add_lines() {
    local target=$1 line sum
    mkdir -p "$CORPUS/$target"
    while IFS= read -r line; do
        [ -n "$line" ] || continue
        sum=$(printf '%s' "$line" | sha1sum | cut -c1-40)
        [ -e "$CORPUS/$target/$sum" ] || printf '%s' "$line" > "$CORPUS/$target/$sum"
    done
}

shopt -s nullglob
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(csv xml json ndjson address pipeline)
[ -d "$CONFORMANCE" ] || echo "seed.sh: $CONFORMANCE not found; seeding from samples/ and fixtures only" >&2

for target in "${targets[@]}"; do
    case $target in
        csv)      add csv samples/*/*.csv "$FIXTURES"/csv/*.csv "$CONFORMANCE"/csv-spectrum/csvs/*.csv ;;
        xml)      add xml samples/*/*.xml "$FIXTURES"/xml/*.xml ;;
        json)     add json samples/*/*.json "$FIXTURES"/json/*.json "$CONFORMANCE"/json-test-suite/test_parsing/*.json ;;
        ndjson)   add ndjson samples/*/*.ndjson "$FIXTURES"/json/*.ndjson
                  # Valid JSON documents are valid single-line NDJSON files too.
                  add ndjson "$CONFORMANCE"/json-test-suite/test_parsing/[yi]_*.json ;;
        address)  # The labelled addresses (first column) and the truth file's address columns.
                  tail -n +2 samples/addresses/labelled.csv | cut -d, -f1 | add_lines address
                  python3 - samples/truth/households.csv <<'PY' | add_lines address
import csv, sys
with open(sys.argv[1], encoding="utf-8") as f:
    for row in csv.DictReader(f):
        for column in ("address", "hukou_address"):
            if row.get(column): print(row[column])
PY
                  ;;
        pipeline) add pipeline pipelines/*.yaml "$FIXTURES"/pipelines/*.yaml
                  # Every ```yaml block of the docs (the pipeline reference is full of them).
                  tmp=$(mktemp -d)
                  python3 - "$tmp" README.md docs/*.md <<'PY'
import re, sys
out = sys.argv[1]
for n, path in enumerate(sys.argv[2:]):
    text = open(path, encoding="utf-8").read()
    for m, block in enumerate(re.findall(r"```ya?ml\n(.*?)```", text, re.S)):
        open(f"{out}/{n}-{m}.yaml", "w", encoding="utf-8").write(block)
PY
                  add pipeline "$tmp"/*.yaml
                  rm -rf "$tmp" ;;
        *) echo "seed.sh: unknown target $target (csv xml json ndjson address pipeline)" >&2; exit 2 ;;
    esac
    # Past findings are seeds too, so a fixed bug stays covered.
    add "$target" "$FIXTURES"/fuzz/"$target"/*
    echo "$target: $(ls "$CORPUS/$target" | wc -l) inputs in $CORPUS/$target"
done
