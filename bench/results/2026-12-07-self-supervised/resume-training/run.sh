#!/usr/bin/env bash
# Issue 22: a self-supervised training run killed mid-training resumes and ends with the uninterrupted run's bundle.
set -u
cd /work/main
IMG=../shared/data/paris6k_subset/images
D=/tmp/s8/e2e
rm -rf $D/A $D/A.mining $D/B $D/B.mining
/usr/bin/time -v ./sightline train --self-supervised --images $IMG --out $D/A > $D/A.txt 2> $D/A.err
echo "A exit $?"
( /usr/bin/time -v ./sightline train --self-supervised --images $IMG --out $D/B > $D/B1.txt 2> $D/B1.err; echo "B1 exit $?" ) &
while [ ! -f $D/B.mining/checkpoints/training-state.bin ]; do sleep 0.2; done
date +%T.%N > $D/kill-time
pkill -9 -f "out $D/B" ; echo "killed at $(cat $D/kill-time)"
wait
ls -la $D/B.mining/checkpoints/
/usr/bin/time -v ./sightline train --self-supervised --images $IMG --out $D/B > $D/B2.txt 2> $D/B2.err
echo "B2 exit $?"
