#!/usr/bin/env bash
# Indexing at archive scale, side by side with the bare engine.
# Usage: bench/indexing.sh [N ...]   (archive sizes in articles, default: 20000 200000)
#
# For each N the archive is built once by make-scale-corpus.py into $MORGUE_SCALE_DIR/N
# (default target/scale/N). Then, in one run:
#   - `morgue index --rebuild` of the mixed-format archive (segmentation included): wall time,
#     MB/s of archive files, peak RSS, index size and its ratio to the archive's bytes;
#   - a re-run on the unchanged archive (the incremental no-op);
#   - tantivy-cli 0.24 indexing the same articles already segmented (docs.ndjson), with the
#     equivalent schema (the same five text fields stored, with positions and English stems;
#     the date indexed, fast and stored): the bare-engine reference.
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

# `timed OUT CMD...`: run CMD, write "seconds peak_kb" to OUT (GNU time; stdout discarded).
timed() {
  local out=$1
  shift
  /usr/bin/time -f "%e %M" -o "$out" "$@" >/dev/null
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

  echo "== $N articles: morgue index (archive $((archive_bytes / 1000000)) MB)" >&2
  idx="$WORK/morgue-$N"
  timed "$WORK/full" $MORGUE --quiet --index "$idx" index --rebuild "$SCALE/archive"
  read -r m_secs m_kb <"$WORK/full"
  m_bytes=$(du -sb "$idx" | cut -f1)
  timed "$WORK/noop" $MORGUE --quiet --index "$idx" index "$SCALE/archive"
  read -r noop_secs _ <"$WORK/noop"
  articles=$($MORGUE --index "$idx" stats --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["articles"])')
  rm -rf "$idx"

  echo "== $N articles: tantivy-cli index (docs.ndjson $((ndjson_bytes / 1000000)) MB)" >&2
  tidx="$WORK/tantivy-$N"
  rm -rf "$tidx" && mkdir -p "$tidx"
  tantivy_meta >"$tidx/meta.json"
  # tantivy-cli reports a document it cannot take on stdout and goes on: count them.
  /usr/bin/time -f "%e %M" -o "$WORK/tantivy" \
    $TANTIVY index -i "$tidx" -f "$SCALE/docs.ndjson" >"$WORK/tantivy.log"
  read -r t_secs t_kb <"$WORK/tantivy"
  t_bytes=$(du -sb "$tidx" | cut -f1)
  refused=$(grep -c "Failed to add" "$WORK/tantivy.log" || true)
  [ "$refused" -eq 0 ] || echo "warning: tantivy-cli refused $refused documents" >&2
  rm -rf "$tidx"

  ROWS+=("$N $articles $archive_bytes $m_secs $m_kb $m_bytes $noop_secs $ndjson_bytes $t_secs $t_kb $t_bytes")
done

python3 - "${ROWS[@]}" <<'EOF'
import sys
rows = [r.split() for r in sys.argv[1:]]
print("| archive | articles | files MB | morgue index | MB/s | peak RSS | index MB (x archive) | no-op re-run (share) | tantivy-cli on docs.ndjson | tantivy-cli RSS | tantivy-cli index MB | morgue / tantivy-cli |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
first = None
for n, arts, ab, ms, mkb, mb, noop, nb, ts, tkb, tb in rows:
    ab, ms, mkb, mb, noop, nb, ts, tkb, tb = map(float, (ab, ms, mkb, mb, noop, nb, ts, tkb, tb))
    print(f"| {int(n):,} | {int(arts):,} | {ab/1e6:.0f} | {ms:.1f} s | {ab/1e6/ms:.1f} | {mkb/1024:.0f} MB "
          f"| {mb/1e6:.0f} ({mb/ab:.2f}x) | {noop:.2f} s ({noop/ms:.1%}) | {ts:.1f} s | {tkb/1024:.0f} MB "
          f"| {tb/1e6:.0f} ({tb/ab:.2f}x) | {ms/ts:.2f}x |")
    if first is None:
        first = (int(n), ms)
    else:
        print(f"\n{int(n):,} articles took {ms/first[1]:.1f}x the time of {first[0]:,} ({int(n)/first[0]:.0f}x the articles)")
EOF
