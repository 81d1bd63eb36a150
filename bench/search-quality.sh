#!/usr/bin/env bash
# Search quality on Reuters-21578 queries with known answers, scored by the shared tool.
# Usage: bench/search-quality.sh [SEED]   (from the repository root; ../shared beside it)
# Builds the query set and archive in a temp folder, indexes it with the release build, runs the
# queries one process each (so the latency columns are whole `morgue search` processes).
set -euo pipefail
cd "$(dirname "$0")/.."
C="${MORGUE_CORPORA:-../shared/corpora}"
T="$C/../tools/score-search.py"
SEED="${1:-}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cargo build --release --quiet
python3 "$T" prepare "$WORK" --corpus "$C/reuters-21578" ${SEED:+--seed "$SEED"} >/dev/null
target/release/morgue --quiet --index "$WORK/index" index "$WORK/archive"
# --all-copies: the tool's truth counts each copy of a story as relevant; folding copies into one
# hit (the default) is a matter of display, measured apart.
python3 "$T" run "$WORK" --cmd "target/release/morgue search --json --all-copies" --index "$WORK/index"
