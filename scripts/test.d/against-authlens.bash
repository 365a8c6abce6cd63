# Sourced by the stages that run the test build of authlens (not a stage itself: stages end in
# .sh). From the repository root: which binary, how its sanitizers report, and a refusal that
# names whatever the stage needs and is missing.
# Usage: source scripts/test.d/against-authlens.bash STAGE [TOOL ...]   (TOOL: a path under .venv/bin)
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1
export AUTHLENS_BIN=${AUTHLENS_BIN:-$PWD/build-test/authlens}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export PYTHONDONTWRITEBYTECODE=1
for tool in "${@:2}"; do
  [ -x "$tool" ] || { echo "$1: $tool is missing (run scripts/install-deps.sh test)" >&2; exit 1; }
done
[ -x "$AUTHLENS_BIN" ] || {
  echo "$1: AUTHLENS_BIN=$AUTHLENS_BIN is not an executable (build it first)" >&2
  exit 1
}
