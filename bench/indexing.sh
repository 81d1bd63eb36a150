#!/usr/bin/env bash
# Indexing at archive scale, side by side with the bare engine.
# Usage: bench/indexing.sh [N ...]   (archive sizes in articles, default: 20000 200000)
#
# For each N the archive is built once by make-scale-corpus.py into $MORGUE_SCALE_DIR/N
# (default target/scale/N). Then, in one run:
#   - `morgue index --rebuild` of the mixed-format archive (segmentation included): wall time,
#     CPU time, MB/s of archive files, peak RSS, index size and its ratio to the archive's bytes;
#   - a re-run on the unchanged archive (the incremental no-op);
#   - tantivy-cli 0.24 indexing the same articles already segmented (docs.ndjson), with the
#     equivalent schema (the same five text fields stored, with positions and English stems;
#     the date indexed, fast and stored): the bare-engine reference.
# The two indexings alternate $MORGUE_BENCH_PAIRS times (default 3), each into an empty index,
# and the table gives the medians and the median of the pairs' ratios: on a shared machine the
# same run takes 20-40% longer in a slow minute, and a pair run back to back shares that minute.
# tantivy-cli is installed into target/tools when missing (without --locked: its lock file no
# longer builds with current Rust). Indexes are written under target/bench-index and removed.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(20000 200000)
TOOLS="${MORGUE_CORPORA:-../shared/corpora}/../tools"
MORGUE=target/release/morgue
TANTIVY=target/tools/bin/tantivy
WORK=target/bench-index
cargo build --release --quiet
[ -x "$TANTIVY" ] || cargo install tantivy-cli --version 0.24.0 --root target/tools
mkdir -p "$WORK"

# `timed OUT CMD...`: run CMD, write "wall_seconds peak_kb cpu_seconds" to OUT (GNU time;
# stdout discarded).
timed() {
  local out=$1
  shift
  /usr/bin/time -f "%e %M %U %S" -o "$out" "$@" >/dev/null
  awk '{printf "%s %s %.2f\n", $1, $2, $3 + $4}' "$out" >"$out.tmp" && mv "$out.tmp" "$out"
}

# tantivy-cli creates an index interactively; this is the meta.json it would write.
tantivy_meta() {
  python3 - <<'EOF'
import json
text = {"indexing": {"record": "position", "fieldnorms": True, "tokenizer": "en_stem"},
        "stored": True, "fast": False}
fields = [{"name": n, "type": "text", "options": text}
          for n in ("title", "standfirst", "byline", "body")]
fields.insert(3, {"name": "date", "type": "date", "options": {
    "indexed": True, "fieldnorms": False, "fast": True, "stored": True, "precision": "seconds"}})
print(json.dumps({"index_settings": {"docstore_compression": "lz4", "docstore_blocksize": 16384},
                  "segments": [], "schema": fields, "opstamp": 0}))
EOF
}

PAIRS=${MORGUE_BENCH_PAIRS:-3}
[[ "$PAIRS" =~ ^[1-9][0-9]*$ ]] || { echo "MORGUE_BENCH_PAIRS=$PAIRS: give a whole number of pairs, 1 or more" >&2; exit 2; }

# `median V...`: the median of the numbers given (the mean of the middle two when even).
median() {
  printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'
}

ROWS=()
for N in "${SIZES[@]}"; do
  SCALE="${MORGUE_SCALE_DIR:-target/scale}/$N"
  if [ ! -f "$SCALE/docs.ndjson" ]; then
    echo "building the $N-article archive (once)..." >&2
    python3 "$TOOLS/make-scale-corpus.py" "$N" "$SCALE" >&2
  fi
  archive_bytes=$(find "$SCALE/archive" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
  ndjson_bytes=$(stat -c %s "$SCALE/docs.ndjson")
  # Read both inputs once so that neither run pays for a cold page cache.
  cat "$SCALE/docs.ndjson" >/dev/null
  find "$SCALE/archive" -type f -exec cat {} + >/dev/null

  idx="$WORK/morgue-$N"
  tidx="$WORK/tantivy-$N"
  M_SECS=() M_CPU=() T_SECS=() T_CPU=() RATIOS=() m_kb=0 t_kb=0
  for pair in $(seq "$PAIRS"); do
    echo "== $N articles, pair $pair/$PAIRS: morgue index (archive $((archive_bytes / 1000000)) MB)" >&2
    timed "$WORK/full" $MORGUE --quiet --index "$idx" index --rebuild "$SCALE/archive"
    read -r m_secs kb m_cpu <"$WORK/full"
    m_kb=$((kb > m_kb ? kb : m_kb))
    echo "== $N articles, pair $pair/$PAIRS: tantivy-cli index (docs.ndjson $((ndjson_bytes / 1000000)) MB)" >&2
    rm -rf "$tidx" && mkdir -p "$tidx"
    tantivy_meta >"$tidx/meta.json"
    # tantivy-cli reports a document it cannot take on stdout and goes on: count them.
    /usr/bin/time -f "%e %M %U %S" -o "$WORK/tantivy" \
      $TANTIVY index -i "$tidx" -f "$SCALE/docs.ndjson" >"$WORK/tantivy.log"
    read -r t_secs kb t_user t_sys <"$WORK/tantivy"
    t_kb=$((kb > t_kb ? kb : t_kb))
    refused=$(grep -c "Failed to add" "$WORK/tantivy.log" || true)
    [ "$refused" -eq 0 ] || echo "warning: tantivy-cli refused $refused documents" >&2
    M_SECS+=("$m_secs") M_CPU+=("$m_cpu") T_SECS+=("$t_secs")
    T_CPU+=("$(awk -v u="$t_user" -v s="$t_sys" 'BEGIN {print u + s}')")
    RATIOS+=("$(awk -v m="$m_secs" -v t="$t_secs" 'BEGIN {printf "%.2f", m / t}')")
    echo "   morgue ${m_secs} s (CPU ${m_cpu} s), tantivy-cli ${t_secs} s: ${RATIOS[-1]}x" >&2
  done
  t_bytes=$(du -sb "$tidx" | cut -f1)
  rm -rf "$tidx"
  m_bytes=$(du -sb "$idx" | cut -f1)
  timed "$WORK/noop" $MORGUE --quiet --index "$idx" index "$SCALE/archive"
  read -r noop_secs _ <"$WORK/noop"
  articles=$($MORGUE --index "$idx" stats --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["articles"])')
  rm -rf "$idx"
  m_secs=$(median "${M_SECS[@]}") m_cpu=$(median "${M_CPU[@]}")
  t_secs=$(median "${T_SECS[@]}") t_cpu=$(median "${T_CPU[@]}")
  ratio=$(median "${RATIOS[@]}")
  echo "== $N articles: pairs' ratios ${RATIOS[*]}" >&2

  ROWS+=("$N $articles $archive_bytes $m_secs $m_cpu $m_kb $m_bytes $noop_secs $ndjson_bytes $t_secs $t_cpu $t_kb $t_bytes $ratio $PAIRS")
done

python3 - "${ROWS[@]}" <<'EOF'
import sys
rows = [r.split() for r in sys.argv[1:]]
print("| archive | articles | files MB | morgue index (CPU) | MB/s | peak RSS | index MB (x archive) | no-op re-run (share) | tantivy-cli on docs.ndjson (CPU) | tantivy-cli RSS | tantivy-cli index MB | morgue / tantivy-cli |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
first = None
for n, arts, ab, ms, mc, mkb, mb, noop, nb, ts, tc, tkb, tb, ratio, pairs in rows:
    ab, ms, mc, mkb, mb, noop, nb, ts, tc, tkb, tb, ratio = map(
        float, (ab, ms, mc, mkb, mb, noop, nb, ts, tc, tkb, tb, ratio))
    print(f"| {int(n):,} | {int(arts):,} | {ab/1e6:.0f} | {ms:.1f} s ({mc:.1f} s) | {ab/1e6/ms:.1f} | {mkb/1024:.0f} MB "
          f"| {mb/1e6:.0f} ({mb/ab:.2f}x) | {noop:.2f} s ({noop/ms:.1%}) | {ts:.1f} s ({tc:.1f} s) | {tkb/1024:.0f} MB "
          f"| {tb/1e6:.0f} ({tb/ab:.2f}x) | {ratio:.2f}x |")
    if first is None:
        first = (int(n), ms)
    else:
        print(f"\n{int(n):,} articles took {ms/first[1]:.1f}x the time of {first[0]:,} ({int(n)/first[0]:.0f}x the articles)")
print(f"\nTimes are the medians of {pairs} alternating pairs; the ratio is the median of the pairs' ratios.")
EOF
