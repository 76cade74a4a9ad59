#!/usr/bin/env bash
# Search-by-image latency, previous defaults against the new ones, back to back on one machine.
set -u
cd "$(dirname "$0")/.."
OLD=(-D extract.scales=1 -D extract.whitening= -D search.query.expansion=alpha:5:3 -D search.dba=5:3 -D search.match.duplicate=2 -D search.match.near.duplicate=2 -D search.match.same.place=2)
run() {
  local name=$1; shift
  ./sightline demo -D http.port=18080 -D embedded.kafka.port=19092 -D schema.registry.port=18081 "$@" > /tmp/demo-$name.log 2>&1 &
  local pid=$!
  for i in $(seq 1 600); do grep -q "Serving\|serving\|Ctrl-C" /tmp/demo-$name.log && break; sleep 1; done
  ./sightline bench search --url http://127.0.0.1:18080 --concurrency 1 --requests 200 --warmup 20 --limit 50 > /tmp/bench-$name.txt 2>&1
  kill -TERM $pid; wait $pid
  echo "== $name"; grep -v "WARN\|INFO" /tmp/bench-$name.txt | tail -5
}
run old "${OLD[@]}"
run new
run old2 "${OLD[@]}"
run new2
