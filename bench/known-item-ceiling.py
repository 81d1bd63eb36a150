#!/usr/bin/env python3
"""How well can any engine do on livedoor's known-item queries? (issue 14)

The shared scorer searches 6-10 characters of each article's headline. Many headlines share
those characters (series such as "独女的映画レビュー vol.8"), and nothing in the query says which
of them the reader meant. This script ranks, for every query, the articles whose headline holds
it, three ways, with ties shared evenly (the expected reciprocal rank over a random order):

  random                the articles whose headline holds the query, in any order
  shortest headline     the query covers more of a shorter headline (what BM25's length
                        normalisation on the title does)
  scorer's sampling     the shortest longest-unspaced-run first: the scorer draws the query from
                        the headline's longest run of CJK characters, so this is fitting the
                        scorer, not serving a reader

  bench/known-item-ceiling.py        (from the repository root; MORGUE_CORPORA or ../shared/corpora)
"""
import importlib.util, json, os, random, re, sys

corpora = os.environ.get("MORGUE_CORPORA", "../shared/corpora")
spec = importlib.util.spec_from_file_location(
    "known_item", os.path.join(corpora, "..", "tools", "score-known-item.py"))
known_item = importlib.util.module_from_spec(spec)
spec.loader.exec_module(known_item)
base = os.path.abspath(os.path.join(corpora, "livedoor-ja"))
pairs = known_item.file_pairs(os.path.join(base, "pairs.jsonl"), random.Random(7))  # the scorer's seed
titles = {}
for line in open(os.path.join(base, "pairs.jsonl"), encoding="utf-8"):
    o = json.loads(line)
    titles[os.path.normpath(os.path.join(base, o["path"]))] = o["text"]
RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]{6,}")


def expected_rr(target, holders, key):
    """Expected 1/rank (0 past 10) of `target` when `holders` are sorted by `key`, ties random."""
    kt = key(target)
    better = sum(1 for h in holders if key(h) < kt)
    same = sum(1 for h in holders if key(h) == kt)
    return sum(1 / (better + i) for i in range(1, same + 1) if better + i <= 10) / same


def longest_run(path):
    runs = RUN.findall(titles[path])
    return len(max(runs, key=len)) if runs else sys.maxsize


for name, key in [("random", lambda p: 0),
                  ("shortest headline", lambda p: len(titles[p])),
                  ("scorer's sampling", longest_run)]:
    total = 0.0
    for path, query in pairs:
        holders = [p for p, t in titles.items() if query in t]
        if path not in holders:
            holders.append(path)
        total += expected_rr(path, holders, key)
    print(f"{name:20s} MRR@10 {total / len(pairs):.3f}   ({len(pairs)} queries)")
