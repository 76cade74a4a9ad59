#!/usr/bin/env bash
set -u
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
mkdir -p /tmp/floor
(cd /work/wtnew && ./sightline bench ingest --help > /tmp/floor/build.txt 2>&1)
for run in 1 2 3; do
  for v in floor16 floor1; do
    wt=/work/wtbench; [[ $v == floor1 ]] && wt=/work/wtnew
    (cd $wt && ./sightline bench ingest --max-side 512 --batch 1 --warmup 16 --json /tmp/floor/$v-r$run.json > /tmp/floor/$v-r$run.txt 2>&1)
    echo "$v r$run: $(grep '^efficiency' /tmp/floor/$v-r$run.txt | sed 's/.*= //') | $(grep 'by threads' /tmp/floor/$v-r$run.txt)"
  done
done
