#!/usr/bin/env python3
"""Plain-text segmentation on the two halves of the article-extraction benchmark's development
half (issue 14, part 3: the rules must hold on pages they were not tuned on). The halves are
fixed by each page's id (its first byte even or odd), so that anyone splits them alike; half A
is the one to tune on, half B the one to report.

  bench/text-halves.py [MORGUE]    (default target/release/morgue; from the repository root)

Scores with the shared scorer's own formula (`zyte_prf` of score-segmentation.py: mean
precision and mean recall over pages, then their harmonic mean), from its --per-doc output.
"""
import importlib.util, json, os, subprocess, sys, tempfile

morgue = sys.argv[1] if len(sys.argv) > 1 else "target/release/morgue"
corpora = os.environ.get("MORGUE_CORPORA", "../shared/corpora")
tool = os.path.join(corpora, "..", "tools", "score-segmentation.py")
spec = importlib.util.spec_from_file_location("scorer", tool)
scorer = importlib.util.module_from_spec(spec)
spec.loader.exec_module(scorer)
with tempfile.TemporaryDirectory() as work:
    per_doc = os.path.join(work, "per-doc.jsonl")
    subprocess.run(
        [sys.executable, tool, "zyte", os.path.join(corpora, "article-extraction-benchmark-dev"),
         "--input", "text", "--with-standfirst", "--cmd", f"{morgue} segment --json",
         "--per-doc", per_doc],
        check=True, stdout=subprocess.DEVNULL)
    rows = [json.loads(line) for line in open(per_doc)]
halves = {"A": [], "B": []}
for row in rows:
    halves["A" if int(row["id"][:2], 16) % 2 == 0 else "B"].append(tuple(row["tp_fp_fn"]))
whole = scorer.zyte_prf([t for h in halves.values() for t in h])
print(f"all   {len(rows):3d} pages  body F1 {whole['f1']:.3f}")
for name, triples in halves.items():
    m = scorer.zyte_prf(triples)
    print(f"half {name} {len(triples):3d} pages  body F1 {m['f1']:.3f}  (P {m['precision']:.3f}, R {m['recall']:.3f})")
a, b = (scorer.zyte_prf(halves[h])["f1"] for h in "AB")
print(f"gap   {abs(a - b):.4f}   (targets: all >= 0.92, gap <= 0.01)")
