#!/usr/bin/env bash
# Installs what building and testing authlens needs on Debian 12, idempotently:
# apt packages first (skipped when all are present), then the /docs page's renderer (npm), then
# the Python venv for the test suites.
# Usage: scripts/install-deps.sh [build|test|bench]   (test and bench include build)
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-build}

build_pkgs=(g++ cmake ninja-build make pkg-config libboost-dev libsodium-dev libsqlitecpp-dev
  libsqlite3-dev libpqxx-dev libpq-dev prometheus-cpp-dev nlohmann-json3-dev libcurl4-openssl-dev
  zlib1g-dev libgtest-dev libgmock-dev libzxcvbn-dev libunistring-dev libssl-dev python3 python3-yaml
  npm liboath-dev libqrencode-dev libcbor-dev)
test_pkgs=(clang-format python3 python3-venv python3-yaml prometheus postgresql chromium chromium-driver golang-go ca-certificates curl docker-compose
  zbar-tools)
bench_pkgs=(wrk libbenchmark-dev python3-matplotlib)

pkgs=("${build_pkgs[@]}")
case "$what" in
  test) pkgs+=("${test_pkgs[@]}") ;;
  bench) pkgs+=("${test_pkgs[@]}" "${bench_pkgs[@]}") ;;
esac

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# A machine may have Go from elsewhere (e.g. /usr/local/go); then Debian's golang-go is not needed.
if command -v go >/dev/null 2>&1 || [ -x /usr/local/go/bin/go ]; then
  missing=("${missing[@]/golang-go}")
fi
# Likewise npm: Node.js from elsewhere (e.g. NodeSource's nodejs) brings its own, and Debian's
# npm package would conflict with it.
if command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/npm}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: apt-get install ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The /docs page's renderer, embedded in the binary at build time: swagger-ui-dist from the npm
# registry, pinned with its integrity hash in tools/swagger-ui/package-lock.json. No install
# scripts run (the package's only dependency is a download-analytics postinstall hook).
ui=tools/swagger-ui
if [ ! -f "$ui/node_modules/swagger-ui-dist/swagger-ui-bundle.js" ] || \
   ! cmp -s "$ui/package-lock.json" "$ui/node_modules/.installed-lock" 2>/dev/null; then
  (cd "$ui" && SCARF_ANALYTICS=false npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  cp "$ui/package-lock.json" "$ui/node_modules/.installed-lock"
fi

if [ "$what" != build ]; then
  # The BDD and conformance suites run in a venv from the checked-in requirements file.
  if [ ! -x .venv/bin/python ] || ! cmp -s requirements-test.txt .venv/.installed 2>/dev/null; then
    python3 -m venv .venv
    .venv/bin/pip install -q --disable-pip-version-check -r requirements-test.txt
    cp requirements-test.txt .venv/.installed
  fi
fi
if [ "$what" = bench ] && [ -f bench/peer/requirements.txt ]; then
  if [ ! -x bench/.venv-peer/bin/python ] || ! cmp -s bench/peer/requirements.txt bench/.venv-peer/.installed 2>/dev/null; then
    python3 -m venv bench/.venv-peer
    bench/.venv-peer/bin/pip install -q --disable-pip-version-check -r bench/peer/requirements.txt
    cp bench/peer/requirements.txt bench/.venv-peer/.installed
  fi
fi
