#!/usr/bin/env bash
# OTLP conformance: our exporters' payloads (traces in both encodings and gzipped, logs plain and
# gzipped, metrics plain and gzipped) must be accepted by the official opentelemetry-proto classes (tests/otlp/receiver.py).
# Runs from the repo root.
set -euo pipefail
cd "$(dirname "$0")/../.."
python=${OTLP_PYTHON:-.venv/bin/python}
sample=${OTLP_SAMPLE:-build-test/otlp_sample}
work=$(mktemp -d)
receiver_pid=
cleanup() {
  if [ -n "$receiver_pid" ]; then kill "$receiver_pid" 2>/dev/null || true; wait "$receiver_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$python" tests/otlp/receiver.py "$work/port" "$work/report" &
receiver_pid=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { echo "receiver did not start"; exit 1; }
url="http://127.0.0.1:$(cat "$work/port")/v1/traces"

status=0
for run in "http/protobuf" "http/json" "http/protobuf gzip" "http/json gzip"; do
  # shellcheck disable=SC2086  # $run is two words on purpose
  if ! "$sample" "$url" $run; then echo "otlp_sample failed: $run"; status=1; fi
done

# Logs: every level, a record with and without a span, a redacted field, invalid UTF-8.
logs_sample=${OTLP_LOGS_SAMPLE:-build-test/otlp_logs_sample}
logs_url="http://127.0.0.1:$(cat "$work/port")/v1/logs"
for run in "" "gzip"; do
  # shellcheck disable=SC2086
  if ! "$logs_sample" "$logs_url" $run; then echo "otlp_logs_sample failed: ${run:-plain}"; status=1; fi
done

# Metrics: every kind of instrument, the duration histogram with its exemplar.
metrics_sample=${OTLP_METRICS_SAMPLE:-build-test/otlp_metrics_sample}
metrics_url="http://127.0.0.1:$(cat "$work/port")/v1/metrics"
for run in "" "gzip"; do
  # shellcheck disable=SC2086
  if ! "$metrics_sample" "$metrics_url" $run; then echo "otlp_metrics_sample failed: ${run:-plain}"; status=1; fi
done

cat "$work/report" 2>/dev/null || true
if [ ! -s "$work/report" ]; then echo "receiver got nothing"; exit 1; fi
if grep -q REJECTED "$work/report"; then status=1; fi
[ "$(grep -c '^ok application' "$work/report")" -ge 4 ] || status=1
[ "$(grep -c '^ok logs .* records=4$' "$work/report")" -ge 2 ] || status=1
[ "$(grep -c '^ok metrics ' "$work/report")" -ge 4 ] || status=1  # two runs, two exports each
exit $status
