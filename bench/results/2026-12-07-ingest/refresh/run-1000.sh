#!/usr/bin/env bash
set -u
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
(cd /work/wtnew && ./sightline bench ingest --help > /tmp/stale/build.txt 2>&1)
for run in 1 2 3; do
  for v in s025 s100; do
    wt=/work/wtbench; [[ $v == s100 ]] && wt=/work/wtnew
    (cd $wt && ./sightline bench ingest --max-side 512 --batch 1 --warmup 8 --json /tmp/stale/$v-r$run.json > /tmp/stale/$v-r$run.txt 2>&1)
    echo "$v r$run: $(grep '^efficiency' /tmp/stale/$v-r$run.txt | sed 's/.*= //') | $(grep 'by threads' /tmp/stale/$v-r$run.txt)"
  done
done
