#!/usr/bin/python3
"""The overhead report's driver (issue 4): what tracing, monitoring and logging cost authlens,
measured against the original lab's stack (bench/peer) and the transport's floor (bench/floor).

Run by bench/run.sh after the Release build. Standard library plus Debian's python3-matplotlib.
Everything listens on loopback; every load loop and every wait is bounded in time.

Settings (environment):
  BENCH_WARMUP=1  BENCH_DURATION=4  seconds of wrk per workload (warm-up, then measurement)
  BENCH_ROUNDS=5  BENCH_CONNECTIONS=16,4,8 (per workload, in BENCH_WORKLOADS order)
  BENCH_SERVICES=authlens,peer  BENCH_MODES=off,logs,metrics,traces,all  BENCH_WORKLOADS=me,login,mixed
  BENCH_ME_ACCOUNTS=1000  BENCH_LOGIN_ACCOUNTS=200  BENCH_POOL=400 (logout tokens, pending codes)
  BENCH_SKIP_MICRO=1  skip the Google Benchmark run (reuses bench/results/micro.json if present)
  BENCH_SKIP_INSTRUCTIONS=1  skip the callgrind counts (reuses bench/results/instructions.json)
  BENCH_CG_REQUESTS=2000  BENCH_CG_WARMUP=200  BENCH_CG_MODES=floor,off,logs,metrics,traces,all,
                      all@0.1,all@0.01,disabled  (callgrind: bench/instructions.py)
  JAEGER_BIN=path     Jaeger v2 binary (default ~/go/bin/jaeger when present; else a minimal sink)
"""
import concurrent.futures
import json
import os
import platform
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
BUILD = ROOT / "build-bench"
WORK = BENCH / "work"
RESULTS = BENCH / "results"
PEER_PYTHON = BENCH / ".venv-peer" / "bin" / "python"

sys.path.insert(0, str(BENCH / "peer"))
import schema as peer_schema  # noqa: E402  (standard library only)
sys.path.insert(0, str(ROOT / "tools"))
from listening import jaeger_ports, wait_listening  # noqa: E402  (port 0, then ask /proc)

MODES = os.environ.get("BENCH_MODES", "off,logs,metrics,traces,all").split(",")
WORKLOADS = os.environ.get("BENCH_WORKLOADS", "me,login,mixed").split(",")
SERVICES = os.environ.get("BENCH_SERVICES", "authlens,peer").split(",")
WARMUP = int(os.environ.get("BENCH_WARMUP", "1"))
DURATION = int(os.environ.get("BENCH_DURATION", "4"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
# Connections per workload: /me saturates the I/O threads; /login keeps two requests per hashing
# thread in flight (more only lengthens the queue, and the peer's 40-thread pool would hold
# 64 MiB per concurrent hash); mixed sits between.
CONNECTIONS = dict(zip(WORKLOADS, (int(x) for x in os.environ.get(
    "BENCH_CONNECTIONS", ",".join({"me": "16", "login": "4", "mixed": "8"}.get(w, "8")
                                  for w in WORKLOADS)).split(","))))
ME_ACCOUNTS = int(os.environ.get("BENCH_ME_ACCOUNTS", "1000"))
LOGIN_ACCOUNTS = int(os.environ.get("BENCH_LOGIN_ACCOUNTS", "200"))
POOL = int(os.environ.get("BENCH_POOL", "400"))
CLK_TCK = os.sysconf("SC_CLK_TCK")
CORES = os.cpu_count() or 1
SIGNALS = ("traces", "metrics", "logs")

children = []  # every process we start, stopped on exit


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def wait_ready_file(path, process, timeout, what):
    """authlens on port 0 writes its bound addresses to AUTHLENS_READY_FILE: returns the ports."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with status {process.returncode}")
        try:
            ready = json.loads(Path(path).read_text())
            return int(ready["http"].rsplit(":", 1)[1]), int(ready["admin"].rsplit(":", 1)[1])
        except (OSError, ValueError, KeyError):
            time.sleep(0.05)
    raise RuntimeError(f"{what} did not report its ports in {path} within {timeout} s")


def request(method, url, body=None, headers=None, timeout=15):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_until(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.05)
    raise RuntimeError(f"timed out after {timeout}s waiting for {what}")


def stop_process(process, timeout=10):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
    if process in children:
        children.remove(process)


def start_process(argv, env, stdout_path, cwd=None):
    with open(stdout_path, "wb") as out:
        process = subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=cwd,
                                   stdin=subprocess.DEVNULL)
    children.append(process)
    return process


# --- /proc ----------------------------------------------------------------------------------------
def cpu_seconds(pid):
    """utime + stime of the whole process (every thread), from /proc/PID/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def memory_kib(pid):
    status = Path(f"/proc/{pid}/status").read_text()
    values = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, re.M))
    return int(values.get("VmRSS", 0)), int(values.get("VmHWM", 0))


class RssSampler(threading.Thread):
    """VmRSS every 250 ms while a measurement runs: steady = median, peak = max."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.samples, self.stopping = pid, [], threading.Event()

    def run(self):
        while not self.stopping.wait(0.25):
            try:
                self.samples.append(memory_kib(self.pid)[0])
            except OSError:
                return

    def finish(self):
        self.stopping.set()
        self.join(2)
        return self.samples or [0]


class Scraper(threading.Thread):
    """The metrics mode's Prometheus stand-in: GET /metrics every second, as a scraper would."""

    def __init__(self, url):
        super().__init__(daemon=True)
        self.url, self.stopping, self.scrapes, self.failures = url, threading.Event(), 0, 0

    def run(self):
        while not self.stopping.wait(1.0):
            try:
                status, _ = request("GET", self.url, timeout=5)
                self.scrapes += status == 200
                self.failures += status != 200
            except OSError:
                self.failures += 1

    def stop(self):
        self.stopping.set()
        self.join(6)


def telemetry_cpu(admin_url):
    """authlens_telemetry_cpu_seconds_total by signal, and process_cpu_seconds_total."""
    status, body = request("GET", admin_url + "/metrics", timeout=5)
    values = {}
    if status != 200:
        return values
    for line in body.decode().splitlines():
        m = re.match(r'authlens_telemetry_cpu_seconds_total\{signal="(\w+)"\}\s+(\S+)', line)
        if m:
            values[m.group(1)] = float(m.group(2))
        elif line.startswith("process_cpu_seconds_total "):
            values["process"] = float(line.split()[1])
    return values


# --- the OTLP receiver ----------------------------------------------------------------------------
JAEGER_CONFIG = """\
service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
extensions:
  jaeger_query:
    storage:
      traces: bench_memory
    http:
      endpoint: 127.0.0.1:0
    grpc:
      endpoint: 127.0.0.1:0
  jaeger_storage:
    backends:
      bench_memory:
        memory:
          max_traces: 20000
receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:0
processors:
  batch: {}
exporters:
  jaeger_storage_exporter:
    trace_storage: bench_memory
"""


def start_receiver():
    """Jaeger (memory storage, OTLP/HTTP) when its binary is here, else bench/otlp_sink.py. Both
    listen on port 0; the OTLP port is read back from /proc (tools/listening.py)."""
    port = None
    probe = lambda: request("POST", f"http://127.0.0.1:{port}/v1/traces", body={"resourceSpans": []},
                            timeout=2)[0] == 200
    candidates = [os.environ.get("JAEGER_BIN", ""), str(Path.home() / "go" / "bin" / "jaeger")]
    jaeger = next((c for c in candidates if c and os.access(c, os.X_OK)), None)
    if jaeger:
        config = WORK / "jaeger.yaml"
        config.write_text(JAEGER_CONFIG)
        process = start_process([jaeger, "--config", str(config)], os.environ.copy(),
                                WORK / "jaeger.log")
        try:
            port = jaeger_ports(wait_listening(process, 3, 30)).get("otlp")
            if port is None:
                raise RuntimeError("no OTLP/HTTP receiver among Jaeger's ports")
            wait_until(probe, 30, "Jaeger's OTLP receiver")
            version = subprocess.run([jaeger, "version"], capture_output=True, text=True,
                                     timeout=10).stdout.strip().splitlines()
            return process, port, f"Jaeger v2 ({jaeger}; {version[0] if version else 'version ?'}), " \
                                  "memory storage, OTLP/HTTP receiver"
        except (RuntimeError, AssertionError, subprocess.SubprocessError, OSError) as error:
            log(f"Jaeger did not come up ({error}); using the minimal sink; see {WORK}/jaeger.log")
            stop_process(process)
    process = start_process([sys.executable, str(BENCH / "otlp_sink.py"), "0"],
                            os.environ.copy(), WORK / "otlp_sink.log")
    port = wait_listening(process, 1, 15)[0]
    wait_until(probe, 15, "the OTLP sink")
    return process, port, "minimal OTLP/HTTP sink (bench/otlp_sink.py: 200 to POST /v1/traces); " \
                          "no Jaeger binary found"


# --- services -------------------------------------------------------------------------------------
def clean_env():
    return {k: v for k, v in os.environ.items()
            if not k.startswith(("AUTHLENS_", "OTEL_", "PEER_", "TEST_", "SMTP_", "SENDER_"))}


def mode_signals(mode):
    return {"logs": mode in ("logs", "all"), "metrics": mode in ("metrics", "all"),
            "traces": mode in ("traces", "all")}


class Service:
    """One started service: authlens, the peer or the floor, with its ports and pid."""

    def __init__(self, kind, mode, run_dir, otlp_port, extra_env=None):
        self.kind, self.mode, self.run_dir = kind, mode, run_dir
        self.port = self.admin_port = None  # port 0 everywhere: read back once listening
        self.signals = mode_signals(mode)
        self.scraper = None
        env = clean_env()
        run_dir.mkdir(parents=True, exist_ok=True)
        on = lambda flag: "on" if flag else "off"
        if kind == "authlens":
            shutil.copy(WORK / "prepared" / "authlens.db", run_dir / "authlens.db")
            env.update({
                "AUTHLENS_HTTP_ADDR": "127.0.0.1:0",
                "AUTHLENS_ADMIN_ADDR": "127.0.0.1:0",
                "AUTHLENS_READY_FILE": str(run_dir / "ready.json"),
                "AUTHLENS_DATABASE_URL": f"sqlite://{run_dir / 'authlens.db'}",
                "AUTHLENS_MAIL_DIR": str(run_dir / "mail"),
                "AUTHLENS_CODE_TTL": "86400",
                # wrk is one client address: the mixed workload's registrations stay within budget.
                "AUTHLENS_MAIL_BUDGET_PER_HOUR": "1000000",
                "AUTHLENS_LOGS": on(self.signals["logs"]),
                "AUTHLENS_METRICS": on(self.signals["metrics"]),
            })
            if self.signals["traces"]:
                env.update({"OTEL_TRACES_EXPORTER": "otlp", "OTEL_TRACES_SAMPLER": "always_on",
                            "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{otlp_port}",
                            "OTEL_SERVICE_NAME": "authlens"})
            else:
                env["OTEL_SDK_DISABLED"] = "true"
            env.update(extra_env or {})
            argv = [str(BUILD / "authlens")]
        elif kind == "peer":
            shutil.copy(WORK / "prepared" / "peer.db", run_dir / "peer.db")
            env.update({
                "PEER_DB": str(run_dir / "peer.db"),
                "PEER_LOGS": on(self.signals["logs"]),
                "PEER_METRICS": on(self.signals["metrics"]),
                "PEER_TRACES": on(self.signals["traces"]),
                "PEER_METRICS_PORT": "0",
                "OTEL_TRACES_SAMPLER": "always_on",
                "OTEL_SERVICE_NAME": "peer",
                "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{otlp_port}",
            })
            # One uvicorn worker, as the original ran it (`uvicorn main:app`): prometheus_client
            # without its multiprocess mode only works within one process.
            argv = [str(PEER_PYTHON), "-m", "uvicorn", "app:app", "--app-dir", str(BENCH / "peer"),
                    "--host", "127.0.0.1", "--port", "0", "--workers", "1",
                    "--no-access-log", "--log-level", "warning"]
        else:  # floor
            argv = [str(BUILD / "bench" / "authlens_floor"), "127.0.0.1", "0",
                    str(WORK / "data" / "floor_tokens.txt"), str(CORES)]
        self.process = start_process(argv, env, run_dir / "stdout.log", cwd=run_dir)
        try:
            self._find_ports(kind, run_dir)
            self.url = f"http://127.0.0.1:{self.port}"
            self.health = {"authlens": f"http://127.0.0.1:{self.admin_port}/healthz",
                           "peer": f"{self.url}/healthz"}.get(kind)
            self.metrics_url = (f"http://127.0.0.1:{self.admin_port}/metrics"
                                if kind != "floor" and self.admin_port else None)
            if self.health:
                wait_until(lambda: request("GET", self.health, timeout=2)[0] == 200, 30,
                           f"{kind} ({mode}) to answer {self.health}")
            else:
                wait_until(lambda: socket.create_connection(("127.0.0.1", self.port), 1).close() or True,
                           15, "the floor server")
        except (RuntimeError, AssertionError):
            self.stop()
            raise
        if self.signals["metrics"] and self.metrics_url and kind != "floor":
            self.scraper = Scraper(self.metrics_url)
            self.scraper.start()
        time.sleep(1.0)  # idle, then the idle RSS
        self.idle_rss_kib = memory_kib(self.process.pid)[0]

    def _find_ports(self, kind, run_dir):
        if kind == "authlens":
            self.port, self.admin_port = wait_ready_file(run_dir / "ready.json", self.process, 30, kind)
        elif kind == "peer":
            # The app, and prometheus_client's own server when metrics are on: the app is the one
            # that answers /healthz.
            ports = wait_listening(self.process, 2 if self.signals["metrics"] else 1, 30)
            for port in ports:
                if request("GET", f"http://127.0.0.1:{port}/healthz", timeout=2)[0] == 200:
                    self.port = port
            self.admin_port = next((p for p in ports if p != self.port), None)
            if self.port is None:
                raise RuntimeError(f"the peer's app port is none of {ports}")
        else:
            self.port = wait_listening(self.process, 1, 15)[0]

    @property
    def pid(self):
        return self.process.pid

    def telemetry(self):
        if self.kind == "authlens" and self.signals["metrics"]:
            return telemetry_cpu(f"http://127.0.0.1:{self.admin_port}")
        return {}

    def stop(self):
        if self.scraper:
            self.scraper.stop()
        stop_process(self.process)


def run_wrk(url, workload, seconds, segment, tag):
    argv = ["wrk", "-t1", f"-c{CONNECTIONS[workload]}", f"-d{seconds}s", "--timeout", "10s",
            "-s", str(BENCH / "workload.lua"), url, "--", workload, str(WORK / "data"),
            str(segment), tag]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 30)
    for line in out.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            return json.loads(line[len("BENCH_JSON "):])
    raise RuntimeError(f"wrk gave no summary: {out.stdout[-500:]} {out.stderr[-500:]}")


def measure(service, workload, round_no):
    tag = f"r{round_no}{service.mode}"
    run_wrk(service.url, workload, WARMUP, 0, tag)
    if workload != "me":
        time.sleep(0.5)  # requests the warm-up left queued for a hashing thread finish first
    tel_before = service.telemetry()
    cpu_before = cpu_seconds(service.pid)
    sampler = RssSampler(service.pid)
    sampler.start()
    result = run_wrk(service.url, workload, DURATION, 1, tag)
    cpu_after = cpu_seconds(service.pid)
    rss = sampler.finish()
    tel_after = service.telemetry()
    _, hwm = memory_kib(service.pid)
    requests = max(result["requests"], 1)
    cpu = cpu_after - cpu_before
    record = {
        "round": round_no, "service": service.kind, "mode": service.mode, "workload": workload,
        "rps": result["requests"] / (result["duration_us"] / 1e6),
        "p50_ms": result["p50_us"] / 1000, "p99_ms": result["p99_us"] / 1000,
        "p999_ms": result["p999_us"] / 1000, "requests": result["requests"],
        "errors": result["status_errors"] + result["timeouts"] + result["connect_errors"]
        + result["read_errors"] + result["write_errors"],
        "non_2xx": result["status_errors"],
        "cpu_s": cpu, "cpu_s_per_1000": cpu * 1000 / requests,
        "rss_steady_mib": statistics.median(rss) / 1024, "rss_peak_mib": max(rss) / 1024,
        "hwm_mib": hwm / 1024, "idle_rss_mib": service.idle_rss_kib / 1024,
    }
    if tel_before and tel_after:
        record["telemetry_cpu_s"] = {s: tel_after.get(s, 0) - tel_before.get(s, 0) for s in SIGNALS}
    return record


# --- preparing the accounts -----------------------------------------------------------------------
def read_codes(mail_dir):
    """email → latest code, from the dev mailer's .eml files."""
    codes = {}
    for path in sorted(Path(mail_dir).glob("*.eml")):
        text = path.read_text(errors="replace")
        to = re.search(r"^To: (\S+)\s*$", text, re.M)
        code = re.search(r"^(\d{6})\s*$", text, re.M)
        if to and code:
            codes[to.group(1).strip().lower()] = code.group(1)
    return codes


def parallel(fn, items, workers=8):
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        return list(pool.map(fn, items))


def prepare_phase(db_dir, cost_env, registrations, confirm_emails, logins):
    """Registers through the API, confirms with the mailed codes, logs in: returns the tokens."""
    mail_dir = db_dir / f"mail-{len(registrations)}-{time.monotonic_ns()}"
    env = clean_env()
    env.update({"AUTHLENS_HTTP_ADDR": "127.0.0.1:0", "AUTHLENS_ADMIN_ADDR": "127.0.0.1:0",
                "AUTHLENS_READY_FILE": str(db_dir / "prepare.ready.json"),
                "AUTHLENS_DATABASE_URL": f"sqlite://{db_dir / 'authlens.db'}",
                "AUTHLENS_MAIL_DIR": str(mail_dir), "AUTHLENS_MAIL_POLL_MS": "20",
                "AUTHLENS_CODE_TTL": "86400", "AUTHLENS_TOKEN_TTL": str(366 * 86400),
                # Every account comes from 127.0.0.1: the per-client mail budget would stop it.
                "AUTHLENS_MAIL_BUDGET_PER_HOUR": "1000000",
                "AUTHLENS_LOGS": "off", "AUTHLENS_METRICS": "off", "OTEL_SDK_DISABLED": "true"})
    env.update(cost_env)
    (db_dir / "prepare.ready.json").unlink(missing_ok=True)
    process = start_process([str(BUILD / "authlens")], env, db_dir / "prepare.log", cwd=db_dir)
    try:
        port, admin = wait_ready_file(db_dir / "prepare.ready.json", process, 30, "authlens (prepare)")
        base = f"http://127.0.0.1:{port}"
        wait_until(lambda: request("GET", f"http://127.0.0.1:{admin}/healthz", timeout=2)[0] == 200,
                   30, "authlens (prepare)")
        statuses = parallel(lambda a: request("POST", base + "/register",
                                              {"email": a[0], "password": a[1]})[0], registrations)
        if any(s != 202 for s in statuses):
            raise RuntimeError(f"register answered {sorted(set(statuses))}")
        wanted = {a[0] for a in registrations}
        wait_until(lambda: wanted <= set(read_codes(mail_dir)), 120, "verification mails")
        codes = read_codes(mail_dir)
        passwords = dict(registrations)
        statuses = parallel(lambda e: request("POST", base + "/register/confirm",
                                              {"email": e, "code": codes[e],
                                               "password": passwords[e]})[0], confirm_emails)
        if any(s != 200 for s in statuses):
            raise RuntimeError(f"confirm answered {sorted(set(statuses))}")

        def login(account):
            status, body = request("POST", base + "/login", {"email": account[0], "password": account[1]})
            if status != 200:
                raise RuntimeError(f"login answered {status}: {body[:200]}")
            return json.loads(body)["access_token"]

        tokens = parallel(login, logins)
        return codes, tokens
    finally:
        stop_process(process)


def prepare():
    """1000 /me accounts with tokens, pending registrations and logout tokens (prepared with a
    cheap Argon2 setting: those paths never hash), then the /login accounts at the real cost."""
    started = time.monotonic()
    prepared, data = WORK / "prepared", WORK / "data"
    for d in (prepared, data):
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
    me = [(f"me{i:05d}@bench.test", f"me {i:05d} quiet violet harbor") for i in range(ME_ACCOUNTS)]
    pending = [(f"pending{i:05d}@bench.test", f"pending {i:05d} amber tide lantern") for i in range(POOL)]
    logins_for_logout = [me[i % len(me)] for i in range(POOL)]
    cheap = {"AUTHLENS_ARGON2_OPSLIMIT": "1", "AUTHLENS_ARGON2_MEMLIMIT": "8192"}
    codes, tokens = prepare_phase(prepared, cheap, me + pending, [e for e, _ in me], me + logins_for_logout)
    me_tokens, logout_tokens = tokens[:len(me)], tokens[len(me):]
    real = [(f"login{i:04d}@bench.test", f"login {i:04d} green copper kettle") for i in range(LOGIN_ACCOUNTS)]
    prepare_phase(prepared, {}, real, [e for e, _ in real], [])
    for leftover in prepared.glob("authlens.db-*"):  # stopped cleanly: the WAL is checkpointed
        leftover.unlink()

    (data / "me_tokens.txt").write_text("\n".join(me_tokens) + "\n")
    (data / "floor_tokens.txt").write_text(
        "".join(f"{t} {e}\n" for t, (e, _) in zip(me_tokens, me)))
    (data / "login_accounts.txt").write_text("".join(f"{e} {p}\n" for e, p in real))
    (data / "logout_tokens.txt").write_text("\n".join(logout_tokens) + "\n")
    (data / "pending_codes.txt").write_text("".join(f"{e} {codes[e]} {p}\n" for e, p in pending))

    # The peer's database: the same accounts, hashes (libsodium's $argon2id$ strings verify in
    # argon2-cffi), sessions for the same tokens and the same pending codes, in its own schema.
    peer_db = prepared / "peer.db"
    peer_schema.create(str(peer_db))
    source = sqlite3.connect(f"file:{prepared / 'authlens.db'}?mode=ro", uri=True)
    accounts = source.execute("SELECT email, password_hash, verified, created_at FROM accounts").fetchall()
    source.close()
    peer = peer_schema.connect(str(peer_db))
    peer.executemany("INSERT INTO users (email, password_hash, verified, created_at) VALUES (?,?,?,?)",
                     accounts)
    # Pending registrations have no account row in authlens (a confirmation creates it): the
    # peer, whose confirmation only marks a user verified, gets them as unverified users.
    known = {row[0] for row in accounts}
    placeholder = accounts[0][1] if accounts else ""
    peer.executemany("INSERT INTO users (email, password_hash, verified, created_at) VALUES (?,?,0,?)",
                     [(e, placeholder, int(time.time())) for e, _ in pending if e not in known])
    ids = dict(peer.execute("SELECT email, id FROM users"))
    expires = int(time.time()) + 366 * 86400
    peer.executemany("INSERT INTO sessions VALUES (?,?,?)",
                     [(peer_schema.digest(t), ids[e], expires)
                      for t, (e, _) in zip(tokens, me + logins_for_logout)])
    peer.executemany("INSERT INTO codes VALUES (?,?,?)",
                     [(ids[e], peer_schema.digest(codes[e]), expires) for e, _ in pending])
    peer.commit()
    peer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    peer.close()
    for leftover in prepared.glob("peer.db-*"):
        leftover.unlink()
    return time.monotonic() - started


# --- fixed measurements ---------------------------------------------------------------------------
def hash_time():
    single = [float(x) for x in subprocess.run([str(BUILD / "bench" / "authlens_hash_time"), "9"],
                                               capture_output=True, text=True, timeout=120).stdout.split()]
    procs = [subprocess.Popen([str(BUILD / "bench" / "authlens_hash_time"), "9"], stdout=subprocess.PIPE, text=True)
             for _ in range(CORES)]
    concurrent_ms = [float(p.communicate(timeout=120)[0].split()[0]) for p in procs]
    return {"single_ms": single[0], "single_min_ms": single[1], "single_max_ms": single[2],
            "concurrent_ms": statistics.median(concurrent_ms),
            "bound_rps": CORES / (single[0] / 1000),
            "bound_concurrent_rps": CORES / (statistics.median(concurrent_ms) / 1000)}


def micro():
    out = RESULTS / "micro.json"
    if os.environ.get("BENCH_SKIP_MICRO") and out.exists():
        return json.loads(out.read_text())
    subprocess.run([str(BUILD / "bench" / "authlens_micro"), "--benchmark_min_time=0.3",
                    "--benchmark_format=console", f"--benchmark_out={out}",
                    "--benchmark_out_format=json"], check=True, timeout=300, stdout=subprocess.DEVNULL)
    return json.loads(out.read_text())


def instruction_counts():
    """Instructions per GET /me by mode under callgrind (bench/instructions.py): deterministic,
    so measured once, whatever the machine is doing."""
    out = RESULTS / "instructions.json"
    if os.environ.get("BENCH_SKIP_INSTRUCTIONS") and out.exists():
        return json.loads(out.read_text())
    import instructions  # bench/instructions.py
    modes = os.environ.get("BENCH_CG_MODES", ",".join(instructions.DEFAULT_MODES)).split(",")
    log(f"callgrind: instructions per GET /me for {', '.join(modes)}")
    data = instructions.main(modes)
    out.write_text(json.dumps(data, indent=1))
    return data


def machine():
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"^model name\s*:\s*(.*)$", cpuinfo, re.M)
    mhz = re.search(r"^cpu MHz\s*:\s*(.*)$", cpuinfo, re.M)
    mem = re.search(r"^MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text(), re.M)
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.splitlines()
    return {"cpu": model.group(1) if model else "?", "mhz": mhz.group(1) if mhz else "?",
            "nproc": CORES, "kernel": platform.release(),
            "memory_gib": int(mem.group(1)) / 1048576 if mem else 0,
            "os": Path("/etc/debian_version").read_text().strip() if Path("/etc/debian_version").exists() else "?",
            "wrk": wrk[0] if wrk else "wrk", "load_at_start": os.getloadavg()}


# --- main -----------------------------------------------------------------------------------------
def main():
    t0 = time.monotonic()
    WORK.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    meta = {"machine": machine(), "settings": {
        "warmup_s": WARMUP, "duration_s": DURATION, "rounds": ROUNDS, "connections": CONNECTIONS,
        "wrk_threads": 1, "me_accounts": ME_ACCOUNTS, "login_accounts": LOGIN_ACCOUNTS, "pool": POOL,
        "modes": MODES, "workloads": WORKLOADS, "services": SERVICES}, "phases": {}}
    log(f"machine: {meta['machine']['cpu']}, {CORES} cores, load {meta['machine']['load_at_start']}")

    log("micro-benchmarks")
    started = time.monotonic()
    meta["micro"] = micro()
    meta["phases"]["micro_s"] = time.monotonic() - started
    log("Argon2 timing")
    meta["argon2"] = hash_time()
    log(f"one hash {meta['argon2']['single_ms']:.1f} ms → bound {meta['argon2']['bound_rps']:.1f} logins/s")
    log("preparing accounts through authlens's API")
    meta["phases"]["prepare_s"] = prepare()
    started = time.monotonic()
    meta["instructions"] = instruction_counts()
    meta["phases"]["instructions_s"] = time.monotonic() - started
    receiver, otlp_port, meta["receiver"] = start_receiver()
    meta["scraper"] = "scraper loop in bench/harness.py: GET /metrics every 1 s during metrics/all runs"
    log(f"receiver: {meta['receiver']}")

    records = []
    started = time.monotonic()
    try:
        for round_no in range(1, ROUNDS + 1):
            floor = Service("floor", "off", WORK / "runs" / f"r{round_no}-floor", otlp_port)
            try:
                records.append(measure(floor, "me", round_no))
            finally:
                floor.stop()
            order = MODES[round_no - 1:] + MODES[:round_no - 1]  # interleaved, rotated per round
            for mode in order:
                for kind in SERVICES:
                    run_dir = WORK / "runs" / f"r{round_no}-{kind}-{mode}"
                    shutil.rmtree(run_dir, ignore_errors=True)
                    try:
                        service = Service(kind, mode, run_dir, otlp_port)
                    except RuntimeError as error:
                        log(f"round {round_no} {kind} {mode}: did not start: {error}")
                        continue
                    try:
                        for workload in WORKLOADS:
                            record = measure(service, workload, round_no)
                            record["scrapes"] = service.scraper.scrapes if service.scraper else 0
                            records.append(record)
                            log(f"round {round_no} {kind:8} {mode:7} {workload:5} "
                                f"{record['rps']:9.1f} req/s  p99 {record['p99_ms']:7.2f} ms  "
                                f"{record['cpu_s_per_1000']:.3f} CPU s/1000  "
                                f"RSS {record['rss_steady_mib']:.1f} MiB  errors {record['errors']}")
                    except (RuntimeError, AssertionError, subprocess.SubprocessError, OSError) as error:
                        log(f"round {round_no} {kind} {mode}: {error}")
                    finally:
                        service.stop()
                    if kind == "authlens":
                        shutil.rmtree(run_dir / "mail", ignore_errors=True)
    finally:
        stop_process(receiver)
    meta["phases"]["rounds_s"] = time.monotonic() - started
    meta["phases"]["harness_s"] = time.monotonic() - t0
    meta["machine"]["load_at_end"] = os.getloadavg()
    (RESULTS / "raw.json").write_text(json.dumps({"meta": meta, "records": records}, indent=1))
    import report  # bench/report.py: tables and charts from raw.json
    report.write(meta, records, RESULTS)
    log(f"report: {RESULTS / 'report.md'} ({time.monotonic() - t0:.0f} s)")


if __name__ == "__main__":
    sys.path.insert(0, str(BENCH))
    try:
        main()
    finally:
        for child in list(children):
            stop_process(child)
