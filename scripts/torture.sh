#!/usr/bin/env bash
# Kills writing commands (seal, note, keep, partner, export, import, member add;
# each also appends to the custody log) with kill -9 at random moments, then
# checks after each kill that:
#   - `evault verify` passes (nothing corrupted; it checks the custody log too);
#   - everything acknowledged (exit 0 before the kill) is still there: sealed
#     entries listed, kept names, partners and members listed, export records
#     kept, imports listed, and at least one custody-log event per acknowledged
#     command (`evault log --json` reads every segment);
#   - nothing is left behind once evault has run again: no `.evault-*.partial`
#     file or folder in the vault, its tmp/ or the output folder, and no bundle
#     or output file under its final name from a command that did not finish.
# Usage: scripts/torture.sh   (TORTURE_ITERATIONS=60, EVAULT_BIN=.build/debug/evault)
set -uo pipefail
cd "$(dirname "$0")/.."
EVAULT="${EVAULT_BIN:-$PWD/.build/debug/evault}"
ITERATIONS="${TORTURE_ITERATIONS:-60}"
[ -x "$EVAULT" ] || { echo "torture: build first (swift build): $EVAULT not found" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/evault-torture.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
A="$WORK/a" B="$WORK/b" OUT="$WORK/out"
mkdir -p "$OUT"
ev_a() { EVAULT_VAULT=$A EVAULT_KEYFILE=$WORK/a.key "$EVAULT" "$@"; }
ev_b() { EVAULT_VAULT=$B EVAULT_KEYFILE=$WORK/b.key "$EVAULT" "$@"; }
# For the commands to kill: the subshell becomes evault (exec), so $! is evault
# itself and kill -9 reaches it (not a shell that would leave it running on).
exec_a() { EVAULT_VAULT=$A EVAULT_KEYFILE=$WORK/a.key exec "$EVAULT" "$@"; }
exec_b() { EVAULT_VAULT=$B EVAULT_KEYFILE=$WORK/b.key exec "$EVAULT" "$@"; }
ev_a init --keyfile "$WORK/a.key" >/dev/null
ev_b init --vault "$B" --keyfile "$WORK/b.key" >/dev/null
read -r A_AGE A_MINI < <(ev_a keys show | awk '/age recipient/{a=$NF} /minisign public key/{m=$NF} END{print a" "m}')
read -r B_AGE B_MINI < <(ev_b keys show | awk '/age recipient/{a=$NF} /minisign public key/{m=$NF} END{print a" "m}')
ev_a partner add ngo --age "$B_AGE" --minisign "$B_MINI" >/dev/null
ev_b partner add newsroom --age "$A_AGE" --minisign "$A_MINI" >/dev/null
head -c $((3 << 20)) /dev/urandom > "$WORK/doc.bin"
printf 'A first note, sealed before the torture.\n' | ev_a seal --note - >/dev/null

SEALED=() KEPT=() PARTNERS=() IMPORTED=() MEMBERS=()
ACKED_A=0 ACKED_B=0  # acknowledged writing commands per vault: each logged one event at least
BASE_EVENTS_A=0 BASE_EVENTS_B=0
EXPORTS=0
killed=0 finished=0 refused=0 unrecorded=0 verify_failures=0 lost=0 leftovers=0
declare -A per_command_killed per_command_finished

# One command of the given kind, in the background of this shell (so that
# `wait` returns its status); its PID is in $!.
start() {
  local kind=$1 i=$2
  case $kind in
    seal)    head -c $((RANDOM * 64 + 1)) "$WORK/doc.bin" > "$WORK/in-$i.bin"
             (exec_a seal --json "$WORK/in-$i.bin" >"$WORK/stdout" 2>"$WORK/stderr") & ;;
    note)    printf 'Note %s: the witness spoke of the checkpoint.\n' "$i" >"$WORK/note.txt"
             (exec_a seal --note "$WORK/note.txt" --json >"$WORK/stdout" 2>"$WORK/stderr") & ;;
    keep)    (exec_a keep add "Kept Name $i" >"$WORK/stdout" 2>"$WORK/stderr") & ;;
    partner) (exec_a partner add "p$i" --age "$B_AGE" >"$WORK/stdout" 2>"$WORK/stderr") & ;;
    export)  (exec_a export --kind document --include-originals --to ngo -o "$OUT/bundle-$i.age" >"$WORK/stdout" 2>"$WORK/stderr") & ;;
    import)  (exec_b import "$WORK/seed-$(( (i % SEED_BUNDLES) + 1 )).age" >"$WORK/stdout" 2>"$WORK/stderr") & ;;
    member)  (exec_a member add "m$i" --age "$M_AGE" --minisign "$M_MINI" >"$WORK/stdout" 2>"$WORK/stderr") & ;;
  esac
}

# Records what a finished command acknowledged.
acknowledge() {
  local kind=$1 i=$2
  case $kind in
    seal|note) SEALED+=("$(grep -o '"id" *: *"[0-9a-z]*"' "$WORK/stdout" | head -1 | grep -o '[0-9a-z]*"$' | tr -d '"')") ;;
    keep)      KEPT+=("Kept Name $i") ;;
    partner)   PARTNERS+=("p$i") ;;
    export)    EXPORTS=$((EXPORTS + 1)) ;;
    import)    IMPORTED+=("$i") ;;
    member)    MEMBERS+=("m$i") ;;
  esac
  if [ "$kind" = import ]; then ACKED_B=$((ACKED_B + 1)); else ACKED_A=$((ACKED_A + 1)); fi
}

# Events in a vault's custody log, counted from `log --json` (every segment read).
log_events() { "$@" log --json 2>/dev/null | grep -o '"kind"' | wc -l; }

check() {
  local i=$1
  if ! ev_a verify >"$WORK/verify" 2>&1 || ! ev_b verify >"$WORK/verify-b" 2>&1; then
    verify_failures=$((verify_failures + 1))
    echo "iteration $i: verify failed:"; tail -n 3 "$WORK/verify" "$WORK/verify-b"
  fi
  local listed; listed=$(ev_a list --json 2>/dev/null)
  for id in "${SEALED[@]}"; do
    [ -z "$id" ] && continue
    grep -q "\"$id\"" <<<"$listed" || { lost=$((lost + 1)); echo "iteration $i: acknowledged entry $id is gone"; }
  done
  local kept; kept=$(ev_a keep list 2>/dev/null)
  for name in "${KEPT[@]}"; do grep -qF "$name" <<<"$kept" || { lost=$((lost + 1)); echo "iteration $i: kept name '$name' lost"; }; done
  local partners; partners=$(ev_a partner list 2>/dev/null)
  for p in "${PARTNERS[@]}"; do grep -qw "$p" <<<"$partners" || { lost=$((lost + 1)); echo "iteration $i: partner $p lost"; }; done
  local records; records=$(ev_a exports --json 2>/dev/null | grep -o '"bundle_sha256"' | wc -l)
  [ "$records" -ge "$EXPORTS" ] || { lost=$((lost + 1)); echo "iteration $i: $EXPORTS exports acknowledged, $records recorded"; }
  local in_b; in_b=$(ev_b list --json 2>/dev/null | grep -o '"id"' | wc -l)
  if [ "$in_b" -lt ${#IMPORTED[@]} ]; then
    lost=$((lost + 1)); echo "iteration $i: ${#IMPORTED[@]} imports acknowledged, $in_b entries in the receiving vault"
  fi
  local members; members=$(ev_a member list 2>/dev/null)
  for m in "${MEMBERS[@]}"; do grep -qw "$m" <<<"$members" || { lost=$((lost + 1)); echo "iteration $i: member $m lost"; }; done
  local events_a events_b
  events_a=$(log_events ev_a); events_b=$(log_events ev_b)
  if [ "$events_a" -lt $((BASE_EVENTS_A + ACKED_A)) ] || [ "$events_b" -lt $((BASE_EVENTS_B + ACKED_B)) ]; then
    lost=$((lost + 1))
    echo "iteration $i: custody log holds $events_a/$events_b events, $((BASE_EVENTS_A + ACKED_A))/$((BASE_EVENTS_B + ACKED_B)) acknowledged"
  fi
  local left; left=$(find "$A" "$B" "$OUT" -name '.evault-*' 2>/dev/null; find "$A/tmp" "$B/tmp" -mindepth 1 2>/dev/null)
  if [ -n "$left" ]; then leftovers=$((leftovers + 1)); echo "iteration $i: left behind: $left"; fi
}

# Bundles for the import command, made before the torture, one document each
# (a bundle imports once; later imports of it are refused, and counted so).
SEED_BUNDLES=$(( ITERATIONS / 6 + 2 ))
for b in $(seq 1 "$SEED_BUNDLES"); do
  head -c 100000 /dev/urandom > "$WORK/seed.bin"
  id=$(ev_a seal --json "$WORK/seed.bin" | grep -o '"id" *: *"[0-9a-z]*"' | head -1 | grep -o '[0-9a-z]*"$' | tr -d '"')
  ev_a export "$id" --include-originals --to ngo -o "$WORK/seed-$b.age" >/dev/null 2>&1
done
EXPORTS=$SEED_BUNDLES
BASE_EVENTS_A=$(log_events ev_a); BASE_EVENTS_B=$(log_events ev_b)

kinds=(seal note keep partner export import member)
for i in $(seq 1 "$ITERATIONS"); do
  kind=${kinds[$((RANDOM % ${#kinds[@]}))]}
  if [ "$kind" = member ]; then
    # A fresh personal key (not timed): the same key cannot be added twice.
    read -r M_AGE M_MINI < <("$EVAULT" keys new --keyfile "$WORK/m$i.key" | awk '/age recipient/{a=$NF} /minisign public key/{m=$NF} END{print a" "m}')
  fi
  start "$kind" "$i"
  pid=$!
  # A random moment in 0-1.5 s: these commands take 0.2-2 s here, so some
  # are killed at every phase and some finish.
  delay=$((RANDOM % 1500))
  sleep "$((delay / 1000)).$(printf '%03d' $((delay % 1000)))"
  if kill -0 "$pid" 2>/dev/null; then
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    status=137
  else
    wait "$pid"; status=$?
  fi
  if [ "$status" != 0 ] && [ "$status" != 137 ]; then
    # Finished on its own with a refusal (e.g. a bundle already imported).
    refused=$((refused + 1))
  elif [ "$status" = 0 ]; then
    finished=$((finished + 1)); per_command_finished[$kind]=$(( ${per_command_finished[$kind]:-0} + 1 ))
    acknowledge "$kind" "$i"
  else
    killed=$((killed + 1)); per_command_killed[$kind]=$(( ${per_command_killed[$kind]:-0} + 1 ))
    # A killed export leaves no partial bundle under its final name. A complete
    # one (killed after publishing it, before recording it) is counted apart.
    if [ "$kind" = export ] && [ -e "$OUT/bundle-$i.age" ]; then
      if ev_b inspect "$OUT/bundle-$i.age" --sender "$A_MINI" >/dev/null 2>&1; then
        unrecorded=$((unrecorded + 1)); echo "iteration $i: killed export left a complete, verified bundle that is not in the export record"
      else
        leftovers=$((leftovers + 1)); echo "iteration $i: killed export left a partial $OUT/bundle-$i.age"
      fi
    fi
  fi
  check "$i"
done

echo "torture: $ITERATIONS iterations, $killed killed mid-way, $finished finished before the kill, $refused refused on their own"
for k in "${kinds[@]}"; do echo "  $k: ${per_command_killed[$k]:-0} killed, ${per_command_finished[$k]:-0} finished"; done
echo "  verify failures: $verify_failures; acknowledged writes lost: $lost; runs that left files behind: $leftovers"
echo "  killed exports whose complete bundle was published but not recorded: $unrecorded"
echo "  custody log: $(log_events ev_a) + $(log_events ev_b) events after the run (vault + receiving vault)"
[ "$verify_failures" = 0 ] && [ "$lost" = 0 ] && [ "$leftovers" = 0 ]
