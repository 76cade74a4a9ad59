#!/usr/bin/env bash
set -u
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
(cd /work/wtnew && ./sightline bench ingest --help > /tmp/stale/build2.txt 2>&1)
one() { # name worktree extra-args
  (cd $2 && ./sightline bench ingest --max-side 512 --batch 1 --warmup 8 ${3:-} --json /tmp/stale/$1.json > /tmp/stale/$1.txt 2>&1)
  echo "$1: $(grep '^efficiency' /tmp/stale/$1.txt | sed 's/.*= //') | $(grep 'by threads' /tmp/stale/$1.txt) | $(grep 'event -> searchable' /tmp/stale/$1.txt)"
}
one s050-r1 /work/wtnew
one rate5-s025 /work/wtbench "--rate 5"
one s050-r2 /work/wtnew
one rate5-s050 /work/wtnew "--rate 5"
one s050-r3 /work/wtnew
