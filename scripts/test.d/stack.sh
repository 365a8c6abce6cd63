#!/usr/bin/env bash
# `make stack` end to end: bring the stack up (with the test build of authlens, in a temp dir, every
# program on port 0 and its port read back), run the @stack BDD scenario against it, and always
# bring it down again.
set -uo pipefail
source "$(dirname "$0")/against-authlens.bash" stack .venv/bin/behave
dir=$(mktemp -d /tmp/authlens-stack.XXXXXX)
export STACK_DIR=$dir/stack
# Port 0 everywhere: a developer's own stack on the usual ports is left alone, and two runs at
# once cannot race for a port.
for name in HTTP ADMIN PROMETHEUS SMTP MAIL JAEGER_UI OTLP JAEGER_GRPC JAEGER_HEALTH ZIPKIN COLLECTOR; do
  export "STACK_${name}_PORT=0"
done
# With Java here the trace UI is part of the stack: fetched once, then required by the scenario.
if command -v java >/dev/null 2>&1 && scripts/install-zipkin.sh >/dev/null; then
  export STACK_EXPECT_ZIPKIN=1 STACK_SCREENSHOT=$PWD/docs/zipkin-trace.png
fi
cleanup() { deploy/stack/down.sh >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT
if ! deploy/stack/up.sh; then
  echo "stack: make stack failed to start"; tail -n 30 "$STACK_DIR"/*.log 2>/dev/null; exit 1
fi
STACK_URLS=$STACK_DIR/urls.env .venv/bin/behave --format progress3 --no-capture --summary \
  --tags=stack features/stack.feature
status=$?
[ $status -eq 0 ] || tail -n 30 "$STACK_DIR"/*.log
exit $status
