"""Helper programs for the observability features: a real Jaeger v2, a real Prometheus, headless
Chromium and a tiny OTLP endpoint that always answers 503. Each listens on loopback port 0 and the
harness reads which ports it got (tools/listening.py), waits are bounded, and stop() ends what
start() began (SIGTERM, then SIGKILL)."""
import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "tools"))
from listening import jaeger_ports, wait_listening  # noqa: E402

JAEGER_CONFIG = os.path.join(HERE, "obs_jaeger.yaml")
JAEGER_VERSION = "v2.13"  # what scripts/install-jaeger.sh builds (Go module v1.76.0)


def wait_until(what, predicate, timeout, interval=0.2):
    """Poll predicate() until it returns a truthy value; raise AssertionError after timeout."""
    deadline = time.monotonic() + timeout
    last_error = None
    while True:
        try:
            value = predicate()
            if value:
                return value
        except Exception as e:  # noqa: BLE001 - the last error is reported on time-out
            last_error = e
        if time.monotonic() >= deadline:
            raise AssertionError("%s: not within %.0f s%s" % (
                what, timeout, (" (last error: %s: %s)" % (type(last_error).__name__, last_error))
                if last_error else ""))
        time.sleep(interval)


def tail(path, lines=30):
    try:
        with open(path, "rb") as f:
            return "\n".join(f.read().decode("utf-8", "replace").splitlines()[-lines:])
    except OSError:
        return "(no %s)" % path


class _Program:
    """A child process with its output in log_dir/<name>.log."""

    name = "program"

    def __init__(self, log_dir):
        self.log_path = os.path.join(log_dir, self.name + ".log")
        self.proc = None

    def _spawn(self, argv, env=None, cwd=None):
        with open(self.log_path, "ab") as out:
            self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                         env=env, cwd=cwd, start_new_session=True)

    def _check_alive(self):
        if self.proc is not None and self.proc.poll() is not None:
            raise AssertionError("%s exited with status %s while starting\n--- %s:\n%s" % (
                self.name, self.proc.returncode, self.log_path, tail(self.log_path)))

    def _wait_ready(self, what, ready, timeout):
        """Waits until ready() holds; if it never does, stops the program and fails with its log."""
        try:
            wait_until(what, ready, timeout)
        except AssertionError as e:
            self.stop()
            raise AssertionError("%s\n--- %s:\n%s" % (e, self.log_path, tail(self.log_path)))

    def stop(self, timeout=10.0):
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        code = self.proc.returncode
        self.proc = None
        return code


class Jaeger(_Program):
    """Jaeger v2 with features/bddsupport/obs_jaeger.yaml: memory storage, OTLP/HTTP in, query API.
    Its four listeners (OTLP/HTTP, query HTTP, query gRPC, health) bind port 0; which is which is
    found by asking each port what it serves."""

    name = "jaeger"
    LISTENERS = 4

    def __init__(self, log_dir):
        super().__init__(log_dir)
        self.binary = os.environ.get("JAEGER_BIN") or os.path.join(
            os.environ.get("GOBIN") or os.path.expanduser("~/go/bin"), "jaeger")
        self.otlp_port = self.query_port = self.health_port = None

    @property
    def otlp_endpoint(self):
        return "http://127.0.0.1:%d" % self.otlp_port

    @property
    def query_url(self):
        return "http://127.0.0.1:%d" % self.query_port

    def start(self, timeout=60.0):
        if not (os.path.isfile(self.binary) and os.access(self.binary, os.X_OK)):
            raise AssertionError(
                "Jaeger is not installed at %s: run scripts/install-jaeger.sh (needs Go >= 1.24 and the Go "
                "module proxy), or set JAEGER_BIN. The Jaeger scenarios fail rather than skip so that a "
                "test run without Jaeger cannot pass." % self.binary)
        self._spawn([self.binary, "--config", JAEGER_CONFIG], env=dict(os.environ))

        def ready():
            self._check_alive()
            if None in (self.otlp_port, self.query_port, self.health_port):
                self._identify_ports(wait_listening(self.proc, self.LISTENERS, timeout))
                return False
            h = requests.get("http://127.0.0.1:%d/status" % self.health_port, timeout=1)
            q = requests.get(self.query_url + "/api/services", timeout=1)
            # The receiver accepts an empty export once it listens.
            o = requests.post(self.otlp_endpoint + "/v1/traces", data=b"{}", timeout=1,
                              headers={"Content-Type": "application/json"})
            return h.status_code == 200 and q.status_code == 200 and o.status_code == 200

        self._wait_ready("Jaeger ready (health, query API and OTLP receiver answering)", ready, timeout)

    def _identify_ports(self, ports):
        roles = jaeger_ports(ports)
        self.otlp_port, self.query_port, self.health_port = (
            roles.get("otlp"), roles.get("query"), roles.get("health"))

    def version(self):
        try:
            out = subprocess.run([self.binary, "version"], capture_output=True, timeout=20, text=True)
            return out.stdout.strip() or out.stderr.strip()
        except (OSError, subprocess.TimeoutExpired) as e:
            return "(%s)" % e

    def trace(self, trace_id):
        """The trace as the v1 query API returns it ({"spans": [...], "processes": {...}}), or None."""
        r = requests.get("%s/api/traces/%s" % (self.query_url, trace_id), timeout=5)
        if r.status_code == 404:
            return None
        r.raise_for_status()
        data = r.json().get("data") or []
        return data[0] if data else None

    def trace_v3(self, trace_id):
        """The trace as the v3 API returns it (OTLP JSON: resourceSpans…), or None."""
        r = requests.get("%s/api/v3/traces/%s" % (self.query_url, trace_id), timeout=5)
        if r.status_code == 404:
            return None
        r.raise_for_status()
        return r.json()


class Prometheus(_Program):
    """Debian's prometheus scraping one target every second, its TSDB in a temporary directory."""

    name = "prometheus"
    BINARY = "/usr/bin/prometheus"

    def __init__(self, log_dir, target, job="authlens"):
        super().__init__(log_dir)
        self.target = target
        self.job = job
        self.port = None  # port 0: read from the process once it listens
        self.dir = tempfile.mkdtemp(prefix="authlens-obs-prom-")
        self.config_path = os.path.join(log_dir, "prometheus.yml")

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

    def start(self, timeout=60.0):
        binary = shutil.which("prometheus") or self.BINARY
        if not os.access(binary, os.X_OK):
            raise AssertionError("prometheus is not installed (Debian package prometheus)")
        with open(self.config_path, "w") as f:
            f.write("# generated by features/bddsupport/obs_procs.py\n"
                    "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n"
                    "scrape_configs:\n  - job_name: %s\n    metrics_path: /metrics\n"
                    "    static_configs:\n      - targets: ['%s']\n" % (json.dumps(self.job), self.target))
        self._spawn([binary, "--config.file=" + self.config_path,
                     "--storage.tsdb.path=" + os.path.join(self.dir, "data"),
                     "--web.listen-address=127.0.0.1:0",
                     "--storage.tsdb.retention.time=1h", "--log.level=warn"], cwd=self.dir)

        def ready():
            self._check_alive()
            if self.port is None:
                self.port = wait_listening(self.proc, 1, timeout)[0]
            return requests.get(self.url + "/-/ready", timeout=1).status_code == 200

        self._wait_ready("Prometheus ready", ready, timeout)

    def query(self, expr):
        r = requests.get(self.url + "/api/v1/query", params={"query": expr}, timeout=5)
        r.raise_for_status()
        body = r.json()
        assert body.get("status") == "success", "Prometheus query %r: %s" % (expr, body)
        return body["data"]["result"]

    def stop(self, timeout=10.0):
        code = super().stop(timeout)
        shutil.rmtree(self.dir, ignore_errors=True)
        return code


class Chromium:
    """Debian's chromium, headless, with a fresh profile per run and nothing phoning home."""

    BINARY = "/usr/bin/chromium"
    FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio"]

    def __init__(self, log_dir):
        self.log_dir = log_dir
        self.runs = 0

    def _run(self, extra, url, timeout=90):
        binary = shutil.which("chromium") or self.BINARY
        if not os.access(binary, os.X_OK):
            raise AssertionError("chromium is not installed (Debian package chromium)")
        profile = tempfile.mkdtemp(prefix="authlens-obs-chromium-")
        self.runs += 1
        err_path = os.path.join(self.log_dir, "chromium-%d.stderr.log" % self.runs)
        try:
            with open(err_path, "wb") as err:
                proc = subprocess.Popen([binary] + self.FLAGS + ["--user-data-dir=" + profile] + extra + [url],
                                        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err,
                                        start_new_session=True)
                try:
                    out, _ = proc.communicate(timeout=timeout)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.communicate()
                    raise AssertionError("chromium did not finish within %d s on %s\n%s"
                                         % (timeout, url, tail(err_path)))
            # Chromium may leave helpers (zygote, crashpad) behind in its session: end them.
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            assert proc.returncode == 0, "chromium exited with %s on %s\n%s" % (proc.returncode, url, tail(err_path))
            return out.decode("utf-8", "replace")
        finally:
            shutil.rmtree(profile, ignore_errors=True)

    def dump_dom(self, url):
        return self._run(["--dump-dom", "--virtual-time-budget=3000"], url)

    def screenshot(self, url, path, width=1280, height=800):
        if os.path.exists(path):
            os.remove(path)
        self._run(["--screenshot=" + path, "--window-size=%d,%d" % (width, height)], url)
        assert os.path.isfile(path), "chromium wrote no screenshot at %s" % path
        return path


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", "%s is not a PNG file" % path
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


class FailingOtlpEndpoint:
    """An HTTP server on loopback that answers every request with the given status (503 by
    default) and counts what it received: an OTLP receiver that is down for maintenance."""

    def __init__(self, status=503, retry_after=None):
        self.status = status
        self.retry_after = retry_after
        self.requests = []
        self.lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                with outer.lock:
                    outer.requests.append((self.command, self.path, self.headers.get("Content-Type")))
                body = b'{"code":14,"message":"unavailable"}'
                self.send_response(outer.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                if outer.retry_after is not None:
                    self.send_header("Retry-After", str(outer.retry_after))
                self.end_headers()
                self.wfile.write(body)

            do_POST = _answer
            do_GET = _answer

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, name="otlp-503", daemon=True)

    @property
    def endpoint(self):
        return "http://127.0.0.1:%d" % self.port

    def start(self):
        self.thread.start()

    def count(self):
        with self.lock:
            return len(self.requests)

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class OtlpReceiver:
    """An OTLP/HTTP receiver on loopback for all three signals: every POST to /v1/traces,
    /v1/logs or /v1/metrics is decoded with the official opentelemetry-proto classes (gunzipped
    first when it says so) and kept; anything that does not decode is answered 400 and kept as a
    rejection, which the scenarios check is empty."""

    def __init__(self):
        from opentelemetry.proto.collector.logs.v1.logs_service_pb2 import ExportLogsServiceRequest
        from opentelemetry.proto.collector.metrics.v1.metrics_service_pb2 import ExportMetricsServiceRequest
        from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
        import gzip

        types = {"/v1/traces": ExportTraceServiceRequest, "/v1/logs": ExportLogsServiceRequest,
                 "/v1/metrics": ExportMetricsServiceRequest}
        self.received = {path: [] for path in types}
        self.rejected = []
        self.lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    if self.headers.get("Content-Encoding") == "gzip":
                        body = gzip.decompress(body)
                    if self.headers.get("Content-Type") != "application/x-protobuf":
                        raise ValueError("Content-Type %r" % self.headers.get("Content-Type"))
                    message = types[self.path]()
                    message.ParseFromString(body)
                    with outer.lock:
                        outer.received[self.path].append(message)
                    status = 200
                except Exception as error:  # noqa: BLE001 - every rejection is reported
                    with outer.lock:
                        outer.rejected.append("%s: %s" % (self.path, error))
                    status = 400
                self.send_response(status)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, name="otlp-receiver", daemon=True)

    @property
    def endpoint(self):
        return "http://127.0.0.1:%d" % self.port

    def start(self):
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def spans(self):
        with self.lock:
            requests_ = list(self.received["/v1/traces"])
        return [s for r in requests_ for rs in r.resource_spans for ss in rs.scope_spans for s in ss.spans]

    def log_records(self):
        with self.lock:
            requests_ = list(self.received["/v1/logs"])
        return [lr for r in requests_ for rl in r.resource_logs for sl in rl.scope_logs for lr in sl.log_records]

    def metrics(self):
        with self.lock:
            requests_ = list(self.received["/v1/metrics"])
        return [m for r in requests_ for rm in r.resource_metrics for sm in rm.scope_metrics for m in sm.metrics]


class Collector(_Program):
    """An OpenTelemetry Collector (tools/otelcol, built by scripts/install-otelcol.sh): the OTLP/HTTP
    receiver on port 0 (its only listener: its own telemetry is off) and one pipeline per signal,
    batched, to an OTLP/HTTP endpoint: what authlens sends goes through a real Collector."""

    name = "otelcol"

    def __init__(self, log_dir, forward_to):
        super().__init__(log_dir)
        self.binary = os.environ.get("OTELCOL_BIN") or os.path.expanduser("~/go/bin/authlens-otelcol")
        self.config_path = os.path.join(log_dir, "otelcol.yaml")
        pipeline = "{receivers: [otlp], processors: [batch], exporters: [otlphttp]}"
        with open(self.config_path, "w", encoding="utf-8") as f:
            f.write("receivers:\n  otlp:\n    protocols:\n      http:\n        endpoint: 127.0.0.1:0\n"
                    "processors:\n  batch:\n    timeout: 200ms\n"
                    "exporters:\n  otlphttp:\n    endpoint: %s\n" % forward_to +
                    "service:\n  telemetry:\n    metrics:\n      level: none\n"
                    "  pipelines:\n    traces: %s\n    logs: %s\n    metrics: %s\n" % (pipeline, pipeline, pipeline))
        self.port = None

    @property
    def endpoint(self):
        return "http://127.0.0.1:%d" % self.port

    def start(self, timeout=60.0):
        if not (os.path.isfile(self.binary) and os.access(self.binary, os.X_OK)):
            raise AssertionError("the Collector is not installed at %s: run scripts/install-otelcol.sh "
                                 "(Go and the Go module proxy), or set OTELCOL_BIN" % self.binary)
        self._spawn([self.binary, "--config", self.config_path], env=dict(os.environ))

        def ready():
            self._check_alive()
            if self.port is None:
                self.port = wait_listening(self.proc, 1, timeout)[0]
            r = requests.post(self.endpoint + "/v1/traces", data=b"{}", timeout=1,
                              headers={"Content-Type": "application/json"})
            return r.status_code == 200

        self._wait_ready("the Collector's OTLP receiver answering", ready, timeout)
