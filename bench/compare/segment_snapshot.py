#!/usr/bin/env python3
"""Run `MORGUE segment --json` over every file of every folder under the given roots (one process
per folder, files sorted) and write one line per folder: folder, exit code, stdout, stderr."""
import json, os, subprocess, sys, resource
morgue, out_path, *roots = sys.argv[1:]
def limit():
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
with open(out_path, "w") as out:
    for root in roots:
        for folder, dirs, files in sorted(os.walk(root)):
            dirs.sort()
            files = sorted(f for f in files if not f.startswith('.'))
            if not files:
                continue
            paths = [os.path.join(folder, f) for f in files]
            p = subprocess.run([morgue, "segment", "--json", "--"] + paths, capture_output=True, preexec_fn=limit)
            out.write(json.dumps({"folder": folder, "code": p.returncode,
                                  "stdout": p.stdout.decode("utf-8", "replace"),
                                  "stderr": p.stderr.decode("utf-8", "replace")}) + "\n")
            print(folder, p.returncode, len(p.stdout), file=sys.stderr)
