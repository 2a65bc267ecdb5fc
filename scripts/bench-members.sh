#!/usr/bin/env bash
# Team vaults: time of `member add` and `member remove` (without --reencrypt) on
# a vault of N entries, and the throughput of `member remove --reencrypt`.
# Usage: scripts/bench-members.sh [ENTRIES] [MIB]   (EVAULT_BIN picks the binary)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
MIB=${2:-256}
BIN=${EVAULT_BIN:-.build/release/evault}
[ -x "$BIN" ] || BIN=.build/debug/evault
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work EVAULT_VAULT=$work/vault
now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc; }
"$BIN" init --keyfile "$work/own.key" >/dev/null
mkdir "$work/docs"
for i in $(seq 1 "$N"); do echo "document $i" > "$work/docs/d$i.txt"; done
t0=$(now); "$BIN" seal --keyfile "$work/own.key" "$work"/docs/*.txt >/dev/null; t1=$(now)
echo "for comparison, seal of $N small entries:            $(secs "$t0" "$t1") s"
head -c $((MIB << 20)) /dev/urandom > "$work/big.bin"
t0=$(now); "$BIN" seal --keyfile "$work/own.key" "$work/big.bin" >/dev/null; t1=$(now)
echo "for comparison, seal of the ${MIB} MiB file:             $(secs "$t0" "$t1") s"
add() {
  "$BIN" keys new --keyfile "$work/$1.key" --name "$1" > "$work/$1.out"
  "$BIN" member add "$1" --keyfile "$2" --age "$(awk '/age recipient/ {print $3}' "$work/$1.out")" \
    --minisign "$(awk '/minisign public key/ {print $4}' "$work/$1.out")" >/dev/null
}
add alice "$work/own.key"
t0=$(now); add bob "$work/alice.key"; t1=$(now)
echo "member add, vault of $N entries + ${MIB} MiB:        $(secs "$t0" "$t1") s (keys new included)"
t0=$(now); "$BIN" member remove bob --keyfile "$work/alice.key" >/dev/null; t1=$(now)
echo "member remove (rotation, no re-encryption):        $(secs "$t0" "$t1") s"
add carol "$work/alice.key"
bytes=$(du -sb "$EVAULT_VAULT/entries" | cut -f1)
t0=$(now); "$BIN" member remove carol --reencrypt --keyfile "$work/alice.key" >/dev/null; t1=$(now)
s=$(secs "$t0" "$t1")
echo "member remove --reencrypt ($N + 1 entries, $((bytes >> 20)) MiB): $s s, $(echo "$bytes / 1048576 / $s" | bc) MiB/s"
# Throughput on large files alone: a vault holding only the big file.
export EVAULT_VAULT=$work/vault2
"$BIN" init --keyfile "$work/own2.key" >/dev/null
"$BIN" seal --keyfile "$work/own2.key" "$work/big.bin" >/dev/null
rm -f "$work"/{dave,erin}.key
add dave "$work/own2.key"
add erin "$work/dave.key"
t0=$(now); "$BIN" member remove erin --reencrypt --keyfile "$work/dave.key" >/dev/null; t1=$(now)
s=$(secs "$t0" "$t1")
echo "member remove --reencrypt of one ${MIB} MiB entry:       $s s, $(echo "$MIB / $s" | bc) MiB/s"
id=$("$BIN" list --keyfile "$work/dave.key" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
t0=$(now); "$BIN" open --keyfile "$work/dave.key" "$id" -o "$work/out.bin" >/dev/null 2>&1; t1=$(now)
echo "for comparison, open of that entry:                  $(secs "$t0" "$t1") s"
