#!/usr/bin/env bash
# Builds each libFuzzer target (as ../shared/TESTING-NOTES.md says: SwiftPM's own
# --sanitize=fuzzer so libFuzzer's main is linked, one -sanitize= list for the
# compiler) in .build-fuzz (release with -enable-testing, address sanitizer: several
# times the executions of a debug build), then runs each on its committed seed
# corpus (Fuzz/corpus/NAME), into a scratch copy so seeds stay small.
# Two modes: a time budget, FUZZ_SECONDS per target (default 60), or a number of
# executions, FUZZ_RUNS per target (for example 1000000; no time limit then).
# Usage: scripts/fuzz.sh [TARGET...]   (default: all)
#        FUZZ_SECONDS=60 | FUZZ_RUNS=1000000   FUZZ_CONFIG=release|debug
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="${FUZZ_SECONDS:-60}"
RUNS="${FUZZ_RUNS:-}"
CONFIG="${FUZZ_CONFIG:-release}"
if [ -n "$RUNS" ]; then
  LIMIT=(-runs="$RUNS" -max_total_time=0); BUDGET="runs=$RUNS"
else
  LIMIT=(-max_total_time="$SECONDS_PER_TARGET"); BUDGET="${SECONDS_PER_TARGET}s"
fi
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(FuzzAgeHeader FuzzArmor FuzzStream FuzzTar FuzzBundle FuzzKeyFile FuzzIndex FuzzManifest FuzzMinisignSignature FuzzEntryMetadata
    FuzzJPEG FuzzPNG FuzzRIFF FuzzGIF FuzzTIFF FuzzMP4 FuzzMP3 FuzzFLAC FuzzOgg FuzzOffice FuzzPDF)
fi
export EVAULT_FUZZ=1
mkdir -p Fuzz/artifacts .build-fuzz/corpus
summary=""
status=0

seed_key_files() {
  local work="$1" scratch
  cp -n keys.example "$work/example.key" 2>/dev/null || true
  [ -f "$work/format2.key" ] && return
  swift build --product evault >/dev/null
  scratch=$(mktemp -d)
  "$(swift build --show-bin-path)/evault" init --vault "$scratch/v" --keyfile "$work/format2.key" >/dev/null
  rm -rf "$scratch"
}
for t in "${TARGETS[@]}"; do
  if ! swift build -c "$CONFIG" --scratch-path .build-fuzz --product "$t" --sanitize=fuzzer \
      -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld -Xswiftc -enable-testing >".build-fuzz/$t.build.log" 2>&1; then
    echo "$t: BUILD FAILED"; grep -m5 error: ".build-fuzz/$t.build.log"; status=1; continue
  fi
  work=".build-fuzz/corpus/$t"
  mkdir -p "$work"
  # MediaClean seeds are made by scripts/fuzz-seeds.sh (committed; remade if missing).
  if [ ! -d "Fuzz/corpus/$t" ] && [ -f "Fuzz/Targets/$t/$t.swift" ] && grep -q "import MediaClean" "Fuzz/Targets/$t/$t.swift"; then
    bash scripts/fuzz-seeds.sh >/dev/null
  fi
  [ -d "Fuzz/corpus/$t" ] && cp -n Fuzz/corpus/"$t"/* "$work"/ 2>/dev/null || true
  # Key-file seeds are made here, never committed: a throwaway vault's format-2
  # key file, and the annotated (refused) example keys.
  if [ "$t" = FuzzKeyFile ]; then seed_key_files "$work"; fi
  log=".build-fuzz/$t.log"
  # -max_len is left to libFuzzer: the largest seed (64 KiB for STREAM's full chunk).
  if SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 ".build-fuzz/$CONFIG/$t" \
      "${LIMIT[@]}" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="Fuzz/artifacts/$t-" "$work" >"$log" 2>&1; then
    result="ok"
  else
    result="FAILED (see $log and Fuzz/artifacts/)"
    status=1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo "?")
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo "?")
  secs=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | grep -o 'in [0-9]*' | grep -o '[0-9]*' || echo "?")
  line="$t ($BUDGET): $runs executions in ${secs}s, coverage $cov edges, $ft features: $result"
  echo "$line"
  summary+="$line"$'\n'
done
printf '%s' "$summary" > .build-fuzz/summary.txt
exit $status
