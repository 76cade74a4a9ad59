#!/usr/bin/env bash
# Search latency through HTTP on loopback, one request at a time (a bounded loop, not a load test).
#   bench/api_latency.sh [BASE_URL] [N] [IMAGES_DIR]
# Against a running instance (e.g. ./sightline demo), for N photos of IMAGES_DIR that are indexed: N searches by
# imageId (POST /v1/search {"imageId"}: stored vector, no extraction) and N by upload (raw JPEG body: decode +
# backbone + search). Prints p50 / p99 / mean of curl's time_total in milliseconds for each.
set -euo pipefail
BASE="${1:-http://127.0.0.1:8080}"
N="${2:-200}"
DIR="${3:-$(cd "$(dirname "$0")/../.." && pwd)/shared/data/paris6k_subset/images}"
mapfile -t PHOTOS < <(ls "$DIR"/*.jpg | head -n "$N")
(( ${#PHOTOS[@]} > 0 )) || { echo "no photos in $DIR" >&2; exit 1; }

stats() { # name, then one latency in seconds per line on stdin
  sort -n | awk -v name="$1" '{ v[NR] = $1 * 1000; s += $1 * 1000 }
    END { p50 = v[int((NR - 1) * 0.50) + 1]; p99 = v[int((NR - 1) * 0.99) + 1];
          printf "%-10s n=%d p50=%.1f ms p99=%.1f ms mean=%.1f ms\n", name, NR, p50, p99, s / NR }'
}

by_id() {
  for i in $(seq 0 $(( N - 1 ))); do
    id="$(basename "${PHOTOS[$(( i % ${#PHOTOS[@]} ))]}" .jpg)"
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H 'Content-Type: application/json' \
      -d "{\"imageId\":\"$id\",\"k\":10}" "$BASE/v1/search"
  done
}

by_upload() {
  for i in $(seq 0 $(( N - 1 ))); do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H 'Content-Type: image/jpeg' \
      --data-binary @"${PHOTOS[$(( i % ${#PHOTOS[@]} ))]}" "$BASE/v1/search?k=10"
  done
}

check() { # drops the status column after making sure every request answered 200
  awk '$1 != 200 { bad++ } { print $2 } END { if (bad) { print bad " requests did not answer 200" > "/dev/stderr"; exit 1 } }'
}

by_id | check | stats "by-imageId"
by_upload | check | stats "by-upload"
