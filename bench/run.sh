#!/usr/bin/env bash
# make bench: Release build of authlens and the bench programs (with -g, which changes no generated
# code, so callgrind profiles name source lines), then the harness (bench/harness.py),
# which writes bench/results/report.md and the charts. Settings: see the top of bench/harness.py.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DAUTHLENS_TESTS=OFF -DAUTHLENS_BENCH=ON -DCMAKE_CXX_FLAGS=-g >/dev/null
cmake --build build-bench -j "$(nproc)" --target authlens authlens_micro authlens_floor authlens_hash_time
echo "[bench] build took $(( $(date +%s) - start )) s"
/usr/bin/python3 bench/harness.py
echo "[bench] make bench took $(( $(date +%s) - start )) s in all"
