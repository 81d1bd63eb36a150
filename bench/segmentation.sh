#!/usr/bin/env bash
# Segmentation quality on the shared corpora, scored by the shared tool, with the release build.
# Usage: bench/segmentation.sh            (from the repository root; ../shared beside it)
# Prints each set's headline figures; record them in BENCHMARKS.md with machine and commit.
source "$(dirname "$0")/common.sh"

echo "== article-extraction benchmark, dev half, text dumps (target body F1 >= 0.90)"
python3 "$T" zyte "$C/article-extraction-benchmark-dev" --input text --with-standfirst --cmd "$MORGUE"
echo "== BBC News 2225 (target title exact 1.000)"
python3 "$T" bbc "$C/bbc-news-2225" --cmd "$MORGUE"
echo "== readability test pages, dev half, text dumps (for reference)"
python3 "$T" readability "$C/readability-test-pages-dev" --input text --cmd "$MORGUE"
echo "== trafilatura evaluation, dev share, text dumps (for reference)"
python3 "$T" trafilatura "$C/trafilatura-eval-dev" --input text --cmd "$MORGUE"
