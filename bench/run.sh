#!/usr/bin/env bash
# The harness behind `make bench` and `make bench-scale` (issue 7).
#
#   bench/run.sh [--households N] [--seed S] [--results FILE] [--baseline FILE] [--no-build] [--keep-going]
#                [--report-only]     (print the table and JSON again from the last measurements of that N)
#
# Builds release, generates N synthetic households into bench/data/ (reused when the same generator already
# wrote them), then measures with /usr/bin/time -v (peak RSS) and the wall clock:
#   extract    `rongtong run P --stage extract --source S`, per source (records/s, MB/s per format)
#   normalize  `rongtong run P --stage normalize --source S`, per source
#   load       `rongtong run P --stage load --source S`, per source, in load order (compounds, households, facilities)
#   night-1    the whole pipeline on a fresh warehouse and staging, loading with `load_mode: exclusive` (a nightly
#              window: readers wait), and again as `all-shared-wal` with the default `load_mode: shared`
#   night-2    the same files again (unchanged: every file is skipped)
#   sqlite3    `sqlite3 x.db '.import --csv F t'` on the census CSV converted to UTF-8: the reference rate
# and prints a table with each stage's ratio to sqlite3's records/s, then writes FILE (default bench/results.json).
# With --baseline B (make bench-scale), also reports how wall time and peak RSS grew against the run in B.
#
# Environment: SWIFT (default swift), SCRATCH (build folder, default .build), BENCH_DATA (default bench/data).
# Timing numbers live here, never in tests.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD

HOUSEHOLDS=${BENCH_HOUSEHOLDS:-1000000}
SEED=${BENCH_SEED:-20231031}
RESULTS=bench/results.json
BASELINE=""
BUILD=1
KEEP_GOING=0
REPORT_ONLY=0
while [ $# -gt 0 ]; do
  case "$1" in
    --households) HOUSEHOLDS=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --results) RESULTS=$2; shift 2 ;;
    --baseline) BASELINE=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --keep-going) KEEP_GOING=1; shift ;;
    --report-only) REPORT_ONLY=1; BUILD=0; shift ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/run.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
done
case "$HOUSEHOLDS" in ''|*[!0-9]*) echo "bench/run.sh: --households must be a number" >&2; exit 2 ;; esac

SWIFT=${SWIFT:-swift}
SCRATCH=${SCRATCH:-.build}
DATA_ROOT=${BENCH_DATA:-bench/data}
TIME=/usr/bin/time
for tool in "$TIME" sqlite3 iconv awk; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench/run.sh: $tool is missing (make deps installs it)" >&2; exit 2; }
done

say() { printf '%s\n' "$*" >&2; }

# ---------------------------------------------------------------------------------------------------------------
# Build and generate

if [ "$BUILD" = 1 ]; then
  say "== building release ($SCRATCH)"
  "$SWIFT" build -c release --scratch-path "$SCRATCH" >&2
fi
BIN=$("$SWIFT" build -c release --scratch-path "$SCRATCH" --show-bin-path)
RONGTONG=$BIN/rongtong
GENERATOR=$BIN/rongtong-bench
[ -x "$RONGTONG" ] && [ -x "$GENERATOR" ] || { say "bench/run.sh: $RONGTONG or $GENERATOR not built"; exit 2; }

DATA=$DATA_ROOT/h$HOUSEHOLDS-s$SEED
PIPELINE=$DATA/pipeline.yaml
STAMP="$(sha256sum "$GENERATOR" | cut -c1-16) $HOUSEHOLDS $SEED"
GENERATE_SECONDS=""
if [ "$REPORT_ONLY" = 1 ]; then
  [ -f "$DATA/logs/measurements.tsv" ] || { say "bench/run.sh: no measurements in $DATA/logs yet"; exit 2; }
elif [ -f "$DATA/feeds.tsv" ] && [ "$(cat "$DATA/.generated-by" 2>/dev/null)" = "$STAMP" ]; then
  say "== reusing $DATA (same generator, households and seed)"
else
  say "== generating $HOUSEHOLDS households (seed $SEED) into $DATA"
  rm -rf "$DATA"
  mkdir -p "$DATA"
  start=$(date +%s%N)
  "$GENERATOR" generate --households "$HOUSEHOLDS" --seed "$SEED" --out "$DATA"
  GENERATE_SECONDS=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
  echo "$STAMP" > "$DATA/.generated-by"
fi
WAREHOUSE=$DATA/warehouse/guizhou.sqlite
STAGING=$DATA/warehouse/guizhou.staging.sqlite

# ---------------------------------------------------------------------------------------------------------------
# Measurement: one row per command in $ROWS (tab-separated), read back by the report below.

LOGS=$DATA/logs
ROWS=$LOGS/measurements.tsv
mkdir -p "$LOGS"

# measure STAGE SOURCE FORMAT RECORDS_SQL BYTES -- command...
# RECORDS_SQL is evaluated after the command: a number, or "staging:SQL" / "warehouse:SQL" / "ref:SQL".
measure() {
  local stage=$1 source=$2 format=$3 records_from=$4 bytes=$5
  shift 6
  local log="$LOGS/$stage-$source.log" timing="$LOGS/$stage-$source.time"
  local start end status=0
  start=$(date +%s%N)
  "$TIME" -v -o "$timing" "$@" > "$log" 2>&1 || status=$?
  end=$(date +%s%N)
  if [ "$status" != 0 ] && [ "$status" != 3 ]; then
    say "!! $stage $source failed (exit $status), see $log:"
    tail -5 "$log" >&2
    [ "$KEEP_GOING" = 1 ] || exit 1
  fi
  [ "$status" = 3 ] && say "!! $stage $source: a batch was held back over its reject threshold (exit 3), see $log"
  local records
  case "$records_from" in
    staging:*) records=$(sqlite3 "$STAGING" "${records_from#staging:}") ;;
    warehouse:*) records=$(sqlite3 "$WAREHOUSE" "${records_from#warehouse:}") ;;
    ref:*) records=$(sqlite3 "$DATA/warehouse/sqlite3-import.db" "${records_from#ref:}") ;;
    *) records=$records_from ;;
  esac
  local rss user sys
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$timing")
  user=$(awk -F': ' '/User time \(seconds\)/ { print $2 }' "$timing")
  sys=$(awk -F': ' '/System time \(seconds\)/ { print $2 }' "$timing")
  local seconds
  seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$stage" "$source" "$format" "${records:-0}" "${bytes:-0}" \
    "$seconds" "${rss:-0}" "${user:-0}" "${sys:-0}" "$status" >> "$ROWS"
  say "   $(printf '%-10s %-22s %10s records %8ss  peak %6s MB' "$stage" "$source" "${records:-0}" "$seconds" "$(( ${rss:-0} / 1024 ))")"
}

# Sources in pipeline order, with format and file, from the generator's feeds.tsv and the pipeline itself.
declare -A FORMAT FILE BYTES
SOURCES=()
while IFS=$'\t' read -r source file records bad bytes; do
  [ "$source" = source ] && continue
  SOURCES+=("$source")
  FILE[$source]=$DATA/$file
  BYTES[$source]=$(stat -c %s "$DATA/$file")
done < "$DATA/feeds.tsv"
for source in "${SOURCES[@]}"; do
  FORMAT[$source]=$(awk -v s="$source" '$1 == "-" && $2 == "name:" { current = $3 } current == s && $1 == "format:" { print $2; exit }' "$PIPELINE")
done
# Load order of the load stage: compounds first, then households, then facilities.
LOAD_ORDER=(housing-compounds guiyang-grid anshun-registry civil-affairs grid-app utilities-facilities)

rows_read() { echo "staging:SELECT COALESCE(SUM(rows_read), 0) FROM batch WHERE source_id = '$1'"; }

# The pipeline as a nightly window runs it: the load holds the warehouse alone (docs/pipeline-format.md, Load mode).
EXCLUSIVE=$DATA/pipeline-exclusive.yaml
{ cat "$PIPELINE"; printf '\nload_mode: exclusive\n'; } > "$EXCLUSIVE"

if [ "$REPORT_ONLY" = 0 ]; then
say "== measuring ($(nproc) cores; logs in $LOGS)"
: > "$ROWS"
rm -rf "$DATA/warehouse"
mkdir -p "$DATA/warehouse"

# (a) extract, per source
for source in "${SOURCES[@]}"; do
  measure extract "$source" "${FORMAT[$source]}" "$(rows_read "$source")" "${BYTES[$source]}" -- \
    "$RONGTONG" run "$PIPELINE" --stage extract --source "$source" --quiet
done
# (b) normalize, per source
for source in "${SOURCES[@]}"; do
  measure normalize "$source" "${FORMAT[$source]}" "$(rows_read "$source")" "${BYTES[$source]}" -- \
    "$RONGTONG" run "$PIPELINE" --stage normalize --source "$source" --quiet
done
# (c) load, per source, in load order; records: rows loaded (etl_batch.rows_loaded)
for source in "${LOAD_ORDER[@]}"; do
  [ -n "${FILE[$source]:-}" ] || continue
  measure load "$source" "${FORMAT[$source]}" \
    "warehouse:SELECT COALESCE(SUM(rows_loaded), 0) FROM etl_batch WHERE source_id = '$source'" "${BYTES[$source]}" -- \
    "$RONGTONG" run "$EXCLUSIVE" --stage load --source "$source" --quiet
done
TOTAL_BYTES=0
for source in "${SOURCES[@]}"; do TOTAL_BYTES=$(( TOTAL_BYTES + BYTES[$source] )); done
# (d) the whole first night on a fresh warehouse and staging
rm -rf "$DATA/warehouse"
mkdir -p "$DATA/warehouse"
measure night-1 all-sources all "staging:SELECT COALESCE(SUM(rows_read), 0) FROM batch" "$TOTAL_BYTES" -- \
  "$RONGTONG" run "$EXCLUSIVE" --quiet
# (e) an unchanged second night: every file's SHA-256 is known, nothing is extracted or loaded
measure night-2 all-sources all "staging:SELECT COALESCE(SUM(rows_read), 0) FROM batch" "$TOTAL_BYTES" -- \
  "$RONGTONG" run "$EXCLUSIVE" --quiet
# (d') the first night again with the default load_mode (shared: WAL, readers undisturbed)
rm -rf "$DATA/warehouse"
mkdir -p "$DATA/warehouse"
measure night-1 all-shared-wal all "staging:SELECT COALESCE(SUM(rows_read), 0) FROM batch" "$TOTAL_BYTES" -- \
  "$RONGTONG" run "$PIPELINE" --quiet
# (f) the reference: sqlite3's own CSV importer on the same census, converted to UTF-8
CSV_UTF8=$DATA/warehouse/grid-households.utf8.csv
measure iconv guiyang-grid csv "$(rows_read guiyang-grid)" "${BYTES[guiyang-grid]}" -- \
  sh -c 'iconv -f GB18030 -t UTF-8 "$1" > "$2"' iconv "${FILE[guiyang-grid]}" "$CSV_UTF8"
rm -f "$DATA/warehouse/sqlite3-import.db"
measure sqlite3 guiyang-grid csv "ref:SELECT COUNT(*) FROM t" "$(stat -c %s "$CSV_UTF8")" -- \
  sqlite3 "$DATA/warehouse/sqlite3-import.db" ".import --csv $CSV_UTF8 t"
fi

# ---------------------------------------------------------------------------------------------------------------
# Report: the table on stdout, the JSON file, and with a baseline the growth against it.

DISK=$(du -sh "$DATA" | cut -f1)
HOST_CPU=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
VERSION=$("$SWIFT" --version 2>/dev/null | head -1)
mkdir -p "$(dirname "$RESULTS")"

awk -F'\t' -v households="$HOUSEHOLDS" -v seed="$SEED" -v results="$RESULTS" -v baseline="$BASELINE" \
    -v generate="$GENERATE_SECONDS" -v cores="$(nproc)" -v cpu="$HOST_CPU" -v swift="$VERSION" -v disk="$DISK" \
    -v when="$(date -u +%Y-%m-%dT%H:%M:%SZ)" -v loadavg="$(cut -d' ' -f1-3 /proc/loadavg)" -v commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" '
function jsonstr(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); return "\"" s "\"" }
function num(x) { return x == "" ? "null" : x }
{
  n++
  stage[n] = $1; source[n] = $2; format[n] = $3; records[n] = $4 + 0; bytes[n] = $5 + 0
  seconds[n] = $6 + 0; rss[n] = $7 + 0; user[n] = $8 + 0; sys[n] = $9 + 0; status[n] = $10
  if ($1 == "sqlite3") reference = (seconds[n] > 0 ? records[n] / seconds[n] : 0)
}
END {
  # Targets of issue 7 (ratios to sqlite3 .import records/s; night-2 in seconds; RSS in MB).
  for (i = 1; i <= n; i++) {
    rate[i] = seconds[i] > 0 ? records[i] / seconds[i] : 0
    mbs[i] = seconds[i] > 0 ? bytes[i] / 1048576 / seconds[i] : 0
    # night-2 reads nothing and iconv stages nothing: their records/s are not comparable to an import.
    comparable = stage[i] != "night-2" && stage[i] != "iconv"
    ratio[i] = (reference > 0 && comparable) ? rate[i] / reference : 0
    target[i] = ""; met[i] = ""
    if (stage[i] == "extract" && source[i] == "guiyang-grid") target[i] = ">=1.0x"
    else if (stage[i] == "extract" && (format[i] == "xml" || format[i] == "json" || format[i] == "ndjson")) target[i] = ">=0.5x"
    else if (stage[i] == "night-1") target[i] = ">=0.5x"
    else if (stage[i] == "night-2") target[i] = "<2s"
    if (target[i] == ">=1.0x") met[i] = ratio[i] >= 1.0 ? "yes" : "NO"
    if (target[i] == ">=0.5x") met[i] = ratio[i] >= 0.5 ? "yes" : "NO"
    if (target[i] == "<2s") met[i] = seconds[i] < 2 ? "yes" : "NO"
    rssok[i] = (stage[i] == "sqlite3" || stage[i] == "iconv") ? "" : (rss[i] / 1024 <= 200 ? "yes" : "NO")
    if (status[i] != 0) met[i] = met[i] "(exit " status[i] ")"
  }
  printf "\nRongtong bench: %d households, seed %s, %d cores, %s\n", households, seed, cores, swift
  printf "load average at the end: %s (other work on the machine stretches wall times; cpu%% shows it)\n", loadavg
  printf "reference: sqlite3 .import --csv of the census (UTF-8): %.0f records/s\n\n", reference
  printf "%-9s %-21s %-6s %9s %8s %8s %9s %7s %6s %7s %8s %-7s %-4s %s\n", "stage", "source", "format", "records", \
    "MB", "wall s", "rec/s", "MB/s", "cpu%", "RSS MB", "x sqlite", "target", "met", "RSS<=200"
  for (i = 1; i <= n; i++) {
    cpu_use[i] = seconds[i] > 0 ? 100 * (user[i] + sys[i]) / seconds[i] : 0
    shown = ratio[i] > 0 ? sprintf("%8.3f", ratio[i]) : sprintf("%8s", "-")
    printf "%-9s %-21s %-6s %9d %8.1f %8.2f %9.0f %7.1f %6.0f %7.1f %s %-7s %-4s %s\n", stage[i], source[i], \
      format[i], records[i], bytes[i] / 1048576, seconds[i], rate[i], mbs[i], \
      cpu_use[i], rss[i] / 1024, shown, target[i], met[i], rssok[i]
  }
  # Stage totals (sum over sources of the per-source runs).
  printf "\n%-9s %9s %8s %9s %8s %7s\n", "stage", "records", "wall s", "rec/s", "x sqlite", "max RSS"
  split("extract normalize load", order, " ")
  for (k = 1; k <= 3; k++) {
    r = 0; s = 0; m = 0
    for (i = 1; i <= n; i++) if (stage[i] == order[k]) { r += records[i]; s += seconds[i]; if (rss[i] > m) m = rss[i] }
    total_records[order[k]] = r; total_seconds[order[k]] = s; total_rss[order[k]] = m
    total_rate = s > 0 ? r / s : 0
    total_ratio = reference > 0 ? total_rate / reference : 0
    printf "%-9s %9d %8.2f %9.0f %8.2f %6.0fM\n", order[k], r, s, total_rate, total_ratio, m / 1024
  }

  # The JSON file: one stage object per line, so that the baseline comparison (and grep) can read it back.
  printf "{\n" > results
  printf "  \"households\": %d,\n  \"seed\": %s,\n  \"date\": %s,\n  \"commit\": %s,\n", households, seed, jsonstr(when), jsonstr(commit) > results
  printf "  \"machine\": {\"cores\": %d, \"cpu\": %s, \"swift\": %s, \"load_average_at_end\": %s},\n", cores, jsonstr(cpu), jsonstr(swift), jsonstr(loadavg) > results
  printf "  \"generate_seconds\": %s,\n  \"data_size\": %s,\n", num(generate), jsonstr(disk) > results
  printf "  \"reference\": {\"tool\": \"sqlite3 .import --csv\", \"records_per_s\": %.1f},\n", reference > results
  printf "  \"stages\": [\n" > results
  for (i = 1; i <= n; i++) {
    target_json = target[i] == "" ? "null" : jsonstr(target[i])
    met_json = met[i] == "" ? "null" : (met[i] ~ /^yes/ ? "true" : "false")
    separator = i < n ? "," : ""
    printf "    {\"stage\": %s, \"source\": %s, \"format\": %s, \"records\": %d, \"bytes\": %d, \"seconds\": %.3f, \"cpu_seconds\": %.2f, \"records_per_s\": %.1f, \"mb_per_s\": %.2f, \"cpu_percent\": %.0f, \"peak_rss_mb\": %.1f, \"ratio_to_sqlite3\": %.3f, \"target\": %s, \"meets_target\": %s, \"exit_code\": %s}%s\n", \
      jsonstr(stage[i]), jsonstr(source[i]), jsonstr(format[i]), records[i], bytes[i], seconds[i], user[i] + sys[i], rate[i], mbs[i], \
      cpu_use[i], rss[i] / 1024, ratio[i], target_json, met_json, status[i], separator > results
  }
  printf "  ],\n  \"totals\": {" > results
  for (k = 1; k <= 3; k++) {
    s = total_seconds[order[k]]
    total_rate = s > 0 ? total_records[order[k]] / s : 0
    separator = k > 1 ? ", " : ""
    printf "%s\"%s\": {\"records\": %d, \"seconds\": %.3f, \"records_per_s\": %.1f, \"peak_rss_mb\": %.1f}", separator, \
      order[k], total_records[order[k]], s, total_rate, total_rss[order[k]] / 1024 > results
  }
  printf "}"  > results

  # Growth against a baseline run (make bench-scale against make bench).
  if (baseline != "") {
    base_households = 0
    while ((getline line < baseline) > 0) {
      if (line ~ /"households":/) { v = line; sub(/.*"households": */, "", v); sub(/,.*/, "", v); base_households = v + 0 }
      if (line ~ /"stage": /) {
        st = line; sub(/.*"stage": "/, "", st); sub(/".*/, "", st)
        so = line; sub(/.*"source": "/, "", so); sub(/".*/, "", so)
        se = line; sub(/.*"seconds": /, "", se); sub(/,.*/, "", se)
        rs = line; sub(/.*"peak_rss_mb": /, "", rs); sub(/,.*/, "", rs)
        cs = ""; if (line ~ /"cpu_seconds": /) { cs = line; sub(/.*"cpu_seconds": /, "", cs); sub(/,.*/, "", cs) }
        base_seconds[st "/" so] = se + 0; base_rss[st "/" so] = rs + 0; base_cpu[st "/" so] = cs
      }
    }
    close(baseline)
    if (base_households == 0) {
      printf "\nbaseline %s: not readable, no growth report\n", baseline
    } else {
      factor = households / base_households
      printf "\nGrowth against %s (%d households, x%.1f):\n", baseline, base_households, factor
      printf "%-9s %-21s %9s %9s %7s %7s %8s %8s %7s %-6s %-6s\n", "stage", "source", "base s", "now s", "time x", "cpu x", "base MB", "now MB", "RSS x", "time<=", "RSS<="
      printf ",\n  \"baseline\": {\"file\": %s, \"households\": %d, \"factor\": %.2f, \"growth\": [\n", jsonstr(baseline), base_households, factor > results
      first = 1
      for (i = 1; i <= n; i++) {
        key = stage[i] "/" source[i]
        if (!(key in base_seconds) || base_seconds[key] <= 0 || base_rss[key] <= 0) continue
        tx = seconds[i] / base_seconds[key]; rx = (rss[i] / 1024) / base_rss[key]
        cx = (base_cpu[key] != "" && base_cpu[key] + 0 > 0) ? sprintf("%7.2f", (user[i] + sys[i]) / base_cpu[key]) : sprintf("%7s", "-")
        tok = ""; rok = ""
        if (stage[i] == "night-1") tok = tx <= factor * 1.1 ? "yes" : "NO"
        if (stage[i] != "sqlite3" && stage[i] != "iconv") rok = rx <= 1.2 ? "yes" : "NO"
        printf "%-9s %-21s %9.2f %9.2f %7.2f %s %8.1f %8.1f %7.2f %-6s %-6s\n", stage[i], source[i], base_seconds[key], \
          seconds[i], tx, cx, base_rss[key], rss[i] / 1024, rx, tok, rok
        separator = first ? "" : ",\n"
        tok_json = tok == "" ? "null" : (tok == "yes" ? "true" : "false")
        rok_json = rok == "" ? "null" : (rok == "yes" ? "true" : "false")
        printf "%s    {\"stage\": %s, \"source\": %s, \"time_ratio\": %.3f, \"rss_ratio\": %.3f, \"time_target_met\": %s, \"rss_target_met\": %s}", \
          separator, jsonstr(stage[i]), jsonstr(source[i]), tx, rx, tok_json, rok_json > results
        first = 0
      }
      printf "\n  ]}" > results
      printf "(targets: night-1 wall time <= %.1fx, peak RSS within 20%%)\n", factor * 1.1
    }
  }
  printf "\n}\n" > results
  printf "\nwrote %s; bench data: %s\n", results, disk
}' "$ROWS"
