#!/usr/bin/env python3
"""Every query of OUTDIR/queries.jsonl through `MORGUE search --json -n 100`, one line per query:
the ranked (path, score, title) of the hits and the summary's total."""
import json, subprocess, sys
morgue, work, out_path = sys.argv[1:]
# Every copy a hit of its own, where the build folds copies (ranking is what is compared).
help_text = subprocess.run([morgue, "search", "--help"], capture_output=True, text=True).stdout
all_copies = ["--all-copies"] if "--all-copies" in help_text else []
with open(out_path, "w") as out, open(f"{work}/queries.jsonl") as qs:
    for line in qs:
        q = json.loads(line)
        p = subprocess.run([morgue, "--index", f"{work}/index", "search", "--json", "-n", "100", *all_copies, "--", q["query"]], capture_output=True, text=True)
        hits, total = [], None
        for l in p.stdout.splitlines():
            v = json.loads(l)
            if v["type"] == "hit":
                hits.append([v["path"].split("/archive/")[-1], round(v["score"], 4), v["title"]])
            elif v["type"] == "summary":
                total = v["total"]
        out.write(json.dumps({"query": q["query"], "set": q["set"], "code": p.returncode, "total": total, "hits": hits}) + "\n")
