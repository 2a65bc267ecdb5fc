#!/usr/bin/env bash
# `make bench`: evault against age, sha256sum and friends, measured in one run.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 scripts/bench.py "$@"
bash scripts/bench-members.sh
python3 scripts/bench_log.py
