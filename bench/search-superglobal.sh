#!/usr/bin/env bash
# Search-by-image latency with decision 027's post-processing (average QE, no re-ranking) against 035's (SuperGlobal
# re-ranking of the best 400, no QE), both verifying their first 50; interleaved old/new/old/new on one machine.
# Usage: bench/search-superglobal.sh OUT_DIR
set -u
cd "$(dirname "$0")/.."
OUT=${1:?usage: bench/search-superglobal.sh OUT_DIR}
mkdir -p "$OUT"
OLD=(-D search.query.expansion=avg:5:0.2 -D search.superglobal=none)
run() {
  local name=$1; shift
  ./sightline demo -D http.port=18080 -D embedded.kafka.port=19092 -D schema.registry.port=18081 "$@" > "$OUT/demo-$name.log" 2>&1 &
  local pid=$!
  for i in $(seq 1 600); do grep -q "Serving\|serving\|Ctrl-C" "$OUT/demo-$name.log" && break; sleep 1; done
  ./sightline bench search --url http://127.0.0.1:18080 --concurrency 1 --requests 200 --warmup 20 --limit 50 > "$OUT/bench-$name.txt" 2>&1
  kill -TERM $pid; wait $pid
  echo "== $name"; grep -v "WARN\|INFO" "$OUT/bench-$name.txt" | tail -2
}
run old "${OLD[@]}"
run new
run old2 "${OLD[@]}"
run new2
