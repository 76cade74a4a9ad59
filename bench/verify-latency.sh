#!/usr/bin/env bash
# Search-by-image latency with and without shortlist verification (search.verify), interleaved off/on/off/on against
# one running demo of the Paris subset, so both settings meet the same warm index and the same machine load.
# Usage: bench/verify-latency.sh [requests]   (prints p50/p99 per run; the demo's log is in /tmp/demo-verify.log)
set -u
cd "$(dirname "$0")/.."
REQUESTS=${1:-200}
./sightline demo -D http.port=18080 -D embedded.kafka.port=19092 -D schema.registry.port=18081 > /tmp/demo-verify.log 2>&1 &
PID=$!
trap 'kill -TERM $PID 2>/dev/null; wait $PID 2>/dev/null' EXIT
for _ in $(seq 1 900); do grep -q "Serving\|serving\|Ctrl-C" /tmp/demo-verify.log && break; sleep 1; done
for _ in $(seq 1 900); do
  curl -s http://127.0.0.1:18080/v1/status | python3 -c '
import json, sys
s = json.load(sys.stdin); i = s.get("ingest", s)
sys.exit(0 if i.get("indexedImages", 0) > 0 and i.get("extractLag") == 0 and i.get("indexLag") == 0 else 1)' 2>/dev/null && break
  sleep 1
done
for round in 1 2; do
  for verify in 0 50; do
    ./sightline bench search --url http://127.0.0.1:18080 --concurrency 1 --requests "$REQUESTS" --warmup 20 --limit 50 \
      --params "k=10&verify=$verify" > /tmp/bench-verify-$verify-$round.txt 2>&1
    echo "== verify=$verify (round $round)"; grep -v "WARN\|INFO" /tmp/bench-verify-$verify-$round.txt | tail -4
  done
done
