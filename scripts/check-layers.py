#!/usr/bin/env python3
"""The architecture as a rule: a request flows http -> account -> store / mail, with telemetry and
text beneath everything, and only app (the wiring) sees every part. Each src/<layer> may include
only the layers listed for it; anything else fails `make test` with the offending line.

Tracing has its own rule, as OpenTelemetry splits it: instrumented code (the domain, the store,
mail, the HTTP layer, the app's request telemetry, and the log) sees only the tracing API
(telemetry/trace/api/); the SDK, the exporters and their configuration from the environment
(telemetry/trace/{sdk,exporters,autoconfigure}/) are for the wiring (src/app/application.cpp)
and the rest of telemetry. Inside telemetry/trace each part sees only the parts below it:
api <- sdk <- exporters <- autoconfigure.

Usage: scripts/check-layers.py [SRC_DIR]   (default: src next to this script's repository)
"""
import os
import re
import sys

# layer -> the layers its files may include (itself always allowed).
ALLOWED = {
    "base": set(),  # the clock: every layer may tell the time
    "text": set(),
    "crypto": {"base"},
    "telemetry": {"base", "text"},
    # The store implements the domain's ports (account/ports/ only: see PORTS below).
    "store": {"base", "account", "telemetry", "text"},
    "mail": {"base", "crypto", "store", "telemetry", "text"},
    "account": {"base", "crypto", "store", "mail", "telemetry", "text"},
    "breach": {"base", "account", "telemetry", "text"},  # implements the domain's BreachedPasswords
    "work": set(),  # the bounded worker pool: threads and fairness, nothing else
    "http": {"base", "work", "telemetry", "text"},
    "app": {"base", "account", "breach", "crypto", "http", "mail", "store", "telemetry", "text", "work"},
}
# Where a layer may see only part of another: the store sees the domain's ports, not its flows.
ONLY = {("store", "account"): "account/ports/"}
INCLUDE = re.compile(r'^\s*#\s*include\s*"(([a-z_]+)/[^"]*)"')

# Files (relative to src) that may see all of tracing: the wiring.
TRACE_WIRING = {"app/application.cpp"}
# Folders whose code is instrumented: the tracing API only.
INSTRUMENTED = ("account/", "store/", "mail/", "http/", "app/", "breach/", "telemetry/log/")
TRACE_PARTS = ["api", "sdk", "exporters", "autoconfigure"]  # each may include those before it
TRACE = re.compile(r"^telemetry/trace/([a-z_]+)/")


def trace_problem(rel, target):
    """Why `rel` (a file under src) may not include `target`, or None."""
    m = TRACE.match(target)
    if not m:
        return None
    part = m.group(1)
    if part not in TRACE_PARTS:
        return "telemetry/trace/%s/ is not one of %s" % (part, ", ".join(TRACE_PARTS))
    own = TRACE.match(rel)
    if own:  # inside tracing: only the parts below
        mine = own.group(1)
        if mine in TRACE_PARTS and TRACE_PARTS.index(part) > TRACE_PARTS.index(mine):
            return "telemetry/trace/%s/ may not include telemetry/trace/%s/" % (mine, part)
        return None
    if rel in TRACE_WIRING or part == "api":
        return None
    if rel.startswith(INSTRUMENTED):
        return "instrumented code may include only the tracing API (telemetry/trace/api/)"
    return None


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
                        rel = os.path.relpath(path, src).replace(os.sep, "/")
                        why = trace_problem(rel, m.group(1))
                        if why:
                            problems.append("%s:%d: %s (%s)" % (
                                os.path.relpath(path, os.path.dirname(src)), lineno, why,
                                m.group(1)))
                        target = m.group(2)
                        only = ONLY.get((layer, target))
                        if only and not m.group(1).startswith(only):
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
