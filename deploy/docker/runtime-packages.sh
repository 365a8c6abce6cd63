#!/usr/bin/env bash
# Prints the Debian packages that provide the shared libraries a binary loads, one a line.
# The Dockerfile's build stage runs it on build/authlens so the runtime stage installs exactly
# those packages (by name, through apt: dpkg-tracked, patched by security updates, visible to
# image scanners) instead of copying .so files by hand or keeping a second list of names in step
# with scripts/install-deps.sh.   Usage: deploy/docker/runtime-packages.sh BINARY
set -euo pipefail
bin=${1:?usage: runtime-packages.sh BINARY}
missing=$(ldd "$bin" | awk '/not found/ {print $1}')
if [ -n "$missing" ]; then
  echo "runtime-packages: $bin needs libraries that are not installed: $missing" >&2
  exit 1
fi
ldd "$bin" | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' |
  while read -r lib; do
    # usrmerge: the loader may report /lib/... while the package lists /usr/lib/... (or back).
    found=
    for path in "$lib" "$(readlink -f "$lib")" "/usr${lib#/usr}" "${lib#/usr}"; do
      if owner=$(dpkg-query -S "$path" 2>/dev/null); then
        echo "${owner%%:*}"   # "libsodium23:amd64: /usr/lib/…" -> libsodium23
        found=1
        break
      fi
    done
    [ -n "$found" ] || { echo "runtime-packages: no Debian package owns $lib" >&2; exit 1; }
  done | sort -u
