#!/usr/bin/env bash
# Search speed at archive scale: in-process latency per query class (cargo bench), then whole
# `morgue search` processes against ripgrep over the same archive, side by side.
# Usage: bench/search-latency.sh [N]   (N articles, default 200000; from the repository root)
# The archive (make-scale-corpus.py) and its index are built once and kept in
# $MORGUE_SCALE_DIR/N (default target/scale/N); a stale index (another schema) is rebuilt.
# ripgrep 14.1.1 is installed into target/tools when `rg` is not on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-200000}"
TOOLS="${MORGUE_CORPORA:-../shared/corpora}/../tools"
SCALE="${MORGUE_SCALE_DIR:-target/scale}/$N"
MORGUE=target/release/morgue
cargo build --release --quiet
if [ ! -f "$SCALE/truth.jsonl" ]; then
  python3 "$TOOLS/make-scale-corpus.py" "$N" "$SCALE"
fi
set +e
$MORGUE --quiet --index "$SCALE/index" search zzzzqx >/dev/null 2>&1
status=$?
set -e
if [ "$status" -eq 2 ]; then
  rm -rf "$SCALE/index"
  echo "indexing $N articles (once)..." >&2
  /usr/bin/time -f "index: %e s, %M KB peak RSS" $MORGUE --quiet --index "$SCALE/index" index "$SCALE/archive"
fi

# Queries from the articles' own titles, so that each has answers: two words of one title,
# two adjacent title words as a phrase, and two words filtered to that article's year.
python3 - "$SCALE/truth.jsonl" > "$SCALE/queries.jsonl" <<'EOF'
import json, random, re, sys
STOP = set("about after again also among been before being could from have into more most only "
           "other over said says some such than that their them then there these they this "
           "those through under very were what when where which while will with would year "
           "years".split())
rng = random.Random(7)
rows = [json.loads(l) for l in open(sys.argv[1])]
picked = rng.sample(rows, 300)
out = []
for i, r in enumerate(picked):
    words = [w.lower() for w in re.findall(r"[A-Za-z]{4,}", r["title"]) if w.lower() not in STOP]
    if len(words) < 2:
        continue
    kind = ("two-word", "phrase", "filtered")[i % 3]
    if kind == "two-word":
        out.append({"class": kind, "query": " ".join(rng.sample(words, 2))})
    elif kind == "phrase":
        pairs = re.findall(r"(?=\b([A-Za-z]{3,}) ([A-Za-z]{3,})\b)", r["title"])
        if pairs:
            a, b = rng.choice(pairs)
            out.append({"class": kind, "query": f'"{a.lower()} {b.lower()}"'})
    elif r.get("date"):
        y = r["date"][:4]
        out.append({"class": kind, "query": " ".join(rng.sample(words, 2)), "since": y, "until": y})
for q in out:
    print(json.dumps(q))
EOF
echo "== in-process latency, query + snippets for 10 hits ($N articles, $(wc -l < "$SCALE/queries.jsonl") queries)"
MORGUE_BENCH_INDEX="$SCALE/index" MORGUE_BENCH_QUERIES="$SCALE/queries.jsonl" \
  cargo bench --quiet --bench search_latency

RG="$(command -v rg || true)"
if [ -z "$RG" ]; then
  [ -x target/tools/bin/rg ] || cargo install ripgrep --version 14.1.1 --locked --root target/tools
  RG=target/tools/bin/rg
fi
echo "== whole processes: morgue search A B  vs  rg -l -w A | xargs rg -l -w B (20 two-word queries)"
python3 - "$SCALE" "$MORGUE" "$RG" <<'EOF'
import json, statistics, subprocess, sys, time
scale, morgue, rg = sys.argv[1:4]
qs = [json.loads(l)["query"] for l in open(f"{scale}/queries.jsonl") if '"two-word"' in l][:20]
def run(cmd, shell=False):
    t = time.perf_counter()
    subprocess.run(cmd, shell=shell, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t
# Warm the page cache for both: one untimed pass each.
run(f"{rg} -l -w zzzzqx {scale}/archive", shell=True)
m_times, r_times = [], []
for q in qs:
    a, b = q.split()
    run([morgue, "--index", f"{scale}/index", "search", q])
    m_times.append(statistics.median(run([morgue, "--index", f"{scale}/index", "search", q]) for _ in range(3)))
    r_times.append(run(f"{rg} -l -w {a} {scale}/archive | xargs -r {rg} -l -w {b} > /dev/null", shell=True))
m, r = statistics.median(m_times), statistics.median(r_times)
print(f"morgue search process  median {m*1e3:8.1f} ms   max {max(m_times)*1e3:8.1f} ms")
print(f"rg -l -w A | rg -l -w B median {r*1e3:8.1f} ms   max {max(r_times)*1e3:8.1f} ms")
print(f"morgue is {r/m:.0f}x faster (median over median)")
EOF
