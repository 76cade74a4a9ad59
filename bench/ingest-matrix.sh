#!/usr/bin/env bash
# `./sightline bench ingest` at 512 and 1024 px, batch 1 and 8, RUNS times each (3 by default), interleaved so that
# every configuration meets the same machine load; writes each run's JSON and a summary with the median of each
# figure per configuration (efficiency = (decode + extractor CPU ms) / pipeline CPU ms, images/s end to end, CPU ms
# per image of each stage, event-to-searchable p99).
# Usage: bench/ingest-matrix.sh OUT_DIR [RUNS]   (needs jq; quote the medians, the machine is shared and noisy)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:?usage: bench/ingest-matrix.sh OUT_DIR [RUNS]}
RUNS=${2:-3}
mkdir -p "$OUT"
for run in $(seq 1 "$RUNS"); do
  for side in 512 1024; do
    for batch in 1 8; do
      name="ingest-$side-b$batch-r$run"
      echo "== $name" >&2
      ./sightline bench ingest --max-side "$side" --batch "$batch" --json "$OUT/$name.json" > "$OUT/$name.txt" 2>&1
      grep "^efficiency\|pipeline through Kafka" "$OUT/$name.txt" >&2
    done
  done
done
jq -s '
  def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
  group_by([.longest_side, .batch]) | map({
    longest_side: .[0].longest_side,
    batch: .[0].batch,
    runs: length,
    efficiency: (map(.efficiency) | median),
    images_per_second: (map(.pipeline.imagesPerSecond) | median),
    pipeline_cpu_ms: (map(.pipeline.cpuMsPerImage) | median),
    decode_cpu_ms: (map(.stages.decodeCpuMs) | median),
    extractor_cpu_ms: (map(.stages.extractorCpuMs) | median),
    backbone_cpu_ms: (map(.stages.backboneCpuMs) | median),
    p99_ms: (map(.pipeline.p99Ms) | median),
    efficiency_runs: map(.efficiency)
  })' "$OUT"/ingest-*-r*.json > "$OUT/ingest-matrix.json"
echo "| px | batch | efficiency (median) | images/s | pipeline CPU ms | decode | extractor | runs' efficiency |"
echo "|---|---|---|---|---|---|---|---|"
jq -r '.[] | "| \(.longest_side) | \(.batch) | \(.efficiency * 1000 | round / 1000) | \(.images_per_second * 10 | round / 10) | \(.pipeline_cpu_ms) | \(.decode_cpu_ms) | \(.extractor_cpu_ms) | \(.efficiency_runs | map(. * 1000 | round / 1000) | join(", ")) |"' \
  "$OUT/ingest-matrix.json"
