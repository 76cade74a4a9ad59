#!/usr/bin/env bash
# Installs what ./sightline compose-check needs from Debian's own repositories (bookworm: podman 4.3, runc 1.1,
# podman-compose 1.0.3, debootstrap): nothing when everything is there already, so every check may call it.
# runc rather than crun: crun fails on the cgroup v1 layout of the team's machines (docs/decisions/029).
set -euo pipefail

PACKAGES=(podman runc podman-compose debootstrap uidmap slirp4netns fuse-overlayfs containernetworking-plugins
  conmon catatonit curl python3-yaml)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
(( ${#missing[@]} == 0 )) && exit 0

if ! command -v apt-get >/dev/null; then
  echo "compose-check: needs apt-get to install ${missing[*]} (a Debian or Ubuntu host)" >&2
  exit 1
fi
sudo=()
(( EUID == 0 )) || sudo=(sudo -n)
echo "compose-check: installing ${missing[*]} with apt-get ..." >&2
export DEBIAN_FRONTEND=noninteractive
# --no-install-recommends keeps crun (podman recommends it) off the machine, so nothing picks it by default.
if ! "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2; then
  "${sudo[@]}" apt-get update -q >&2
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi
