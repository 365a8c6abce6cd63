#!/usr/bin/env bash
# The layering rule (http -> account -> store/mail, telemetry and text beneath, app wires all):
# every #include "layer/..." in src/ is checked against scripts/check-layers.py.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec python3 scripts/check-layers.py
