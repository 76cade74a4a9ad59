#!/bin/bash
set -x
W=${1:?worktree}; O=${2:?out}; mkdir -p "$O"; cd "$W"
for r in 1 2 3; do ./sightline bench ingest --max-side 512 --batch 1 --json $O/r$r.json > $O/r$r.txt 2>&1; done
echo finished
