#!/usr/bin/env python3
"""Keeps the Dockerfile, deploy/compose.yaml and the Prometheus/Grafana wiring true to the
contract: every AUTHLENS_/OTEL_/SMTP_/SENDER_/TEST_ variable given to authlens is one CONTRACT.md
names; listeners, ports and health paths are the contract's; every service:port reference points
at a service that listens there; every mounted or copied path exists; plus structural
(hadolint-like) rules for the Dockerfile.

usage: compose_contract.py REPO_ROOT [CONTRACT_MD]   (no CONTRACT_MD: variable names unchecked)
"""
import os
import re
import shlex
import subprocess
import sys

import yaml

# The ports each service listens on inside the stack (container side), and what they are.
PORTS = {
    "authlens": {8001: "public API", 8000: "admin"},
    "jaeger": {16686: "UI", 4318: "OTLP/HTTP", 13133: "health"},
    "prometheus": {9090: "UI/API"},
    "grafana": {3000: "UI"},
    "mailpit": {8025: "web UI/API", 1025: "SMTP"},
}
PUBLISHED = {  # what compose publishes on the host (all on 127.0.0.1)
    "authlens": {8001, 8000}, "jaeger": {16686, 4318}, "prometheus": {9090},
    "grafana": {3000}, "mailpit": {8025, 1025},
}
SERVICE_VAR = re.compile(r"^(AUTHLENS_|OTEL_|SMTP_|SENDER_|TEST_)")
TEST_RUNNER_VARS = {"AUTHLENS_URL", "ADMIN_URL", "MAIL_URL", "JAEGER_URL", "PROMETHEUS_URL"}

problems = []


def problem(msg):
    problems.append(msg)


def contract_surface(path):
    text = open(path, encoding="utf-8").read()
    names = set(re.findall(r"`([A-Z][A-Z0-9_]*(?:_\*)?)`", text))
    exact = {n for n in names if not n.endswith("*")}
    prefixes = {n[:-1] for n in names if n.endswith("*")}
    admin_paths = set(re.findall(r"`GET (/[a-z/.]+)`", text)) | set(re.findall(r"`(/[a-z][a-z/.]*)`", text))
    defaults = dict(re.findall(r"\| `(AUTHLENS_[A-Z_]+_ADDR)` \| `[\d.]+:(\d+)`", text))
    return exact, prefixes, admin_paths, {k: int(v) for k, v in defaults.items()}, text


def env_of(service):
    env = service.get("environment", {}) or {}
    if isinstance(env, list):
        env = dict(e.split("=", 1) if "=" in e else (e, "") for e in env)
    return {k: str(v) for k, v in env.items()}


def check_vars(where, names, exact, prefixes):
    for name in names:
        if SERVICE_VAR.match(name) and name not in exact and not any(name.startswith(p) for p in prefixes):
            problem(f"{where}: {name} is not a variable in CONTRACT.md")


def refs(text):
    """host:port references: scheme://host:port and bare host:port targets."""
    out = set(re.findall(r"\w+://([a-z][a-z0-9_-]*):(\d+)", text))
    out |= set(re.findall(r"[\"'\[ ]([a-z][a-z0-9_-]*):(\d+)[\"'\]]", text))
    return {(h, int(p)) for h, p in out}


def check_ref(where, host, port, services):
    if host in ("localhost", "127.0.0.1"):
        return
    if host not in services:
        problem(f"{where}: {host}:{port} names no compose service")
    elif port not in PORTS.get(host, {}):
        problem(f"{where}: {host}:{port}: {host} listens on {sorted(PORTS.get(host, {}))}")


def check_compose(root, exact, prefixes, admin_paths, defaults):
    path = os.path.join(root, "deploy/compose.yaml")
    base = os.path.dirname(path)
    doc = yaml.safe_load(open(path, encoding="utf-8"))
    services = doc.get("services", {})
    for name in list(PORTS) + ["tests"]:
        if name not in services:
            problem(f"compose: no service {name!r}")
    admin_port = defaults.get("AUTHLENS_ADMIN_ADDR", 8000)
    http_port = defaults.get("AUTHLENS_HTTP_ADDR", 8001)
    if (http_port, admin_port) != (8001, 8000):
        problem(f"compose: CONTRACT.md's default ports are now {http_port}/{admin_port}; update deploy/")
    for name, svc in services.items():
        where = f"compose {name}"
        env = env_of(svc)
        if name == "tests":
            check_vars(where, set(env) - TEST_RUNNER_VARS, exact, prefixes)
            if "test" not in (svc.get("profiles") or []):
                problem(f"{where}: must be in the 'test' profile")
        else:
            check_vars(where, env, exact, prefixes)
        # Published ports: host side on loopback, container side what the service listens on.
        published = set()
        for p in svc.get("ports", []) or []:
            parts = str(p).split(":")
            if len(parts) != 3 or parts[0] != "127.0.0.1":
                problem(f"{where}: publish {p!r} as 127.0.0.1:HOST:CONTAINER")
                continue
            if parts[1] != parts[2]:
                problem(f"{where}: {p!r} maps a port to a different one; the README promises the same numbers")
            cport = int(parts[2].split("/")[0])
            published.add(cport)
            if cport not in PORTS.get(name, {}):
                problem(f"{where}: publishes {cport}, which {name} does not listen on")
        if name in PUBLISHED and published != PUBLISHED[name]:
            problem(f"{where}: publishes {sorted(published)}, expected {sorted(PUBLISHED[name])}")
        for key, value in env.items():
            for host, port in refs(f" {value} "):
                check_ref(f"{where} {key}", host, port, services)
        hc = svc.get("healthcheck")
        if name != "tests":
            if not hc:
                problem(f"{where}: no healthcheck")
            else:
                test = " ".join(hc["test"]) if isinstance(hc["test"], list) else hc["test"]
                m = re.search(r"https?://(?:127\.0\.0\.1|localhost):(\d+)(/[\w/.-]*)", test)
                if m and int(m.group(1)) not in PORTS.get(name, {}):
                    problem(f"{where}: healthcheck port {m.group(1)} is not one {name} listens on")
                if name == "authlens":
                    if not m or int(m.group(1)) != admin_port or m.group(2) != "/healthz" or "/healthz" not in admin_paths:
                        problem(f"{where}: healthcheck must GET the contract's /healthz on the admin port {admin_port}")
        for dep, cond in (svc.get("depends_on") or {}).items():
            if dep not in services:
                problem(f"{where}: depends on unknown service {dep}")
            c = cond.get("condition") if isinstance(cond, dict) else None
            if c == "service_healthy" and not services.get(dep, {}).get("healthcheck"):
                problem(f"{where}: waits for {dep} to be healthy, but {dep} has no healthcheck")
        for vol in svc.get("volumes", []) or []:
            src = str(vol).split(":")[0]
            if src.startswith("."):
                if not os.path.exists(os.path.join(base, src)):
                    problem(f"{where}: mounts {src}, which does not exist")
        build = svc.get("build")
        if build:
            ctx = os.path.normpath(os.path.join(base, build.get("context", ".")))
            if not os.path.isfile(os.path.join(ctx, build.get("dockerfile", "Dockerfile"))):
                problem(f"{where}: no Dockerfile at {ctx}")
            target = build.get("target")
            if target and not re.search(rf"^FROM\s+\S+\s+AS\s+{re.escape(target)}\s*$",
                                        open(os.path.join(ctx, build.get("dockerfile", "Dockerfile"))).read(),
                                        re.M | re.I):
                problem(f"{where}: Dockerfile has no stage {target!r}")
    a = env_of(services.get("authlens", {}))
    want = {"AUTHLENS_HTTP_ADDR": f"0.0.0.0:{http_port}", "AUTHLENS_ADMIN_ADDR": f"0.0.0.0:{admin_port}",
            "SMTP_URL": "smtp://mailpit:1025", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://jaeger:4318"}
    for k, v in want.items():
        if a.get(k) != v:
            problem(f"compose authlens: {k} is {a.get(k)!r}, expected {v!r}")
    t = env_of(services.get("tests", {}))
    if t.get("AUTHLENS_URL") != f"http://authlens:{http_port}" or t.get("ADMIN_URL") != f"http://authlens:{admin_port}":
        problem("compose tests: AUTHLENS_URL/ADMIN_URL must point at authlens's two listeners")
    # Prometheus scrapes the admin listener's /metrics; Grafana reads Prometheus and Jaeger.
    prom = yaml.safe_load(open(os.path.join(base, "prometheus/prometheus.yml"), encoding="utf-8"))
    jobs = {j["job_name"]: j for j in prom.get("scrape_configs", [])}
    aj = jobs.get("authlens")
    if not aj:
        problem("prometheus.yml: no job 'authlens' (the alert rules select job=\"authlens\")")
    else:
        targets = [t for sc in aj.get("static_configs", []) for t in sc.get("targets", [])]
        if targets != [f"authlens:{admin_port}"] or aj.get("metrics_path", "/metrics") != "/metrics" \
                or "/metrics" not in admin_paths:
            problem(f"prometheus.yml: job authlens must scrape authlens:{admin_port}/metrics, has {targets}")
    for j in jobs.values():
        for sc in j.get("static_configs", []):
            for t in sc.get("targets", []):
                h, _, p = t.partition(":")
                check_ref(f"prometheus.yml job {j['job_name']}", h, int(p), services)
    ds = yaml.safe_load(open(os.path.join(base, "grafana/provisioning/datasources/datasources.yml"), encoding="utf-8"))
    types = {}
    for d in ds.get("datasources", []):
        types[d["type"]] = d
        for host, port in refs(f" {d.get('url', '')} "):
            check_ref(f"grafana data source {d['name']}", host, port, services)
    for t in ("prometheus", "jaeger"):
        if t not in types:
            problem(f"grafana: no {t} data source")


def dockerfile_stages(path):
    stages, cur = [], None
    lines = open(path, encoding="utf-8").read().replace("\\\n", " ").splitlines()
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        instr, _, rest = line.partition(" ")
        instr = instr.upper()
        if instr == "FROM":
            m = re.match(r"(\S+)(?:\s+AS\s+(\S+))?", rest, re.I)
            cur = {"image": m.group(1), "name": m.group(2), "instr": []}
            stages.append(cur)
        elif cur is not None:
            cur["instr"].append((instr, rest.strip()))
    return stages


def check_dockerfile(root, exact, prefixes, admin_paths, defaults):
    path = os.path.join(root, "Dockerfile")
    text = open(path, encoding="utf-8").read()
    args = dict(re.findall(r"^ARG\s+(\w+)=(\S+)", text, re.M))
    stages = dockerfile_stages(path)
    names = [s["name"] for s in stages]
    if len(stages) < 2 or "build" not in names:
        problem("Dockerfile: must be multi-stage with a 'build' stage")
    final = stages[-1]
    for s in stages:
        image = re.sub(r"\$\{?(\w+)\}?", lambda m: args.get(m.group(1), m.group(0)), s["image"])
        if image not in names and (":" not in image or image.endswith(":latest")):
            problem(f"Dockerfile stage {s['name']}: base image {image!r} must carry a fixed tag")
        if s["name"] in ("build", final["name"]) and not image.startswith("debian:12"):
            problem(f"Dockerfile stage {s['name']}: must build on Debian 12, is {image}")
        for instr, rest in s["instr"]:
            if instr == "ADD" and re.search(r"https?://", rest):
                problem("Dockerfile: ADD from a URL; download in a RUN with a checksum instead")
            if instr == "RUN" and "apt-get install" in rest:
                if "--no-install-recommends" not in rest or " -y" not in rest:
                    problem(f"Dockerfile: apt-get install without -y --no-install-recommends: {rest[:60]}…")
                if "rm -rf /var/lib/apt/lists" not in rest:
                    problem(f"Dockerfile: apt lists not removed in the same RUN: {rest[:60]}…")
            if instr == "COPY":
                parts = shlex.split(rest)
                if any(p.startswith("--from=") for p in parts):
                    src_stage = [p for p in parts if p.startswith("--from=")][0][7:]
                    if src_stage not in names:
                        problem(f"Dockerfile: COPY --from={src_stage}: no such stage")
                    continue
                for src in [p for p in parts if not p.startswith("--")][:-1]:
                    if not os.path.exists(os.path.join(root, src)):
                        problem(f"Dockerfile: COPY {src}: not in the repository")
                    elif subprocess.run(["git", "-C", root, "ls-files", "--error-unmatch", src],
                                        capture_output=True).returncode != 0:
                        print(f"  note: Dockerfile copies {src}, which git does not track yet")
    build_runs = " ".join(r for i, r in stages[names.index("build")]["instr"] if i == "RUN") if "build" in names else ""
    if "scripts/install-deps.sh build" not in build_runs:
        problem("Dockerfile build stage: must install with scripts/install-deps.sh build (as make does)")
    if not re.search(r"-DCMAKE_BUILD_TYPE=Release.*--target authlens", build_runs):
        problem("Dockerfile build stage: must build the Release target authlens")
    fi = final["instr"]
    env = {}
    for instr, rest in fi:
        if instr == "ENV":
            env.update(dict(re.findall(r"(\w+)=(\S+)", rest)))
    check_vars("Dockerfile ENV", env, exact, prefixes)
    admin_port = defaults.get("AUTHLENS_ADMIN_ADDR", 8000)
    http_port = defaults.get("AUTHLENS_HTTP_ADDR", 8001)
    if env.get("AUTHLENS_HTTP_ADDR") != f"0.0.0.0:{http_port}" or env.get("AUTHLENS_ADMIN_ADDR") != f"0.0.0.0:{admin_port}":
        problem("Dockerfile: the runtime stage must listen on 0.0.0.0 (AUTHLENS_HTTP_ADDR, AUTHLENS_ADMIN_ADDR)")
    exposed = {int(p.split("/")[0]) for i, r in fi if i == "EXPOSE" for p in r.split()}
    if exposed != {http_port, admin_port}:
        problem(f"Dockerfile: EXPOSE {sorted(exposed)}, expected {[http_port, admin_port]}")
    users = [r for i, r in fi if i == "USER"]
    if not users or users[-1].split(":")[0] in ("root", "0"):
        problem("Dockerfile: the runtime stage must run as a non-root USER")
    hc = [r for i, r in fi if i == "HEALTHCHECK"]
    m = re.search(r"https?://(?:127\.0\.0\.1|localhost):(\d+)(/[\w/.-]*)", hc[0]) if hc else None
    if not m or int(m.group(1)) != admin_port or m.group(2) != "/healthz" or "/healthz" not in admin_paths:
        problem(f"Dockerfile: HEALTHCHECK must GET /healthz on the admin port {admin_port}")
    ep = [r for i, r in fi if i in ("ENTRYPOINT", "CMD")]
    if not ep or not ep[0].startswith("["):
        problem("Dockerfile: ENTRYPOINT in exec (JSON) form, so authlens is PID 1 and gets SIGTERM")
    # .dockerignore must let through what the Dockerfile copies (it whitelists with '!').
    ign = os.path.join(root, ".dockerignore")
    if not os.path.isfile(ign):
        problem("no .dockerignore: the build context would carry build trees and .venv")


def main():
    root = sys.argv[1]
    contract = sys.argv[2] if len(sys.argv) > 2 and os.path.isfile(sys.argv[2]) else None
    if contract:
        exact, prefixes, admin_paths, defaults, _ = contract_surface(contract)
        for need in ("AUTHLENS_HTTP_ADDR", "AUTHLENS_ADMIN_ADDR", "SMTP_URL", "OTEL_EXPORTER_OTLP_ENDPOINT"):
            if need not in exact:
                problem(f"CONTRACT.md no longer names {need}")
        if ":4318" not in open(contract, encoding="utf-8").read():
            problem("CONTRACT.md no longer says OTLP/HTTP is on :4318")
    else:
        print("  note: CONTRACT.md not found; variable names are not checked against it")
        exact, prefixes = None, set()
        admin_paths, defaults = {"/healthz", "/readyz", "/metrics", "/debug/traces"}, {}
    if exact is None:
        global check_vars
        check_vars = lambda *a: None  # noqa: E731
    check_compose(root, exact, prefixes, admin_paths, defaults)
    check_dockerfile(root, exact, prefixes, admin_paths, defaults)
    for p in problems:
        print("  " + p)
    print(f"compose/Dockerfile contract: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
