#!/usr/bin/env bash
# `make test`: install, build with sanitizers and -Werror, then every suite. Each stage runs even
# when an earlier one failed, so one run shows every failure; the exit code is non-zero on any.
set -uo pipefail
cd "$(dirname "$0")/.."
only=${1:-all}
export AUTHLENS_BIN=$PWD/build-test/authlens
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
passed=0; failed=0; failures=()

stage() {  # stage NAME COMMAND...
  local name=$1; shift
  echo "==> $name"
  local t0=$SECONDS
  if "$@"; then passed=$((passed + 1)); echo "<== $name ok ($((SECONDS - t0)) s)"
  else failed=$((failed + 1)); failures+=("$name"); echo "<== $name FAILED ($((SECONDS - t0)) s)"; fi
}

scripts/install-deps.sh test || { echo "install-deps failed"; exit 1; }
cmake -S . -B build-test -G Ninja -DCMAKE_BUILD_TYPE=Debug -DAUTHLENS_SANITIZE=ON \
  -DAUTHLENS_WERROR=ON >/dev/null || exit 1
cmake --build build-test -j "$(nproc)" || { echo "build failed"; exit 1; }

if [ "$only" = all ]; then
  stage format-check make -s format-check
  # Leak checking on: the unit suites leak nothing (the PostgreSQL-only libpqxx leak is in the
  # postgres stage, which keeps detect_leaks=0 with the other service-level stages).
  stage unit bash -c 'cd build-test && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
    LSAN_OPTIONS=suppressions=$PWD/../tests/store/lsan.supp \
    ctest --output-on-failure -j "$(nproc)" --timeout 300'
fi
for t in scripts/test.d/*.sh; do
  [ -e "$t" ] || continue
  name=$(basename "$t" .sh)
  if [ "$only" = all ] || [ "$only" = "$name" ]; then stage "$name" bash "$t"; fi
done

echo
[ ${#failures[@]} -eq 0 ] || echo "failed stages: ${failures[*]}"
echo "stages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
