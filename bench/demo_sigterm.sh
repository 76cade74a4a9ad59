#!/usr/bin/env bash
# SIGTERM to a real `./sightline demo` in the middle of its ingest, then a restart on the same state with --keep-data.
# Measures how long the stop takes, checks for JVM crash files, and prints the restart's last line, which should be
# "indexed N rejected 0" with N the number of photos (each photo indexed exactly once).
#   bench/demo_sigterm.sh [PHOTOS=120] [STOP_AT=25]
# Photos: the first PHOTOS/5 of each landmark of the Paris subset (SIGHTLINE_DATA_PARIS, default
# ../shared/data/paris6k_subset), copied into a temporary folder; the demo ingests every photo of the folder.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${1:-120}"
AT="${2:-25}"
PARIS="${SIGHTLINE_DATA_PARIS:-$ROOT/../shared/data/paris6k_subset}"
[[ -d "$PARIS/images" ]] || { echo "demo_sigterm: no Paris subset at $PARIS (set SIGHTLINE_DATA_PARIS)" >&2; exit 1; }
TMP="$(mktemp -d)"
mkdir -p "$TMP/photos"
for landmark in defense eiffel invalides louvre moulinrouge; do
  ls "$PARIS/images" | grep "^paris_${landmark}_" | sort | head -n $((N / 5)) | while read -r f; do cp "$PARIS/images/$f" "$TMP/photos/"; done
done
echo "photos: $(ls "$TMP/photos" | wc -l) in $TMP/photos; state in $TMP/state"
"$ROOT/sightline" build >/dev/null
ARGS=(demo --images "$TMP/photos" --exit -D embedded.kafka.port=0 -D schema.registry.port=0 -D http.port=0
      -D "work.dir=$TMP/state")
cd "$TMP"   # a crashing JVM writes hs_err_pid*.log into its working directory
"$ROOT/sightline" "${ARGS[@]}" >"$TMP/first.out" 2>"$TMP/first.err" &
PID=$!
# The progress bar ("index ... 25/120") is redrawn with \r on stderr.
while kill -0 "$PID" 2>/dev/null; do
  done_n="$(tr '\r' '\n' <"$TMP/first.err" | grep -a '^index' | grep -aoE "[0-9]+/$N" | tail -1 | cut -d/ -f1 || true)"
  [[ -n "$done_n" ]] && (( done_n >= AT )) && break
  sleep 0.2
done
kill -0 "$PID" 2>/dev/null || { echo "demo_sigterm: the demo ended before $AT photos were indexed" >&2; cat "$TMP/first.err" >&2; exit 1; }
t0=$(date +%s.%N)
kill -TERM "$PID"
rc=0; wait "$PID" || rc=$?
t1=$(date +%s.%N)
printf 'SIGTERM at %s/%s indexed: exit code %d after %.2f s\n' "$done_n" "$N" "$rc" "$(echo "$t1 - $t0" | bc)"
crashes="$(ls "$TMP"/hs_err_pid*.log "$ROOT"/hs_err_pid*.log 2>/dev/null || true)"
echo "hs_err files: ${crashes:-none}"
grep -aE "SIGSEGV|A fatal error" "$TMP/first.out" "$TMP/first.err" && echo "demo_sigterm: native crash" >&2
t2=$(date +%s.%N)
"$ROOT/sightline" "${ARGS[@]}" --keep-data >"$TMP/second.out" 2>"$TMP/second.err"
t3=$(date +%s.%N)
grep -a "already indexed\|Index holds" "$TMP/second.out" || true
printf 'restart with --keep-data --exit: %.1f s, last line: %s\n' "$(echo "$t3 - $t2" | bc)" "$(grep -av '^\s*$' "$TMP/second.out" | tail -1)"
