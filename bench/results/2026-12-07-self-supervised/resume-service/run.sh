#!/usr/bin/env bash
# Issue 22: the collection trainer service killed mid-training resumes on restart (decision 040 addendum).
# Against a running `./sightline demo` (Kafka 127.0.0.1:9092, registry 127.0.0.1:8081, the 250 subset photos uploaded).
set -u
cd /work/main
W=/tmp/s8/svc/work
rm -rf $W
OPTS=(-D bootstrap.servers=127.0.0.1:9092 -D schema.registry.url=http://127.0.0.1:8081 -D work.dir=$W
      -D fetch.file.roots=$(cd ../shared/data/paris6k_subset/images && pwd) -D trainer.source=collection
      -D trainer.min.new.images=10)
( ./sightline trainer --once "${OPTS[@]}" > /tmp/s8/svc/pass1.txt 2>&1; echo "pass1 exit $?" ) &
until ls $W/trainer/candidates/*.mining/checkpoints/training-state.bin > /dev/null 2>&1; do sleep 0.2; done
pkill -9 -f "trainer --once" ; echo "killed pass 1 after its first training state at $(date +%T)"
wait
ls -la $W/trainer/candidates/
/usr/bin/time -v ./sightline trainer --once "${OPTS[@]}" > /tmp/s8/svc/pass2.txt 2> /tmp/s8/svc/pass2.err
echo "pass2 exit $?"
ls -la $W/trainer/candidates/ $W/trainer/bundles 2>&1
