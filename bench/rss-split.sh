#!/usr/bin/env bash
# Peak memory of a command, split as Linux counts it: private (anonymous) pages and file pages
# mapped in (tantivy reads segments through memory maps, and those count in RSS too).
# Usage: bench/rss-split.sh CMD [ARG...]   e.g. bench/rss-split.sh target/release/morgue --quiet
#        --index /tmp/idx index --rebuild target/scale/200000/archive
# Samples /proc/PID/status every 0.5 s (meant for runs of many seconds); prints the peaks in KB
# on stderr when the command ends.
set -euo pipefail
"$@" &
pid=$!
anon=0 file=0 total=0
while kill -0 "$pid" 2>/dev/null; do
  read -r a f t < <(awk '/^RssAnon/{a=$2} /^RssFile/{f=$2} /^VmRSS/{t=$2} END{print a+0, f+0, t+0}' \
    "/proc/$pid/status" 2>/dev/null || echo "0 0 0")
  ((a > anon)) && anon=$a
  ((f > file)) && file=$f
  ((t > total)) && total=$t
  sleep 0.5
done
status=0
wait "$pid" || status=$?
echo "peak private ${anon} KB, file pages ${file} KB, total ${total} KB" >&2
exit "$status"
