#!/usr/bin/env python3
"""The live service against its own OpenAPI document (issue 11), run by scripts/test.d/openapi.sh.

1. openapi-spec-validator accepts docs/openapi.yaml, and the service serves exactly it (as JSON)
   at /openapi.json, with an ETag that a conditional GET turns into a 304.
2. schemathesis fuzzes the real binary (a fresh SQLite database, a real SMTP sink on loopback)
   with every check and every phase, the stateful one following the document's links
   (register -> confirm -> login -> me -> logout, with the codes read from the sink).
3. Headless Chromium opens /docs with no way out to the internet, the page renders every
   operation, and a screenshot lands in docs/openapi-docs.png.

Everything listens on port 0 and reports the port it got: no race for ports. Artifacts (service
log, schemathesis output and JUnit report, the page's DOM) go to features/artifacts/openapi/.
Exit status 0 only when all three pass."""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

import yaml
from aiosmtpd.controller import Controller

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "features"))
from bddsupport.mailsink import Mail  # noqa: E402  (parses a message and finds its code)
from bddsupport.obs_procs import Chromium, tail  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hooks  # noqa: E402  (the mailbox layout the schemathesis hooks read)

DOCUMENT = os.path.join(ROOT, "docs", "openapi.yaml")
SCREENSHOT = os.path.join(ROOT, "docs", "openapi-docs.png")
ARTIFACTS = os.path.join(ROOT, "features", "artifacts", "openapi")
HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20251129
FUZZ_BUDGET_S = 240  # the ceiling for the schemathesis run

# The service under test: the BDD suite's fast test settings, plus limits widened for a fuzzer
# that sends thousands of requests from one address in a few minutes. The limits themselves are
# tested by the BDD suite; here they would only turn most answers into 429s and hide the rest.
SETTINGS = {
    "AUTHLENS_ENV": "development",
    "AUTHLENS_LOG_FORMAT": "json",
    "AUTHLENS_LOG_LEVEL": "info",
    "OTEL_TRACES_EXPORTER": "none",
    "AUTHLENS_MAIL_POLL_MS": "50",
    "AUTHLENS_MAIL_RETRY_BASE_MS": "200",
    "AUTHLENS_ARGON2_OPSLIMIT": "1",
    "AUTHLENS_ARGON2_MEMLIMIT": "8388608",
    "AUTHLENS_RESEND_COOLDOWN_S": "0",
    "AUTHLENS_MAIL_BUDGET_PER_HOUR": "1000000",
    "AUTHLENS_LOGIN_FAILURES_PER_ADDRESS": "1000000",
    "AUTHLENS_LOGIN_FAILURES_PER_CLIENT": "1000000",
    "AUTHLENS_CODE_FAILURES_PER_ADDRESS": "1000000",
    "AUTHLENS_CODE_FAILURES_PER_CLIENT": "1000000",
}
SCRUB_PREFIXES = ("AUTHLENS_", "OTEL_", "SMTP_", "SENDER_", "TEST_EMAIL", "TEST_CODE")
OPERATIONS = [  # what /docs must show: the ten account operations, the probes, the documents
    ("post", "/register"), ("post", "/register/confirm"), ("post", "/register/resend"),
    ("post", "/login"), ("post", "/logout"), ("get", "/me"), ("delete", "/me"),
    ("post", "/password/forgot"), ("post", "/password/reset"), ("post", "/password/change"),
    ("get", "/healthz"), ("get", "/readyz"), ("get", "/openapi.json"), ("get", "/docs"),
]


def log(message):
    print("openapi: " + message, flush=True)


class PortZeroController(Controller):
    """aiosmtpd on a port the kernel picks; the port is read back before aiosmtpd's own
    readiness probe connects to it."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class Mailbox:
    """A real SMTP server that files each message's code by recipient, one JSON line per
    message, for the schemathesis hooks (another process) to read."""

    def __init__(self, directory):
        self.directory = directory
        self.count = 0
        self.lock = threading.Lock()
        self.controller = PortZeroController(self, hostname="127.0.0.1", port=0, ready_timeout=10)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
        mail = Mail(envelope.mail_from, envelope.rcpt_tos, raw, time.monotonic())
        code = mail.code
        kind = "reset" if code and "reset" in mail.subject.lower() else ("verify" if code else "notice")
        line = json.dumps({"kind": kind, "code": code, "received": time.time()}) + "\n"
        with self.lock:
            self.count += 1
            for rcpt in envelope.rcpt_tos:
                with open(hooks.mailbox_path(rcpt, self.directory), "a", encoding="utf-8") as f:
                    f.write(line)
        return "250 Message accepted for delivery"

    def start(self):
        self.controller.start()
        return "smtp://127.0.0.1:%d" % self.controller.port

    def stop(self):
        self.controller.stop()


class Service:
    """build-test/authlens on port 0 for both listeners. It reports the addresses it got in
    AUTHLENS_READY_FILE ({"http":"127.0.0.1:40123","admin":…}) and in its "authlens started" log
    line; whichever comes first is read (builds without the ready file have only the line)."""

    def __init__(self, binary, workdir, smtp_url):
        self.workdir = workdir
        self.stdout_path = os.path.join(ARTIFACTS, "authlens.stdout.log")
        self.stderr_path = os.path.join(ARTIFACTS, "authlens.stderr.log")
        env = {k: v for k, v in os.environ.items() if not k.startswith(SCRUB_PREFIXES)}
        env.update(SETTINGS)
        env.update({
            "AUTHLENS_HTTP_ADDR": "127.0.0.1:0",
            "AUTHLENS_ADMIN_ADDR": "127.0.0.1:0",
            "AUTHLENS_DATABASE_URL": "sqlite://" + os.path.join(workdir, "authlens.db"),
            "AUTHLENS_MAIL_DIR": os.path.join(workdir, "mail"),
            "SMTP_URL": smtp_url,
            "SENDER_EMAIL": "authlens@example.test",
            "AUTHLENS_READY_FILE": os.path.join(workdir, "ready.json"),
        })
        self.ready_path = env["AUTHLENS_READY_FILE"]
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.proc = subprocess.Popen([binary], cwd=workdir, env=env, stdin=subprocess.DEVNULL,
                                         stdout=out, stderr=err)
        self.http, self.admin = self._wait_for_addresses()

    def _wait_for_addresses(self, timeout=30.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit("openapi: authlens exited with %s before it started:\n%s"
                                 % (self.proc.returncode, tail(self.stderr_path)))
            try:
                with open(self.ready_path, encoding="utf-8") as f:
                    ready = json.load(f)
                return "http://" + ready["http"], "http://" + ready["admin"]
            except (OSError, ValueError, KeyError):
                pass
            with open(self.stdout_path, "rb") as f:
                for raw in f.read().splitlines():
                    try:
                        line = json.loads(raw)
                    except ValueError:
                        continue
                    if line.get("message") == "authlens started":
                        return "http://" + line["http.address"], "http://" + line["admin.address"]
            time.sleep(0.05)
        self.proc.kill()
        raise SystemExit("openapi: authlens did not log its start within %.0f s" % timeout)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                return "did not stop within 15 s of SIGTERM"
        if self.proc.returncode != 0:
            return "exited with status %d\n%s" % (self.proc.returncode, tail(self.stderr_path))
        return None


def get(url, headers=None, body=None):
    data = None
    if body is not None:
        data = json.dumps(body).encode("utf-8")
        headers = dict(headers or {}, **{"Content-Type": "application/json"})
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def check_document(service, venv_bin):
    problems = []
    result = subprocess.run([os.path.join(venv_bin, "openapi-spec-validator"), DOCUMENT],
                            capture_output=True, text=True)
    print(result.stdout.strip() or result.stderr.strip())
    if result.returncode != 0:
        problems.append("openapi-spec-validator refuses docs/openapi.yaml:\n" + result.stderr)
    with open(DOCUMENT, encoding="utf-8") as f:
        written = yaml.safe_load(f)
    status, headers, body = get(service.http + "/openapi.json")
    if status != 200:
        return problems + ["GET /openapi.json answered %d" % status]
    if json.loads(body) != written:
        problems.append("/openapi.json is not docs/openapi.yaml (rebuild build-test/authlens)")
    etag = headers.get("ETag")
    if not etag or headers.get("Cache-Control") != "public, no-cache":
        problems.append("/openapi.json lacks ETag or Cache-Control: %s" % headers)
    else:
        status, again, body = get(service.http + "/openapi.json", {"If-None-Match": etag})
        if status != 304 or body or again.get("ETag") != etag:
            problems.append("If-None-Match: %s answered %d (%d bytes), not an empty 304" % (etag, status, len(body)))
    status, headers, body = get(service.http + "/docs")
    if status != 200 or not headers.get("Content-Type", "").startswith("text/html") or not headers.get("ETag"):
        problems.append("GET /docs answered %d %s" % (status, headers))
    if not problems:
        log("the served document is docs/openapi.yaml; openapi-spec-validator accepts it; ETag and 304 work")
    return problems


def sign_up(service, mailbox_dir):
    """An account of the fuzzer's own, signed up the way a person would (register, the code from
    the mail, confirm), whose token the hooks fetch from /login for the protected operations
    (hooks.OwnAccountToken). Its password is random, so no example in the document
    can change it or delete the account."""
    hooks.MAILBOX = mailbox_dir
    email = "fuzzer@authlens.example"
    password = os.urandom(18).hex()
    status, _, body = get(service.http + "/register", body={"email": email, "password": password})
    if status != 202:
        raise SystemExit("openapi: could not register the fuzzer's account: %d %s" % (status, body[:200]))
    deadline = time.monotonic() + 15
    code = None
    while code is None and time.monotonic() < deadline:
        code = hooks.newest_code(email, "verify")
        time.sleep(0.05)
    if code is None:
        raise SystemExit("openapi: no confirmation code reached the sink for %s" % email)
    status, _, body = get(service.http + "/register/confirm",
                          body={"email": email, "code": code, "password": password})
    if status != 200:
        raise SystemExit("openapi: could not confirm the fuzzer's account: %d %s" % (status, body[:200]))
    status, _, body = get(service.http + "/login", body={"email": email, "password": password})
    if status != 200:
        raise SystemExit("openapi: the fuzzer's account cannot log in: %d %s" % (status, body[:200]))
    log("signed up %s for the protected operations" % email)
    return email, password


def run_schemathesis(service, venv_bin, mailbox_dir, max_examples, max_time):
    email, password = sign_up(service, mailbox_dir)
    env = dict(os.environ)
    env["AUTHLENS_FUZZ_EMAIL"] = email
    env["AUTHLENS_FUZZ_PASSWORD"] = password
    env["AUTHLENS_FUZZ_BASE_URL"] = service.http
    env["SCHEMATHESIS_HOOKS"] = "hooks"
    env["PYTHONPATH"] = HERE + os.pathsep + env.get("PYTHONPATH", "")
    env["AUTHLENS_FUZZ_MAILBOX"] = mailbox_dir
    report = os.path.join(ARTIFACTS, "schemathesis-junit.xml")
    command = [
        os.path.join(venv_bin, "st"), "--config-file", os.path.join(HERE, "schemathesis.toml"),
        # The file, which check_document has shown to be what the service serves: loaded from
        # /openapi.json, schemathesis would leave that operation out as the schema's own URL.
        "run", DOCUMENT, "--url", service.http,
        "--checks", "all",
        "--phases", "examples,coverage,fuzzing,stateful",
        "--seed", str(SEED),
        "--max-examples", str(max_examples),
        "--workers", "1",
        "--generation-database", "none",
        "--report", "junit", "--report-junit-path", report,
        "--no-color",
    ]
    if max_time:
        command += ["--max-time", str(max_time)]
    log("running " + " ".join(command[1:]))
    started = time.monotonic()
    output_path = os.path.join(ARTIFACTS, "schemathesis.log")
    with open(output_path, "w", encoding="utf-8") as out:
        proc = subprocess.Popen(command, cwd=ARTIFACTS, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        # The run must fit CI's budget: past it, it is stopped and fails (a slower service, or
        # more examples than the machine can take, shows up here rather than as a slow CI).
        watchdog = threading.Timer(FUZZ_BUDGET_S, proc.kill)
        watchdog.start()
        for line in proc.stdout:
            out.write(line)
            sys.stdout.write(line)
        proc.wait()
        watchdog.cancel()
    if time.monotonic() - started >= FUZZ_BUDGET_S:
        return ["schemathesis did not finish within %d s (stopped)" % FUZZ_BUDGET_S]
    log("schemathesis finished in %.0f s with status %d (output: %s)"
        % (time.monotonic() - started, proc.returncode, os.path.relpath(output_path, ROOT)))
    return [] if proc.returncode == 0 else ["schemathesis found failures (status %d)" % proc.returncode]


class OfflineChromium(Chromium):
    """The observability suite's headless Chromium (fresh profile, nothing phoning home), with
    a proxy that does not exist for everything but loopback: the page gets no asset from
    elsewhere."""

    FLAGS = Chromium.FLAGS + ["--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=127.0.0.1"]


def check_page(service):
    if not (shutil.which("chromium") or os.access(Chromium.BINARY, os.X_OK)):
        return ["chromium is not installed (Debian package chromium)"]
    chromium = OfflineChromium(ARTIFACTS)
    url = service.http + "/docs"
    # Swagger UI fetches /openapi.json and renders after the page loads: give it the time.
    dom = chromium._run(["--dump-dom", "--virtual-time-budget=15000"], url)
    with open(os.path.join(ARTIFACTS, "docs-page.html"), "w", encoding="utf-8") as f:
        f.write(dom)
    problems = []
    for method, path in OPERATIONS:
        block = 'class="opblock opblock-%s' % method
        marker = 'data-path="%s"' % path
        # Each operation is a block of its method's class holding the path.
        found = any(marker in part.split('class="opblock opblock-')[0]
                    for part in dom.split(block)[1:])
        if not found:
            problems.append("/docs does not render %s %s" % (method.upper(), path))
    if "authlens" not in dom:
        problems.append("/docs does not show the document's title")
    if not problems:
        log("/docs renders all %d operations with no outside asset" % len(OPERATIONS))
    if os.path.exists(SCREENSHOT):
        os.remove(SCREENSHOT)
    chromium._run(["--screenshot=" + SCREENSHOT, "--window-size=1280,1800",
                   "--virtual-time-budget=15000"], url)
    if not os.path.isfile(SCREENSHOT) or os.path.getsize(SCREENSHOT) < 20000:
        problems.append("no screenshot of /docs at %s" % SCREENSHOT)
    else:
        log("screenshot: %s" % os.path.relpath(SCREENSHOT, ROOT))
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.environ.get("AUTHLENS_BIN", os.path.join(ROOT, "build-test", "authlens")))
    parser.add_argument("--max-examples", type=int, default=int(os.environ.get("AUTHLENS_FUZZ_EXAMPLES", "50")))
    parser.add_argument("--max-time", type=int, default=int(os.environ.get("AUTHLENS_FUZZ_MAX_TIME", "0")))
    parser.add_argument("--skip", default="", help="comma list of: document, fuzz, page")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    venv_bin = os.path.dirname(sys.executable)

    os.makedirs(ARTIFACTS, exist_ok=True)
    for name in os.listdir(ARTIFACTS):
        path = os.path.join(ARTIFACTS, name)
        shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)
    workdir = tempfile.mkdtemp(prefix="authlens-openapi-")
    mailbox_dir = os.path.join(workdir, "mailbox")
    os.makedirs(mailbox_dir)
    mailbox = Mailbox(mailbox_dir)
    smtp_url = mailbox.start()
    service = Service(os.path.abspath(args.binary), workdir, smtp_url)
    log("authlens at %s (admin %s), mail sink at %s, database %s/authlens.db"
        % (service.http, service.admin, smtp_url, workdir))
    problems = []
    try:
        if "document" not in skip:
            problems += check_document(service, venv_bin)
        if "fuzz" not in skip:
            problems += run_schemathesis(service, venv_bin, mailbox_dir, args.max_examples, args.max_time)
            log("the sink received %d messages" % mailbox.count)
        if "page" not in skip:
            problems += check_page(service)
    finally:
        stopped = service.stop()
        if stopped:
            problems.append("authlens " + stopped)
        mailbox.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    for problem in problems:
        print("openapi: FAIL " + problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
