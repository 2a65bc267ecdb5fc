#!/usr/bin/env bash
# The end of `make demo` (called by scripts/demo.sh with its work directory as $1
# and EVAULT_VAULT / EVAULT_KEYFILE set to the demo vault): share a stripped
# article and the witness note with a partner NGO, which opens the bundle first
# with the standard tools alone (age, tar, minisign, sha256sum), then with evault.
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:?usage: demo-export.sh WORKDIR}"
EVAULT="${EVAULT_BIN:-$PWD/.build/release/evault}"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
# Commands are shown exactly as a user types them (scripts/quote.sh).
source scripts/quote.sh
run() { printf '$%s\n' "$(quote "$@")"; "$@"; }
ngo="$work/ngo"
mkdir -p "$ngo"
chmod 700 "$ngo"
# The partner's side runs with its own vault and key file.
as_ngo() { EVAULT_VAULT="$ngo/vault" EVAULT_KEYFILE="$ngo/ngo.key" "$@"; }

step "A partner NGO creates its own vault (a throwaway one here) and sends its public keys"
run "$EVAULT" init --vault "$ngo/vault" --keyfile "$ngo/ngo.key"
ngo_keys=$(as_ngo "$EVAULT" keys show)
ngo_age=$(printf '%s\n' "$ngo_keys" | awk '/^age recipient:/ {print $3}')
ngo_minisign=$(printf '%s\n' "$ngo_keys" | awk '/^minisign public key:/ {print $4}')

step "Add the NGO as a partner (kept encrypted in the vault)"
run "$EVAULT" partner add ngo --age "$ngo_age" --minisign "$ngo_minisign"
run "$EVAULT" partner list

step "Export a stripped article and the witness note to the NGO: one signed, encrypted file"
# The article with the most replaced identities shows stripping best.
doc_id=$("$EVAULT" list --kind document --json | python3 -c 'import json,sys; print(max(json.load(sys.stdin), key=lambda e: len(e["pseudonyms"]))["id"])')
note_id=$("$EVAULT" list --kind note --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
run "$EVAULT" export "$doc_id" "$note_id" --to ngo -o "$work/for-ngo.age"
run "$EVAULT" exports

step "Our minisign public key, published so partners can check what we send"
our_keys=$("$EVAULT" keys show)
our_age=$(printf '%s\n' "$our_keys" | awk '/^age recipient:/ {print $3}')
our_minisign=$(printf '%s\n' "$our_keys" | awk '/^minisign public key:/ {print $4}')
printf 'untrusted comment: newsroom minisign public key\n%s\n' "$our_minisign" > "$ngo/newsroom.pub"
cat "$ngo/newsroom.pub"
cp "$work/for-ngo.age" "$ngo/for-ngo.age"

step "The NGO, without evault: age decrypts, tar unpacks, minisign and sha256sum check"
if command -v age >/dev/null && command -v minisign >/dev/null && command -v sha256sum >/dev/null; then
    mkdir -p "$ngo/opened"
    (
        cd "$ngo/opened"
        printf '$ %s\n' "age -d -i ngo.key for-ngo.age | tar -x"
        age -d -i "$ngo/ngo.key" "$ngo/for-ngo.age" | tar -x
        run ls -R .
        printf '$ %s\n' "minisign -Vm manifest.json -p newsroom.pub"
        minisign -Vm manifest.json -p "$ngo/newsroom.pub"
        run sha256sum -c SHA256SUMS
        printf '$ %s\n' "head -c 600 files/$note_id-note.txt"
        head -c 600 "files/$note_id-note.txt"; echo
    )
else
    echo "(age, minisign or sha256sum is not installed: make deps installs them; skipping this step)"
fi

step "The NGO, with evault: inspect verifies the signature against our key and every hash"
printf '$ %s\n' "evault inspect for-ngo.age --sender newsroom.pub"
as_ngo "$EVAULT" inspect "$ngo/for-ngo.age" --sender "$ngo/newsroom.pub"

step "The NGO adds us as a partner and imports the bundle; each entry records where it came from"
printf '$ %s\n' "evault partner add newsroom --age $our_age --minisign newsroom.pub"
as_ngo "$EVAULT" partner add newsroom --age "$our_age" --minisign "$ngo/newsroom.pub"
printf '$ %s\n' "evault import for-ngo.age"
as_ngo "$EVAULT" import "$ngo/for-ngo.age"
printf '$ %s\n' "evault list"
as_ngo "$EVAULT" list

step "A copy altered in transit (one byte flipped) is refused, and nothing is written"
python3 -c 'import sys; b=bytearray(open(sys.argv[1],"rb").read()); b[len(b)//2]^=1; open(sys.argv[2],"wb").write(b)' \
    "$ngo/for-ngo.age" "$ngo/tampered.age"
printf '$ %s\n' "evault unpack tampered.age -o tampered-out"
if as_ngo "$EVAULT" unpack "$ngo/tampered.age" -o "$ngo/tampered-out"; then
    echo "demo: a tampered bundle was accepted" >&2
    exit 1
fi
test ! -e "$ngo/tampered-out"
