#!/usr/bin/env bash
# `./sightline bench ingest` at 512 and 1024 px, batch 1 and 8, RUNS times each (3 by default), interleaved so that
# every configuration meets the same machine load; writes each run's JSON and a summary with the median of each
# figure per configuration (efficiency = (decode + extractor CPU ms) / pipeline CPU ms, images/s end to end, CPU ms
# per image of each stage, event-to-searchable p99).
# Warm-up: 16 passes at 512 px, 6 at 1024 px (about two minutes of pipeline either way: the JIT's work is per code
# path, not per image; at 512 px the JVM's share settles from pass 16 on, bench/results/2026-12-07-ingest/steady-state).
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
      warmup=$([[ $side -le 512 ]] && echo 16 || echo 6)
      ./sightline bench ingest --max-side "$side" --batch "$batch" --warmup "$warmup" --json "$OUT/$name.json" > "$OUT/$name.txt" 2>&1
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
    efficiency_without_broker: (map(.efficiency_without_broker) | median),
    index_cpu_ms: (map(.pipeline.threadCpuMsPerImage.index) | median),
    jvm_cpu_ms: (map(.pipeline.threadCpuMsPerImage.jvm) | median),
    broker_cpu_ms: (map(.pipeline.threadCpuMsPerImage.broker) | median),
    images_per_second: (map(.pipeline.imagesPerSecond) | median),
    pipeline_cpu_ms: (map(.pipeline.cpuMsPerImage) | median),
    decode_cpu_ms: (map(.stages.decodeCpuMs) | median),
    extractor_cpu_ms: (map(.stages.extractorCpuMs) | median),
    backbone_cpu_ms: (map(.stages.backboneCpuMs) | median),
    p99_ms: (map(.pipeline.p99Ms) | median),
    efficiency_runs: map(.efficiency)
  })' "$OUT"/ingest-*-r*.json > "$OUT/ingest-matrix.json"
echo "| px | batch | efficiency (median) | without broker | images/s | pipeline CPU ms | decode | extractor | index | JVM (JIT, GC) | broker | runs' efficiency |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
jq -r 'def r: . * 10 | round / 10; .[] | "| \(.longest_side) | \(.batch) | \(.efficiency * 1000 | round / 1000) | \(.efficiency_without_broker * 1000 | round / 1000) | \(.images_per_second | r) | \(.pipeline_cpu_ms | r) | \(.decode_cpu_ms | r) | \(.extractor_cpu_ms | r) | \(.index_cpu_ms | r) | \(.jvm_cpu_ms | r) | \(.broker_cpu_ms | r) | \(.efficiency_runs | map(. * 1000 | round / 1000) | join(", ")) |"' \
  "$OUT/ingest-matrix.json"
