#!/usr/bin/env bash
# Two checkouts side by side: `./sightline bench ingest ARGS` in checkout A and in checkout B, RUNS times each,
# interleaved so both meet the same machine load (issue 19's comparisons: bench/results/2026-12-07-ingest). Prints
# each run's efficiency and CPU by thread group, then per side the medians of pipeline CPU ms/image, the index
# threads' ms/image and the efficiency. Make B with `git worktree add DIR HEAD` plus the change; each checkout builds
# itself on its first run; put it beside ../shared, as the main checkout is, or set SIGHTLINE_DATA_PARIS. Needs jq.
# Usage: bench/ingest-ab.sh OUT NAME_A DIR_A NAME_B DIR_B [RUNS] [-- bench ingest args]
#   e.g. bench/ingest-ab.sh /tmp/ab stored /work/a dv /work/b 3 -- --max-side 512 --batch 1 --warmup 16
set -euo pipefail
OUT=${1:?usage: bench/ingest-ab.sh OUT NAME_A DIR_A NAME_B DIR_B [RUNS] [-- ARGS]}
NAMES=("${2:?NAME_A}" "${4:?NAME_B}")
DIRS=("$(cd "${3:?DIR_A}" && pwd)" "$(cd "${5:?DIR_B}" && pwd)")
shift 5
RUNS=3
if [[ $# -gt 0 && $1 != -- ]]; then RUNS=$1; shift; fi
[[ ${1:-} == -- ]] && shift
mkdir -p "$OUT"
for run in $(seq 1 "$RUNS"); do
  for side in 0 1; do
    name="${NAMES[$side]}-r$run"
    (cd "${DIRS[$side]}" && ./sightline bench ingest "$@" --json "$OUT/$name.json" > "$OUT/$name.txt" 2>&1)
    echo "$name: $(grep '^efficiency' "$OUT/$name.txt" | sed 's/.*= //') |$(grep 'by threads' "$OUT/$name.txt" | sed 's/.*threads://')"
  done
done
for name in "${NAMES[@]}"; do
  jq -s -c --arg name "$name" '
    def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
    {side: $name,
     pipeline_cpu_ms: (map(.pipeline.cpuMsPerImage) | median),
     index_cpu_ms: (map(.pipeline.threadCpuMsPerImage.index) | median),
     efficiency: (map(.efficiency) | median),
     efficiency_runs: map(.efficiency * 100 | round / 100)}' "$OUT/$name"-r*.json
done
