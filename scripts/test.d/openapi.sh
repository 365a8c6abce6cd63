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
source "$(dirname "$0")/against-authlens.bash" openapi .venv/bin/python .venv/bin/st \
  .venv/bin/openapi-spec-validator
exec .venv/bin/python tests/openapi/fuzz_live.py "$@"
