#!/usr/bin/env bash
# The observability BDD features (features/obs_*.feature, tag @observability): a real Jaeger v2
# receives the OTLP export (both encodings), a real Prometheus scrapes /metrics, logs join traces
# on the trace id, headless Chromium shows the built-in viewer (screenshot kept as
# features/artifacts/viewer.png), an OTLP endpoint that is down costs requests nothing, and W3C
# traceparent handling; all three signals through a real OpenTelemetry Collector (tools/otelcol,
# built once by scripts/install-otelcol.sh) to a receiver that decodes them. Run by `make test` (scripts/test.sh); exits with behave's status.
# Extra arguments go to behave, e.g. `bash scripts/test.d/bdd-observability.sh features/obs_jaeger.feature`.
#
# Jaeger is built once with scripts/install-jaeger.sh (Go toolchain). When it cannot be had, the
# Jaeger scenarios run anyway and FAIL, saying why: a run without Jaeger must not pass.
set -uo pipefail
source "$(dirname "$0")/against-authlens.bash" bdd-observability .venv/bin/behave
export JAEGER_BIN=${JAEGER_BIN:-${GOBIN:-$HOME/go/bin}/jaeger}

# Go may live outside PATH (the official tarball's place).
if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
  export PATH=$PATH:/usr/local/go/bin
fi
if command -v go >/dev/null 2>&1; then
  t0=$SECONDS
  if scripts/install-jaeger.sh; then
    [ $((SECONDS - t0)) -lt 5 ] || echo "bdd-observability: Jaeger installed in $((SECONDS - t0)) s"
  else
    echo "bdd-observability: scripts/install-jaeger.sh failed: the Jaeger scenarios will FAIL" >&2
  fi
  # The Collector (tools/otelcol) after Jaeger: it reuses Jaeger's module and build caches.
  t0=$SECONDS
  if scripts/install-otelcol.sh; then
    [ $((SECONDS - t0)) -lt 5 ] || echo "bdd-observability: Collector installed in $((SECONDS - t0)) s"
  else
    echo "bdd-observability: scripts/install-otelcol.sh failed: the Collector scenario will FAIL" >&2
  fi
else
  echo "bdd-observability: no Go toolchain, Jaeger cannot be built: the Jaeger scenarios will FAIL" >&2
fi

args=("$@")
if [ ${#args[@]} -eq 0 ]; then
  args=(--tags=@observability)
  for f in features/obs_*.feature; do args+=("$f"); done
fi
.venv/bin/behave --format progress3 --no-capture --no-capture-stderr --no-logcapture \
  --show-timings --summary "${args[@]}"
status=$?
echo "bdd-observability: logs of this run are in features/artifacts/bdd/run-*/, the viewer's screenshot is features/artifacts/viewer.png"
exit $status
