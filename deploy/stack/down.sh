#!/usr/bin/env bash
# `make stack-down`: stops exactly the processes deploy/stack/up.sh started (.stack/pids), each
# only if that pid still runs the program it started; SIGTERM, then SIGKILL after 10 s.
# Keeps logs, mail and data in .stack/ for a look afterwards.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
stack=${STACK_DIR:-$root/.stack}
pids="$stack/pids"
[ -s "$pids" ] || { echo "stack: nothing running (no $pids)"; exit 0; }
stopping=()
# Reverse start order: Prometheus, authlens, Jaeger, mail.
while read -r name pid program; do
  [ -n "$pid" ] || continue
  if kill -0 "$pid" 2>/dev/null && tr '\0' '\n' < "/proc/$pid/cmdline" 2>/dev/null | grep -qxF "$program"; then
    kill -TERM "$pid" && stopping+=("$name:$pid")
  fi
done < <(tac "$pids")
deadline=$((SECONDS + 10))
for entry in "${stopping[@]}"; do
  pid=${entry#*:}
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null; echo "stack: ${entry%%:*} killed"; fi
done
rm -f "$pids"
echo "stack: stopped ${stopping[*]:-nothing (all had exited)}"
