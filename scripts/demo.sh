#!/usr/bin/env bash
# `make demo`: a journalist's session from init to verify, in a throwaway vault,
# then the same evidence recovered with the standard tools alone.
set -euo pipefail
cd "$(dirname "$0")/.."
EVAULT="$PWD/.build/release/evault"

work=$(mktemp -d /tmp/evault-demo.XXXXXX)
chmod 700 "$work"
trap 'rm -rf "$work"' EXIT
export EVAULT_VAULT="$work/vault" EVAULT_KEYFILE="$work/demo.key"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
# Commands are shown exactly as a user types them (scripts/quote.sh).
source scripts/quote.sh
run() { printf '$%s\n' "$(quote "$@")"; "$@"; }

step "Create a vault; the keys go to a separate key file (mode 0600)"
run "$EVAULT" init --keyfile "$EVAULT_KEYFILE"
ls -l "$EVAULT_KEYFILE" | cut -c1-10

step "Keep the public figures the story needs; everyone else is replaced"
run "$EVAULT" keep add "Vladimir Putin" "Ramzan Kadyrov" "Tatyana Moskalkova" "Angela Merkel" \
    "Dmitry Peskov" "Alvi Karimov" "Kheda Saratova" "Svetlana Zakharova" "Tanya Lokshina" \
    "Elena Milashina" "Mikhail Klimentyev" "Novaya Gazeta" "Moscow" "Grozny" "Chechnya"

step "Seal the source articles (Anzor, a victim in hiding, is declared for protection)"
run "$EVAULT" seal seeds/*.txt --tag chechnya-2017 --identity "Anzor"

step "Seal a witness note from standard input; the witness and the people named become pseudonyms"
cat > "$work/note.txt" <<'NOTE'
Interview, 12 April 2017, Moscow. My name is Ruslan Ismailov, I was born 3 March 1991.
I was held with Anzor and Magomed Dzhabrailov for eleven days. Ruslan's phone was +7 928 123-45-67;
they read his Telegram (@ruslan_grozny) and his mail r.ismailov91@mail.ru to find others.
NOTE
printf '$%s < note.txt\n' "$(quote "$EVAULT" seal --note - --witness "Ruslan Ismailov" --identity "Anzor" --tag testimony)"
"$EVAULT" seal --note - --witness "Ruslan Ismailov" --identity "Anzor" --tag testimony < "$work/note.txt"
rm -f "$work/note.txt"

step "List the vault"
run "$EVAULT" list

note_id=$("$EVAULT" list --kind note --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
doc_id=$("$EVAULT" list --kind document --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')

step "Read the stored note: only pseudonyms"
run "$EVAULT" show "$note_id"

step "Find every entry that mentions the witness"
run "$EVAULT" who "Ruslan Ismailov"
run "$EVAULT" list --who "Ruslan Ismailov"

step "Open one article (selective decryption), and its stripped version"
run "$EVAULT" open "${doc_id:0:6}" --out-dir "$work"
run "$EVAULT" open "${doc_id:0:6}" --redacted -o - | head -n 12

step "Verify a file by hash: the SHA-256 is sha256sum's"
run sha256sum seeds/000_62ca84ded8b0575d.txt
run "$EVAULT" verify seeds/000_62ca84ded8b0575d.txt

step "Verify the whole vault end to end"
run "$EVAULT" verify

step "Without evault: age and tar alone recover an entry"
printf '$ %s\n' "age -d -i demo.key vault/entries/$doc_id.age | tar -x"
(cd "$work" && mkdir recovered && cd recovered && age -d -i "$EVAULT_KEYFILE" "$EVAULT_VAULT/entries/$doc_id.age" | tar -x && ls -l "$doc_id" && cd "$doc_id" && sha256sum -c SHA256SUMS)

if [ -f scripts/demo-export.sh ]; then
    bash scripts/demo-export.sh "$work"
fi
step "Done: the throwaway vault is removed"
