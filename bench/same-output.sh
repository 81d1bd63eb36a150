#!/usr/bin/env bash
# Do two builds give the same output? `morgue segment --json` over every page under the shared
# corpora and corpus/ (one process per folder), and `morgue search --json -n 100` for every
# Reuters query of score-search.py, compared line by line.
#
# Usage: bench/same-output.sh OLD_MORGUE NEW_MORGUE [WORK_DIR]
#   (from the repository root; ../shared beside it). OLD_MORGUE is a binary built from the
#   commit to compare against: `git worktree add /tmp/old REV && cargo build --release
#   --manifest-path /tmp/old/Cargo.toml --target-dir /tmp/old/target`. (Not this repository's
#   target directory: cargo takes the two builds of morgue for one, and the next `cargo build`
#   here leaves the other commit's binary in target/release.)
#
# The segment comparison allows what issue 11 changed on purpose: each line's new "type" key,
# and the "lang" that text pages gained. The search comparison allows equal scores in another
# order (ties are broken by id, and ids now come from real paths).
set -euo pipefail
cd "$(dirname "$0")/.."
OLD="$1"; NEW="$2"; WORK="${3:-$(mktemp -d)}"
C="${MORGUE_CORPORA:-../shared/corpora}"
mkdir -p "$WORK/old" "$WORK/new"
for side in old new; do
  bin=$([ "$side" = old ] && echo "$OLD" || echo "$NEW")
  python3 bench/compare/segment_snapshot.py "$bin" "$WORK/$side/segment.jsonl" "$C" corpus 2>/dev/null
done
python3 bench/compare/compare_segment.py "$WORK/old/segment.jsonl" "$WORK/new/segment.jsonl"
python3 "$C/../tools/score-search.py" prepare "$WORK/reuters" --corpus "$C/reuters-21578" >/dev/null
for side in old new; do
  bin=$([ "$side" = old ] && echo "$OLD" || echo "$NEW")
  rm -rf "$WORK/reuters/index"
  "$bin" --quiet --index "$WORK/reuters/index" index "$WORK/reuters/archive"
  python3 bench/compare/reuters_results.py "$bin" "$WORK/reuters" "$WORK/$side/reuters.jsonl"
done
python3 bench/compare/compare_reuters.py "$WORK/old/reuters.jsonl" "$WORK/new/reuters.jsonl"
