#!/usr/bin/env bash
set -u
OUT=/tmp/final
cd /work/wtb
for run in 1 2 3; do
  ./sightline bench ingest --max-side 512 --batch 1 --json $OUT/ingest-512-b1-r$run.json > $OUT/ingest-512-b1-r$run.txt 2>&1
  echo "r$run $(grep '^efficiency' $OUT/ingest-512-b1-r$run.txt) | $(grep 'by threads' $OUT/ingest-512-b1-r$run.txt)" >> $OUT/summary.txt
done
./sightline bench ingest --max-side 512 --batch 1 --rate 5 --json $OUT/ingest-512-rate5.json > $OUT/ingest-512-rate5.txt 2>&1
echo "rate5 $(grep 'event -> searchable' $OUT/ingest-512-rate5.txt)" >> $OUT/summary.txt
echo done >> $OUT/summary.txt
