#!/usr/bin/env bash
# The behave BDD suite: black-box over HTTP against the built binary, with a real SMTP server on
# loopback. Run by `make test` (scripts/test.sh) from the repo root; exits with behave's status.
# Extra arguments go to behave, e.g. `bash scripts/test.d/bdd.sh features/login.feature`.
set -uo pipefail
source "$(dirname "$0")/against-authlens.bash" bdd .venv/bin/behave
# The @observability features (features/obs_*.feature) have their own stage, bdd-observability.sh.
# @wip: scenarios of behaviour still being built (each says on which work it waits).
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--tags=~@observability --tags=~@stack --tags=~@wip features)
.venv/bin/behave --format progress3 --no-capture --no-capture-stderr --no-logcapture \
  --show-timings --summary "${args[@]}"
status=$?
echo "bdd: service logs of each run are in features/artifacts/bdd/run-*/ (one folder per scenario)"
exit $status
