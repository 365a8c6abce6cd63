#!/usr/bin/env bash
# /metrics must pass `promtool check metrics` (CONTRACT.md, Admin listener). The metrics test
# binary writes an exposition with every family populated; promtool parses and lints it.
# Builds nothing: expects build-test/ from scripts/test.sh. Run from the repository root.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=build-test/authlens_metrics_tests
[ -x "$bin" ] || { echo "promtool-metrics: $bin not built" >&2; exit 1; }
command -v promtool >/dev/null || { echo "promtool-metrics: promtool not installed" >&2; exit 1; }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
AUTHLENS_METRICS_EXPOSITION="$out/metrics.txt" "$bin" \
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
