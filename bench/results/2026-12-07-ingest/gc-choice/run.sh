#!/usr/bin/env bash
set -u
cd /work/wtbench
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
for run in 1 2 3; do
  for gc in g1 parallel serial; do
    case $gc in g1) opts="";; parallel) opts="-XX:+UseParallelGC";; serial) opts="-XX:+UseSerialGC";; esac
    SIGHTLINE_JAVA_OPTS="$opts" ./sightline bench ingest --max-side 512 --batch 1 --warmup 8 --json /tmp/gc/$gc-r$run.json > /tmp/gc/$gc-r$run.txt 2>&1
    echo "$gc r$run: $(grep '^efficiency' /tmp/gc/$gc-r$run.txt) | $(grep 'by threads' /tmp/gc/$gc-r$run.txt)"
  done
done
