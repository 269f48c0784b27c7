#!/usr/bin/env bash
# Builds and runs the libFuzzer targets, each for FUZZ_SECONDS, then prints executions and findings per target.
#   fuzz/run.sh                       # every target, 60 s each
#   FUZZ_SECONDS=300 fuzz/run.sh xml  # one target, 5 minutes
# Environment:
#   FUZZ_SECONDS     run time per target (default 60)
#   FUZZ_KEEP_GOING  1: fork mode (-fork=1 -ignore_crashes=1 …) so one crash does not end the target's run
#   FUZZ_NO_BUILD    1: use the binaries already in .build-fuzz
#   FUZZ_ARGS        extra libFuzzer flags for every target
# Corpora live in .build-fuzz/corpus/<target> (grown by each run), findings in .build-fuzz/findings/<target>
# (crash-*, leak-*, timeout-*, oom-*), logs in .build-fuzz/logs/<target>.log. Exit status 1 when a run found something.
set -uo pipefail
cd "$(dirname "$0")/.."
SCRATCH=.build-fuzz
SECONDS_PER_TARGET=${FUZZ_SECONDS:-60}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(csv xml json ndjson address pipeline)

# Largest input libFuzzer generates, per target: feeds get room for a few records, addresses and pipelines less.
max_len() { case $1 in address) echo 512 ;; pipeline) echo 8192 ;; *) echo 16384 ;; esac; }

fuzz/seed.sh "${targets[@]}" >/dev/null || exit 2
mkdir -p "$SCRATCH/logs"
summary=()
status=0
for target in "${targets[@]}"; do
    product=fuzz-$target
    if [ "${FUZZ_NO_BUILD:-0}" != 1 ]; then
        echo "== building $product"
        RONGTONG_FUZZ=1 swift build --scratch-path "$SCRATCH" -Xswiftc -sanitize=fuzzer,address \
            -Xswiftc -parse-as-library --product "$product" 2>&1 | grep -Ev "Cannot export local symbol" | tail -3
        [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "fuzz: building $product failed" >&2; exit 2; }
    fi
    binary=$SCRATCH/debug/$product
    findings=$SCRATCH/findings/$target
    log=$SCRATCH/logs/$target.log
    mkdir -p "$findings"
    before=$(ls "$findings" | sort)
    flags=(-max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=2048 -timeout=10 -max_len="$(max_len "$target")"
           -print_final_stats=1 -artifact_prefix="$findings/" -dict="fuzz/dicts/$target.dict")
    [ "${FUZZ_KEEP_GOING:-0}" = 1 ] && flags+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
    echo "== $product for ${SECONDS_PER_TARGET}s (log: $log)"
    # shellcheck disable=SC2086
    "$binary" "${flags[@]}" ${FUZZ_ARGS:-} "$SCRATCH/corpus/$target" > "$log" 2>&1
    code=$?
    # Input folders the harness leaves on tmpfs when a run dies (see Sources/Fuzz/Support): only dead processes'.
    for dir in /dev/shm/rongtong-fuzz-* /tmp/rongtong-fuzz-*; do
        [ -d "$dir" ] && ! kill -0 "${dir##*-}" 2>/dev/null && rm -rf "$dir"
    done
    executions=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
    # Fork mode prints no final stats: sum is the last "#N:" progress line.
    [ -n "$executions" ] || executions=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
    rate=$(grep -o 'stat::average_exec_per_sec: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
    [ -n "$rate" ] || rate=$(grep -oE 'exec/s:? [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+$')
    corpus=$(ls "$SCRATCH/corpus/$target" | wc -l)
    new=$(comm -13 <(echo "$before") <(ls "$findings" | sort) | grep -E '^(crash|leak|timeout|oom)-' || true)
    count=$(printf '%s' "$new" | grep -c . || true)
    if [ "$count" -gt 0 ]; then
        status=1
        echo "   findings:"; printf '     %s\n' $new
        grep -m1 -E '^==[0-9]+==ERROR|Fatal error|SUMMARY|ALARM|out-of-memory' "$log" | sed 's/^/     /'
    elif [ "$code" -ne 0 ]; then
        status=1
        echo "   $product exited $code without an artifact; see $log"
    fi
    summary+=("$(printf '%-10s %8s s %12s %8s %8s %9s' "$target" "$SECONDS_PER_TARGET" "${executions:-?}" "${rate:-?}" "$corpus" "$count")")
done

echo
printf '%-10s %10s %12s %8s %8s %9s\n' target time executions exec/s corpus findings
printf '%s\n' "${summary[@]}"
exit $status
