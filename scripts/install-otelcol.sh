#!/usr/bin/env bash
# Builds the OpenTelemetry Collector of the observability stage (tools/otelcol: the OTLP receiver,
# the batch processor, the OTLP/HTTP, debug and Zipkin exporters, Collector v0.140.0) at $OTELCOL_BIN
# (default ~/go/bin/authlens-otelcol). Idempotent: a binary built from this module at the
# versions tools/otelcol/go.mod pins is kept, so later runs return at once.
#
# v0.140.0 is the Collector release Jaeger v2.13 (tools/jaeger) is built on: the two share the
# module cache and most of the build cache, so after Jaeger this takes about a minute and a half
# here (46 s of CPU), not a second cold Collector build.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODDIR="$ROOT/tools/otelcol"
OTELCOL_BIN="${OTELCOL_BIN:-${GOBIN:-$HOME/go/bin}/authlens-otelcol}"
log() { echo "install-otelcol: $*" >&2; }

if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then export PATH=$PATH:/usr/local/go/bin; fi
command -v go >/dev/null 2>&1 || { log "no Go toolchain"; exit 1; }

want="$(awk '$1 == "go.opentelemetry.io/collector/otelcol" { print $2; exit }' "$MODDIR/go.mod")"
if [ -x "$OTELCOL_BIN" ]; then
  info="$(go version -m "$OTELCOL_BIN" 2>/dev/null || true)"
  if grep -Eq "^[[:space:]]+path[[:space:]]+authlens/tools/otelcol([[:space:]]|$)" <<<"$info" &&
     grep -Eq "^[[:space:]]+dep[[:space:]]+go.opentelemetry.io/collector/otelcol[[:space:]]+${want}([[:space:]]|$)" <<<"$info" &&
     grep -Eq "^[[:space:]]+dep[[:space:]]+github.com/open-telemetry/opentelemetry-collector-contrib/exporter/zipkinexporter[[:space:]]" <<<"$info"; then
    log "$OTELCOL_BIN is already the Collector $want"
    exit 0
  fi
fi
mkdir -p "$(dirname "$OTELCOL_BIN")"
log "building the Collector $want into $OTELCOL_BIN"
(cd "$MODDIR" && nice go build -trimpath -o "$OTELCOL_BIN.tmp" .)
mv "$OTELCOL_BIN.tmp" "$OTELCOL_BIN"
log "built $("$OTELCOL_BIN" --version 2>/dev/null || echo "$OTELCOL_BIN")"
