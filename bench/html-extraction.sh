#!/usr/bin/env bash
# HTML extraction: quality on the three page sets (scored by the shared tool) and speed.
# Usage: bench/html-extraction.sh        (from the repository root; ../shared beside it)
# Record the figures in BENCHMARKS.md with the machine and the commit.
source "$(dirname "$0")/common.sh"

echo "== article-extraction benchmark, dev half, HTML (target body F1 >= 0.97 with standfirst)"
python3 "$T" zyte "$C/article-extraction-benchmark-dev" --with-standfirst --cmd "$MORGUE"
echo "== same, body alone (what the published figures measure)"
python3 "$T" zyte "$C/article-extraction-benchmark-dev" --cmd "$MORGUE"
echo "== readability test pages, dev half, HTML"
python3 "$T" readability "$C/readability-test-pages-dev" --cmd "$MORGUE"
echo "== trafilatura evaluation, dev share, HTML"
python3 "$T" trafilatura "$C/trafilatura-eval-dev" --cmd "$MORGUE"

echo "== speed: every dev page in one process, one core (segmentation is single-threaded)"
python3 - "$C" <<'PY'
import os, subprocess, sys, time
corpora = sys.argv[1]
pages = []
for d in ["article-extraction-benchmark-dev/html", "readability-test-pages-dev/pages",
          "trafilatura-eval-dev/eval", "trafilatura-eval-dev/cache"]:
    for root, _, files in os.walk(os.path.join(corpora, d)):
        pages += [os.path.join(root, f) for f in files if f == "source.html" or
                  (f.endswith(".html") and "readability" not in d)]
pages.sort()
size = sum(os.path.getsize(p) for p in pages)
best = None
for _ in range(3):
    start = time.perf_counter()
    subprocess.run(["target/release/morgue", "segment", "--json", *pages],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    took = time.perf_counter() - start
    best = took if best is None else min(best, took)
print(f"{len(pages)} pages, {size / 1e6:.1f} MB of HTML in {best:.2f} s (best of 3): "
      f"{size / 1e6 / best:.1f} MB/s, {len(pages) / best:.0f} pages/s")
# The slowest single pages, each in its own process (process start included).
times = []
for p in pages:
    start = time.perf_counter()
    subprocess.run(["target/release/morgue", "segment", "--json", p],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times.append((time.perf_counter() - start, os.path.getsize(p), p))
times.sort(reverse=True)
for took, bytes_, p in times[:3]:
    print(f"slowest: {took * 1000:.0f} ms, {bytes_ / 1e6:.2f} MB: {p}")
PY

echo "== speed: pages built to be slow (50 MB, 100,000-deep nesting, 1 MB of dense paragraphs)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
python3 - "$WORK" <<'PY'
import sys
work = sys.argv[1]
prose = "<p>The council approved the new budget on Tuesday after a long debate.</p>"
big = ("<html><head><title>Big</title><script>" + "var x = 1; " * 1_000_000 + "</script>"
       + '<img src="data:image/png;base64,' + "A" * 10_000_000 + '"></head><body><h1>Big</h1>'
       + prose * (30_000_000 // len(prose)) + "</body></html>")
open(f"{work}/50mb.html", "w").write(big)
open(f"{work}/deep.html", "w").write("<html><body><h1>Deep</h1>" + "<div>" * 100_000 + prose * 2 + "</div>" * 100_000 + "</body></html>")
open(f"{work}/dense.html", "w").write("<html><body><h1>Dense</h1>" + prose * (1_000_000 // len(prose)) + "</body></html>")
PY
for f in "$WORK"/*.html; do
  /usr/bin/time -f "$(basename "$f"): %e s, %M KB peak RSS" target/release/morgue segment --json "$f" > /dev/null 2> "$WORK/err" || true
  tail -n 1 "$WORK/err"
done
