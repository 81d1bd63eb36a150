#!/usr/bin/env bash
# What finding people, organisations and places costs at ingest: `morgue index` of the scale
# archive by this commit, against the same commit with the call that finds them replaced by an
# empty list (copies and everything else unchanged).
# Usage: bench/entity-cost.sh [N] [RUNS]   (archive size, default 20000; alternating runs of each,
#   default 5; from the repository root, ../shared beside it).
#   MORGUE_BENCH_INSTRUCTIONS=1 counts instructions instead (valgrind; see below).
#
# The archive is built once by make-scale-corpus.py into $MORGUE_SCALE_DIR/N (default
# target/scale/N), as bench/indexing.sh does. The build without entities is made from `git
# archive HEAD` with one line changed, in a target directory of its own (cargo would otherwise
# leave one build's binary where the other's is expected; the first run compiles the
# dependencies again, a few minutes). Prints the median wall time and CPU time of each, and the
# ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-20000}"
RUNS="${2:-5}"
TOOLS="${MORGUE_CORPORA:-../shared/corpora}/../tools"
SCALE="${MORGUE_SCALE_DIR:-target/scale}/$N"
WORK=target/bench-index/entity-cost
mkdir -p "$WORK"
if [ ! -d "$SCALE/archive" ]; then
  echo "building the $N-article archive (once)..." >&2
  python3 "$TOOLS/make-scale-corpus.py" "$N" "$SCALE" >&2
fi

# The same commit without entities.
rm -rf "$WORK/src" "$WORK"/index-*
mkdir -p "$WORK/src"
# Files dated now (-m), not at the commit: cargo rebuilds only sources newer than its last
# build here, and an older commit's files would be taken for that build's.
git archive HEAD | tar -x -m -C "$WORK/src"
CALL='let named = crate::extract::entities::find(article);'
grep -qF "$CALL" "$WORK/src/src/ingest/mod.rs" || {
  echo "entity-cost.sh: the call to patch is not in src/ingest/mod.rs any more: update this script" >&2
  exit 2
}
sed -i "s|$CALL|let named = crate::extract::entities::Entities::default();|" "$WORK/src/src/ingest/mod.rs"
cargo build --release --quiet --manifest-path "$WORK/src/Cargo.toml" --target-dir "$WORK/target"
cp "$WORK/target/release/morgue" "$WORK/morgue-without-entities"
cargo build --release --quiet
cp target/release/morgue "$WORK/morgue"

# Instructions instead of time (MORGUE_BENCH_INSTRUCTIONS=1): one run of each under valgrind's
# callgrind, which counts the instructions executed. The count barely moves between runs, where
# wall time on a shared machine moves by a fifth from one minute to the next; a 2,000-article
# archive takes about a minute each.
if [ "${MORGUE_BENCH_INSTRUCTIONS:-0}" = 1 ]; then
  command -v valgrind >/dev/null || { echo "entity-cost.sh: valgrind is not installed" >&2; exit 2; }
  declare -A count
  for side in morgue-without-entities morgue; do
    rm -rf "$WORK/index-$side"
    count[$side]=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null \
      "$WORK/$side" --quiet --index "$WORK/index-$side" index "$SCALE/archive" --rebuild 2>&1 |
      sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
  done
  python3 - "$N" "${count[morgue-without-entities]}" "${count[morgue]}" <<'EOF2'
import sys
n, base, full = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
print(f"{n} articles, instructions executed (callgrind):")
print(f"  morgue-without-entities  {base / 1e9:7.3f} G")
print(f"  morgue                   {full / 1e9:7.3f} G")
print(f"  entities cost {100 * (full / base - 1):+.1f}% instructions (target: at most +20% time)")
EOF2
  exit 0
fi

# Alternating runs, each a full rebuild of its own index; the page cache warmed first.
find "$SCALE/archive" -type f -exec cat {} + >/dev/null
: > "$WORK/times"
for _ in $(seq "$RUNS"); do
  for side in morgue-without-entities morgue; do
    /usr/bin/time -f "$side %e %U %S" -a -o "$WORK/times" \
      "$WORK/$side" --quiet --index "$WORK/index-$side" index "$SCALE/archive" --rebuild
  done
done
python3 - "$WORK/times" "$N" "$RUNS" <<'EOF'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
def median(side, f):
    return statistics.median(f(r) for r in rows if r[0] == side)
wall = {s: median(s, lambda r: float(r[1])) for s in ("morgue-without-entities", "morgue")}
cpu = {s: median(s, lambda r: float(r[2]) + float(r[3])) for s in wall}
print(f"{sys.argv[2]} articles, {sys.argv[3]} alternating runs each (medians):")
for s in wall:
    print(f"  {s:24} {wall[s]:6.2f} s wall  {cpu[s]:6.2f} s CPU")
base, full = wall["morgue-without-entities"], wall["morgue"]
print(f"  entities cost {100 * (full / base - 1):+.0f}% wall, "
      f"{100 * (cpu['morgue'] / cpu['morgue-without-entities'] - 1):+.0f}% CPU (target: at most +20%)")
# Each run against the one just before it: the machine's speed drifts from minute to minute, and
# a pair shares its minute.
pairs = [100 * (float(b[1]) / float(a[1]) - 1) for a, b in zip(rows[::2], rows[1::2])]
print("  pairs (wall): " + ", ".join(f"{p:+.0f}%" for p in pairs)
      + f"; median pair {statistics.median(pairs):+.0f}%")
EOF
