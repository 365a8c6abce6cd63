#!/usr/bin/env bash
# /metrics must pass `promtool check metrics` (CONTRACT.md, Admin listener). The metrics test
# binary writes an exposition with every family populated; promtool parses and lints it. The
# OpenMetrics form (Accept: application/openmetrics-text) goes to prometheus_client's OpenMetrics
# parser instead (tests/telemetry/metrics/openmetrics_check.py): promtool reads only the
# Prometheus text format and stops at an exemplar.
# Builds nothing: expects build-test/ from scripts/test.sh. Run from the repository root.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=build-test/authlens_metrics_tests
[ -x "$bin" ] || { echo "promtool-metrics: $bin not built" >&2; exit 1; }
command -v promtool >/dev/null || { echo "promtool-metrics: promtool not installed" >&2; exit 1; }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
python=${OPENMETRICS_PYTHON:-.venv/bin/python}
AUTHLENS_METRICS_EXPOSITION="$out/metrics.txt" AUTHLENS_OPENMETRICS_EXPOSITION="$out/openmetrics.txt" "$bin" \
  --gtest_filter='MetricsExposition.WritesEveryFamilyForPromtool' --gtest_brief=1 >/dev/null
[ -s "$out/metrics.txt" ] || { echo "promtool-metrics: no exposition written" >&2; exit 1; }

for family in http_server_request_duration_seconds http_server_active_requests \
  authlens_auth_events_total authlens_password_hash_duration_seconds authlens_mail_outbox_pending \
  authlens_mail_deliveries_total process_cpu_seconds_total process_resident_memory_bytes \
  process_start_time_seconds cpu_usage memory_usage authlens_telemetry_cpu_seconds_total \
  authlens_spans_exported_total authlens_spans_dropped_total authlens_spans_failed_total; do
  grep -q "^# TYPE $family " "$out/metrics.txt" || { echo "promtool-metrics: $family missing" >&2; exit 1; }
done

promtool check metrics < "$out/metrics.txt"
echo "promtool-metrics: $(grep -c '^# TYPE' "$out/metrics.txt") families pass promtool check metrics"
echo "promtool-metrics: OpenMetrics: $("$python" tests/telemetry/metrics/openmetrics_check.py "$out/openmetrics.txt" 4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b4b) parsed"

# The same against the real service: a live /metrics after a request passes promtool, and has
# every family that deploy/metrics.txt (what the dashboard and alerts may use) names.
authlens=$(realpath -m "${AUTHLENS_BIN:-build-test/authlens}")
[ -x "$authlens" ] || { echo "promtool-metrics: $authlens not built" >&2; exit 1; }
# Port 0: the service writes the addresses it got to its ready file (no port picked in advance).
(cd "$out" && AUTHLENS_HTTP_ADDR=127.0.0.1:0 AUTHLENS_ADMIN_ADDR=127.0.0.1:0 \
  AUTHLENS_READY_FILE="$out/ready.json" OTEL_TRACES_EXPORTER=none \
  AUTHLENS_DATABASE_URL="sqlite://$out/live.db" AUTHLENS_MAIL_DIR="$out/mail" \
  exec "$authlens" > "$out/live.log" 2>&1) &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$out"' EXIT
ready=0
for _ in $(seq 300); do
  if [ -s "$out/ready.json" ]; then
    http=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["http"])' "$out/ready.json")
    admin=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["admin"])' "$out/ready.json")
    curl -sf "http://$admin/readyz" >/dev/null && { ready=1; break; }
  fi
  sleep 0.1
done
[ $ready -eq 1 ] || { echo "promtool-metrics: authlens did not become ready" >&2; cat "$out/live.log" >&2; exit 1; }
curl -s -o /dev/null -D "$out/me.headers" "http://$http/me" || true
curl -s -o /dev/null -H "content-type: application/json" -d "{\"email\":\"not-an-address\"}" "http://$http/register" || true
curl -sf "http://$admin/metrics" > "$out/live.txt" || { echo "promtool-metrics: no live /metrics" >&2; cat "$out/live.log"; exit 1; }
promtool check metrics < "$out/live.txt"
missing=0
while read -r name _; do
  case "$name" in ''|'#'*) continue ;; esac
  grep -q "^# TYPE $name " "$out/live.txt" || { echo "promtool-metrics: live /metrics lacks $name (deploy/metrics.txt)" >&2; missing=1; }
done < deploy/metrics.txt
[ $missing -eq 0 ] || exit 1
echo "promtool-metrics: live /metrics passes and has all $(grep -cv '^#' deploy/metrics.txt) families of deploy/metrics.txt"

# The live OpenMetrics answer: asked the way Prometheus asks, it carries the /me request's trace
# as an exemplar (the trace id its traceparent response header named).
grep -qi '^content-type: text/plain; version=0.0.4' <(curl -sf -D - -o /dev/null "http://$admin/metrics") ||
  { echo "promtool-metrics: /metrics without Accept is not the text format" >&2; exit 1; }
trace_id=$(tr -d '\r' < "$out/me.headers" | awk -F- 'tolower($0) ~ /^traceparent:/ {print $2}')
[ -n "$trace_id" ] || { echo "promtool-metrics: GET /me answered no traceparent" >&2; exit 1; }
accept='application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'
curl -sf -H "Accept: $accept" -D "$out/om.headers" "http://$admin/metrics" > "$out/live-om.txt" ||
  { echo "promtool-metrics: no live OpenMetrics" >&2; exit 1; }
grep -qi '^content-type: application/openmetrics-text; version=1.0.0' "$out/om.headers" ||
  { echo "promtool-metrics: OpenMetrics answered as $(grep -i '^content-type' "$out/om.headers")" >&2; exit 1; }
echo "promtool-metrics: live OpenMetrics: $("$python" tests/telemetry/metrics/openmetrics_check.py "$out/live-om.txt" "$trace_id"), one of trace $trace_id"
