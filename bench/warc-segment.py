#!/usr/bin/env python3
"""A `morgue segment --json` stand-in for score-segmentation.py that goes through a web archive:
packs the pages it is given into one WARC (a response record each, gzip per record), runs
`morgue segment --json` on that archive, and prints each article with the "path" of the page it
came from (found by its WARC-Target-URI). Scores through it compare with the loose pages':

  score-segmentation.py zyte DIR --cmd "bench/warc-segment.py target/release/morgue"
"""
import gzip, json, os, subprocess, sys, tempfile

morgue, pages = sys.argv[1], sys.argv[2:]
with tempfile.TemporaryDirectory() as work:
    warc = os.path.join(work, "pages.warc.gz")
    by_url = {}
    with open(warc, "wb") as out:
        for i, path in enumerate(pages):
            url = f"https://bench.example/{i}"
            by_url[url] = path
            http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + open(path, "rb").read()
            head = (f"WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\n"
                    f"WARC-Date: 2024-05-20T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
                    f"Content-Length: {len(http)}\r\n\r\n").encode()
            out.write(gzip.compress(head + http + b"\r\n\r\n"))
    run = subprocess.run([morgue, "segment", "--json", warc], capture_output=True, text=True)
    sys.stderr.write(run.stderr)
    for line in run.stdout.splitlines():
        article = json.loads(line)
        if article.get("type") == "article":
            article["path"] = by_url.get(article.get("url"), article["path"])
            print(json.dumps(article, ensure_ascii=False))
    sys.exit(run.returncode)
