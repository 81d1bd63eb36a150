# Shared by the quality benchmarks: run from the repository root with the release build and the
# shared scorer. Sourced, not run. Sets C (corpora), T (scorer) and MORGUE (the command scored).
set -euo pipefail
cd "$(dirname "$0")/.."
C="${MORGUE_CORPORA:-../shared/corpora}"
T="$C/../tools/score-segmentation.py"
cargo build --release --quiet
MORGUE="target/release/morgue segment --json"
