#!/usr/bin/env bash
# Fetches Zipkin's server (io.zipkin:zipkin-server 3.4.2, the exec jar from Maven Central) for the
# trace UI of `make stack`, and prints the jar's path. Idempotent: a jar whose SHA-1 matches the
# one Maven recorded beside it is kept, so later runs return at once. Needs Java 17 and Maven.
set -euo pipefail
VERSION=3.4.2
JAR="${ZIPKIN_JAR:-$HOME/.m2/repository/io/zipkin/zipkin-server/$VERSION/zipkin-server-$VERSION-exec.jar}"
log() { echo "install-zipkin: $*" >&2; }

intact() { [ -s "$JAR" ] && [ -s "$JAR.sha1" ] && [ "$(sha1sum < "$JAR" | cut -d' ' -f1)" = "$(cut -d' ' -f1 < "$JAR.sha1")" ]; }
if ! intact; then
  command -v mvn >/dev/null 2>&1 || { log "no Maven (mvn) to fetch Zipkin with"; exit 1; }
  log "fetching io.zipkin:zipkin-server:$VERSION (exec jar)"
  mvn -q -B dependency:get -Dartifact="io.zipkin:zipkin-server:$VERSION:jar:exec" -Dtransitive=false >&2
  intact || { log "the jar at $JAR does not match its SHA-1"; exit 1; }
fi
echo "$JAR"
