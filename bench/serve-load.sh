#!/usr/bin/env bash
# `morgue serve` under load: 16 clients asking two-word queries (10 hits with snippets) of the
# 200,000-article scale archive for 5 minutes; throughput, latency and the server's memory.
# Usage: bench/serve-load.sh [N] [SECONDS] [CLIENTS]   (defaults 200000, 300, 16; from the
#   repository root). The archive, its index and the queries are those bench/search-latency.sh
#   builds in $MORGUE_SCALE_DIR/N (default target/scale/N): run it first.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-200000}"
SCALE="${MORGUE_SCALE_DIR:-target/scale}/$N"
if [ ! -f "$SCALE/queries.jsonl" ] || [ ! -d "$SCALE/index" ]; then
  echo "serve-load.sh: no index and queries in $SCALE: run bench/search-latency.sh $N first" >&2
  exit 2
fi
cargo build --release --quiet
MORGUE_BENCH_INDEX="$SCALE/index" MORGUE_BENCH_QUERIES="$SCALE/queries.jsonl" \
  MORGUE_BENCH_SECONDS="${2:-300}" MORGUE_BENCH_CLIENTS="${3:-16}" \
  cargo bench --bench serve_load
