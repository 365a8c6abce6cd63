#!/usr/bin/env bash
# Profiles authlens under one workload and telemetry mode with perf (task-clock: this VM has no
# hardware counters, and attaching with -p records nothing, so perf starts the service itself).
# Needs a prepared bench/work (run `make bench` once, or harness.py with small settings).
#   bench/profile.sh [MODE=all] [WORKLOAD=me] [SECONDS=5]   → bench/work/profile-MODE-WORKLOAD.txt
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-all} workload=${2:-me} seconds=${3:-5}
dir=bench/work/profile-$mode-$workload
rm -rf "$dir" && mkdir -p "$dir"
cp bench/work/prepared/authlens.db "$dir/"
# Port 0 everywhere: the sink's port is read from /proc, authlens's from its ready file.
/usr/bin/python3 bench/otlp_sink.py 0 & sink_pid=$!
sink=$(/usr/bin/python3 tools/listening.py ports "$sink_pid" 1 15)
on() { case " $2 " in *" $1 "*) echo on ;; *) echo off ;; esac; }
signals=$mode; [ "$mode" = all ] && signals="logs metrics traces"
env=(AUTHLENS_HTTP_ADDR=127.0.0.1:0 AUTHLENS_ADMIN_ADDR=127.0.0.1:0 AUTHLENS_READY_FILE=$PWD/$dir/ready.json
  AUTHLENS_DATABASE_URL=sqlite://$PWD/$dir/authlens.db AUTHLENS_MAIL_DIR=$PWD/$dir/mail
  AUTHLENS_LOGS=$(on logs "$signals") AUTHLENS_METRICS=$(on metrics "$signals"))
if [ "$(on traces "$signals")" = on ]; then
  env+=(OTEL_TRACES_EXPORTER=otlp OTEL_TRACES_SAMPLER=always_on OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$sink)
else
  env+=(OTEL_SDK_DISABLED=true)
fi
env "${env[@]}" perf record -e task-clock -F 2000 -g -o "$dir/perf.data" -- build-bench/authlens \
  > "$dir/stdout.log" 2> "$dir/perf.log" &
perf_pid=$!
for _ in $(seq 100); do [ -s "$dir/ready.json" ] && break; sleep 0.1; done
field() { /usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]].rsplit(":", 1)[1])' "$dir/ready.json" "$1"; }
http=$(field http) admin=$(field admin)
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$admin/healthz" >/dev/null && break; sleep 0.1; done
wrk -t1 -c16 -d"${seconds}s" -s bench/workload.lua "http://127.0.0.1:$http" -- "$workload" bench/work/data 1 prof | tail -1
curl -sf "http://127.0.0.1:$admin/metrics" | grep -E '^(authlens_telemetry_cpu|process_cpu)' || true
kill -INT "$(pgrep -P $perf_pid -f build-bench/authlens)" 2>/dev/null || true
wait $perf_pid || true
kill $sink_pid
perf report -i "$dir/perf.data" --no-children --sort dso,symbol --stdio 2>/dev/null | grep '%' | head -60 \
  > "bench/work/profile-$mode-$workload.txt"
perf report -i "$dir/perf.data" --no-children --sort comm --stdio 2>/dev/null | grep '%' | head -10 \
  >> "bench/work/profile-$mode-$workload.txt"
echo "bench/work/profile-$mode-$workload.txt"
