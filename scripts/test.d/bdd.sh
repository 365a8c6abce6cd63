#!/usr/bin/env bash
# The behave BDD suite: black-box over HTTP against the built binary, with a real SMTP server on
# loopback. Run by `make test` (scripts/test.sh) from the repo root; exits with behave's status.
# Extra arguments go to behave, e.g. `bash scripts/test.d/bdd.sh features/login.feature`.
set -uo pipefail
cd "$(dirname "$0")/../.."
export AUTHLENS_BIN=${AUTHLENS_BIN:-$PWD/build-test/authlens}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export PYTHONDONTWRITEBYTECODE=1
if [ ! -x .venv/bin/behave ]; then
  echo "bdd: .venv/bin/behave is missing (run scripts/install-deps.sh test)" >&2
  exit 1
fi
if [ ! -x "$AUTHLENS_BIN" ]; then
  echo "bdd: AUTHLENS_BIN=$AUTHLENS_BIN is not an executable (build it first)" >&2
  exit 1
fi
# The @observability features (features/obs_*.feature) have their own stage, bdd-observability.sh.
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--tags=~@observability --tags=~@stack features)
.venv/bin/behave --format progress3 --no-capture --no-capture-stderr --no-logcapture \
  --show-timings --summary "${args[@]}"
status=$?
echo "bdd: service logs of each run are in features/artifacts/bdd/run-*/ (one folder per scenario)"
exit $status
