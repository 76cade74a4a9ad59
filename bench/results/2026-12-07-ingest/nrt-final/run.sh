#!/bin/bash
# Usage: run.sh WORKTREE OUT — one run with --jfr (the flame graph), three plain runs, one --rate 5.
set -x
W=${1:?worktree}; O=${2:?out folder}; mkdir -p "$O"; cd "$W"
./sightline bench ingest --max-side 512 --batch 1 --warmup 16 --jfr $O/measured.jfr --json $O/jfr-run.json > $O/jfr-run.txt 2>&1
for r in 1 2 3; do ./sightline bench ingest --max-side 512 --batch 1 --json $O/r$r.json > $O/r$r.txt 2>&1; done
./sightline bench ingest --max-side 512 --batch 1 --rate 5 --json $O/rate5.json > $O/rate5.txt 2>&1
echo finished
