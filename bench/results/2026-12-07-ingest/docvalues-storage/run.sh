#!/usr/bin/env bash
set -u
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
(cd /work/wtnew && ./sightline bench ingest --help > /tmp/dv/build.txt 2>&1)
for run in 1 2 3; do
  for v in stored dv; do
    wt=/work/wtbench; [[ $v == dv ]] && wt=/work/wtnew
    (cd $wt && ./sightline bench ingest --max-side 512 --batch 1 --warmup 8 --json /tmp/dv/$v-r$run.json > /tmp/dv/$v-r$run.txt 2>&1)
    echo "$v r$run: $(grep '^efficiency' /tmp/dv/$v-r$run.txt | sed 's/.*= //') | $(grep 'by threads' /tmp/dv/$v-r$run.txt)"
  done
done
