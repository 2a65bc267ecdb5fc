#!/usr/bin/env bash
# Two "laptops" share one vault through two real Syncthing instances (Debian's
# `syncthing`), change it at the same time, and must converge losing nothing.
#
#   - Each laptop has its own HOME and XDG_STATE_HOME (its own evault device id
#     and memory of the logs) and its own copy of the vault folder; Syncthing on
#     loopback keeps the copies in sync: no relays, no discovery, no NAT, no
#     usage or crash reporting, devices introduced to each other by id.
#   - Both laptops run seals, notes naming the same declared witness, keep
#     add/remove, partner add and an export concurrently while Syncthing syncs,
#     then a second round after seeing each other's changes.
#   - After convergence (Syncthing's REST API and equal file hashes) both list
#     every entry, keep name, partner and export record of both, give the witness
#     the same pseudonym, and `evault verify` exits 0 on both; conflict copies
#     Syncthing left are merged by verify (FORMAT.md section 8, "Sync conflicts").
#
# Usage: scripts/sync-test.sh   (EVAULT_BIN=.build/debug/evault, SYNCTHING=syncthing)
# Exit 0 with a short summary, or non-zero with one line naming what failed.
set -uo pipefail
cd "$(dirname "$0")/.."
EVAULT="${EVAULT_BIN:-$PWD/.build/debug/evault}"
SYNCTHING="${SYNCTHING:-syncthing}"
START=$(date +%s)

fail() { echo "sync-test: FAIL: $*" >&2; exit 1; }
[ -x "$EVAULT" ] || fail "build first (swift build): $EVAULT not found"
command -v "$SYNCTHING" >/dev/null 2>&1 || { echo "sync-test: syncthing is not installed (apt-get install syncthing)" >&2; exit 2; }
command -v python3 >/dev/null 2>&1 || fail "python3 is needed to talk to Syncthing's REST API"
command -v age-keygen >/dev/null 2>&1 || fail "age-keygen is needed for a partner key"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/evault-sync.XXXXXX")
chmod 700 "$WORK"
MONITORS=()
cleanup() {
    local status=$?
    for side in a b; do
        [ -f "$WORK/st-$side/apikey" ] || continue
        curl -s -m 3 -X POST -H "X-API-Key: $(cat "$WORK/st-$side/apikey")" \
            "http://127.0.0.1:$(cat "$WORK/st-$side/guiport")/rest/system/shutdown" >/dev/null 2>&1 || true
    done
    for pid in "${MONITORS[@]}"; do
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        # The monitor's child (the syncthing that serves), then the monitor: by PID only.
        for child in $(pgrep -P "$pid" 2>/dev/null); do kill "$child" 2>/dev/null; done
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    if [ "$status" -ne 0 ] && [ -n "${SYNC_TEST_KEEP:-}" ]; then echo "sync-test: kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Four free loopback ports: listen and GUI for each instance.
read -r PA PB GA GB < <(python3 - <<'EOF'
import socket
socks = [socket.socket() for _ in range(4)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])
EOF
)

# One Syncthing home per laptop: key, certificate and config.
for side in a b; do
    mkdir -p "$WORK/st-$side" "$WORK/home-$side/state" "$WORK/home-$side/vault"
    chmod 700 "$WORK/home-$side/vault"
    HOME="$WORK/home-$side" "$SYNCTHING" generate --home="$WORK/st-$side" --no-default-folder --skip-port-probing \
        > "$WORK/st-$side/generate.log" 2>&1 || fail "syncthing generate failed ($(tail -1 "$WORK/st-$side/generate.log"))"
    awk '/Device ID:/ {print $NF}' "$WORK/st-$side/generate.log" > "$WORK/st-$side/id"
    [ -s "$WORK/st-$side/id" ] || fail "syncthing generate printed no device id"
    python3 -c 'import secrets; print(secrets.token_hex(16))' > "$WORK/st-$side/apikey"
done
echo "$GA" > "$WORK/st-a/guiport"
echo "$GB" > "$WORK/st-b/guiport"

# config.xml: loopback only, nothing leaves the machine, the other device by id and address.
configure() { # side listen gui other-side other-listen
    python3 - "$WORK/st-$1/config.xml" "$(cat "$WORK/st-$1/id")" "$(cat "$WORK/st-$4/id")" "$2" "$3" "$5" \
        "$(cat "$WORK/st-$1/apikey")" "$WORK/home-$1/vault" "$1" "$4" <<'EOF'
import sys, xml.etree.ElementTree as ET
path, me, other, listen, gui, other_listen, apikey, folder, name, other_name = sys.argv[1:]
tree = ET.parse(path); root = tree.getroot()
def setopt(parent, tag, text):
    e = parent.find(tag)
    if e is None: e = ET.SubElement(parent, tag)
    e.text = text
opts = root.find("options")
for tag, text in [("listenAddress", f"tcp://127.0.0.1:{listen}"), ("globalAnnounceEnabled", "false"),
                  ("localAnnounceEnabled", "false"), ("relaysEnabled", "false"), ("natEnabled", "false"),
                  ("urAccepted", "-1"), ("urSeen", "3"), ("crashReportingEnabled", "false"),
                  ("autoUpgradeIntervalH", "0"), ("startBrowser", "false"), ("stunKeepaliveStartS", "0"),
                  ("stunKeepaliveMinS", "0"), ("reconnectionIntervalS", "1"), ("progressUpdateIntervalS", "1"),
                  ("setLowPriority", "false")]:
    setopt(opts, tag, text)
for e in opts.findall("globalAnnounceServer") + opts.findall("stunServer"): opts.remove(e)
g = root.find("gui"); setopt(g, "address", f"127.0.0.1:{gui}"); setopt(g, "apikey", apikey)
for d in root.findall("device"):
    d.find("address").text = "dynamic" if d.get("id") == me else d.find("address").text
    d.set("name", name)
dev = ET.SubElement(root, "device", id=other, name=other_name, compression="metadata", introducer="false")
ET.SubElement(dev, "address").text = f"tcp://127.0.0.1:{other_listen}"
f = ET.SubElement(root, "folder", id="evault-vault", label="vault", path=folder, type="sendreceive",
                  rescanIntervalS="5", fsWatcherEnabled="true", fsWatcherDelayS="1", ignorePerms="false")
ET.SubElement(f, "filesystemType").text = "basic"
ET.SubElement(f, "device", id=me); ET.SubElement(f, "device", id=other)
ET.SubElement(f, "maxConflicts").text = "-1"
tree.write(path)
EOF
}
configure a "$PA" "$GA" b "$PB" || fail "could not write laptop A's Syncthing config"
configure b "$PB" "$GB" a "$PA" || fail "could not write laptop B's Syncthing config"

start_syncthing() {
    HOME="$WORK/home-$1" STNODEFAULTFOLDER=1 STNOUPGRADE=1 "$SYNCTHING" serve --home="$WORK/st-$1" --no-browser \
        --no-restart --no-upgrade --logfile="$WORK/st-$1/syncthing.log" > /dev/null 2>&1 &
    MONITORS+=($!)
}

# REST calls (loopback, API key from the config we wrote).
rest() { # side path [method]
    curl -s -f -m 10 -X "${3:-GET}" -H "X-API-Key: $(cat "$WORK/st-$1/apikey")" "http://127.0.0.1:$(cat "$WORK/st-$1/guiport")$2"
}

wait_up() {
    for _ in $(seq 1 150); do rest "$1" /rest/system/ping >/dev/null 2>&1 && return 0; sleep 0.2; done
    fail "Syncthing of laptop $1 did not start in 30 s (see its log)"
}

# Converged: both sides rescanned, each has everything the other announced
# (db/completion 100, nothing needed), both idle with no pull errors, and the
# two folders hold the same files with the same hashes; twice in a row.
cat > "$WORK/converged.py" <<'EOF_PY'
import hashlib, json, os, sys, urllib.request
work = sys.argv[1]
def read(side, name): return open(f"{work}/st-{side}/{name}").read().strip()
def rest(side, path, method="GET"):
    req = urllib.request.Request(f"http://127.0.0.1:{read(side, 'guiport')}{path}", method=method,
                                 headers={"X-API-Key": read(side, "apikey")})
    with urllib.request.urlopen(req, timeout=30) as r:
        body = r.read()
        return json.loads(body) if body.strip() else None
def digest(root):
    h = hashlib.sha256()
    for d, dirs, files in sorted(os.walk(root)):
        dirs[:] = sorted(x for x in dirs if x != ".stfolder")
        for f in sorted(files):
            if f.startswith(".syncthing."): continue
            p = os.path.join(d, f)
            h.update(os.path.relpath(p, root).encode() + b"\0")
            try: h.update(hashlib.sha256(open(p, "rb").read()).digest())
            except OSError: h.update(b"gone")
    return h.hexdigest()
def converged():
    try:
        for side in "ab": rest(side, "/rest/db/scan?folder=evault-vault", "POST")
        for side, other in (("a", "b"), ("b", "a")):
            c = rest(side, f"/rest/db/completion?folder=evault-vault&device={read(other, 'id')}")
            s = rest(side, "/rest/db/status?folder=evault-vault")
            if c.get("completion") != 100 or c.get("needItems", 0) or c.get("needDeletes", 0):
                return f"laptop {side} lacks some of {other}'s files (completion {c.get('completion')})"
            if s.get("state") != "idle" or s.get("needTotalItems", 0) or s.get("pullErrors", 0):
                return f"laptop {side}: {s.get('state')}, {s.get('needTotalItems')} files needed, {s.get('pullErrors')} pull errors"
    except Exception as e:
        return f"REST API: {e}"
    return None if digest(f"{work}/home-a/vault") == digest(f"{work}/home-b/vault") else "the folders' files differ"
import time
deadline, stable, why = time.time() + float(sys.argv[2]), 0, "not checked"
while time.time() < deadline:
    why = converged()
    stable = 0 if why else stable + 1
    if stable >= 2: sys.exit(0)
    time.sleep(0.5)
print(why); sys.exit(1)
EOF_PY
wait_converged() { # what
    local why
    why=$(python3 "$WORK/converged.py" "$WORK" 120) || fail "the two vault folders did not converge within 2 minutes ($1; last: $why)"
}

wait_connected() {
    for _ in $(seq 1 150); do
        rest a /rest/system/connections | python3 -c '
import json, sys
c = json.load(sys.stdin)["connections"]
sys.exit(0 if any(v.get("connected") for v in c.values()) else 1)' 2>/dev/null && return 0
        sleep 0.2
    done
    fail "the two Syncthing instances did not connect in 30 s"
}

# evault as laptop A or B: its own HOME, XDG_STATE_HOME and vault copy; the
# key file (outside the vault) was carried from A to B like a USB key.
ev() { # side args...
    local side=$1; shift
    HOME="$WORK/home-$side" XDG_STATE_HOME="$WORK/home-$side/state" EVAULT_VAULT="$WORK/home-$side/vault" \
        EVAULT_KEYFILE="$WORK/home-$side/vault.key" "$EVAULT" "$@"
}

# Laptop A makes the vault; B starts with an empty folder that Syncthing fills.
rmdir "$WORK/home-a/vault"
ev a init --vault "$WORK/home-a/vault" --keyfile "$WORK/home-a/vault.key" >/dev/null 2>"$WORK/err" || fail "init: $(cat "$WORK/err")"
cp "$WORK/home-a/vault.key" "$WORK/home-b/vault.key" && chmod 600 "$WORK/home-b/vault.key"
printf 'before the split\n' > "$WORK/shared.txt"
ev a seal "$WORK/shared.txt" >/dev/null 2>"$WORK/err" || fail "seal before the split: $(cat "$WORK/err")"
ev a keep add "Angela Merkel" >/dev/null 2>"$WORK/err" || fail "keep add: $(cat "$WORK/err")"

start_syncthing a
wait_up a
sleep 1   # dialling out from one port: start one, then the other (TESTING-NOTES)
start_syncthing b
wait_up b
wait_connected
wait_converged "the first copy to laptop B"
[ -f "$WORK/home-b/vault/EVAULT" ] || fail "laptop B did not receive the vault"
SETUP=$(( $(date +%s) - START ))

age-keygen -o "$WORK/partner.key" 2>/dev/null || fail "age-keygen failed"
PARTNER=$(awk '/public key:/ {print $NF}' "$WORK/partner.key")

# One laptop's share of the work; every id it sealed goes to WORK/ids-SIDE.
work() { # side round
    local side=$1 round=$2 i out note
    for i in 1 2 3; do
        head -c $((2000 + RANDOM)) /dev/urandom > "$WORK/$side-$round-$i.bin"
        out=$(ev "$side" seal "$WORK/$side-$round-$i.bin" 2>"$WORK/err-$side") || { echo "seal: $(cat "$WORK/err-$side")"; return 1; }
        echo "${out%% *}" >> "$WORK/ids-$side"
    done
    note=$(printf 'Maria Lopez (%s, round %s) saw the convoy at the bridge at dawn.\n' "$side" "$round" |
        ev "$side" seal --note - --witness "Maria Lopez" 2>"$WORK/err-$side") || { echo "note: $(cat "$WORK/err-$side")"; return 1; }
    echo "${note%% *}" >> "$WORK/ids-$side"
    case "$side-$round" in
        a-1) ev a keep add "Olaf Scholz" && ev a keep add "Boris Johnson" && ev a keep remove "Boris Johnson" &&
             ev a partner add newsroom --age "$PARTNER" ;;
        b-1) ev b keep add "Emmanuel Macron" && ev b keep add "Pedro Sanchez" && ev b keep remove "Pedro Sanchez" &&
             ev b partner add ngo --age "$PARTNER" ;;
        a-2) ev a keep add "Giorgia Meloni" && ev a partner add archive --age "$PARTNER" ;;
        b-2) ev b keep add "Mark Rutte" && ev b keep remove "Olaf Scholz" ;;
    esac >/dev/null 2>"$WORK/err-$side" || { echo "keep/partner: $(cat "$WORK/err-$side")"; return 1; }
    local to=$([ $round = 1 ] && { [ $side = a ] && echo newsroom || echo ngo; } || { [ $side = a ] && echo archive || echo ngo; })
    ev "$side" export --to "$to" -o "$WORK/$side-$round-bundle.age" "${note%% *}" >/dev/null 2>"$WORK/err-$side" ||
        { echo "export: $(cat "$WORK/err-$side")"; return 1; }
}

run_round() { # round
    : > "$WORK/fail-a"; : > "$WORK/fail-b"
    work a "$1" > "$WORK/fail-a" 2>&1 & local pa=$!
    work b "$1" > "$WORK/fail-b" 2>&1 & local pb=$!
    wait $pa || fail "laptop A, round $1: $(head -c 300 "$WORK/fail-a")"
    wait $pb || fail "laptop B, round $1: $(head -c 300 "$WORK/fail-b")"
}

# Round 1: both laptops at once, each before seeing the other's changes.
R1=$(date +%s)
run_round 1
wait_converged "after round 1"
# Round 2: at once again, now on top of each other's round-1 changes (B removes a name A kept).
run_round 2
wait_converged "after round 2"
WORKTIME=$(( $(date +%s) - R1 ))

# verify merges conflict copies (the index is a cache): run it on each side in
# turn, letting Syncthing carry the result over, then check everything.
CONFLICTS=$(find "$WORK/home-a/vault" -name '*sync-conflict*' | wc -l)
for side in a b; do
    ev $side verify > "$WORK/verify-$side" 2>&1 || fail "verify on laptop $side exited non-zero: $(grep -v '^OK' "$WORK/verify-$side" | head -3 | tr '\n' ' ')"
    wait_converged "after verify on laptop $side"
done

sort -u "$WORK/ids-a" "$WORK/ids-b" > "$WORK/ids-expected"
EXPECTED_ENTRIES=$(( $(wc -l < "$WORK/ids-expected") + 1 ))
for side in a b; do
    ev $side list --json > "$WORK/list-$side.json" 2>"$WORK/err" || fail "list --json on laptop $side: $(cat "$WORK/err")"
    python3 - "$WORK/list-$side.json" "$WORK/ids-expected" "$EXPECTED_ENTRIES" "$side" <<'EOF' || exit 1
import json, sys
entries = json.load(open(sys.argv[1]))
ids = {e["id"] for e in entries}
expected = {l.strip() for l in open(sys.argv[2]) if l.strip()}
missing = sorted(i for i in expected if not any(x.startswith(i) or i.startswith(x) for x in ids))
if missing or len(entries) != int(sys.argv[3]):
    print(f"sync-test: FAIL: laptop {sys.argv[4]} lists {len(entries)} entries, expected {sys.argv[3]}; missing {missing}", file=sys.stderr)
    sys.exit(1)
witnesses = {e.get("witness") for e in entries if e.get("witness")}
if len(witnesses) != 1:
    print(f"sync-test: FAIL: laptop {sys.argv[4]}: the same witness has {len(witnesses)} pseudonyms: {sorted(witnesses)}", file=sys.stderr)
    sys.exit(1)
EOF
    keep=$(ev $side keep list 2>&1 | tr '\n' ',')
    # Kept: A's and B's additions; removed on the laptop that added it; Olaf Scholz removed by B after seeing A's addition.
    [ "$keep" = "Angela Merkel,Emmanuel Macron,Giorgia Meloni,Mark Rutte," ] || fail "laptop $side keep list is '$keep'"
    partners=$(ev $side partner list 2>&1 | awk '{print $1}' | sort | tr '\n' ',')
    [ "$partners" = "archive,newsroom,ngo," ] || fail "laptop $side partners are '$partners'"
    exports=$(ev $side exports --json 2>&1 | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' 2>/dev/null)
    [ "$exports" = 4 ] || fail "laptop $side has '$exports' export records, expected 4"
    ev $side who "Maria Lopez" > "$WORK/who-$side" 2>&1 || fail "who on laptop $side: $(cat "$WORK/who-$side")"
done
cmp -s "$WORK/who-a" "$WORK/who-b" || fail "the witness has different pseudonyms on the two laptops"
wait_converged "after the checks"
for side in a b; do
    ev $side verify > "$WORK/verify-$side" 2>&1 || fail "final verify on laptop $side exited non-zero: $(grep -v '^OK' "$WORK/verify-$side" | head -3 | tr '\n' ' ')"
done
LEFT=$(find "$WORK/home-a/vault" "$WORK/home-b/vault" -name '*sync-conflict*' ! -path '*/keys/*' | wc -l)
[ "$LEFT" = 0 ] || fail "$LEFT sync-conflict copies remain after verify"
DEVICES=$(grep -o 'from [0-9]* devices' "$WORK/verify-a" | head -1)

echo "sync-test: OK: $EXPECTED_ENTRIES entries, 4 keep names, 3 partners, 4 exports on both laptops; verify clean on both ($DEVICES)"
echo "sync-test: Syncthing conflict copies seen after the rounds: $CONFLICTS (merged by verify); setup ${SETUP}s, two concurrent rounds ${WORKTIME}s, total $(( $(date +%s) - START ))s"
