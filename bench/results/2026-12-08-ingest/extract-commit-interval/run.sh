#!/usr/bin/env bash
# commit.interval.ms A/B: the same checkout, interleaved, 2 runs each, then rate-5 latency for each.
set -u
OUT=/tmp/ci-commit
cd /work/wtb
for run in 1 2; do
  for ms in 100 300; do
    SIGHTLINE_COMMIT_INTERVAL_MS=$ms ./sightline bench ingest --max-side 512 --batch 1 --json $OUT/c$ms-r$run.json > $OUT/c$ms-r$run.txt 2>&1
    echo "c$ms-r$run $(grep '^efficiency' $OUT/c$ms-r$run.txt) | $(grep 'by threads' $OUT/c$ms-r$run.txt)" >> $OUT/summary.txt
  done
done
for ms in 100 300; do
  SIGHTLINE_COMMIT_INTERVAL_MS=$ms ./sightline bench ingest --max-side 512 --batch 1 --rate 5 --warmup 8 --json $OUT/rate5-c$ms.json > $OUT/rate5-c$ms.txt 2>&1
  echo "rate5-c$ms $(grep 'event -> searchable' $OUT/rate5-c$ms.txt)" >> $OUT/summary.txt
done
echo done >> $OUT/summary.txt
