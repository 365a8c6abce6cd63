#!/usr/bin/env bash
# `make stack`: authlens with Prometheus (Debian's, same config and rules as Compose), Jaeger v2
# when installed, and an SMTP catcher, all on loopback, without Docker. State, logs and pids go
# to .stack/; `make stack-down` (deploy/stack/down.sh) stops exactly what this started.
# Ports: the usual ones when free, another free one otherwise; STACK_<NAME>_PORT forces one, and
# STACK_<NAME>_PORT=0 lets the program take any port and reads which it got (no race: the tests).
# Overrides: AUTHLENS_BIN, JAEGER_BIN, PROMETHEUS_BIN, STACK_DIR, STACK_PYTHON.
# Prints the URLs, and writes them to .stack/urls.env for scripts (the BDD suite).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
stack=${STACK_DIR:-$root/.stack}
mkdir -p "$stack"; stack=$(cd "$stack" && pwd)
authlens_bin=${AUTHLENS_BIN:-$root/build/authlens}
prometheus_bin=${PROMETHEUS_BIN:-$(command -v prometheus || true)}
jaeger_bin=${JAEGER_BIN:-$(command -v jaeger || echo "$HOME/go/bin/jaeger")}
# A real interpreter, not a pyenv-style shim, so the recorded pid is the program's own.
python=${STACK_PYTHON:-$( [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || command -v python3)}

if [ -s "$stack/pids" ]; then
  while read -r name pid _; do
    if kill -0 "$pid" 2>/dev/null; then
      echo "stack: already running ($name is pid $pid); run 'make stack-down' first" >&2; exit 1
    fi
  done < "$stack/pids"
fi
: > "$stack/pids"
[ -x "$authlens_bin" ] || { echo "stack: no authlens binary at $authlens_bin (make build)" >&2; exit 1; }
[ -n "$prometheus_bin" ] || { echo "stack: prometheus not found (apt-get install prometheus)" >&2; exit 1; }

taken=" "
port_free() { "$python" -c 'import socket,sys; s=socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1])))' "$1" 2>/dev/null; }
pick_port() {  # pick_port NAME DEFAULT -> prints the port
  local var="STACK_$1_PORT" p=$2
  if [ -n "${!var:-}" ]; then p=${!var}
  elif ! port_free "$p" || [[ $taken == *" $p "* ]]; then
    p=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  fi
  taken+="$p "; echo "$p"
}
http_port=$(pick_port HTTP 8001);          admin_port=$(pick_port ADMIN 8000)
prom_port=$(pick_port PROMETHEUS 9090);    smtp_port=$(pick_port SMTP 1025)
mail_port=$(pick_port MAIL 8025);          ui_port=$(pick_port JAEGER_UI 16686)
otlp_port=$(pick_port OTLP 4318);          jgrpc_port=$(pick_port JAEGER_GRPC 16685)
jhealth_port=$(pick_port JAEGER_HEALTH 13133)
zipkin_port=$(pick_port ZIPKIN 9411);     collector_listen=$(pick_port COLLECTOR 4328)

start() {  # start NAME COMMAND... : detached, logs to NAME.log; pid recorded with the program
  local name=$1; shift            # (the script, for Python) that down.sh checks before a kill
  local program=$1; [ "$1" != "$python" ] || program=$2
  setsid "$@" > "$stack/$name.log" 2>&1 < /dev/null &
  echo "$name $! $program" >> "$stack/pids"
}
pid_of() { awk -v n="$1" '$1 == n {print $2}' "$stack/pids"; }
give_up() {  # give_up NAME WHAT: NAME did not come up; show its log, stop what started, exit
  echo "stack: $1 $2; last lines of $stack/$1.log:" >&2
  tail -n 20 "$stack/$1.log" >&2 || true
  "$root/deploy/stack/down.sh" >/dev/null 2>&1 || true
  exit 1
}
wait_file() {  # wait_file NAME FILE SECONDS: a file the program writes once it listens
  local deadline=$((SECONDS + $3))
  until [ -s "$2" ]; do
    if ! kill -0 "$(pid_of "$1")" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
      give_up "$1" "did not report its ports in $2"
    fi
    sleep 0.1
  done
}
json_field() { "$python" -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }
listening() { "$python" "$root/tools/listening.py" "$@"; }  # ports a program got on port 0

wait_http() {  # wait_http NAME URL SECONDS
  local deadline=$((SECONDS + $3))
  until curl -fsS -o /dev/null --max-time 2 "$2" 2>/dev/null; do
    if ! kill -0 "$(pid_of "$1")" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
      give_up "$1" "did not come up at $2"
    fi
    sleep 0.2
  done
}

# Mail catcher: SMTP plus a Mailpit-shaped API (deploy/stack/mailcatcher.py).
mkdir -p "$stack/mail"
rm -f "$stack/mail.ports"
start mail "$python" "$root/deploy/stack/mailcatcher.py" --smtp "127.0.0.1:$smtp_port" \
  --http "127.0.0.1:$mail_port" --dir "$stack/mail" --ports-file "$stack/mail.ports"
wait_file mail "$stack/mail.ports" 20
smtp_port=$(json_field "$stack/mail.ports" smtp); mail_port=$(json_field "$stack/mail.ports" http)

# Jaeger v2, when installed: OTLP/HTTP in, its query API out (this build has no UI assets),
# memory storage (deploy/jaeger/stack.yaml).
jaeger_url=""
if [ -x "$jaeger_bin" ]; then
  JAEGER_UI_PORT=$ui_port JAEGER_QUERY_GRPC_PORT=$jgrpc_port JAEGER_HEALTH_PORT=$jhealth_port \
    JAEGER_OTLP_HTTP_PORT=$otlp_port start jaeger "$jaeger_bin" --config "$root/deploy/jaeger/stack.yaml"
  if [ "$ui_port" = 0 ] || [ "$otlp_port" = 0 ] || [ "$jgrpc_port" = 0 ] || [ "$jhealth_port" = 0 ]; then
    read -r otlp_port ui_port jgrpc_port jhealth_port < <(listening jaeger "$(pid_of jaeger)" 60) ||
      give_up jaeger "did not show its four ports"
  fi
  jaeger_url="http://127.0.0.1:$ui_port"
fi
wait_http mail "http://127.0.0.1:$mail_port/readyz" 20
[ -z "$jaeger_url" ] || wait_http jaeger "$jaeger_url/" 60

# A trace UI: Zipkin's server (in memory) fed by the OpenTelemetry Collector, which also forwards
# to Jaeger. authlens then exports to the Collector alone: one OTLP endpoint, two back ends. When
# Java, the jar or the Collector is missing, authlens exports to Jaeger directly, as before.
zipkin_url=""; collector_port=""
otelcol_bin=${OTELCOL_BIN:-$HOME/go/bin/authlens-otelcol}
zipkin_jar=""
if command -v java >/dev/null 2>&1 && [ -x "$otelcol_bin" ] && [ -n "$jaeger_url" ]; then
  zipkin_jar=$("$root/scripts/install-zipkin.sh" 2>>"$stack/install.log" || true)
fi
if [ -n "$zipkin_jar" ]; then
  start zipkin java -Xmx256m -jar "$zipkin_jar" "--armeria.ports[0].port=$zipkin_port" \
    "--armeria.ports[0].ip=127.0.0.1" "--armeria.ports[0].protocols=http"
  deadline=$((SECONDS + 90))
  until zipkin_port=$(sed -n 's#.*Serving HTTP at /127\.0\.0\.1:\([0-9]*\).*#\1#p' "$stack/zipkin.log" | head -1) &&
        [ -n "$zipkin_port" ]; do
    if ! kill -0 "$(pid_of zipkin)" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
      give_up zipkin "did not say where it serves"
    fi
    sleep 0.2
  done
  zipkin_url="http://127.0.0.1:$zipkin_port"
  cat > "$stack/otelcol.yaml" <<YAML
receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:$collector_listen
processors:
  batch:
    timeout: 200ms
exporters:
  otlphttp/jaeger:
    endpoint: http://127.0.0.1:$otlp_port
  zipkin:
    endpoint: $zipkin_url/api/v2/spans
service:
  telemetry:
    metrics:
      level: none
  pipelines:
    traces: {receivers: [otlp], processors: [batch], exporters: [otlphttp/jaeger, zipkin]}
YAML
  start otelcol "$otelcol_bin" --config "$stack/otelcol.yaml"
  collector_port=$collector_listen
  if [ "$collector_port" = 0 ]; then
    collector_port=$(listening ports "$(pid_of otelcol)" 1 60) || give_up otelcol "did not listen"
  fi
  wait_http zipkin "$zipkin_url/health" 90
fi

# authlens, in .stack/ so a developer's .env in the repository does not leak in.
mkdir -p "$stack/var"
(
  cd "$stack"
  export AUTHLENS_HTTP_ADDR="127.0.0.1:$http_port" AUTHLENS_ADMIN_ADDR="127.0.0.1:$admin_port"
  export AUTHLENS_READY_FILE="$stack/authlens.ready.json"
  export AUTHLENS_DATABASE_URL="sqlite://$stack/var/authlens.db" AUTHLENS_ENV=development
  export SMTP_URL="smtp://127.0.0.1:$smtp_port" SENDER_EMAIL="${SENDER_EMAIL:-authlens@stack.test}"
  export OTEL_SERVICE_NAME="${OTEL_SERVICE_NAME:-authlens}"
  if [ -n "$collector_port" ]; then
    export OTEL_TRACES_EXPORTER=otlp OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$collector_port"
  elif [ -n "$jaeger_url" ]; then
    export OTEL_TRACES_EXPORTER=otlp OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$otlp_port"
  else
    export OTEL_TRACES_EXPORTER=none   # traces stay in the built-in viewer (/debug/traces)
  fi
  rm -f "$AUTHLENS_READY_FILE"
  start authlens "$authlens_bin"
)
wait_file authlens "$stack/authlens.ready.json" 30
http_port=$(json_field "$stack/authlens.ready.json" http); http_port=${http_port##*:}
admin_port=$(json_field "$stack/authlens.ready.json" admin); admin_port=${admin_port##*:}
wait_http authlens "http://127.0.0.1:$admin_port/healthz" 30

# Prometheus: the Compose config with loopback targets and the same rule files.
sed -e "s#authlens:8000#127.0.0.1:$admin_port#" -e "s#localhost:9090#127.0.0.1:$prom_port#" \
    -e "s#- rules/\*\.yml#- $root/deploy/prometheus/rules/*.yml#" \
    "$root/deploy/prometheus/prometheus.yml" > "$stack/prometheus.yml"
promtool check config "$stack/prometheus.yml" > "$stack/promtool.log" 2>&1 ||
  { cat "$stack/promtool.log" >&2; "$root/deploy/stack/down.sh" > /dev/null; exit 1; }
start prometheus "$prometheus_bin" --config.file="$stack/prometheus.yml" \
  --storage.tsdb.path="$stack/prometheus-data" --web.listen-address="127.0.0.1:$prom_port" \
  --web.enable-lifecycle --enable-feature=exemplar-storage
if [ "$prom_port" = 0 ]; then
  prom_port=$(listening ports "$(pid_of prometheus)" 1 30) || give_up prometheus "did not listen"
fi
wait_http prometheus "http://127.0.0.1:$prom_port/-/ready" 30

cat > "$stack/urls.env" <<URLS
AUTHLENS_URL=http://127.0.0.1:$http_port
ADMIN_URL=http://127.0.0.1:$admin_port
PROMETHEUS_URL=http://127.0.0.1:$prom_port
JAEGER_URL=$jaeger_url
OTLP_URL=${jaeger_url:+http://127.0.0.1:$otlp_port}
ZIPKIN_URL=$zipkin_url
COLLECTOR_URL=${collector_port:+http://127.0.0.1:$collector_port}
SMTP_URL=smtp://127.0.0.1:$smtp_port
MAIL_URL=http://127.0.0.1:$mail_port
MAIL_DIR=$stack/mail
STACK_DIR=$stack
URLS

if [ -n "$zipkin_url" ]; then
  trace_ui="$zipkin_url/zipkin/   (Zipkin, fed by the Collector at 127.0.0.1:$collector_port)"
else
  trace_ui="not installed (needs Java, scripts/install-zipkin.sh and the Collector)"
fi
cat <<MSG
authlens stack is up (logs and state in $stack):
  API            http://127.0.0.1:$http_port
  admin          http://127.0.0.1:$admin_port   /metrics /debug/traces /healthz /readyz
  Prometheus     http://127.0.0.1:$prom_port   (Alerts: http://127.0.0.1:$prom_port/alerts)
  Jaeger API     ${jaeger_url:+$jaeger_url/api/traces?service=authlens (no UI: the Jaeger built from Go modules has no UI assets)}${jaeger_url:-not installed}
  Trace UI       $trace_ui
  traces (UI)    http://127.0.0.1:$admin_port/debug/traces   (the built-in viewer: status codes, filters)
  mail (SMTP)    127.0.0.1:$smtp_port, caught mail at http://127.0.0.1:$mail_port and in $stack/mail
  Grafana is in the Docker Compose stack only (docker compose -f deploy/compose.yaml up).
  stop: make stack-down
MSG
