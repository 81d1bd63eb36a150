#!/usr/bin/env bash
# Memory while indexing a large web archive (issue 14: "a multi-gigabyte WARC is read with memory
# bounded by the largest record"). Packs the article-extraction benchmark's pages, repeated under
# new addresses until the archive reaches SIZE_MB, into one WARC (one response record per page),
# then indexes it with the release build and prints wall time and peak RSS (GNU time). Run it
# with two sizes: the peak should not grow with the archive.
# Usage: bench/warc-memory.sh [SIZE_MB ...]   (default: 250 1000; from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
C="${MORGUE_CORPORA:-../shared/corpora}"
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(250 1000)
WORK=target/bench-index/warc-memory
mkdir -p "$WORK"
cargo build --release --quiet
for size in "${SIZES[@]}"; do
  warc="$WORK/archive-$size/crawl.warc"
  if [ ! -f "$warc" ]; then
    mkdir -p "$(dirname "$warc")"
    python3 - "$C/article-extraction-benchmark-dev/html" "$warc" "$size" <<'PY'
import os, sys
pages_dir, out, size_mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
pages = [open(os.path.join(pages_dir, n), "rb").read() for n in sorted(os.listdir(pages_dir))]
written, round_ = 0, 0
with open(out, "wb") as f:
    while written < size_mb * 1_000_000:
        for i, page in enumerate(pages):
            http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + page
            head = (f"WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://bench.example/{round_}/{i}\r\n"
                    f"WARC-Date: 2024-05-20T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
                    f"Content-Length: {len(http)}\r\n\r\n").encode()
            f.write(head + http + b"\r\n\r\n")
            written += len(head) + len(http) + 4
        round_ += 1
print(f"{out}: {written / 1e6:.0f} MB, {round_ * len(pages)} pages", file=sys.stderr)
PY
  fi
  rm -rf "$WORK/index-$size"
  /usr/bin/time -f "$size MB archive: %e s wall, peak RSS %M KB" \
    target/release/morgue --quiet --index "$WORK/index-$size" index "$(dirname "$warc")"
  target/release/morgue --index "$WORK/index-$size" stats | head -2 | tail -1
done
