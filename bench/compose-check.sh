#!/usr/bin/env bash
# ./sightline compose-check: the container images and the host-network compose stack, for real, under podman.
# Builds a local base image (no registry is reachable), the Sightline image with Jib on it, starts
# compose/check/docker-compose.check.yml with podman-compose, ingests 12 photos through a container, checks a
# search on both nodes, a delete and a restart of one node, and tears everything down; prints each phase's time.
# Every listener is on 127.0.0.1 (network_mode: host). Not part of ./sightline test: it needs root (or sudo -n),
# apt and minutes of CPU (docs/decisions/029).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CHECK="$ROOT/compose/check"
PROJECT=sightline-check
PHOTOS=12

usage() {
  cat <<'HELP'
Usage: sightline compose-check [--keep] [--no-build] [--out DIR]
Builds the images without a Docker daemon or registry (debootstrap + jlink base, Jib), runs the host-network
compose stack under podman (broker, registry, extractor, two search nodes on 127.0.0.1), ingests 12 photos
through a container, checks a search on both nodes, a delete and a restart of one node, then removes the
containers and volumes. Prints the time of every phase; logs go to --out (default .work/compose-check/logs).
Installs podman, runc, podman-compose and debootstrap with apt-get when missing (root or sudo -n).
  --keep       leave the stack running at the end (remove it with: podman-compose -p sightline-check down -v)
  --no-build   reuse the image loaded by an earlier run
  --out DIR    where the timings and container logs go
Ports: CHECK_KAFKA_PORT (19092), CHECK_REGISTRY_PORT (18081), CHECK_SEARCH_PORT (18080), CHECK_SEARCH2_PORT (18082).
HELP
}

keep=0
build=1
out="$ROOT/.work/compose-check/logs"
while (( $# )); do
  case "$1" in
    --keep) keep=1 ;;
    --no-build) build=0 ;;
    --out) out="$(realpath -m "$2")"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "compose-check: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

export CHECK_KAFKA_PORT="${CHECK_KAFKA_PORT:-19092}" CHECK_REGISTRY_PORT="${CHECK_REGISTRY_PORT:-18081}"
export CHECK_SEARCH_PORT="${CHECK_SEARCH_PORT:-18080}" CHECK_SEARCH2_PORT="${CHECK_SEARCH2_PORT:-18082}"
NODE1="http://127.0.0.1:$CHECK_SEARCH_PORT"
NODE2="http://127.0.0.1:$CHECK_SEARCH2_PORT"
CACHE="$ROOT/.work/compose-check"
mkdir -p "$out" "$CACHE"
rm -f "$out"/*.log "$out"/timings.txt

sudo=()
(( EUID == 0 )) || sudo=(sudo -n)
# CONTAINERS_CONF: runc, cgroupfs and ulimits for this check only; the machine's podman settings stay as they are.
podman=("${sudo[@]}" env CONTAINERS_CONF="$CHECK/containers.conf" podman)
compose=("${sudo[@]}" env CONTAINERS_CONF="$CHECK/containers.conf" podman-compose --podman-path "$CHECK/podman-hostnet"
  -p "$PROJECT" -f "$CHECK/docker-compose.check.yml")

# --- timing and assertions --------------------------------------------------------------------------------------
phase_name=""
phase_start=0
now() { date +%s.%N; }
begin() { phase_name="$1"; phase_start="$(now)"; echo "== $phase_name" >&2; }
end() {
  local s
  s="$(awk -v a="$phase_start" -v b="$(now)" 'BEGIN {printf "%.1f", b - a}')"
  printf '%-16s %7s s  %s\n' "$phase_name" "$s" "${1:-}" | tee -a "$out/timings.txt"
}
fail() {
  echo "compose-check FAILED in ${phase_name:-setup}: $*" | tee -a "$out/timings.txt" >&2
  exit 1
}
# Polls "$@" once a second until it succeeds or $1 seconds pass.
within() {
  local limit="$1" deadline
  shift
  deadline=$(( $(date +%s) + limit ))
  until "$@"; do
    (( $(date +%s) < deadline )) || return 1
    sleep 1
  done
}
json() { python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"; }
container() { echo "${PROJECT}_$1_1"; }

save_logs() {
  local s
  for s in kafka schema-registry extractor search search-2; do
    "${podman[@]}" logs "$(container "$s")" >"$out/$s.log" 2>&1 || true
  done
}
project_containers() { "${podman[@]}" ps -a --filter "label=io.podman.compose.project=$PROJECT" -q; }
teardown() {
  local ids
  ids="$(project_containers)"
  # podman-compose 1.0.3's down -v removes the named volumes but leaves the anonymous ones (the image declares
  # VOLUME /data, which kafka, schema-registry and extractor do not mount): remove the containers with theirs first.
  if [[ -n "$ids" ]]; then
    "${podman[@]}" stop -t 10 $ids >/dev/null 2>>"$out/podman.log" || true
    "${podman[@]}" rm -f -v $ids >/dev/null 2>>"$out/podman.log" || true
  fi
  "${compose[@]}" down -v >"$out/compose-down.log" 2>&1 || true
  # podman-compose creates the project's bridge network even though no service joins it.
  "${podman[@]}" network rm -f "${PROJECT}_default" >/dev/null 2>&1 || true
}
on_exit() {
  local rc=$?
  if (( rc != 0 )); then
    save_logs
    echo "compose-check: logs in $out" >&2
    (( keep )) || teardown
  fi
}
trap on_exit EXIT

# --- prerequisites ---------------------------------------------------------------------------------------------
begin "install"
bash "$CHECK/install-podman.sh"
end "$(podman --version | awk '{print "podman " $3}'), $(runc --version | awk 'NR == 1 {print "runc " $3}'), \
podman-compose $(dpkg-query -W -f='${Version}' podman-compose)"

for port in "$CHECK_KAFKA_PORT" "$CHECK_REGISTRY_PORT" "$CHECK_SEARCH_PORT" "$CHECK_SEARCH2_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    teardown
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null \
      && fail "127.0.0.1:$port is in use (set CHECK_*_PORT, see --help)"
  fi
done
teardown # what an interrupted earlier run may have left

# --- images ----------------------------------------------------------------------------------------------------
begin "base image"
base_tar="$(bash "$CHECK/base-image.sh" "$CACHE")"
end "$(basename "$base_tar") ($(du -m "$base_tar" | cut -f1) MB)"

if (( build )); then
  begin "build images"
  # The app and its modules as ./sightline build makes them, then the Jib layers on the local base.
  mvn -B -q -Pjib -DskipTests -pl app -am package -Dsightline.image.base="tar://$base_tar" >"$out/build.log" 2>&1 \
    || { tail -n 30 "$out/build.log" >&2; fail "mvn -Pjib package (log: $out/build.log)"; }
  previous="$("${podman[@]}" image inspect -f '{{.Id}}' "$(cat "$CACHE/image" 2>/dev/null)" 2>/dev/null || true)"
  loaded="$("${podman[@]}" load -i "$ROOT/app/target/jib-image.tar" 2>>"$out/build.log" \
    | awk -F': ' '/^Loaded image/ {print $2}' | tail -n1)"
  [[ -n "$loaded" ]] || fail "podman load of app/target/jib-image.tar"
  echo "$loaded" >"$CACHE/image"
  # The image the last run loaded under the same tag would linger untagged, 0.5 GB each time.
  if [[ -n "$previous" && "$previous" != "$("${podman[@]}" image inspect -f '{{.Id}}' "$loaded")" ]]; then
    "${podman[@]}" rmi "$previous" >/dev/null 2>&1 || true
  fi
  end "$loaded ($(du -m "$ROOT/app/target/jib-image.tar" | cut -f1) MB tar)"
fi
[[ -s "$CACHE/image" ]] || fail "no image built yet (run without --no-build)"
export CHECK_IMAGE="$(cat "$CACHE/image")"

# --- start -----------------------------------------------------------------------------------------------------
healthy() { "${podman[@]}" healthcheck run "$(container "$1")" >/dev/null 2>&1; }
http_ok() { [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1")" == 200 ]]; }
# podman logs an error on every start and stop of a container with a healthcheck when systemd is not running (it
# cannot add the timer); the check polls the healthchecks itself, so that noise goes to podman.log.
start() {
  local s
  for s in "$@"; do "${podman[@]}" start "$(container "$s")" >/dev/null 2>>"$out/podman.log"; done
}

begin "start stack"
# Without -d: podman-compose 1.0.3 passes it on to podman create, which has no such option.
"${compose[@]}" up --no-start --no-build >"$out/compose-up.log" 2>&1 \
  || { tail -n 20 "$out/compose-up.log" >&2; fail "podman-compose up --no-start"; }
for s in kafka schema-registry extractor search search-2; do
  "${podman[@]}" container exists "$(container "$s")" \
    || { grep -B1 -A1 '^Error' "$out/compose-up.log" >&2; fail "podman-compose did not create $s"; }
done
# depends_on with condition: service_healthy, which podman-compose 1.0.3 does not wait for.
start kafka
within 120 healthy kafka || fail "kafka not healthy"
start schema-registry
within 120 healthy schema-registry || fail "schema-registry not healthy"
start extractor search search-2
within 180 healthy search || fail "search not healthy"
within 180 healthy search-2 || fail "search-2 not healthy"
within 180 http_ok "$NODE1/v1/ready" || fail "search not ready"
within 180 http_ok "$NODE2/v1/ready" || fail "search-2 not ready"
for s in kafka schema-registry extractor search search-2; do
  [[ "$("${podman[@]}" inspect -f '{{.HostConfig.NetworkMode}}' "$(container "$s")")" == host ]] \
    || fail "$s is not on the host network"
done
# Host networking shares the host's interfaces: each listener must be bound to loopback, not to every address.
if command -v ss >/dev/null; then
  for port in "$CHECK_KAFKA_PORT" "$CHECK_REGISTRY_PORT" "$CHECK_SEARCH_PORT" "$CHECK_SEARCH2_PORT"; do
    # The JVM listens on a dual-stack socket: 127.0.0.1 shows as [::ffff:127.0.0.1].
    bound="$(ss -Hltn "sport = :$port" | awk '{sub(/^\[::ffff:/, "", $4); sub(/\]/, "", $4); print $4}' \
      | sort -u | tr '\n' ' ')"
    [[ "$bound" == "127.0.0.1:$port " ]] || fail "port $port bound to: ${bound:-nothing}"
  done
fi
end "5 containers, network host, listening on 127.0.0.1:{$CHECK_KAFKA_PORT,$CHECK_REGISTRY_PORT,$CHECK_SEARCH_PORT,$CHECK_SEARCH2_PORT}"

# --- ingest ----------------------------------------------------------------------------------------------------
# Three photos of each of the first four landmarks of the shipped sample, copied so the container sees only them.
photos="$CACHE/photos"
rm -rf "$photos" && mkdir -p "$photos"
find "$ROOT/data/paris-sample/images" -name '*.jpg' | sort | awk '(NR - 1) % 8 < 3' | head -n "$PHOTOS" \
  | xargs -I{} cp {} "$photos/"
(( $(find "$photos" -name '*.jpg' | wc -l) == PHOTOS )) || fail "fewer than $PHOTOS photos in data/paris-sample"
cli() {
  "${podman[@]}" run --rm --network host -v "$photos:/photos:ro" \
    -e SIGHTLINE_BOOTSTRAP_SERVERS="127.0.0.1:$CHECK_KAFKA_PORT" \
    -e SIGHTLINE_SCHEMA_REGISTRY_URL="http://127.0.0.1:$CHECK_REGISTRY_PORT" \
    "$CHECK_IMAGE" "$@"
}
indexed() { curl -s --max-time 5 "$1/v1/status" | json 'd["indexedImages"]' 2>/dev/null; }
both_indexed() { [[ "$(indexed "$NODE1")" == "$1" && "$(indexed "$NODE2")" == "$1" ]]; }

begin "ingest $PHOTOS"
cli ingest --images /photos --source inline >"$out/ingest.log" 2>&1 || fail "ingest container (log: $out/ingest.log)"
grep -q "published $PHOTOS images" "$out/ingest.log" || fail "ingest: $(tail -n1 "$out/ingest.log")"
within 300 both_indexed "$PHOTOS" || fail "indexed $(indexed "$NODE1") / $(indexed "$NODE2") of $PHOTOS"
end "published inline by a container; both nodes count $PHOTOS"

# --- search ----------------------------------------------------------------------------------------------------
query="$(find "$photos" -name '*.jpg' | sort | tail -n1)"
query_id="$(basename "$query" .jpg)"
search() {
  curl -s --max-time 30 -H 'Content-Type: image/jpeg' --data-binary "@$query" "$1/v1/search?k=5"
}
top_is() { # NODE ID: the photo itself ranks first and every shard answered
  local answer
  answer="$(search "$1")"
  [[ "$(json 'd["results"][0]["imageId"] if d["results"] else ""' <<<"$answer")" == "$2" \
    && "$(json 'd["partial"]' <<<"$answer")" == False ]]
}

begin "search"
top_is "$NODE1" "$query_id" || fail "search on $NODE1: $(search "$NODE1")"
top_is "$NODE2" "$query_id" || fail "search on $NODE2: $(search "$NODE2")"
end "$query_id first on both nodes, partial=false ($(search "$NODE1" | json '", ".join(r["imageId"] for r in d["results"][:3])'))"

# --- delete ----------------------------------------------------------------------------------------------------
gone() { [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1/v1/images/$query_id")" == 404 ]]; }
not_first() {
  local answer
  answer="$(search "$1")"
  [[ "$(json 'd["results"][0]["imageId"] if d["results"] else ""' <<<"$answer")" != "$query_id" ]]
}
begin "delete"
cli ingest --images /photos --delete "$query_id" >>"$out/ingest.log" 2>&1 || fail "delete container"
within 120 both_indexed $((PHOTOS - 1)) || fail "after delete: $(indexed "$NODE1") / $(indexed "$NODE2")"
gone "$NODE1" && gone "$NODE2" || fail "$query_id still has metadata"
not_first "$NODE1" && not_first "$NODE2" || fail "$query_id still found"
end "tombstone by a container; $((PHOTOS - 1)) left, $query_id 404 on both nodes"

# --- restart one node -----------------------------------------------------------------------------------------
survivor_id="$(basename "$(find "$photos" -name '*.jpg' | sort | head -n1)" .jpg)"
begin "restart node"
stop_start="$(now)"
"${podman[@]}" stop -t 10 "$(container search-2)" >/dev/null 2>>"$out/podman.log"
stop_s="$(awk -v a="$stop_start" -v b="$(now)" 'BEGIN {printf "%.1f", b - a}')"
exit_code="$("${podman[@]}" inspect -f '{{.State.ExitCode}}' "$(container search-2)")"
# A SIGTERM'd JVM exits 143; 137 would mean podman had to SIGKILL it after the 10 s.
[[ "$exit_code" != 137 ]] || fail "search-2 did not stop within 10 s"
# The survivor must answer at once: from its own shards ("partial": true) until search-2's partitions have moved
# to it, which a clean stop (the node leaves the group) often makes immediate.
meanwhile="$(search "$NODE1" | json '"partial=%s" % d["partial"]' 2>/dev/null)" \
  || fail "no answer from $NODE1 while search-2 is down"
start search-2
within 180 http_ok "$NODE2/v1/ready" || fail "search-2 not ready after restart"
within 120 both_indexed $((PHOTOS - 1)) || fail "after restart: $(indexed "$NODE1") / $(indexed "$NODE2")"
query="$photos/$survivor_id.jpg"
within 60 top_is "$NODE2" "$survivor_id" || fail "search on restarted $NODE2: $(search "$NODE2")"
end "search-2 stopped in $stop_s s (exit $exit_code), node 1 answered meanwhile ($meanwhile); back with $((PHOTOS - 1)), partial=false"

# --- teardown --------------------------------------------------------------------------------------------------
save_logs
if (( keep )); then
  echo "compose-check: stack left running (--keep)" >&2
else
  begin "teardown"
  # Named and anonymous: every volume a container of the stack had mounted.
  mounted="$({ "${podman[@]}" inspect -f '{{range .Mounts}}{{if .Name}}{{.Name}} {{end}}{{end}}' \
    $(project_containers) 2>/dev/null || true; } | tr ' ' '\n' | sort -u | grep . || true)"
  teardown
  left="$(project_containers | wc -l)"
  vols=0
  for v in $mounted; do "${podman[@]}" volume exists "$v" && vols=$((vols + 1)); done
  (( left == 0 && vols == 0 )) || fail "$left containers, $vols volumes left"
  end "$(wc -w <<<"$mounted") volumes and the containers removed (images kept for the next run)"
fi
echo "compose-check PASSED" | tee -a "$out/timings.txt"
