#!/usr/bin/env python3
"""The architecture as a rule: a request flows http -> account -> store / mail, with telemetry and
text beneath everything, and only app (the wiring) sees every part. Each src/<layer> may include
only the layers listed for it; anything else fails `make test` with the offending line.

Usage: scripts/check-layers.py [SRC_DIR]   (default: src next to this script's repository)
"""
import os
import re
import sys

# layer -> the layers its files may include (itself always allowed).
ALLOWED = {
    "text": set(),
    "crypto": set(),
    "telemetry": {"text"},
    # The store implements the domain's ports (account/ports/ only: see PORTS below).
    "store": {"account", "telemetry", "text"},
    "mail": {"crypto", "store", "telemetry", "text"},
    "account": {"crypto", "store", "mail", "telemetry", "text"},
    "breach": {"account", "telemetry", "text"},  # implements the domain's BreachedPasswords
    "work": set(),  # the bounded worker pool: threads and fairness, nothing else
    "http": {"work", "telemetry", "text"},
    "app": {"account", "breach", "crypto", "http", "mail", "store", "telemetry", "text", "work"},
}
# Where a layer may see only part of another: the store sees the domain's ports, not its flows.
ONLY = {("store", "account"): "account/ports/"}
INCLUDE = re.compile(r'^\s*#\s*include\s*"([a-z_]+)/')


def check(src):
    problems = []
    layers = sorted(d for d in os.listdir(src) if os.path.isdir(os.path.join(src, d)))
    for layer in layers:
        if layer not in ALLOWED:
            problems.append("src/%s: a folder the layering rules do not know; add it to %s"
                            % (layer, os.path.relpath(__file__)))
            continue
        for root, _, files in os.walk(os.path.join(src, layer)):
            for name in sorted(files):
                if not name.endswith((".cpp", ".hpp")):
                    continue
                path = os.path.join(root, name)
                with open(path, encoding="utf-8") as f:
                    for lineno, line in enumerate(f, 1):
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        target = m.group(1)
                        only = ONLY.get((layer, target))
                        if only and not line.split('"')[1].startswith(only):
                            problems.append("%s:%d: %s may include only %s of %s/" % (
                                os.path.relpath(path, os.path.dirname(src)), lineno, layer, only,
                                target))
                            continue
                        if target != layer and target not in ALLOWED[layer]:
                            problems.append("%s:%d: %s may not include %s/ (allowed: %s)" % (
                                os.path.relpath(path, os.path.dirname(src)), lineno, layer, target,
                                ", ".join(sorted(ALLOWED[layer])) or "nothing"))
    return problems


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src")
    problems = check(src)
    for p in problems:
        print(p)
    print("layers: %d include(s) out of place" % len(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
