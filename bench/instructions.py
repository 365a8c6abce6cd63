#!/usr/bin/python3
"""Instructions per GET /me by telemetry mode, counted with callgrind (issue 10).

Deterministic where wall-clock figures are not: the service runs under Debian's valgrind
(callgrind, every thread of the process counted), one I/O thread, one keep-alive connection.
Per run: WARMUP requests, counters zeroed (callgrind_control -z), REQUESTS requests with
rotating tokens, then, with traces on, a wait until the receiver (bench/otlp_sink.py: OTLP/HTTP
protobuf, counts spans and discards them) has every span of those requests; with metrics on, one
GET /metrics scrape; then a dump (callgrind_control -d). The scrape is dumped again on its own,
so its share is known. The floor (bench/floor, one thread) is counted by the same method.

The outbox poll is set to its maximum (60 s): it is idle time, not request work, and under
valgrind's slowdown it would add a count that depends on how long a run takes.

Usage (after `make bench` built build-bench/, or from bench/harness.py):
  bench/instructions.py [MODE ...]   modes: off logs metrics traces all all@0.1 all@0.01 disabled floor
                                     otlp tail@0.01 (not in the default set)
  (off: every signal switched off, OTEL_SDK_DISABLED=true; disabled: tracing configured as in
  `traces`, exporter and sampler included, but OTEL_SDK_DISABLED=true, logs and metrics off: what
  a disabled SDK costs when everything else asks for traces, to be within noise of off;
  otlp: all, with logs and metrics also exported over OTLP (OTEL_LOGS_EXPORTER=otlp,
  OTEL_METRICS_EXPORTER=prometheus,otlp, an interval longer than a run); tail@R: all, with the
  in-process tail sampler (OTEL_TRACES_SAMPLER=authlens_tail) keeping the share R of the fast
  200s, to compare with all@R, head sampling at the same ratio)
Settings: BENCH_CG_REQUESTS=2000 BENCH_CG_WARMUP=200. Writes bench/results/instructions.json
and per-mode profiles (callgrind_annotate, inclusive) under bench/work/instructions/.
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402  (paths, process helpers, prepare())

REQUESTS = int(os.environ.get("BENCH_CG_REQUESTS", "2000"))
WARMUP = int(os.environ.get("BENCH_CG_WARMUP", "200"))
DEFAULT_MODES = ["floor", "off", "logs", "metrics", "traces", "all", "all@0.1", "all@0.01",
                 "disabled"]
OUT = harness.WORK / "instructions"
SPANS_PER_ME = 2  # the SERVER span and the select_session CLIENT span


class KeepAliveClient:
    """One HTTP/1.1 connection; requests written and responses read in full, one at a time."""

    def __init__(self, port):
        self.port = port
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=60)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def get(self, path, headers=()):
        lines = [f"GET {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}", *headers, "", ""]
        self.sock.sendall("\r\n".join(lines).encode())
        while b"\r\n\r\n" not in self.buffer:
            self.read_more()
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        status = int(head.split(b" ", 2)[1])
        length = int(re.search(rb"(?im)^content-length:\s*(\d+)", head).group(1))
        while len(self.buffer) < length:
            self.read_more()
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return status, body

    def read_more(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise RuntimeError("connection closed by the server")
        self.buffer += chunk

    def close(self):
        self.sock.close()


def callgrind_total(path):
    """Instructions (Ir) in one callgrind output file: its `summary:` (or `totals:`) line."""
    text = Path(path).read_text(errors="replace")
    m = re.search(r"^(?:summary|totals):\s+(\d+)", text, re.M)
    if not m:
        raise RuntimeError(f"no totals in {path}")
    return int(m.group(1))


def control(pid, *args):
    subprocess.run(["callgrind_control", *args, str(pid)], check=True, timeout=120,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def newest_dump(run_dir, before):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        dumps = set(run_dir.glob("callgrind.out.*")) - before
        for path in dumps:
            if re.search(r"^(?:summary|totals):", path.read_text(errors="replace"), re.M):
                return path
        time.sleep(0.2)
    raise RuntimeError("callgrind wrote no dump")


def dump(pid, run_dir, label):
    before = set(run_dir.glob("callgrind.out.*"))
    control(pid, "--dump=" + label)
    path = newest_dump(run_dir, before)
    final = run_dir / f"{label}.callgrind"
    path.rename(final)
    return final


def profile(path, out):
    """The inclusive per-function profile, for reading where instructions go."""
    text = subprocess.run(["callgrind_annotate", "--auto=no", "--inclusive=yes", "--threshold=99.5", str(path)],
                          capture_output=True, text=True, timeout=300).stdout
    out.write_text(text)


def sink_spans(sink_port):
    status, body = harness.request("GET", f"http://127.0.0.1:{sink_port}/stats", timeout=5)
    return json.loads(body)["spans"] if status == 200 else -1


def wait_spans(sink_port, at_least, timeout=120):
    harness.wait_until(lambda: sink_spans(sink_port) >= at_least, timeout,
                       f"{at_least} spans at the receiver")


def parse_mode(mode):
    base, _, ratio = mode.partition("@")
    return base, (float(ratio) if ratio else 1.0)


def signals_of(base):
    """tail and otlp are `all` with other settings."""
    return harness.mode_signals("all" if base in ("tail", "otlp") else base)


def start(mode, run_dir, sink_port):
    base, ratio = parse_mode(mode)
    run_dir.mkdir(parents=True, exist_ok=True)
    env = harness.clean_env()
    signals = signals_of(base)
    valgrind = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={run_dir}/callgrind.out.%p",
                "--dump-instr=" + os.environ.get("BENCH_CG_DUMP_INSTR", "no"), "--vgdb=yes"]
    if base == "floor":
        argv = valgrind + [str(harness.BUILD / "bench" / "authlens_floor"), "127.0.0.1", "0",
                           str(harness.WORK / "data" / "floor_tokens.txt"), "1"]
    else:
        shutil.copy(harness.WORK / "prepared" / "authlens.db", run_dir / "authlens.db")
        on = lambda flag: "on" if flag else "off"
        env.update({
            "AUTHLENS_HTTP_ADDR": "127.0.0.1:0", "AUTHLENS_ADMIN_ADDR": "127.0.0.1:0",
            "AUTHLENS_READY_FILE": str(run_dir / "ready.json"),
            "AUTHLENS_DATABASE_URL": f"sqlite://{run_dir / 'authlens.db'}",
            "AUTHLENS_MAIL_DIR": str(run_dir / "mail"), "AUTHLENS_MAIL_POLL_MS": "60000",
            "AUTHLENS_IO_THREADS": "1", "AUTHLENS_HASH_WORKERS": "1",
            "AUTHLENS_LOGS": on(signals["logs"]), "AUTHLENS_METRICS": on(signals["metrics"]),
        })
        if signals["traces"] or base == "disabled":
            env.update({"OTEL_TRACES_EXPORTER": "otlp",
                        "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{sink_port}",
                        "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf",
                        "OTEL_SERVICE_NAME": "authlens"})
            if base == "tail":
                env.update({"OTEL_TRACES_SAMPLER": "authlens_tail",
                            "AUTHLENS_TAIL_SAMPLE_RATIO": str(ratio)})
            elif ratio >= 1.0:
                env["OTEL_TRACES_SAMPLER"] = "always_on"
            else:
                env.update({"OTEL_TRACES_SAMPLER": "parentbased_traceidratio",
                            "OTEL_TRACES_SAMPLER_ARG": str(ratio)})
            if base == "disabled":
                env["OTEL_SDK_DISABLED"] = "true"
            if base == "otlp":
                env.update({"OTEL_LOGS_EXPORTER": "otlp", "OTEL_METRICS_EXPORTER": "prometheus,otlp",
                            "OTEL_METRIC_EXPORT_INTERVAL": "3600000"})
        else:
            env["OTEL_SDK_DISABLED"] = "true"
        argv = valgrind + [str(harness.BUILD / "authlens")]
    process = harness.start_process(argv, env, run_dir / "stdout.log", cwd=run_dir)
    try:  # everything on port 0: authlens reports its ports, the floor's are read from /proc
        if base == "floor":
            port, admin = harness.wait_listening(process, 1, 120)[0], None
        else:
            port, admin = harness.wait_ready_file(run_dir / "ready.json", process, 120,
                                                  f"authlens ({mode}) under callgrind")
            health = f"http://127.0.0.1:{admin}/healthz"
            harness.wait_until(lambda: harness.request("GET", health, timeout=5)[0] == 200, 120,
                               f"authlens ({mode}) under callgrind")
    except (RuntimeError, AssertionError):
        harness.stop_process(process)
        raise
    return process, port, admin


def measure(mode, tokens, sink_port):
    base, ratio = parse_mode(mode)
    signals = signals_of(base) if base != "floor" else {}
    run_dir = OUT / mode.replace("@", "-")
    shutil.rmtree(run_dir, ignore_errors=True)
    process, port, admin = start(mode, run_dir, sink_port)
    try:
        spans_before = sink_spans(sink_port)
        client = KeepAliveClient(port)

        def run(count, offset):
            for i in range(count):
                token = tokens[(offset + i) % len(tokens)]
                status, _ = client.get("/me", [f"Authorization: Bearer {token}"])
                if status != 200:
                    raise RuntimeError(f"GET /me answered {status} in mode {mode}")

        run(WARMUP, 0)
        if signals.get("traces") and ratio >= 1.0:
            # Nothing of the warm-up may be exported inside the measured window.
            wait_spans(sink_port, spans_before + SPANS_PER_ME * WARMUP)
        elif signals.get("traces"):
            time.sleep(7)  # past the batch processor's 5 s schedule: the warm-up's spans are out
        control(process.pid, "--zero")
        spans_zeroed = sink_spans(sink_port)
        run(REQUESTS, 7919)
        if signals.get("traces") and ratio >= 1.0:
            wait_spans(sink_port, spans_zeroed + SPANS_PER_ME * REQUESTS)
        elif signals.get("traces"):
            time.sleep(7)
        spans = sink_spans(sink_port) - spans_zeroed if signals.get("traces") else 0
        requests_path = dump(process.pid, run_dir, "requests")
        scrape = 0
        if signals.get("metrics"):
            status, _ = harness.request("GET", f"http://127.0.0.1:{admin}/metrics", timeout=60)
            if status != 200:
                raise RuntimeError(f"/metrics answered {status}")
            scrape = callgrind_total(dump(process.pid, run_dir, "scrape"))
        client.close()
    finally:
        harness.stop_process(process, timeout=60)
    total = callgrind_total(requests_path)
    profile(requests_path, run_dir / "profile.txt")
    return {"mode": mode, "requests": REQUESTS, "warmup": WARMUP, "spans": spans,
            "instructions": total, "scrape_instructions": scrape,
            "per_request": total / REQUESTS,
            "per_request_with_scrape": (total + scrape) / REQUESTS}


def main(modes):
    OUT.mkdir(parents=True, exist_ok=True)
    harness.RESULTS.mkdir(parents=True, exist_ok=True)
    if not (harness.WORK / "prepared" / "authlens.db").exists():
        harness.log("preparing accounts through authlens's API")
        harness.prepare()
    tokens = (harness.WORK / "data" / "me_tokens.txt").read_text().split()
    sink = harness.start_process([sys.executable, str(harness.BENCH / "otlp_sink.py"), "0"],
                                 os.environ.copy(), OUT / "otlp_sink.log")
    results = []
    try:
        sink_port = harness.wait_listening(sink, 1, 15)[0]
        harness.wait_until(lambda: harness.request("GET", f"http://127.0.0.1:{sink_port}/stats",
                                                   timeout=2)[0] == 200, 15, "the OTLP sink")
        for mode in modes:
            started = time.monotonic()
            record = measure(mode, tokens, sink_port)
            record["seconds"] = time.monotonic() - started
            results.append(record)
            harness.log(f"callgrind {mode:9} {record['per_request']:10,.0f} instructions/request"
                        f" (+ scrape {record['scrape_instructions']:,}; spans {record['spans']};"
                        f" {record['seconds']:.0f} s)")
    finally:
        harness.stop_process(sink)
    return {"requests": REQUESTS, "warmup": WARMUP, "valgrind": subprocess.run(
        ["valgrind", "--version"], capture_output=True, text=True).stdout.strip(),
            "results": results}


if __name__ == "__main__":
    try:
        data = main(sys.argv[1:] or DEFAULT_MODES)
    finally:
        for child in list(harness.children):
            harness.stop_process(child)
    out = harness.RESULTS / "instructions.json"
    out.write_text(json.dumps(data, indent=1))
    for r in data["results"]:
        print(f"{r['mode']:9} {r['per_request']:10,.0f}  with scrape {r['per_request_with_scrape']:10,.0f}")
