#!/usr/bin/env bash
# The API against its own description (issue 11), run by `make test` (scripts/test.sh) from the
# repository root; about three minutes. tests/openapi/fuzz_live.py starts build-test/authlens on
# port 0 with a fresh SQLite database and a real SMTP sink, then:
#  1. openapi-spec-validator accepts docs/openapi.yaml, and /openapi.json serves exactly it (ETag, 304);
#  2. schemathesis (pinned in requirements-test.txt) fuzzes the live service with --checks all,
#     every phase including the stateful links, a fixed seed; zero failures;
#  3. headless Chromium renders /docs with no way out to the internet and writes docs/openapi-docs.png.
# Artifacts: features/artifacts/openapi/ (service log, schemathesis output and JUnit report, DOM).
# Extra arguments go to the driver, e.g. `bash scripts/test.d/openapi.sh --skip fuzz`.
set -uo pipefail
cd "$(dirname "$0")/../.."
export AUTHLENS_BIN=${AUTHLENS_BIN:-$PWD/build-test/authlens}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export PYTHONDONTWRITEBYTECODE=1
for tool in python st openapi-spec-validator; do
  [ -x ".venv/bin/$tool" ] || { echo "openapi: .venv/bin/$tool is missing (run scripts/install-deps.sh test)" >&2; exit 1; }
done
[ -x "$AUTHLENS_BIN" ] || { echo "openapi: AUTHLENS_BIN=$AUTHLENS_BIN is not an executable (build it first)" >&2; exit 1; }
exec .venv/bin/python tests/openapi/fuzz_live.py "$@"
