#!/usr/bin/env bash
# Builds the base image of ./sightline compose-check without any image registry: a minimal Debian root file system
# from the Debian mirror apt already uses (debootstrap --variant=minbase) plus a Java runtime linked (jlink) from
# the machine's JDK, imported into podman and saved as a docker-archive tar, which Jib reads as its base
# (-Dsightline.image.base=tar://...). Real users keep the default base, eclipse-temurin:21-jre.
#
# Usage: base-image.sh CACHE_DIR      (JAVA_HOME: the JDK to take the runtime from)
# Prints the tar's path on stdout. Does nothing when the tar and the image exist already.
set -euo pipefail

CACHE="${1:?usage: base-image.sh CACHE_DIR}"
JDK="${JAVA_HOME:?set JAVA_HOME to a JDK 21+}"
sudo=()
(( EUID == 0 )) || sudo=(sudo -n)
podman=("${sudo[@]}" podman)

suite="$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")"
java_version="$("$JDK/bin/java" -XshowSettings:properties -version 2>&1 \
  | awk -F'= ' '/java.runtime.version/ {print $2}' | tr '+' '_')"
tag="localhost/sightline-base:${suite}-jdk${java_version}"
tar="$CACHE/sightline-base-${suite}-jdk${java_version}.tar"

if [[ -s "$tar" ]] && "${podman[@]}" image exists "$tag"; then
  echo "$tar"; exit 0
fi

# The first Debian archive of apt's sources (deb822 .sources or one-line .list), so that a machine behind its own
# mirror keeps using it; the security archive is not a debootstrap target.
mirror() {
  local uri
  uri="$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null \
    | awk '/^URIs:/ {for (i = 2; i <= NF; i++) print $i}' | grep -v -- '-security' | head -n1 || true)"
  if [[ -z "$uri" ]]; then
    uri="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
      | awk '$1 == "deb" {for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) {print $i; break}}' \
      | grep -v -- '-security' | head -n1 || true)"
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}

mkdir -p "$CACHE"
work="$(mktemp -d "$CACHE/base.XXXXXX")"
trap '"${sudo[@]}" rm -rf "$work"' EXIT
rootfs="$work/rootfs"

echo "compose-check: debootstrap $suite from $(mirror) ..." >&2
"${sudo[@]}" debootstrap --variant=minbase "$suite" "$rootfs" "$(mirror)" >"$work/debootstrap.log" 2>&1 \
  || { tail -n 20 "$work/debootstrap.log" >&2; exit 1; }
# Package caches, documentation and locales serve no container: a third of minbase.
"${sudo[@]}" rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
  "$rootfs"/usr/share/doc "$rootfs"/usr/share/man "$rootfs"/usr/share/info "$rootfs"/usr/share/locale

# The modules Kafka, Kafka Streams, Lucene, Javalin and ONNX Runtime use; a JDK without jmods (JEP 493 off)
# cannot link, so the whole JDK is copied instead.
modules=java.se,jdk.incubator.vector,jdk.unsupported,jdk.management,jdk.management.agent,jdk.crypto.cryptoki
modules+=,jdk.naming.dns,jdk.zipfs,jdk.httpserver,jdk.jfr,jdk.net,jdk.security.auth,jdk.security.jgss,jdk.localedata
echo "compose-check: Java runtime $java_version (jlink from $JDK) ..." >&2
if ! "$JDK/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
    --output "$work/java" >"$work/jlink.log" 2>&1; then
  echo "compose-check: jlink failed ($(tail -n1 "$work/jlink.log")); copying the whole JDK" >&2
  rm -rf "$work/java"
  cp -a "$JDK/." "$work/java"
fi
"${sudo[@]}" cp -a "$work/java" "$rootfs/opt/java"

"${sudo[@]}" tar -C "$rootfs" -c . | "${podman[@]}" import \
  --change 'ENV JAVA_HOME=/opt/java' \
  --change 'ENV PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  - "$tag" >&2
"${podman[@]}" save --format docker-archive -o "$tar.part" "$tag" >&2
mv "$tar.part" "$tar"
echo "$tar"
