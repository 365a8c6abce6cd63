#!/usr/bin/env bash
# Deployment checks, run by `make test` (scripts/test.sh) from the repository root; a few seconds.
#  1. promtool check config / check rules / test rules on deploy/prometheus
#  2. the Grafana dashboard: parses, is well-formed, every query names only exported metrics
#     (deploy/metrics.txt) with their labels, and every query is valid PromQL (promtool)
#  3. Dockerfile and deploy/compose.yaml against CONTRACT.md: variables, ports, health path,
#     EXPOSE/HEALTHCHECK/USER, mounted and copied paths; `docker compose config` or
#     `docker-compose config` when either is installed (no Docker engine is needed for that)
#  4. the `make stack` scripts, with a stand-in for authlens: up.sh brings up mail catcher and
#     Prometheus, Prometheus scrapes the stand-in with the real rules, down.sh stops it all
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
fail=0; checks=0
ok()  { checks=$((checks + 1)); echo "  ok   $1 ($((SECONDS - t0)) s)"; }
bad() { checks=$((checks + 1)); fail=$((fail + 1)); echo "  FAIL $1"; }
run() {  # run NAME COMMAND...: output shown only on failure
  local name=$1 out; shift; t0=$SECONDS
  if out=$("$@" 2>&1); then ok "$name"; else bad "$name"; echo "$out" | sed 's/^/       /'; fi
}

py=""
for c in /usr/bin/python3 python3 .venv/bin/python; do
  if command -v "$c" > /dev/null && "$c" -c 'import yaml' 2> /dev/null; then py=$c; break; fi
done
[ -n "$py" ] || { echo "deploy checks need PyYAML (apt-get install python3-yaml)"; exit 1; }
command -v promtool > /dev/null || { echo "deploy checks need promtool (apt-get install prometheus)"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# 1. Prometheus
run "promtool check config deploy/prometheus/prometheus.yml" promtool check config deploy/prometheus/prometheus.yml
run "promtool check rules" promtool check rules deploy/prometheus/rules/*.yml
run "promtool test rules (every alert firing and not firing)" promtool test rules deploy/prometheus/tests/*.yml
# Every alert has a test that names it.
for a in $(sed -n 's/^ *- alert: *//p' deploy/prometheus/rules/*.yml); do
  grep -q "alertname: $a\$" deploy/prometheus/tests/*.yml || bad "alert $a has no promtool test"
done

# 2. Grafana
run "dashboard and alert queries name only exported metrics and labels" \
  "$py" deploy/checks/promql_names.py deploy/metrics.txt \
  deploy/grafana/provisioning/datasources/datasources.yml \
  --dashboards deploy/grafana/dashboards/*.json --rules deploy/prometheus/rules/*.yml \
  --emit-rules "$tmp/dashboard-queries.yml"
run "dashboard queries are valid PromQL (promtool)" promtool check rules "$tmp/dashboard-queries.yml"

# 3. Dockerfile and Compose against the contract
contract=""
for c in "${AUTHLENS_CONTRACT:-}" CONTRACT.md docs/CONTRACT.md ../shared/CONTRACT.md; do
  [ -n "$c" ] && [ -f "$c" ] && { contract=$c; break; }
done
run "Dockerfile and compose.yaml agree with ${contract:-the contract (CONTRACT.md not found)}" \
  "$py" deploy/checks/compose_contract.py "$root" "$contract"
if docker compose version > /dev/null 2>&1; then
  run "docker compose config" docker compose -f deploy/compose.yaml --profile test config -q
elif command -v docker-compose > /dev/null; then
  run "docker-compose config" docker-compose -f deploy/compose.yaml --profile test config -q
else
  echo "  skip compose schema validation: neither 'docker compose' nor docker-compose installed"
fi
run "bash -n on the stack scripts" bash -n deploy/stack/up.sh deploy/stack/down.sh deploy/docker/runtime-packages.sh
run "runtime-packages.sh maps a binary's libraries to Debian packages" \
  bash -c 'deploy/docker/runtime-packages.sh "$(command -v curl)" | grep -qx libcurl4'

# 4. make stack / stack-down, with the stand-in authlens, every program on port 0 (read back), in
# a scratch directory.
stack_test() {
  local dir=$tmp/stack urls up
  env STACK_DIR="$dir" AUTHLENS_BIN="$root/deploy/stack/standin_authlens.py" JAEGER_BIN=/nonexistent \
    STACK_HTTP_PORT=0 STACK_ADMIN_PORT=0 STACK_PROMETHEUS_PORT=0 \
    STACK_SMTP_PORT=0 STACK_MAIL_PORT=0 deploy/stack/up.sh > "$dir.out" 2>&1 ||
    { cat "$dir.out"; return 1; }
  urls=$dir/urls.env
  # shellcheck disable=SC1090
  . "$urls"
  curl -fsS "$ADMIN_URL/healthz" > /dev/null || { echo "no /healthz at $ADMIN_URL"; return 1; }
  curl -fsS "$MAIL_URL/api/v1/messages" | grep -q '"total": 1' || { echo "the stand-in's mail was not caught"; return 1; }
  for _ in $(seq 1 50); do  # Prometheus scrapes the admin listener and loads the rules
    up=$(curl -fsS "$PROMETHEUS_URL/api/v1/query?query=up%7Bjob%3D%22authlens%22%7D" 2>/dev/null)
    [[ $up == *'"1"]'* ]] && break
    sleep 0.3
  done
  [[ $up == *'"1"]'* ]] || { echo "Prometheus never scraped authlens: $up"; return 1; }
  curl -fsS "$PROMETHEUS_URL/api/v1/rules" | grep -q AuthlensInstanceDown || { echo "rules not loaded"; return 1; }
  local pids; pids=$(awk '{print $2}' "$dir/pids")
  STACK_DIR="$dir" deploy/stack/down.sh > /dev/null || return 1
  for p in $pids; do
    if kill -0 "$p" 2> /dev/null; then echo "pid $p still running after down.sh"; kill "$p"; return 1; fi
  done
  [ ! -e "$dir/pids" ] || { echo "down.sh left $dir/pids"; return 1; }
}
if command -v prometheus > /dev/null && command -v curl > /dev/null; then
  run "make stack scripts: up, scrape, rules, mail, down (stand-in authlens)" stack_test
else
  echo "  skip the stack scripts test: prometheus or curl missing"
fi

echo "deploy: $((checks - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
