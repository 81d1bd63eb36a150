#!/usr/bin/env bash
# Known-item search per language and script (issue 14): can a reader find an article again from a
# few of its words? Runs the shared scorer on each set with the release build.
# Usage: bench/known-item.sh [SET...]   (sets: ja zh ru trafilatura; default all; from the
#   repository root, ../shared beside it)
source "$(dirname "$0")/common.sh"
T="$C/../tools/score-known-item.py"
M="$(pwd)/target/release/morgue"
SETS=("$@")
[ ${#SETS[@]} -eq 0 ] && SETS=(ja zh ru trafilatura)
for set in "${SETS[@]}"; do
  echo "== $set"
  case "$set" in
    ja) python3 "$T" pairs "$C/livedoor-ja/pairs.jsonl" --morgue "$M" ;;
    zh) python3 "$T" pairs "$C/cnews-zh/pairs.jsonl" --morgue "$M" ;;
    ru) python3 "$T" pairs "$C/ria-ru/pairs.jsonl" --morgue "$M" ;;
    trafilatura) python3 "$T" trafilatura "$C/trafilatura-eval-dev" --morgue "$M" ;;
    *) echo "unknown set $set (ja zh ru trafilatura)" >&2; exit 2 ;;
  esac
done
