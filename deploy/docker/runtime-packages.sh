#!/usr/bin/env bash
# Prints the Debian packages that provide the shared libraries a binary loads, one a line.
# The Dockerfile's build stage runs it on build/authlens so the runtime stage installs exactly
# those packages (by name, through apt: dpkg-tracked, patched by security updates, visible to
# image scanners) instead of copying .so files by hand or keeping a second list of names in step
# with scripts/install-deps.sh.   Usage: deploy/docker/runtime-packages.sh BINARY
set -euo pipefail
bin=${1:?usage: runtime-packages.sh BINARY}
deps=$(ldd "$bin")
missing=$(awk '/not found/ {print $1}' <<< "$deps")
[ -z "$missing" ] || { echo "runtime-packages: $bin needs missing libraries: $missing" >&2; exit 1; }
libs=$(awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' <<< "$deps" | sort -u)
# usrmerge: the loader may report /lib/... while the package lists /usr/lib/... (or the reverse),
# so ask about every spelling at once (one dpkg-query: it reads its database once per call).
candidates=()
for lib in $libs; do
  candidates+=("$lib" "$(readlink -f "$lib")" "/usr${lib#/usr}" "${lib#/usr}")
done
owners=$(dpkg-query -S "${candidates[@]}" 2>/dev/null || true)   # "libsodium23:amd64: /usr/lib/…"
for lib in $libs; do
  real=$(readlink -f "$lib")
  pkg=$(awk -v a="$lib" -v b="$real" -v c="/usr${lib#/usr}" -v d="${lib#/usr}" \
    '{p = $NF} p == a || p == b || p == c || p == d {sub(/:.*/, "", $1); print $1; exit}' <<< "$owners")
  [ -n "$pkg" ] || { echo "runtime-packages: no Debian package owns $lib" >&2; exit 1; }
  echo "$pkg"
done | sort -u
