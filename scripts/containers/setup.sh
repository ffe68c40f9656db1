#!/usr/bin/env bash
# Prepares this machine to run burstpipe's images for real with podman, where there is no Docker engine and no
# image registry: installs podman (Debian's) and what it needs, then builds local stand-ins for the base images
# the Dockerfiles and docker-compose.yml name, tagged with the names Docker resolves, so `FROM` and `image:` lines
# find them unchanged:
#   docker.io/library/eclipse-temurin:17-jre          Debian bookworm openjdk-17-jre-headless
#   docker.io/library/maven:3.9-eclipse-temurin-17    Debian openjdk-17-jdk-headless + Apache Maven (the wrapper's)
#   docker.io/library/postgres:16                     Debian PostgreSQL 15 (bookworm has no 16)
#   docker.io/apache/kafka:4.1.1                      the Kafka 4.1.1 jars from Maven Central on the JRE stand-in
# These are stand-ins, not the images a user pulls. Each is rebuilt only when its definition changed (a hash
# label), so a second run takes seconds. Needs root (apt, debootstrap, podman). Prints each step with its time.
#
#   scripts/containers/setup.sh            # then: export CONTAINERS_CONF=scripts/containers/containers.conf
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
export CONTAINERS_CONF="$HERE/containers.conf"
STANDINS="$HERE/standins"
BASE=localhost/burstpipe-standin/bookworm:latest
CACHE="${BURSTPIPE_CONTAINER_CACHE:-/var/cache/burstpipe-containers}"
START=$SECONDS

step() { printf '%s [%4ds] containers: %s\n' "$(date +%H:%M:%S)" $((SECONDS - START)) "$*"; }

packages=(podman runc netavark aardvark-dns uidmap slirp4netns fuse-overlayfs iptables debootstrap)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  step "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
step "$(podman --version), runtime runc, network netavark ($CONTAINERS_CONF)"

# the label every stand-in carries: a hash of the files it is built from
definition_hash() { (cd "$STANDINS" && find "$@" -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-16; }
current_hash() { podman image inspect --format '{{index .Labels "io.burstpipe.standin.hash"}}' "$1" 2>/dev/null || true; }

if ! podman image exists "$BASE"; then
  mkdir -p "$CACHE"
  if [[ ! -s "$CACHE/bookworm-minbase.tar" ]]; then
    step "debootstrap --variant=minbase bookworm (the base of every stand-in)"
    rootfs="$(mktemp -d)"
    debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >"$CACHE/debootstrap.log" 2>&1 \
      || { tail -20 "$CACHE/debootstrap.log" >&2; exit 1; }
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    tar -C "$rootfs" -cf "$CACHE/bookworm-minbase.tar.tmp" . && mv "$CACHE/bookworm-minbase.tar.tmp" "$CACHE/bookworm-minbase.tar"
    rm -rf "$rootfs"
  fi
  step "importing the bookworm rootfs as $BASE"
  podman import --quiet "$CACHE/bookworm-minbase.tar" "$BASE" >/dev/null
fi

# build NAME DIR [podman build args...]: builds DIR's Containerfile as NAME unless it is current
build() {
  local name="$1" dir="$2" context="$3"; shift 3
  local hash; hash="$(definition_hash "$dir")"
  if [[ "$(current_hash "$name")" == "$hash" ]]; then
    step "stand-in $name is current"
    return 0
  fi
  step "building stand-in $name"
  quiet_build "$name" --label "io.burstpipe.standin.hash=$hash" -t "$name" -f "$STANDINS/$dir/Containerfile" "$@" "$context"
}

# quiet_build NAME ARGS...: podman build, its output kept in the cache folder and shown only on failure
quiet_build() {
  local log; log="$CACHE/build-${1//[^a-z0-9.-]/_}.log"; shift
  mkdir -p "$CACHE"
  if ! podman build --network host --layers=false "$@" >"$log" 2>&1; then
    tail -30 "$log" >&2; echo "containers: build failed; whole log in $log" >&2; return 1
  fi
}

build docker.io/library/eclipse-temurin:17-jre jre "$STANDINS/jre"
build docker.io/library/postgres:16 postgres "$STANDINS/postgres"

maven_version="$(sed -n 's#.*apache-maven/\([0-9.]*\)/.*#\1#p' "$ROOT/.mvn/wrapper/maven-wrapper.properties")"
maven_context="$(mktemp -d)"; kafka_context="$(mktemp -d)"
trap 'rm -rf "$maven_context" "$kafka_context"' EXIT
if [[ "$(current_hash docker.io/library/maven:3.9-eclipse-temurin-17)" != "$(definition_hash maven)" ]]; then
  mkdir -p "$maven_context/ca"
  cp /usr/local/share/ca-certificates/*.crt "$maven_context/ca/" 2>/dev/null || true
  tarball="$CACHE/apache-maven-$maven_version-bin.tar.gz"
  if [[ ! -s "$tarball" ]]; then
    mkdir -p "$CACHE"
    step "downloading Apache Maven $maven_version from Maven Central"
    curl -fsSL -o "$tarball.tmp" \
      "https://repo.maven.apache.org/maven2/org/apache/maven/apache-maven/$maven_version/apache-maven-$maven_version-bin.tar.gz"
    mv "$tarball.tmp" "$tarball"
  fi
  cp "$tarball" "$maven_context/apache-maven.tar.gz"
fi
build docker.io/library/maven:3.9-eclipse-temurin-17 maven "$maven_context" --build-arg "MAVEN_VERSION=$maven_version"

if [[ "$(current_hash docker.io/apache/kafka:4.1.1)" != "$(definition_hash kafka jre)" ]]; then
  if [[ ! -s "$ROOT/kafka-broker/target/broker.classpath" ]]; then
    step "resolving the Kafka 4.1.1 jars (kafka-broker module)"
    (cd "$ROOT" && ./mvnw -q -B generate-resources -pl kafka-broker)
  fi
  mkdir -p "$kafka_context/libs"
  tr ':' '\n' < "$ROOT/kafka-broker/target/broker.classpath" | xargs -I{} cp {} "$kafka_context/libs/"
  cp -r "$STANDINS/kafka/bin" "$kafka_context/bin"
  cp "$ROOT/kafka-broker/log4j2.properties" "$kafka_context/log4j2.properties"
fi
build_kafka() {
  local hash; hash="$(definition_hash kafka jre)"
  if [[ "$(current_hash docker.io/apache/kafka:4.1.1)" == "$hash" ]]; then
    step "stand-in docker.io/apache/kafka:4.1.1 is current"; return 0
  fi
  step "building stand-in docker.io/apache/kafka:4.1.1"
  quiet_build docker.io/apache/kafka:4.1.1 --label "io.burstpipe.standin.hash=$hash" \
    -t docker.io/apache/kafka:4.1.1 -f "$STANDINS/kafka/Containerfile" "$kafka_context"
}
build_kafka
step "stand-ins ready (local stand-ins, not the images a user pulls): docker.io/library/eclipse-temurin:17-jre, \
docker.io/library/maven:3.9-eclipse-temurin-17, docker.io/library/postgres:16, docker.io/apache/kafka:4.1.1"
# intermediate images are the service builds' layer cache; drop only those nothing has used for a week
podman image prune --force --filter until=168h >/dev/null 2>&1 || true
