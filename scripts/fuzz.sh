#!/usr/bin/env bash
# Builds each libFuzzer target (as ../shared/TESTING-NOTES.md says: SwiftPM's own
# --sanitize=fuzzer so libFuzzer's main is linked, one -sanitize= list for the
# compiler) in .build-fuzz, then runs each for FUZZ_SECONDS on its committed seed
# corpus (Fuzz/corpus/NAME), into a scratch copy so seeds stay small.
# Usage: scripts/fuzz.sh [TARGET...]   (default: all)  FUZZ_SECONDS=60
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="${FUZZ_SECONDS:-60}"
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(FuzzAgeHeader FuzzArmor FuzzStream FuzzTar FuzzBundle FuzzKeyFile FuzzIndex FuzzManifest FuzzMinisignSignature FuzzEntryMetadata)
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
  if ! swift build -c debug --scratch-path .build-fuzz --product "$t" --sanitize=fuzzer \
      -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld >".build-fuzz/$t.build.log" 2>&1; then
    echo "$t: BUILD FAILED"; grep -m5 error: ".build-fuzz/$t.build.log"; status=1; continue
  fi
  work=".build-fuzz/corpus/$t"
  mkdir -p "$work"
  [ -d "Fuzz/corpus/$t" ] && cp -n Fuzz/corpus/"$t"/* "$work"/ 2>/dev/null || true
  # Key-file seeds are made here, never committed: a throwaway vault's format-2
  # key file, and the annotated (refused) example keys.
  if [ "$t" = FuzzKeyFile ]; then seed_key_files "$work"; fi
  log=".build-fuzz/$t.log"
  if SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 ".build-fuzz/debug/$t" \
      -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -print_final_stats=1 -artifact_prefix="Fuzz/artifacts/$t-" "$work" >"$log" 2>&1; then
    result="ok"
  else
    result="FAILED (see $log and Fuzz/artifacts/)"
    status=1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo "?")
  line="$t: $runs executions in ${SECONDS_PER_TARGET}s, coverage $cov edges: $result"
  echo "$line"
  summary+="$line"$'\n'
done
printf '%s' "$summary" > .build-fuzz/summary.txt
exit $status
